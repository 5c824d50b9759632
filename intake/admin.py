from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import IntroductieItem


@admin.register(IntroductieItem)
class IntroductieItemAdmin(SimpleHistoryAdmin):
    """The introductieweek checklist: which items every new case gets, in which order."""

    list_display = ["naam", "volgorde", "actief", "toelichting"]
    list_editable = ["volgorde", "actief"]
    list_filter = ["actief"]
    search_fields = ["naam", "toelichting"]
