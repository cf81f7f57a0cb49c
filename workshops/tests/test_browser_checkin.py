"""Check-in at the door, in a real browser on a phone's width: a coordinator marks people present,
adds a walk-in and sees the count change, all without scrolling sideways."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from pep.tests.browser import (
    expect_message,
    expect_no_axe_violations,
    expect_no_horizontal_scrolling,
    field,
    log_in,
    on_a_phone,
)
from workshops.tests.factories import OfferingFactory, register

pytestmark = pytest.mark.browser


@pytest.fixture
def session(people):
    """A session today (the pinned clock's day), with two registered families of two."""
    offering = OfferingFactory(
        title="Parent College, October Saturday",
        program_code="parent-college",
        sessions=[(datetime.date(2026, 10, 15), 9, 12)],
    )
    register(offering, "Ana Pérez-Villanueva", "Luis Pérez-Villanueva")
    register(offering, "Marta Gómez", "Pablo Gómez")
    return offering.sessions.get()


def test_a_coordinator_checks_in_people_on_a_phone(page, people, password, session):
    on_a_phone(page)
    log_in(page, people.coordinator.username, password)

    page.goto(reverse("workshops:session-checkin", args=[session.pk]))
    counts = page.locator("#checkin-counts")
    expect(counts).to_contain_text("0 present · 4 expected")
    expect_no_horizontal_scrolling(page)
    expect_no_axe_violations(page)

    page.get_by_role("button", name="Present: Ana Pérez-Villanueva").click()
    expect_message(page, "Ana Pérez-Villanueva is marked present.")
    expect(counts).to_contain_text("1 present · 4 expected")
    expect(page.get_by_role("button", name="Undo present: Ana Pérez-Villanueva")).to_be_visible()

    page.get_by_label("Find a name").fill("gómez")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("button", name="Present: Ana Pérez-Villanueva")).to_have_count(0)
    page.get_by_role("button", name="Present: Pablo Gómez").click()
    expect(counts).to_contain_text("2 present · 4 expected")
    expect(page.get_by_role("button", name="Undo present: Pablo Gómez")).to_be_visible()  # still the search

    page.get_by_role("link", name="Add a walk-in").first.click()
    field(page, "Name").fill("Rosa Caminante")
    field(page, "Role").select_option(label="Teacher")
    page.get_by_role("button", name="Add and mark present").click()
    expect_message(page, "Rosa Caminante was added and marked present.")
    expect(counts).to_contain_text("3 present · 4 expected")
    expect(counts).to_contain_text("1 walk-in")
    expect(page.get_by_role("heading", name="Walk-ins")).to_be_visible()

    page.get_by_role("button", name="Undo present: Ana Pérez-Villanueva").click()
    expect(counts).to_contain_text("2 present · 4 expected")
    expect_no_horizontal_scrolling(page)
    expect_no_axe_violations(page)
