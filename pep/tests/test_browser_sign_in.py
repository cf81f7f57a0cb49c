"""Wrong passwords in a real browser: signing in pauses with a page that says what to do, in
English and Spanish, readable by a screen reader; a coordinator lifts the pause in the admin."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from pep.tests.browser import expect_no_axe_violations, log_in

pytestmark = pytest.mark.browser


def try_wrong_passwords(page, username, times, button="Log in"):
    for _ in range(times):
        page.goto(reverse("login"))
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill("not-the-password")
        with page.expect_navigation():  # the answer arrives before the next try
            page.get_by_role("button", name=button).click()


@pytest.fixture
def another_tab(browser, live_server):
    """A second browser, for a second person or another language; closed after the test."""
    contexts = []

    def open_tab(locale="en-US"):
        contexts.append(browser.new_context(base_url=live_server.url, locale=locale))
        return contexts[-1].new_page()

    yield open_tab
    for context in contexts:
        context.close()


def test_after_five_wrong_passwords_signing_in_pauses_and_a_coordinator_lifts_it(page, another_tab, people, password):
    try_wrong_passwords(page, "leader_a", 5)

    page.goto(reverse("login"))
    page.locator("#id_username").fill("leader_a")
    page.locator("#id_password").fill(password)  # even the right password waits
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signing in is paused")
    expect(page.get_by_text("You can try again in 15 minutes.")).to_be_visible()
    expect_no_axe_violations(page)

    coordinator = another_tab()
    log_in(coordinator, "coordinator", password)
    coordinator.goto(reverse("admin:auth_user_changelist") + "?q=leader_a")
    coordinator.get_by_role("checkbox", name="Select this object for an action - leader_a").check()
    coordinator.get_by_label("Action:").select_option(label="Unlock sign-in")
    coordinator.get_by_role("button", name="Go").click()
    expect(coordinator.get_by_text("Sign-in unlocked for 1 person.")).to_be_visible()

    log_in(page, "leader_a", password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Lena")


def test_the_pause_is_explained_in_spanish(another_tab, people):
    page = another_tab("es-ES")

    try_wrong_passwords(page, "team_a", 6, button="Iniciar sesión")

    expect(page.get_by_role("heading", level=1)).to_have_text("El inicio de sesión está en pausa")
    expect_no_axe_violations(page)
