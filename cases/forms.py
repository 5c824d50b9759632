"""Forms of the register. They validate input; the services write."""

from django import forms
from django.forms.models import fields_for_model

from inburgering import permissions
from inburgering.concurrency import VersieFormMixin
from inburgering.formhulp import helper
from inburgering.models import Gebruiker, Gemeente, Team

from . import workflow
from .models import Casus, Document, Gezinslid, Inburgeraar
from .rules import elfproef, normaliseer_bsn
from .services import CASUS_VELDEN, PERSOON_VELDEN

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date_widgets(fields):
    for f in fields.values():
        if isinstance(f, forms.DateField):
            f.widget = DATE_WIDGET
    return fields


class BsnField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "BSN")
        kwargs.setdefault("max_length", 11)
        kwargs.setdefault("help_text", "9 cijfers; spaties en punten mogen.")
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"})

    def clean(self, value):
        value = normaliseer_bsn(super().clean(value))
        if value and not elfproef(value):
            raise forms.ValidationError("Dit is geen geldig BSN: het moet uit 9 cijfers bestaan en voldoen aan de elfproef.")
        return value


PERSOON_FIELDSETS = (
    ("Persoon", ("bsn", "v_nummer", "voornamen", "tussenvoegsel", "achternaam", "geboortedatum", "geslacht", "nationaliteit")),
    ("Taal", ("talen", "tolk_nodig", "tolk_taal")),
    ("Contact en adres", ("telefoon", "email", "straat", "postcode", "woonplaats")),
)
CASUS_DATUMS = ("datum_kennisgeving", "datum_koppeling", "datum_huisvesting", "datum_brp_inschrijving")


class NieuweCasusForm(forms.Form):
    """Person and case in one form, so that one error summary covers the page."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bsn"] = BsnField()
        self.fields.update(_date_widgets(fields_for_model(Inburgeraar, fields=PERSOON_VELDEN)))
        self.fields.update(_date_widgets(fields_for_model(Casus, fields=CASUS_VELDEN)))
        teams = Team.objects.filter(pk__in=permissions.team_ids(user))
        self.fields["team"].queryset = teams
        self.fields["gemeente"].queryset = Gemeente.objects.filter(teams__in=teams).distinct()
        self.fields["consultant"].queryset = (
            Gebruiker.objects.filter(teams__in=teams, groups__name=permissions.CONSULTANT).distinct()
        )
        self.fields["consultant"].required = False
        self.fields["consultant"].help_text = "Leeg: u zelf (als consultant)."
        if teams.count() == 1:
            self.fields["team"].initial = teams.first()
        self.helper = helper(
            *PERSOON_FIELDSETS,
            ("Casus", ("gemeente", "team", "consultant", "doelgroep", *CASUS_DATUMS)),
        )

    def persoon_data(self):
        return {k: self.cleaned_data[k] for k in PERSOON_VELDEN}

    def casus_data(self):
        return {k: self.cleaned_data[k] for k in CASUS_VELDEN}


class PersoonForm(VersieFormMixin, forms.ModelForm):
    bsn = BsnField()

    class Meta:
        model = Inburgeraar
        fields = PERSOON_VELDEN
        widgets = {"geboortedatum": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["bsn"] = self.instance.bsn
        self.helper = helper(*PERSOON_FIELDSETS)


class CasusForm(VersieFormMixin, forms.ModelForm):
    class Meta:
        model = Casus
        fields = ("doelgroep", *CASUS_DATUMS)
        widgets = {f: DATE_WIDGET for f in CASUS_DATUMS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(("Casus", self.Meta.fields))


class GezinslidForm(forms.ModelForm):
    class Meta:
        model = Gezinslid
        fields = ("relatie", "naam", "geboortejaar")


GezinsledenFormSet = forms.inlineformset_factory(
    Inburgeraar, Gezinslid, form=GezinslidForm, extra=2, can_delete=True, max_num=20
)


def gezinsleden_data(formset) -> list[dict]:
    rows = []
    for f in formset.forms:
        if not f.has_changed() and not f.instance.pk:
            continue
        if f.cleaned_data.get("DELETE"):
            continue
        if not f.cleaned_data:
            continue
        rows.append({
            "id": f.instance.pk,
            "relatie": f.cleaned_data["relatie"],
            "naam": f.cleaned_data["naam"],
            "geboortejaar": f.cleaned_data.get("geboortejaar"),
        })
    return rows


class StatusForm(forms.Form):
    naar = forms.ChoiceField(label="Nieuwe status")
    toelichting = forms.CharField(label="Toelichting", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, casus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["naar"].choices = [
            (s, workflow.Status(s).label) for s in workflow.toegestane_overgangen(casus.status)
        ]
        self.helper = helper()


class ToewijzenForm(forms.Form):
    consultant = forms.ModelChoiceField(label="Consultant", queryset=Gebruiker.objects.none())
    toelichting = forms.CharField(label="Toelichting", required=False)

    def __init__(self, *args, casus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = Gebruiker.objects.filter(
            teams=casus.team_id, groups__name=permissions.CONSULTANT
        ).distinct()
        self.fields["consultant"].initial = casus.consultant_id
        self.helper = helper()


class DocumentForm(forms.Form):
    soort = forms.ChoiceField(label="Soort document", choices=Document.Soort.choices)
    titel = forms.CharField(label="Titel", max_length=200)
    bestand = forms.FileField(label="Bestand", help_text="PDF, PNG, JPG, DOCX, XLSX of ODT.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()
