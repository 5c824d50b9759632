"""Forms of the meldingen to DUO. They validate input; `duo.services` checks DUO's rules and writes."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms

from inburgering.models import Gebruiker

from . import rules
from .models import Bericht, Opleidingsinstelling

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
VERWIJTBAAR = [("", "Niet opgeven"), (rules.JA, "Ja, verwijtbaar"), (rules.NEE, "Nee, niet verwijtbaar")]


class MeldingForm(forms.Form):
    soort: str = ""
    titel: str = ""
    uitleg: str = ""

    def __init__(self, *args, casus, gebruiker=None, **kwargs):
        self.casus, self.gebruiker = casus, gebruiker
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class PipMeldingForm(MeldingForm):
    soort = Bericht.Soort.PIP
    titel = "PIP melden aan DUO"
    uitleg = (
        "De vastgestelde PIP-versie gaat naar DUO (leerroute, niveau, dagtekening). DUO start daarmee de "
        "inburgeringstermijn. Wat DUO zou weigeren, wordt niet verstuurd."
    )
    versie = forms.ModelChoiceField(queryset=None, label="PIP-versie", empty_label=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from pip.models import PipVersie

        self.fields["versie"].queryset = PipVersie.objects.filter(
            casus=self.casus, status=PipVersie.Status.VASTGESTELD
        ).order_by("-versie")
        self.fields["versie"].label_from_instance = lambda v: (
            f"Versie {v.versie}: {v.get_leerroute_display()}, dagtekening {v.dagtekening:%d-%m-%Y}"
        )


class MapPvtMeldingForm(MeldingForm):
    datum = forms.DateField(required=False, widget=DATE)
    verwijtbaar = forms.ChoiceField(
        choices=VERWIJTBAAR,
        required=False,
        help_text="Alleen bij een overschreden inburgeringstermijn (ja), of een termijn die binnen twee maanden "
        "eindigt (nee).",
    )


class MapMeldingForm(MapPvtMeldingForm):
    soort = Bericht.Soort.MAP
    titel = "Eindgesprek MAP melden aan DUO"
    uitleg = "De datum van het eindgesprek van de Module Arbeidsmarkt en Participatie. Leeg: een eerder gemelde datum intrekken."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["datum"].label = "Datum eindgesprek MAP"


class PvtMeldingForm(MapPvtMeldingForm):
    soort = Bericht.Soort.PVT
    titel = "Ondertekening participatieverklaring melden aan DUO"
    uitleg = "De datum waarop de participatieverklaring is ondertekend. Leeg: een eerder gemelde datum intrekken."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["datum"].label = "Datum ondertekening PVT"


class ZrouteMeldingForm(MeldingForm):
    soort = Bericht.Soort.ZROUTE
    titel = "Afronding Z-route melden aan DUO"
    uitleg = "De datum waarop de Z-route is afgerond (eindgesprek en certificaat)."
    datum = forms.DateField(label="Datum afronding Z-route", widget=DATE)


class UrenMeldingForm(MeldingForm):
    soort = "uren"
    titel = "Gevolgde uren melden aan DUO"
    uitleg = "Het totaal aantal gevolgde uren van één soort tot nu toe (DUO vervangt het vorige totaal)."
    urensoort = forms.ChoiceField(
        label="Soort uren",
        choices=[
            (rules.UREN_TAALLES, Bericht.Soort.UREN_TAALLES.label),
            (rules.UREN_BREDE_INTAKE, Bericht.Soort.UREN_BREDE_INTAKE.label),
            (rules.UREN_PARTICIPATIE, Bericht.Soort.UREN_PARTICIPATIE.label),
        ],
    )
    uren = forms.IntegerField(label="Totaal aantal uren", min_value=0, max_value=rules.UREN_MAX)


class ContactpersoonMeldingForm(MeldingForm):
    soort = Bericht.Soort.CONTACTPERSOON_KOPPELEN
    titel = "Contactpersoon melden aan DUO"
    uitleg = "De consultant die DUO en de ketenpartners voor vragen over deze inburgeraar benaderen."
    gebruiker = forms.ModelChoiceField(queryset=None, label="Contactpersoon", empty_label=None)
    naam = forms.CharField(max_length=100)
    email = forms.EmailField(label="E-mailadres", max_length=241)
    telefoon = forms.CharField(label="Telefoonnummer", max_length=22)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gebruiker"].queryset = Gebruiker.objects.filter(teams=self.casus.team_id).distinct()


class AanbodMeldingForm(MeldingForm):
    soort = Bericht.Soort.AANBOD
    titel = "Inburgeringsaanbod melden aan DUO"
    uitleg = (
        "De cursus of opleiding die de gemeente aanbiedt, bij een instelling met keurmerk (alleen voor een "
        "asielstatushouder). Per instelling vervangt een nieuwe melding de vorige."
    )
    instelling = forms.ModelChoiceField(
        queryset=Opleidingsinstelling.objects.all(),
        label="Instelling (lijst van DUO)",
        to_field_name="instellingsnummer",
    )
    datum_aanbod = forms.DateField(label="Datum inburgeringsaanbod", required=False, widget=DATE)
    start = forms.DateField(label="Verwachte startdatum opleiding", required=False, widget=DATE)
    einde = forms.DateField(label="Verwachte einddatum opleiding", required=False, widget=DATE)
    alfabetisering = forms.ChoiceField(
        label="Alfabetiseringsonderwijs",
        choices=[
            ("NVT", "Niet van toepassing"),
            ("A", "Onderwijs voor analfabeet"),
            ("AA", "Onderwijs voor anders-gealfabetiseerde"),
        ],
    )


class LbtOvergeslagenForm(MeldingForm):
    soort = Bericht.Soort.LBT_OVERGESLAGEN
    titel = "Leerbaarheidstoets overgeslagen melden aan DUO"
    uitleg = (
        "De persoon is in de intake vrijgesteld van de leerbaarheidstoets (visuele of auditieve beperking). DUO "
        "trekt dan het examennummer van de aanmelding in."
    )


FORMS = {
    "pip": PipMeldingForm,
    "map": MapMeldingForm,
    "pvt": PvtMeldingForm,
    "zroute": ZrouteMeldingForm,
    "uren": UrenMeldingForm,
    "contactpersoon": ContactpersoonMeldingForm,
    "aanbod": AanbodMeldingForm,
    "lbt": LbtOvergeslagenForm,
}
