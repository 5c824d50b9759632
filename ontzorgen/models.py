"""Financieel ontzorgen, maatschappelijke begeleiding and participation of a case.

Written only through `ontzorgen.services`; read through `ontzorgen.selectors`. Every model
keeps its history (django-simple-history: who and when, through `inburgering.audit.service`).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cases.models import Casus
from intake.models import Participatietrede
from pip.models import PipVersie

from . import rules

NUL = Decimal("0")
UREN_VALIDATORS = [MinValueValidator(NUL), MaxValueValidator(Decimal("99999"))]


class VasteLastSoort(models.Model):
    """A kind of fixed cost the municipality pays from the bijstand; configured in the admin.

    Huur, energie, water and zorgverzekering ship as the default kinds (`standaard`): a new
    ontzorgen record offers a row for each of them.
    """

    naam = models.CharField(max_length=100, unique=True)
    standaard = models.BooleanField(
        "standaard aangeboden", default=False, help_text="Krijgt een nieuw ontzorgdossier hier meteen een regel voor?"
    )
    volgorde = models.PositiveSmallIntegerField(default=0)
    actief = models.BooleanField(default=True, help_text="Inactieve soorten zijn niet meer te kiezen.")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "soort vaste last"
        verbose_name_plural = "soorten vaste lasten"
        ordering = ["volgorde", "naam"]

    def __str__(self):
        return self.naam


class Machtiging(models.TextChoices):
    NIET_GEVRAAGD = rules.NIET_GEVRAAGD, "Nog niet gevraagd"
    GEVRAAGD = rules.GEVRAAGD, "Gevraagd, nog geen antwoord"
    AFGEGEVEN = rules.AFGEGEVEN, "Afgegeven"
    GEWEIGERD = rules.GEWEIGERD, "Geweigerd"
    INGETROKKEN = rules.INGETROKKEN, "Ingetrokken"


class Ontzorgen(models.Model):
    """Financieel ontzorgen of one case: the municipality pays the fixed costs from the bijstand.

    Starts on the first day of the right to bijstand and lasts at least the dated minimum
    (`minimaal_tot`); an evaluation before the end of the period decides: stop, taper, extend.
    """

    casus = models.OneToOneField(Casus, on_delete=models.CASCADE, related_name="ontzorgen")
    pip_versie = models.ForeignKey(
        PipVersie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ontzorgen_uitvoering",
        verbose_name="PIP-versie met de afspraken",
        help_text="De vastgestelde PIP-versie waarvan dit ontzorgen de afspraken uitvoert.",
    )
    verblijfsvergunning_asiel = models.BooleanField("verblijfsvergunning asiel", default=True)
    bijstand_vanaf = models.DateField("eerste dag recht op bijstand", help_text="Het ontzorgen begint op deze dag.")
    beschikking_datum = models.DateField("dagtekening beschikking ontzorgen", null=True, blank=True)
    minimale_maanden = models.PositiveSmallIntegerField("minimale duur (maanden)", editable=False)
    minimaal_tot = models.DateField("minimaal tot en met", editable=False)
    verlengd_tot = models.DateField("verlengd tot en met", null=True, blank=True, editable=False)
    einddatum = models.DateField("laatste dag ontzorgen", null=True, blank=True, editable=False)
    evaluatie_uiterlijk = models.DateField(
        "evaluatie uiterlijk op", null=True, blank=True, editable=False, db_index=True
    )
    machtiging = models.CharField(max_length=20, choices=Machtiging.choices, default=Machtiging.NIET_GEVRAAGD)
    machtiging_datum = models.DateField("datum machtiging", null=True, blank=True)
    machtiging_toelichting = models.TextField("toelichting machtiging", blank=True)
    gestart_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    gewijzigd_op = models.DateTimeField(auto_now=True)
    versie = models.PositiveIntegerField(default=1, editable=False, help_text="Optimistische vergrendeling")
    history = HistoricalRecords(excluded_fields=["gewijzigd_op", "versie"])

    class Meta:
        verbose_name = "financieel ontzorgen"
        verbose_name_plural = "financieel ontzorgen"

    def __str__(self):
        return f"Ontzorgen casus {self.casus_id}"

    def get_absolute_url(self):
        return reverse("ontzorgen:detail", kwargs={"casus_pk": self.casus_id})

    @property
    def periode_eind(self):
        """The last day of the current period: the einddatum once decided, else the extension, else the minimum."""
        return self.einddatum or self.verlengd_tot or self.minimaal_tot

    def clean(self):
        if self.pip_versie_id and self.casus_id and self.pip_versie.casus_id != self.casus_id:
            raise ValidationError({"pip_versie": "Deze PIP-versie hoort niet bij deze casus."})
        if self.pip_versie_id and not self.pip_versie.is_vastgesteld:
            raise ValidationError({"pip_versie": "Kies een vastgestelde PIP-versie."})
        if self.machtiging != Machtiging.NIET_GEVRAAGD and not self.machtiging_datum:
            raise ValidationError({"machtiging_datum": "Vul de datum in."})


class VasteLast(models.Model):
    """One fixed cost paid from the bijstand: to whom, how much, how often, from and until when."""

    class Frequentie(models.TextChoices):
        MAAND = rules.MAAND, "Per maand"
        VIER_WEKEN = rules.VIER_WEKEN, "Per vier weken"
        KWARTAAL = rules.KWARTAAL, "Per kwartaal"
        JAAR = rules.JAAR, "Per jaar"

    ontzorgen = models.ForeignKey(Ontzorgen, on_delete=models.CASCADE, related_name="vaste_lasten")
    soort = models.ForeignKey(VasteLastSoort, on_delete=models.PROTECT, related_name="+")
    begunstigde = models.CharField("begunstigde (aan wie)", max_length=200)
    kenmerk = models.CharField(
        "betalingskenmerk", max_length=100, blank=True, help_text="Bijvoorbeeld het klant- of contractnummer."
    )
    bedrag = models.DecimalField(max_digits=9, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    frequentie = models.CharField(max_length=12, choices=Frequentie.choices, default=Frequentie.MAAND)
    startdatum = models.DateField("eerste betaling vanaf")
    einddatum = models.DateField("gestopt per", null=True, blank=True, help_text="Leeg: loopt door.")
    versie = models.PositiveIntegerField(default=1, editable=False, help_text="Optimistische vergrendeling")
    history = HistoricalRecords(excluded_fields=["versie"])

    class Meta:
        verbose_name = "vaste last"
        verbose_name_plural = "vaste lasten"
        ordering = ["soort__volgorde", "soort__naam", "startdatum", "pk"]

    def __str__(self):
        return f"{self.soort}: {self.begunstigde}"

    @property
    def per_maand(self):
        return rules.bedrag_per_maand(self.bedrag, self.frequentie)

    def clean(self):
        if self.einddatum and self.startdatum and self.einddatum < self.startdatum:
            raise ValidationError({"einddatum": "De stopdatum ligt vóór de eerste betaling."})


class OntzorgenEvaluatie(models.Model):
    """The evaluation before the end of the period: stop, taper off or extend, with a motivation.

    Append-only: a later evaluation is a new row, so every decision stays visible.
    """

    class Besluit(models.TextChoices):
        STOPPEN = rules.STOPPEN, "Stoppen"
        AFBOUWEN = rules.AFBOUWEN, "Afbouwen"
        VERLENGEN = rules.VERLENGEN, "Verlengen"

    ontzorgen = models.ForeignKey(Ontzorgen, on_delete=models.CASCADE, related_name="evaluaties")
    datum = models.DateField("datum evaluatie")
    besluit = models.CharField(max_length=10, choices=Besluit.choices)
    tot = models.DateField(
        "tot en met",
        help_text="Stoppen: laatste dag. Afbouwen: dag waarop het afbouwen klaar is. Verlengen: nieuwe laatste dag.",
    )
    motivering = models.TextField()
    uiterlijk = models.DateField("uiterlijke evaluatiedatum", null=True, editable=False)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    vastgelegd_op = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "evaluatie ontzorgen"
        verbose_name_plural = "evaluaties ontzorgen"
        ordering = ["datum", "pk"]

    def __str__(self):
        return f"Evaluatie {self.datum:%d-%m-%Y}: {self.get_besluit_display().lower()}"

    @property
    def op_tijd(self) -> bool | None:
        return None if self.uiterlijk is None else self.datum <= self.uiterlijk


class TrainingFinancieleZelfredzaamheid(models.Model):
    """The training in financial self-reliance (for everyone, whether ontzorgd or not)."""

    casus = models.OneToOneField(Casus, on_delete=models.CASCADE, related_name="training_financieel")
    aanbieder = models.CharField(max_length=200)
    startdatum = models.DateField()
    einddatum = models.DateField(null=True, blank=True)
    afgerond = models.BooleanField("met succes afgerond", default=False)
    toelichting = models.TextField(blank=True)
    versie = models.PositiveIntegerField(default=1, editable=False, help_text="Optimistische vergrendeling")
    history = HistoricalRecords(excluded_fields=["versie"])

    class Meta:
        verbose_name = "training financiële zelfredzaamheid"
        verbose_name_plural = "trainingen financiële zelfredzaamheid"

    def __str__(self):
        return f"Training financiële zelfredzaamheid casus {self.casus_id}"

    def clean(self):
        if self.einddatum and self.startdatum and self.einddatum < self.startdatum:
            raise ValidationError({"einddatum": "De einddatum ligt vóór de startdatum."})
        if self.afgerond and not self.einddatum:
            raise ValidationError({"einddatum": "Vul de einddatum in als de training is afgerond."})


class ParticipatiewetSignaal(models.Model):
    """A signal to the bijstand side: the person refused (or withdrew) the machtiging.

    A refusal is handled under the Participatiewet (a bijstand measure), never with an
    inburgering fine: this signal is all the inburgering side records.
    """

    class Aanleiding(models.TextChoices):
        GEWEIGERD = rules.GEWEIGERD, "Machtiging ontzorgen geweigerd"
        INGETROKKEN = rules.INGETROKKEN, "Machtiging ontzorgen ingetrokken"

    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="participatiewet_signalen")
    ontzorgen = models.ForeignKey(Ontzorgen, on_delete=models.CASCADE, related_name="signalen")
    datum = models.DateField()
    aanleiding = models.CharField(max_length=20, choices=Aanleiding.choices)
    toelichting = models.TextField(blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "signaal Participatiewet"
        verbose_name_plural = "signalen Participatiewet"
        ordering = ["-datum", "-pk"]

    def __str__(self):
        return f"{self.get_aanleiding_display()} ({self.datum:%d-%m-%Y})"


class MaatschappelijkeBegeleiding(models.Model):
    """Maatschappelijke begeleiding (asielstatushouders and art. 13-1-b family members only)."""

    casus = models.OneToOneField(Casus, on_delete=models.CASCADE, related_name="maatschappelijke_begeleiding")
    pip_versie = models.ForeignKey(
        PipVersie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="begeleiding_uitvoering",
        verbose_name="PIP-versie met de afspraken",
    )
    aanbieder = models.CharField(max_length=200, help_text="Bijvoorbeeld Vluchtelingenwerk.")
    startdatum = models.DateField()
    einddatum = models.DateField("einddatum (gepland of werkelijk)", null=True, blank=True)
    praktische_hulp = models.BooleanField("praktische hulp bij basisvoorzieningen", default=True)
    informatie_samenleving = models.BooleanField("informatie over de Nederlandse samenleving", default=True)
    kennismaking_omgeving = models.BooleanField("kennismaken met de buurt en lokale organisaties", default=True)
    overige_onderdelen = models.CharField("andere onderdelen", max_length=300, blank=True)
    uren = models.DecimalField(
        "uren begeleiding tot nu toe", max_digits=7, decimal_places=1, default=NUL, validators=UREN_VALIDATORS
    )
    eindverslag = models.TextField("afsluitend verslag", blank=True)
    afgesloten_op = models.DateField("afgesloten op", null=True, blank=True)
    versie = models.PositiveIntegerField(default=1, editable=False, help_text="Optimistische vergrendeling")
    history = HistoricalRecords(excluded_fields=["versie"])

    class Meta:
        verbose_name = "maatschappelijke begeleiding"
        verbose_name_plural = "maatschappelijke begeleiding"

    def __str__(self):
        return f"Maatschappelijke begeleiding casus {self.casus_id}"

    @property
    def onderdelen(self) -> list[str]:
        labels = [
            str(self._meta.get_field(f).verbose_name)
            for f in ("praktische_hulp", "informatie_samenleving", "kennismaking_omgeving")
            if getattr(self, f)
        ]
        return labels + ([self.overige_onderdelen] if self.overige_onderdelen else [])

    def clean(self):
        errors = {}
        if self.einddatum and self.startdatum and self.einddatum < self.startdatum:
            errors["einddatum"] = "De einddatum ligt vóór de startdatum."
        if not self.onderdelen:
            errors["praktische_hulp"] = "Kies ten minste één onderdeel van de begeleiding."
        if self.afgesloten_op and not self.eindverslag.strip():
            errors["eindverslag"] = "Schrijf het afsluitend verslag voordat u de begeleiding afsluit."
        if self.afgesloten_op and self.startdatum and self.afgesloten_op < self.startdatum:
            errors["afgesloten_op"] = "De begeleiding kan niet vóór de start zijn afgesloten."
        if errors:
            raise ValidationError(errors)


class ParticipatieActiviteit(models.Model):
    """A participation activity: with whom, how many hours, in a Dutch-speaking setting or not."""

    class Soort(models.TextChoices):
        TAALSTAGE = "taalstage", "Taalstage"
        VRIJWILLIGERSWERK = "vrijwilligerswerk", "Vrijwilligerswerk"
        WERKERVARINGSPLAATS = "werkervaringsplaats", "Werkervaringsplaats"
        BETAALD_WERK = "betaald_werk", "Betaald werk"
        OPLEIDING = "opleiding", "Opleiding"
        DAGBESTEDING = "dagbesteding", "Dagbesteding"
        SPORT_CULTUUR = "sport_cultuur", "Sport of cultuur"

    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="participatie_activiteiten")
    soort = models.CharField(max_length=20, choices=Soort.choices)
    aanbieder = models.CharField("aanbieder of organisatie", max_length=200)
    omschrijving = models.CharField(max_length=300, blank=True)
    startdatum = models.DateField()
    einddatum = models.DateField(null=True, blank=True, help_text="Leeg: loopt nog.")
    uren_per_week = models.DecimalField(
        "afgesproken uren per week",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(NUL), MaxValueValidator(Decimal("80"))],
    )
    uren = models.DecimalField(
        "gerealiseerde uren tot nu toe", max_digits=7, decimal_places=1, default=NUL, validators=UREN_VALIDATORS
    )
    nederlandstalig = models.BooleanField(
        "Nederlandstalige omgeving", default=False, help_text="Wordt er bij deze activiteit Nederlands gesproken?"
    )
    vastgelegd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    versie = models.PositiveIntegerField(default=1, editable=False, help_text="Optimistische vergrendeling")
    history = HistoricalRecords(excluded_fields=["versie"])

    class Meta:
        verbose_name = "participatieactiviteit"
        verbose_name_plural = "participatieactiviteiten"
        ordering = ["-startdatum", "-pk"]

    def __str__(self):
        return f"{self.get_soort_display()} bij {self.aanbieder}"

    def clean(self):
        if self.einddatum and self.startdatum and self.einddatum < self.startdatum:
            raise ValidationError({"einddatum": "De einddatum ligt vóór de startdatum."})


class TredeMeting(models.Model):
    """A position on the participatieladder after the intake's nulmeting: append-only.

    Every change is a new row with its date and who recorded it; rows are never changed.
    The nulmeting itself lives in the brede intake (`intake.BredeIntake`).
    """

    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="trede_metingen")
    datum = models.DateField()
    trede = models.PositiveSmallIntegerField(choices=Participatietrede.choices)
    vorige_trede = models.PositiveSmallIntegerField(choices=Participatietrede.choices, editable=False)
    toelichting = models.TextField(blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    vastgelegd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "meting participatieladder"
        verbose_name_plural = "metingen participatieladder"
        ordering = ["datum", "vastgelegd_op", "pk"]

    def __str__(self):
        return f"Trede {self.trede} op {self.datum:%d-%m-%Y}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(
                "Een meting op de participatieladder wordt niet gewijzigd; leg een nieuwe meting vast."
            )
        super().save(*args, **kwargs)


class Uitstroom(models.Model):
    """Out to work or study: the date that counts for the uitstroom KPI (DOMAIN.md §9)."""

    class Soort(models.TextChoices):
        WERK = "werk", "Werk"
        STUDIE = "studie", "Studie"

    casus = models.OneToOneField(Casus, on_delete=models.CASCADE, related_name="uitstroom")
    datum = models.DateField("datum uitstroom")
    soort = models.CharField("uitstroom naar", max_length=10, choices=Soort.choices)
    toelichting = models.CharField(
        max_length=300, blank=True, help_text="Bijvoorbeeld de functie of de opleiding (geen namen van personen)."
    )
    versie = models.PositiveIntegerField(default=1, editable=False, help_text="Optimistische vergrendeling")
    history = HistoricalRecords(excluded_fields=["versie"])

    class Meta:
        verbose_name = "uitstroom"
        verbose_name_plural = "uitstroom"

    def __str__(self):
        return f"Uitstroom naar {self.get_soort_display().lower()} op {self.datum:%d-%m-%Y}"
