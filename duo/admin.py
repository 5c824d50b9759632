from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from inburgering.admin import AlleenLezenAdmin

from . import services
from .models import Bericht, DuoInstelling, Notificatie


@admin.register(DuoInstelling)
class DuoInstellingAdmin(SimpleHistoryAdmin):
    """Per gemeente: the team (and consultant) of cases opened by a DUO notification."""

    list_display = ["gemeente", "oin", "standaard_team", "standaard_consultant", "pip_automatisch_melden"]
    list_select_related = ["gemeente", "standaard_team", "standaard_consultant"]
    search_fields = ["gemeente__naam"]

    @admin.display(description="OIN")
    def oin(self, obj):
        return obj.gemeente.oin or "— (niet ingevuld: geen uitwisseling)"


class OnbekendFilter(admin.SimpleListFilter):
    title = "vraagt aandacht"
    parameter_name = "aandacht"

    def lookups(self, request, model_admin):
        return [("ja", "Onbekende gebeurtenis, aandacht of fout")]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(
                status__in=[Notificatie.Status.ONBEKEND, Notificatie.Status.AANDACHT, Notificatie.Status.FOUT]
            )
        return queryset


@admin.register(Notificatie)
class NotificatieAdmin(AlleenLezenAdmin):
    """Every notification DUO posted, as received; unknown gebeurtenissen are kept here, not dropped."""

    list_display = [
        "ontvangen_op",
        "gebeurtenis_id",
        "omschrijving",
        "status",
        "bsn_gemaskeerd",
        "gemeente",
        "casus_id",
        "resultaat_kort",
    ]
    list_filter = [OnbekendFilter, "status", "gebeurtenis_id", "gemeente"]
    list_select_related = ["gemeente"]
    search_fields = ["gebeurtenis_id", "=bericht_id"]
    date_hierarchy = "ontvangen_op"
    exclude = ["bsn_versleuteld", "bsn_hmac"]
    readonly_fields = ["bsn_gemaskeerd", "omschrijving"]
    actions = ["opnieuw_verwerken"]

    @admin.display(description="resultaat")
    def resultaat_kort(self, obj):
        return (obj.resultaat[:120] + "…") if len(obj.resultaat) > 120 else obj.resultaat

    def has_herverwerken_permission(self, request):
        return request.user.has_perm("duo.view_notificatie")

    @admin.action(description="Opnieuw verwerken (na aandacht of fout)", permissions=["herverwerken"])
    def opnieuw_verwerken(self, request, queryset):
        n = 0
        for notificatie in queryset.filter(status__in=[Notificatie.Status.AANDACHT, Notificatie.Status.FOUT]):
            services.notificatie_opnieuw_verwerken(notificatie=notificatie, door=request.user)
            n += 1
        self.message_user(request, f"{n} notificatie(s) opnieuw in behandeling genomen.", messages.SUCCESS)


@admin.register(Bericht)
class BerichtAdmin(AlleenLezenAdmin):
    """The outbox: every melding to DUO with its state, attempts and DUO's answer."""

    list_display = [
        "aangemaakt_op",
        "soort",
        "status",
        "gemeente",
        "casus_id",
        "pogingen",
        "volgende_poging_op",
        "http_status",
        "fouten",
    ]
    list_filter = ["status", "soort", "gemeente"]
    list_select_related = ["gemeente"]
    date_hierarchy = "aangemaakt_op"
    exclude = ["bsn_versleuteld", "bsn_hmac"]
    readonly_fields = ["bsn_gemaskeerd"]
