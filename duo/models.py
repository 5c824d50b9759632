"""The DUO exchange: settings per gemeente, received notifications, the outbox of meldingen and
what DUO last told us about a case.

Written only through `duo.services`. BSNs are stored encrypted (`inburgering.crypto`), as in
the register, and found through the keyed HMAC.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cases.models import Casus
from cases.rules import maskeer_bsn
from inburgering import crypto
from inburgering.models import Gemeente, Team


class DuoInstelling(models.Model):
    """Per gemeente: where a case opened by a DUO notification goes, and automatic meldingen.

    Every gemeente gets its row when it is created (the beheerder only fills it in)."""

    gemeente = models.OneToOneField(Gemeente, on_delete=models.CASCADE, related_name="duo_instelling")
    standaard_team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Team dat een casus krijgt die op een DUO-notificatie wordt aangemaakt (nieuwe inburgeringsplichtige).",
    )
    standaard_consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Leeg: de teamleider wijst de casus toe.",
    )
    pip_automatisch_melden = models.BooleanField(
        "PIP automatisch melden aan DUO",
        default=True,
        help_text="Een vastgesteld PIP gaat vanzelf naar DUO (mits de gemeente een OIN heeft).",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "DUO-instelling"
        verbose_name_plural = "DUO-instellingen"
        ordering = ["gemeente__naam"]

    def __str__(self):
        return f"DUO-instelling {self.gemeente}"

    def clean(self):
        errors = {}
        if self.standaard_team_id and not self.standaard_team.gemeenten.filter(pk=self.gemeente_id).exists():
            errors["standaard_team"] = f"Team {self.standaard_team} werkt niet voor gemeente {self.gemeente}."
        if self.standaard_consultant_id:
            if not self.standaard_team_id:
                errors["standaard_consultant"] = "Kies eerst het standaardteam."
            elif not self.standaard_consultant.teams.filter(pk=self.standaard_team_id).exists():
                errors["standaard_consultant"] = f"{self.standaard_consultant} is geen lid van {self.standaard_team}."
        if errors:
            raise ValidationError(errors)


class MetBsn(models.Model):
    bsn_versleuteld = models.TextField(blank=True, editable=False)
    bsn_hmac = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    bsn_laatste4 = models.CharField(max_length=4, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def bsn(self) -> str:
        return crypto.decrypt(self.bsn_versleuteld) if self.bsn_versleuteld else ""

    def zet_bsn(self, bsn: str) -> None:
        if bsn:
            self.bsn_versleuteld, self.bsn_hmac, self.bsn_laatste4 = crypto.encrypt(bsn), crypto.bsn_hmac(bsn), bsn[-4:]
        else:
            self.bsn_versleuteld = self.bsn_hmac = self.bsn_laatste4 = ""

    @property
    def bsn_gemaskeerd(self) -> str:
        return maskeer_bsn(self.bsn_laatste4) if self.bsn_laatste4 else "—"


class Notificatie(MetBsn):
    """A notification DUO posted to the Notificatie API: stored as received, processed by a task."""

    class Status(models.TextChoices):
        ONTVANGEN = "ontvangen", "Ontvangen, wordt verwerkt"
        VERWERKT = "verwerkt", "Verwerkt"
        AANDACHT = "aandacht", "Verwerkt, vraagt aandacht"
        ONBEKEND = "onbekend", "Onbekende gebeurtenis"
        FOUT = "fout", "Fout bij verwerken"

    bericht_id = models.UUIDField("berichtId", unique=True, editable=False)
    bron = models.CharField("bron (OIN)", max_length=20)
    doel = models.CharField("doel (OIN)", max_length=20)
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+", null=True)
    gebeurtenis_id = models.CharField("gebeurtenisId", max_length=6, db_index=True)
    v_nummer = models.BigIntegerField("V-nummer", null=True, blank=True)
    registratie_datum_tijd = models.DateTimeField("registratiedatum DUO")
    ontvangen_op = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ONTVANGEN)
    pogingen = models.PositiveIntegerField(default=0)
    volgende_poging_op = models.DateTimeField(null=True, blank=True)
    verwerkt_op = models.DateTimeField(null=True, blank=True)
    resultaat = models.TextField(blank=True)
    casus = models.ForeignKey(Casus, on_delete=models.SET_NULL, null=True, blank=True, related_name="duo_notificaties")

    class Meta:
        verbose_name = "DUO-notificatie"
        verbose_name_plural = "DUO-notificaties"
        ordering = ["-ontvangen_op", "-pk"]
        indexes = [
            models.Index(
                fields=["volgende_poging_op"], name="duo_notificatie_open", condition=models.Q(status="ontvangen")
            ),
        ]

    def __str__(self):
        return f"{self.gebeurtenis_id} {self.bsn_gemaskeerd} ({self.ontvangen_op:%d-%m-%Y %H:%M})"

    @property
    def omschrijving(self) -> str:
        from .rules import gebeurtenis

        g = gebeurtenis(self.gebeurtenis_id)
        return g.omschrijving if g else "Onbekende gebeurtenis"


class Bericht(MetBsn):
    """One melding to DUO in the outbox: stored in the transaction that decided it, sent by a
    task, retried with backoff while DUO is unreachable; the beat sweep sends rows that are due."""

    class Soort(models.TextChoices):
        PIP = "pip", "PIP"
        MAP = "map", "Eindgesprek MAP"
        PVT = "pvt", "Ondertekening PVT"
        ZROUTE = "zroute", "Afronding Z-route"
        UREN_BREDE_INTAKE = "taallesknm", "Uren taalles en KNM in de brede intake"
        UREN_TAALLES = "participatietaalles", "Uren taalles en KNM in de leerroute"
        UREN_PARTICIPATIE = "participatieactiviteiten", "Uren participatieactiviteiten (Z-route)"
        CONTACTPERSOON = "contactpersoon", "Contactpersoon (gegevens)"
        CONTACTPERSOON_KOPPELEN = "contactpersoon_koppelen", "Contactpersoon van de inburgeraar"
        AANBOD = "aanbod", "Inburgeringsaanbod"
        LBT_OVERGESLAGEN = "lbt_overgeslagen", "Leerbaarheidstoets overgeslagen"

    class Status(models.TextChoices):
        WACHTEND = "wachtend", "Wacht op verzending"
        BEZIG = "bezig", "Wordt verzonden"
        VERZONDEN = "verzonden", "Ontvangen door DUO"
        GEWEIGERD = "geweigerd", "Geweigerd door DUO"
        MISLUKT = "mislukt", "Niet verzonden (opgegeven)"
        VERVANGEN = "vervangen", "Opnieuw verstuurd"

    OPEN = (Status.WACHTEND, Status.BEZIG)

    bericht_id = models.UUIDField("berichtId", default=uuid.uuid4, unique=True, editable=False)
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, null=True, blank=True, related_name="duo_berichten")
    soort = models.CharField(max_length=30, choices=Soort.choices)
    operatie = models.CharField("operationId", max_length=60)
    pad_params = models.JSONField("padparameters", default=dict, blank=True)
    body = models.JSONField(null=True, blank=True)
    bron_object = models.CharField(max_length=60, blank=True, help_text="Waar de melding uit is opgebouwd")
    hangt_af_van = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="afhankelijk",
        help_text="Wordt pas verzonden als dit bericht door DUO is ontvangen",
    )
    vervangt = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WACHTEND)
    pogingen = models.PositiveIntegerField(default=0)
    volgende_poging_op = models.DateTimeField(db_index=True)
    ingepland_op = models.DateTimeField(null=True, blank=True)
    geclaimd_op = models.DateTimeField(null=True, blank=True)
    laatste_poging_op = models.DateTimeField(null=True, blank=True)
    verzonden_op = models.DateTimeField(null=True, blank=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    antwoord = models.JSONField(null=True, blank=True)
    fouten = models.JSONField(default=list, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "DUO-bericht"
        verbose_name_plural = "DUO-berichten (uitgaand)"
        ordering = ["-aangemaakt_op", "-pk"]
        indexes = [
            models.Index(fields=["volgende_poging_op"], name="duo_bericht_open", condition=models.Q(status="wachtend")),
            models.Index(fields=["casus", "soort", "-aangemaakt_op"], name="duo_bericht_casus"),
        ]

    def __str__(self):
        return f"{self.get_soort_display()} ({self.get_status_display().lower()})"

    def get_absolute_url(self):
        return reverse("duo:casus", kwargs={"casus_pk": self.casus_id}) if self.casus_id else ""

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def mag_opnieuw(self) -> bool:
        return self.status in (self.Status.GEWEIGERD, self.Status.MISLUKT) and self.casus_id is not None


class DuoStand(models.Model):
    """What DUO last told us about the person of a case (from raadplegingen after notifications)."""

    casus = models.OneToOneField(Casus, on_delete=models.CASCADE, related_name="duo_stand")
    plicht = models.BooleanField("inburgeringsplichtig", null=True)
    plicht_begindatum = models.DateField(null=True, blank=True)
    plicht_einddatum = models.DateField(null=True, blank=True)
    datum_kennisgeving = models.DateField(null=True, blank=True)
    reden_geen_plicht = models.CharField(max_length=100, blank=True)
    doelgroep_indeling = models.CharField(max_length=60, blank=True)
    doelgroep_gedetailleerd = models.CharField(max_length=60, blank=True)
    termijn_start = models.DateField("start inburgeringstermijn", null=True, blank=True)
    termijn_einddatum = models.DateField("einddatum inburgeringstermijn (exclusief)", null=True, blank=True)
    verlengingsgrond = models.CharField(max_length=200, blank=True)
    pip_gemeentecode = models.CharField(max_length=4, blank=True)
    pip_dagtekening = models.DateField(null=True, blank=True)
    pip_leerroute = models.CharField(max_length=1, blank=True)
    pip_niveau = models.CharField(max_length=2, blank=True)
    lbt_examennummer = models.CharField(max_length=12, blank=True)
    lbt_resultaten = models.JSONField(default=list, blank=True)
    examens = models.JSONField(default=list, blank=True)
    gratispogingen = models.JSONField("gratis examenpogingen tegoed", default=list, blank=True)
    uren = models.JSONField("gevolgde uren bij DUO", default=list, blank=True)
    map_datum = models.DateField("datum eindgesprek MAP bij DUO", null=True, blank=True)
    pvt_datum = models.DateField("datum ondertekening PVT bij DUO", null=True, blank=True)
    zroute_datum = models.DateField("datum afronding Z-route bij DUO", null=True, blank=True)
    bijgewerkt_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "stand bij DUO"
        verbose_name_plural = "standen bij DUO"

    def __str__(self):
        return f"Stand bij DUO van casus {self.casus_id}"


class DuoContactpersoon(models.Model):
    """A consultant registered at DUO as contactpersoon of a gemeente (Contactpersoon API)."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+")
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    duo_id = models.PositiveIntegerField("id bij DUO", null=True, blank=True)
    gegevens = models.JSONField(default=dict, help_text="Laatst aan DUO gemelde naam, e-mail en telefoon")

    class Meta:
        verbose_name = "DUO-contactpersoon"
        verbose_name_plural = "DUO-contactpersonen"
        constraints = [models.UniqueConstraint(fields=["gemeente", "gebruiker"], name="duo_contactpersoon_uniek")]

    def __str__(self):
        return f"{self.gebruiker} ({self.gemeente})"


class Opleidingsinstelling(models.Model):
    """DUO's list of institutions with a BoW or TST keurmerk (GET /instellingen), kept locally."""

    instellingsnummer = models.CharField(max_length=10, unique=True)
    naam = models.CharField(max_length=128)
    plaatsnaam = models.CharField(max_length=40, blank=True)
    bow_keurmerk = models.BooleanField("keurmerk Blik op Werk", default=False)
    tst_keurmerk = models.BooleanField("erkende taalschakelinstelling", default=False)
    bijgewerkt_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "opleidingsinstelling (DUO)"
        verbose_name_plural = "opleidingsinstellingen (DUO)"
        ordering = ["naam"]

    def __str__(self):
        return f"{self.naam} ({self.plaatsnaam})" if self.plaatsnaam else self.naam
