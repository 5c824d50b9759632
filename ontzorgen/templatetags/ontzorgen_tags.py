from django import template
from django.utils import timezone

from cases.selectors import pagina_waarde
from ontzorgen import rules, selectors

register = template.Library()


@register.filter
def euro(bedrag):
    """'€ 1.234,56' (Dutch money)."""
    return rules.euro(bedrag)


@register.inclusion_tag("ontzorgen/_sectie.html", takes_context=True)
def ontzorgen_sectie(context):
    """The case page's section on ontzorgen, begeleiding and participation (context: casus, mag_bewerken)."""
    casus = context["casus"]
    mag_bewerken = bool(context.get("mag_bewerken"))
    ontzorgen = selectors.ontzorgen_stand(casus, vandaag=timezone.localdate())
    participatie = selectors.participatie_stand(casus)
    return {
        "casus": casus,
        "mag_bewerken": mag_bewerken,
        "o": ontzorgen,
        "p": participatie,
        "taken": selectors.sectie_taken(ontzorgen, participatie, mag_bewerken=mag_bewerken),
        "signalen": pagina_waarde(casus, "pagina_pw_signalen", casus.participatiewet_signalen.count),
    }


@register.inclusion_tag("ontzorgen/_pip_uitvoering.html")
def pip_uitvoering(versie):
    """On a PIP version's page: the ontzorgen and begeleiding records that carry out its agreements."""
    return {"versie": versie, "koppeling": selectors.pip_koppeling(versie)}
