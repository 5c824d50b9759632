"""Warme overdracht, introductieweek, brede intake and leerbaarheidstoets of a case.

Written only through `intake.services`; read through `intake.selectors`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from cases.models import Casus, Document


class WarmeOverdracht(models.Model):
    """The three-way talk with the AZC/COA and what they handed over. May precede housing."""

    casus = models.OneToOneField(Casus, on_delete=models.CASCADE, related_name="warme_overdracht")
    azc = models.CharField("AZC (locatie)", max_length=200, blank=True)
    coa_contactpersoon = models.CharField("COA-casemanager", max_length=200, blank=True)
    coa_telefoon = models.CharField("telefoon COA-casemanager", max_length=40, blank=True)
    coa_email = models.EmailField("e-mail COA-casemanager", blank=True)
    gesprek_datum = models.DateField("datum driegesprek")
    gesprek_tijd = models.TimeField("tijd driegesprek", null=True, blank=True)
    gesprek_plaats = models.CharField("plaats driegesprek", max_length=200)
    aanwezig_inburgeraar = models.BooleanField("inburgeraar aanwezig", default=True)
    aanwezig_coa = models.BooleanField("COA-casemanager aanwezig", default=True)
    aanwezig_consultant = models.BooleanField("consultant gemeente aanwezig", default=True)
    aanwezig_tolk = models.BooleanField("tolk aanwezig", default=False)
    aanwezig_overig = models.CharField("overige aanwezigen", max_length=300, blank=True)
    voorinburgering = models.TextField("voortgang voorinburgering", blank=True)
    gezondheid = models.TextField("signalen over gezondheid", blank=True)
    gezin = models.TextField("gezin en gezinshereniging", blank=True)
    opleiding_werk = models.TextField("opleiding en werk", blank=True)
    zorgen = models.TextField("zorgen en aandachtspunten", blank=True)
    bijlagen = models.ManyToManyField(Document, blank=True, related_name="+", verbose_name="bijlagen")
    vastgelegd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    gewijzigd_op = models.DateTimeField(auto_now=True)
    versie = models.PositiveIntegerField(default=1, editable=False, help_text="Optimistische vergrendeling")
    history = HistoricalRecords(excluded_fields=["gewijzigd_op", "versie"])

    class Meta:
        verbose_name = "warme overdracht"
        verbose_name_plural = "warme overdrachten"

    def __str__(self):
        return f"Warme overdracht {self.casus_id}"


class IntroductieItem(models.Model):
    """One item of the introductieweek checklist; configured by the functioneel beheerder."""

    naam = models.CharField(max_length=120, unique=True)
    toelichting = models.CharField(max_length=300, blank=True)
    volgorde = models.PositiveSmallIntegerField(default=0)
    actief = models.BooleanField(default=True, help_text="Inactieve items verschijnen niet meer op nieuwe checklists.")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "introductieweek-item"
        verbose_name_plural = "introductieweek-items"
        ordering = ["volgorde", "naam"]

    def __str__(self):
        return self.naam


class IntroductieTaak(models.Model):
    """An item of the checklist for one case: who does it and when it was done."""

    class Uitvoerder(models.TextChoices):
        CONSULTANT = "consultant", "Consultant gemeente"
        INBURGERAAR = "inburgeraar", "Inburgeraar zelf"
        BEGELEIDER = "begeleider", "Maatschappelijk begeleider"
        COA = "coa", "COA"
        ANDERS = "anders", "Anders"

    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="introductietaken")
    item = models.ForeignKey(IntroductieItem, on_delete=models.PROTECT, related_name="taken")
    uitvoerder = models.CharField("wie doet het", max_length=20, choices=Uitvoerder.choices, blank=True)
    gedaan_op = models.DateField("gedaan op", null=True, blank=True)
    opmerking = models.CharField(max_length=300, blank=True)
    versie = models.PositiveIntegerField(default=1, editable=False, help_text="Optimistische vergrendeling")
    history = HistoricalRecords(excluded_fields=["versie"])

    class Meta:
        verbose_name = "introductieweektaak"
        verbose_name_plural = "introductieweektaken"
        ordering = ["item__volgorde", "item__naam"]
        constraints = [models.UniqueConstraint(fields=["casus", "item"], name="introductietaak_uniek")]

    def __str__(self):
        return f"{self.item} ({self.casus_id})"


class Participatietrede(models.IntegerChoices):
    ZORG = 1, "1 – Zorg (geïsoleerd)"
    SOCIALE_ACTIVERING = 2, "2 – Sociale activering"
    SPECIFIEKE_DIAGNOSE = 3, "3 – Specifieke diagnose / deelname georganiseerde activiteiten"
    ONTWIKKELING = 4, "4 – Ontwikkeling richting werk / onbetaald werk"
    BEMIDDELING = 5, "5 – Bemiddeling naar werk / betaald werk met ondersteuning"
    NAZORG = 6, "6 – Nazorg / betaald werk"


class Leerroute(models.TextChoices):
    B1 = "b1", "B1-route"
    ONDERWIJS = "onderwijs", "Onderwijsroute"
    Z = "z", "Z-route (zelfredzaamheidsroute)"


class BredeIntake(models.Model):
    """The outcome of the brede intake: the life domains, the nulmeting and the route advice."""

    class Opleiding(models.TextChoices):
        GEEN = "geen", "Geen onderwijs gevolgd"
        BASIS = "basis", "Basisonderwijs"
        VOORTGEZET = "voortgezet", "Voortgezet onderwijs"
        MBO = "mbo", "Middelbaar beroepsonderwijs (of vergelijkbaar)"
        HBO = "hbo", "Hoger beroepsonderwijs"
        WO = "wo", "Universiteit"
        ONBEKEND = "onbekend", "Onbekend"

    class Alfabetisering(models.TextChoices):
        GEALFABETISEERD = "NVT", "Gealfabetiseerd in het Latijnse schrift"
        ANDERS = "AA", "Anders-gealfabetiseerd (ander schrift)"
        ANALFABEET = "A", "Niet gealfabetiseerd"

    class Taalniveau(models.TextChoices):
        GEEN = "geen", "Geen Nederlands"
        A0 = "A0", "Beginner (A0)"
        A1 = "A1", "A1"
        A2 = "A2", "A2"
        B1 = "B1", "B1 of hoger"

    class Belasting(models.TextChoices):
        GEEN = "geen", "Geen belemmeringen"
        LICHT = "licht", "Lichte belemmeringen"
        ERNSTIG = "ernstig", "Ernstige belemmeringen"
        ONBEKEND = "onbekend", "Nog onbekend"

    class Niveau3(models.TextChoices):
        LAAG = "laag", "Laag"
        GEMIDDELD = "gemiddeld", "Gemiddeld"
        HOOG = "hoog", "Hoog"

    casus = models.OneToOneField(Casus, on_delete=models.CASCADE, related_name="brede_intake")
    # Opleiding
    opleiding_niveau = models.CharField(
        "hoogst gevolgde opleiding", max_length=20, choices=Opleiding.choices, default=Opleiding.ONBEKEND
    )
    opleiding_jaren = models.PositiveSmallIntegerField(
        "aantal jaren onderwijs", null=True, blank=True, validators=[MaxValueValidator(30)]
    )
    diploma = models.BooleanField("diploma behaald", default=False)
    opleiding_toelichting = models.TextField("toelichting opleiding", blank=True)
    # Werk
    werkervaring_jaren = models.PositiveSmallIntegerField(
        "jaren werkervaring", null=True, blank=True, validators=[MaxValueValidator(60)]
    )
    beroep = models.CharField("laatste beroep", max_length=200, blank=True)
    werk_toelichting = models.TextField("toelichting werkervaring", blank=True)
    # Taal en geletterdheid
    moedertaal = models.CharField(max_length=100, blank=True)
    andere_talen = models.CharField("andere talen", max_length=200, blank=True)
    alfabetisering = models.CharField(
        max_length=3, choices=Alfabetisering.choices, default=Alfabetisering.GEALFABETISEERD
    )
    nederlands_niveau = models.CharField(
        "huidig niveau Nederlands", max_length=4, choices=Taalniveau.choices, default=Taalniveau.GEEN
    )
    taal_toelichting = models.TextField("toelichting taal en geletterdheid", blank=True)
    # Leerbaarheid (beside the test)
    leerbaarheid_toelichting = models.TextField("leerbaarheid (indruk, leerervaring)", blank=True)
    # Gezondheid
    gezondheid_lichamelijk = models.CharField(
        "lichamelijke gezondheid", max_length=10, choices=Belasting.choices, default=Belasting.ONBEKEND
    )
    gezondheid_psychisch = models.CharField(
        "psychische gezondheid", max_length=10, choices=Belasting.choices, default=Belasting.ONBEKEND
    )
    gezondheid_toelichting = models.TextField("toelichting gezondheid", blank=True)
    # Gezin en kinderopvang
    kinderopvang_nodig = models.BooleanField("kinderopvang nodig", default=False)
    gezin_toelichting = models.TextField("toelichting gezin en kinderopvang", blank=True)
    # Sociaal netwerk
    sociaal_netwerk = models.CharField("sociaal netwerk", max_length=10, choices=Niveau3.choices, default=Niveau3.LAAG)
    netwerk_toelichting = models.TextField("toelichting sociaal netwerk", blank=True)
    # Financiën en zelfredzaamheid
    bijstand = models.BooleanField("ontvangt bijstand (Participatiewet)", default=False)
    schulden = models.BooleanField("schulden", default=False)
    financiele_zelfredzaamheid = models.CharField(
        "financiële zelfredzaamheid", max_length=10, choices=Niveau3.choices, default=Niveau3.GEMIDDELD
    )
    financien_toelichting = models.TextField("toelichting financiën", blank=True)
    # Motivatie en interesses
    interesse_werk = models.CharField("interesse werk", max_length=300, blank=True)
    interesse_sport = models.CharField("interesse sport", max_length=300, blank=True)
    interesse_cultuur = models.CharField("interesse cultuur", max_length=300, blank=True)
    motivatie_toelichting = models.TextField("motivatie", blank=True)
    # Nulmeting and route advice
    participatieladder_trede = models.PositiveSmallIntegerField(
        "participatieladder (nulmeting)", choices=Participatietrede.choices, null=True, blank=True
    )
    routeadvies = models.CharField("routeadvies", max_length=10, choices=Leerroute.choices, blank=True)
    routeadvies_motivatie = models.TextField(
        "motivering routeadvies", blank=True, help_text="Waarom past deze route, op grond van de hele intake?"
    )
    afgerond_op = models.DateField("intake afgerond op", null=True, blank=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)
    versie = models.PositiveIntegerField(default=1, editable=False, help_text="Optimistische vergrendeling")
    history = HistoricalRecords(excluded_fields=["gewijzigd_op", "versie"])

    class Meta:
        verbose_name = "brede intake"
        verbose_name_plural = "brede intakes"

    def __str__(self):
        return f"Brede intake {self.casus_id}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.routeadvies and not self.routeadvies_motivatie.strip():
            raise ValidationError(
                {"routeadvies_motivatie": "Motiveer het routeadvies: een advies zonder motivering is niet zorgvuldig."}
            )
        if self.afgerond_op and not self.routeadvies:
            raise ValidationError({"routeadvies": "Geef een routeadvies voordat u de intake afrondt."})
        if self.afgerond_op and not self.participatieladder_trede:
            raise ValidationError(
                {
                    "participatieladder_trede": "Leg de trede op de participatieladder vast (nulmeting) voordat u de intake afrondt."
                }
            )


class IntakeGesprek(models.Model):
    """One conversation of the brede intake."""

    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="intakegesprekken")
    datum = models.DateField()
    onderwerpen = models.CharField("besproken levensdomeinen", max_length=300, blank=True)
    tolk_ingezet = models.BooleanField("tolk ingezet", default=False)
    tolk_taal = models.CharField("taal van de tolk", max_length=100, blank=True)
    verslag = models.TextField()
    gevoerd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    versie = models.PositiveIntegerField(default=1, editable=False, help_text="Optimistische vergrendeling")
    history = HistoricalRecords(excluded_fields=["versie"])

    class Meta:
        verbose_name = "intakegesprek"
        verbose_name_plural = "intakegesprekken"
        ordering = ["datum", "pk"]

    def __str__(self):
        return f"Intakegesprek {self.datum:%d-%m-%Y}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.tolk_ingezet and not self.tolk_taal.strip():
            raise ValidationError({"tolk_taal": "Vul de taal van de tolk in."})


class Leerbaarheidstoets(models.Model):
    """Planned by the municipality, scored by DUO (0-40), or exempted for a visual/hearing impairment."""

    class Vrijstelling(models.TextChoices):
        VISUEEL = "visueel", "Visuele beperking"
        AUDITIEF = "auditief", "Auditieve beperking"

    casus = models.OneToOneField(Casus, on_delete=models.CASCADE, related_name="leerbaarheidstoets")
    gepland_op = models.DateField("gepland op", null=True, blank=True)
    afgenomen_op = models.DateField("afgenomen op", null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MinValueValidator(0)])
    drempel = models.PositiveSmallIntegerField("drempel B1-route", null=True, blank=True, editable=False)
    haalbaar = models.BooleanField("B1-route haalbaar", null=True, editable=False)
    vrijstelling = models.CharField("vrijgesteld wegens", max_length=10, choices=Vrijstelling.choices, blank=True)
    vrijstelling_reden = models.TextField("motivering vrijstelling", blank=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)
    versie = models.PositiveIntegerField(default=1, editable=False, help_text="Optimistische vergrendeling")
    history = HistoricalRecords(excluded_fields=["gewijzigd_op", "versie"])

    class Meta:
        verbose_name = "leerbaarheidstoets"
        verbose_name_plural = "leerbaarheidstoetsen"

    def __str__(self):
        return f"Leerbaarheidstoets {self.casus_id}"

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.vrijstelling:
            if not self.vrijstelling_reden.strip():
                errors["vrijstelling_reden"] = "Motiveer de vrijstelling."
            if self.score is not None or self.afgenomen_op:
                errors["vrijstelling"] = "Een vrijgestelde persoon heeft geen toetsuitslag; laat datum en score leeg."
        else:
            if self.score is not None and not self.afgenomen_op:
                errors["afgenomen_op"] = "Vul de datum in waarop de toets is afgenomen."
            if self.afgenomen_op and self.score is None:
                errors["score"] = "Vul de score in."
            if not (self.gepland_op or self.afgenomen_op):
                errors["gepland_op"] = "Vul de geplande datum in, of de datum waarop de toets is afgenomen."
        if errors:
            raise ValidationError(errors)
