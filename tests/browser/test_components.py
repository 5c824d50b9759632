"""The templates behind the browser pages, rendered without a browser: the nlds crispy pack,
the components and the error pages (the list tables: tests/inburgering/test_lijsten.py)."""

from __future__ import annotations

import re

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.template import Context, Template
from django.template.loader import render_to_string


class VoorbeeldForm(forms.Form):
    naam = forms.CharField(label="Naam", help_text="Zoals in de BRP.")
    opmerking = forms.CharField(label="Opmerking", widget=forms.Textarea, required=False)
    doelgroep = forms.ChoiceField(label="Doelgroep", choices=[("", "---"), ("a", "Asiel"), ("g", "Gezin")])
    geslacht = forms.ChoiceField(label="Geslacht", widget=forms.RadioSelect, choices=[("M", "Man"), ("V", "Vrouw")])
    talen = forms.MultipleChoiceField(
        label="Talen",
        widget=forms.CheckboxSelectMultiple,
        choices=[("ar", "Arabisch"), ("ti", "Tigrinya")],
        required=False,
    )
    tolk = forms.BooleanField(label="Tolk nodig", required=False)
    bijlage = forms.FileField(label="Bijlage", required=False)
    geheim = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("Deze combinatie kan niet.")


def render(template: str, **context) -> str:
    return Template("{% load crispy_forms_tags %}" + template).render(Context(context))


def _tag(html: str, id_: str) -> str:
    match = re.search(rf"<(input|select|textarea)[^>]*\bid=\"{re.escape(id_)}\"[^>]*>", html)
    assert match, f"geen element met id {id_}"
    return match.group(0)


def test_crispy_filter_renders_utrecht_fields_with_linked_labels_help_and_errors():
    form = VoorbeeldForm(data={"naam": ""})
    html = render("{{ form|crispy }}", form=form)

    # error summary first, with links to the fields and the non-field error
    summary = html[: html.index('id="div_id_naam"')]
    assert 'role="alert"' in summary and "Er is een probleem" in summary
    assert 'href="#id_naam"' in summary and 'href="#id_geslacht_0"' in summary
    assert "Deze combinatie kan niet." in summary

    naam = _tag(html, "id_naam")
    assert "utrecht-textbox" in naam
    assert 'aria-invalid="true"' in naam
    assert 'aria-describedby="id_naam_helptext id_naam_error"' in naam
    assert 'id="id_naam_helptext"' in html and 'id="id_naam_error"' in html
    assert '<label class="utrecht-form-label" for="id_naam">Naam<span class="app-required"> (verplicht)</span>' in html
    assert "utrecht-form-field--invalid" in html

    assert "utrecht-textarea" in _tag(html, "id_opmerking")
    assert "utrecht-select" in _tag(html, "id_doelgroep")
    assert "utrecht-checkbox" in _tag(html, "id_tolk")
    assert 'for="id_tolk"' in html
    assert "utrecht-radio-button" in _tag(html, "id_geslacht_0")
    assert 'for="id_geslacht_1"' in html
    assert re.search(r'<fieldset[^>]*aria-describedby="id_geslacht_error"', html)
    assert "<legend" in html and "Talen</legend>" in html
    assert 'type="hidden" name="geheim"' in html
    assert "style=" not in html and "<script" not in html


def test_crispy_tag_with_helper_layout_and_submit():
    form = VoorbeeldForm()
    form.helper = FormHelper()
    form.helper.form_action = "/opslaan/"
    form.helper.layout = Layout(
        Fieldset("Persoon", "naam", Div("doelgroep", css_class="app-form-row")),
        HTML("<p>Vrije tekst</p>"),
    )
    form.helper.add_input(Submit("opslaan", "Opslaan"))
    html = render("{% crispy form %}", form=form)
    assert re.search(r'<form[^>]*action="/opslaan/"[^>]*method="post"[^>]*novalidate', html)
    assert '<legend class="utrecht-form-fieldset__legend' in html and ">Persoon</legend>" in html
    assert 'class="app-form-row"' in html and "<p>Vrije tekst</p>" in html
    assert re.search(
        r'<button type="submit" name="opslaan" value="Opslaan"[^>]*class="utrecht-button utrecht-button--primary-action"',
        html,
    )
    assert "Er is een probleem" not in html  # unbound: no errors


def test_error_summary_lists_formset_errors_with_row_numbers():
    class Lid(forms.Form):
        naam = forms.CharField(label="Naam")
        geboortejaar = forms.IntegerField(label="Geboortejaar", required=False)

    formset_class = forms.formset_factory(Lid, extra=0, can_delete=True)
    data = {
        "gezin-TOTAL_FORMS": "2",
        "gezin-INITIAL_FORMS": "0",
        "gezin-0-naam": "Sara",
        "gezin-1-naam": "",
        "gezin-1-geboortejaar": "2015",
    }
    formset = formset_class(data=data, prefix="gezin")
    assert not formset.is_valid()
    html = render_to_string(
        "components/error_summary.html", {"form": None, "formset": formset, "formset_legend": "Gezinslid"}
    )
    assert '<a href="#id_gezin-1-naam">Gezinslid 2, naam: ' in html

    html = render_to_string(
        "components/formset.html", {"formset": formset, "legend": "Gezinslid", "add_label": "Gezinslid toevoegen"}
    )
    assert 'name="gezin-TOTAL_FORMS"' in html
    assert "Gezinslid <span data-formset-number>2</span>" in html
    assert 'name="gezin-1-DELETE"' in html and "Verwijderen" in html
    assert "<template data-formset-empty>" in html and "gezin-__prefix__-naam" in html
    assert "data-formset-add hidden>Gezinslid toevoegen</button>" in html


def test_summary_list_and_status_badge():
    html = render_to_string(
        "components/summary_list.html",
        {
            "items": [
                ("Naam", "Amina Haddad"),
                ("Telefoon", ""),
                ("Tolk nodig", False),
                ("Adres", "Dorpsstraat 1", "/wijzig/"),
            ]
        },
    )
    assert '<dt class="app-summary-list__key">Naam</dt>' in html
    assert "Niet ingevuld" in html and ">Nee</dd>" in html
    assert 'href="/wijzig/">Wijzigen<span class="app-visually-hidden"> adres</span>' in html

    badge = render_to_string("components/status_badge.html", {"status": "intake", "label": "Brede intake"})
    assert 'class="utrecht-status-badge app-status-badge app-status-badge--intake">Brede intake</span>' in badge


@pytest.mark.parametrize("template", ["500.html", "503.html"])
def test_server_error_pages_render_without_a_request(template):
    html = render_to_string(template)  # no request, no context processors: as django.views.defaults.server_error
    assert '<html lang="nl"' in html and "<title>" in html and "Inburgering" in html
    assert "/static/css/app.css" in html
    assert "style=" not in html and "<script" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("template", ["403.html", "404.html"])
def test_client_error_pages_extend_the_base_layout(rf, template, django_user_model):
    request = rf.get("/bestaat-niet/")
    request.user = __import__("django.contrib.auth.models", fromlist=["AnonymousUser"]).AnonymousUser()
    html = render_to_string(template, request=request)
    assert '<main id="main"' in html and 'href="#main"' in html
    assert "style=" not in html


def test_bootstrap_style_layout_objects_render_with_the_nlds_pack():
    from crispy_forms.bootstrap import FieldWithButtons, InlineRadios, StrictButton

    form = VoorbeeldForm()
    form.helper = FormHelper()
    form.helper.form_tag = False
    form.helper.layout = Layout(
        FieldWithButtons("naam", StrictButton("Zoek", css_class="utrecht-button utrecht-button--secondary-action")),
        InlineRadios("geslacht"),
    )
    html = render("{% crispy form %}", form=form)
    assert 'class="app-field-with-buttons"' in html and ">Zoek</button>" in html
    assert "app-choices--inline" in html and 'for="id_geslacht_0"' in html
