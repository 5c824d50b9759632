"""`{% nlds_veld %}`, `{% nlds_velden form %}` and `{% nlds_hulp_en_fouten %}`: the nlds pack's fields from inburgering.nlds."""

from django import template
from django.utils.safestring import SafeString

from inburgering import nlds

register = template.Library()


@register.simple_tag(takes_context=True)
def nlds_veld(context):
    """templates/nlds/field.html: the context's `field` as an NLDS form field."""
    return nlds.veld(context)


@register.simple_tag(takes_context=True)
def nlds_hulp_en_fouten(context):
    """templates/nlds/layout/help_text_and_errors.html: the context's `field`'s help text and errors."""
    field = context["field"]
    return SafeString(nlds.hulp_en_fouten(field, field.errors))


@register.simple_tag(takes_context=True)
def nlds_velden(context, form):
    """`{% for field in form %}{% include "nlds/field.html" %}{% endfor %}` without an include per field."""
    delen = []
    for field in form:
        with context.push(field=field):
            delen.append(nlds.veld(context) + "\n")
    return SafeString("".join(delen))
