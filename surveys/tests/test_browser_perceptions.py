"""A staff member answers the perceptions survey at the district's link on a phone, in English, with the
keyboard alone: forgets to say who they are, follows the error summary back, answers, skips a statement.
A district leader finds the link, its QR code and the district's profile on the district's page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from pep.tests.browser import expect_no_axe_violations, expect_no_horizontal_scrolling, log_in, on_a_phone
from pep.tests.factories import DistrictFactory
from surveys.models import RespondentRole, Response
from surveys.tests.perceptions_factories import answer_at, demo_instrument, link_for, perceptions_cycle

pytestmark = pytest.mark.browser


def _check_the_page(page):
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect_no_axe_violations(page)
    expect_no_horizontal_scrolling(page)


def test_a_staff_member_answers_on_a_phone_with_the_keyboard(page, live_server):
    link = link_for(perceptions_cycle(instrument=demo_instrument()), DistrictFactory(name="Cedar District"))
    on_a_phone(page)
    page.goto(reverse("surveys:perceptions-answer", args=[link.token]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Family engagement perceptions survey")
    _check_the_page(page)

    # Straight to the button, without saying who is answering: the summary says what to fix.
    send = page.get_by_role("button", name="Send my answers")
    send.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("nothing was saved yet")
    _check_the_page(page)
    summary.get_by_role("link").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#id_respondent_role_0$"))

    # Who: the first choice, then the arrow key moves to staff.
    family = page.get_by_role("radio", name=re.compile(r"^A family member"))
    family.focus()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name="School or district staff")).to_be_checked()

    # Statement 1: Space takes the first answer, arrows move up the scale to "Strongly agree" (5).
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    statement_1 = page.get_by_role("group", name=re.compile(r"^1\. "))
    expect(statement_1.get_by_role("radio", name="Strongly agree", exact=True)).to_be_checked()
    # Statement 2 is skipped: Tab passes a group where nothing is chosen.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    # Statements 3 to 18: "Agree" (4) each.
    for _ in range(16):
        page.keyboard.press("Space")
        for _ in range(3):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
    expect(send).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    _check_the_page(page)
    stored = Response.objects.get()
    assert stored.respondent_role == RespondentRole.STAFF
    assert stored.answers == [5, None] + [4] * 16
    assert (stored.district_id, stored.language, stored.scored) == (link.district_id, "en", True)


def test_a_district_leader_finds_the_link_its_qr_code_and_the_profile_on_a_phone(page, live_server, people, password):
    cycle = perceptions_cycle(instrument=demo_instrument(), min_cell=2)
    link = link_for(cycle, people.district_a)
    for value in (4, 6):
        answer_at(link, RespondentRole.FAMILY, [value] * 18)
    on_a_phone(page)
    log_in(page, people.leader_a.username, password)
    page.goto(reverse("district-detail", args=[people.district_a.pk]))
    section = page.get_by_role("region", name="Family-engagement perceptions survey")
    expect(section.get_by_label("The survey's address")).to_have_value(re.compile(rf"/surveys/p/{link.token}/$"))
    expect(section.get_by_role("img", name="QR code of the survey's address")).to_be_visible()
    expect(section.get_by_role("row", name=re.compile(r"^Parenting"))).to_contain_text("5.0")
    _check_the_page(page)
    section.get_by_role("link", name="Print the poster").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alder District")
    _check_the_page(page)
