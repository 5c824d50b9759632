"""Dutch presentation of SPUK figures: € 134.960,00, 17,5, 70%."""

from django import template

from spuk import rules

register = template.Library()


@register.filter
def euro(bedrag):
    """'€ 134.960,00'."""
    return rules.euro(bedrag)


@register.filter
def aantal(waarde):
    """'17,5', '3', '1.250'."""
    return rules.aantal_nl(waarde)


@register.filter
def procent(factor):
    """A factor as a Dutch percentage: 0.7 → '70%'."""
    if factor is None or factor == "":
        return ""
    return f"{rules.aantal_nl(factor * 100)}%"


@register.filter
def sleutel(mapping, key):
    """mapping[key] in a template (None when missing)."""
    if not mapping:
        return None
    return mapping.get(key)
