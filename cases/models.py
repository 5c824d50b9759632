"""The register: inburgeraars, their cases, status transitions, timeline and documents."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from inburgering import crypto
from inburgering.models import Gemeente, Team

from .rules import maskeer_bsn, volledige_naam
from .workflow import Status


class Doelgroep(models.TextChoices):
    ASIELSTATUSHOUDER = "asielstatushouder", "Asielstatushouder (art. 13-1-a)"
    GEZINSLID_ASIELSTATUSHOUDER = "gezinslid_asielstatushouder", "Gezinslid asielstatushouder (art. 13-1-b)"
    GEZINSMIGRANT = "gezinsmigrant", "Gezinsmigrant"
    OVERIGE_MIGRANT = "overige_migrant", "Overige migrant"


ASIEL_DOELGROEPEN = frozenset({Doelgroep.ASIELSTATUSHOUDER, Doelgroep.GEZINSLID_ASIELSTATUSHOUDER})


class Geslacht(models.TextChoices):
    MAN = "M", "Man"
    VROUW = "V", "Vrouw"
    ANDERS = "X", "Anders / onbekend"


class Inburgeraar(models.Model):
    """A person. The BSN is stored encrypted; it is found through a keyed HMAC."""

    bsn_versleuteld = models.TextField(editable=False)
    bsn_hmac = models.CharField(max_length=64, unique=True, editable=False)
    bsn_laatste4 = models.CharField(max_length=4, db_index=True, editable=False)
    v_nummer = models.CharField("V-nummer", max_length=10, blank=True)
    voornamen = models.CharField(max_length=200)
    tussenvoegsel = models.CharField(max_length=20, blank=True)
    achternaam = models.CharField(max_length=200, db_index=True)
    geboortedatum = models.DateField()
    geslacht = models.CharField(max_length=1, choices=Geslacht.choices, default=Geslacht.ANDERS)
    nationaliteit = models.CharField(max_length=100, blank=True)
    talen = models.CharField("gesproken talen", max_length=300, blank=True, help_text="Gescheiden door komma's")
    tolk_nodig = models.BooleanField("tolk nodig", default=False)
    tolk_taal = models.CharField("taal van de tolk", max_length=100, blank=True)
    telefoon = models.CharField(max_length=40, blank=True)
    email = models.EmailField("e-mailadres", blank=True)
    straat = models.CharField("straat en huisnummer", max_length=200, blank=True)
    postcode = models.CharField(max_length=7, blank=True)
    woonplaats = models.CharField(max_length=100, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    geanonimiseerd_op = models.DateTimeField(null=True, blank=True, editable=False)
    versie = models.PositiveIntegerField(default=1, editable=False, help_text="Optimistische vergrendeling")
    history = HistoricalRecords(excluded_fields=["bsn_versleuteld", "bsn_hmac", "versie"])

    class Meta:
        verbose_name = "inburgeraar"
        verbose_name_plural = "inburgeraars"
        ordering = ["achternaam", "voornamen"]

    def __str__(self):
        return self.volledige_naam

    @property
    def volledige_naam(self):
        return volledige_naam(self.voornamen, self.tussenvoegsel, self.achternaam)

    @property
    def bsn(self) -> str:
        return crypto.decrypt(self.bsn_versleuteld) if self.bsn_versleuteld else ""

    def zet_bsn(self, bsn: str) -> None:
        self.bsn_versleuteld = crypto.encrypt(bsn)
        self.bsn_hmac = crypto.bsn_hmac(bsn)
        self.bsn_laatste4 = bsn[-4:]

    @property
    def bsn_gemaskeerd(self) -> str:
        return maskeer_bsn(self.bsn_laatste4)


class Gezinslid(models.Model):
    class Relatie(models.TextChoices):
        PARTNER = "partner", "Partner"
        KIND = "kind", "Kind"
        OVERIG = "overig", "Overig"

    inburgeraar = models.ForeignKey(Inburgeraar, on_delete=models.CASCADE, related_name="gezinsleden")
    relatie = models.CharField(max_length=10, choices=Relatie.choices)
    naam = models.CharField(max_length=200)
    geboortejaar = models.PositiveSmallIntegerField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "gezinslid"
        verbose_name_plural = "gezinsleden"
        ordering = ["relatie", "geboortejaar"]

    def __str__(self):
        return f"{self.get_relatie_display()}: {self.naam}"


class Casus(models.Model):
    """The inburgering case of one person in one gemeente; at most one active per person."""

    inburgeraar = models.ForeignKey(Inburgeraar, on_delete=models.PROTECT, related_name="casussen")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="casussen")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="casussen")
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caseload",
        verbose_name="consultant",
    )
    doelgroep = models.CharField(max_length=40, choices=Doelgroep.choices)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.AANGEMELD, editable=False)
    actief = models.BooleanField(default=True, editable=False)
    datum_kennisgeving = models.DateField("datum DUO-kennisgeving", null=True, blank=True)
    datum_koppeling = models.DateField("datum koppeling aan gemeente", null=True, blank=True)
    datum_huisvesting = models.DateField("datum huisvesting", null=True, blank=True)
    datum_brp_inschrijving = models.DateField("datum BRP-inschrijving", null=True, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)
    afgesloten_op = models.DateTimeField(null=True, blank=True, editable=False)
    versie = models.PositiveIntegerField(default=1, editable=False, help_text="Optimistische vergrendeling")
    history = HistoricalRecords(excluded_fields=["gewijzigd_op", "versie"])

    class Meta:
        verbose_name = "casus"
        verbose_name_plural = "casussen"
        ordering = ["-aangemaakt_op"]
        constraints = [
            models.UniqueConstraint(
                fields=["inburgeraar"], condition=models.Q(actief=True), name="een_actieve_casus_per_persoon"
            ),
        ]
        indexes = [
            models.Index(fields=["consultant", "status"], name="casus_consultant_status"),
            models.Index(fields=["team", "status"], name="casus_team_status"),
        ]
        permissions = [("toewijzen_casus", "Mag casussen toewijzen aan consultants")]

    def __str__(self):
        return f"Casus {self.pk} – {self.inburgeraar}"

    def get_absolute_url(self):
        return reverse("cases:detail", args=[self.pk])

    @property
    def is_asiel(self) -> bool:
        return self.doelgroep in ASIEL_DOELGROEPEN


class StatusOvergang(models.Model):
    """Append-only: one row per status transition."""

    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="overgangen")
    van = models.CharField(max_length=30, choices=Status.choices, blank=True)
    naar = models.CharField(max_length=30, choices=Status.choices)
    toelichting = models.TextField(blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    tijdstip = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "statusovergang"
        verbose_name_plural = "statusovergangen"
        ordering = ["tijdstip", "pk"]

    def __str__(self):
        return f"{self.van or '—'} → {self.naar}"


class TijdlijnGebeurtenis(models.Model):
    """One event on the case timeline. Apps add their own `soort` values."""

    # One index besides the key: tijdlijn_casus_tijd (casus, -tijdstip) serves every read (the timeline is
    # only read per case). Each index less on a table of millions of rows makes every insert cheaper (the
    # nightly sweep writes one row per item): no index on casus, tijdstip or door of their own. Deleting a
    # user (PROTECT: refused while they are named here; staff are deactivated, not deleted) scans the table.
    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="tijdlijn", db_index=False)
    tijdstip = models.DateTimeField(auto_now_add=True)
    soort = models.CharField(max_length=40)
    titel = models.CharField(max_length=200)
    omschrijving = models.TextField(blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", db_index=False
    )
    url = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "tijdlijngebeurtenis"
        verbose_name_plural = "tijdlijngebeurtenissen"
        ordering = ["-tijdstip", "-pk"]
        indexes = [models.Index(fields=["casus", "-tijdstip"], name="tijdlijn_casus_tijd")]

    def __str__(self):
        return self.titel


def document_pad(instance, filename):
    return f"documenten/{instance.casus_id}/{instance.uuid}"


class Document(models.Model):
    class Soort(models.TextChoices):
        BESCHIKKING = "beschikking", "Beschikking"
        BRIEF = "brief", "Brief"
        RAPPORTAGE = "rapportage", "Rapportage"
        DIPLOMA = "diploma", "Diploma of certificaat"
        MEDISCH = "medisch", "Medische informatie"
        OVERIG = "overig", "Overig"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="documenten")
    soort = models.CharField(max_length=20, choices=Soort.choices)
    titel = models.CharField(max_length=200)
    bestand = models.FileField(upload_to=document_pad, editable=False)
    bestandsnaam = models.CharField(max_length=255, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    grootte = models.PositiveIntegerField(editable=False)
    geupload_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    geupload_op = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "document"
        verbose_name_plural = "documenten"
        ordering = ["-geupload_op"]

    def __str__(self):
        return self.titel
