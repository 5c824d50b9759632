"""Demo data: a deterministic, idempotent world for demos, manual testing and benchmarks.

`seed_demo()` is called by `manage.py seed_demo`. The helpers `make_bsn` and `standaard_pad`
are shared with the test factories (`tests/factories.py`) so that test data and demo data
follow the same rules.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import random
import time
from dataclasses import dataclass, field
from itertools import pairwise

from .workflow import START, TRANSITIONS, Status

# --------------------------------------------------------------------------------------------
# BSNs
# --------------------------------------------------------------------------------------------

_WEIGHTS7 = (9, 8, 7, 6, 5, 4, 3)  # the eighth digit has weight 2, the check digit -1
BSN_SERIE_MAX = 8_999_999


def make_bsn(n: int) -> str:
    """The n-th BSN (n >= 0) of a fixed, strictly increasing series of valid BSNs.

    The first seven digits are `1000000 + n`; the eighth is the smallest digit for which a
    check digit 0-9 exists and the elfproef total is not zero (a small digit always works:
    2*d8 takes ten different values mod 11, so at most one is bad, and the weighted sum of
    the prefix is >= 9); the ninth is the check digit of the elfproef. So the mapping is
    injective, O(1), and every result passes `cases.rules.elfproef`.
    """
    if not 0 <= n <= BSN_SERIE_MAX:
        raise ValueError(f"make_bsn: n moet tussen 0 en {BSN_SERIE_MAX} liggen, niet {n}")
    prefix = str(1_000_000 + n)
    s7 = sum(int(d) * w for d, w in zip(prefix, _WEIGHTS7, strict=True))
    for d8 in range(10):
        s8 = s7 + 2 * d8
        check = s8 % 11
        if check <= 9 and s8 != check:  # the elfproef total s8 - check must not be zero
            return f"{prefix}{d8}{check}"
    raise AssertionError("unreachable")  # pragma: no cover


# --------------------------------------------------------------------------------------------
# Status paths through the workflow table
# --------------------------------------------------------------------------------------------

_HOOFDPAD = (
    Status.AANGEMELD,
    Status.WARME_OVERDRACHT,
    Status.INTAKE,
    Status.PIP_IN_VOORBEREIDING,
    Status.UITVOERING,
    Status.AFRONDING,
    Status.AFGESLOTEN,
)


def standaard_pad(status: str, *, asiel: bool = True) -> list[str]:
    """The usual path from the start status to `status`, both ends included.

    Asielstatushouders come through a warme overdracht from the AZC; other migrants go
    from aangemeld straight to the intake. `opgeschort` is reached from `uitvoering`;
    `afgesloten` is reached the regular way (after afronding).
    """
    status = Status(status)
    hoofdpad = [s for s in _HOOFDPAD if asiel or s != Status.WARME_OVERDRACHT]
    if status == Status.OPGESCHORT:
        pad = hoofdpad[: hoofdpad.index(Status.UITVOERING) + 1] + [Status.OPGESCHORT]
    elif status == Status.WARME_OVERDRACHT and not asiel:
        pad = [Status.AANGEMELD, Status.WARME_OVERDRACHT]
    else:
        pad = hoofdpad[: hoofdpad.index(status) + 1]
    assert pad_is_toegestaan(pad), pad
    return [str(s) for s in pad]


def pad_is_toegestaan(pad: list[str]) -> bool:
    """True when `pad` starts at START and every step is allowed by TRANSITIONS."""
    if not pad or pad[0] != START:
        return False
    return all(naar in TRANSITIONS[van] for van, naar in pairwise(pad))


# --------------------------------------------------------------------------------------------
# seed_demo: the demo world
# --------------------------------------------------------------------------------------------
#
# Choices (see also the command's help):
# - Deterministic: one `random.Random(seed)` and one Faker("nl_NL") seeded with the same seed
#   drive everything; only the calendar (dates relative to today) depends on the run date.
# - Idempotent: the organisation "Sociale Dienst Rivierenland" is the marker. When it exists
#   nothing is written and the logins are printed again. Everything is written in one
#   transaction, so a failed run leaves nothing behind.
# - Fast: persons, family members, cases, status transitions and timeline rows are written
#   with `bulk_create` in batches; services are not called per case (they would lock, check
#   permissions and validate each row, which is right for users but too slow for 100,000 cases).
# - History: seeded organisation, gemeenten, teams and users get django-simple-history rows
#   (normal saves); the bulk-created register rows (persons, cases, ...) do NOT get history
#   rows: the history of a demo case starts with its first real change.
# - Timestamps: transitions and timeline rows carry plausible past timestamps. The register's
#   `auto_now(_add)` fields are switched off while seeding (`_eigen_tijdstippen`).

DEMO_ORGANISATIE = "Sociale Dienst Rivierenland"
DEMO_WACHTWOORD = "Inburgering-demo-2026"
# The demo accounts share one known TOTP key (second factor); real accounts enrol their own.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"  # hex of b"12345678901234567890"


def demo_totp_sleutel() -> str:
    """The demo key in base32, as an authenticator app asks for it."""
    import base64

    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode().rstrip("=")
DEMO_URL = "http://127.0.0.1:8000/"
DEFAULT_SEED = 2026
DEFAULT_AANTAL = 300
EERSTE_DATUM = dt.date(2024, 1, 2)  # key dates fall in 2024 .. today
BSN_SERIE_DEMO = (2_000_000, BSN_SERIE_MAX)  # factories use make_bsn(0 .. 1,999,999)
BATCH = 1000

GEMEENTEN = [
    {
        "naam": "Overbetuwe",
        "cbs_code": "GM1734",
        "postadres": "Postbus 11",
        "postcode_plaats": "6660 AA Elst",
        "telefoon": "14 0481",
        "website": "https://www.overbetuwe.nl",
        # (woonplaats, postcode digits, weight)
        "kernen": [
            ("Elst", "6661", 20),
            ("Elst", "6662", 12),
            ("Elst", "6663", 8),
            ("Heteren", "6666", 12),
            ("Driel", "6665", 10),
            ("Zetten", "6671", 12),
            ("Andelst", "6673", 5),
            ("Herveld", "6674", 4),
            ("Valburg", "6675", 4),
            ("Slijk-Ewijk", "6677", 3),
            ("Oosterhout", "6678", 6),
            ("Randwijk", "6668", 4),
        ],
        "aandeel": 62,
    },
    {
        "naam": "Neder-Betuwe",
        "cbs_code": "GM1740",
        "postadres": "Postbus 20",
        "postcode_plaats": "4050 EA Ochten",
        "telefoon": "14 0488",
        "website": "https://www.nederbetuwe.nl",
        "kernen": [
            ("Kesteren", "4041", 22),
            ("Opheusden", "4043", 20),
            ("Ochten", "4051", 20),
            ("IJzendoorn", "4052", 5),
            ("Echteld", "4054", 5),
            ("Dodewaard", "6669", 18),
        ],
        "aandeel": 38,
    },
]

# Team name, gemeenten it works for, and which share of each gemeente's cases it takes.
TEAMS = [
    {"naam": "Team Inburgering Overbetuwe", "gemeenten": ["Overbetuwe"]},
    {"naam": "Team Inburgering Neder-Betuwe", "gemeenten": ["Neder-Betuwe", "Overbetuwe"]},
]
# gemeente -> [(team index, weight)]
TEAM_VERDELING = {"Overbetuwe": [(0, 75), (1, 25)], "Neder-Betuwe": [(1, 100)]}
CONSULTANTS_PER_TEAM = 3
CONSULTANT_GEWICHT = (10, 10, 6)  # the third consultant of each team works part-time

DOELGROEP_AANDEEL = [
    ("asielstatushouder", 55),
    ("gezinslid_asielstatushouder", 10),
    ("gezinsmigrant", 25),
    ("overige_migrant", 10),
]

# Status mix of the case load per doelgroep (only asielstatushouders come via an AZC warme overdracht).
STATUS_AANDEEL = {
    "asiel": [
        (Status.AANGEMELD, 5),
        (Status.WARME_OVERDRACHT, 7),
        (Status.INTAKE, 13),
        (Status.PIP_IN_VOORBEREIDING, 10),
        (Status.UITVOERING, 38),
        (Status.OPGESCHORT, 5),
        (Status.AFRONDING, 7),
        (Status.AFGESLOTEN, 15),
    ],
    "overig": [
        (Status.AANGEMELD, 8),
        (Status.INTAKE, 15),
        (Status.PIP_IN_VOORBEREIDING, 11),
        (Status.UITVOERING, 38),
        (Status.OPGESCHORT, 5),
        (Status.AFRONDING, 8),
        (Status.AFGESLOTEN, 15),
    ],
}

# Countries of origin. Names are common names in a usual Latin transcription.
# Turkish nationals are left out on purpose: under the Wet inburgering 2021 they are not
# inburgeringsplichtig (EU-Turkey association agreement), so they would not have a case.
# fmt: off
LANDEN = {
    "SY": {
        "nationaliteit": "Syrische",
        "talen": [("Arabisch",), ("Arabisch", "Engels"), ("Arabisch", "Koerdisch (Kurmanji)")],
        "m": [
            "Mohammed", "Ahmad", "Omar", "Khaled", "Mahmoud", "Yousef", "Hassan", "Ali", "Abdullah", "Rami",
            "Samer", "Fadi", "Bilal", "Hussein", "Tarek", "Mustafa", "Ibrahim", "Majd", "Wael", "Anas"
        ],
        "v": [
            "Fatima", "Aya", "Rasha", "Hala", "Nour", "Rania", "Lina", "Sara", "Amina", "Yasmin", "Dima",
            "Huda", "Reem", "Maryam", "Salma", "Ghada", "Lama", "Rama", "Bayan", "Rawan"
        ],
        "achter": [
            "Al-Hassan", "Al-Ahmad", "Haddad", "Khalil", "Al-Khatib", "Darwish", "Hamdan", "Al-Masri", "Kassem",
            "Al-Hamwi", "Shami", "Al-Halabi", "Nasser", "Saleh", "Mansour", "Al-Ali", "Othman", "Barakat",
            "Haj Ali", "Al-Homsi", "Sabbagh", "Al-Rifai", "Kurdi", "Hamo"
        ],
    },
    "ER": {
        "nationaliteit": "Eritrese",
        "talen": [("Tigrinya",), ("Tigrinya", "Arabisch"), ("Tigrinya", "Amhaars"), ("Tigre", "Tigrinya")],
        "m": [
            "Yonas", "Tesfay", "Habtom", "Mehari", "Berhane", "Semere", "Filmon", "Kibrom", "Amanuel", "Dawit",
            "Merhawi", "Robel", "Tekle", "Yohannes", "Biniam", "Henok", "Awet", "Natnael"
        ],
        "v": [
            "Semhar", "Helen", "Selam", "Luwam", "Feven", "Senait", "Mebrat", "Rahwa", "Hiwet", "Saba",
            "Yordanos", "Winta", "Eden", "Ruta", "Milena", "Tsega"
        ],
        "achter": [
            "Tesfamariam", "Ghebremedhin", "Haile", "Tekle", "Berhe", "Kidane", "Woldemichael", "Ghebreyesus",
            "Habte", "Abraha", "Gebremariam", "Mehari", "Andemariam", "Asmerom", "Yemane", "Tewelde", "Weldu",
            "Ghirmay"
        ],
    },
    "AF": {
        "nationaliteit": "Afghaanse",
        "talen": [("Dari",), ("Pasjtoe",), ("Dari", "Pasjtoe"), ("Dari", "Engels")],
        "m": [
            "Ahmad", "Mohammad", "Mustafa", "Farid", "Jawad", "Hamid", "Sayed", "Rahim", "Nasir", "Zabihullah",
            "Shafiq", "Omid", "Wahid", "Jamshid", "Ali Reza", "Ezatullah", "Naveed"
        ],
        "v": [
            "Zahra", "Fatima", "Maryam", "Parwana", "Shabnam", "Fereshta", "Nargis", "Mursal", "Zainab",
            "Mahbooba", "Sakina", "Roya", "Laila", "Hasina", "Marzia", "Freshta"
        ],
        "achter": [
            "Ahmadi", "Hashimi", "Rahimi", "Karimi", "Sultani", "Noori", "Hakimi", "Amiri", "Mohammadi",
            "Haidari", "Rasuli", "Sadat", "Wardak", "Popal", "Stanikzai", "Azizi", "Jalali", "Safi"
        ],
    },
    "YE": {
        "nationaliteit": "Jemenitische",
        "talen": [("Arabisch",), ("Arabisch", "Engels")],
        "m": [
            "Abdulrahman", "Mohammed", "Ali", "Saleh", "Nabil", "Fuad", "Hamza", "Waleed", "Majed", "Ammar"
        ],
        "v": [
            "Amal", "Samira", "Nadia", "Afrah", "Bushra", "Ebtisam", "Sumaya", "Arwa", "Hanan"
        ],
        "achter": [
            "Al-Hashidi", "Al-Sanani", "Al-Adeni", "Ba-Abbad", "Al-Ansi", "Al-Maqtari", "Al-Hakimi", "Al-Qadhi",
            "Al-Aghbari", "Bin Talib"
        ],
    },
    "IQ": {
        "nationaliteit": "Iraakse",
        "talen": [("Arabisch",), ("Koerdisch (Sorani)",), ("Koerdisch (Sorani)", "Arabisch")],
        "m": [
            "Haider", "Mustafa", "Ali", "Ahmed", "Karrar", "Muntadhar", "Sarkawt", "Rebwar", "Dilshad",
            "Hussein"
        ],
        "v": [
            "Zainab", "Noor", "Shilan", "Rozhan", "Huda", "Ban", "Sura", "Hawre", "Tara"
        ],
        "achter": [
            "Al-Jabouri", "Al-Obaidi", "Al-Tamimi", "Hassan", "Mahmoud", "Rashid", "Aziz", "Karim", "Abdullah",
            "Qadir", "Mohammed Amin"
        ],
    },
    "SO": {
        "nationaliteit": "Somalische",
        "talen": [("Somalisch",), ("Somalisch", "Arabisch"), ("Somalisch", "Engels")],
        "m": [
            "Abdi", "Mohamed", "Ahmed", "Hassan", "Abdirahman", "Yusuf", "Liban", "Omar", "Abdullahi"
        ],
        "v": [
            "Fadumo", "Hodan", "Amina", "Asha", "Sahra", "Ifrah", "Nasra", "Hibo", "Khadra", "Ubah"
        ],
        "achter": [
            "Abdi", "Hassan", "Warsame", "Farah", "Ali", "Osman", "Jama", "Mohamud", "Hirsi", "Aden", "Elmi"
        ],
    },
    "IR": {
        "nationaliteit": "Iraanse",
        "talen": [("Farsi",), ("Farsi", "Engels"), ("Farsi", "Koerdisch (Sorani)")],
        "m": [
            "Reza", "Amir", "Mehdi", "Hossein", "Saeed", "Babak", "Arash", "Dariush", "Kaveh", "Navid"
        ],
        "v": [
            "Maryam", "Sara", "Fatemeh", "Shirin", "Leila", "Neda", "Parisa", "Azadeh", "Mahsa", "Niloofar"
        ],
        "achter": [
            "Hosseini", "Ahmadi", "Karimi", "Rezaei", "Moradi", "Jafari", "Rahimi", "Sadeghi", "Tehrani",
            "Mousavi", "Ebrahimi"
        ],
    },
    "MA": {
        "nationaliteit": "Marokkaanse",
        "talen": [("Marokkaans-Arabisch",), ("Tarifit", "Marokkaans-Arabisch"), ("Marokkaans-Arabisch", "Frans")],
        "m": [
            "Mohamed", "Youssef", "Hamza", "Mehdi", "Karim", "Rachid", "Ayoub", "Said", "Anas", "Nabil",
            "Bilal"
        ],
        "v": [
            "Fatima", "Khadija", "Salma", "Imane", "Houda", "Samira", "Naima", "Sanae", "Loubna", "Hanane",
            "Ikram", "Siham"
        ],
        "achter": [
            "El Amrani", "Bennani", "El Idrissi", "Ait Ouali", "Boukhari", "El Ouardi", "Tahiri", "Benali",
            "Ouahbi", "Chaoui", "Ziani", "El Khattabi", "Azzouzi", "Bouzid"
        ],
    },
    "UA": {
        # Ukrainians under temporary protection are not inburgeringsplichtig; these are gezinsmigranten.
        "nationaliteit": "Oekraïense",
        "talen": [("Oekraïens",), ("Oekraïens", "Russisch"), ("Oekraïens", "Engels")],
        "m": [
            "Oleksandr", "Andrii", "Dmytro", "Serhii", "Mykola", "Yurii", "Volodymyr", "Ivan", "Taras"
        ],
        "v": [
            "Olena", "Iryna", "Nataliia", "Oksana", "Tetiana", "Yuliia", "Anastasiia", "Kateryna", "Svitlana",
            "Viktoriia"
        ],
        "achter": [
            "Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Boiko", "Oliinyk",
            "Lysenko", "Moroz", "Savchenko", "Rudenko", "Marchenko"
        ],
    },
    "IN": {
        "nationaliteit": "Indiase",
        "talen": [("Hindi", "Engels"), ("Tamil", "Engels"), ("Telugu", "Engels"), ("Punjabi", "Hindi")],
        "m": [
            "Rahul", "Arjun", "Vikram", "Amit", "Rohan", "Suresh", "Karthik", "Sandeep", "Harpreet"
        ],
        "v": [
            "Priya", "Anjali", "Deepa", "Kavya", "Neha", "Pooja", "Divya", "Lakshmi", "Simran"
        ],
        "achter": [
            "Sharma", "Patel", "Singh", "Reddy", "Nair", "Iyer", "Gupta", "Kumar", "Rao", "Kaur"
        ],
    },
    "CN": {
        "nationaliteit": "Chinese",
        "talen": [("Mandarijn",), ("Mandarijn", "Engels"), ("Kantonees", "Mandarijn")],
        "m": [
            "Wei", "Jun", "Hao", "Lei", "Jie", "Ming", "Yong", "Tao"
        ],
        "v": [
            "Li Na", "Xiuying", "Mei", "Jing", "Yan", "Fang", "Xiaoling", "Hui"
        ],
        "achter": [
            "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou"
        ],
    },
    "ID": {
        "nationaliteit": "Indonesische",
        "talen": [("Indonesisch",), ("Indonesisch", "Engels"), ("Javaans", "Indonesisch")],
        "m": [
            "Budi", "Agus", "Rizky", "Dedi", "Andi", "Hendra", "Eko", "Fajar"
        ],
        "v": [
            "Putri", "Dewi", "Siti", "Ayu", "Rina", "Nur", "Wulan", "Indah"
        ],
        "achter": [
            "Santoso", "Wijaya", "Saputra", "Pratama", "Hidayat", "Kusuma", "Lestari", "Nugroho"
        ],
    },
    "BR": {
        "nationaliteit": "Braziliaanse",
        "talen": [("Portugees",), ("Portugees", "Engels"), ("Portugees", "Spaans")],
        "m": [
            "João", "Lucas", "Gabriel", "Rafael", "Pedro", "Mateus", "Thiago", "Bruno"
        ],
        "v": [
            "Ana", "Mariana", "Juliana", "Camila", "Beatriz", "Larissa", "Fernanda", "Gabriela"
        ],
        "achter": [
            "Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Rodrigues", "Almeida", "Ferreira"
        ],
    },
    "PH": {
        "nationaliteit": "Filipijnse",
        "talen": [("Tagalog", "Engels"), ("Cebuano", "Engels")],
        "m": [
            "Jose", "Mark", "John Paul", "Rommel", "Jerome", "Arnel"
        ],
        "v": [
            "Maria", "Jocelyn", "Rowena", "Kristine", "Mary Grace", "Analyn", "Maricel", "Jonalyn"
        ],
        "achter": [
            "Reyes", "Santos", "Cruz", "Bautista", "Garcia", "Mendoza", "Dela Cruz", "Villanueva", "Ramos"
        ],
    },
    "TH": {
        "nationaliteit": "Thaise",
        "talen": [("Thai",), ("Thai", "Engels")],
        "m": [
            "Somchai", "Anan", "Kittisak", "Prasert", "Wichai"
        ],
        "v": [
            "Siriporn", "Nattaya", "Kanokwan", "Pornthip", "Ratana", "Supaporn", "Nok", "Malee"
        ],
        "achter": [
            "Srisuk", "Chaiyaporn", "Wongsawat", "Boonmee", "Saetang", "Thongchai", "Sukjai"
        ],
    },
}
# fmt: on

# doelgroep -> [(country, weight)]
HERKOMST = {
    "asielstatushouder": [("SY", 40), ("ER", 18), ("AF", 12), ("YE", 8), ("IQ", 7), ("SO", 7), ("IR", 8)],
    "gezinslid_asielstatushouder": [("SY", 50), ("ER", 28), ("AF", 10), ("YE", 5), ("SO", 7)],
    "gezinsmigrant": [
        ("MA", 24),
        ("UA", 14),
        ("IN", 10),
        ("TH", 11),
        ("PH", 10),
        ("ID", 8),
        ("BR", 8),
        ("SY", 8),
        ("CN", 7),
    ],
    "overige_migrant": [("IN", 28), ("CN", 18), ("ID", 14), ("BR", 14), ("PH", 10), ("MA", 8), ("IR", 8)],
}
# (share of women, share needing an interpreter)
PROFIEL = {
    "asielstatushouder": (0.38, 0.70),
    "gezinslid_asielstatushouder": (0.70, 0.75),
    "gezinsmigrant": (0.68, 0.35),
    "overige_migrant": (0.50, 0.15),
}
ENGELSTALIG = {"IN", "PH"}

# Typical days from one status to the next (low, high), by transition.
STAP_DAGEN = {
    (Status.AANGEMELD, Status.WARME_OVERDRACHT): (7, 30),
    (Status.AANGEMELD, Status.INTAKE): (14, 50),
    (Status.INTAKE, Status.PIP_IN_VOORBEREIDING): (14, 35),
    (Status.PIP_IN_VOORBEREIDING, Status.UITVOERING): (7, 28),
    (Status.PIP_IN_VOORBEREIDING, Status.INTAKE): (7, 20),
    (Status.UITVOERING, Status.AFRONDING): (300, 880),
    (Status.UITVOERING, Status.OPGESCHORT): (40, 300),
    (Status.OPGESCHORT, Status.UITVOERING): (60, 150),
    (Status.OPGESCHORT, Status.INTAKE): (60, 150),
    (Status.OPGESCHORT, Status.PIP_IN_VOORBEREIDING): (60, 150),
    (Status.INTAKE, Status.OPGESCHORT): (10, 40),
    (Status.PIP_IN_VOORBEREIDING, Status.OPGESCHORT): (7, 30),
    (Status.AFRONDING, Status.UITVOERING): (20, 60),
    (Status.AFRONDING, Status.AFGESLOTEN): (14, 90),
}
VROEG_SLUITEN_DAGEN = (7, 90)
# Days a case has been in its current status (low, high).
VERBLIJF_DAGEN = {
    Status.AANGEMELD: (0, 20),
    Status.WARME_OVERDRACHT: (0, 25),
    Status.INTAKE: (0, 35),
    Status.PIP_IN_VOORBEREIDING: (0, 40),
    Status.UITVOERING: (0, 500),
    Status.OPGESCHORT: (5, 100),
    Status.AFRONDING: (0, 60),
    Status.AFGESLOTEN: (0, 420),
}

TOELICHTING = {
    Status.WARME_OVERDRACHT: ["Driegesprek met COA-casemanager ingepland", "Warme overdracht vanuit het azc gestart"],
    Status.INTAKE: ["Brede intake gestart", "Eerste intakegesprek gepland", "Start brede intake en leerbaarheidstoets"],
    Status.PIP_IN_VOORBEREIDING: [
        "Brede intake afgerond; PIP wordt opgesteld",
        "Route-advies besproken, PIP in concept",
    ],
    Status.UITVOERING: ["PIP vastgesteld", "PIP vastgesteld en verzonden"],
    Status.AFRONDING: [
        "Examens afgerond, eindgesprek gepland",
        "Z-route: eindgesprek gepland",
        "MAP-eindgesprek en PVT afgerond",
    ],
}
TERUG_NAAR_INTAKE = "Aanvullende informatie nodig (medisch advies) voor de routekeuze"
HERVAT = "Traject hervat na opschorting"
HEREXAMEN = "Herexamen nodig voor een examenonderdeel"
REDEN_OPSCHORTEN = [
    "Ziekte langer dan drie maanden",
    "Zwangerschaps- en bevallingsverlof",
    "Tijdelijk verblijf in het buitenland (familieomstandigheden)",
    "Opname in zorginstelling",
]
REDEN_VOLDAAN = [
    "Inburgeringsplicht voldaan (bericht DUO)",
    "B1-examens behaald, inburgeringsplicht voldaan",
    "Z-route afgerond met eindgesprek, plicht voldaan (DUO)",
    "Onderwijsroute afgerond, plicht voldaan",
]
REDEN_VROEG = {
    Status.AANGEMELD: ["Geen inburgeringsplicht volgens DUO", "Vrijstelling verleend door DUO (diploma)"],
    Status.WARME_OVERDRACHT: ["Gekoppeld aan een andere gemeente (herkoppeling COA)"],
    Status.INTAKE: ["Verhuisd naar een andere gemeente", "Vrijstelling verleend door DUO (diploma)"],
    Status.PIP_IN_VOORBEREIDING: ["Verhuisd naar een andere gemeente", "Ontheffing verleend door DUO"],
    Status.UITVOERING: [
        "Verhuisd naar een andere gemeente",
        "Ontheffing verleend door DUO",
        "Vertrokken naar het buitenland",
    ],
    Status.OPGESCHORT: ["Vertrokken naar het buitenland", "Ontheffing verleend door DUO (medisch)"],
}


# --- pure generation -------------------------------------------------------------------------


def verdeel(aantal: int, aandelen: list[tuple[object, float]]) -> list[object]:
    """Exactly `aantal` labels in proportion to `aandelen` (largest remainder), unshuffled."""
    totaal = sum(w for _, w in aandelen)
    exact = [(label, aantal * w / totaal) for label, w in aandelen]
    basis = {label: int(x) for label, x in exact}
    rest = aantal - sum(basis.values())
    for label, _ in sorted(exact, key=lambda lx: lx[1] - int(lx[1]), reverse=True)[:rest]:
        basis[label] += 1
    return [label for label, _ in aandelen for _ in range(basis[label])]


def _gewogen(rng: random.Random, opties: list[tuple[object, float]]):
    return rng.choices([o for o, _ in opties], weights=[w for _, w in opties])[0]


def _dagen(rng: random.Random, bereik: tuple[int, int]) -> int:
    return rng.randint(*bereik)


@dataclass
class Levensloop:
    """A case's status path with day offsets (from the start) and the reason per step."""

    stappen: list[tuple[str, int, str]]  # (status, day offset, toelichting)
    verblijf: int  # days in the last status until today
    sleutel: dict[str, int] = field(default_factory=dict)  # key date -> day offset

    @property
    def pad(self) -> list[str]:
        return [s for s, _, _ in self.stappen]


def levensloop(rng: random.Random, doelgroep: str, doel: str) -> Levensloop:
    """Draw a plausible path through the workflow ending in `doel`, with key dates.

    Day 0 is the koppeling (asielstatushouder) or the DUO kennisgeving (others).
    """
    azc = doelgroep == "asielstatushouder"
    sleutel: dict[str, int] = {}
    if azc:
        sleutel["koppeling"] = 0
        sleutel["kennisgeving"] = rng.randint(0, 21)
        sleutel["huisvesting"] = rng.randint(30, 100)
        sleutel["brp"] = sleutel["huisvesting"] + rng.randint(0, 7)
    else:
        sleutel["kennisgeving"] = 0
        sleutel["brp"] = -rng.randint(20, 200)

    via_wo = azc and (doel == Status.WARME_OVERDRACHT or rng.random() < 0.88)
    hoofdpad = (
        [Status.AANGEMELD]
        + ([Status.WARME_OVERDRACHT] if via_wo else [])
        + [Status.INTAKE, Status.PIP_IN_VOORBEREIDING, Status.UITVOERING, Status.AFRONDING]
    )

    # Which status is left for `afgesloten`, and the route to the last status before it.
    vroeg_van = None
    if doel == Status.AFGESLOTEN:
        if rng.random() < 0.62:
            eind = Status.AFRONDING
        else:
            keuzes = [s for s in hoofdpad if s != Status.AFRONDING] + [Status.OPGESCHORT]
            vroeg_van = rng.choice(keuzes)
            eind = vroeg_van
    else:
        eind = doel

    opschort_van = None
    if eind == Status.OPGESCHORT:
        opschort_van = _gewogen(rng, [(Status.UITVOERING, 70), (Status.INTAKE, 15), (Status.PIP_IN_VOORBEREIDING, 15)])
        route = hoofdpad[: hoofdpad.index(opschort_van) + 1] + [Status.OPGESCHORT]
    else:
        route = hoofdpad[: hoofdpad.index(eind) + 1]

    # Detours that really happen: back to the intake for more information, a resumed
    # suspension during the uitvoering, a resit after the afronding started.
    if Status.UITVOERING in route and rng.random() < 0.06:
        i = route.index(Status.PIP_IN_VOORBEREIDING)
        route[i + 1 : i + 1] = [Status.INTAKE, Status.PIP_IN_VOORBEREIDING]
    if route[-1] in (Status.AFRONDING, Status.UITVOERING) and Status.UITVOERING in route and rng.random() < 0.10:
        i = route.index(Status.UITVOERING)
        route[i + 1 : i + 1] = [Status.OPGESCHORT, Status.UITVOERING]
    if route[-1] == Status.UITVOERING and len(route) > 3 and rng.random() < 0.05:
        route += [Status.AFRONDING, Status.UITVOERING]

    stappen = [(Status.AANGEMELD, 0, "Casus aangemaakt")]
    dag = 0
    for van, naar in pairwise(route):
        if naar == Status.INTAKE and van in (Status.AANGEMELD, Status.WARME_OVERDRACHT) and "huisvesting" in sleutel:
            # the brede intake starts one to three weeks after the person moved in
            dag = max(dag + 3, sleutel["huisvesting"] + rng.randint(7, 21))
        else:
            dag += _dagen(rng, STAP_DAGEN[(van, naar)])
        if naar == Status.OPGESCHORT:
            tekst = rng.choice(REDEN_OPSCHORTEN)
        elif van == Status.OPGESCHORT:
            tekst = HERVAT
        elif van == Status.PIP_IN_VOORBEREIDING and naar == Status.INTAKE:
            tekst = TERUG_NAAR_INTAKE
        elif van == Status.AFRONDING and naar == Status.UITVOERING:
            tekst = HEREXAMEN
        else:
            tekst = rng.choice(TOELICHTING[naar])
        stappen.append((naar, dag, tekst))
    if doel == Status.AFGESLOTEN:
        if vroeg_van is None:
            dag += _dagen(rng, STAP_DAGEN[(Status.AFRONDING, Status.AFGESLOTEN)])
            tekst = rng.choice(REDEN_VOLDAAN)
        else:
            dag += _dagen(rng, VROEG_SLUITEN_DAGEN)
            tekst = rng.choice(REDEN_VROEG[vroeg_van])
        stappen.append((Status.AFGESLOTEN, dag, tekst))
    verblijf = _dagen(rng, VERBLIJF_DAGEN[Status(doel)])
    loop = Levensloop([(str(s), d, t) for s, d, t in stappen], verblijf, sleutel)
    assert pad_is_toegestaan(loop.pad) and loop.pad[-1] == doel, loop.pad
    return loop


# --- writing ---------------------------------------------------------------------------------


@contextlib.contextmanager
def _eigen_tijdstippen():
    """Switch off auto_now/auto_now_add of the register's timestamps while seeding."""
    from .models import Casus, Inburgeraar, StatusOvergang, TijdlijnGebeurtenis

    velden = [
        Inburgeraar._meta.get_field("aangemaakt_op"),
        Casus._meta.get_field("aangemaakt_op"),
        Casus._meta.get_field("gewijzigd_op"),
        StatusOvergang._meta.get_field("tijdstip"),
        TijdlijnGebeurtenis._meta.get_field("tijdstip"),
    ]
    oud = [(f, f.auto_now, f.auto_now_add) for f in velden]
    try:
        for f in velden:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, now, add in oud:
            f.auto_now, f.auto_now_add = now, add


@dataclass
class Resultaat:
    aangemaakt: bool
    casussen: int
    seconden: float
    logins: list[tuple[str, str, str]]  # (username, role, teams)

    def tekst(self) -> str:
        if self.aangemaakt:
            kop = f"Demodata aangemaakt: {self.casussen} casussen in {self.seconden:.1f} s."
        else:
            kop = f"Demodata staat er al ({self.casussen} casussen); er is niets gewijzigd."
        regels = [
            kop,
            f"Open {DEMO_URL} en log in met een van deze accounts (wachtwoord voor allemaal: {DEMO_WACHTWOORD}):",
        ]
        breedte = max(len(u) for u, _, _ in self.logins)
        for username, rol, teams in self.logins:
            regels.append(f"  {username.ljust(breedte)}  {rol}" + (f" – {teams}" if teams else ""))
        regels += [
            "Tweede stap (MFA): zet deze sleutel in een authenticator-app (TOTP, 6 cijfers, 30 s):",
            f"  {demo_totp_sleutel()}",
            "of vraag de code van nu op met: make mfa-code  (= .venv/bin/python manage.py demo_mfa_code)",
        ]
        return "\n".join(regels)


def _logins() -> list[tuple[str, str, str]]:
    from inburgering.models import Gebruiker
    from inburgering.permissions import ROLLEN

    gebruikers = (
        (
            Gebruiker.objects.filter(teams__organisatie__naam=DEMO_ORGANISATIE)
            | Gebruiker.objects.filter(username=DEMO_BEHEERDER)
        )
        .distinct()
        .prefetch_related("groups", "teams")
    )
    rijen = []
    for g in gebruikers:
        rol = ", ".join(ROLLEN[gr.name] for gr in g.groups.all() if gr.name in ROLLEN)
        teams = ", ".join(t.naam for t in sorted(g.teams.all(), key=lambda t: t.naam))
        rijen.append((g.username, rol, teams))
    volgorde = {"teamleider": 1, DEMO_BEHEERDER: 2}
    return sorted(rijen, key=lambda r: (volgorde.get(r[0], 0), len(r[0]), r[0]))


DEMO_BEHEERDER = "beheerder"


def _basis(rng: random.Random, fake) -> dict:
    """Organisation, gemeenten, teams, users and the local setting. Normal saves (with history)."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from inburgering.models import Gebruiker, Gemeente, Organisatie, RegelInstelling, Team
    from inburgering.permissions import CONSULTANT, FUNCTIONEEL_BEHEERDER, TEAMLEIDER
    from inburgering.regels import WET_START

    organisatie = Organisatie.objects.create(naam=DEMO_ORGANISATIE)
    gemeenten = {}
    for g in GEMEENTEN:
        velden = {k: g[k] for k in ("naam", "cbs_code", "postadres", "postcode_plaats", "telefoon", "website")}
        gemeenten[g["naam"]] = Gemeente.objects.create(organisatie=organisatie, **velden)
    teams = []
    for t in TEAMS:
        team = Team.objects.create(organisatie=organisatie, naam=t["naam"])
        team.gemeenten.set([gemeenten[n] for n in t["gemeenten"]])
        teams.append(team)
    RegelInstelling.objects.get_or_create(
        code="pip_lokale_norm_weken",
        gemeente=gemeenten["Overbetuwe"],
        ingangsdatum=WET_START,
        defaults={"waarde": 6, "toelichting": "Beleidsregels Overbetuwe: PIP binnen 6 weken (lokale streefnorm)"},
    )

    groepen = {g.name: g for g in Group.objects.filter(name__in=[CONSULTANT, TEAMLEIDER, FUNCTIONEEL_BEHEERDER])}
    wachtwoord = make_password(DEMO_WACHTWOORD)  # hashed once: PBKDF2 is slow on purpose

    def gebruiker(username, rol, functie, **extra):
        voornaam, achternaam = fake.first_name(), fake.last_name()
        g = Gebruiker.objects.create(
            username=username,
            password=wachtwoord,
            first_name=voornaam,
            last_name=achternaam,
            email=f"{username}@rivierenland.example",
            functie=functie,
            **extra,
        )
        g.groups.add(groepen[rol])
        TOTPDevice.objects.create(user=g, name="demo", key=DEMO_TOTP_KEY, confirmed=True)
        return g

    consultants: list[list] = []
    nummer = 0
    for team in teams:
        leden = []
        for _ in range(CONSULTANTS_PER_TEAM):
            nummer += 1
            c = gebruiker(f"consultant{nummer}", CONSULTANT, "Consulent inburgering")
            c.teams.add(team)
            leden.append(c)
        consultants.append(leden)
    teamleider = gebruiker("teamleider", TEAMLEIDER, "Teamleider inburgering")
    teamleider.teams.set(teams)
    gebruiker(DEMO_BEHEERDER, FUNCTIONEEL_BEHEERDER, "Functioneel beheerder", is_staff=True)
    return {"organisatie": organisatie, "gemeenten": gemeenten, "teams": teams, "consultants": consultants}


def _persoon(rng: random.Random, land: str, vrouw: bool) -> tuple[str, str]:
    info = LANDEN[land]
    return rng.choice(info["v" if vrouw else "m"]), rng.choice(info["achter"])


def _tijdstip(dag: dt.date, rng: random.Random, tz) -> dt.datetime:
    minuut = rng.randint(8 * 60 + 30, 17 * 60)
    return dt.datetime.combine(dag, dt.time(minuut // 60, minuut % 60), tzinfo=tz)


def _casus_records(rng, fake, basis, doelgroep, doel, bsn, nu, vandaag, tz):
    """All rows of one case, unsaved: (inburgeraar, gezinsleden, casus, [(overgang kwargs)])."""
    from .models import Casus, Gezinslid, Inburgeraar

    vrouw_kans, tolk_kans = PROFIEL[doelgroep]
    land = _gewogen(rng, HERKOMST[doelgroep])
    info = LANDEN[land]
    vrouw = rng.random() < vrouw_kans
    voornaam, achternaam = _persoon(rng, land, vrouw)
    if rng.random() < 0.25 and land not in ("CN", "TH"):
        voornaam = f"{voornaam} {_persoon(rng, land, vrouw)[0]}"  # a second given name
    talen = list(rng.choice(info["talen"]))
    if rng.random() < 0.12 and "Engels" not in talen:
        talen.append("Engels")
    tolk = rng.random() < (tolk_kans * (0.3 if land in ENGELSTALIG else 1))
    gemeente_def = _gewogen(rng, [(g, g["aandeel"]) for g in GEMEENTEN])
    gemeente = basis["gemeenten"][gemeente_def["naam"]]
    team_index = _gewogen(rng, TEAM_VERDELING[gemeente_def["naam"]])
    team = basis["teams"][team_index]
    consultant = _gewogen(rng, list(zip(basis["consultants"][team_index], CONSULTANT_GEWICHT, strict=True)))
    woonplaats, pc, _ = _gewogen(rng, [(k, k[2]) for k in gemeente_def["kernen"]])
    postcode = f"{pc} {rng.choice('ABCDEGHJKLMNPRTVWXZ')}{rng.choice('ABCDEGHJKLMNPRTVWXZ')}"
    straat = f"{fake.street_name()} {rng.randint(1, 160)}{rng.choice(['', '', '', '', 'a', 'b'])}"
    telefoon = f"06-{rng.randint(10_000_000, 99_999_999)}"
    email = ""
    if rng.random() < 0.55:
        email = f"{voornaam.split()[0]}.{achternaam}{rng.randint(1, 99)}@example.com".lower().replace(" ", "")
        email = email.replace("'", "").replace("ã", "a").replace("ç", "c").replace("ï", "i")
    loop = levensloop(rng, doelgroep, doel)

    # calendar: the path ends `verblijf` days ago; squeeze it when it would start before EERSTE_DATUM
    totaal = loop.stappen[-1][1] + loop.verblijf
    ruimte = (vandaag - EERSTE_DATUM).days
    factor = min(1.0, ruimte / totaal) if totaal else 1.0
    start = vandaag - dt.timedelta(days=round(totaal * factor))

    def datum(offset: int) -> dt.date:
        return start + dt.timedelta(days=round(offset * factor))

    tijden = [_tijdstip(datum(d), rng, tz) for _, d, _ in loop.stappen]
    # strictly increasing and not in the future
    tijden[-1] = min(tijden[-1], nu - dt.timedelta(minutes=5))
    for i in range(len(tijden) - 2, -1, -1):
        tijden[i] = min(tijden[i], tijden[i + 1] - dt.timedelta(minutes=rng.randint(5, 90)))

    sleutel = {}
    for naam, offset in loop.sleutel.items():
        d = datum(offset)
        sleutel[naam] = None if d > vandaag else max(d, EERSTE_DATUM)

    leeftijd = rng.randint(18, 58) if doelgroep != "overige_migrant" else rng.randint(22, 50)
    geboren = start - dt.timedelta(days=leeftijd * 365 + rng.randint(0, 364))
    persoon = Inburgeraar(
        v_nummer=str(rng.randint(1_000_000_000, 9_999_999_999)),
        voornamen=voornaam,
        achternaam=achternaam,
        geboortedatum=geboren,
        geslacht="V" if vrouw else "M",
        nationaliteit=info["nationaliteit"],
        talen=", ".join(talen),
        tolk_nodig=tolk,
        tolk_taal=talen[0] if tolk else "",
        telefoon=telefoon,
        email=email,
        straat=straat,
        postcode=postcode,
        woonplaats=woonplaats,
        aangemaakt_op=tijden[0],
    )
    persoon.zet_bsn(bsn)

    # household: a partner (for family migrants the person they joined) and children
    leden = []
    heeft_partner = doelgroep in ("gezinslid_asielstatushouder", "gezinsmigrant") or rng.random() < 0.45
    if heeft_partner:
        if doelgroep == "gezinsmigrant" and rng.random() < 0.55:
            partner = f"{fake.first_name_female() if not vrouw else fake.first_name_male()} {fake.last_name()}"
        else:
            pv, pa = _persoon(rng, land, not vrouw)
            partner = f"{pv} {pa if land not in ('ER', 'SO') else achternaam}"
        leden.append(Gezinslid(relatie="partner", naam=partner, geboortejaar=geboren.year + rng.randint(-6, 4)))
    kinderen = rng.choice([0, 0, 1, 1, 2, 2, 3, 4]) if heeft_partner or rng.random() < 0.2 else 0
    for _ in range(kinderen):
        oudste = max(geboren.year + 19, vandaag.year - 17)
        jaar = rng.randint(min(oudste, vandaag.year), vandaag.year)
        kind = _persoon(rng, land, rng.random() < 0.5)[0]
        leden.append(Gezinslid(relatie="kind", naam=f"{kind} {achternaam}", geboortejaar=jaar))

    afgesloten = loop.pad[-1] == Status.AFGESLOTEN
    casus = Casus(
        gemeente=gemeente,
        team=team,
        consultant=consultant,
        doelgroep=doelgroep,
        status=loop.pad[-1],
        actief=not afgesloten,
        afgesloten_op=tijden[-1] if afgesloten else None,
        datum_kennisgeving=sleutel.get("kennisgeving"),
        datum_koppeling=sleutel.get("koppeling"),
        datum_huisvesting=sleutel.get("huisvesting"),
        datum_brp_inschrijving=sleutel.get("brp"),
        aangemaakt_op=tijden[0],
        gewijzigd_op=tijden[-1],
    )
    overgangen = []
    vorige = ""
    for (status, _, tekst), tijd in zip(loop.stappen, tijden, strict=True):
        overgangen.append((vorige, status, tekst, tijd))
        vorige = status
    return persoon, leden, casus, overgangen


def _schrijf_batch(batch) -> None:
    from .models import Casus, Gezinslid, Inburgeraar, StatusOvergang, TijdlijnGebeurtenis

    Inburgeraar.objects.bulk_create([p for p, _, _, _ in batch])
    leden = []
    for persoon, gezin, casus, _ in batch:
        for lid in gezin:
            lid.inburgeraar = persoon
            leden.append(lid)
        casus.inburgeraar = persoon
    Gezinslid.objects.bulk_create(leden)
    Casus.objects.bulk_create([c for _, _, c, _ in batch])
    overgangen, tijdlijn = [], []
    for _, _, casus, rijen in batch:
        door = casus.consultant
        for van, naar, tekst, tijd in rijen:
            overgangen.append(
                StatusOvergang(casus=casus, van=van, naar=naar, toelichting=tekst, door=door, tijdstip=tijd)
            )
            if van:
                titel, soort, omschrijving = f"Status: {Status(van).label} → {Status(naar).label}", "status", tekst
            else:
                titel, soort = "Casus aangemaakt", "casus"
                omschrijving = f"Doelgroep: {casus.get_doelgroep_display()}"
            tijdlijn.append(
                TijdlijnGebeurtenis(
                    casus=casus, soort=soort, titel=titel, omschrijving=omschrijving, door=door, tijdstip=tijd
                )
            )
    StatusOvergang.objects.bulk_create(overgangen)
    TijdlijnGebeurtenis.objects.bulk_create(tijdlijn)


def seed_demo(*, aantal: int = DEFAULT_AANTAL, seed: int = DEFAULT_SEED, batch: int = BATCH) -> Resultaat:
    """Create the demo world unless it is there already. Deterministic for (aantal, seed, today)."""
    from django.db import transaction
    from django.utils import timezone
    from faker import Faker

    from .models import Casus

    begin = time.perf_counter()
    if _bestaat_al():
        aantal_nu = Casus.objects.filter(gemeente__organisatie__naam=DEMO_ORGANISATIE).count()
        return Resultaat(False, aantal_nu, time.perf_counter() - begin, _logins())

    rng = random.Random(seed)
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    tz = timezone.get_current_timezone()
    nu = timezone.now()
    vandaag = timezone.localdate()

    doelgroepen = verdeel(aantal, DOELGROEP_AANDEEL)
    plan = []
    for doelgroep in dict.fromkeys(doelgroepen):
        n = doelgroepen.count(doelgroep)
        mix = STATUS_AANDEEL["asiel" if doelgroep == "asielstatushouder" else "overig"]
        plan += [(doelgroep, s) for s in verdeel(n, mix)]
    rng.shuffle(plan)
    bsns = rng.sample(range(BSN_SERIE_DEMO[0], BSN_SERIE_DEMO[1] + 1), aantal)

    with transaction.atomic(), _eigen_tijdstippen():
        basis = _basis(rng, fake)
        rijen = []
        for (doelgroep, doel), n in zip(plan, bsns, strict=True):
            rijen.append(_casus_records(rng, fake, basis, doelgroep, doel, make_bsn(n), nu, vandaag, tz))
            if len(rijen) >= batch:
                _schrijf_batch(rijen)
                rijen = []
        if rijen:
            _schrijf_batch(rijen)
    return Resultaat(True, aantal, time.perf_counter() - begin, _logins())


def _bestaat_al() -> bool:
    from inburgering.models import Organisatie

    return Organisatie.objects.filter(naam=DEMO_ORGANISATIE).exists()


def digest() -> str:
    """A fingerprint of the seeded register (names, BSN hmacs, statuses, assignments), for tests."""
    from .models import Casus

    h = hashlib.sha256()
    rijen = (
        Casus.objects.filter(gemeente__organisatie__naam=DEMO_ORGANISATIE)
        .order_by("inburgeraar__bsn_hmac")
        .values_list(
            "inburgeraar__bsn_hmac",
            "inburgeraar__voornamen",
            "inburgeraar__achternaam",
            "doelgroep",
            "status",
            "gemeente__naam",
            "team__naam",
            "consultant__username",
            "datum_kennisgeving",
            "datum_brp_inschrijving",
        )
    )
    for rij in rijen:
        h.update(repr(rij).encode())
    return h.hexdigest()
