"""Form widgets rendered by Jinja2: Django's own widget templates, about twice as fast as the Django engine.

`FORM_RENDERER = "inburgering.formulieren.FormRenderer"`. Every field on every form renders its widget
through the form renderer (a select renders a template per option); Django ships the same widget, form and
error-list templates for Jinja2, which renders them in about half the time. A template that only the
Django engine has (the admin's widgets, for instance) is rendered by that engine, as before.

A select is written out here, with the markup and escaping (markupsafe) of Django's Jinja2 select
templates: those include a template per option, a few microseconds each, and a list of 500 gemeenten
is a select.
"""

from __future__ import annotations

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property
from markupsafe import Markup, escape

SELECT = "django/forms/widgets/select.html"
OPTIE = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, the name alone for True, nothing for False."""
    return "".join(
        f" {escape(k)}" if v is True else f' {escape(k)}="{escape(v)}"' for k, v in attrs.items() if v is not False
    )


def select(widget: dict) -> Markup | None:
    """django/forms/widgets/select.html for this widget context; None when an option has another template."""
    delen = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for groep, opties, _ in widget["optgroups"]:
        if groep:
            delen.append(f'\n  <optgroup label="{escape(groep)}">')
        for o in opties:
            if o["template_name"] != OPTIE:
                return None
            delen.append(f'\n  <option value="{escape(o["value"])}"{_attrs(o["attrs"])}>{escape(o["label"])}</option>')
        if groep:
            delen.append("\n  </optgroup>")
    delen.append("\n</select>")
    return Markup("".join(delen))


class FormRenderer(BaseRenderer):
    @cached_property
    def _jinja2(self) -> Jinja2:
        return Jinja2()

    @cached_property
    def _django(self) -> DjangoTemplates:
        return DjangoTemplates()

    @cached_property
    def _alleen_django(self) -> set[str]:
        return set()

    def render(self, template_name, context, request=None):
        if template_name == SELECT and (html := select(context["widget"])) is not None:
            return html
        return super().render(template_name, context, request=request)

    def get_template(self, template_name):
        if template_name not in self._alleen_django:
            try:
                return self._jinja2.get_template(template_name)
            except TemplateDoesNotExist:
                self._alleen_django.add(template_name)
        return self._django.get_template(template_name)
