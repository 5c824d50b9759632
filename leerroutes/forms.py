"""Forms of the leerroutes. They validate input; `leerroutes.services` writes."""

from __future__ import annotations

from django import forms
from django.conf import settings

from inburgering.concurrency import VersieFormMixin
from inburgering.formhulp import helper
from pip.rules import ASIEL, B1_ROUTE

from . import rules
from .models import (
    MAP_THEMAS,
    Examen,
    Inburgeringsaanbod,
    MapPraktijkonderdeel,
    MapTraject,
    Participatieaanbieder,
    PvtSessie,
    PvtTraject,
    Taalaanbieder,
    Urenregistratie,
    Voortgangsgesprek,
)
from .services import GESPREK_VELDEN, MAP_VELDEN, PVT_VELDEN

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
MAAND_FORMATEN = ["%Y-%m", "%Y-%m-%d", "%m-%Y", "%d-%m-%Y"]


def textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class MaandField(forms.DateField):
    widget = MONTH

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", MAAND_FORMATEN)
        kwargs.setdefault("help_text", "Bijvoorbeeld 2024-03 voor maart 2024.")
        super().__init__(**kwargs)

    def clean(self, value):
        datum = super().clean(value)
        return rules.maand_van(datum) if datum else datum


class UrenField(forms.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 6)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("localize", True)  # a decimal comma: 12,5
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")


class NieuwOfVersieMixin(VersieFormMixin):
    """The version the user started from; 0 on a form that makes the row, so a row made meanwhile is a conflict."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.instance.pk:
            self.initial["versie"] = 0


def pip_stand_veld() -> forms.IntegerField:
    """Hidden: the number of the latest PIP version when the form was opened (see services._controleer_pip_stand)."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False)


class AanbodForm(VersieFormMixin, forms.ModelForm):
    taalaanbieder = forms.ModelChoiceField(
        queryset=Taalaanbieder.objects.filter(actief=True), label="Taalschool", empty_label="Kies de school"
    )
    uren_per_week = UrenField(label="Uren per week", max_digits=4, decimal_places=1, max_value=60)

    class Meta:
        model = Inburgeringsaanbod
        fields = [
            "taalaanbieder",
            "leerlingnummer",
            "startdatum",
            "verwachte_einddatum",
            "uren_per_week",
            "toelichting",
        ]
        widgets = {"startdatum": DATE, "verwachte_einddatum": DATE, "toelichting": textarea()}

    def __init__(self, *args, wijzigen=False, **kwargs):
        super().__init__(*args, **kwargs)
        if wijzigen:
            for naam in ("taalaanbieder", "startdatum"):
                del self.fields[naam]
        self.helper = helper()

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "versie"}


class AanbodBeeindigenForm(VersieFormMixin, forms.Form):
    einddatum = forms.DateField(label="Beëindigd op", widget=DATE)
    reden = forms.CharField(label="Reden", widget=textarea(2))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()


class UrenForm(forms.Form):
    soort = forms.ChoiceField(label="Soort uren", choices=Urenregistratie.Soort.choices)
    maand = MaandField(label="Maand")
    uren = UrenField(label="Aantal uren", max_value=744)
    participatieaanbieder = forms.ModelChoiceField(
        queryset=Participatieaanbieder.objects.filter(actief=True, biedt_participatie=True),
        label="Participatieaanbieder",
        required=False,
        help_text="Alleen bij participatie-uren.",
    )
    toelichting = forms.CharField(label="Toelichting", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()


class AanwezigheidForm(forms.Form):
    maand = MaandField(label="Maand")
    geplande_uren = UrenField(label="Geplande lesuren", max_value=744)
    aanwezige_uren = UrenField(label="Aanwezige uren", max_value=744)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()


class SignaalAfhandelenForm(forms.Form):
    afhandeling = forms.CharField(
        label="Wat is er met het signaal gedaan?",
        widget=textarea(3),
        help_text="Bijvoorbeeld: gesprek gevoerd, oorzaak (ziekte, kinderopvang), afspraak gemaakt.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()


class VoortgangsgesprekForm(forms.ModelForm):
    class Meta:
        model = Voortgangsgesprek
        fields = GESPREK_VELDEN
        widgets = {"datum": DATE, "toelichting": textarea(), "afspraken": textarea(4)}
        labels = {"datum": "Datum gesprek", "afspraken": "Gemaakte afspraken"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(
            ("Gesprek", ("datum",)),
            (
                "Wie waren er bij?",
                ("met_inburgeraar", "met_consultant", "met_tolk", "mentor_school", "overige_deelnemers"),
            ),
            (
                "Voortgang per vaardigheid",
                (
                    "voortgang_lezen",
                    "voortgang_luisteren",
                    "voortgang_schrijven",
                    "voortgang_spreken",
                    "voortgang_knm",
                    "voortgang_participatie",
                    "toelichting",
                ),
            ),
            ("Afspraken", ("afspraken",)),
        )

    def service_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in GESPREK_VELDEN}


class VoortgangsgesprekWijzigenForm(VersieFormMixin, VoortgangsgesprekForm):
    """A recorded talk corrected; the hidden `versie` is the version the user started from."""


class ExamenForm(forms.Form):
    onderdeel = forms.ChoiceField(label="Examenonderdeel", choices=Examen.Onderdeel.choices)
    niveau = forms.ChoiceField(label="Niveau", choices=[("", "Geen (KNM)"), *Examen.Niveau.choices], required=False)
    datum = forms.DateField(label="Examendatum", widget=DATE)
    resultaat = forms.ChoiceField(label="Resultaat", choices=Examen.Resultaat.choices, widget=forms.RadioSelect)
    reden_geen_resultaat = forms.ChoiceField(
        label="Reden geen resultaat",
        choices=[("", "Niet van toepassing"), *Examen.RedenGeenResultaat.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()


class SchakelenForm(forms.Form):
    pip_stand = pip_stand_veld()
    nieuwe_route = forms.ChoiceField(label="Nieuwe leerroute")
    motivatie = forms.CharField(
        label="Motivering",
        widget=textarea(4),
        help_text="Waarom past de nieuwe route beter? Wordt ook de motivering van de route in het PIP.",
    )
    geschatte_intensiteit_b1 = forms.IntegerField(
        label="Geschatte intensiteit B1-route (uren)",
        required=False,
        min_value=1,
        max_value=9999,
        help_text="Alleen voor een asielstatushouder die naar de B1-route gaat.",
    )

    def __init__(self, *args, casus, huidige_route, **kwargs):
        super().__init__(*args, **kwargs)
        from intake.models import Leerroute

        self.fields["nieuwe_route"].choices = [c for c in Leerroute.choices if c[0] != huidige_route]
        if casus.doelgroep not in ASIEL:
            del self.fields["geschatte_intensiteit_b1"]
        self.helper = helper()

    def clean(self):
        data = super().clean()
        if (
            "geschatte_intensiteit_b1" in self.fields
            and data.get("nieuwe_route") == B1_ROUTE
            and not data.get("geschatte_intensiteit_b1")
        ):
            self.add_error("geschatte_intensiteit_b1", "Geef de geschatte intensiteit van de B1-route.")
        return data


class AfschalenForm(forms.Form):
    pip_stand = pip_stand_veld()
    onderdelen = forms.MultipleChoiceField(
        label="Examenonderdelen naar A2",
        choices=[c for c in Examen.Onderdeel.choices if c[0] != rules.KNM],
        widget=forms.CheckboxSelectMultiple,
    )
    motivatie = forms.CharField(
        label="Motivering",
        widget=textarea(4),
        help_text="Welke inspanning heeft de persoon geleverd, en waarom is B1 voor deze onderdelen niet haalbaar?",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()


class MapForm(NieuwOfVersieMixin, forms.ModelForm):
    aanbieder = forms.ModelChoiceField(
        queryset=Participatieaanbieder.objects.filter(actief=True, biedt_map=True), label="Aanbieder MAP"
    )

    class Meta:
        model = MapTraject
        fields = MAP_VELDEN
        widgets = {"startdatum": DATE, "eindgesprek_op": DATE, "toelichting": textarea()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(
            ("MAP", ("aanbieder", "startdatum")),
            ("Thema's", tuple(f"thema_{c}" for c, _ in MAP_THEMAS)),
            ("Afronding", ("eindgesprek_op", "toelichting")),
        )
        self.fields["eindgesprek_op"].help_text = "Pas invullen als het eindgesprek is gehouden; DUO krijgt deze datum."

    def service_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in MAP_VELDEN}


class PraktijkForm(forms.ModelForm):
    uren = UrenField(label="Uren", max_value=9999)

    class Meta:
        model = MapPraktijkonderdeel
        fields = ["omschrijving", "organisatie", "van", "tot", "uren"]
        widgets = {"van": DATE, "tot": DATE}


PraktijkFormSet = forms.inlineformset_factory(
    MapTraject, MapPraktijkonderdeel, form=PraktijkForm, extra=1, can_delete=True, max_num=10
)


class PvtForm(NieuwOfVersieMixin, forms.ModelForm):
    aanbieder = forms.ModelChoiceField(
        queryset=Participatieaanbieder.objects.filter(actief=True, biedt_pvt=True), label="Aanbieder PVT"
    )

    class Meta:
        model = PvtTraject
        fields = PVT_VELDEN
        widgets = {
            "kernwaarden_introductie_op": DATE,
            "ondertekend_op": DATE,
            "certificaat_op": DATE,
            "toelichting": textarea(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(
            ("PVT", ("aanbieder", "kernwaarden_introductie_op")),
            ("Afronding", ("ondertekend_op", "certificaat_op", "toelichting")),
        )

    def service_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in PVT_VELDEN}


class SessieForm(forms.ModelForm):
    uren = UrenField(label="Uren", max_value=99)

    class Meta:
        model = PvtSessie
        fields = ["soort", "datum", "uren", "omschrijving"]
        widgets = {"datum": DATE}


SessieFormSet = forms.inlineformset_factory(
    PvtTraject, PvtSessie, form=SessieForm, extra=1, can_delete=True, max_num=40
)


def rijen_uit_formset(formset, velden) -> list[dict]:
    rows = []
    for f in formset.forms:
        if not f.cleaned_data or f.cleaned_data.get("DELETE"):
            continue
        if not f.has_changed() and not f.instance.pk:
            continue
        rows.append({"id": f.instance.pk, **{k: f.cleaned_data.get(k) for k in velden}})
    return rows


class ZrouteForm(forms.Form):
    eindgesprek_op = forms.DateField(label="Datum eindgesprek", widget=DATE)
    verslag = forms.CharField(label="Verslag van het eindgesprek", widget=textarea(5))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()


class ImportForm(forms.Form):
    taalaanbieder = forms.ModelChoiceField(
        queryset=Taalaanbieder.objects.filter(actief=True), label="Taalschool", empty_label="Kies de school"
    )
    bestand = forms.FileField(
        label="CSV-bestand",
        help_text="Kolommen: leerlingnummer;maand;nt2_uren;knm_uren;geplande_uren;aanwezige_uren",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if bestand.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError("Het bestand is te groot.")
        if not bestand.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("Kies een CSV-bestand (.csv).")
        return bestand
