"""The middle of the journey: routes, schools and contracts (configuration), and per case the
inburgeringsaanbod, hours, attendance, voortgangsgesprekken, exams, MAP, PVT and the Z-route.

Configuration is edited by the functioneel beheerder in the admin. Case data is written only
through `leerroutes.services`; reads that are more than a `.get()` live in `leerroutes.selectors`.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cases.models import Casus
from inburgering.models import Gemeente
from intake.models import Leerroute as RouteCode
from pip.models import PipVersie

from . import rules

UREN = {"max_digits": 7, "decimal_places": 2, "validators": [MinValueValidator(0)]}


# ============================================================================================
# Configuration (admin)
# ============================================================================================


class Leerroute(models.Model):
    """One of the three leerroutes. Its numbers (hours, months) are dated settings (RegelInstelling)."""

    code = models.CharField(max_length=10, choices=RouteCode.choices, unique=True)
    naam = models.CharField(max_length=100)
    omschrijving = models.TextField(blank=True, help_text="Uitleg voor consultants: voor wie, wat, hoe lang.")
    actief = models.BooleanField(default=True, help_text="Inactieve routes zijn niet te kiezen voor een nieuw aanbod.")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "leerroute"
        verbose_name_plural = "leerroutes"
        ordering = ["code"]

    def __str__(self):
        return self.naam


class Keurmerk(models.TextChoices):
    BLIK_OP_WERK = "blik_op_werk", "Keurmerk Blik op Werk"
    TAALSCHAKEL = "taalschakel", "Erkende taalschakelinstelling"
    BEIDE = "beide", "Blik op Werk en erkende taalschakelinstelling"
    GEEN = "geen", "Geen keurmerk"


class Taalaanbieder(models.Model):
    """A language school (DUO: cursusinstelling)."""

    naam = models.CharField(max_length=128, unique=True)
    instellingsnummer = models.CharField(
        "DUO-instellingsnummer",
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^\d{10}$", "Een instellingsnummer heeft 10 cijfers.")],
    )
    keurmerk = models.CharField(max_length=20, choices=Keurmerk.choices, default=Keurmerk.BLIK_OP_WERK)
    bow_nummer = models.CharField(
        "registratienummer Blik op Werk",
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^\d{1,10}$", "Alleen cijfers.")],
    )
    brin = models.CharField("BRIN", max_length=4, blank=True, help_text="Bij een erkende taalschakelinstelling.")
    keurmerk_geldig_tot = models.DateField("keurmerk geldig tot en met", null=True, blank=True)
    postcode = models.CharField(max_length=7, blank=True)
    huisnummer = models.CharField(max_length=10, blank=True)
    plaats = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    actief = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "taalaanbieder"
        verbose_name_plural = "taalaanbieders"
        ordering = ["naam"]

    def __str__(self):
        return self.naam

    @property
    def heeft_keurmerk(self) -> bool:
        return self.keurmerk != Keurmerk.GEEN


class Contactpersoon(models.Model):
    taalaanbieder = models.ForeignKey(Taalaanbieder, on_delete=models.CASCADE, related_name="contactpersonen")
    naam = models.CharField(max_length=200)
    functie = models.CharField(max_length=100, blank=True, help_text="Bijvoorbeeld: mentor, coördinator, administratie")
    email = models.EmailField("e-mailadres", blank=True)
    telefoon = models.CharField(max_length=40, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "contactpersoon"
        verbose_name_plural = "contactpersonen"
        ordering = ["naam"]

    def __str__(self):
        return f"{self.naam} ({self.functie})" if self.functie else self.naam


class Contract(models.Model):
    """A purchase contract with a school: valid for a period, prices per route."""

    taalaanbieder = models.ForeignKey(Taalaanbieder, on_delete=models.PROTECT, related_name="contracten")
    gemeenten = models.ManyToManyField(
        Gemeente, related_name="taalcontracten", help_text="Gemeenten die dit contract gebruiken"
    )
    kenmerk = models.CharField(max_length=60)
    geldig_van = models.DateField("geldig van")
    geldig_tot = models.DateField("geldig tot en met", null=True, blank=True, help_text="Leeg: voor onbepaalde tijd.")
    toelichting = models.TextField(blank=True)
    history = HistoricalRecords(m2m_fields=[gemeenten])

    class Meta:
        verbose_name = "contract"
        verbose_name_plural = "contracten"
        ordering = ["taalaanbieder__naam", "-geldig_van"]
        constraints = [models.UniqueConstraint(fields=["taalaanbieder", "kenmerk"], name="contract_kenmerk_uniek")]

    def __str__(self):
        return f"{self.taalaanbieder} – {self.kenmerk}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.geldig_tot and self.geldig_van and self.geldig_tot < self.geldig_van:
            raise ValidationError({"geldig_tot": "De einddatum ligt vóór de begindatum."})


class ContractPrijs(models.Model):
    class Eenheid(models.TextChoices):
        TRAJECT = "traject", "per traject"
        UUR = "uur", "per uur"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="prijzen")
    leerroute = models.ForeignKey(Leerroute, on_delete=models.PROTECT, related_name="+")
    prijs = models.DecimalField("prijs (euro)", max_digits=9, decimal_places=2, validators=[MinValueValidator(0)])
    eenheid = models.CharField(max_length=10, choices=Eenheid.choices, default=Eenheid.TRAJECT)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "prijs per route"
        verbose_name_plural = "prijzen per route"
        constraints = [models.UniqueConstraint(fields=["contract", "leerroute"], name="contractprijs_route_uniek")]

    def __str__(self):
        return f"{self.leerroute}: € {self.prijs} {self.get_eenheid_display()}"


def _token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class SchoolToken(models.Model):
    """An API key of a school. Only its hash is stored; the key is shown once when it is made."""

    taalaanbieder = models.ForeignKey(Taalaanbieder, on_delete=models.CASCADE, related_name="tokens")
    omschrijving = models.CharField(max_length=100, help_text="Bijvoorbeeld: leerlingadministratie")
    prefix = models.CharField(max_length=8, editable=False, db_index=True)
    sleutel_hash = models.CharField(max_length=64, unique=True, editable=False)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    laatst_gebruikt_op = models.DateTimeField(null=True, blank=True, editable=False)
    ingetrokken_op = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["laatst_gebruikt_op"])

    class Meta:
        verbose_name = "API-sleutel school"
        verbose_name_plural = "API-sleutels scholen"
        ordering = ["taalaanbieder__naam", "-aangemaakt_op"]

    def __str__(self):
        return f"{self.taalaanbieder} – {self.omschrijving} ({self.prefix}…)"

    def nieuwe_sleutel(self) -> str:
        """Set a fresh random key (returned once; only its hash is kept)."""
        key = secrets.token_urlsafe(32)
        self.prefix = key[:8]
        self.sleutel_hash = _token_hash(key)
        return key

    @classmethod
    def zoek(cls, key: str):
        return (
            cls.objects.select_related("taalaanbieder")
            .filter(sleutel_hash=_token_hash(key), ingetrokken_op__isnull=True, taalaanbieder__actief=True)
            .first()
        )


class Participatieaanbieder(models.Model):
    """A provider of MAP, PVT or participation activities."""

    naam = models.CharField(max_length=200, unique=True)
    biedt_map = models.BooleanField("biedt MAP", default=False)
    biedt_pvt = models.BooleanField("biedt PVT", default=False)
    biedt_participatie = models.BooleanField("biedt participatieactiviteiten", default=True)
    contactpersoon = models.CharField(max_length=200, blank=True)
    email = models.EmailField("e-mailadres", blank=True)
    telefoon = models.CharField(max_length=40, blank=True)
    actief = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "participatieaanbieder"
        verbose_name_plural = "participatieaanbieders"
        ordering = ["naam"]

    def __str__(self):
        return self.naam


# ============================================================================================
# Case data
# ============================================================================================


class Inburgeringsaanbod(models.Model):
    """The leerroute at a school for one case: bought by the municipality (asiel) or advice (others)."""

    class Soort(models.TextChoices):
        INKOOP = rules.INKOOP, "Inkoop door de gemeente"
        ADVIES = rules.ADVIES, "Advies (persoon betaalt zelf, lening DUO)"

    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="inburgeringsaanbod")
    soort = models.CharField(max_length=10, choices=Soort.choices, editable=False)
    leerroute = models.CharField(max_length=10, choices=RouteCode.choices)
    taalaanbieder = models.ForeignKey(Taalaanbieder, on_delete=models.PROTECT, related_name="inschrijvingen")
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    prijs = models.DecimalField(
        "prijs volgens contract (euro)", max_digits=9, decimal_places=2, null=True, blank=True, editable=False
    )
    leerlingnummer = models.CharField(
        "leerlingnummer bij de school",
        max_length=40,
        blank=True,
        help_text="Het nummer waaronder de school de persoon kent; nodig voor het inlezen van uren.",
    )
    startdatum = models.DateField()
    verwachte_einddatum = models.DateField("verwachte einddatum", null=True, blank=True)
    uren_per_week = models.DecimalField(
        "uren per week", max_digits=4, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(60)]
    )
    einddatum = models.DateField("beëindigd op", null=True, blank=True, editable=False)
    toelichting = models.TextField(blank=True)
    pip_versie = models.ForeignKey(PipVersie, on_delete=models.PROTECT, related_name="+", editable=False)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    versie = models.PositiveIntegerField(default=1, editable=False, help_text="Optimistische vergrendeling")
    history = HistoricalRecords(excluded_fields=["versie"])

    class Meta:
        verbose_name = "inburgeringsaanbod"
        verbose_name_plural = "inburgeringsaanbiedingen"
        ordering = ["-startdatum", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["casus"], condition=models.Q(einddatum__isnull=True), name="een_lopend_aanbod_per_casus"
            ),
            models.UniqueConstraint(
                fields=["taalaanbieder", "leerlingnummer"],
                condition=~models.Q(leerlingnummer=""),
                name="leerlingnummer_uniek_per_school",
            ),
        ]

    def __str__(self):
        return f"{self.get_leerroute_display()} bij {self.taalaanbieder}"

    @property
    def lopend(self) -> bool:
        return self.einddatum is None


class Urenregistratie(models.Model):
    """Hours of one kind in one month: NT2 and KNM at the school of an offer, or participation."""

    class Soort(models.TextChoices):
        NT2 = "nt2", "NT2 (taal)"
        KNM = "knm", "KNM"
        PARTICIPATIE = "participatie", "Participatie"

    class Bron(models.TextChoices):
        HANDMATIG = "handmatig", "Ingevoerd door de consultant"
        CSV = "csv", "Ingelezen (CSV van de school)"
        API = "api", "Gemeld door de school (API)"

    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="uren")
    aanbod = models.ForeignKey(Inburgeringsaanbod, on_delete=models.PROTECT, null=True, blank=True, related_name="uren")
    participatieaanbieder = models.ForeignKey(
        Participatieaanbieder, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    soort = models.CharField(max_length=15, choices=Soort.choices)
    maand = models.DateField(help_text="De eerste dag van de maand")
    uren = models.DecimalField(**UREN)
    bron = models.CharField(max_length=10, choices=Bron.choices)
    toelichting = models.CharField(max_length=300, blank=True)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    gewijzigd_op = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["gewijzigd_op"])

    class Meta:
        verbose_name = "urenregistratie"
        verbose_name_plural = "urenregistraties"
        ordering = ["-maand", "soort"]
        constraints = [
            models.UniqueConstraint(
                fields=["aanbod", "soort", "maand"],
                condition=models.Q(aanbod__isnull=False),
                name="uren_uniek_per_aanbod",
            ),
            models.UniqueConstraint(
                fields=["casus", "soort", "maand"],
                condition=models.Q(aanbod__isnull=True),
                name="uren_uniek_zonder_aanbod",
            ),
        ]
        indexes = [models.Index(fields=["casus", "soort"], name="uren_casus_soort")]

    def __str__(self):
        return f"{self.get_soort_display()} {self.maand:%m-%Y}: {self.uren} uur"


class Aanwezigheid(models.Model):
    """Attendance at the school in one month."""

    aanbod = models.ForeignKey(Inburgeringsaanbod, on_delete=models.PROTECT, related_name="aanwezigheid")
    maand = models.DateField(help_text="De eerste dag van de maand")
    geplande_uren = models.DecimalField(**UREN)
    aanwezige_uren = models.DecimalField(**UREN)
    percentage = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True, editable=False)
    bron = models.CharField(max_length=10, choices=Urenregistratie.Bron.choices)
    gewijzigd_op = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["gewijzigd_op"])

    class Meta:
        verbose_name = "aanwezigheid"
        verbose_name_plural = "aanwezigheid"
        ordering = ["-maand"]
        constraints = [models.UniqueConstraint(fields=["aanbod", "maand"], name="aanwezigheid_uniek_per_maand")]

    def __str__(self):
        return f"Aanwezigheid {self.maand:%m-%Y}: {self.percentage}%"


class Signaal(models.Model):
    """Something on the case that needs the consultant's attention (here: low attendance)."""

    class Soort(models.TextChoices):
        LAGE_AANWEZIGHEID = "lage_aanwezigheid", "Lage aanwezigheid"

    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="leerroute_signalen")
    aanbod = models.ForeignKey(Inburgeringsaanbod, on_delete=models.PROTECT, related_name="signalen")
    soort = models.CharField(max_length=30, choices=Soort.choices, default=Soort.LAGE_AANWEZIGHEID)
    maand = models.DateField()
    percentage = models.DecimalField(max_digits=5, decimal_places=1)
    drempel = models.DecimalField(max_digits=5, decimal_places=1)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    afgehandeld_op = models.DateTimeField(null=True, blank=True, editable=False)
    afgehandeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    afhandeling = models.TextField("afhandeling", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "signaal"
        verbose_name_plural = "signalen"
        ordering = ["-maand", "-pk"]
        constraints = [models.UniqueConstraint(fields=["aanbod", "soort", "maand"], name="signaal_uniek_per_maand")]
        indexes = [
            models.Index(
                fields=["casus"], condition=models.Q(afgehandeld_op__isnull=True), name="signaal_open_per_casus"
            )
        ]

    def __str__(self):
        return f"{self.get_soort_display()} {self.maand:%m-%Y} ({self.percentage}%)"


class Voortgang(models.TextChoices):
    ONVOLDOENDE = "onvoldoende", "Achter op schema"
    OP_SCHEMA = "op_schema", "Op schema"
    VOOR = "voor", "Voor op schema"
    NVT = "nvt", "Niet besproken"


VAARDIGHEDEN = (
    ("lezen", "Lezen"),
    ("luisteren", "Luisteren"),
    ("schrijven", "Schrijven"),
    ("spreken", "Spreken"),
    ("knm", "KNM"),
    ("participatie", "Participatie"),
)


class Voortgangsgesprek(models.Model):
    """A held voortgangsgesprek; the next one is due at the frequency of the PIP."""

    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="voortgangsgesprekken")
    datum = models.DateField()
    met_inburgeraar = models.BooleanField("inburgeraar", default=True)
    met_consultant = models.BooleanField("consultant gemeente", default=True)
    met_tolk = models.BooleanField("tolk", default=False)
    mentor_school = models.CharField("mentor van de school", max_length=200, blank=True)
    overige_deelnemers = models.CharField(max_length=300, blank=True)
    voortgang_lezen = models.CharField("lezen", max_length=12, choices=Voortgang.choices, default=Voortgang.NVT)
    voortgang_luisteren = models.CharField("luisteren", max_length=12, choices=Voortgang.choices, default=Voortgang.NVT)
    voortgang_schrijven = models.CharField("schrijven", max_length=12, choices=Voortgang.choices, default=Voortgang.NVT)
    voortgang_spreken = models.CharField("spreken", max_length=12, choices=Voortgang.choices, default=Voortgang.NVT)
    voortgang_knm = models.CharField("KNM", max_length=12, choices=Voortgang.choices, default=Voortgang.NVT)
    voortgang_participatie = models.CharField(
        "participatie", max_length=12, choices=Voortgang.choices, default=Voortgang.NVT
    )
    toelichting = models.TextField("toelichting op de voortgang", blank=True)
    afspraken = models.TextField()
    volgende_uiterlijk = models.DateField("volgend gesprek uiterlijk", editable=False)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    versie = models.PositiveIntegerField(default=1, editable=False, help_text="Optimistische vergrendeling")
    history = HistoricalRecords(excluded_fields=["versie"])

    class Meta:
        verbose_name = "voortgangsgesprek"
        verbose_name_plural = "voortgangsgesprekken"
        ordering = ["-datum", "-pk"]

    def __str__(self):
        return f"Voortgangsgesprek {self.datum:%d-%m-%Y}"

    def get_absolute_url(self):
        return reverse("leerroutes:gesprek", kwargs={"casus_pk": self.casus_id, "gesprek_pk": self.pk})

    @property
    def voortgang(self) -> list[tuple[str, str]]:
        return [(label, getattr(self, f"get_voortgang_{code}_display")()) for code, label in VAARDIGHEDEN]

    @property
    def deelnemers(self) -> str:
        namen = [
            label
            for flag, label in (
                (self.met_inburgeraar, "inburgeraar"),
                (self.met_consultant, "consultant"),
                (self.met_tolk, "tolk"),
            )
            if flag
        ]
        if self.mentor_school:
            namen.append(f"mentor school ({self.mentor_school})")
        if self.overige_deelnemers:
            namen.append(self.overige_deelnemers)
        return ", ".join(namen)


class Examen(models.Model):
    """One attempt at one exam part."""

    class Onderdeel(models.TextChoices):
        LEZEN = rules.LEZEN, "Lezen"
        LUISTEREN = rules.LUISTEREN, "Luisteren"
        SCHRIJVEN = rules.SCHRIJVEN, "Schrijven"
        SPREKEN = rules.SPREKEN, "Spreken"
        KNM = rules.KNM, "Kennis van de Nederlandse Maatschappij (KNM)"

    class Niveau(models.TextChoices):
        A2 = "A2", "A2"
        B1 = "B1", "B1"
        B2 = "B2", "B2"

    class Resultaat(models.TextChoices):
        GESLAAGD = "geslaagd", "Geslaagd"
        GEZAKT = "gezakt", "Niet geslaagd"
        GEEN = "geen", "Geen resultaat"

    class RedenGeenResultaat(models.TextChoices):
        AFGEMELD = "afgemeld", "Afgemeld"
        ABSENT = "absent", "Absent"

    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="examens")
    onderdeel = models.CharField(max_length=3, choices=Onderdeel.choices)
    niveau = models.CharField(max_length=2, choices=Niveau.choices, blank=True, help_text="Leeg bij KNM")
    datum = models.DateField("examendatum")
    resultaat = models.CharField(max_length=10, choices=Resultaat.choices)
    reden_geen_resultaat = models.CharField(max_length=10, choices=RedenGeenResultaat.choices, blank=True)
    poging = models.PositiveSmallIntegerField("poging", editable=False)
    gratis = models.BooleanField("gratis poging", editable=False)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "examen"
        verbose_name_plural = "examens"
        ordering = ["onderdeel", "poging"]
        constraints = [models.UniqueConstraint(fields=["casus", "onderdeel", "poging"], name="examenpoging_uniek")]

    def __str__(self):
        return f"{self.get_onderdeel_display()} poging {self.poging}: {self.get_resultaat_display()}"


class Afschaling(models.Model):
    """Lowering B1 to A2 for some exam parts in the B1-route; leads to a new PIP version."""

    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="afschalingen")
    onderdelen = models.JSONField(help_text="Examenonderdelen (LE, LU, SC, SP) die naar A2 gaan")
    nt2_uren = models.DecimalField("NT2-uren bij een school met keurmerk", max_digits=7, decimal_places=2)
    motivatie = models.TextField()
    pip_versie = models.ForeignKey(PipVersie, on_delete=models.PROTECT, related_name="+")
    aangevraagd_op = models.DateField()
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "afschaling"
        verbose_name_plural = "afschalingen"
        ordering = ["-aangevraagd_op", "-pk"]

    def __str__(self):
        return f"Afschaling naar A2 ({', '.join(self.onderdelen)})"


class Schakeling(models.Model):
    """A switch of leerroute; leads to a new PIP version."""

    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="schakelingen")
    van_route = models.CharField(max_length=10, choices=RouteCode.choices)
    naar_route = models.CharField(max_length=10, choices=RouteCode.choices)
    motivatie = models.TextField()
    pip_versie = models.ForeignKey(PipVersie, on_delete=models.PROTECT, related_name="+")
    aangevraagd_op = models.DateField()
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "schakeling"
        verbose_name_plural = "schakelingen"
        ordering = ["-aangevraagd_op", "-pk"]

    def __str__(self):
        return f"Schakelen {self.get_van_route_display()} → {self.get_naar_route_display()}"


class ThemaStatus(models.TextChoices):
    TE_VOLGEN = "te_volgen", "Nog te volgen"
    BEHEERST = "beheerst", "Al beheerst (vrijgesteld)"
    GEVOLGD = "gevolgd", "Gevolgd"


MAP_THEMAS = (
    ("beroepsorientatie", "Beroepsoriëntatie"),
    ("werknemerscompetenties", "Werknemerscompetenties"),
    ("beroepsbeeld", "Realistisch beroepsbeeld"),
    ("beroepskansen", "Beroepskansen"),
    ("beroepscompetenties", "Beroepscompetenties verwerven"),
    ("netwerk", "Netwerk opbouwen"),
    ("werk_vinden", "Werk vinden"),
    ("werkcultuur", "Werkcultuur"),
)


def _thema(label):
    return models.CharField(label, max_length=10, choices=ThemaStatus.choices, default=ThemaStatus.TE_VOLGEN)


class MapTraject(models.Model):
    """The Module Arbeidsmarkt en Participatie of a case (not in the onderwijsroute)."""

    casus = models.OneToOneField(Casus, on_delete=models.PROTECT, related_name="map_traject")
    aanbieder = models.ForeignKey(Participatieaanbieder, on_delete=models.PROTECT, related_name="+")
    startdatum = models.DateField()
    thema_beroepsorientatie = _thema("Beroepsoriëntatie")
    thema_werknemerscompetenties = _thema("Werknemerscompetenties")
    thema_beroepsbeeld = _thema("Realistisch beroepsbeeld")
    thema_beroepskansen = _thema("Beroepskansen")
    thema_beroepscompetenties = _thema("Beroepscompetenties verwerven")
    thema_netwerk = _thema("Netwerk opbouwen")
    thema_werk_vinden = _thema("Werk vinden")
    thema_werkcultuur = _thema("Werkcultuur")
    eindgesprek_op = models.DateField("datum eindgesprek", null=True, blank=True)
    toelichting = models.TextField(blank=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)
    versie = models.PositiveIntegerField(default=1, editable=False, help_text="Optimistische vergrendeling")
    history = HistoricalRecords(excluded_fields=["gewijzigd_op", "versie"])

    class Meta:
        verbose_name = "MAP"
        verbose_name_plural = "MAP-trajecten"

    def __str__(self):
        return f"MAP {self.casus_id}"

    @property
    def themas(self) -> list[tuple[str, str, str]]:
        """(code, label, status label) per theme."""
        return [(code, label, getattr(self, f"get_thema_{code}_display")()) for code, label in MAP_THEMAS]

    @property
    def themas_open(self) -> int:
        return sum(1 for code, _ in MAP_THEMAS if getattr(self, f"thema_{code}") == ThemaStatus.TE_VOLGEN)


class MapPraktijkonderdeel(models.Model):
    map = models.ForeignKey(MapTraject, on_delete=models.CASCADE, related_name="praktijk")
    omschrijving = models.CharField(max_length=200, help_text="Bijvoorbeeld: werkervaringsplaats in de zorg")
    organisatie = models.CharField("bij (organisatie)", max_length=200, blank=True)
    van = models.DateField(null=True, blank=True)
    tot = models.DateField("tot en met", null=True, blank=True)
    uren = models.DecimalField(**UREN)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "praktijkonderdeel MAP"
        verbose_name_plural = "praktijkonderdelen MAP"
        ordering = ["van", "pk"]

    def __str__(self):
        return self.omschrijving


class PvtTraject(models.Model):
    """The participatieverklaringstraject of a case."""

    casus = models.OneToOneField(Casus, on_delete=models.PROTECT, related_name="pvt_traject")
    aanbieder = models.ForeignKey(Participatieaanbieder, on_delete=models.PROTECT, related_name="+")
    kernwaarden_introductie_op = models.DateField("introductie kernwaarden gevolgd op", null=True, blank=True)
    ondertekend_op = models.DateField("participatieverklaring ondertekend op", null=True, blank=True)
    certificaat_op = models.DateField("certificaat uitgereikt op", null=True, blank=True)
    toelichting = models.TextField(blank=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)
    versie = models.PositiveIntegerField(default=1, editable=False, help_text="Optimistische vergrendeling")
    history = HistoricalRecords(excluded_fields=["gewijzigd_op", "versie"])

    class Meta:
        verbose_name = "PVT"
        verbose_name_plural = "PVT-trajecten"

    def __str__(self):
        return f"PVT {self.casus_id}"


class PvtSessie(models.Model):
    class Soort(models.TextChoices):
        BIJEENKOMST = "bijeenkomst", "Bijeenkomst"
        ACTIVITEIT = "activiteit", "Activiteit"
        EXCURSIE = "excursie", "Excursie"

    pvt = models.ForeignKey(PvtTraject, on_delete=models.CASCADE, related_name="sessies")
    soort = models.CharField(max_length=12, choices=Soort.choices, default=Soort.BIJEENKOMST)
    datum = models.DateField()
    uren = models.DecimalField(**UREN)
    omschrijving = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "PVT-sessie"
        verbose_name_plural = "PVT-sessies"
        ordering = ["datum", "pk"]

    def __str__(self):
        return f"{self.get_soort_display()} {self.datum:%d-%m-%Y}"


def certificaat_pad(instance, filename):
    return f"zroute/{instance.casus_id}/certificaat-zroute-{instance.casus_id}.pdf"


PDF_VELDEN = frozenset({"pdf", "pdf_sha256", "pdf_gemaakt_op"})


class ZrouteAfronding(models.Model):
    """The completion of the Z-route: hours checked, eindgesprek held, certificate."""

    casus = models.OneToOneField(Casus, on_delete=models.PROTECT, related_name="zroute_afronding")
    eindgesprek_op = models.DateField("datum eindgesprek")
    verslag = models.TextField("verslag eindgesprek")
    cursusuren = models.DecimalField(max_digits=7, decimal_places=2, editable=False)
    participatie_uren = models.DecimalField(max_digits=7, decimal_places=2, editable=False)
    afgerond_op = models.DateField("afgerond op", editable=False)
    certificaat_html = models.TextField(blank=True, editable=False)
    pdf = models.FileField(upload_to=certificaat_pad, blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    pdf_gemaakt_op = models.DateTimeField(null=True, blank=True, editable=False)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    history = HistoricalRecords(excluded_fields=["certificaat_html"])

    class Meta:
        verbose_name = "afronding Z-route"
        verbose_name_plural = "afrondingen Z-route"

    def __str__(self):
        return f"Z-route afgerond {self.afgerond_op:%d-%m-%Y}"


class ImportBatch(models.Model):
    """An uploaded CSV of a school: first a preview, then (only when every row is valid) the import."""

    class Status(models.TextChoices):
        VOORBEELD = "voorbeeld", "Voorbeeld"
        VERWERKT = "verwerkt", "Verwerkt"

    taalaanbieder = models.ForeignKey(Taalaanbieder, on_delete=models.PROTECT, related_name="+")
    bestandsnaam = models.CharField(max_length=255)
    inhoud = models.TextField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VOORBEELD, editable=False)
    aantal_rijen = models.PositiveIntegerField(default=0, editable=False)
    aantal_nieuw = models.PositiveIntegerField(default=0, editable=False)
    aantal_gewijzigd = models.PositiveIntegerField(default=0, editable=False)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    verwerkt_op = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "CSV-import"
        verbose_name_plural = "CSV-imports"
        ordering = ["-aangemaakt_op"]

    def __str__(self):
        return f"Import {self.bestandsnaam} ({self.get_status_display().lower()})"
