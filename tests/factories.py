"""factory-boy factories for the register.

Conventions
- `.build()` never touches the database: plain declarations are values, lazies and
  SubFactories; everything that needs the database (groups, M2M, status history) is a
  post-generation hook that only acts when the object is *created*.
- Roles: `GebruikerFactory(rol="consultant")` (or a list of roles) adds the auth Group(s)
  created by the data migration; shortcuts `ConsultantFactory`, `TeamleiderFactory`,
  `BeheerderFactory` (functioneel beheerder, `is_staff=True`).
- `GebruikerFactory(teams=[team, ...])`, `TeamFactory(gemeenten=[gemeente, ...])`.
- Passwords: `WACHTWOORD` unless `password=` is given. The hash is computed once per
  plaintext and cached (PBKDF2 is deliberately slow); `check_password` works as usual.
- `CasusFactory()` is consistent: its team belongs to the gemeente's organisatie and works
  for the gemeente, its consultant is a member of the team (on create the factory adds the
  missing links; pass `koppelen=False` to build an inconsistent case on purpose).
- Life-cycle traits: `CasusFactory(warme_overdracht=True)`, `intake=True`,
  `pip_in_voorbereiding=True`, `uitvoering=True` (alias `pip_vastgesteld=True`),
  `opgeschort=True`, `afronding=True`, `afgesloten=True`. On create the factory writes the
  `StatusOvergang` rows (and timeline rows) of the usual path through `cases/workflow.py`
  (`cases.demo.standaard_pad`) ending in the case's status. Pass `overgangen=False` to skip.
"""

from __future__ import annotations

import datetime as dt
import functools

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from factory.django import DjangoModelFactory

from cases.demo import make_bsn, standaard_pad
from cases.models import (
    ASIEL_DOELGROEPEN,
    Casus,
    Document,
    Doelgroep,
    Geslacht,
    Gezinslid,
    Inburgeraar,
    StatusOvergang,
    TijdlijnGebeurtenis,
)
from cases.workflow import Status
from inburgering.models import Gebruiker, Gemeente, Organisatie, Team
from inburgering.permissions import CONSULTANT, FUNCTIONEEL_BEHEERDER, TEAMLEIDER

__all__ = [
    "WACHTWOORD",
    "make_bsn",
    "OrganisatieFactory",
    "GemeenteFactory",
    "TeamFactory",
    "GebruikerFactory",
    "ConsultantFactory",
    "TeamleiderFactory",
    "BeheerderFactory",
    "InburgeraarFactory",
    "GezinslidFactory",
    "CasusFactory",
    "DocumentFactory",
]

WACHTWOORD = "Test-wachtwoord-2026"


@functools.lru_cache(maxsize=16)
def _wachtwoord_hash(raw: str) -> str:
    return make_password(raw)


def _is_hash(value: str) -> bool:
    from django.contrib.auth.hashers import identify_hasher

    try:
        identify_hasher(value)
    except ValueError:
        return False
    return True


def _vandaag() -> dt.date:
    return timezone.localdate()


# --------------------------------------------------------------------------------------------
# Organisation
# --------------------------------------------------------------------------------------------


class OrganisatieFactory(DjangoModelFactory):
    class Meta:
        model = Organisatie
        django_get_or_create = ("naam",)

    naam = factory.Sequence(lambda n: f"Sociale Dienst {n}")


class GemeenteFactory(DjangoModelFactory):
    class Meta:
        model = Gemeente

    organisatie = factory.SubFactory(OrganisatieFactory)
    naam = factory.Sequence(lambda n: f"Gemeente {n}")
    # GM9000 and up: no real CBS code is that high, so tests never collide with real gemeenten
    cbs_code = factory.Sequence(lambda n: f"GM{9000 + n % 1000:04d}" if n < 1000 else f"G{n:05d}"[:6])
    postadres = factory.Sequence(lambda n: f"Postbus {100 + n}")
    postcode_plaats = factory.LazyAttribute(lambda o: f"1234 AB {o.naam}")
    telefoon = "14 0488"
    website = factory.LazyAttribute(lambda o: f"https://www.{o.naam.lower().replace(' ', '-')}.nl")


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    organisatie = factory.SubFactory(OrganisatieFactory)
    naam = factory.Sequence(lambda n: f"Team {n}")

    @factory.post_generation
    def gemeenten(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.gemeenten.add(*extracted)


def _rollen_toevoegen(obj, create, extracted) -> None:
    if not create or not extracted:
        return
    from django.contrib.auth.models import Group

    namen = [extracted] if isinstance(extracted, str) else list(extracted)
    obj.groups.add(*[Group.objects.get(name=naam) for naam in namen])


class GebruikerFactory(DjangoModelFactory):
    class Meta:
        model = Gebruiker
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")

    password = WACHTWOORD  # a plaintext here is hashed in _adjust_kwargs (set_password semantics)

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        raw = kwargs.get("password")
        if raw and not _is_hash(raw):
            kwargs["password"] = _wachtwoord_hash(raw)
        return kwargs

    @factory.post_generation
    def rol(obj, create, extracted, **kwargs):
        """`rol="consultant"` or `rol=["consultant", "teamleider"]`: add the auth Groups."""
        _rollen_toevoegen(obj, create, extracted)

    @factory.post_generation
    def teams(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.teams.add(*extracted)


class ConsultantFactory(GebruikerFactory):
    username = factory.Sequence(lambda n: f"consultant-t{n}")
    functie = "Consulent inburgering"
    rol = factory.PostGeneration(
        lambda obj, create, extracted, **kw: _rollen_toevoegen(obj, create, extracted or CONSULTANT)
    )


class TeamleiderFactory(GebruikerFactory):
    username = factory.Sequence(lambda n: f"teamleider-t{n}")
    functie = "Teamleider"
    rol = factory.PostGeneration(
        lambda obj, create, extracted, **kw: _rollen_toevoegen(obj, create, extracted or TEAMLEIDER)
    )


class BeheerderFactory(GebruikerFactory):
    username = factory.Sequence(lambda n: f"beheerder-t{n}")
    functie = "Functioneel beheerder"
    is_staff = True
    rol = factory.PostGeneration(
        lambda obj, create, extracted, **kw: _rollen_toevoegen(obj, create, extracted or FUNCTIONEEL_BEHEERDER)
    )


# --------------------------------------------------------------------------------------------
# Register
# --------------------------------------------------------------------------------------------


class InburgeraarFactory(DjangoModelFactory):
    """`bsn` is a plain value (default: `make_bsn(sequence)`); it is stored with `zet_bsn`."""

    class Meta:
        model = Inburgeraar

    bsn = factory.Sequence(make_bsn)
    voornamen = factory.Faker("first_name", locale="nl_NL")
    achternaam = factory.Faker("last_name", locale="nl_NL")
    geboortedatum = factory.Faker("date_of_birth", minimum_age=18, maximum_age=64)
    geslacht = Geslacht.VROUW
    nationaliteit = "Syrische"
    talen = "Arabisch"
    tolk_nodig = False
    straat = factory.Sequence(lambda n: f"Dorpsstraat {n + 1}")
    postcode = "6666 AA"
    woonplaats = "Elst"

    @classmethod
    def _met_bsn(cls, model_class, kwargs):
        bsn = kwargs.pop("bsn")
        obj = model_class(**kwargs)
        obj.zet_bsn(bsn)
        return obj

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        return cls._met_bsn(model_class, kwargs)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        obj = cls._met_bsn(model_class, kwargs)
        obj.save(using=cls._meta.database)
        return obj


class GezinslidFactory(DjangoModelFactory):
    class Meta:
        model = Gezinslid

    inburgeraar = factory.SubFactory(InburgeraarFactory)
    relatie = Gezinslid.Relatie.KIND
    naam = factory.Faker("first_name", locale="nl_NL")
    geboortejaar = factory.LazyFunction(lambda: _vandaag().year - 6)


def _status_trait(status: Status, **extra) -> factory.Trait:
    return factory.Trait(status=status, **extra)


class CasusFactory(DjangoModelFactory):
    class Meta:
        model = Casus
        skip_postgeneration_save = True

    class Params:
        warme_overdracht = _status_trait(Status.WARME_OVERDRACHT)
        intake = _status_trait(Status.INTAKE)
        pip_in_voorbereiding = _status_trait(Status.PIP_IN_VOORBEREIDING)
        uitvoering = _status_trait(Status.UITVOERING)
        pip_vastgesteld = _status_trait(Status.UITVOERING)
        opgeschort = _status_trait(Status.OPGESCHORT)
        afronding = _status_trait(Status.AFRONDING)
        afgesloten = _status_trait(Status.AFGESLOTEN, actief=False, afgesloten_op=factory.LazyFunction(timezone.now))

    inburgeraar = factory.SubFactory(InburgeraarFactory)
    gemeente = factory.SubFactory(GemeenteFactory)
    team = factory.SubFactory(TeamFactory, organisatie=factory.SelfAttribute("..gemeente.organisatie"))
    consultant = factory.SubFactory(ConsultantFactory)
    doelgroep = Doelgroep.ASIELSTATUSHOUDER
    status = Status.AANGEMELD
    actief = True
    datum_koppeling = factory.LazyFunction(lambda: _vandaag() - dt.timedelta(days=60))
    datum_kennisgeving = factory.LazyFunction(lambda: _vandaag() - dt.timedelta(days=50))
    datum_huisvesting = factory.LazyFunction(lambda: _vandaag() - dt.timedelta(days=30))
    datum_brp_inschrijving = factory.LazyFunction(lambda: _vandaag() - dt.timedelta(days=28))

    @factory.post_generation
    def koppelen(obj, create, extracted, **kwargs):
        """Make the defaults consistent: team works for the gemeente, consultant is in the team."""
        if not create or extracted is False:
            return
        obj.team.gemeenten.add(obj.gemeente)
        if obj.consultant is not None:
            obj.consultant.teams.add(obj.team)

    @factory.post_generation
    def overgangen(obj, create, extracted, **kwargs):
        """Write the StatusOvergang (+ timeline) rows of the usual path to `obj.status`."""
        if not create or extracted is False:
            return
        pad = standaard_pad(obj.status, asiel=obj.doelgroep in ASIEL_DOELGROEPEN)
        door = obj.consultant
        rijen, tijdlijn = [], []
        for van, naar in zip([""] + pad[:-1], pad, strict=True):
            if not van:
                toelichting, titel = "Casus aangemaakt", "Casus aangemaakt"
            else:
                toelichting = (
                    "Inburgeringsplicht voldaan"
                    if naar == Status.AFGESLOTEN
                    else ("Tijdelijk opgeschort (ziekte)" if naar == Status.OPGESCHORT else "")
                )
                titel = f"Status: {Status(van).label} → {Status(naar).label}"
            rijen.append(StatusOvergang(casus=obj, van=van, naar=naar, toelichting=toelichting, door=door))
            tijdlijn.append(
                TijdlijnGebeurtenis(
                    casus=obj, soort="casus" if not van else "status", titel=titel, omschrijving=toelichting, door=door
                )
            )
        StatusOvergang.objects.bulk_create(rijen)
        TijdlijnGebeurtenis.objects.bulk_create(tijdlijn)


class DocumentFactory(DjangoModelFactory):
    """A small PDF on the case; uploaded by the case's consultant unless `geupload_door` is given."""

    class Meta:
        model = Document

    casus = factory.SubFactory(CasusFactory)
    soort = Document.Soort.BRIEF
    titel = factory.Sequence(lambda n: f"Brief {n}")
    bestand = factory.django.FileField(filename="brief.pdf", data=b"%PDF-1.4\n% demo\n%%EOF\n")
    bestandsnaam = "brief.pdf"
    content_type = "application/pdf"
    grootte = factory.LazyAttribute(lambda o: o.bestand.size)
    geupload_door = factory.SelfAttribute("casus.consultant")
