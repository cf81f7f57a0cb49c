"""The coordinators' offering pages in a real browser on a phone: they fit, pass axe-core, and the
waiting list's buttons work."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from pep.models import Language
from pep.tests.browser import (
    expect_message,
    expect_no_axe_violations,
    expect_no_horizontal_scrolling,
    log_in,
    on_a_phone,
)
from workshops.tests.factories import OfferingFactory, register

pytestmark = pytest.mark.browser


@pytest.fixture
def offering(people):
    offering = OfferingFactory(
        title="Parent Leadership 101 at Lincoln Elementary, the long spring group",
        seat_capacity=2,
        childcare_offered=True,
        childcare_capacity=3,
        host_district=people.district_a,
    )
    register(offering, "Ana Pérez", "Luis Pérez", interpretation_language=Language.objects.get(code="es"))
    register(offering, "Mariana Villalobos de la Fuente", childcare_children=2, childcare_ages="4 and 7")
    register(offering, "Bea Second", accommodations="Wheelchair seating near the door")
    return offering


def test_the_dashboard_fits_a_phone_passes_axe_and_moves_a_family_to_the_front(page, people, password, offering):
    on_a_phone(page)
    log_in(page, people.coordinator.username, password)
    page.goto(reverse("workshops:offering-dashboard", args=[offering.pk]))

    expect_no_horizontal_scrolling(page)
    expect_no_axe_violations(page)

    second = offering.registrations.get(contact_name="Bea Second")
    page.get_by_role("button", name=f"Move to front registration {second.pk}").click()

    expect_message(page, f"Registration {second.pk} is now first on the waiting list.")
    expect(page.get_by_role("row").filter(has_text="Bea Second")).to_contain_text("position 1")


def test_the_list_and_the_offering_form_fit_a_phone_and_pass_axe(page, people, password, offering):
    on_a_phone(page)
    log_in(page, people.coordinator.username, password)

    for url in (reverse("workshops:offering-list"), reverse("workshops:offering-edit", args=[offering.pk])):
        page.goto(url)
        expect_no_horizontal_scrolling(page)
        expect_no_axe_violations(page)


def test_the_offering_form_with_errors_passes_axe(page, people, password, offering):
    log_in(page, people.coordinator.username, password)
    page.goto(reverse("workshops:offering-edit", args=[offering.pk]))
    page.locator("#id_seat_capacity").fill("1")
    page.locator("form[data-warn-unsaved] button[type=submit]:not([name])").click()

    expect(page.locator("#error-summary")).to_contain_text("2 seats are already confirmed")
    expect_no_axe_violations(page)
