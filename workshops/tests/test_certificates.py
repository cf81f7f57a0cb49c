"""Sign-in sheets and certificates: PDFs with the text a reader needs, tagged for screen readers; a
certificate only for who earned it, and from a private link only for that registration's people."""

import datetime
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from workshops.models import Program
from workshops.services.attendance import attendance_mark, walk_in_add
from workshops.tests.factories import OfferingFactory, register

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 10, 15)  # the pinned clock's day


def _text(tmp_path, response, raw=False) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "document.pdf"
    path.write_bytes(response.content)
    options = ["-raw"] if raw else []
    text = subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def _pages(tmp_path, response) -> int:
    path = tmp_path / "pages.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def _assert_tagged(tmp_path, response) -> None:
    path = tmp_path / "tagged.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    metadata = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    assert 'pdfuaid:part="1"' in metadata


@pytest.fixture
def series(people):
    """Parent College: two Saturdays that took place (3 hours each) and one ahead; at least two to complete."""
    program = Program.objects.get(code="parent-college")
    program.pd_hours = Decimal("6")
    program.save()
    offering = OfferingFactory(
        title="Parent College at Lincoln",
        program_code="parent-college",
        sessions=[(datetime.date(2026, 9, 26), 9, 12), (datetime.date(2026, 10, 3), 9, 12), (TODAY, 9, 12)],
        sessions_required=2,
    )
    sessions = list(offering.sessions.order_by("starts_at"))
    english = register(offering, "Ana Complete", "Luis Incomplete")
    spanish = register(offering, "Marta Completa", language="es")
    ana, luis = english.attendees.order_by("pk")
    for attendee, attended in ((ana, sessions[:2]), (luis, sessions[:1]), (spanish.attendees.get(), sessions[1:])):
        for session in attended:
            attendance_mark(session=session, attendee=attendee, present=True, actor=people.coordinator)
    return offering


def _certificate_url(token, attendee):
    return reverse("workshops:registration-certificate", args=[token, attendee.pk])


# --- sign-in sheet


def test_the_sign_in_sheet_lists_the_expected_people_and_lines_for_walk_ins(client, people, series, tmp_path):
    session = series.sessions.order_by("starts_at").last()
    client.force_login(people.coordinator)

    response = client.get(reverse("workshops:session-signin-sheet", args=[session.pk]))

    text = _text(tmp_path, response)
    assert "Sign-in sheet: Parent College at Lincoln" in text
    assert "Parent College" in text and "Lincoln Elementary School" in text
    assert "Ana Complete" in text and "Luis Incomplete" in text and "Marta Completa" in text
    assert "Signature" in text and "Parent or family member" in text
    rows = _text(tmp_path, response, raw=True)
    # three people, then ten numbered lines for walk-ins, the last one 13, then the page's footer
    assert "3 Marta Completa Parent or family member 4 5 6 7 8 9 10 11 12 13 Sign-in sheet:" in rows
    _assert_tagged(tmp_path, response)


def test_the_printable_sign_in_sheet_is_the_same_page_in_the_browser(client, people, series):
    session = series.sessions.order_by("starts_at").last()
    client.force_login(people.coordinator)

    page = client.get(reverse("workshops:session-signin-print", args=[session.pk]))

    assert "Ana Complete" in page.text and "Download PDF" in page.text


# --- certificates


def test_a_certificate_says_who_completed_what_when_and_how_many_hours(client, people, series, tmp_path):
    ana = series.attendees.get(name="Ana Complete")
    client.force_login(people.coordinator)

    response = client.get(reverse("workshops:attendee-certificate", args=[ana.pk]))

    text = _text(tmp_path, response)
    assert "Certificate of completion" in text
    assert "Ana Complete" in text and "Parent College at Lincoln" in text
    assert "Sept. 26, 2026 to Oct. 15, 2026" in text
    assert "Hours attended: 6" in text
    assert "Professional-development hours of this program: 6" in text
    assert "Issued by PEP" in text
    _assert_tagged(tmp_path, response)


def test_all_certificates_of_an_offering_come_in_one_pdf_one_page_each(client, people, series, tmp_path):
    client.force_login(people.coordinator)

    response = client.get(reverse("workshops:offering-certificates", args=[series.pk]))

    text = _text(tmp_path, response)
    assert "Ana Complete" in text and "Marta Completa" in text
    assert "Luis Incomplete" not in text
    assert _pages(tmp_path, response) == 2
    _assert_tagged(tmp_path, response)


def test_a_spanish_registration_gets_the_programs_spanish_name(client, people, series, tmp_path):
    marta = series.attendees.get(name="Marta Completa")
    program = series.program
    client.force_login(people.coordinator)

    text = _text(tmp_path, client.get(reverse("workshops:attendee-certificate", args=[marta.pk])))

    assert program.name_es != program.name_en
    assert f"{program.name_es} Parent College at Lincoln" in text  # the program in Spanish, then the title
    assert "26 de septiembre de 2026" in text


def test_a_walk_in_who_completed_gets_a_certificate(client, people, series, tmp_path):
    today = series.sessions.order_by("starts_at").last()
    walk_in = walk_in_add(session=today, name="Rosa Walk-in", role="teacher", actor=people.coordinator)
    series.sessions_required = 1
    series.save()
    client.force_login(people.coordinator)

    text = _text(tmp_path, client.get(reverse("workshops:attendee-certificate", args=[walk_in.pk])))

    assert "Rosa Walk-in" in text and "Hours attended: 3" in text


def test_a_certificate_not_earned_is_refused_with_a_clear_page(client, people, series):
    luis = series.attendees.get(name="Luis Incomplete")
    client.force_login(people.coordinator)

    page = client.get(reverse("workshops:attendee-certificate", args=[luis.pk]))

    assert page["Content-Type"].startswith("text/html")
    assert "No certificate yet" in page.text
    assert "A certificate needs 2 sessions so far; 1 attended." in page.text


def test_an_offering_nobody_completed_says_so_instead_of_an_empty_pdf(client, people):
    offering = OfferingFactory(sessions=[(datetime.date(2026, 11, 7), 9, 12)])
    register(offering, "Not Yet")
    client.force_login(people.coordinator)

    page = client.get(reverse("workshops:offering-certificates", args=[offering.pk]), follow=True)

    assert page.redirect_chain == [(reverse("workshops:offering-certificates-print", args=[offering.pk]), 302)]
    assert page["Content-Type"].startswith("text/html")
    assert "No one has completed this offering yet" in page.text


def test_the_print_view_of_the_certificates_links_each_pdf(client, people, series):
    client.force_login(people.coordinator)

    page = client.get(reverse("workshops:offering-certificates-print", args=[series.pk]))

    ana = series.attendees.get(name="Ana Complete")
    assert reverse("workshops:attendee-certificate", args=[ana.pk]) in page.text
    assert "Luis Incomplete" not in page.text


@pytest.mark.parametrize("user", ["leader_a", "team_a", "parent_a", "nobody"])
def test_only_coordinators_print_certificates_and_sheets(client, people, series, user):
    ana = series.attendees.get(name="Ana Complete")
    session = series.sessions.first()
    client.force_login(getattr(people, user))

    for url in (
        reverse("workshops:attendee-certificate", args=[ana.pk]),
        reverse("workshops:offering-certificates", args=[series.pk]),
        reverse("workshops:offering-certificates-print", args=[series.pk]),
        reverse("workshops:session-signin-sheet", args=[session.pk]),
        reverse("workshops:session-signin-print", args=[session.pk]),
    ):
        assert client.get(url).status_code == 403, url


# --- from the private link


def test_the_private_link_gives_the_certificate_to_anyone_holding_it(client, series, tmp_path):
    ana = series.attendees.get(name="Ana Complete")

    response = client.get(_certificate_url(ana.registration.token, ana))

    assert "Ana Complete" in _text(tmp_path, response)


def test_the_private_link_says_when_a_certificate_is_not_earned_yet(client, series):
    luis = series.attendees.get(name="Luis Incomplete")

    page = client.get(_certificate_url(luis.registration.token, luis))

    assert page.status_code == 200 and "No certificate yet" in page.text


def test_another_registrations_link_cannot_open_a_certificate(client, series):
    ana = series.attendees.get(name="Ana Complete")
    marta = series.attendees.get(name="Marta Completa")

    assert client.get(_certificate_url(marta.registration.token, ana)).status_code == 404


@pytest.mark.parametrize("change", ["one character", "shorter", "longer", "another"])
def test_a_tampered_link_opens_nothing(client, series, change):
    ana = series.attendees.get(name="Ana Complete")
    token = ana.registration.token
    tampered = {
        "one character": token[:-1] + ("A" if token[-1] != "A" else "B"),
        "shorter": token[:-1],
        "longer": token + "x",
        "another": "x" * len(token),
    }[change]

    assert client.get(_certificate_url(tampered, ana)).status_code == 404


def test_the_certificate_link_costs_few_queries(client, series, django_assert_max_num_queries):
    luis = series.attendees.get(name="Luis Incomplete")

    with django_assert_max_num_queries(6):
        client.get(_certificate_url(luis.registration.token, luis))
