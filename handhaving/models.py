"""Handhaving: enforcement procedures, their steps, the boetebeschikking and bezwaar against any beschikking.

Written only through `handhaving.services`. A boetebeschikking is immutable once made (only its
PDF may be added, once), like a vastgestelde PIP version.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cases.models import Casus
from inburgering.models import Gemeente
from pip.models import PipVersie

from . import rules
from .workflow import Status


class Soort(models.TextChoices):
    BREDE_INTAKE = rules.BREDE_INTAKE, "Brede intake niet bijgewoond of niet meegewerkt"
    PIP = rules.PIP, "Afspraken uit het PIP niet nagekomen"
    ONTZORGEN_MACHTIGING = rules.ONTZORGEN_MACHTIGING, "Machtiging ontzorgen geweigerd (Participatiewet)"
    PARTICIPATIEWET = rules.PARTICIPATIEWET, "Verplichting uit de Participatiewet niet nagekomen"


class Verwijtbaarheid(models.TextChoices):
    GEEN = rules.GEEN, "Geen verwijtbaarheid (geen boete)"
    VERMINDERD = rules.VERMINDERD, "Verminderde verwijtbaarheid"
    NORMAAL = rules.NORMAAL, "Normale verwijtbaarheid"
    GROVE_SCHULD = rules.GROVE_SCHULD, "Grove schuld"
    OPZET = rules.OPZET, "Opzet"


class Zienswijze(models.TextChoices):
    SCHRIFTELIJK = rules.SCHRIFTELIJK, "Schriftelijke zienswijze ontvangen"
    GEHOORD = rules.GEHOORD, "Mondeling gehoord (hoorzitting)"
    NIET_VERSCHENEN = rules.NIET_VERSCHENEN, "Uitgenodigd voor horen, niet verschenen"
    GEEN_REACTIE = rules.GEEN_REACTIE, "Geen reactie binnen de termijn"


# Short names for running text: "Handhaving PIP-afspraken: voornemen tot boete van € 25,00".
SOORT_KORT = {
    Soort.BREDE_INTAKE: "brede intake",
    Soort.PIP: "PIP-afspraken",
    Soort.ONTZORGEN_MACHTIGING: "machtiging ontzorgen",
    Soort.PARTICIPATIEWET: "Participatiewet",
}

BEDRAG = {"max_digits": 8, "decimal_places": 2}


class Handhavingsprocedure(models.Model):
    """One signal and everything that follows from it, up to a paid, remitted or withdrawn fine."""

    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="handhavingsprocedures")
    soort = models.CharField("soort overtreding", max_length=30, choices=Soort.choices)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.SIGNAAL, editable=False)
    datum_constatering = models.DateField("datum van de overtreding")
    feiten = models.TextField("wat is er gebeurd", help_text="De feiten: wat, wanneer, welke afspraak.")
    pip_versie = models.ForeignKey(
        PipVersie, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    verwijtbaarheid = models.CharField(max_length=20, choices=Verwijtbaarheid.choices, blank=True, editable=False)
    verwijtbaarheid_motivering = models.TextField(blank=True, editable=False)

    waarschuwing_op = models.DateField("schriftelijke waarschuwing verstuurd op", null=True, blank=True, editable=False)
    waarschuwing_inhoud = models.TextField(blank=True, editable=False)

    voornemen_op = models.DateField(null=True, blank=True, editable=False)
    zienswijze_tot = models.DateField("zienswijze mogelijk tot en met", null=True, blank=True, editable=False)
    volgnummer = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    berekend_bedrag = models.DecimalField(**BEDRAG, null=True, blank=True, editable=False)
    bedrag = models.DecimalField(**BEDRAG, null=True, blank=True, editable=False)
    verlaging_motivering = models.TextField(blank=True, editable=False)
    berekening = models.TextField("berekening van het bedrag", blank=True, editable=False)

    zienswijze_soort = models.CharField(max_length=20, choices=Zienswijze.choices, blank=True, editable=False)
    zienswijze_op = models.DateField(null=True, blank=True, editable=False)
    zienswijze_samenvatting = models.TextField(blank=True, editable=False)

    juridische_toets_op = models.DateField(null=True, blank=True, editable=False)
    jurist = models.CharField(max_length=200, blank=True, editable=False)
    juridische_toets_akkoord = models.BooleanField(null=True, blank=True, editable=False)
    juridische_toets_motivering = models.TextField(blank=True, editable=False)

    te_betalen = models.DecimalField(**BEDRAG, null=True, blank=True, editable=False)
    afgesloten_op = models.DateField(null=True, blank=True, editable=False)

    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)
    versie = models.PositiveIntegerField(default=1, editable=False, help_text="Optimistische vergrendeling")
    history = HistoricalRecords(excluded_fields=["gewijzigd_op", "versie"])

    class Meta:
        verbose_name = "handhavingsprocedure"
        verbose_name_plural = "handhavingsprocedures"
        ordering = ["-aangemaakt_op", "-pk"]
        indexes = [models.Index(fields=["status", "casus"], name="handhaving_status_casus")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(soort="pip") | models.Q(pip_versie__isnull=False),
                name="handhaving_pip_boete_heeft_pip",
            ),
            models.CheckConstraint(
                condition=models.Q(bedrag__isnull=True) | models.Q(bedrag__gt=0),
                name="handhaving_bedrag_positief",
            ),
        ]

    def __str__(self):
        return f"{self.get_soort_display()} ({self.get_status_display().lower()})"

    def get_absolute_url(self):
        return reverse("handhaving:detail", kwargs={"casus_pk": self.casus_id, "procedure_pk": self.pk})

    @property
    def soort_kort(self) -> str:
        return SOORT_KORT.get(self.soort, self.soort)

    @property
    def is_boete(self) -> bool:
        return self.soort in rules.BOETE_SOORTEN

    @property
    def is_open(self) -> bool:
        from .workflow import is_open

        return is_open(self.status)


class ProcedureStap(models.Model):
    """Append-only: one row per step of a procedure (who, when, the date of the step, why)."""

    procedure = models.ForeignKey(Handhavingsprocedure, on_delete=models.CASCADE, related_name="stappen")
    van = models.CharField(max_length=30, choices=Status.choices, blank=True)
    naar = models.CharField(max_length=30, choices=Status.choices)
    datum = models.DateField("datum van de stap")
    motivering = models.TextField(blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    tijdstip = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "procedurestap"
        verbose_name_plural = "procedurestappen"
        ordering = ["tijdstip", "pk"]

    def __str__(self):
        return f"{self.get_naar_display()} ({self.datum:%d-%m-%Y})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Een processtap wordt alleen toegevoegd, nooit gewijzigd.")
        super().save(*args, **kwargs)


def pdf_pad(instance, filename):
    return f"handhaving/{instance.casus_id}/boetebeschikking-{instance.procedure_id}.pdf"


PDF_VELDEN = frozenset({"pdf", "pdf_sha256", "pdf_gemaakt_op"})


class Boetebeschikking(models.Model):
    """The decision imposing the fine. Immutable once made; only its PDF is added, once."""

    procedure = models.OneToOneField(Handhavingsprocedure, on_delete=models.PROTECT, related_name="beschikking")
    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="boetebeschikkingen")
    kenmerk = models.CharField(max_length=40, unique=True)
    dagtekening = models.DateField()
    bedrag = models.DecimalField(**BEDRAG)
    betalen_voor = models.DateField("betalen vóór")
    einde_bezwaartermijn = models.DateField()
    beschikking_html = models.TextField(blank=True)
    pdf = models.FileField(upload_to=pdf_pad, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    pdf_gemaakt_op = models.DateTimeField(null=True, blank=True)
    vastgesteld_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    vastgesteld_op = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["beschikking_html"])

    class Meta:
        verbose_name = "boetebeschikking"
        verbose_name_plural = "boetebeschikkingen"
        ordering = ["-dagtekening", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(bedrag__gt=0), name="boetebeschikking_bedrag_positief")
        ]

    def __str__(self):
        return f"Boetebeschikking {self.kenmerk}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = Boetebeschikking.objects.filter(pk=self.pk).values("pdf").first()
            update_fields = set(kwargs.get("update_fields") or ())
            if stored and (not update_fields or not update_fields <= PDF_VELDEN or stored["pdf"]):
                raise ValidationError("Een boetebeschikking kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.procedure.get_absolute_url()

    def delete(self, *args, **kwargs):
        raise ValidationError("Een boetebeschikking kan niet worden verwijderd.")


class Uitkomst(models.TextChoices):
    ONGEGROND = rules.ONGEGROND, "Ongegrond"
    GEGROND = rules.GEGROND, "Gegrond"
    DEELS_GEGROND = rules.DEELS_GEGROND, "Deels gegrond"
    NIET_ONTVANKELIJK = rules.NIET_ONTVANKELIJK, "Niet-ontvankelijk"
    INGETROKKEN = rules.INGETROKKEN, "Ingetrokken door de indiener"


class Gevolg(models.TextChoices):
    GEEN = rules.GEVOLG_GEEN, "Geen: de beschikking blijft staan"
    NIEUWE_PIP_VERSIE = rules.NIEUWE_PIP_VERSIE, "Nieuwe PIP-versie opstellen"
    BOETE_INGETROKKEN = rules.BOETE_INGETROKKEN, "Boete ingetrokken"
    BOETE_VERLAAGD = rules.BOETE_VERLAAGD, "Boete verlaagd"


class Bezwaar(models.Model):
    """A bezwaar against one beschikking of the case: a PIP version or a boetebeschikking (exactly one)."""

    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="bezwaren")
    pip_versie = models.ForeignKey(PipVersie, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    boetebeschikking = models.ForeignKey(
        Boetebeschikking, on_delete=models.PROTECT, null=True, blank=True, related_name="bezwaren"
    )
    ontvangen_op = models.DateField("bezwaarschrift ontvangen op")
    gronden = models.TextField("gronden van het bezwaar", help_text="Waarom is de indiener het niet eens?")
    einde_bezwaartermijn = models.DateField(editable=False)
    te_laat = models.BooleanField("buiten de bezwaartermijn", default=False, editable=False)
    beslissen_voor = models.DateField("beslissen vóór", editable=False)

    hoorzitting_op = models.DateField(null=True, blank=True, editable=False)
    hoorzitting_verslag = models.TextField(blank=True, editable=False)
    horen_afgezien_reden = models.TextField("reden om af te zien van horen", blank=True, editable=False)

    uitkomst = models.CharField(max_length=20, choices=Uitkomst.choices, blank=True, editable=False)
    beslist_op = models.DateField(null=True, blank=True, editable=False)
    beslissing_motivering = models.TextField(blank=True, editable=False)
    gevolg = models.CharField(max_length=20, choices=Gevolg.choices, blank=True, editable=False)
    nieuw_bedrag = models.DecimalField(**BEDRAG, null=True, blank=True, editable=False)
    nieuwe_pip_versie = models.ForeignKey(
        PipVersie, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    versie = models.PositiveIntegerField(default=1, editable=False, help_text="Optimistische vergrendeling")
    history = HistoricalRecords(excluded_fields=["versie"])

    class Meta:
        verbose_name = "bezwaar"
        verbose_name_plural = "bezwaren"
        ordering = ["-ontvangen_op", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(pip_versie__isnull=False) & models.Q(boetebeschikking__isnull=True))
                | (models.Q(pip_versie__isnull=True) & models.Q(boetebeschikking__isnull=False)),
                name="bezwaar_tegen_precies_een_beschikking",
            ),
            models.UniqueConstraint(
                fields=["pip_versie"], condition=models.Q(uitkomst=""), name="bezwaar_een_open_per_pip_versie"
            ),
            models.UniqueConstraint(
                fields=["boetebeschikking"], condition=models.Q(uitkomst=""), name="bezwaar_een_open_per_boete"
            ),
        ]

    def __str__(self):
        return f"Bezwaar tegen {self.beschikking_label}"

    def get_absolute_url(self):
        return reverse("handhaving:bezwaar_detail", kwargs={"casus_pk": self.casus_id, "bezwaar_pk": self.pk})

    @property
    def is_open(self) -> bool:
        return not self.uitkomst

    @property
    def tegen(self) -> str:
        return "pip" if self.pip_versie_id else "boete"

    @property
    def beschikking_label(self) -> str:
        if self.pip_versie_id:
            return f"PIP versie {self.pip_versie.versie}"
        return f"boetebeschikking {self.boetebeschikking.kenmerk}"


class Betaalgegevens(models.Model):
    """Where a fine is paid, per gemeente (printed on the boetebeschikking). Edited by the beheerder."""

    gemeente = models.OneToOneField(Gemeente, on_delete=models.CASCADE, related_name="betaalgegevens")
    iban = models.CharField("IBAN", max_length=34, blank=True)
    ten_name_van = models.CharField("ten name van", max_length=200, blank=True)
    toelichting = models.TextField(
        blank=True, help_text="Bijvoorbeeld: hoe iemand een betalingsregeling of kwijtschelding aanvraagt."
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "betaalgegevens"
        verbose_name_plural = "betaalgegevens"

    def __str__(self):
        return f"Betaalgegevens {self.gemeente}"
