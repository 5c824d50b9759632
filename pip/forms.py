"""Forms of the PIP. They validate input; `pip.services` writes. The offer decides which fields show."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils import timezone

from inburgering.formhulp import helper
from intake.forms import DATE, textarea

from . import rules
from .models import INHOUD_VELDEN, PipVersie, Reden

LATERE_REDENEN = [(r.value, r.label) for r in Reden if r != Reden.EERSTE]

FIELDSETS = (
    ("Reden van de wijziging", ("reden", "reden_toelichting")),
    (
        "Leerroute",
        (
            "leerroute",
            "niveau",
            "route_motivatie",
            "geschatte_intensiteit_b1",
            "alfabetisering",
            "mag_opleiding_afmaken",
            "nt2_uren",
        ),
    ),
    (
        "Begeleiding en voortgang",
        (
            "ondersteuning",
            "voortgangsgesprekken",
            "maatschappelijke_begeleiding",
            "maatschappelijke_begeleiding_afspraken",
        ),
    ),
    ("MAP en PVT", ("map_inhoud", "map_intensiteit", "pvt_inhoud", "pvt_intensiteit")),
    ("Financiën", ("bijstand", "ontzorgen", "ontzorgen_afspraken", "training_financiele_zelfredzaamheid")),
    (
        "Gezin, voorwaarden en participatie",
        ("vve", "voorwaarden_kinderopvang", "voorwaarden_reiskosten", "participatie_afspraken"),
    ),
    ("Looptijd", ("looptijd_tot",)),
)


def _helper(form) -> FormHelper:
    h = FormHelper()
    h.form_tag = False
    h.disable_csrf = True
    h.render_hidden_fields = True  # `revisie` (optimistic locking) sits outside the layout
    h.layout = Layout(
        *[
            Fieldset(legend, *[f for f in velden if f in form.fields])
            for legend, velden in FIELDSETS
            if any(f in form.fields for f in velden)
        ]
    )
    return h


class RevisieField(forms.IntegerField):
    """Hidden: the revisie of the PIP version the user started from (optimistic locking)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)


class PipInhoudForm(forms.ModelForm):
    """The content of a concept. Fields outside the person's offer are left out of the form."""

    revisie = RevisieField()

    class Meta:
        model = PipVersie
        fields = ("reden", "reden_toelichting", *INHOUD_VELDEN)
        widgets = {
            "looptijd_tot": DATE,
            **{
                f: textarea(4)
                for f in (
                    "reden_toelichting",
                    "route_motivatie",
                    "ondersteuning",
                    "map_inhoud",
                    "pvt_inhoud",
                    "ontzorgen_afspraken",
                    "maatschappelijke_begeleiding_afspraken",
                    "vve",
                    "voorwaarden_kinderopvang",
                    "voorwaarden_reiskosten",
                    "participatie_afspraken",
                )
            },
        }

    def __init__(self, *args, casus, **kwargs):
        super().__init__(*args, **kwargs)
        versie = self.instance
        asiel = casus.doelgroep in rules.ASIEL
        if versie.reden == Reden.EERSTE:
            for f in ("reden", "reden_toelichting", "nt2_uren"):
                del self.fields[f]
        else:
            self.fields["reden"].choices = LATERE_REDENEN
            self.fields["reden_toelichting"].required = True
        if not asiel:
            # a gezins- or overige migrant: no bought leerroute, no maatschappelijke begeleiding
            for f in (
                "geschatte_intensiteit_b1",
                "maatschappelijke_begeleiding",
                "maatschappelijke_begeleiding_afspraken",
            ):
                del self.fields[f]
            self.fields[
                "participatie_afspraken"
            ].help_text = "Voor een gezins- of overige migrant alleen als de persoon bijstand ontvangt."
        if casus.doelgroep != rules.ASIELSTATUSHOUDER:
            # financieel ontzorgen only with an asiel permit (art. 13-1-a) and bijstand
            for f in ("ontzorgen", "ontzorgen_afspraken"):
                del self.fields[f]
        else:
            self.fields["ontzorgen"].help_text = "Alleen als de persoon bijstand ontvangt."
        self.fields["leerroute"].required = True
        self.fields["route_motivatie"].required = True
        self.fields["map_inhoud"].help_text = "Niet bij de onderwijsroute: die kent geen MAP."
        if not self.is_bound:
            self.initial["revisie"] = versie.revisie
        self.helper = _helper(self)

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in self.fields and k != "revisie"}


class NieuweVersieForm(forms.Form):
    reden = forms.ChoiceField(label="Reden", choices=LATERE_REDENEN, widget=forms.RadioSelect)
    reden_toelichting = forms.CharField(label="Toelichting", widget=textarea(4))
    # the number of the vastgestelde version the new one starts from: another version made
    # in between makes this request stale
    basis = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, basis: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("basis", basis)
        self.helper = helper()


class VaststellenForm(forms.Form):
    revisie = RevisieField()
    dagtekening = forms.DateField(
        label="Dagtekening",
        widget=DATE,
        help_text="De datum van de beschikking. De inburgeringstermijn begint de dag erna (bij het eerste PIP).",
    )
    ondertekend_op = forms.DateField(
        label="Ondertekend op", widget=DATE, help_text="De datum waarop het PIP is ondertekend."
    )

    def __init__(self, *args, versie: PipVersie, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("revisie", versie.revisie)
        vandaag = timezone.localdate()
        self.fields["dagtekening"].initial = vandaag
        self.fields["ondertekend_op"].initial = vandaag
        self.helper = helper()
