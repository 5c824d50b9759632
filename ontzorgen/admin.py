from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import VasteLastSoort


@admin.register(VasteLastSoort)
class VasteLastSoortAdmin(SimpleHistoryAdmin):
    """Kinds of fixed costs paid from the bijstand; the 'standaard' ones get a row in every new record."""

    list_display = ["naam", "standaard", "actief", "volgorde"]
    list_editable = ["standaard", "actief", "volgorde"]
    list_filter = ["standaard", "actief"]
    search_fields = ["naam"]
