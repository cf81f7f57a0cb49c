"""A parent registers her family in Spanish on a phone, gets the message with the calendar file, and
cancels through her private link; the first family waiting is confirmed and told at once."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from pep.tests.browser import expect_no_axe_violations, expect_no_horizontal_scrolling, on_a_phone
from workshops.models import Registration, RegistrationStatus
from workshops.tests.factories import OfferingFactory, register

pytestmark = pytest.mark.browser


def _check_the_page(page):
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect_no_axe_violations(page)
    expect_no_horizontal_scrolling(page)


def test_a_parent_registers_a_family_of_two_in_spanish_on_a_phone_then_cancels_and_the_waiting_family_gets_in(
    page, live_server, settings
):
    settings.SITE_URL = live_server.url
    offering = OfferingFactory(title="Liderazgo de padres 101", seat_capacity=3)
    register(offering, "Familia Primera", contact_email="primera@example.org")
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])
    on_a_phone(page)

    page.goto(reverse("workshops:catalog"))
    _check_the_page(page)
    page.get_by_role("link", name="Liderazgo de padres 101").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Liderazgo de padres 101")
    _check_the_page(page)
    page.locator(f'a[href="{reverse("workshops:offering-register", args=[offering.pk])}"]').click()
    _check_the_page(page)

    page.locator('[name="contact_name"]').fill("Rosa Díaz")
    page.locator('[name="contact_email"]').fill("rosa@example.org")
    page.locator('[name="contact_phone"]').fill("(312) 555-0142")
    page.locator('[name="role"][value="parent"]').check()
    page.locator('[name="attendees-0-name"]').fill("Rosa Díaz")
    page.locator('[name="attendees-1-name"]').fill("Juan Díaz")
    with page.expect_navigation():
        page.locator('form[method="post"] button[type="submit"]').last.click()

    rosa = Registration.objects.get(contact_email="rosa@example.org")
    expect(page).to_have_url(re.compile(re.escape(reverse("workshops:registration", args=[rosa.token])) + "$"))
    assert (rosa.status, rosa.language) == (RegistrationStatus.CONFIRMED, "es")
    assert rosa.attendees.count() == 2
    expect(page.locator("li", has_text="Juan Díaz")).to_be_visible()
    _check_the_page(page)
    [confirmation] = [message for message in mail.outbox if message.to == ["rosa@example.org"]]
    assert rosa.token in confirmation.body
    assert [name for name, _, _ in confirmation.attachments] == ["workshop.ics"]
    assert "BEGIN:VEVENT" in confirmation.attachments[0][1]

    waiting = register(offering, "Familia Espera", "Hijo Espera", contact_email="espera@example.org")
    assert waiting.status == RegistrationStatus.WAITING
    mail.outbox.clear()

    page.locator(f'a[href="{reverse("workshops:registration-cancel", args=[rosa.token])}"]').click()
    _check_the_page(page)
    with page.expect_navigation():
        page.locator('form[method="post"] button[type="submit"]').last.click()

    expect(page.locator(".alert-secondary")).to_be_visible()  # the cancelled status
    rosa.refresh_from_db()
    waiting.refresh_from_db()
    assert rosa.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert "espera@example.org" in [address for message in mail.outbox for address in message.to]
