from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Gebruiker, Gemeente, Organisatie, RegelInstelling, Team
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


@admin.register(Gebruiker)
class GebruikerAdmin(UserAdmin, SimpleHistoryAdmin):
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
