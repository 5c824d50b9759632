"""PIP versions as beschikkingen, and the letterhead the beschikking is printed on.

A version is a concept until it is vastgesteld; from then on it never changes (the model
refuses, the services refuse). A change is a new version with a reason. Written only through
`pip.services`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cases.models import Casus
from inburgering.models import Gemeente
from intake.models import Leerroute

from . import rules


class Niveau(models.TextChoices):
    A2 = rules.A2, "A2"
    B1 = rules.B1, "B1"


class Alfabetisering(models.TextChoices):
    NVT = "NVT", "Niet van toepassing"
    A = "A", "Alfabetisering (analfabeet)"
    AA = "AA", "Alfabetisering (anders-gealfabetiseerd)"


class Reden(models.TextChoices):
    EERSTE = rules.EERSTE, "Eerste PIP"
    SCHAKELEN = rules.SCHAKELEN, "Schakelen van leerroute"
    AFSCHALEN = rules.AFSCHALEN, "Afschalen (B1 naar A2)"
    VERHUIZING = rules.VERHUIZING, "Verhuizing"
    OVERIG = rules.OVERIG, "Overig"


class Voortgangsfrequentie(models.TextChoices):
    MAANDELIJKS = "maandelijks", "Elke maand"
    ZES_WEKEN = "zes_weken", "Elke zes weken"
    KWARTAAL = "kwartaal", "Elk kwartaal"
    HALFJAAR = "halfjaar", "Elk half jaar"


def pdf_pad(instance, filename):
    return f"pip/{instance.casus_id}/beschikking-pip-{instance.casus_id}-v{instance.versie}.pdf"


# The content of a version: copied into a later version, frozen once vastgesteld.
INHOUD_VELDEN = (
    "leerroute",
    "niveau",
    "route_motivatie",
    "geschatte_intensiteit_b1",
    "alfabetisering",
    "mag_opleiding_afmaken",
    "ondersteuning",
    "map_inhoud",
    "map_intensiteit",
    "pvt_inhoud",
    "pvt_intensiteit",
    "ontzorgen",
    "ontzorgen_afspraken",
    "training_financiele_zelfredzaamheid",
    "maatschappelijke_begeleiding",
    "maatschappelijke_begeleiding_afspraken",
    "vve",
    "voortgangsgesprekken",
    "voorwaarden_kinderopvang",
    "voorwaarden_reiskosten",
    "participatie_afspraken",
    "looptijd_tot",
    "bijstand",
    "nt2_uren",
)
# Fields the PDF task may fill once on a vastgestelde version.
PDF_VELDEN = frozenset({"pdf", "pdf_sha256", "pdf_gemaakt_op"})


class PipVersie(models.Model):
    class Status(models.TextChoices):
        CONCEPT = "concept", "Concept"
        VASTGESTELD = "vastgesteld", "Vastgesteld"

    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="pip_versies")
    versie = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.CONCEPT, editable=False)
    reden = models.CharField(max_length=12, choices=Reden.choices, default=Reden.EERSTE)
    reden_toelichting = models.TextField("toelichting op de wijziging", blank=True)

    # Content (DOMAIN.md §4)
    leerroute = models.CharField(max_length=10, choices=Leerroute.choices, blank=True)
    niveau = models.CharField(
        "te behalen niveau",
        max_length=2,
        choices=Niveau.choices,
        blank=True,
        help_text="Minimaal te behalen taalniveau in de B1-route.",
    )
    route_motivatie = models.TextField(
        "motivering van de route",
        blank=True,
        help_text="Waarom deze route, op grond van de brede intake en de leerbaarheidstoets.",
    )
    geschatte_intensiteit_b1 = models.PositiveSmallIntegerField(
        "geschatte intensiteit B1-route (uren)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9999)],
        help_text="Alleen voor een asielstatushouder in de B1-route: geschat totaal aantal uren taal en KNM.",
    )
    alfabetisering = models.CharField(max_length=3, choices=Alfabetisering.choices, default=Alfabetisering.NVT)
    mag_opleiding_afmaken = models.BooleanField("mag lopende opleiding eerst afmaken", default=False)
    ondersteuning = models.TextField("begeleiding en ondersteuning bij de leerroute", blank=True)
    map_inhoud = models.TextField("MAP: inhoud", blank=True)
    map_intensiteit = models.CharField("MAP: intensiteit", max_length=200, blank=True)
    pvt_inhoud = models.TextField("PVT: inhoud", blank=True)
    pvt_intensiteit = models.CharField("PVT: intensiteit", max_length=200, blank=True)
    ontzorgen = models.BooleanField("financieel ontzorgen", default=False)
    ontzorgen_afspraken = models.TextField("afspraken ontzorgen", blank=True)
    training_financiele_zelfredzaamheid = models.BooleanField("training financiële zelfredzaamheid", default=False)
    maatschappelijke_begeleiding = models.BooleanField(default=False)
    maatschappelijke_begeleiding_afspraken = models.TextField("afspraken maatschappelijke begeleiding", blank=True)
    vve = models.TextField("voor- en vroegschoolse educatie (kinderen)", blank=True)
    voortgangsgesprekken = models.CharField(
        "frequentie voortgangsgesprekken",
        max_length=12,
        choices=Voortgangsfrequentie.choices,
        default=Voortgangsfrequentie.MAANDELIJKS,
    )
    voorwaarden_kinderopvang = models.TextField("voorwaarden kinderopvang", blank=True)
    voorwaarden_reiskosten = models.TextField("voorwaarden reiskosten", blank=True)
    participatie_afspraken = models.TextField("participatieafspraken", blank=True)
    looptijd_tot = models.DateField(
        "looptijd tot en met", null=True, blank=True, help_text="Leeg: tot het einde van de inburgeringstermijn."
    )
    bijstand = models.BooleanField("ontvangt bijstand (Participatiewet)", default=False)
    nt2_uren = models.PositiveSmallIntegerField(
        "gevolgde uren NT2 (bij afschalen)",
        null=True,
        blank=True,
        help_text="Uren NT2-onderwijs bij een school met keurmerk; nodig bij afschalen.",
    )

    # The beschikking
    dagtekening = models.DateField(null=True, blank=True, editable=False)
    ondertekend_op = models.DateField("ondertekend op", null=True, blank=True, editable=False)
    kenmerk = models.CharField(max_length=40, blank=True, editable=False)
    termijn_start = models.DateField("start inburgeringstermijn", null=True, blank=True, editable=False)
    termijn_eind = models.DateField("einde inburgeringstermijn", null=True, blank=True, editable=False)
    laatste_dag_schakelen = models.DateField(null=True, blank=True, editable=False)
    beschikking_html = models.TextField(blank=True, editable=False)
    pdf = models.FileField(upload_to=pdf_pad, blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    pdf_gemaakt_op = models.DateTimeField(null=True, blank=True, editable=False)

    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    vastgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    vastgesteld_op = models.DateTimeField(null=True, blank=True, editable=False)
    # optimistic locking (`versie` is the PIP's version number): every save of a concept and the
    # vaststelling move it on; a form or a vaststelling from an older revisie is refused
    revisie = models.PositiveIntegerField(default=1, editable=False, help_text="Optimistische vergrendeling")
    history = HistoricalRecords(excluded_fields=["beschikking_html", "revisie"])

    class Meta:
        verbose_name = "PIP-versie"
        verbose_name_plural = "PIP-versies"
        ordering = ["casus", "versie"]
        constraints = [
            models.UniqueConstraint(fields=["casus", "versie"], name="pip_versie_uniek"),
            models.UniqueConstraint(
                fields=["casus"], condition=models.Q(status="concept"), name="pip_een_concept_per_casus"
            ),
            models.CheckConstraint(
                condition=models.Q(status="concept") | models.Q(dagtekening__isnull=False, termijn_start__isnull=False),
                name="pip_vastgesteld_heeft_dagtekening",
            ),
        ]

    def __str__(self):
        return f"PIP versie {self.versie} ({self.get_status_display().lower()})"

    def save(self, *args, **kwargs):
        """A vastgestelde version is immutable; only the PDF may be added to it, once."""
        if self.pk is not None:
            stored = PipVersie.objects.filter(pk=self.pk).values("status", "pdf").first()
            if stored and stored["status"] == self.Status.VASTGESTELD:
                update_fields = set(kwargs.get("update_fields") or ())
                if not update_fields or not update_fields <= PDF_VELDEN or stored["pdf"]:
                    raise ValidationError(
                        "Een vastgestelde PIP-versie kan niet meer worden gewijzigd. Maak een nieuwe versie."
                    )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pip:detail", kwargs={"casus_pk": self.casus_id, "versie_pk": self.pk})

    def delete(self, *args, **kwargs):
        if self.is_vastgesteld:
            raise ValidationError("Een vastgestelde PIP-versie kan niet worden verwijderd.")
        return super().delete(*args, **kwargs)

    @property
    def is_vastgesteld(self) -> bool:
        return self.status == self.Status.VASTGESTELD


LOGO_EXTENSIES = ["png", "jpg", "jpeg", "svg"]


def logo_pad(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"briefpapier/{instance.gemeente_id}/logo.{ext}"


class Briefpapier(models.Model):
    """The letterhead of a gemeente for beschikkingen: logo and signature (beside Gemeente's address)."""

    gemeente = models.OneToOneField(Gemeente, on_delete=models.CASCADE, related_name="briefpapier")
    logo = models.FileField(
        upload_to=logo_pad,
        blank=True,
        validators=[FileExtensionValidator(LOGO_EXTENSIES)],
        help_text="PNG, JPG of SVG, liefst breed en minstens 300 pixels hoog.",
    )
    logo_alt = models.CharField(
        "tekstalternatief logo", max_length=200, blank=True, help_text="Bijvoorbeeld: Logo gemeente Overbetuwe"
    )
    afzender = models.CharField(
        "afzender",
        max_length=200,
        default="Burgemeester en wethouders",
        help_text="Het bestuursorgaan dat besluit, bijvoorbeeld 'Burgemeester en wethouders van Overbetuwe'.",
    )
    ondertekenaar_naam = models.CharField("naam ondertekenaar", max_length=200, blank=True)
    ondertekenaar_functie = models.CharField("functie ondertekenaar", max_length=200, blank=True)
    bezwaar_adres = models.TextField("adres voor bezwaar", blank=True, help_text="Leeg: het postadres van de gemeente.")
    bezwaar_digitaal = models.CharField(
        "digitaal bezwaar maken",
        max_length=200,
        blank=True,
        help_text="Bijvoorbeeld een webadres van het bezwaarformulier.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "briefpapier"
        verbose_name_plural = "briefpapier"

    def __str__(self):
        return f"Briefpapier {self.gemeente}"
