"""Form widgets through Jinja2 (inburgering.formulieren): the same HTML, and the admin's own widgets still work."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template.backends.django import Template as DjangoTemplate
from django.template.backends.jinja2 import Template as Jinja2Template
from django.urls import reverse

from inburgering.formulieren import FormRenderer


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
