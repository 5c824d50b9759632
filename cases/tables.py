import django_tables2 as tables
from django.urls import reverse
from django.utils.functional import cached_property

from .models import Casus


class CaseloadTable(tables.Table):
    """Columns, sorting and pagination of a list of cases; its template writes the cells."""

    naam = tables.Column(
        verbose_name="Naam",
        accessor="inburgeraar__achternaam",
        order_by=("inburgeraar__achternaam", "inburgeraar__voornamen"),
    )
    bsn = tables.Column(verbose_name="BSN", accessor="inburgeraar__bsn_laatste4", orderable=False)
    doelgroep = tables.Column(verbose_name="Doelgroep")
    status = tables.Column(verbose_name="Status")
    consultant = tables.Column(verbose_name="Consultant", order_by=("consultant__first_name", "consultant__last_name"))
    gemeente = tables.Column(verbose_name="Gemeente", accessor="gemeente__naam")
    datum_brp_inschrijving = tables.Column(verbose_name="BRP-inschrijving")

    class Meta:
        model = Casus
        fields = ("naam", "bsn", "doelgroep", "status", "consultant", "gemeente", "datum_brp_inschrijving")
        order_by = ("naam",)
        empty_text = "Geen casussen gevonden."
        template_name = "cases/caseload_tabel.html"  # the cells are written out there

    def __init__(self, *args, caption="Casussen", **kwargs):
        super().__init__(*args, **kwargs)
        self.caption = caption

    @cached_property
    def detail_url(self) -> str:
        """/casussen/ : one reverse() per page instead of one per row."""
        return reverse("cases:detail", args=[0]).removesuffix("0/")
