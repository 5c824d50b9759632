"""Filter and export forms of the dashboards. Choices are limited to what the user may see."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils.functional import cached_property

from cases.models import Doelgroep
from inburgering.models import Gebruiker, Gemeente, Team
from inburgering.regels import WET_START

from . import rules, selectors

ZONDER_COHORT = 0


def cohort_keuzes(vandaag: dt.date) -> list[tuple[str, str]]:
    jaren = range(vandaag.year, WET_START.year - 2, -1)
    return (
        [("", "Alle cohorten")]
        + [(str(j), f"Gehuisvest in {j}") for j in jaren]
        + [(str(ZONDER_COHORT), "Zonder datum")]
    )


class _Keuzes(ModelChoiceIterator):
    """The options from the field's `objecten`, not from `queryset.iterator()`.

    `iterator()` always runs a new query, on PostgreSQL with a server-side cursor (three round trips);
    the field reads its rows once and keeps them, and the KPI views use them for the targets."""

    def __init__(self, field):
        self.field = field  # not the queryset: the field builds that only when something asks for it

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.objecten:
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.objecten) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.objecten)


class _KeuzeVeld(forms.ModelChoiceField):
    """A choice of the rows a selector reads with SQL compiled once (`lezen`), read when first needed.

    The options and the check of a submitted value use those rows, so a filled-in filter costs no
    query of its own. The queryset (`bouw`) says the same in ORM terms; it is built only when asked
    for, as building it costs more Python than reading the rows."""

    iterator = _Keuzes

    def keuzes(self, model, bouw, lezen) -> None:
        self.model, self._bouw, self._lezen = model, bouw, lezen
        self._queryset = None
        self.__dict__.pop("objecten", None)
        self.widget.choices = self.choices

    @property
    def queryset(self):
        if self._queryset is None and getattr(self, "_bouw", None) is not None:
            self._queryset = self._bouw()
        return self._queryset

    @queryset.setter
    def queryset(self, queryset):
        self._bouw = None
        forms.ModelChoiceField.queryset.fset(self, queryset)

    @cached_property
    def objecten(self) -> list:
        return self._lezen()

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            pk = self.model._meta.pk.to_python(value)
        except ValidationError:
            pk = None
        gevonden = next((obj for obj in self.objecten if obj.pk == pk), None) if pk is not None else None
        if gevonden is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return gevonden


class FilterForm(forms.Form):
    """GET filters of the team dashboard and the KPI pages."""

    gemeente = _KeuzeVeld(label="Gemeente", queryset=None, required=False, empty_label="Alle gemeenten")
    team = _KeuzeVeld(label="Team", queryset=None, required=False, empty_label="Alle teams")
    consultant = _KeuzeVeld(label="Consultant", queryset=None, required=False, empty_label="Alle consultants")
    cohort = forms.TypedChoiceField(
        label="Cohort (jaar van huisvesting)", choices=(), required=False, coerce=int, empty_value=None
    )
    doelgroep = forms.ChoiceField(
        label="Doelgroep", choices=[("", "Alle doelgroepen"), *Doelgroep.choices], required=False
    )

    def __init__(self, *args, user, kpi: bool, vandaag: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        velden = self.fields
        velden["gemeente"].keuzes(
            Gemeente,
            lambda: selectors.scope_gemeenten(user, kpi=kpi),
            lambda: selectors.keuzes_gemeenten(user, kpi=kpi),
        )
        velden["team"].keuzes(
            Team, lambda: selectors.scope_teams(user, kpi=kpi), lambda: selectors.keuzes_teams(user, kpi=kpi)
        )
        if kpi and selectors.ziet_alle_gemeenten(user):
            del velden["consultant"]  # per-consultant figures are for the team lead
        else:
            velden["consultant"].keuzes(
                Gebruiker, lambda: selectors.scope_consultants(user), lambda: selectors.keuzes_consultants(user)
            )
        self.fields["cohort"].choices = cohort_keuzes(vandaag)

    def filters(self) -> selectors.Filters:
        if not self.is_bound:
            return selectors.Filters()
        d = self.cleaned_data
        return selectors.Filters(
            gemeente=d["gemeente"].pk if d.get("gemeente") else None,
            team=d["team"].pk if d.get("team") else None,
            consultant=d["consultant"].pk if d.get("consultant") else None,
            cohort=d.get("cohort"),
            doelgroep=d.get("doelgroep") or None,
        )


class LijstForm(forms.Form):
    """What the list behind a number is about (hidden in links; validated like the filters)."""

    bron = forms.ChoiceField(choices=[("team", "team"), ("kpi", "kpi")], required=False)
    fase = forms.ChoiceField(choices=[("", "")] + list(rules.FASEN), required=False)
    termijn = forms.ChoiceField(
        choices=[("", ""), (rules.TE_LAAT, "te laat"), (rules.DEZE_WEEK, "deze week")], required=False
    )
    kpi = forms.ChoiceField(choices=[("", "")] + [(k.code, k.titel) for k in rules.VENSTER_KPIS], required=False)
    uitkomst = forms.ChoiceField(choices=[("", "")] + [(u, u) for u in selectors.UITKOMST_KEUZES], required=False)
    route = forms.ChoiceField(choices=[("", "")] + list(rules.ROUTES), required=False)
    kenmerk = forms.ChoiceField(
        choices=[("", "")] + [(k, v[0]) for k, v in selectors.KENMERKEN.items()], required=False
    )
    zonder_consultant = forms.BooleanField(required=False)

    def vraag(self) -> selectors.LijstVraag:
        d = self.cleaned_data
        return selectors.LijstVraag(
            bron=d.get("bron") or "team",
            fase=d.get("fase") or None,
            termijn=d.get("termijn") or None,
            kpi=d.get("kpi") or None,
            uitkomst=d.get("uitkomst") or None,
            route=d.get("route") or None,
            kenmerk=d.get("kenmerk") or None,
            zonder_consultant=bool(d.get("zonder_consultant")),
        )


class CbsExportForm(forms.Form):
    gemeente = forms.ModelChoiceField(label="Gemeente", queryset=None, empty_label=None)
    jaar = forms.TypedChoiceField(label="Jaar", choices=(), coerce=int)
    kwartaal = forms.TypedChoiceField(
        label="Kwartaal", choices=[(str(k), f"Kwartaal {k}") for k in (1, 2, 3, 4)], coerce=int
    )

    def __init__(self, *args, user, vandaag: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = selectors.scope_gemeenten(user, kpi=False)
        self.fields["jaar"].choices = [(str(j), str(j)) for j in range(vandaag.year, WET_START.year - 1, -1)]
        jaar, k = rules.vorig_kwartaal(vandaag)
        self.fields["jaar"].initial = str(jaar)
        self.fields["kwartaal"].initial = str(k)
        self.vandaag = vandaag

    def clean(self):
        d = super().clean()
        if d.get("jaar") and d.get("kwartaal"):
            start, _ = rules.kwartaal_grenzen(d["jaar"], d["kwartaal"])
            if start > self.vandaag:
                raise forms.ValidationError("Dit kwartaal is nog niet begonnen.")
        return d


class MonitoringExportForm(forms.Form):
    gemeente = forms.ModelChoiceField(label="Gemeente", queryset=None, required=False, empty_label="Alle gemeenten")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = selectors.scope_gemeenten(user, kpi=True)
