"""Organisation, users and dated settings: what every other app stands on."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords

from .regels import DEFAULTS


class Organisatie(models.Model):
    """The organisation that runs the product (a gemeente or a regional shared service)."""

    naam = models.CharField(max_length=200, unique=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Gemeente(models.Model):
    """A responsible municipality: letterhead, OIN and reports are per gemeente."""

    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="gemeenten")
    naam = models.CharField(max_length=200, unique=True)
    cbs_code = models.CharField("CBS-gemeentecode", max_length=6, unique=True, help_text="Bijvoorbeeld GM0148")
    oin = models.CharField("OIN (DUO-identiteit)", max_length=20, blank=True)
    postadres = models.CharField(max_length=200, blank=True)
    postcode_plaats = models.CharField("postcode en plaats", max_length=200, blank=True)
    telefoon = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Team(models.Model):
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="teams")
    naam = models.CharField(max_length=200)
    gemeenten = models.ManyToManyField(Gemeente, related_name="teams", help_text="Gemeenten waarvoor dit team werkt")
    history = HistoricalRecords(m2m_fields=[gemeenten])

    class Meta:
        verbose_name = "team"
        verbose_name_plural = "teams"
        ordering = ["naam"]
        constraints = [models.UniqueConstraint(fields=["organisatie", "naam"], name="team_naam_uniek")]

    def __str__(self):
        return self.naam


class Gebruiker(AbstractUser):
    """A member of staff. The role is the group; teams decide which gemeenten and cases."""

    teams = models.ManyToManyField(Team, related_name="leden", blank=True)
    functie = models.CharField(max_length=100, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"
        ordering = ["first_name", "last_name"]

    def __str__(self):
        return weergavenaam(self.first_name, self.last_name, self.username)


def weergavenaam(voornaam: str, achternaam: str, gebruikersnaam: str) -> str:
    """How a member of staff is named on screen: the full name, or the username when there is none."""
    return f"{voornaam} {achternaam}".strip() or gebruikersnaam


class RegelInstelling(models.Model):
    """One dated value of a rule setting (term, amount, percentage, threshold)."""

    code = models.CharField(max_length=60, db_index=True)
    gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text="Leeg: landelijke waarde. Gevuld: afwijkende waarde voor deze gemeente.",
    )
    waarde = models.DecimalField(max_digits=12, decimal_places=2)
    ingangsdatum = models.DateField(help_text="Geldt vanaf deze datum tot een latere ingangsdatum")
    toelichting = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "regelinstelling"
        verbose_name_plural = "regelinstellingen"
        ordering = ["code", "gemeente__naam", "-ingangsdatum"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "gemeente", "ingangsdatum"], name="regel_uniek_per_datum"
            ),
            models.UniqueConstraint(
                fields=["code", "ingangsdatum"],
                condition=models.Q(gemeente__isnull=True),
                name="regel_landelijk_uniek_per_datum",
            ),
        ]

    def __str__(self):
        return f"{self.code} = {self.waarde} vanaf {self.ingangsdatum:%d-%m-%Y}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.code not in DEFAULTS:
            raise ValidationError({"code": f"Onbekende regelcode '{self.code}'."})

    @property
    def omschrijving(self):
        return DEFAULTS[self.code].omschrijving if self.code in DEFAULTS else ""

    @property
    def eenheid(self):
        return DEFAULTS[self.code].eenheid if self.code in DEFAULTS else ""


class Hartslag(models.Model):
    """Last run of the beat-scheduled heartbeat task; /healthz reports its age."""

    naam = models.CharField(max_length=60, unique=True)
    laatst = models.DateTimeField()
    aantal = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "hartslag"
        verbose_name_plural = "hartslagen"

    def __str__(self):
        return f"{self.naam}: {self.laatst:%d-%m-%Y %H:%M:%S}"


class Toegangslog(models.Model):
    """Append-only record of every view, download, export and change of personal data (BIO 8.15, AVG)."""

    class Actie(models.TextChoices):
        BEKIJKEN = "bekijken", "Bekijken"
        ZOEKEN = "zoeken", "Zoeken / lijst"
        WIJZIGEN = "wijzigen", "Wijzigen"
        DOWNLOADEN = "downloaden", "Downloaden"
        EXPORTEREN = "exporteren", "Exporteren"

    tijdstip = models.DateTimeField(auto_now_add=True, db_index=True)
    gebruiker = models.ForeignKey(Gebruiker, on_delete=models.PROTECT, null=True, related_name="+")
    gebruikersnaam = models.CharField(max_length=150)
    rol = models.CharField(max_length=100, blank=True)
    actie = models.CharField(max_length=20, choices=Actie.choices)
    casus_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    inburgeraar_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    url_naam = models.CharField(max_length=150)
    methode = models.CharField(max_length=8)
    statuscode = models.PositiveSmallIntegerField()
    ip_adres = models.GenericIPAddressField(null=True, blank=True)
    doel = models.CharField(max_length=200)
    aantal_personen = models.PositiveIntegerField(null=True, blank=True, help_text="Bij lijsten en exports")

    class Meta:
        verbose_name = "toegangslogregel"
        verbose_name_plural = "toegangslog"
        ordering = ["-tijdstip", "-pk"]
        indexes = [models.Index(fields=["casus_id", "-tijdstip"], name="toegangslog_casus_tijd")]

    def __str__(self):
        return f"{self.tijdstip:%d-%m-%Y %H:%M} {self.gebruikersnaam} {self.actie}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Het toegangslog is alleen aan te vullen, niet te wijzigen.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Het toegangslog is alleen aan te vullen, niet te verwijderen.")


class AnonimiseringsRapport(models.Model):
    """A dry run of the retention sweep: which closed cases are due; a later run anonymises them."""

    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    peildatum = models.DateField()
    bewaartermijn_maanden = models.PositiveIntegerField()
    casus_ids = models.JSONField(default=list)
    uitgevoerd_op = models.DateTimeField(null=True, blank=True)
    aantal_geanonimiseerd = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "anonimiseringsrapport"
        verbose_name_plural = "anonimiseringsrapporten"
        ordering = ["-aangemaakt_op"]

    def __str__(self):
        return f"Anonimisering {self.peildatum:%d-%m-%Y}: {len(self.casus_ids)} casussen"
