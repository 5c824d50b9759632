"""Configuration of the leerroutes for the functioneel beheerder: routes, schools, contracts, providers, API keys.

Case data (offers, hours, exams...) is not in the admin: the beheerder sees no case content.
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from inburgering.regels import DEFAULTS, regel

from . import services
from .models import (
    Contactpersoon,
    Contract,
    ContractPrijs,
    Leerroute,
    Participatieaanbieder,
    SchoolToken,
    Taalaanbieder,
)

# the dated settings that belong to each route (shown on the route; edited as RegelInstelling)
ROUTE_REGELS = {
    "b1": ("leerroute_b1_verwachte_maanden", "afschalen_min_nt2_uren", "gratis_examenpogingen", "map_min_praktijkuren"),
    "onderwijs": ("leerroute_onderwijs_verwachte_maanden", "gratis_examenpogingen"),
    "z": (
        "leerroute_z_verwachte_maanden",
        "zroute_min_cursusuren",
        "zroute_min_participatieuren",
        "map_min_praktijkuren",
    ),
}
ALGEMENE_REGELS = ("schakelen_maanden", "aanwezigheid_signaal_pct", "pvt_min_uren")


@admin.register(Leerroute)
class LeerrouteAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "code", "actief"]
    readonly_fields = ["parameters"]
    fields = ["code", "naam", "omschrijving", "actief", "parameters"]

    @admin.display(description="parameters (regelinstellingen, vandaag geldig)")
    def parameters(self, obj):
        if obj is None or not obj.code:
            return "-"
        codes = ROUTE_REGELS.get(obj.code, ()) + ALGEMENE_REGELS
        rijen = format_html_join(
            "",
            "<li>{}: <strong>{}</strong> {}</li>",
            ((DEFAULTS[c].omschrijving, f"{regel(c).normalize():f}", DEFAULTS[c].eenheid) for c in codes),
        )
        url = reverse("admin:inburgering_regelinstelling_changelist")
        return format_html(
            '<ul>{}</ul><p><a href="{}">Wijzigen met een ingangsdatum (regelinstellingen)</a></p>', rijen, url
        )


class ContactpersoonInline(admin.TabularInline):
    model = Contactpersoon
    extra = 0


class SchoolTokenInline(admin.TabularInline):
    model = SchoolToken
    extra = 0
    fields = ["omschrijving", "prefix", "aangemaakt_op", "laatst_gebruikt_op", "ingetrokken_op"]
    readonly_fields = ["omschrijving", "prefix", "aangemaakt_op", "laatst_gebruikt_op"]
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # keys are made in "API-sleutels scholen", where the key is shown once


@admin.register(Taalaanbieder)
class TaalaanbiederAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "keurmerk", "keurmerk_geldig_tot", "instellingsnummer", "plaats", "actief"]
    list_filter = ["keurmerk", "actief"]
    search_fields = ["naam", "instellingsnummer", "bow_nummer"]
    inlines = [ContactpersoonInline, SchoolTokenInline]
    fieldsets = [
        (None, {"fields": ["naam", "actief"]}),
        ("Keurmerk", {"fields": ["keurmerk", "bow_nummer", "brin", "keurmerk_geldig_tot"]}),
        ("DUO en adres", {"fields": ["instellingsnummer", "postcode", "huisnummer", "plaats", "website"]}),
    ]


class ContractPrijsInline(admin.TabularInline):
    model = ContractPrijs
    extra = 1


@admin.register(Contract)
class ContractAdmin(SimpleHistoryAdmin):
    list_display = ["kenmerk", "taalaanbieder", "geldig_van", "geldig_tot", "prijzen_tekst"]
    list_filter = ["taalaanbieder", "gemeenten"]
    list_select_related = ["taalaanbieder"]
    search_fields = ["kenmerk", "taalaanbieder__naam"]
    filter_horizontal = ["gemeenten"]
    inlines = [ContractPrijsInline]
    date_hierarchy = "geldig_van"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("prijzen__leerroute")

    @admin.display(description="prijzen")
    def prijzen_tekst(self, obj):
        return "; ".join(
            f"{p.leerroute.naam} € {p.prijs:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
            + f" {p.get_eenheid_display()}"
            for p in obj.prijzen.all()
        )


@admin.register(Participatieaanbieder)
class ParticipatieaanbiederAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "biedt_map", "biedt_pvt", "biedt_participatie", "actief"]
    list_filter = ["biedt_map", "biedt_pvt", "actief"]
    search_fields = ["naam"]


@admin.register(SchoolToken)
class SchoolTokenAdmin(SimpleHistoryAdmin):
    """API keys of schools: made here (the key is shown once), revoked by setting 'ingetrokken op'."""

    list_display = ["taalaanbieder", "omschrijving", "prefix", "aangemaakt_op", "laatst_gebruikt_op", "ingetrokken_op"]
    list_filter = ["taalaanbieder"]
    list_select_related = ["taalaanbieder"]
    readonly_fields = ["prefix", "aangemaakt_op", "laatst_gebruikt_op"]
    actions = ["intrekken"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["taalaanbieder", "omschrijving"]
        return ["taalaanbieder", "omschrijving", "prefix", "aangemaakt_op", "laatst_gebruikt_op", "ingetrokken_op"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields + (["taalaanbieder"] if obj else [])

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        token, key = services.schooltoken_aanmaken(
            taalaanbieder=obj.taalaanbieder, omschrijving=obj.omschrijving, door=request.user
        )
        obj.pk = token.pk
        obj.prefix, obj.sleutel_hash = token.prefix, token.sleutel_hash
        messages.warning(
            request,
            f"De API-sleutel voor {token.taalaanbieder} is: {key} — kopieer hem nu en geef hem veilig aan de school. "
            "Hij wordt niet bewaard en is later niet meer te zien.",
        )

    @admin.action(description="Geselecteerde sleutels intrekken")
    def intrekken(self, request, queryset):
        n = queryset.filter(ingetrokken_op__isnull=True).update(ingetrokken_op=timezone.now())
        self.message_user(request, f"{n} sleutel(s) ingetrokken.")
