"""A district leader, on a phone, opens a school plan of their district from their home page and
comments on it; the comment shows on the plan."""

import pytest
from playwright.sync_api import expect

from partnerships.models import PlanKind, PlanStatus
from partnerships.tests.factories import ActivityFactory, PlanFactory, advance
from pep.tests.browser import expect_message, field, log_in, on_a_phone
from pep.tests.factories import SchoolYearFactory

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
COMMENT = "The PTA offered to run the book swap at the reading night."


def test_a_district_leader_comments_on_a_school_plan_from_their_phone(page, people, password):
    year = SchoolYearFactory(first_year=2026, is_current=True)
    plan = PlanFactory(kind=PlanKind.SCHOOL, school=people.school_a, school_year=year)
    ActivityFactory(plan=plan, title="Family reading night")
    advance(plan, PlanStatus.SUBMITTED)
    on_a_phone(page)
    page.set_viewport_size(PHONE_390)
    log_in(page, "leader_a", password)

    schools = page.get_by_role("row").filter(has_text="Alder Elementary")
    schools.get_by_role("link", name="Submitted").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("School plan · Alder Elementary")
    expect(page.get_by_role("heading", name="Review")).to_have_count(0)  # comments, never approves

    field(page, "Comment").fill(COMMENT)
    page.get_by_role("button", name="Add the comment").click()

    expect_message(page, "Comment added.")
    comments = page.get_by_role("region", name="Comments")
    expect(comments).to_contain_text(COMMENT)
    expect(comments).to_contain_text("Lena")  # who wrote it
