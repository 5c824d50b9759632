"""Forms of the SPUK. They validate input; `spuk.services` writes."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from inburgering.formhulp import helper

from . import rules
from .models import JAAR_VALIDATORS, Voorziening


class BedragField(forms.CharField):
    """An amount typed the Dutch way (1.250,00); cleaned to an exact Decimal in cents."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return rules.parse_bedrag(value)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from exc


class GemeenteKeuzeForm(forms.Form):
    """The filter above the report: one gemeente or all visible gemeenten together, and a year."""

    gemeente = forms.ModelChoiceField(queryset=None, required=False, empty_label="Alle gemeenten (totaal)")
    jaar = forms.TypedChoiceField(coerce=int, required=False, label="Jaar in het overzicht per gemeente")

    def __init__(self, *args, gemeenten, jaren=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten
        if jaren:
            self.fields["jaar"].choices = [(j, str(j)) for j in jaren]
        else:
            del self.fields["jaar"]


class UitgaveForm(forms.Form):
    gemeente = forms.ModelChoiceField(queryset=None, empty_label=None)
    voorziening = forms.ChoiceField(choices=Voorziening.choices)
    jaar = forms.IntegerField(label="Begrotingsjaar", validators=JAAR_VALIDATORS, help_text="Het jaar van de uitgave.")
    cohort = forms.IntegerField(
        label="Cohort (huisvestingsjaar)",
        required=False,
        validators=JAAR_VALIDATORS,
        help_text="Het jaar van huisvesting van de mensen voor wie de uitgave is. Leeg: niet toe te rekenen.",
    )
    bedrag = BedragField(
        label="Bedrag (euro)", help_text="Bijvoorbeeld 1.250,00. Een creditering of correctie is negatief: -250,00."
    )
    omschrijving = forms.CharField(
        max_length=300, help_text="Bijvoorbeeld het factuurnummer en de leverancier. Geen namen van inburgeraars."
    )

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten
        self.helper = helper()


class PrognoseForm(forms.Form):
    """Per year the huisvestingstaakstelling and the expected gezins- and overige migranten.

    Fields `taakstelling_<jaar>` and `migranten_<jaar>`; a year left empty has no forecast. The
    hidden `versie_<jaar>` holds the version of the year's row the user started from (0: no row),
    for optimistic locking.
    """

    def __init__(self, *args, jaren: list[int], bestaand: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.jaren = jaren
        for jaar in jaren:
            p = bestaand.get(jaar)
            self.fields[f"taakstelling_{jaar}"] = forms.IntegerField(
                label=f"Huisvestingstaakstelling {jaar}",
                required=False,
                min_value=0,
                max_value=100_000,
                initial=p.huisvestingstaakstelling if p else None,
                widget=forms.NumberInput(attrs={"class": "app-input--getal"}),
            )
            self.fields[f"migranten_{jaar}"] = forms.IntegerField(
                label=f"Verwachte gezins- en overige migranten {jaar}",
                required=False,
                min_value=0,
                max_value=100_000,
                initial=p.gezinsmigranten if p else None,
                widget=forms.NumberInput(attrs={"class": "app-input--getal"}),
            )
            self.fields[f"versie_{jaar}"] = forms.IntegerField(
                required=False, widget=forms.HiddenInput, initial=p.versie if p else 0
            )

    def rijen(self):
        """(jaar, [taakstelling field, migranten field]) for the template's table."""
        return [(j, [self[f"taakstelling_{j}"], self[f"migranten_{j}"]]) for j in self.jaren]

    def clean(self):
        data = super().clean()
        for jaar in self.jaren:
            t, m = data.get(f"taakstelling_{jaar}"), data.get(f"migranten_{jaar}")
            if t is None and m is not None and f"taakstelling_{jaar}" not in self.errors:
                self.add_error(f"taakstelling_{jaar}", f"Vul de taakstelling van {jaar} in (0 als er geen is).")
        return data

    def prognose(self) -> dict[int, tuple[int, int] | None]:
        """Year → (taakstelling, migranten), or None for a year left empty."""
        uit = {}
        for jaar in self.jaren:
            t = self.cleaned_data.get(f"taakstelling_{jaar}")
            m = self.cleaned_data.get(f"migranten_{jaar}")
            uit[jaar] = None if t is None else (t, m or 0)
        return uit

    def versies(self) -> dict[int, int | None]:
        """Year → the version the user started from (None: not sent, nothing to check)."""
        return {jaar: self.cleaned_data.get(f"versie_{jaar}") for jaar in self.jaren}
