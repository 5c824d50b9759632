"""Form plumbing shared by the apps: the crispy helper of a form and a service's errors on a form."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django.core.exceptions import ValidationError


def helper(*fieldsets) -> FormHelper:
    """A crispy helper without form tag and CSRF; `fieldsets` are (legend, fields) pairs for the layout."""
    h = FormHelper()
    h.form_tag = False
    h.disable_csrf = True
    h.render_hidden_fields = True  # the hidden `versie` of optimistic locking is in no fieldset of a layout
    if fieldsets:
        h.layout = Layout(*[Fieldset(legend, *fields) for legend, fields in fieldsets])
    return h


def fouten_naar_form(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: field errors on their field, the rest on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)
