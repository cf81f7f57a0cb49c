"""An offering's public page: its program, sessions, place, language support, childcare and places left."""

import datetime

import pytest
from django.urls import reverse

from pep.models import Language
from workshops.models import OfferingStatus, Session
from workshops.tests.factories import OfferingFactory, register


def url(offering) -> str:
    return reverse("workshops:offering-detail", args=[offering.pk])


def test_it_shows_the_program_sessions_place_and_language_support(client, db):
    offering = OfferingFactory(
        title="Parent College 2026-27",
        program_code="parent-college",
        room="Library",
        accessibility_notes="Step-free entrance on Oak Street.",
        online_link="https://meet.example.org/secret-room",
        childcare_offered=True,
        childcare_ages="3 to 10",
        childcare_capacity=8,
        sessions=[(datetime.date(2026, 11, 7), 9, 12), (datetime.date(2026, 12, 5), 9, 12)],
    )
    Session.objects.filter(offering=offering, starts_at__month=12).update(
        title="Campus visit day", place_name="State University"
    )
    offering.interpretation_languages.add(Language.objects.get(code="es"))

    page = client.get(url(offering)).content.decode()

    for text in [
        "Parent College 2026-27",
        offering.program.name,
        "Campus visit day",
        "State University",
        "Lincoln Elementary School",
        "Library",
        "Step-free entrance",
        "Spanish",
        "3 to 10",
        "8 childcare places left",
        "20 seats left",
    ]:
        assert text in page, text
    assert "secret-room" not in page
    assert reverse("workshops:offering-register", args=[offering.pk]) in page


def test_it_shows_the_program_in_spanish_to_a_spanish_reader(client, db):
    offering = OfferingFactory()
    client.cookies["django_language"] = "es"

    page = client.get(url(offering)).content.decode()

    assert offering.program.name_es in page


def test_a_full_workshop_offers_its_waiting_list(client, db):
    offering = OfferingFactory(seat_capacity=1)
    register(offering, "Ana One")

    page = client.get(url(offering)).content.decode()

    assert "you can join the waiting list" in page
    assert "Join the waiting list" in page


def test_a_cancelled_workshop_says_so_and_takes_no_registration(client, db):
    offering = OfferingFactory(status=OfferingStatus.CANCELLED)

    page = client.get(url(offering)).content.decode()

    assert "This workshop was cancelled." in page
    assert reverse("workshops:offering-register", args=[offering.pk]) not in page


def test_a_draft_is_not_found_by_the_public_but_a_coordinator_may_preview_it(client, people):
    draft = OfferingFactory(status=OfferingStatus.DRAFT)

    assert client.get(url(draft)).status_code == 404
    client.force_login(people.leader_a)
    assert client.get(url(draft)).status_code == 404
    client.force_login(people.coordinator)
    assert "Draft" in client.get(url(draft)).content.decode()


@pytest.mark.parametrize("pk", [2**40, int("9" * 25)])
def test_an_offering_that_does_not_exist_is_not_found(client, db, pk):
    for name in ["workshops:offering-detail", "workshops:offering-register"]:
        assert client.get(reverse(name, args=[pk])).status_code == 404
        assert client.post(reverse(name, args=[pk])).status_code == 404


@pytest.mark.parametrize("sessions", [1, 12])
def test_the_page_runs_the_same_queries_however_many_sessions_and_registrations(
    client, db, django_assert_max_num_queries, sessions
):
    days = [(datetime.date(2026, 11, 1) + datetime.timedelta(days=7 * week), 9, 12) for week in range(sessions)]
    offering = OfferingFactory(sessions=days, seat_capacity=50)
    offering.interpretation_languages.add(Language.objects.get(code="es"))
    for number in range(sessions):
        register(offering, f"Parent {number}")

    with django_assert_max_num_queries(4):
        assert client.get(url(offering)).status_code == 200
