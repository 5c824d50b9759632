"""The nlds pack's fields written in Python (inburgering/nlds.py) give the same bytes as the templates did.

nlds_oud/ holds field.html, uni_form.html and layout/help_text_and_errors.html as they were before they
called inburgering.nlds; put in front of templates/ they shadow the new ones. Every form (and formset) of the
project is rendered both ways, unbound, bound to an empty dict and bound to rubbish with markup in it,
through `|crispy` and `{% crispy %}`; the layout objects and the formset templates get a form of their own.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import inspect
from pathlib import Path

import pytest
from crispy_forms.bootstrap import (
    AppendedText,
    FieldWithButtons,
    InlineCheckboxes,
    InlineField,
    InlineRadios,
    PrependedText,
    StrictButton,
)
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Field, Fieldset, Layout, MultiField, Row, Submit
from crispy_forms.templatetags import crispy_forms_filters, crispy_forms_tags
from crispy_forms.utils import default_field_template
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.forms.formsets import BaseFormSet
from django.template import Context, Template
from django.template.loader import get_template, render_to_string
from django.test import override_settings
from django.utils.safestring import mark_safe

OUD = Path(__file__).parent / "nlds_oud"

MODULES = (
    "cases.forms",
    "cases.filters",
    "duo.forms",
    "handhaving.forms",
    "intake.forms",
    "leerroutes.forms",
    "ontzorgen.forms",
    "pip.forms",
    "spuk.forms",
    "dashboards.forms",
    "inburgering.security",
)
ROMMEL = "<b>\"x\" & 'y'</b> 1"


def _crispy_caches_legen():
    for cache in (
        default_field_template,
        crispy_forms_filters.uni_form_template,
        crispy_forms_filters.uni_formset_template,
        crispy_forms_tags.whole_uni_form_template,
        crispy_forms_tags.whole_uni_formset_template,
    ):
        cache.cache_clear()


@contextlib.contextmanager
def _templates(oud: bool):
    engine = settings.TEMPLATES[0]
    with override_settings(TEMPLATES=[{**engine, "DIRS": [OUD, *engine["DIRS"]] if oud else engine["DIRS"]}]):
        _crispy_caches_legen()
        try:
            yield
        finally:
            _crispy_caches_legen()


def _sjabloon(template: str, **context) -> str:
    return Template("{% load crispy_forms_tags %}" + template).render(Context(context))


def assert_zelfde(render, waar="") -> str:
    """render() through the old templates and through the Python fields: the same bytes. Returns the HTML."""
    with _templates(oud=True):
        oud = render()
    with _templates(oud=False):
        nieuw = render()
    assert nieuw == oud, waar
    return nieuw


def test_the_comparison_renders_the_old_templates_and_then_the_python_fields():
    for oud, bron in ((True, OUD), (False, settings.BASE_DIR / "templates")):
        with _templates(oud=oud):
            for naam in ("nlds/field.html", "nlds/uni_form.html", "nlds/layout/help_text_and_errors.html"):
                assert get_template(naam).origin.name == str(bron / naam)
    assert not [p for p in OUD.rglob("*.html") if "{% load nlds" in p.read_text()]


def _forms_en_formsets():
    """Every form and formset class defined in the project's form modules (not the mixins), with the login form."""
    gevonden = {AuthenticationForm}
    for naam in MODULES:
        module = importlib.import_module(naam)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, BaseFormSet) and any(k.__module__ == naam for k in getattr(obj, "form", object).__mro__):
                gevonden.add(obj)
            elif issubclass(obj, forms.BaseForm) and obj.__module__ == naam and not obj.__name__.endswith("Mixin"):
                gevonden.add(obj)
    return gevonden


def _pip_versie(casus, **velden):
    from pip.models import PipVersie

    return PipVersie(casus=casus, versie=1, kenmerk="INB/1", aangemaakt_door=casus.consultant, **velden)


def _argumenten(w) -> dict:
    """The keyword arguments a form needs, as its view passes them."""
    from inburgering.models import Gemeente
    from intake.models import Leerroute
    from pip.models import PipVersie

    casus, gebruiker = w.cases["eigen"], w.users["tl"]
    return {
        "NieuweCasusForm": {"user": gebruiker},
        "StatusForm": {"casus": casus},
        "ToewijzenForm": {"casus": casus},
        "CaseloadFilterForm": {"user": gebruiker},
        "MeldingForm": {"casus": casus, "gebruiker": gebruiker},
        "BezwaarForm": {"keuzes": [("1", "Beschikking <1>"), ("2", "Beschikking 2")]},
        "BezwaarBeslissenForm": {"tegen": "pip"},
        "IntroductieTaakForm": {"item": None},
        "LeerbaarheidstoetsForm": {"max_score": 40},
        "SchakelenForm": {"casus": casus, "huidige_route": Leerroute.B1},
        "OntzorgenForm": {"casus": casus, "versies": PipVersie.objects.all(), "huidige_pip": None},
        "BegeleidingForm": {"casus": casus, "versies": PipVersie.objects.all(), "huidige_pip": None},
        "PipInhoudForm": {"casus": casus, "instance": _pip_versie(casus, reden="eerste")},
        "NieuweVersieForm": {"basis": 1},
        "VaststellenForm": {"versie": _pip_versie(casus, revisie=3)},
        "GemeenteKeuzeForm": {"gemeenten": Gemeente.objects.all(), "jaren": [2024, 2025]},
        "UitgaveForm": {"gemeenten": Gemeente.objects.all()},
        "PrognoseForm": {"jaren": [2025, 2026], "bestaand": {}},
        "FilterForm": {"user": gebruiker, "kpi": False, "vandaag": dt.date(2026, 3, 1)},
        "CbsExportForm": {"user": gebruiker, "vandaag": dt.date(2026, 3, 1)},
        "MonitoringExportForm": {"user": gebruiker},
    }


def _argumenten_voor(cls, w) -> dict:
    argumenten = _argumenten(w)
    for klasse in cls.__mro__:
        if klasse.__name__ in argumenten:
            return argumenten[klasse.__name__]
    return {}


def _rommel(form) -> dict:
    return {
        form.add_prefix(naam): [ROMMEL] if isinstance(veld, forms.MultipleChoiceField) else ROMMEL
        for naam, veld in form.fields.items()
    }


@pytest.mark.django_db
def test_every_form_class_renders_the_same_through_the_python_fields(world):
    soorten = _forms_en_formsets()
    assert len(soorten) > 70
    for cls in sorted(soorten, key=lambda c: f"{c.__module__}.{c.__name__}"):
        if issubclass(cls, BaseFormSet):
            _formset_vergelijken(cls, world)
            continue

        def maak(data, cls=cls):
            return cls(data, **_argumenten_voor(cls, world))

        for data in (None, {}, _rommel(maak(None))):
            assert_zelfde(lambda data=data: crispy_forms_filters.as_crispy_form(maak(data)), f"{cls} {data}")
            assert_zelfde(lambda data=data: _sjabloon("{% crispy form %}", form=maak(data)), f"{cls} {data}")


def _formset_vergelijken(cls, world):
    prefix = "rij"
    leeg = cls(prefix=prefix)
    beheer = {f"{prefix}-TOTAL_FORMS": "2", f"{prefix}-INITIAL_FORMS": "0"}
    rij = leeg.forms[0] if leeg.forms else leeg.empty_form
    eerste = next(naam for naam, veld in rij.fields.items() if not veld.widget.is_hidden)
    for data in (None, beheer, {**beheer, f"{prefix}-0-{eerste}": ROMMEL}):

        def maak(data=data):
            return cls(data, prefix=prefix)

        def met_helper(template=None, data=data):
            formset = maak(data)
            helper = FormHelper()
            helper.form_tag = False
            if template:
                helper.template = template
            return _sjabloon("{% crispy formset helper %}", formset=formset, helper=helper)

        assert_zelfde(lambda: crispy_forms_filters.as_crispy_form(maak()))
        assert_zelfde(met_helper)
        assert_zelfde(lambda: met_helper("nlds/table_inline_formset.html"))
        assert_zelfde(lambda: render_to_string("components/formset.html", {"formset": maak(), "legend": "Rij"}))


class Alles(forms.Form):
    """Every kind of widget field.html tells apart, with markup in labels, help texts and choices."""

    naam = forms.CharField(label='Naam <b>"&"</b>', help_text="Zoals in de <abbr>BRP</abbr>.", max_length=5)
    opmerking = forms.CharField(label="Opmerking", widget=forms.Textarea, required=False)
    doelgroep = forms.ChoiceField(label="Doelgroep", choices=[("", "---"), ("a", "Asiel & <gezin>"), ("g", "Gezin")])
    jaar = forms.TypedChoiceField(label="Jaar", choices=[(2025, 2025), (2026, 2026)], coerce=int)
    geslacht = forms.ChoiceField(
        label="Geslacht", widget=forms.RadioSelect, choices=[("M", "Man"), ("V", mark_safe("<i>Vrouw</i>"))]
    )
    groep = forms.ChoiceField(
        label="Groep",
        widget=forms.RadioSelect,
        choices=[("Noord", [(1, "Een"), (1.5, "Anderhalf")]), ("Zuid", [(2000, "Tweeduizend")])],
        help_text="Kies er een.",
    )
    talen = forms.MultipleChoiceField(
        label="Talen",
        widget=forms.CheckboxSelectMultiple,
        choices=[("ar", "Arabisch"), ("ti", "Tigrinya"), ('"x"', "<x>")],
        required=False,
    )
    uit = forms.ChoiceField(label="Uit", widget=forms.RadioSelect, choices=[("a", "A")], disabled=True, required=False)
    tolk = forms.BooleanField(label="Tolk nodig", help_text="Als het moet.")
    bijlage = forms.FileField(label="Bijlage", required=False)
    bijlagen = forms.FileField(label="Bijlagen", widget=forms.ClearableFileInput, required=False)
    datum = forms.DateField(label="", widget=forms.DateInput(attrs={"type": "date"}))
    wachtwoord = forms.CharField(label="Wachtwoord", widget=forms.PasswordInput)
    geheim = forms.CharField(widget=forms.HiddenInput, required=False)
    eerder = forms.CharField(label="Eerder", show_hidden_initial=True, required=False, initial="a")
    bestaand = forms.CharField(
        label="Bestaand", required=False, widget=forms.TextInput(attrs={"class": "textinput app-x", "id": "eigen"})
    )
    getal = forms.DecimalField(label="Getal", localize=True, initial=1234.5, required=False)
    moment = forms.SplitDateTimeField(label="Moment", required=False)

    def clean(self):
        raise forms.ValidationError("Deze combinatie <kan> niet.")


ALLES_DATA = {"naam": "<script>te lang</script>", "geslacht": "V", "talen": ["ar", '"x"'], "tolk": "on", "groep": "1.5"}


@pytest.mark.parametrize("data", [None, {}, ALLES_DATA])
@pytest.mark.parametrize(
    "opties",
    [
        {},
        {"auto_id": False},
        {"auto_id": "veld_%s", "prefix": "p"},
        {"empty_permitted": True, "use_required_attribute": False},
    ],
)
def test_every_kind_of_field_renders_the_same(data, opties):
    html = assert_zelfde(lambda: crispy_forms_filters.as_crispy_form(Alles(data, **opties)))
    assert_zelfde(lambda: crispy_forms_filters.as_crispy_form(Alles(data, **opties), label_class="l", field_class="f"))
    assert_zelfde(lambda: _sjabloon("{% crispy form %}", form=Alles(data, **opties)))
    assert_zelfde(
        lambda: _sjabloon("{{ form.naam|as_crispy_field }}{{ form.geslacht|as_crispy_field }}", form=Alles(data))
    )
    if data and "prefix" not in opties:
        assert "&lt;script&gt;" in html and "<script>" not in html


def _met_layout(data, **helper_opties):
    form = Alles(data)
    form.helper = FormHelper()
    for naam, waarde in helper_opties.items():
        setattr(form.helper, naam, waarde)
    form.helper.layout = Layout(
        Fieldset(
            "Persoon <b>",
            Field("naam", wrapper_class="app-breed", css_class="app-x", placeholder="Naam"),
            Div("opmerking", Field("doelgroep", template="nlds/layout/inline_field.html"), css_class="app-form-row"),
        ),
        Row(Column("jaar"), Column(InlineField("datum"))),
        MultiField("Meer", "wachtwoord", "getal"),
        InlineRadios("geslacht"),
        InlineCheckboxes("talen"),
        "groep",
        "uit",
        Field("tolk", wrapper_class="app-tolk"),
        FieldWithButtons("bestaand", StrictButton("Zoek", css_class="utrecht-button")),
        PrependedText("eerder", "€"),
        AppendedText("bijlage", "kg"),
        HTML("<p>Vrije tekst</p>"),
        Field("bijlagen", type="hidden"),
        "geheim",
    )
    form.helper.add_input(Submit("opslaan", "Opslaan"))
    return form


@pytest.mark.parametrize("data", [None, ALLES_DATA])
@pytest.mark.parametrize(
    "helper_opties",
    [{}, {"form_show_labels": False}, {"label_class": "app-l", "field_class": "app-f", "form_tag": False}],
)
def test_layouts_render_the_same(data, helper_opties):
    assert_zelfde(lambda: _sjabloon("{% crispy form %}", form=_met_layout(data, **helper_opties)))


def test_a_page_context_reaches_the_fields_as_before():
    """{% crispy form %} passes the page's context to the field template: `tag`, `wrapper_class`, ..."""
    pagina = {"tag": "li", "wrapper_class": "app-w", "label_class": "<l>", "form_show_labels": False}
    assert_zelfde(lambda: _sjabloon("{% crispy form %}", form=Alles({}), **pagina))


@pytest.mark.parametrize("field_template", ["nlds/field.html", "nlds/layout/inline_field.html"])
def test_a_helper_without_layout_and_its_field_template(field_template):
    def render():
        form = Alles(ALLES_DATA)
        form.helper = FormHelper()
        form.helper.field_template = field_template
        return _sjabloon("{% crispy form %}", form=form)

    html = assert_zelfde(render)
    assert ('app-visually-hidden" for="id_naam"' in html) == (field_template != "nlds/field.html")


@override_settings(CRISPY_CLASS_CONVERTERS={"textinput": "app-tekst", "select": "app-keuze"})
def test_crispy_class_converters_are_applied_as_by_crispy_field():
    html = assert_zelfde(lambda: crispy_forms_filters.as_crispy_form(Alles(ALLES_DATA)))
    assert 'class="app-tekst utrecht-textbox utrecht-textbox--html-input"' in html
