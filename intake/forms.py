"""Forms of the intake. They validate input; `intake.services` writes."""

from __future__ import annotations

from django import forms

from inburgering.concurrency import VersieFormMixin
from inburgering.formhulp import helper

from .models import BredeIntake, IntakeGesprek, IntroductieTaak, Leerbaarheidstoets, WarmeOverdracht
from .services import BREDE_INTAKE_VELDEN, GESPREK_VELDEN, LBT_VELDEN, WARME_OVERDRACHT_VELDEN

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class MeerdereBestandenInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MeerdereBestandenField(forms.FileField):
    widget = MeerdereBestandenInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class NieuwVersieFormMixin(VersieFormMixin):
    """`versie` of the row being edited, or 0 on an empty form for a row that does not exist yet."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.instance.pk:
            self.initial["versie"] = 0


class WarmeOverdrachtForm(NieuwVersieFormMixin, forms.ModelForm):
    bijlagen_upload = MeerdereBestandenField(
        label="Bijlagen toevoegen",
        required=False,
        help_text="Bijvoorbeeld het overdrachtsdossier van het COA. PDF, PNG, JPG, DOCX, XLSX of ODT.",
    )

    class Meta:
        model = WarmeOverdracht
        fields = WARME_OVERDRACHT_VELDEN
        widgets = {
            "gesprek_datum": DATE,
            "gesprek_tijd": TIME,
            **{f: textarea() for f in ("voorinburgering", "gezondheid", "gezin", "opleiding_werk", "zorgen")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(
            ("AZC en COA", ("azc", "coa_contactpersoon", "coa_telefoon", "coa_email")),
            ("Driegesprek", ("gesprek_datum", "gesprek_tijd", "gesprek_plaats")),
            (
                "Wie waren er bij?",
                ("aanwezig_inburgeraar", "aanwezig_coa", "aanwezig_consultant", "aanwezig_tolk", "aanwezig_overig"),
            ),
            ("Wat is overgedragen?", ("voorinburgering", "gezondheid", "gezin", "opleiding_werk", "zorgen")),
            ("Bijlagen", ("bijlagen_upload",)),
        )

    def service_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in WARME_OVERDRACHT_VELDEN}


class IntroductieTaakForm(VersieFormMixin, forms.Form):
    """One row of the checklist; `item` is fixed by the view, not by the user."""

    uitvoerder = forms.ChoiceField(
        label="Wie doet het",
        choices=[("", "—")] + IntroductieTaak.Uitvoerder.choices,
        required=False,
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    gedaan_op = forms.DateField(
        label="Gedaan op",
        required=False,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"}, format="%Y-%m-%d"
        ),
    )
    opmerking = forms.CharField(
        label="Opmerking",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input"}),
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item


class IntroductieweekForms:
    """The checklist as a list of prefixed forms, one per item (not a formset: rows are fixed)."""

    def __init__(self, rijen, data=None):
        self.forms = []
        for item, taak in rijen:
            initial = (
                {
                    "uitvoerder": taak.uitvoerder,
                    "gedaan_op": taak.gedaan_op,
                    "opmerking": taak.opmerking,
                    "versie": taak.versie,
                }
                if taak
                else {"versie": 0}
            )
            self.forms.append(IntroductieTaakForm(data, prefix=f"item-{item.pk}", initial=initial, item=item))

    def __iter__(self):
        return iter(self.forms)

    def is_valid(self) -> bool:
        return all([f.is_valid() for f in self.forms])

    @property
    def errors(self):
        return [f.errors for f in self.forms if f.errors]

    def regels(self) -> list[dict]:
        return [{"item": f.item, **f.cleaned_data} for f in self.forms]


LEVENSDOMEINEN = (
    ("Opleiding", ("opleiding_niveau", "opleiding_jaren", "diploma", "opleiding_toelichting")),
    ("Werkervaring", ("werkervaring_jaren", "beroep", "werk_toelichting")),
    (
        "Taal en geletterdheid",
        ("moedertaal", "andere_talen", "alfabetisering", "nederlands_niveau", "taal_toelichting"),
    ),
    ("Leerbaarheid", ("leerbaarheid_toelichting",)),
    ("Gezondheid", ("gezondheid_lichamelijk", "gezondheid_psychisch", "gezondheid_toelichting")),
    ("Gezin en kinderopvang", ("kinderopvang_nodig", "gezin_toelichting")),
    ("Sociaal netwerk", ("sociaal_netwerk", "netwerk_toelichting")),
    ("Financiën en zelfredzaamheid", ("bijstand", "schulden", "financiele_zelfredzaamheid", "financien_toelichting")),
    ("Motivatie en interesses", ("interesse_werk", "interesse_sport", "interesse_cultuur", "motivatie_toelichting")),
    ("Participatieladder (nulmeting)", ("participatieladder_trede",)),
    ("Routeadvies", ("routeadvies", "routeadvies_motivatie", "afgerond_op")),
)


class BredeIntakeForm(NieuwVersieFormMixin, forms.ModelForm):
    class Meta:
        model = BredeIntake
        fields = BREDE_INTAKE_VELDEN
        widgets = {
            "afgerond_op": DATE,
            "participatieladder_trede": forms.RadioSelect,
            **{f: textarea() for f in BREDE_INTAKE_VELDEN if f.endswith("_toelichting") or f.endswith("_motivatie")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participatieladder_trede"].choices = [
            c for c in self.fields["participatieladder_trede"].choices if c[0] != ""
        ]
        self.fields[
            "afgerond_op"
        ].help_text = "Vul in als de intake klaar is; dan zijn routeadvies en nulmeting verplicht."
        self.helper = helper(*LEVENSDOMEINEN)

    def service_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in BREDE_INTAKE_VELDEN}


class IntakeGesprekForm(VersieFormMixin, forms.ModelForm):
    class Meta:
        model = IntakeGesprek
        fields = GESPREK_VELDEN
        widgets = {"datum": DATE, "verslag": textarea(6)}
        help_texts = {"onderwerpen": "Bijvoorbeeld: opleiding, werk, gezondheid."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()

    def service_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in GESPREK_VELDEN}


class LeerbaarheidstoetsForm(NieuwVersieFormMixin, forms.ModelForm):
    class Meta:
        model = Leerbaarheidstoets
        fields = LBT_VELDEN
        widgets = {"gepland_op": DATE, "afgenomen_op": DATE, "vrijstelling_reden": textarea()}
        help_texts = {
            "score": "De score die DUO heeft doorgegeven. De uitslag volgt uit de drempel die op de toetsdatum gold.",
            "vrijstelling": "Alleen bij een visuele of auditieve beperking. Laat dan datum en score leeg.",
        }

    def __init__(self, *args, max_score: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].widget.attrs.update({"min": 0, "max": max_score})
        self.fields["score"].label = f"Score (0 tot en met {max_score})"
        self.helper = helper(
            ("Toets", ("gepland_op", "afgenomen_op", "score")),
            ("Of: vrijstelling", ("vrijstelling", "vrijstelling_reden")),
        )

    def service_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in LBT_VELDEN}
