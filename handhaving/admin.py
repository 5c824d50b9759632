from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Betaalgegevens


@admin.register(Betaalgegevens)
class BetaalgegevensAdmin(SimpleHistoryAdmin):
    """Where fines are paid, per gemeente: printed on the boetebeschikking."""

    list_display = ["gemeente", "iban", "ten_name_van"]
    list_select_related = ["gemeente"]
    search_fields = ["gemeente__naam", "iban"]
