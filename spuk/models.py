"""SPUK data of a gemeente: the yearly forecast (Divosa rekentool inputs) and manual spend.

Tariffs are not here: they are dated settings (`inburgering.RegelInstelling`, codes `spuk_*`),
see docs/adr/0003-spuk-tarieven.md. Written only through `spuk.services`; read through
`spuk.selectors`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from inburgering.models import Gemeente

from . import rules

JAAR_VALIDATORS = [MinValueValidator(2022), MaxValueValidator(2100)]


class Voorziening(models.TextChoices):
    LEERROUTE = rules.LEERROUTE, rules.VOORZIENINGEN[rules.LEERROUTE]
    MAP = rules.MAP, rules.VOORZIENINGEN[rules.MAP]
    PVT = rules.PVT, rules.VOORZIENINGEN[rules.PVT]
    BEGELEIDING = rules.BEGELEIDING, rules.VOORZIENINGEN[rules.BEGELEIDING]
    TOLK = rules.TOLK, rules.VOORZIENINGEN[rules.TOLK]
    OVERIG = rules.OVERIG, rules.VOORZIENINGEN[rules.OVERIG]


class Prognose(models.Model):
    """The forecast of one year for one gemeente: the huisvestingstaakstelling and the migrants expected."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="spuk_prognoses")
    jaar = models.PositiveSmallIntegerField(validators=JAAR_VALIDATORS)
    huisvestingstaakstelling = models.PositiveIntegerField(
        help_text="Aantal te huisvesten statushouders in dit jaar (taakstelling van het Rijk)."
    )
    gezinsmigranten = models.PositiveIntegerField(
        "verwachte gezins- en overige migranten",
        default=0,
        help_text="Verwacht aantal inburgeringsplichtigen in dit jaar.",
    )
    toelichting = models.CharField(max_length=300, blank=True)
    gewijzigd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    gewijzigd_op = models.DateTimeField(auto_now=True)
    versie = models.PositiveIntegerField(default=1, editable=False, help_text="Optimistische vergrendeling")
    history = HistoricalRecords(excluded_fields=["gewijzigd_op", "versie"])

    class Meta:
        verbose_name = "SPUK-prognose"
        verbose_name_plural = "SPUK-prognoses"
        ordering = ["gemeente__naam", "jaar"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "jaar"], name="spuk_prognose_per_jaar")]

    def __str__(self):
        return f"Prognose {self.gemeente} {self.jaar}"


class Uitgave(models.Model):
    """A spend entered by hand (an invoice outside the register, a correction): counted with the register's costs."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="spuk_uitgaven")
    voorziening = models.CharField(max_length=30, choices=Voorziening.choices)
    jaar = models.PositiveSmallIntegerField("begrotingsjaar", validators=JAAR_VALIDATORS)
    cohort = models.PositiveSmallIntegerField(
        "cohort (huisvestingsjaar)",
        null=True,
        blank=True,
        validators=JAAR_VALIDATORS,
        help_text="Leeg: niet toe te rekenen aan één cohort.",
    )
    bedrag = models.DecimalField(
        max_digits=12, decimal_places=2, help_text="Een creditering of correctie is een negatief bedrag."
    )
    omschrijving = models.CharField(max_length=300)
    vastgelegd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    vastgelegd_op = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "SPUK-uitgave"
        verbose_name_plural = "SPUK-uitgaven"
        ordering = ["-jaar", "gemeente__naam", "-vastgelegd_op", "-pk"]
        indexes = [models.Index(fields=["gemeente", "jaar"], name="spuk_uitgave_gemeente_jaar")]

    def __str__(self):
        return f"{self.get_voorziening_display()} {self.jaar}: {rules.euro(self.bedrag)}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.cohort and self.jaar and self.cohort > self.jaar:
            raise ValidationError({"cohort": "Het cohort (huisvestingsjaar) ligt na het begrotingsjaar."})
        if self.bedrag is not None and self.bedrag == 0:
            raise ValidationError({"bedrag": "Vul een bedrag in dat niet nul is."})
