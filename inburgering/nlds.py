"""One form field of the `nlds` crispy template pack, written in Python: the same HTML, in less than half the time.

Every field crispy renders (`|crispy`, `{% crispy form %}` with or without a layout, the formset templates, the
choice and inline layouts) goes through templates/nlds/field.html. The Django template engine walking that
template (its branches, `{% crispy_field %}`, the included help_text_and_errors.html) cost about 50 us per
field on top of the widget's own 45 us; on the caseload page it was most of `{{ form|crispy }}`. Now field.html,
layout/help_text_and_errors.html and the field loop of uni_form.html (`|crispy`) only call the template tags in
inburgering/templatetags/nlds.py, which call `veld` and `hulp_en_fouten` here. The widget still renders through
the form's renderer (inburgering.formulieren): `_widget` adds the classes to it as `{% crispy_field %}` did.

Rendering time (timeit, best of 7, minus constructing the form; "templates" = the old templates, which
tests/inburgering/test_nlds_velden.py keeps in nlds_oud/ and compares with byte for byte):

                                                      templates    Python    widgets alone
    CaseloadFilterForm({}) |crispy (text + 3 selects)    0.72 ms    0.32 ms    0.18 ms
    BredeIntakeForm() |crispy (33 fields)                5.6 ms     2.4 ms     1.5 ms
    BredeIntakeForm() {% crispy form %} (11 fieldsets)   7.3 ms     3.9 ms
    BredeIntakeForm({}) {% crispy form %} (errors)       8.8 ms     5.1 ms

The rest of `{% crispy form %}` with a layout is crispy's own render_field per field (context.flatten(),
flatatt, a Template.render of field.html), which this module does not replace.

Escaping is the template's: every value goes through `_tekst`, Django's render_value_in_context with
autoescape on (localize, then conditional_escape: a SafeString passes unescaped); help text is not escaped,
as `|safe` did.
"""

from __future__ import annotations

import html

from crispy_forms.templatetags.crispy_forms_filters import optgroups
from django import forms
from django.conf import settings
from django.template import Context
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime

VERPLICHT = '<span class="app-required"> (verplicht)</span>'

# the classes `{% crispy_field field 'class' '...' %}` gave each kind of widget
KLASSEN = {
    "checkbox": "utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom",
    "select": "utrecht-select utrecht-select--html-select",
    "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
    "file": "app-file-input",
    "text": "utrecht-textbox utrecht-textbox--html-input",
}


def _tekst(waarde) -> str:
    """`{{ waarde }}` with autoescape on (django.template.base.render_value_in_context)."""
    if type(waarde) is str:
        return html.escape(waarde)  # django.utils.html.escape of a plain str
    waarde = localize(template_localtime(waarde))
    return conditional_escape(waarde if isinstance(waarde, str) else str(waarde))


def _klassen(*waarden) -> str:
    """`{% if x %} {{ x }}{% endif %}` for each value."""
    return "".join(f" {_tekst(waarde)}" for waarde in waarden if waarde)


def _verplicht(field) -> str:
    return VERPLICHT if field.field.required and not field.form.empty_permitted else ""


def _widget(field, soort: str) -> str:
    """`{% crispy_field field 'class' KLASSEN[soort] %}` (crispy_forms_field.CrispyFieldNode, without resolving
    template variables): each (sub)widget's class gets the widget's lower-case class name (or its
    CRISPY_CLASS_CONVERTERS name) and the classes, each once; then the field renders through its form's renderer."""
    widget = field.field.widget
    omzetten = getattr(settings, "CRISPY_CLASS_CONVERTERS", {})
    for w in getattr(widget, "widgets", [getattr(widget, "widget", widget)]):
        naam = w.__class__.__name__.lower()
        naam = omzetten.get(naam, naam)
        css = w.attrs.get("class", "")
        if not css:
            css = naam
        elif css.find(naam) == -1:
            css += " " + naam
        for klasse in KLASSEN[soort].split():
            if klasse not in css.split():
                css += " " + klasse
        w.attrs["class"] = css
    return str(field)


def hulp_en_fouten(field, fouten) -> str:
    """templates/nlds/layout/help_text_and_errors.html for `field` and its `fouten` (without the final newline)."""
    delen = []
    if field.help_text:
        delen.append(
            '<div class="utrecht-form-field__description utrecht-form-field-description"'
            f' id="{_tekst(field.auto_id)}_helptext">{field.help_text}</div>'
        )
    delen.append("\n")
    if fouten:
        delen.append(
            '<div class="utrecht-form-field__error-message utrecht-form-field-error-message"'
            f' id="{_tekst(field.auto_id)}_error">'
        )
        delen.extend(
            f'<p class="app-error-message"><span class="app-visually-hidden">Fout: </span>{_tekst(fout)}</p>'
            for fout in fouten
        )
        delen.append("</div>")
    return "".join(delen)


def _keuzes(field, fouten, tag: str, kader: str, label: str) -> str:
    """A radio or checkbox list: a fieldset with one NLDS radio button or checkbox per choice."""
    describedby = field.aria_describedby
    delen = [
        f'<{tag} id="div_{_tekst(field.auto_id)}" class="utrecht-form-field app-form-field--choices{kader}">\n'
        '<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset"',
        f' aria-describedby="{_tekst(describedby)}"' if describedby else "",
        '>\n<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend'
        f' utrecht-form-label{label}">{_tekst(field.label)}{_verplicht(field)}</legend>\n',
        hulp_en_fouten(field, fouten),
        '\n\n<div class="app-choices">\n',
    ]
    uit = " disabled" if field.field.disabled else ""
    for _groep, opties, _index in optgroups(field):
        for optie in opties:
            attrs = optie["attrs"]
            radio = optie["type"] == "radio"
            soort = "radio" if radio else "checkbox"
            klasse = (
                "utrecht-radio-button utrecht-radio-button--html-input"
                if radio
                else "utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom"
            )
            id_ = _tekst(attrs.get("id", ""))
            waarde = _tekst(str(localize(optie["value"], use_l10n=False)))  # |unlocalize
            vlaggen = (" checked" if attrs.get("checked") else "") + (
                " required" if radio and attrs.get("required") else ""
            )
            delen.append(
                f'\n<div class="utrecht-form-field utrecht-form-field--{soort} app-choice">\n'
                f'<div class="utrecht-form-field__input"><input type="{_tekst(optie["type"])}"'
                f' name="{_tekst(optie["name"])}" value="{waarde}" id="{id_}" class="{klasse}"{vlaggen}{uit}></div>\n'
                f'<div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--{soort}"'
                f' for="{id_}">{_tekst(optie["label"])}</label></div>\n</div>\n'
            )
    delen.append(f"\n</div>\n</fieldset>\n</{tag}>")
    return "".join(delen)


def veld(context: Context) -> SafeString:
    """templates/nlds/field.html (without its final newline) for the context's `field`, `tag`, `wrapper_class`,
    `field_class`, `label_class` and `form_show_labels`."""
    field = context["field"]
    if field.is_hidden:
        return SafeString(_tekst(field))
    widget = field.field.widget
    fouten = field.errors
    tag = _tekst(context.get("tag") or "div")
    kader = (" utrecht-form-field--invalid" if fouten else "") + _klassen(
        context.get("wrapper_class"), context.get("field_class")
    )
    label = (" app-visually-hidden" if context.get("form_show_labels") is False else "") + _klassen(
        context.get("label_class")
    )
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        html_ = _keuzes(field, fouten, tag, kader, label)
    elif isinstance(widget, forms.CheckboxInput):
        html_ = (
            f'<{tag} id="div_{_tekst(field.auto_id)}" class="utrecht-form-field utrecht-form-field--checkbox{kader}">\n'
            f'<div class="utrecht-form-field__input">{_widget(field, "checkbox")}</div>\n'
            '<div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--checkbox'
            f'{label}" for="{_tekst(field.id_for_label)}">{_tekst(field.label)}{_verplicht(field)}</label></div>\n'
            f"{hulp_en_fouten(field, fouten)}\n\n</{tag}>"
        )
    else:
        if isinstance(widget, forms.Select):
            soort = "select"
        elif field.widget_type == "textarea":
            soort = "textarea"
        else:
            soort = "file" if isinstance(widget, forms.FileInput) else "text"
        kop = (
            f'<div class="utrecht-form-field__label"><label class="utrecht-form-label{label}"'
            f' for="{_tekst(field.id_for_label)}">{_tekst(field.label)}{_verplicht(field)}</label></div>'
            if field.label
            else ""
        )
        html_ = (
            f'<{tag} id="div_{_tekst(field.auto_id)}" class="utrecht-form-field utrecht-form-field--'
            f'{"text" if soort == "file" else soort}{kader}">\n{kop}\n{hulp_en_fouten(field, fouten)}\n\n'
            f'<div class="utrecht-form-field__input">{_widget(field, soort)}</div>\n</{tag}>'
        )
    return SafeString(f"\n\n{html_}\n\n")
