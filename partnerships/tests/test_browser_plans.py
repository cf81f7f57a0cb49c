"""One-year plans in a real browser: a plan's way from draft to approved, forms that keep what was
typed and warn before losing it, accessibility (axe-core) and a phone's width."""

import re
import subprocess

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from partnerships.tests.factories import ActivityFactory, GoalFactory, PlanFactory
from pep.tests.browser import (
    expect_message,
    expect_no_axe_violations,
    expect_no_horizontal_scrolling,
    field,
    log_in,
    log_out,
    on_a_phone,
)
from pep.tests.factories import SchoolYearFactory

pytestmark = pytest.mark.browser

PLAN_NAME = "District plan · Alder District"
READING_GOAL = "Raise the share of third graders who read at grade level."
WELCOME_GOAL = "Every family feels welcome at every school in the district."
COVERAGE_PROBLEM = "The activities cover 2 of the categories of Six types of involvement; cover at least 4."
INCOMPLETE_ACTIVITY_PROBLEM = "Activity “Reading buddies”: add the person in charge."
RETURN_COMMENT = "Goal 2 needs a target we can measure in the spring."


@pytest.fixture
def school_year(db):
    return SchoolYearFactory(first_year=2026, is_current=True)


@pytest.fixture
def plan_with_activities(people, school_year):
    """Leader A's draft district plan with two goals and three complete activities."""
    plan = PlanFactory(district=people.district_a, school_year=school_year)
    reading = GoalFactory(plan=plan, statement=READING_GOAL)
    welcome = GoalFactory(plan=plan, kind="welcoming_climate", statement=WELCOME_GOAL)
    ActivityFactory(plan=plan, goal=reading, title="Family reading night")
    ActivityFactory(plan=plan, goal=reading, title="Reading buddies")
    ActivityFactory(plan=plan, goal=welcome, title="Welcome breakfast")
    return plan


# Steps of the story


def open_plan_from_the_list(page, name=PLAN_NAME):
    page.get_by_role("link", name="Plans", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("One-year partnership plans")
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def start_district_plan(page, vision):
    page.get_by_role("link", name="Plans", exact=True).click()
    page.get_by_role("link", name="Start a plan").click()
    field(page, "Plan").select_option(label=PLAN_NAME)
    field(page, "School year").select_option(label="2026-27")
    expect(field(page, "Framework for tagging activities")).to_have_value(re.compile(r"\d+"))
    field(page, "Vision").fill(vision)
    page.get_by_role("button", name="Start the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PLAN_NAME)
    expect_message(page, "Plan started.")


def add_goal(page, kind, statement, desired_result="More families take part.", how_measured="Sign-in sheets"):
    page.get_by_role("link", name="Add a goal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a goal")
    field(page, "Kind of goal").select_option(label=kind)
    field(page, "Goal").fill(statement)
    field(page, "Desired result").fill(desired_result)
    field(page, "How it is measured").fill(how_measured)
    page.get_by_role("button", name="Save").click()
    expect_message(page, "Goal added.")
    expect(page.locator("main")).to_contain_text(statement)


def fill_activity(
    page, *, title=None, categories=(), starts_on=None, ends_on=None, person_in_charge=None, how_judged=None
):
    if title is not None:
        field(page, "Title").fill(title)
    for category in categories:
        page.get_by_label(category, exact=True).check()
    if starts_on is not None:
        field(page, "Starts on").fill(starts_on)
    if ends_on is not None:
        field(page, "Ends on").fill(ends_on)
    if person_in_charge is not None:
        field(page, "Person in charge").fill(person_in_charge)
    if how_judged is not None:
        field(page, "How the result will be judged").fill(how_judged)


def open_activity_form(page, goal_number):
    page.get_by_role("link", name=f"Add an activity to goal {goal_number}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an activity")


def activity_title(page, title):
    return page.get_by_role("paragraph").filter(has_text=re.compile(rf"^{re.escape(title)}$"))


def save_activity(page, message="Activity added."):
    page.get_by_role("button", name="Save").click()
    expect_message(page, message)


def add_activity(page, goal_number, title, **fields):
    open_activity_form(page, goal_number)
    fill_activity(page, title=title, **fields)
    save_activity(page)
    expect(activity_title(page, title)).to_be_visible()


def edit_activity(page, title, **fields):
    page.get_by_role("link", name=f"Edit {title}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit activity")
    fill_activity(page, **fields)
    save_activity(page, "Activity saved.")


def submit_plan(page):
    page.get_by_role("button", name="Submit the plan").click()


def record_decision(page, decision, comment=""):
    page.get_by_role("radio", name=decision).check()
    field(page, "Comment to the plan's owners").fill(comment)
    page.get_by_role("button", name="Record the decision").click()


def expect_status(page, status):
    expect(page.locator("main .badge[class*='status-']")).to_have_text(status)


def pdf_text(path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


# The story


def test_a_plan_goes_from_draft_to_approved_and_the_leader_downloads_the_pdf(
    page, people, password, school_year, tmp_path
):
    log_in(page, "leader_a", password)
    start_district_plan(page, "Every family a partner in learning.")
    expect_status(page, "Draft")
    add_goal(page, "Academic", READING_GOAL)
    add_goal(page, "Welcoming climate", WELCOME_GOAL)

    # A form sent back with an error keeps everything that was typed.
    open_activity_form(page, 1)
    fill_activity(
        page,
        title="Family reading night",
        categories=["Parenting", "Learning at home"],
        starts_on="2026-10-15",
        ends_on="2026-10-01",
        person_in_charge="Ms. Ortiz",
        how_judged="Sign-in sheets and a short survey",
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_have_text("Please correct the fields marked below.")
    ends_on = field(page, "Ends on")
    expect(ends_on).to_have_attribute("aria-invalid", "true")
    expect(ends_on).to_have_accessible_description(re.compile("The activity cannot end before it starts."))
    expect(field(page, "Title")).to_have_value("Family reading night")
    expect(field(page, "Person in charge")).to_have_value("Ms. Ortiz")
    expect(field(page, "Parenting")).to_be_checked()
    expect(field(page, "Starts on")).to_have_value("10/15/2026")  # the same day, in the format the hint asks for
    fill_activity(page, ends_on="2026-10-15")
    save_activity(page)

    # One activity without a person in charge, and only two categories covered in all.
    add_activity(
        page,
        1,
        "Reading buddies",
        categories=["Learning at home"],
        starts_on="2026-11-02",
        how_judged="Pairs that meet every week",
    )
    add_activity(
        page,
        2,
        "Welcome breakfast",
        categories=["Parenting"],
        starts_on="2026-09-04",
        person_in_charge="Mr. Lee",
        how_judged="Families who come",
    )
    todo = page.get_by_role("region", name="Before you can submit")
    expect(todo.get_by_role("listitem")).to_have_text([INCOMPLETE_ACTIVITY_PROBLEM, COVERAGE_PROBLEM])

    field(page, "Note to the coordinators (optional)").fill("Ready for review.")
    submit_plan(page)
    refused = page.get_by_role("alert").filter(has_text="The plan was not submitted: it is not complete yet")
    expect(refused.get_by_role("link")).to_have_text([INCOMPLETE_ACTIVITY_PROBLEM, COVERAGE_PROBLEM])
    expect(page.get_by_role("alert")).to_have_count(1)  # the problems once, not an alert for each
    expect(field(page, "Note to the coordinators (optional)")).to_have_value("Ready for review.")
    expect_status(page, "Draft")

    edit_activity(page, "Reading buddies", person_in_charge="Mr. Diaz", categories=["Volunteering", "Communicating"])
    expect(page.get_by_text("The activities cover 4 of the 6 categories of Six types of involvement.")).to_be_visible()
    expect(todo).to_have_count(0)
    submit_plan(page)
    expect_message(page, "Plan submitted.")
    expect_status(page, "Submitted")
    expect(page.get_by_role("button", name="Submit the plan")).to_have_count(0)
    log_out(page)

    # The coordinator sends it back with a comment.
    log_in(page, "coordinator", password)
    open_plan_from_the_list(page)
    record_decision(page, "Return it for changes", RETURN_COMMENT)
    expect_message(page, "Plan returned.")
    expect_status(page, "Returned for changes")
    log_out(page)

    # The leader reads the comment, revises the goal and submits again.
    log_in(page, "leader_a", password)
    open_plan_from_the_list(page)
    returned = page.get_by_role("status").filter(has=page.get_by_role("heading", name="Returned for changes"))
    expect(returned).to_contain_text(RETURN_COMMENT)
    page.get_by_role("link", name="Edit goal 2").click()
    expect(field(page, "Goal")).to_have_value(WELCOME_GOAL)
    field(page, "Target").fill("90% of families say they feel welcome")
    page.get_by_role("button", name="Save").click()
    expect_message(page, "Goal saved.")
    expect(page.locator("main")).to_contain_text("90% of families say they feel welcome")
    submit_plan(page)
    expect_status(page, "Submitted")
    log_out(page)

    log_in(page, "coordinator", password)
    open_plan_from_the_list(page)
    record_decision(page, "Approve the plan")
    expect_message(page, "Plan approved.")
    log_out(page)

    # The leader downloads the approved plan as a PDF.
    log_in(page, "leader_a", password)
    open_plan_from_the_list(page)
    expect_status(page, "Approved")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download PDF").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = pdf_text(saved)
    assert READING_GOAL in text
    assert WELCOME_GOAL in text


def test_leaving_a_changed_form_warns(page, people, password, plan_with_activities):
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    log_in(page, "leader_a", password)
    page.goto(reverse("partnerships:goal-create", args=[plan_with_activities.pk]))
    statement = field(page, "Goal")
    statement.click()
    statement.press_sequentially("Half of all families")

    with page.expect_event("dialog"):
        page.get_by_role("link", name="Cancel").click()
    assert dialogs == ["beforeunload"]
    # Staying on the page keeps what was typed.
    expect(page).to_have_url(re.compile(re.escape(reverse("partnerships:goal-create", args=[plan_with_activities.pk]))))
    expect(statement).to_have_value("Half of all families")


# Accessibility (axe-core)


def test_plan_page_has_no_axe_violations(page, people, password, plan_with_activities):
    log_in(page, "leader_a", password)
    page.goto(plan_with_activities.get_absolute_url())
    expect(activity_title(page, "Reading buddies")).to_be_visible()
    expect(page.get_by_role("button", name="Submit the plan")).to_be_visible()
    expect_no_axe_violations(page)


def test_activity_form_with_errors_has_no_axe_violations(page, people, password, plan_with_activities):
    log_in(page, "leader_a", password)
    page.goto(reverse("partnerships:activity-create", args=[plan_with_activities.pk]))
    fill_activity(page, starts_on="2026-10-15", ends_on="2026-10-01")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_have_text("Please correct the fields marked below.")
    expect(field(page, "Ends on")).to_have_attribute("aria-invalid", "true")
    expect_no_axe_violations(page)


def test_coordinators_plan_list_has_no_axe_violations(page, people, password, plan_with_activities):
    log_in(page, "coordinator", password)
    page.get_by_role("link", name="Plans", exact=True).click()
    expect(page.get_by_role("link", name=PLAN_NAME)).to_be_visible()
    expect_no_axe_violations(page)


# Phone width (320 px)


def test_plan_page_fits_a_phone(page, people, password, plan_with_activities):
    on_a_phone(page)
    log_in(page, "leader_a", password)
    page.goto(plan_with_activities.get_absolute_url())
    expect(activity_title(page, "Welcome breakfast")).to_be_visible()
    expect_no_horizontal_scrolling(page)
