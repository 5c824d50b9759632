"""Form widgets rendered by Jinja2: Django's own widget templates, about twice as fast as the Django engine.

`FORM_RENDERER = "inburgering.formulieren.FormRenderer"`. Every field on every form renders its widget
through the form renderer (a select renders a template per option); Django ships the same widget, form and
error-list templates for Jinja2, which renders them in about half the time. A template that only the
Django engine has (the admin's widgets, for instance) is rendered by that engine, as before.
"""

from __future__ import annotations

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property


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

    def get_template(self, template_name):
        if template_name not in self._alleen_django:
            try:
                return self._jinja2.get_template(template_name)
            except TemplateDoesNotExist:
                self._alleen_django.add(template_name)
        return self._django.get_template(template_name)
