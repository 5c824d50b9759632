"""The beschikking: the HTML has every part of a Dutch decision letter; the PDF is tagged and readable."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader

from pip.models import Briefpapier
from pip.pdf import html_naar_pdf, render_html
from tests.pip.scenario import intake_afronden, met_datums, vastgesteld

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def versie(world):
    casus = met_datums(world.cases["eigen"])
    gemeente = casus.gemeente
    gemeente.postadres, gemeente.postcode_plaats, gemeente.telefoon = "Postbus 11", "6660 AA Elst", "14 0481"
    gemeente.save()
    Briefpapier.objects.filter(gemeente=gemeente).update(
        ondertekenaar_naam="J. Jansen",
        ondertekenaar_functie="Teamleider Inburgering",
        bezwaar_digitaal="https://example.org/bezwaar",
    )
    persoon = casus.inburgeraar
    persoon.straat, persoon.postcode, persoon.woonplaats, persoon.geslacht = "Dorpsstraat 12", "6661 AB", "Elst", "V"
    persoon.save()
    intake_afronden(casus, world.users["c1"])
    return vastgesteld(casus, world.users["c1"], dagtekening=D(2023, 3, 1))


def test_html_has_every_part_of_the_letter(versie):
    html = versie.beschikking_html  # stored at vaststelling
    assert html == render_html(versie)
    persoon = versie.casus.inburgeraar
    for part in [
        '<html lang="nl">',
        "<title>Beschikking persoonlijk plan inburgering en participatie",  # a title for PDF/UA
        "Gemeente Gemeente A",  # letterhead (no logo uploaded: the name)
        "Retouradres: Postbus 11, 6660 AA Elst",  # return address in the window
        'class="venster"',  # address block placed for the window envelope
        f"{persoon.volledige_naam}<br>",
        "Dorpsstraat 12<br>",
        "6661 AB  ELST",
        "<td>1 maart 2023</td>",  # dagtekening
        f"<td>{versie.kenmerk}</td>",  # kenmerk
        "Geachte mevrouw",
        "<h2>Ons besluit</h2>",  # the decision
        "begint op <strong>2 maart 2023</strong> en eindigt op <strong>1 maart 2026</strong>",
        "<td>B1-route</td>",  # route and level
        "ongeveer 1200 uur taalles en KNM",  # intensity (asielstatushouder, B1-route)
        "Leerbaarheidstoets 30 (haalbaar)",  # the route motivation
        "De gemeente koopt uw leerroute in",  # the offer of an asielstatushouder
        "tot en met 1 september 2024 naar een andere leerroute",  # last day to switch
        "Module Arbeidsmarkt en Participatie (MAP)",
        "Participatieverklaringstraject (PVT)",
        "Wij voeren regelmatig een voortgangsgesprek met u: elke maand.",
        "<h2>Looptijd</h2>",
        "<h2>Wettelijke grondslag</h2>",
        "artikel 15 van de Wet inburgering 2021",
        "binnen 6 weken na de dag waarop deze brief is verzonden bezwaar maken bij het college van burgemeester en wethouders",
        "https://example.org/bezwaar",  # how to object digitally
        "Met vriendelijke groet",  # signature block
        "J. Jansen",
        "Ondertekend op 1 maart 2023",
        'content: "Pagina " counter(page) " van " counter(pages)',  # page numbers
        f'content: "Kenmerk {versie.kenmerk}"',
    ]:
        assert part in html, part


def test_bezwaartermijn_comes_from_the_dated_setting(versie):
    from inburgering.models import RegelInstelling

    RegelInstelling.objects.create(
        code="bezwaartermijn_weken", waarde=Decimal("8"), ingangsdatum=D(2023, 1, 1), gemeente=versie.casus.gemeente
    )
    assert "binnen 8 weken na de dag" in render_html(versie)


def test_letter_follows_the_offer_of_a_gezinsmigrant(world):
    from tests.conftest import make_case

    c1 = world.users["c1"]
    casus = make_case(
        consultant=c1,
        team=world.team1,
        gemeente=world.gemeente_a,
        door=c1,
        n=11,
        doelgroep="gezinsmigrant",
        datum_kennisgeving=D(2023, 1, 2),
        datum_brp_inschrijving=D(2023, 1, 31),
    )
    versie = vastgesteld(casus, c1, geschatte_intensiteit_b1=None)
    html = versie.beschikking_html
    assert "betaalt de leerroute zelf, bijvoorbeeld met een lening van DUO" in html
    assert "Maatschappelijke begeleiding" not in html and "Wij ontzorgen u" not in html
    assert "Geschatte intensiteit" not in html


def test_logo_is_inlined_with_alt_text(versie):
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (60, 20), (0, 80, 160)).save(buf, format="PNG")
    briefpapier = Briefpapier.objects.get(gemeente=versie.casus.gemeente)
    briefpapier.logo.save("logo.png", ContentFile(buf.getvalue()))
    briefpapier.logo_alt = "Logo gemeente A"
    briefpapier.save()
    html = render_html(versie)
    assert 'src="data:image/png;base64,' in html and 'alt="Logo gemeente A"' in html
    assert html_naar_pdf(html).startswith(b"%PDF-")  # the data: URI is the only thing WeasyPrint may fetch


def test_user_text_is_escaped(world):
    c1 = world.users["c1"]
    casus = met_datums(world.cases["eigen"])
    versie = vastgesteld(casus, c1, route_motivatie='<img src="https://evil.example/x.png">')
    html = versie.beschikking_html
    assert "evil.example" in html and '<img src="https://evil.example' not in html


def test_pdf_text_and_tags(versie):
    pdf = html_naar_pdf(versie.beschikking_html)
    reader = PdfReader(io.BytesIO(pdf))
    tekst = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert versie.casus.inburgeraar.volledige_naam in tekst
    assert "1 maart 2023" in tekst  # dagtekening
    assert "B1-route" in tekst
    assert "bezwaar maken bij het college van burgemeester en wethouders" in tekst
    assert "Pagina 1 van" in tekst
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root  # tagged PDF
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert root["/Lang"] == "nl"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 (PDF/UA: the title, not the file name)
    assert reader.metadata.title.startswith("Beschikking persoonlijk plan inburgering en participatie")
    assert b'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data()  # PDF/UA-1 identification (XMP)


def test_vastgestelde_versie_keeps_its_own_pdf_when_data_change(world, versie):
    from pip.tasks import beschikking_pdf_maken

    beschikking_pdf_maken(versie.pk)
    versie.refresh_from_db()
    voor = versie.pdf_sha256
    persoon = versie.casus.inburgeraar
    persoon.straat = "Nieuwe Weg 1"  # the person moves after the decision
    persoon.save()
    versie.refresh_from_db()
    assert "Dorpsstraat 12" in versie.beschikking_html and versie.pdf_sha256 == voor


def test_download_is_permission_checked(client, world, versie):
    from pip.tasks import beschikking_pdf_maken

    beschikking_pdf_maken(versie.pk)
    versie.refresh_from_db()
    url = reverse("pip:pdf", kwargs={"casus_pk": versie.casus_id, "versie_pk": versie.pk})
    client.force_login(world.users["c2"])  # a team colleague may read the case, so may download
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == versie.pdf.open("rb").read()
    assert "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "private, no-store"
    client.force_login(world.users["c3"])  # another team
    assert client.get(url).status_code == 404
