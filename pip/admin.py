from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Briefpapier


@admin.register(Briefpapier)
class BriefpapierAdmin(SimpleHistoryAdmin):
    """Letterhead of the beschikking per gemeente (address, phone and website live on the gemeente)."""

    list_display = ["gemeente", "afzender", "ondertekenaar_naam", "heeft_logo"]
    list_select_related = ["gemeente"]
    search_fields = ["gemeente__naam"]

    @admin.display(boolean=True, description="logo")
    def heeft_logo(self, obj):
        return bool(obj.logo)
