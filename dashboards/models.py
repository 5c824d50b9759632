"""The summary table behind the KPIs, its refresh log, and long-running exports.

`CasusKenmerken` holds one row per case with what the KPIs need, computed by the pure rules in
`dashboards.rules` from every app's data (`dashboards.services.kenmerken_verversen`, run by beat
and before every export). It holds ids, codes and dates only: no names, no BSN. The KPI page
aggregates it in one SQL query per page, whatever the number of cases; the team dashboard reads
the live register and only takes "PIP op tijd" from it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from cases.models import Casus
from inburgering.models import Gemeente, Team


def _datum(label):
    return models.DateField(label, null=True, blank=True)


def _aantal(label):
    return models.PositiveSmallIntegerField(label, default=0)


class CasusKenmerken(models.Model):
    """Per case: cohort, the start/end/achieved dates of every KPI window and the counts behind the KPIs."""

    casus = models.OneToOneField(Casus, on_delete=models.CASCADE, primary_key=True, related_name="kenmerken")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    doelgroep = models.CharField(max_length=40)
    status = models.CharField(max_length=30)
    actief = models.BooleanField(default=True)
    cohort = models.PositiveSmallIntegerField(null=True, blank=True)
    cohortdatum = _datum("cohortdatum")
    asiel = models.BooleanField(default=False)

    # PIP
    pip_start = _datum("start PIP-termijn")
    pip_eind = _datum("wettelijke uiterste datum PIP")
    pip_op = _datum("dagtekening eerste PIP")
    pip_lokaal_eind = _datum("lokale streefdatum PIP")
    pip_lokaal_op = _datum("dagtekening eerste PIP (lokaal)")
    huidige_pip_op = _datum("dagtekening huidige PIP")
    eerste_leerroute = models.CharField(max_length=10, blank=True)
    leerroute = models.CharField("leerroute huidige PIP", max_length=10, blank=True)
    niveau = models.CharField(max_length=2, blank=True)
    termijn_start = _datum("start inburgeringstermijn")
    termijn_eind = _datum("einde inburgeringstermijn")
    pip_versies = _aantal("vastgestelde PIP-versies")
    schakelingen = _aantal("PIP-versies met reden schakelen")
    afschalingen = _aantal("PIP-versies met reden afschalen")
    schakel_van = models.CharField(max_length=10, blank=True)
    schakel_naar = models.CharField(max_length=10, blank=True)

    # KPI windows: <veld>_eind (last day, inclusive) and <veld>_op (achieved)
    gestart_eind = _datum("gestart: einde termijn")
    gestart_op = _datum("gestart op")
    aanbod_soort = models.CharField(max_length=10, blank=True)
    aanbod_route = models.CharField(max_length=10, blank=True)
    geslaagd_eind = _datum("geslaagd: einde termijn")
    geslaagd_op = _datum("geslaagd op")
    participerend_eind = _datum("participerend: einde termijn")
    participerend_op = _datum("participerend vanaf")
    bijstand = models.BooleanField(default=False)
    uitstroom_eind = _datum("uitstroom: einde termijn")
    uitstroom_op = _datum("uitgestroomd op")
    uitstroom_soort = models.CharField(max_length=10, blank=True)

    # Intake, leerbaarheidstoets, ladder
    intake_afgerond_op = _datum("brede intake afgerond op")
    opleiding = models.CharField(max_length=20, blank=True)
    routeadvies = models.CharField(max_length=10, blank=True)
    lbt_op = _datum("leerbaarheidstoets afgenomen op")
    lbt_score = models.PositiveSmallIntegerField(null=True, blank=True)
    lbt_haalbaar = models.BooleanField(null=True, blank=True)
    lbt_vrijstelling = models.CharField(max_length=10, blank=True)
    trede_nulmeting = models.PositiveSmallIntegerField(null=True, blank=True)
    trede_laatste = models.PositiveSmallIntegerField(null=True, blank=True)

    # MAP, PVT, Z-route
    map_eindgesprek_op = _datum("MAP eindgesprek")
    pvt_ondertekend_op = _datum("participatieverklaring ondertekend")
    zroute_afgerond_op = _datum("Z-route afgerond")

    # Handhaving
    hh_procedures = _aantal("handhavingsprocedures")
    hh_open = _aantal("lopende procedures")
    hh_boetes = _aantal("boetebeschikkingen")
    hh_boete_bedrag = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    hh_betaald = _aantal("boete betaald")
    hh_invordering = _aantal("boete in invordering")
    hh_kwijtgescholden = _aantal("boete kwijtgescholden")
    hh_ingetrokken = _aantal("boete ingetrokken")
    hh_afgezien = _aantal("afgezien van boete")
    hh_participatiewet = _aantal("doorgezet naar Participatiewet")
    hh_bezwaren = _aantal("bezwaren tegen een boete")
    hh_bezwaar_gegrond = _aantal("bezwaren (deels) gegrond")

    bijgewerkt_op = models.DateTimeField()

    class Meta:
        verbose_name = "kenmerken van een casus (samenvatting)"
        verbose_name_plural = "kenmerken van casussen (samenvatting)"
        indexes = [
            models.Index(fields=["team", "cohort"], name="kenmerken_team_cohort"),
            models.Index(fields=["gemeente", "cohort"], name="kenmerken_gemeente_cohort"),
            # "PIP op tijd" on the team dashboard joins only these columns: an index-only scan
            models.Index(fields=["casus", "pip_eind", "pip_op"], name="kenmerken_pip_op_tijd"),
        ]

    def __str__(self):
        return f"Kenmerken casus {self.casus_id}"


class Verversing(models.Model):
    """One run of the summary-table refresh (beat, a team lead's button, or before an export)."""

    gestart_op = models.DateTimeField()
    klaar_op = models.DateTimeField(null=True, blank=True)
    peildatum = models.DateField()
    aantal = models.PositiveIntegerField(default=0)
    volledig = models.BooleanField(default=True, help_text="Het hele register (niet alleen enkele casussen)")

    class Meta:
        verbose_name = "verversing samenvatting"
        verbose_name_plural = "verversingen samenvatting"
        ordering = ["-gestart_op", "-pk"]
        get_latest_by = "gestart_op"

    def __str__(self):
        return f"Verversing {self.gestart_op:%d-%m-%Y %H:%M} ({self.aantal})"


def export_pad(instance, filename):
    return f"exports/{instance.uuid}/{filename}"


class Export(models.Model):
    """A long export made by a Celery task: progress while it runs, a download when it is done."""

    class Soort(models.TextChoices):
        CBS = "cbs", "CBS-kwartaalbestand Statistiek Wet inburgering"
        MONITORING = "monitoring", "Monitoringsdataset voor het ministerie"

    class Status(models.TextChoices):
        WACHTRIJ = "wachtrij", "In de wachtrij"
        BEZIG = "bezig", "Bezig"
        KLAAR = "klaar", "Klaar"
        MISLUKT = "mislukt", "Mislukt"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    soort = models.CharField(max_length=20, choices=Soort.choices)
    parameters = models.JSONField(default=dict)
    omschrijving = models.CharField(max_length=300)
    aangevraagd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WACHTRIJ)
    voortgang = models.PositiveSmallIntegerField(default=0, help_text="Procent")
    stap = models.CharField(max_length=200, blank=True)
    aantal_rijen = models.PositiveIntegerField(null=True, blank=True)
    aantal_personen = models.PositiveIntegerField(null=True, blank=True)
    bestand = models.FileField(upload_to=export_pad, blank=True)
    bestandsnaam = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    klaar_op = models.DateTimeField(null=True, blank=True)
    gestart_op = models.DateTimeField(null=True, blank=True, help_text="Begin van de (laatste) run van de taak")
    fout = models.TextField(blank=True)

    class Meta:
        verbose_name = "export"
        verbose_name_plural = "exports"
        ordering = ["-aangemaakt_op", "-pk"]

    def __str__(self):
        return f"{self.get_soort_display()} ({self.get_status_display().lower()})"

    @property
    def loopt(self) -> bool:
        return self.status in (self.Status.WACHTRIJ, self.Status.BEZIG)
