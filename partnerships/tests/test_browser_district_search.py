"""A coordinator finds a district's plans by typing part of its name, in a real browser, with and
without JavaScript."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from partnerships.tests.factories import PlanFactory
from pep.tests.browser import expect_no_axe_violations, log_in
from pep.tests.factories import DistrictFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def plans_in_three_districts(people):
    creek = DistrictFactory(name="Alder Creek District", code="A-10")
    for district in (people.district_a, people.district_b, creek):
        PlanFactory(district=district)


def plan_rows(page):
    return page.get_by_role("table").get_by_role("row").filter(has=page.get_by_role("link", name=re.compile("plan")))


def test_choosing_a_suggested_district_with_the_keyboard_shows_its_plans(
    page, people, password, plans_in_three_districts
):
    log_in(page, "coordinator", password)
    page.goto(reverse("partnerships:plan-list"))
    search = page.get_by_role("combobox", name="District")

    search.press_sequentially("alder")
    suggestions = page.get_by_role("listbox")
    expect(suggestions.get_by_role("option")).to_have_count(2)
    expect(suggestions).to_have_css("opacity", "1")  # fully shown before axe looks at its colours
    expect_no_axe_violations(page)
    search.press("ArrowDown")
    search.press("Enter")
    expect(search).to_have_value("Alder Creek District (A-10)")
    page.get_by_role("button", name="Show").click()

    expect(plan_rows(page)).to_have_count(1)
    expect(plan_rows(page)).to_contain_text("Alder Creek District")


def test_without_javascript_the_district_field_is_a_plain_search(
    browser, live_server, people, password, plans_in_three_districts
):
    context = browser.new_context(base_url=live_server.url, locale="en-US", java_script_enabled=False)
    page = context.new_page()
    log_in(page, "coordinator", password)
    page.goto(reverse("partnerships:plan-list"))

    page.get_by_label("District").fill("alder")
    page.get_by_role("button", name="Show").click()

    expect(plan_rows(page)).to_have_count(2)
    context.close()
