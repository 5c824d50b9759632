from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from .models import AnonimiseringsRapport, Gebruiker, Gemeente, Organisatie, RegelInstelling, Team, Toegangslog
from .regels import DEFAULTS


@admin.register(Organisatie)
class OrganisatieAdmin(SimpleHistoryAdmin):
    search_fields = ["naam"]


@admin.register(Gemeente)
class GemeenteAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "cbs_code", "organisatie", "oin"]
    list_select_related = ["organisatie"]
    search_fields = ["naam", "cbs_code"]


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "organisatie"]
    list_select_related = ["organisatie"]
    filter_horizontal = ["gemeenten"]
    search_fields = ["naam"]


# MFA secrets are never shown in the admin (a QR view would let an admin clone a user's second factor).
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(Gebruiker)
class GebruikerAdmin(UserAdmin, SimpleHistoryAdmin):
    actions = ["mfa_resetten"]

    @admin.action(description="Tweestapsverificatie opnieuw laten instellen (telefoon kwijt)")
    def mfa_resetten(self, request, queryset):
        n = 0
        for user in queryset:
            n += TOTPDevice.objects.filter(user=user).delete()[0] > 0
            StaticDevice.objects.filter(user=user).delete()
        self.message_user(request, f"Bij {n} gebruiker(s) moet de tweestapsverificatie opnieuw worden ingesteld.")

    fieldsets = UserAdmin.fieldsets + (("Organisatie", {"fields": ("functie", "teams")}),)
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    list_filter = ["is_active", "groups", "teams"]
    filter_horizontal = ["groups", "user_permissions", "teams"]


class RegelInstellingForm(forms.ModelForm):
    code = forms.ChoiceField(
        choices=sorted(((c, f"{c} – {r.omschrijving} ({r.eenheid})") for c, r in DEFAULTS.items()), key=lambda x: x[0])
    )

    class Meta:
        model = RegelInstelling
        fields = ["code", "gemeente", "waarde", "ingangsdatum", "toelichting"]


@admin.register(RegelInstelling)
class RegelInstellingAdmin(SimpleHistoryAdmin):
    form = RegelInstellingForm
    list_display = ["code", "omschrijving", "gemeente", "waarde", "eenheid", "ingangsdatum"]
    list_filter = ["code", "gemeente"]
    list_select_related = ["gemeente"]
    search_fields = ["code", "toelichting"]
    date_hierarchy = "ingangsdatum"


class AlleenLezenAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Toegangslog)
class ToegangslogAdmin(AlleenLezenAdmin):
    list_display = ["tijdstip", "gebruikersnaam", "rol", "actie", "casus_id", "url_naam", "ip_adres"]
    list_filter = ["actie", "rol"]
    search_fields = ["gebruikersnaam", "url_naam"]
    date_hierarchy = "tijdstip"
    show_full_result_count = False
    change_list_template = "admin/toegangslog_changelist.html"


@admin.register(AnonimiseringsRapport)
class AnonimiseringsRapportAdmin(AlleenLezenAdmin):
    list_display = ["aangemaakt_op", "peildatum", "bewaartermijn_maanden", "aantal_kandidaten", "uitgevoerd_op", "aantal_geanonimiseerd"]

    @admin.display(description="kandidaten")
    def aantal_kandidaten(self, obj):
        return len(obj.casus_ids)
