"""A coordinator works the review queue from the home page: the oldest submitted plan first, approved,
and gone from the queue."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import TESTS_TODAY
from partnerships.models import PlanKind, PlanStatus
from partnerships.tests.factories import advance, complete_plan
from pep.tests.browser import expect_message, expect_no_axe_violations, log_in
from pep.tests.factories import SchoolYearFactory

pytestmark = pytest.mark.browser

OLDER = "School plan · Alder Elementary"
NEWER = "District plan · Birch District"


@pytest.fixture
def waiting_plans(people, time_machine):
    """Two submitted plans: Alder Elementary's on 1 October, Birch District's on 12 October."""
    year = SchoolYearFactory(first_year=2026, is_current=True)
    for day, fields in (
        (datetime.date(2026, 10, 1), {"kind": PlanKind.SCHOOL, "school": people.school_a}),
        (datetime.date(2026, 10, 12), {"district": people.district_b}),
    ):
        time_machine.move_to(datetime.datetime.combine(day, datetime.time(9), tzinfo=ZoneInfo("America/Chicago")))
        advance(complete_plan(school_year=year, **fields), PlanStatus.SUBMITTED)
    time_machine.move_to(TESTS_TODAY, tick=True)


def test_the_coordinator_approves_the_oldest_plan_from_the_queue_on_the_home_page(
    page, people, password, waiting_plans
):
    log_in(page, "coordinator", password)
    page.goto(reverse("home"))

    queue = page.get_by_role("region", name="Plans waiting for review")
    rows = queue.get_by_role("row")
    expect(rows.nth(1)).to_contain_text(OLDER)
    expect(rows.nth(1).get_by_role("cell").last).to_have_text("14")  # days waiting
    expect(rows.nth(2)).to_contain_text(NEWER)
    expect(rows.nth(2).get_by_role("cell").last).to_have_text("3")
    expect_no_axe_violations(page)

    queue.get_by_role("link", name=OLDER).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(OLDER)
    page.get_by_role("radio", name="Approve the plan").check()
    page.get_by_role("button", name="Record the decision").click()
    expect_message(page, "Plan approved.")

    page.get_by_role("banner").get_by_role("link", name="PEP").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    queue = page.get_by_role("region", name="Plans waiting for review")
    expect(queue.get_by_role("link", name=NEWER)).to_be_visible()
    expect(queue.get_by_role("link", name=OLDER)).to_have_count(0)
