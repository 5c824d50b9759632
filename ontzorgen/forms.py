"""Forms of ontzorgen, begeleiding and participation. They validate input; `ontzorgen.services` writes."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from inburgering.concurrency import VersieFormMixin
from inburgering.formhulp import helper
from intake.forms import DATE, textarea
from intake.models import Participatietrede

from . import rules, services
from .models import (
    MaatschappelijkeBegeleiding,
    Ontzorgen,
    OntzorgenEvaluatie,
    ParticipatieActiviteit,
    TrainingFinancieleZelfredzaamheid,
    Uitstroom,
    VasteLast,
    VasteLastSoort,
)


class VersieMixin(VersieFormMixin):
    """The hidden `versie` of the row; 0 on a form that makes it, so a row made meanwhile is a conflict."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("versie", 0)


def decimaal(**attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", **attrs})


class BedragField(forms.DecimalField):
    """An amount as a Dutch user types it ('1.234,56', '€ 950'); shown as '1234,56'."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 9)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0.01"))
        kwargs.setdefault("localize", True)
        kwargs.setdefault("widget", decimaal(**{"class": "app-input--bedrag"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return rules.parse_bedrag(str(value))
        except ValueError as exc:
            raise ValidationError("Vul een bedrag in, bijvoorbeeld 1.234,56.", code="invalid") from exc


def _pip_keuze(form, veld: str, casus, versies, huidige):
    f = form.fields[veld]
    f.queryset = versies
    f.label_from_instance = lambda v: f"PIP versie {v.versie} (dagtekening {v.dagtekening:%d-%m-%Y})"
    f.empty_label = "Geen (nog geen vastgesteld PIP)" if not versies else "Geen"
    if form.instance.pk is None and huidige is not None:
        form.initial.setdefault(veld, huidige.pk)


class OntzorgenForm(VersieMixin, forms.ModelForm):
    class Meta:
        model = Ontzorgen
        fields = services.ONTZORGEN_VELDEN
        widgets = {"bijstand_vanaf": DATE, "beschikking_datum": DATE}
        help_texts = {
            "verblijfsvergunning_asiel": "Financieel ontzorgen geldt alleen met een asielvergunning (art. 13-1-a).",
        }

    def __init__(self, *args, casus, versies, huidige_pip=None, **kwargs):
        super().__init__(*args, **kwargs)
        _pip_keuze(self, "pip_versie", casus, versies, huidige_pip)
        self.helper = helper(
            ("Grondslag", ("verblijfsvergunning_asiel", "bijstand_vanaf", "beschikking_datum")),
            ("Afspraken in het PIP", ("pip_versie",)),
        )

    def service_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in services.ONTZORGEN_VELDEN}


class VasteLastForm(VersieFormMixin, forms.ModelForm):
    bedrag = BedragField(label="Bedrag (in euro)", help_text="Bijvoorbeeld 650,00")

    class Meta:
        model = VasteLast
        fields = services.VASTE_LAST_VELDEN
        widgets = {"startdatum": DATE, "einddatum": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        soorten = VasteLastSoort.objects.filter(actief=True)
        if self.instance.pk:
            soorten = VasteLastSoort.objects.filter(actief=True) | VasteLastSoort.objects.filter(
                pk=self.instance.soort_id
            )
        self.fields["soort"].queryset = soorten.distinct()
        self.fields["soort"].empty_label = "Kies een soort"
        self.helper = helper()

    def service_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in services.VASTE_LAST_VELDEN}


class _VasteLastenBase(forms.BaseFormSet):
    """Rows of fixed costs on the start screen: a row left as it was offered is skipped."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "empty_permitted": True}

    def regel_forms(self) -> list[VasteLastForm]:
        return [f for f in self.forms if f.cleaned_data and f.has_changed()]

    def regels(self) -> list[dict]:
        return [f.service_data() for f in self.regel_forms()]


VasteLastenFormSet = forms.formset_factory(VasteLastForm, formset=_VasteLastenBase, extra=0, max_num=30)


def vaste_lasten_formset(data=None, *, soorten=()):
    """The formset with one row for each default kind (huur, energie, water, zorgverzekering)."""
    initial = [{"soort": s.pk, "frequentie": VasteLast.Frequentie.MAAND} for s in soorten]
    return VasteLastenFormSet(data, prefix="lasten", initial=initial)


class MachtigingForm(VersieMixin, forms.ModelForm):
    class Meta:
        model = Ontzorgen
        fields = services.MACHTIGING_VELDEN
        widgets = {
            "machtiging": forms.RadioSelect,
            "machtiging_datum": DATE,
            "machtiging_toelichting": textarea(),
        }
        labels = {"machtiging": "Status van de machtiging"}
        help_texts = {
            "machtiging_datum": "De dag waarop de machtiging is gevraagd, afgegeven, geweigerd of ingetrokken.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()

    def service_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in services.MACHTIGING_VELDEN}


class EvaluatieForm(VersieMixin, forms.ModelForm):
    class Meta:
        model = OntzorgenEvaluatie
        fields = ("datum", "besluit", "tot", "motivering")
        widgets = {"datum": DATE, "tot": DATE, "besluit": forms.RadioSelect, "motivering": textarea(5)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["besluit"].choices = [c for c in self.fields["besluit"].choices if c[0]]
        self.helper = helper()

    def service_kwargs(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("datum", "besluit", "tot", "motivering")}


class TrainingForm(VersieMixin, forms.ModelForm):
    class Meta:
        model = TrainingFinancieleZelfredzaamheid
        fields = services.TRAINING_VELDEN
        widgets = {"startdatum": DATE, "einddatum": DATE, "toelichting": textarea()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()

    def service_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in services.TRAINING_VELDEN}


class BegeleidingForm(VersieMixin, forms.ModelForm):
    class Meta:
        model = MaatschappelijkeBegeleiding
        fields = services.BEGELEIDING_VELDEN
        widgets = {
            "startdatum": DATE,
            "einddatum": DATE,
            "afgesloten_op": DATE,
            "eindverslag": textarea(6),
            "uren": decimaal(),
        }
        localized_fields = ("uren",)
        help_texts = {
            "uren": "Bij de Z-route tellen deze uren mee als participatie-uren.",
            "afgesloten_op": "Vul in als de begeleiding klaar is; dan is het afsluitend verslag verplicht.",
        }

    def __init__(self, *args, casus, versies, huidige_pip=None, **kwargs):
        super().__init__(*args, **kwargs)
        _pip_keuze(self, "pip_versie", casus, versies, huidige_pip)
        if self.instance.pk is None:
            self.initial.setdefault("aanbieder", "Vluchtelingenwerk")
        self.helper = helper(
            ("Begeleiding", ("aanbieder", "startdatum", "einddatum", "pip_versie")),
            (
                "Onderdelen",
                ("praktische_hulp", "informatie_samenleving", "kennismaking_omgeving", "overige_onderdelen"),
            ),
            ("Uren en afsluiting", ("uren", "eindverslag", "afgesloten_op")),
        )

    def service_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in services.BEGELEIDING_VELDEN}


class ActiviteitForm(VersieMixin, forms.ModelForm):
    class Meta:
        model = ParticipatieActiviteit
        fields = services.ACTIVITEIT_VELDEN
        widgets = {"startdatum": DATE, "einddatum": DATE, "uren_per_week": decimaal(), "uren": decimaal()}
        localized_fields = ("uren_per_week", "uren")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].choices = [("", "Kies een soort activiteit")] + list(ParticipatieActiviteit.Soort.choices)
        self.helper = helper(
            ("Activiteit", ("soort", "aanbieder", "omschrijving", "nederlandstalig")),
            ("Periode en uren", ("startdatum", "einddatum", "uren_per_week", "uren")),
        )

    def service_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in services.ACTIVITEIT_VELDEN}


class TredeForm(forms.Form):
    vorige_meting = forms.IntegerField(widget=forms.HiddenInput, required=False)
    trede = forms.TypedChoiceField(
        label="Trede op de participatieladder", choices=Participatietrede.choices, coerce=int, widget=forms.RadioSelect
    )
    datum = forms.DateField(label="Datum van de meting", widget=DATE)
    toelichting = forms.CharField(label="Toelichting", required=False, widget=textarea())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()


class UitstroomForm(VersieMixin, forms.ModelForm):
    class Meta:
        model = Uitstroom
        fields = services.UITSTROOM_VELDEN
        widgets = {"datum": DATE, "soort": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].choices = [c for c in self.fields["soort"].choices if c[0]]
        self.helper = helper()

    def service_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in services.UITSTROOM_VELDEN}
