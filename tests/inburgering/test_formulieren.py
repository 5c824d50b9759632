"""Form widgets through Jinja2 (inburgering.formulieren): the same HTML, and the admin's own widgets still work."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, Jinja2
from django.template.backends.django import Template as DjangoTemplate
from django.template.backends.jinja2 import Template as Jinja2Template
from django.urls import reverse

from inburgering.formulieren import FormRenderer, select


class Voorbeeld(forms.Form):
    naam = forms.CharField(label="Naam", help_text="Voluit")
    status = forms.ChoiceField(label="Status", choices=[("", "Alle"), ("a", "Aangemeld"), ("u", "Uitvoering")])
    akkoord = forms.BooleanField(label="Akkoord", required=False)
    soort = forms.ChoiceField(label="Soort", choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect)
    datum = forms.DateField(label="Datum", widget=forms.DateInput(attrs={"type": "date"}))
    bestand = forms.FileField(label="Bestand", required=False)


def _zonder_witruimte(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


@pytest.mark.parametrize(
    "data", [None, {"naam": "<b>x</b>", "status": "u", "akkoord": "on", "soort": "y", "datum": "x"}]
)
def test_same_html_as_the_django_engine(data):
    jinja = Voorbeeld(data, renderer=FormRenderer())
    django = Voorbeeld(data, renderer=DjangoTemplates())
    assert _zonder_witruimte(str(jinja)) == _zonder_witruimte(str(django))
    if data:
        html = str(jinja)
        assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html  # escaped
        assert '<option value="u" selected>' in html
        assert "Voer een geldige datum in." in html


class Keuzes(forms.Form):
    plaats = forms.ChoiceField(
        label="Plaats",
        choices=[("", "Alle"), ("Noord", [("1", 'De "Wijk" & <b>'), ("2", "O'Brien")]), ("3", "Elders")],
    )
    meer = forms.MultipleChoiceField(label="Meer", choices=[("a", "A"), ("b", "B")], required=False)
    ja_nee = forms.NullBooleanField(label="Ja of nee", required=False)
    ander = forms.ModelChoiceField(label="Team", queryset=None, required=False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data", [None, {"plaats": "2", "meer": ["a", "b"], "ja_nee": "true"}, {"plaats": "bestaat niet"}]
)
def test_selects_written_in_python_equal_the_jinja2_templates_byte_for_byte(world, data):
    from inburgering.models import Team

    def maak(renderer):
        form = Keuzes(data, renderer=renderer)
        form.fields["ander"].queryset = Team.objects.order_by("pk")
        return form

    snel, templates = maak(FormRenderer()), maak(Jinja2())
    for naam in ("plaats", "meer", "ja_nee", "ander"):
        assert str(snel[naam]) == str(templates[naam])
    html = str(snel["plaats"])
    assert "De &#34;Wijk&#34; &amp; &lt;b&gt;" in html and "<b>" not in html
    assert '<optgroup label="Noord">' in html


def test_widgets_come_from_jinja2_and_admin_widgets_from_the_django_engine():
    renderer = FormRenderer()
    assert isinstance(renderer.get_template("django/forms/widgets/select.html"), Jinja2Template)
    assert isinstance(renderer.get_template("admin/widgets/related_widget_wrapper.html"), DjangoTemplate)
    # the miss is remembered: the second lookup goes straight to the Django engine
    assert "admin/widgets/related_widget_wrapper.html" in renderer._alleen_django
    assert isinstance(renderer.get_template("admin/widgets/related_widget_wrapper.html"), DjangoTemplate)


@pytest.mark.django_db
def test_admin_change_form_with_related_widgets_renders(world, client):
    beheerder = world.users["fb"]
    beheerder.is_superuser = True
    beheerder.save()
    client.force_login(beheerder)
    html = client.get(reverse("admin:inburgering_team_change", args=[world.team1.pk])).content.decode()
    assert 'class="related-widget-wrapper"' in html
    assert 'name="organisatie"' in html


def test_a_select_is_written_without_a_template_and_other_option_templates_fall_back():
    veld = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
    context = veld.widget.get_context("keuze", "b", {"id": "id_keuze"})
    assert select(context["widget"]) == (
        '<select name="keuze" id="id_keuze">\n  <option value="a">A</option>\n  <option value="b" selected>B</option>\n</select>'
    )
    context["widget"]["optgroups"][0][1][0]["template_name"] = "eigen_optie.html"
    assert select(context["widget"]) is None
