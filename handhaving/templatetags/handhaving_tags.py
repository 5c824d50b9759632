from django import template

from handhaving import rules, selectors

register = template.Library()


@register.filter
def euro(bedrag):
    """'€ 1.234,56'."""
    return rules.euro(bedrag)


@register.inclusion_tag("handhaving/_sectie.html", takes_context=True)
def handhaving_sectie(context):
    """The handhaving and bezwaar section of the case page (context: casus, mag_bewerken)."""
    casus = context["casus"]
    return {
        "casus": casus,
        "mag_bewerken": bool(context.get("mag_bewerken")),
        "stand": selectors.casus_handhaving(casus),
    }
