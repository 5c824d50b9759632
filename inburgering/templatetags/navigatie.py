"""`{% hoofdnavigatie %}`: the header's main navigation (inburgering.navigatie)."""

from django import template

from inburgering import navigatie

register = template.Library()


@register.simple_tag(takes_context=True)
def hoofdnavigatie(context):
    return navigatie.html(context)
