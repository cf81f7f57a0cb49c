"""Year-end lessons and goal results on the plan, its print view and PDF; last year's lessons beside
a carried-forward activity; the plans CSV's added columns; a history people can read."""

import csv
import datetime
import io
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import Goal, Plan, PlanKind, PlanStatus
from partnerships.services import activity_evaluate, activity_update, plan_carry_forward, plan_reflect
from partnerships.tests.factories import ActivityFactory, GoalFactory, PlanFactory, advance, complete_plan
from pep.edit_checks import EditConflict
from pep.tests.factories import SchoolYearFactory

NEXT_PLANNING_OPENS = datetime.date(2027, 3, 1)
WORKED = "Families stayed to read together."
TO_CHANGE = "Start earlier in the year."
RESULT = "52% of families came to two events or more."


def url(name: str, *args) -> str:
    return reverse(f"partnerships:{name}", args=args)


def lesson(**changes) -> dict:
    return {
        "implemented": "yes",
        "families": 42,
        "staff": 6,
        "students": 57,
        "quality": 4,
        "what_worked": WORKED,
        "what_to_change": TO_CHANGE,
        **changes,
    }


def evaluated_year(people, activities: int = 1) -> Plan:
    """An approved district plan with one goal (baseline and target), its activities rated, and the
    goal's result recorded with the reflection."""
    plan = PlanFactory(district=people.district_a)
    goal = GoalFactory(plan=plan, baseline="30% of families", target="50% of families")
    for number in range(activities):
        ActivityFactory(plan=plan, goal=goal, title=f"Family reading night {number + 1}")
    plan = advance(plan, PlanStatus.APPROVED)
    for activity in plan.activities.all():
        activity_evaluate(activity=activity, actor=people.leader_a, data=lesson(), version=0)
    plan = Plan.objects.get(pk=plan.pk)
    plan_reflect(
        plan=plan,
        actor=people.leader_a,
        data={"reflection": "A good year."},
        version=plan.version,
        results={goal.pk: RESULT},
    )
    return Plan.objects.get(pk=plan.pk)


def carried_forward(people, activities: int = 1) -> Plan:
    plan = evaluated_year(people, activities)
    SchoolYearFactory(first_year=2027)  # 2027-28; planning opens on 2027-03-01
    return plan_carry_forward(plan=plan, actor=people.leader_a, today=NEXT_PLANNING_OPENS)


def pdf_text(client, plan: Plan, tmp_path) -> str:
    path = tmp_path / "plan.pdf"
    path.write_bytes(client.get(url("plan-pdf", plan.pk)).content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


# --- lessons and goal results on the plan, print view and PDF ------------------------------


def test_the_plan_page_print_view_and_pdf_show_the_lessons_and_each_goals_result(client, people, tmp_path):
    plan = evaluated_year(people)
    client.force_login(people.leader_a)

    page = client.get(url("plan-detail", plan.pk)).text
    printed = client.get(url("plan-print", plan.pk)).text
    pdf = pdf_text(client, plan, tmp_path)

    for text in (page, printed, pdf):
        assert WORKED in text
        assert TO_CHANGE in text
        assert RESULT in text
        assert "50% of families" in text  # the target the result is read against
    assert "Result at year end" in page and "Result at year end" in pdf
    assert "What worked" in pdf and "What to change" in pdf


def test_a_plan_before_year_end_prints_no_year_end_section(client, people):
    plan = PlanFactory(district=people.district_a)
    client.force_login(people.leader_a)

    printed = client.get(url("plan-print", plan.pk)).text

    assert "Year end" not in printed and "Result at year end" not in printed


def test_the_reflection_form_records_each_goals_result_with_history(client, people):
    plan = advance(complete_plan(district=people.district_a), PlanStatus.APPROVED)
    goal = plan.goals.get()
    client.force_login(people.leader_a)

    form = client.get(url("plan-reflection", plan.pk))
    assert f'name="result_{goal.pk}"' in form.text and "Result of goal 1" in form.text
    response = client.post(
        url("plan-reflection", plan.pk),
        {"reflection": "A good year.", f"result_{goal.pk}": RESULT, "version": plan.version},
    )

    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.result == RESULT
    assert goal.history.latest("history_date").history_user == people.leader_a
    history = client.get(url("plan-history", plan.pk)).text
    assert "Result at year end" in history and RESULT in history


def test_a_result_alone_is_saved_and_moves_the_reflections_version_on(people):
    plan = advance(complete_plan(district=people.district_a), PlanStatus.APPROVED)
    goal = plan.goals.get()

    saved = plan_reflect(plan=plan, actor=people.leader_a, data={}, version=plan.version, results={goal.pk: RESULT})

    assert Goal.objects.get(pk=goal.pk).result == RESULT
    assert Plan.objects.get(pk=plan.pk).version == saved.version == plan.version + 1
    assert plan.history.count() == Plan.objects.get(pk=plan.pk).history.count()  # no empty plan entry


def test_two_people_writing_different_results_at_once_is_a_conflict_not_a_lost_update(people):
    plan = advance(complete_plan(district=people.district_a), PlanStatus.APPROVED)
    goal = plan.goals.get()
    opened_at = plan.version
    plan_reflect(plan=plan, actor=people.leader_a, data={}, version=opened_at, results={goal.pk: RESULT})

    with pytest.raises(EditConflict) as conflict:
        plan_reflect(plan=plan, actor=people.leader_a, data={}, version=opened_at, results={goal.pk: "Other"})

    assert [(change.label, change.saved, change.yours) for change in conflict.value.changes] == [
        ("Result of goal 1", RESULT, "Other")
    ]
    assert Goal.objects.get(pk=goal.pk).result == RESULT


def test_a_goals_result_is_not_carried_into_next_years_plan(people):
    new_plan = carried_forward(people)

    assert new_plan.goals.get().result == ""


# --- last year's lessons beside each copied activity ---------------------------------------


def test_the_carried_forward_plan_shows_last_years_lessons_beside_the_copied_activity(client, people):
    new_plan = carried_forward(people)
    copy = new_plan.activities.get()
    client.force_login(people.leader_a)

    page = client.get(url("plan-detail", new_plan.pk)).text
    edit = client.get(url("activity-edit", copy.pk)).text

    assert copy.carried_from.plan.school_year.label == "2026-27"
    for text in (page, edit):
        assert "Last year" in text and WORKED in text and TO_CHANGE in text
    # beside the copied activity: after its title, before the next activity or section
    title_at = page.index("Family reading night 1")
    assert title_at < page.index(WORKED) < page.index('id="coverage-heading"')


def test_an_activity_added_this_year_shows_no_lessons_from_last_year(client, people):
    new_plan = carried_forward(people)
    added = ActivityFactory(plan=new_plan, goal=new_plan.goals.get(), title="Math games evening")
    client.force_login(people.leader_a)

    edit = client.get(url("activity-edit", added.pk)).text

    assert "Last year" not in edit and WORKED not in edit


def test_last_years_lessons_go_when_last_years_activity_is_removed(people):
    new_plan = carried_forward(people)
    Plan.objects.get(pk=new_plan.carried_over_from_id).activities.all().delete()

    assert new_plan.activities.get().carried_from is None


def _queries_for_plan_page(client, plan: Plan) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("plan-detail", plan.pk))
    assert response.status_code == 200
    return len(queries)


def test_the_carried_forward_plan_page_runs_the_same_queries_for_2_or_12_activities(client, people):
    small = carried_forward(people, activities=2)
    client.force_login(people.leader_a)
    small_count = _queries_for_plan_page(client, small)
    Plan.objects.filter(pk__in=[small.pk, small.carried_over_from_id]).delete()

    large = carried_forward(people, activities=12)

    assert _queries_for_plan_page(client, large) == small_count
    assert client.get(url("plan-detail", large.pk)).text.count(WORKED) == 12


# --- the plans CSV -------------------------------------------------------------------------

OLD_COLUMNS = [
    "school_year",
    "district_code",
    "school_code",
    "kind",
    "status",
    "goals",
    "activities",
    "categories_covered",
    "total_cost",
    "submitted_at",
    "approved_at",
]


def test_the_plans_csv_keeps_its_columns_and_adds_names_and_labels_in_the_readers_language(client, people):
    plan = PlanFactory(district=people.district_a, school=people.school_a, kind=PlanKind.SCHOOL)
    ActivityFactory(plan=plan, estimated_cost="1650")
    client.force_login(people.coordinator)

    response = client.get(reverse("partnerships:plan-export"), HTTP_ACCEPT_LANGUAGE="es")
    header, row = list(csv.reader(io.StringIO(response.content.decode())))

    assert header == [*OLD_COLUMNS, "district_name", "school_name", "status_label", "kind_label"]
    assert row[: len(OLD_COLUMNS)] == [
        "2026-27",
        "A-1",
        people.school_a.code,
        "school",
        "draft",
        "1",
        "1",
        row[7],
        "1650.00",
        "",
        "",
    ]
    assert row[len(OLD_COLUMNS) :] == ["Alder District", people.school_a.name, "Borrador", "Plan de la escuela"]


# --- history people can read ---------------------------------------------------------------


@pytest.mark.parametrize(("language", "date_shown"), [("en", "11/03/2026"), ("es", "03/11/2026")])
def test_the_history_shows_money_dates_and_choices_as_people_read_them(client, people, language, date_shown):
    plan = PlanFactory(district=people.district_a)
    activity = ActivityFactory(plan=plan, estimated_cost="80", starts_on=datetime.date(2026, 10, 5))
    activity_update(
        activity=activity,
        actor=people.leader_a,
        version=activity.version,
        data={"estimated_cost": "1650", "starts_on": datetime.date(2026, 11, 3), "funding_source": "title_i"},
    )
    client.force_login(people.leader_a)

    history = client.get(url("plan-history", plan.pk), HTTP_ACCEPT_LANGUAGE=language).text

    assert "$80.00" in history and "$1,650.00" in history
    assert date_shown in history and "2026-11-03" not in history
    assert "title_i" not in history
    title_i = {"en": "Title I family-engagement set-aside", "es": "Fondos reservados de Título I"}[language]
    assert title_i in history
