"""A data clerk keys a returned paper form twice from the keyboard alone, the second time with one item
different, and reconciles it: only then is the response stored. Both pages are axe-core clean."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from pep.tests.browser import (
    expect_message,
    expect_no_axe_violations,
    expect_no_horizontal_scrolling,
    log_in,
    on_a_phone,
)
from surveys.models import PaperEntry, Response
from surveys.tests.factories import CycleFactory, InvitationFactory

pytestmark = pytest.mark.browser


def _key_by_keyboard(page, code: str, values: str) -> None:
    """The code, Enter to the first box, one key per box (a digit, or Tab to leave it blank), Enter to send."""
    code_field = page.get_by_label("Paper code")
    expect(code_field).to_be_focused()  # the page opens ready to type
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    expect(page.get_by_label("Statement 1", exact=True)).to_be_focused()
    for value in values:
        page.keyboard.press("Tab" if value == " " else value)
    expect(page.get_by_role("button", name="Save this keying")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_clerk_keys_a_form_twice_with_one_mismatch_and_reconciles_it(page, live_server, people, password):
    cycle = CycleFactory(slug="paper-browser")
    invitation = InvitationFactory(cycle=cycle, district=people.district_a, language="es")
    code = invitation.paper_code
    grouped = f"{code[:5]} {code[5:]}"
    log_in(page, people.coordinator.username, password)

    page.goto(reverse("surveys:paper-key", args=[cycle.slug]))
    expect_no_axe_violations(page)
    _key_by_keyboard(page, code.lower(), "44 2")
    expect_message(page, f"Form {grouped}: first keying saved.")

    _key_by_keyboard(page, f"{code[:5]} {code[5:]}", "43 2")
    expect_message(page, f"Form {grouped}: the second keying differs from the first on items 2.")
    expect(page.locator("#keying-counts")).to_contain_text("waiting for reconciliation: 1")
    assert not Response.objects.exists()
    expect_no_axe_violations(page)

    page.get_by_role("link", name="Reconcile them").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    form = page.get_by_role("region", name=f"Form {grouped}")
    expect(form.get_by_role("group")).to_have_count(1)  # only the item the keyings differ on
    expect(form.get_by_role("group")).to_have_accessible_name("Item 2: Statement 2.")
    expect(form.get_by_label("4 · Agree (first keying)")).to_be_visible()
    expect(form.get_by_label("3 · Disagree (second keying)")).to_be_visible()
    expect_no_axe_violations(page)

    # The paper shows 4: the first radio takes it with Space, Tab passes the typed box, Enter stores.
    form.get_by_label("4 · Agree (first keying)").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(form.get_by_label("Or type the value marked on the form")).to_be_focused()
    page.keyboard.press("Tab")
    expect(form.get_by_role("button", name=f"Store form {grouped}")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect_message(page, f"Form {grouped} is reconciled; its answers are stored.")
    expect(page.get_by_text("No form is waiting")).to_be_visible()
    response = Response.objects.get()
    assert (response.answers, response.channel, response.language) == ([4, 4, None, 2], "paper", "es")
    assert not PaperEntry.objects.exists()


def test_the_keying_and_packets_pages_fit_a_phone(page, live_server, people, password):
    cycle = CycleFactory(slug="paper-phone")
    InvitationFactory(cycle=cycle, district=people.district_a)
    on_a_phone(page)
    log_in(page, people.coordinator.username, password)

    page.goto(reverse("surveys:paper-key", args=[cycle.slug]))
    expect_no_horizontal_scrolling(page)
    expect_no_axe_violations(page)

    page.goto(reverse("surveys:paper-packets", args=[cycle.slug]))
    page.get_by_label("One district: a PDF").check()
    page.get_by_role("button", name="Build the packets").click()
    expect(page.get_by_role("alert")).to_contain_text("District: Type the district to print.")
    expect(page.locator(".invalid-feedback")).to_contain_text("Type the district to print.")
    expect_no_horizontal_scrolling(page)
    expect_no_axe_violations(page)
