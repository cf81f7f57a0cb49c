"""Inviting a person in a real browser: a coordinator invites, the person opens the emailed link, chooses a
password and signs in; the public accept page passes axe-core in English and Spanish."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from pep.tests.browser import expect_message, expect_no_axe_violations, field, log_in, log_out

pytestmark = pytest.mark.browser

NEW_PASSWORD = "maple-river-lantern-42"


@pytest.fixture
def another_tab(browser, live_server):
    """A second browser, for another language; closed after the test."""
    contexts = []

    def open_tab(locale="en-US"):
        contexts.append(browser.new_context(base_url=live_server.url, locale=locale))
        return contexts[-1].new_page()

    yield open_tab
    for context in contexts:
        context.close()


def _emailed_link(live_server) -> str:
    path = re.search(r"https?://[^/\s]+(/accounts/invitation/[^/\s]+/)", mail.outbox[-1].body).group(1)
    return live_server.url + path


def test_a_coordinator_invites_a_person_who_sets_a_password_and_signs_in(
    page, another_tab, people, password, live_server, settings
):
    settings.SITE_URL = live_server.url
    mail.outbox.clear()
    log_in(page, "coordinator", password)
    page.get_by_role("link", name="People", exact=True).click()
    field(page, "District").fill("Alder District (A-1)")
    with page.expect_navigation():
        page.get_by_role("button", name="Show its people").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People of Alder District")
    page.get_by_role("link", name="Invite a person").click()

    field(page, "Name").fill("Nora Nuevo")
    field(page, "Email").fill("nora@example.org")
    field(page, "Role").select_option(label="Action team member")
    field(page, "School").select_option(label="Alder Elementary")
    page.get_by_label("Spanish").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Send the invitation").click()
    expect_message(page, "Invitation sent to nora@example.org.")
    expect(page.get_by_role("row", name=re.compile("Nora Nuevo"))).to_be_visible()
    log_out(page)

    assert [message.to for message in mail.outbox] == [["nora@example.org"]]
    assert "Miembro del equipo de acción" in mail.outbox[0].body
    page.goto(_emailed_link(live_server))
    expect(page.get_by_role("heading", level=1)).to_have_text("Accept your invitation")
    expect_no_axe_violations(page)
    field(page, "Password").fill(NEW_PASSWORD)
    field(page, "Password again").fill(NEW_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Save the password and accept").click()
    expect_message(page, "Log in with your user name, nora@example.org")

    log_in(page, "nora@example.org", NEW_PASSWORD)
    page.get_by_role("link", name="My school").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alder Elementary")

    page.goto(_emailed_link(live_server))  # the link worked once
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work any more")


def test_the_accept_page_passes_axe_in_spanish(another_tab, people, password, live_server, settings):
    settings.SITE_URL = live_server.url
    mail.outbox.clear()
    coordinator = another_tab()
    log_in(coordinator, "coordinator", password)
    coordinator.goto(reverse("invitation-new") + f"?district={people.district_a.pk}")
    field(coordinator, "Name").fill("Pía Padre")
    field(coordinator, "Email").fill("pia@example.org")
    field(coordinator, "Role").select_option(label="Parent leader")
    field(coordinator, "School").select_option(label="Alder Elementary")
    with coordinator.expect_navigation():
        coordinator.get_by_role("button", name="Send the invitation").click()

    page = another_tab("es-ES")
    page.goto(_emailed_link(live_server))

    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect_no_axe_violations(page)
    page.goto(reverse("invitation-accept", args=["no-such-token"]))
    expect_no_axe_violations(page)
