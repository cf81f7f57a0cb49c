"""Forms and lists in a real browser at a desktop's and a phone's width: the activity form fits about
one and a half screens, passes axe-core in both languages, its language list narrows as one types and
its text fields count down; the plan list and the print view fit a phone."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from partnerships.tests.factories import ActivityFactory, GoalFactory, PlanFactory
from pep.models import Language
from pep.tests.browser import expect_no_axe_violations, expect_no_horizontal_scrolling, field, log_in, on_a_phone
from pep.tests.factories import SchoolFactory, SchoolYearFactory

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
FORM_HEIGHT_MAX = 1_600


@pytest.fixture
def plan(people):
    year = SchoolYearFactory(first_year=2026, is_current=True)
    SchoolFactory(district=people.district_a).home_languages.set(Language.objects.filter(code__in=["es", "so", "ar"]))
    plan = PlanFactory(district=people.district_a, school_year=year)
    goal = GoalFactory(plan=plan, statement="Raise the share of third graders who read at grade level.")
    ActivityFactory(
        plan=plan,
        goal=goal,
        title="Family reading night with a title long enough to wrap on a phone",
        person_in_charge="Ms. Ortiz-Villalobos de la Fuente",
        how_judged="Sign-in sheets, a short survey of families in English, Spanish and Arabic, and a count "
        "of books borrowed from the classroom libraries in the two weeks after the night.",
    )
    return plan


def in_spanish(page, live_server):
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "es", "url": live_server.url}])


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_activity_form_fits_about_a_screen_and_a_half_on_a_desktop_and_passes_axe(
    page, live_server, people, password, plan, language
):
    page.set_viewport_size(DESKTOP)
    log_in(page, "leader_a", password)
    if language == "es":
        in_spanish(page, live_server)
    page.goto(reverse("partnerships:activity-create", args=[plan.pk]))
    expect(page.locator("#id_languages_filter")).to_be_visible()  # the page's scripts have run

    height = page.evaluate("document.body.scrollHeight")

    assert height <= FORM_HEIGHT_MAX, f"the activity form is {height} px tall at 1,280 px wide"
    expect_no_axe_violations(page)


def test_the_activity_form_passes_axe_with_errors_in_spanish(page, live_server, people, password, plan):
    page.set_viewport_size(DESKTOP)
    log_in(page, "leader_a", password)
    in_spanish(page, live_server)
    page.goto(reverse("partnerships:activity-create", args=[plan.pk]))
    page.locator("#id_starts_on").fill("31/02/2026")
    page.locator("form[data-warn-unsaved] button[type=submit]").click()
    expect(page.locator("#id_starts_on")).to_have_attribute("aria-invalid", "true")

    expect_no_axe_violations(page)


def test_the_language_filter_narrows_the_list_and_keeps_the_ticks(page, people, password, plan):
    log_in(page, "leader_a", password)
    page.goto(reverse("partnerships:activity-create", args=[plan.pk]))
    languages = page.get_by_role("group", name="Languages offered")
    expect(languages.get_by_role("checkbox")).to_have_count(Language.objects.count())
    languages.get_by_label("Somali", exact=False).check()

    page.get_by_label("Filter the list by name").fill("SOM")

    visible = languages.get_by_role("checkbox")
    expect(visible).to_have_count(1)
    expect(languages.get_by_label("Somali", exact=False)).to_be_visible()
    expect(languages.get_by_text("Other languages")).to_be_hidden()  # no other language matches
    expect(languages.get_by_text(f"1 of {Language.objects.count()} shown")).to_be_attached()
    page.get_by_label("Filter the list by name").fill("")
    expect(languages.get_by_label("Somali", exact=False)).to_be_checked()
    expect(visible).to_have_count(Language.objects.count())


def test_a_free_text_field_counts_the_characters_left(page, people, password, plan):
    log_in(page, "leader_a", password)
    page.goto(reverse("partnerships:activity-create", args=[plan.pk]))
    preparation = field(page, "Preparation needed")
    expect(preparation).to_have_accessible_description(re.compile(r"Up to 2,000 characters\. 2,000 left"))

    preparation.fill("Book the library.")

    expect(preparation).to_have_accessible_description(re.compile(r"1,983 left"))


def test_the_plan_list_fits_a_phone_with_its_filters_behind_a_button(page, people, password, plan):
    on_a_phone(page)
    log_in(page, "coordinator", password)
    page.goto(reverse("partnerships:plan-list"))
    expect(page.get_by_role("link", name=plan.title)).to_be_visible()
    status = page.get_by_label("Status", exact=True)
    expect(status).to_be_hidden()

    expect_no_horizontal_scrolling(page)
    page.get_by_text("Filter", exact=True).click()
    expect(status).to_be_visible()
    expect_no_horizontal_scrolling(page)


def test_the_filters_are_open_on_a_desktop(page, people, password, plan):
    page.set_viewport_size(DESKTOP)
    log_in(page, "coordinator", password)
    page.goto(reverse("partnerships:plan-list"))

    expect(page.get_by_label("Status", exact=True)).to_be_visible()


def test_the_print_view_fits_a_phone(page, people, password, plan):
    on_a_phone(page)
    log_in(page, "leader_a", password)
    page.goto(reverse("partnerships:plan-print", args=[plan.pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text(plan.title)

    expect_no_horizontal_scrolling(page)


def test_the_coverage_matrix_fits_a_phone_with_the_plan_names_in_place(page, people, password, plan):
    on_a_phone(page)
    log_in(page, "coordinator", password)
    page.goto(reverse("partnerships:plan-coverage"))
    expect(page.get_by_role("link", name=plan.title)).to_be_visible()

    expect_no_horizontal_scrolling(page)
    expect_no_axe_violations(page)
