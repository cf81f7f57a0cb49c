"""Forms and lists that fit a phone and a screen reader: the activity form's grids, languages and dates,
the limit of every free-text field, filters folded behind a button, and the coverage matrix's symbols
and totals."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from partnerships.models import Framework
from partnerships.tests.factories import ActivityFactory, GoalFactory, PlanFactory
from pep.models import Language
from pep.tests.factories import DistrictFactory, SchoolFactory


def url(name: str, *args) -> str:
    return reverse(f"partnerships:{name}", args=args)


@pytest.fixture
def plan(people):
    plan = PlanFactory(district=people.district_a)
    GoalFactory(plan=plan)
    return plan


def in_spanish(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    return client


def help_text_of(html: str, field_id: str) -> str:
    """The text of a field's description (its help text element), tags removed."""
    found = re.search(rf'<div id="{field_id}_helptext" class="form-text">(.*?)</div>', html, re.S)
    assert found, f"{field_id} has no description"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


# The activity form


def test_the_activity_form_shows_grades_months_and_categories_as_checkbox_groups_with_legends(client, people, plan):
    client.force_login(people.leader_a)

    html = client.get(url("activity-create", plan.pk)).text

    for legend in ["Categories", "Grade levels", "Months"]:
        assert re.search(rf"<legend[^>]*>\s*{legend}", html), legend
    assert html.count('name="grade_levels"') == 14
    assert html.count('name="months"') == 12
    assert 'class="checkbox-grid checkbox-grid-4"' in html  # months: four columns on a desktop
    assert 'class="checkbox-grid checkbox-grid-7 checkbox-grid-narrow"' in html  # grades: two rows of seven


def test_the_districts_home_languages_come_first_under_their_own_heading(client, people, plan):
    school = SchoolFactory(district=people.district_a)
    school.home_languages.set(Language.objects.filter(code__in=["so", "ar"]))
    SchoolFactory(district=people.district_b).home_languages.set(Language.objects.filter(code="pl"))
    client.force_login(people.leader_a)

    html = client.get(url("activity-create", plan.pk)).text

    common, other = html.split("Other languages")
    assert "Spoken at home in this district" in common
    assert [name for name in ["Arabic", "Somali", "Polish"] if name in common] == ["Arabic", "Somali"]
    assert "Polish" in other and "Arabic" not in other
    # Every language is listed without a script; the filter box is shown by one.
    assert html.count('name="languages"') == Language.objects.count()
    assert re.search(r'<div class="choice-filter-box mb-2" hidden>\s*<label[^>]*for="id_languages_filter"', html)


def test_languages_are_listed_in_the_alphabetical_order_of_the_readers_language(client, people, plan):
    client.force_login(people.leader_a)

    html = in_spanish(client).get(url("activity-create", plan.pk)).text

    # German is "Alemán" in Spanish and comes before Arabic ("Árabe"), which comes before English ("Inglés")
    assert html.index("Alemán") < html.index("Árabe") < html.index("Inglés (English)")


def test_dates_are_hinted_shown_and_read_in_the_readers_format(client, people, plan):
    activity = ActivityFactory(plan=plan, goal=plan.goals.get())
    client.force_login(people.leader_a)

    english = client.get(url("activity-edit", activity.pk)).text
    spanish = in_spanish(client).get(url("activity-edit", activity.pk)).text

    assert help_text_of(english, "id_starts_on") == "As MM/DD/YYYY, from 07/01/2026 to 06/30/2027."
    assert activity.starts_on.strftime('value="%m/%d/%Y"') in english
    assert "01/07/2026" in help_text_of(spanish, "id_starts_on")
    assert activity.starts_on.strftime('value="%d/%m/%Y"') in spanish


@pytest.mark.parametrize(("language", "typed"), [("en", "10/20/2026"), ("es", "20/10/2026"), ("en", "2026-10-20")])
def test_a_date_typed_in_the_readers_format_is_saved(client, people, plan, language, typed):
    client.force_login(people.leader_a)
    if language == "es":
        in_spanish(client)
    data = {
        "goal": plan.goals.get().pk,
        "title": "Math games evening",
        "categories": [category.pk for category in plan.framework.categories.all()[:2]],
        "starts_on": typed,
        "estimated_cost": "0",
        "funding_source": "district",
    }

    response = client.post(url("activity-create", plan.pk), data)

    assert response.status_code == 302, response.context["form"].errors
    assert str(plan.activities.get().starts_on) == "2026-10-20"


# Limits of free text


def test_every_free_text_field_of_the_activity_form_shows_its_limit(client, people, plan):
    client.force_login(people.leader_a)

    html = client.get(url("activity-create", plan.pk)).text

    assert help_text_of(html, "id_title") == "Up to 200 characters."
    assert help_text_of(html, "id_description") == "Up to 4,000 characters."
    assert help_text_of(html, "id_preparation") == "Up to 2,000 characters."
    assert help_text_of(html, "id_interpretation") == "Up to 300 characters."
    # Read with the field by a screen reader; the browser stops typing at the limit.
    preparation = re.search(r'<textarea name="preparation"[^>]*>', html).group()
    assert 'aria-describedby="id_preparation_helptext"' in preparation and 'maxlength="2000"' in preparation
    # Numbers and dates have no limit of characters.
    assert "Up to" not in help_text_of(html, "id_starts_on")


def test_a_limit_follows_the_help_text_a_field_already_had_on_other_forms_too(client, people, plan):
    client.force_login(people.leader_a)

    html = client.get(url("goal-create", plan.pk)).text
    spanish_plan_form = in_spanish(client).get(url("plan-edit", plan.pk)).text

    assert "Up to" in help_text_of(html, "id_statement")
    assert "4,000" in help_text_of(spanish_plan_form, "id_vision")  # numbers the U.S. way in both languages


# Lists


def test_the_filters_fold_behind_a_filter_button_and_are_open_when_in_use(client, people, plan):
    client.force_login(people.coordinator)

    unfiltered = client.get(url("plan-list")).text
    filtered = client.get(url("plan-list"), {"status": "draft"}).text

    assert re.search(r'<details class="filters mb-3">\s*<summary[^>]*>Filter</summary>', unfiltered)
    assert '<details class="filters mb-3" open>' in filtered
    home = client.get(reverse("home")).text
    assert '<details class="filters mb-3">' in home  # the coordinator's districts


def test_the_plan_list_names_each_cell_for_the_phone_layout(client, people, plan):
    client.force_login(people.coordinator)

    html = client.get(url("plan-list")).text

    assert 'class="table table-sm align-middle table-cards"' in html
    assert 'data-label="Status"' in html and 'data-label="Estimated cost"' in html


def test_log_in_sits_with_the_menu_items(client):
    html = client.get(reverse("login")).text

    assert re.search(r'<li class="nav-item"><a class="nav-link" href="/[^"]*login/?">Log in</a></li>', html)


# The coverage matrix


def test_the_coverage_matrix_marks_cells_and_totals_each_plan_and_category(client, people):
    four = ActivityFactory(plan=PlanFactory(district=people.district_a)).plan  # the first four categories
    categories = list(four.framework.categories.order_by("order"))
    one = PlanFactory(district=people.district_b, school_year=four.school_year)
    ActivityFactory(plan=one, categories=[categories[1]])
    PlanFactory(district=DistrictFactory(), framework=Framework.objects.exclude(pk=four.framework_id).first())
    client.force_login(people.coordinator)

    response = client.get(url("plan-coverage"))

    matrix = response.context["matrix"]
    assert [(plan, count) for plan, _cells, count in matrix.rows] == [(four, 4), (one, 1)]
    assert [category.plan_total for category in matrix.categories] == [1, 2, 1, 1, 0, 0]
    html = response.text
    covered = '<span aria-hidden="true">✓</span><span class="visually-hidden">covered</span>'
    not_covered = (
        '<span aria-hidden="true" class="text-body-secondary">—</span><span class="visually-hidden">not covered</span>'
    )
    assert html.count(covered) == 5
    assert html.count(not_covered) == 7
    assert ">4 of 6<" in html and ">1 of 6<" in html
    footer = html.split("<tfoot>")[1]
    assert "Plans covering it, of all 2 plans" in footer
    assert re.findall(r'<td class="text-center">(\d+)</td>', footer) == ["1", "2", "1", "1", "0", "0"]


@pytest.mark.parametrize("count", [5, 50])
def test_the_coverage_totals_take_the_same_queries_for_5_or_50_plans(
    client, people, django_assert_max_num_queries, count
):
    first = ActivityFactory(plan=PlanFactory(district=people.district_a)).plan
    for _ in range(count - 1):
        ActivityFactory(plan=PlanFactory(district=DistrictFactory(), school_year=first.school_year))
    client.force_login(people.coordinator)

    with django_assert_max_num_queries(10):
        response = client.get(url("plan-coverage"))

    assert response.context["matrix"].categories[0].plan_total == count
