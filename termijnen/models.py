"""Deadlines as rows, the work-list items the sweep makes of them, and the daily digest.

- `Termijn`: one open deadline of a case (PIP due, voortgangsgesprek due, ...). The rows are
  computed by the rules (`termijnen.bronnen`) and upserted or closed by a recompute
  (`termijnen.services.termijnen_herberekenen`), never by hand. At most one open row per
  (case, kind, key); a closed row is kept as history.
- `WerkItem`: what the sweep puts on the responsible consultant's work list when a deadline
  reaches a stage (vooraankondiging, binnenkort, te laat); one open item per deadline per stage.
- `Digest`: the daily e-mail per user (one per user per day).
- `HerberekenVerzoek`: a case whose data changed, written in the same transaction as the change
  (transactional outbox); processed after the request and by a beat task.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cases.models import Casus

from . import rules


class Soort(models.TextChoices):
    PIP_WETTELIJK = "pip_wettelijk", "Wettelijke termijn PIP"
    PIP_LOKAAL = "pip_lokaal", "Eigen streeftermijn PIP"
    LBT_PLANNEN = "lbt_plannen", "Leerbaarheidstoets plannen"
    VOORTGANGSGESPREK = "voortgangsgesprek", "Voortgangsgesprek"
    SCHAKELEN = "schakelen", "Laatste dag schakelen van leerroute"
    TERMIJN_EIND = "termijn_eind", "Einde inburgeringstermijn"
    ONTZORGEN_EVALUATIE = "ontzorgen_evaluatie", "Evaluatie ontzorgen"
    BEZWAAR_BESLISSEN = "bezwaar_beslissen", "Beslissen op bezwaar"
    BOETE_BETALEN = "boete_betalen", "Betaling boete"
    WAARSCHUWING_OPVOLGEN = "waarschuwing_opvolgen", "Waarschuwing opvolgen"


class Fase(models.IntegerChoices):
    GEPLAND = rules.GEPLAND, "Gepland"
    VOORAANKONDIGING = rules.VOORAANKONDIGING, "Vooraankondiging"
    BINNENKORT = rules.BINNENKORT, "Binnenkort"
    TE_LAAT = rules.TE_LAAT, "Te laat"


OPEN = Q(gesloten_op__isnull=True)


class Termijn(models.Model):
    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="termijnen")
    soort = models.CharField(max_length=30, choices=Soort.choices)
    sleutel = models.CharField(
        max_length=40, blank=True, default="", help_text="Onderscheidt termijnen van dezelfde soort (bijv. per bezwaar)"
    )
    uiterlijk = models.DateField("uiterste datum")
    berekend = models.DateField("berekende datum", help_text="Vóór verschuiving door de Algemene termijnenwet")
    vooraankondiging_op = models.DateField(null=True, blank=True)
    signaal_op = models.DateField("binnenkort vanaf", null=True, blank=True)
    te_laat_op = models.DateField("te laat vanaf", null=True, blank=True)
    fase = models.PositiveSmallIntegerField(choices=Fase.choices, default=Fase.GEPLAND)
    volgende_fase_op = models.DateField(null=True, blank=True, help_text="Wanneer de sweep de termijn weer bekijkt")
    verantwoordelijke = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # the index (verantwoordelijke, uiterlijk) serves
    )
    omschrijving = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=300, blank=True)
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    gewijzigd_op = models.DateTimeField(default=timezone.now)
    gesloten_op = models.DateTimeField(null=True, blank=True)
    sluitreden = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "termijn"
        verbose_name_plural = "termijnen"
        ordering = ["uiterlijk", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["casus", "soort", "sleutel"], condition=OPEN, name="termijn_een_open_per_soort"
            ),
        ]
        indexes = [
            # the sweep: open rows whose next stage has come, oldest first
            models.Index(
                fields=["volgende_fase_op", "id"],
                condition=OPEN & Q(volgende_fase_op__isnull=False),
                name="termijn_open_volgende_fase",
            ),
            # the work list and the header counts per responsible user (and the user foreign key)
            models.Index(fields=["verantwoordelijke", "uiterlijk"], name="termijn_per_gebruiker"),
        ]

    def __str__(self):
        return f"{self.get_soort_display()} uiterlijk {self.uiterlijk:%d-%m-%Y}"

    @property
    def is_open(self) -> bool:
        return self.gesloten_op is None


class WerkItem(models.Model):
    class Afhandeling(models.TextChoices):
        OPGEVOLGD = "opgevolgd", "Opgevolgd door een latere fase"
        VERSCHOVEN = "verschoven", "Termijn verschoven"
        VOLDAAN = "voldaan", "Termijn voldaan of vervallen"

    # Items are derived rows, inserted by the sweep from deadline rows it holds locked: no database-level
    # foreign key checks (one per row at commit), Django still cascades deletes (on_delete).
    termijn = models.ForeignKey(Termijn, on_delete=models.CASCADE, related_name="items", db_constraint=False)
    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="werkitems", db_constraint=False)
    fase = models.PositiveSmallIntegerField(choices=Fase.choices)
    uiterlijk = models.DateField()
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    gemeld_op = models.DateTimeField("in een dagoverzicht gemeld op", null=True, blank=True)
    afgehandeld_op = models.DateTimeField(null=True, blank=True)
    afhandeling = models.CharField(max_length=12, choices=Afhandeling.choices, blank=True)

    class Meta:
        verbose_name = "werkvoorraaditem"
        verbose_name_plural = "werkvoorraaditems"
        ordering = ["uiterlijk", "pk"]
        constraints = [
            # also the index for 'open items of these deadlines'
            models.UniqueConstraint(
                fields=["termijn", "fase"], condition=Q(afgehandeld_op__isnull=True), name="werkitem_een_per_fase"
            ),
        ]

    def __str__(self):
        return f"{self.termijn.get_soort_display()} – {self.get_fase_display().lower()}"

    @property
    def is_open(self) -> bool:
        return self.afgehandeld_op is None


class Digest(models.Model):
    """The daily e-mail of one user: claimed (a row) before it is sent, at most one per user per day."""

    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    datum = models.DateField()
    claim = models.CharField(max_length=32)
    geclaimd_op = models.DateTimeField(default=timezone.now)
    verzonden_op = models.DateTimeField(null=True, blank=True)
    aantal_nieuw = models.PositiveIntegerField(default=0)
    aantal_te_laat = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "dagoverzicht"
        verbose_name_plural = "dagoverzichten"
        ordering = ["-datum", "gebruiker"]
        constraints = [models.UniqueConstraint(fields=["gebruiker", "datum"], name="digest_een_per_dag")]

    def __str__(self):
        return f"Dagoverzicht {self.gebruiker} {self.datum:%d-%m-%Y}"


class HerberekenVerzoek(models.Model):
    """A case whose deadlines must be recomputed (written with the change that caused it)."""

    casus_id = models.BigIntegerField()
    aangemaakt_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "herberekenverzoek"
        verbose_name_plural = "herberekenverzoeken"
        ordering = ["pk"]

    def __str__(self):
        return f"Herbereken casus {self.casus_id}"
