"""The boetebeschikking: the HTML has every part of the decision; the tagged PDF's text holds amount,
culpability and the bezwaarclausule."""

import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from handhaving import services
from handhaving.models import Betaalgegevens
from handhaving.pdf import html_naar_pdf, render_html
from pip.models import Briefpapier
from tests.handhaving.scenario import OPGELEGD, met_pip, procedure_tot

pytestmark = pytest.mark.django_db


@pytest.fixture
def beschikking(world):
    casus = met_pip(world.cases["eigen"], doelgroep="gezinsmigrant")
    gemeente = casus.gemeente
    gemeente.postadres, gemeente.postcode_plaats, gemeente.telefoon = "Postbus 11", "6660 AA Elst", "14 0481"
    gemeente.save()
    Briefpapier.objects.filter(gemeente=gemeente).update(
        ondertekenaar_naam="J. Jansen", bezwaar_digitaal="https://example.org/bezwaar"
    )
    Betaalgegevens.objects.filter(gemeente=gemeente).update(
        iban="NL91 BNGH 0285 1234 56", ten_name_van="Gemeente A", toelichting="Betalen in termijnen? Bel 14 0481."
    )
    persoon = casus.inburgeraar
    persoon.straat, persoon.postcode, persoon.woonplaats, persoon.geslacht = "Dorpsstraat 12", "6661 AB", "Elst", "V"
    persoon.save()
    c1 = world.users["c1"]
    procedure_tot(casus, c1, "opgelegd")  # a first fine: € 25
    tweede = procedure_tot(casus, c1, "gehoord", verwijtbaarheid="grove_schuld", waarschuwing=False)
    return services.boete_opleggen(
        procedure=tweede,
        dagtekening=OPGELEGD,
        door=c1,
        bedrag=Decimal("60.00"),
        verlaging_motivering="Heeft hoge schulden bij de Kredietbank.",
    )


def test_html_has_every_part_of_the_decision(beschikking):
    html = beschikking.beschikking_html  # stored when the fine was imposed
    assert html == render_html(beschikking)
    for part in [
        '<html lang="nl">',
        "<title>Boetebeschikking Wet inburgering 2021",  # a title for PDF/UA
        "Retouradres: Postbus 11, 6660 AA Elst",  # letterhead and window envelope, as the PIP beschikking
        "6661 AB  ELST",
        "<td>15 april 2025</td>",  # dagtekening
        f"<td>{beschikking.kenmerk}</td>",
        "Geachte mevrouw",
        "<h2>Ons besluit</h2>",
        "Wij leggen u een boete op van <strong>€ 60,00</strong>.",
        "<h2>Wat is er gebeurd?</h2>",  # the facts
        "Niet verschenen bij de taalschool.",
        "versie 1, dagtekening 1 maart 2023",  # the PIP whose agreements were not kept
        "Op 1 april 2025 hebben wij u laten weten",  # the voornemen
        "hebben wij met u gesproken (horen)",  # the hearing
        "Had geen oppas.",
        "<h2>Waarom krijgt u een boete?</h2>",  # grounds and culpability
        "Ons oordeel: <strong>grove schuld</strong>.",
        "Geen reden opgegeven.",
        "<h2>Hoe hoog is de boete?</h2>",  # how the amount follows
        "2e boete voor het niet nakomen van het PIP in deze casus: trede 2 van de boeteladder, € 100,00. "
        "Bij grove schuld is de boete 75% daarvan: € 75,00.",
        "Wij verlagen de boete van € 75,00 naar <strong>€ 60,00</strong> vanwege bijzondere omstandigheden",
        "Heeft hoge schulden bij de Kredietbank.",
        "<h2>Hoe betaalt u?</h2>",  # payment details
        "<td>NL91 BNGH 0285 1234 56</td>",
        "<td>Gemeente A</td>",
        "<td>27 mei 2025</td>",  # pay within 6 weeks (dated setting)
        "Betalen in termijnen? Bel 14 0481.",
        "<h2>Wettelijke grondslag</h2>",
        "titel 5.4 van de Algemene wet bestuursrecht",
        "binnen 6 weken na de dag waarop deze brief is verzonden bezwaar maken",  # bezwaarclausule
        "De laatste dag is 27 mei 2025.",
        "https://example.org/bezwaar",
        "J. Jansen",
        f'content: "Kenmerk {beschikking.kenmerk}"',
    ]:
        assert part in html, part


def test_pdf_text_holds_amount_culpability_and_bezwaarclausule(beschikking):
    pdf = html_naar_pdf(beschikking.beschikking_html)
    reader = PdfReader(io.BytesIO(pdf))
    tekst = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "€ 60,00" in tekst  # the amount
    assert "grove schuld" in tekst and "75%" in tekst  # the culpability and its percentage
    assert re.search(r"binnen 6 weken na de dag waarop deze brief is verzonden bezwaar maken", tekst)  # bezwaarclausule
    assert "NL91 BNGH 0285 1234 56" in tekst  # payment details
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])  # tagged (PDF/UA-1)
    assert reader.metadata.title.startswith("Boetebeschikking Wet inburgering 2021")


def test_without_iban_the_letter_says_how_to_pay(world):
    casus = met_pip(world.cases["eigen"], doelgroep="gezinsmigrant")
    procedure = procedure_tot(casus, world.users["c1"], "opgelegd", soort="brede_intake")
    html = procedure.beschikking.beschikking_html
    assert "Vast bedrag voor het verwijtbaar niet (voldoende) meewerken aan de brede intake: € 250,00." in html
    assert "Bel ons voor het rekeningnummer." in html
    assert "u werkt mee aan de brede intake" in html
