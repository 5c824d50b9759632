"""Forms of handhaving. They validate input; `handhaving.services` writes and checks the preconditions."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from inburgering.formhulp import helper
from intake.forms import DATE, textarea

from . import rules
from .models import Gevolg, Soort, Uitkomst, Verwijtbaarheid, Zienswijze


class Formulier(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for veld in self.fields.values():
            if isinstance(veld.widget, forms.DateInput) and veld.initial is None:
                veld.initial = timezone.localdate()
        self.helper = helper()

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class Stapformulier(Formulier):
    """A step on an existing procedure or bezwaar: the hidden `versie` is the version the form was opened on.

    The view sets it; the service refuses the step (the Dutch conflict message) when the procedure or
    bezwaar moved since, so a step submitted twice or by two consultants at once takes effect once.
    """

    versie = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _datum(label="Datum", help_text=""):
    return forms.DateField(label=label, widget=DATE, help_text=help_text)


def _tekst(label, help_text="", required=True, rows=4):
    return forms.CharField(label=label, widget=textarea(rows), help_text=help_text, required=required)


def _bedrag(label, help_text="", required=False):
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=8,
        decimal_places=2,
        min_value=0,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class SignaalForm(Formulier):
    soort = forms.ChoiceField(
        label="Soort overtreding",
        choices=Soort.choices,
        widget=forms.RadioSelect,
        help_text="Een verplichting uit de Participatiewet (ook de machtiging voor ontzorgen) wordt doorgezet naar "
        "de Participatiewet: daarvoor geldt geen inburgeringsboete.",
    )
    datum_constatering = _datum("Datum van de overtreding")
    feiten = _tekst("Wat is er gebeurd?", "De feiten: wat, wanneer, welke afspraak of oproep.", rows=5)


class VerwijtbaarheidForm(Stapformulier):
    verwijtbaarheid = forms.ChoiceField(
        label="Mate van verwijtbaarheid",
        choices=Verwijtbaarheid.choices,
        widget=forms.RadioSelect,
        help_text="Geen verwijtbaarheid: geen boete, de procedure stopt.",
    )
    motivering = _tekst(
        "Motivering", "Waarom valt dit de inburgeraar (niet) te verwijten? Denk aan ziekte, zorg, taal en begrip."
    )
    datum = _datum("Datum van de beoordeling")


class WaarschuwingForm(Stapformulier):
    datum = _datum("Verstuurd op")
    inhoud = _tekst(
        "Inhoud van de waarschuwing", "Welke verplichting, wat de inburgeraar moet doen, en wat er anders gebeurt."
    )


class VoornemenForm(Stapformulier):
    datum = _datum("Voornemen verstuurd op")
    bedrag = _bedrag(
        "Lager bedrag (optioneel)",
        "Alleen bij bijzondere omstandigheden; leeg laten voor het bedrag volgens de boeteladder.",
    )
    verlaging_motivering = _tekst("Motivering lager bedrag", required=False, rows=3)

    def service_data(self):
        return {
            "datum": self.cleaned_data["datum"],
            "bedrag": self.cleaned_data.get("bedrag"),
            "verlaging_motivering": self.cleaned_data.get("verlaging_motivering", ""),
            "versie": self.cleaned_data.get("versie"),
        }


class ZienswijzeForm(Stapformulier):
    soort = forms.ChoiceField(label="Reactie van de inburgeraar", choices=Zienswijze.choices, widget=forms.RadioSelect)
    datum = _datum()
    samenvatting = _tekst(
        "Samenvatting en wat u ermee doet",
        "Verplicht, behalve bij 'geen reactie binnen de termijn'.",
        required=False,
        rows=5,
    )


class JuridischeToetsForm(Stapformulier):
    datum = _datum("Getoetst op")
    jurist = forms.CharField(
        label="Jurist", max_length=200, help_text="Naam van de jurist die de boete heeft getoetst."
    )
    akkoord = forms.TypedChoiceField(
        label="Uitkomst",
        choices=[("ja", "Akkoord: de boete mag worden opgelegd"), ("nee", "Niet akkoord: geen boete")],
        coerce=lambda v: v == "ja",
        widget=forms.RadioSelect,
    )
    motivering = _tekst("Motivering", "Bijvoorbeeld: waarom dit een uitzonderlijk geval is.")


class OpleggenForm(Stapformulier):
    dagtekening = _datum("Dagtekening", "De datum van de boetebeschikking.")
    bedrag = _bedrag(
        "Lager bedrag (optioneel)",
        "Alleen bij bijzondere omstandigheden (bijvoorbeeld na de zienswijze); leeg laten voor het bedrag uit het voornemen.",
    )
    verlaging_motivering = _tekst("Motivering lager bedrag", required=False, rows=3)

    def service_data(self):
        return {
            "dagtekening": self.cleaned_data["dagtekening"],
            "bedrag": self.cleaned_data.get("bedrag"),
            "verlaging_motivering": self.cleaned_data.get("verlaging_motivering", ""),
            "versie": self.cleaned_data.get("versie"),
        }


class DatumMotiveringForm(Stapformulier):
    datum = _datum()
    motivering = _tekst("Motivering")


class BetaaldForm(Stapformulier):
    datum = _datum("Betaald op")
    toelichting = _tekst("Toelichting", required=False, rows=2)


class BezwaarForm(Formulier):
    beschikking = forms.ChoiceField(label="Beschikking waartegen bezwaar is gemaakt")
    ontvangen_op = _datum("Bezwaarschrift ontvangen op")
    gronden = _tekst("Gronden van het bezwaar", "Waarom is de indiener het niet eens met het besluit?", rows=5)

    def __init__(self, *args, keuzes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beschikking"].choices = [("", "Kies een beschikking")] + list(keuzes)


class BezwaarHorenForm(Stapformulier):
    datum = forms.DateField(label="Datum hoorzitting", widget=DATE, required=False)
    verslag = _tekst("Verslag van de hoorzitting", required=False, rows=5)
    afgezien_reden = _tekst(
        "Of: reden om af te zien van horen",
        "Bijvoorbeeld: de indiener heeft afgezien van horen, of het bezwaar is kennelijk ongegrond (Awb 7:3).",
        required=False,
        rows=3,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["datum"].initial = None


class BezwaarBeslissenForm(Stapformulier):
    uitkomst = forms.ChoiceField(label="Uitkomst", choices=Uitkomst.choices, widget=forms.RadioSelect)
    beslist_op = _datum("Beslist op")
    motivering = _tekst("Motivering van de beslissing")
    gevolg = forms.ChoiceField(
        label="Wat volgt eruit",
        choices=Gevolg.choices,
        widget=forms.RadioSelect,
    )
    nieuw_bedrag = _bedrag("Nieuw bedrag (bij verlaging)")

    def __init__(self, *args, tegen: str, **kwargs):
        super().__init__(*args, **kwargs)
        if tegen == "pip":
            self.fields["gevolg"].choices = [
                (k, v) for k, v in Gevolg.choices if k in (rules.GEVOLG_GEEN, rules.NIEUWE_PIP_VERSIE)
            ]
            del self.fields["nieuw_bedrag"]
            self.fields[
                "gevolg"
            ].help_text = (
                "Bij een nieuwe PIP-versie wordt een concept gemaakt (reden: overig) dat u daarna bewerkt en vaststelt."
            )
        else:
            self.fields["gevolg"].choices = [(k, v) for k, v in Gevolg.choices if k != rules.NIEUWE_PIP_VERSIE]
            self.fields[
                "gevolg"
            ].help_text = "Bij een ingetrokken boete sluit de procedure; een verlaagde boete blijft open."

    def service_data(self):
        data = dict(self.cleaned_data)
        data.setdefault("nieuw_bedrag", None)
        return data
