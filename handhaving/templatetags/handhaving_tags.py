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


@register.inclusion_tag("handhaving/_pip_bezwaren.html", takes_context=True)
def pip_bezwaren(context, versie):
    """The bezwaren against one PIP version, for the PIP version page: `{% pip_bezwaren versie %}`."""
    return {
        "casus": context["casus"],
        "versie": versie,
        "mag_bewerken": bool(context.get("mag_bewerken")),
        "bezwaren": selectors.bezwaren_tegen_pip_versie(versie),
    }
