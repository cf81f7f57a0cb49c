"""Home pages that say what to do next: the district leader's plans and schools, the coordinators'
review queue, the school's plans for its team and parent leader; plans on district and school pages;
the plan list's order for coordinators and its sort by status."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from conftest import TESTS_TODAY
from partnerships import services
from partnerships.models import (
    WORKFLOW_STEP,
    Activity,
    Framework,
    Goal,
    GoalKind,
    Plan,
    PlanKind,
    PlanStatus,
)
from partnerships.panels import missing_before_submission
from partnerships.selectors import with_readiness
from partnerships.services.workflow import completeness_problems
from partnerships.tests.factories import (
    ActivityFactory,
    GoalFactory,
    PlanFactory,
    a_coordinator,
    advance,
    complete_plan,
)
from pep.models import District, School
from pep.tests.factories import DistrictFactory, SchoolFactory, SchoolYearFactory

HOME = reverse("home")
LIST = reverse("partnerships:plan-list")
CHICAGO = ZoneInfo("America/Chicago")


@pytest.fixture
def this_year(db):
    return SchoolYearFactory(first_year=2026, is_current=True)


@pytest.fixture
def next_year(db):
    return SchoolYearFactory(first_year=2027)  # planning opens 1 March 2027, after the pinned day


def _submitted_on(plan, day: datetime.date, time_machine):
    """Submit the plan as if on `day`, then come back to the pinned day."""
    time_machine.move_to(datetime.datetime.combine(day, datetime.time(9), tzinfo=CHICAGO), tick=False)
    plan = advance(plan, PlanStatus.SUBMITTED)
    time_machine.move_to(TESTS_TODAY, tick=True)
    return plan


# --- district leader ---------------------------------------------------------------------------


def test_a_district_leader_sees_what_their_district_plan_still_needs(client, people, this_year, next_year):
    plan = PlanFactory(district=people.district_a, school_year=this_year)
    goal = GoalFactory(plan=plan)
    for _ in range(3):
        ActivityFactory(plan=plan, goal=goal, person_in_charge="")
    client.force_login(people.leader_a)

    response = client.get(HOME)

    assert "District plan of Alder District" in response.text
    assert f'<a href="{plan.get_absolute_url()}">District plan 2026-27</a>' in response.text
    assert "Before it can be submitted:" in response.text
    assert "3 activities still need a person in charge." in response.text
    assert "Planning for 2027-28 opens March 1, 2027." in response.text


def test_in_the_summer_after_the_year_ends_the_leader_still_sees_its_plan_and_next_years(
    client, people, this_year, next_year, time_machine
):
    plan = PlanFactory(district=people.district_a, school_year=this_year)
    time_machine.move_to(datetime.datetime(2027, 7, 3, 10, tzinfo=CHICAGO), tick=False)  # 2026-27 has ended
    client.force_login(people.leader_a)

    response = client.get(HOME)

    assert f'<a href="{plan.get_absolute_url()}">District plan 2026-27</a>' in response.text
    assert "District plan 2027-28" in response.text


def test_a_district_leader_reads_returned_with_its_comments(client, people, this_year):
    plan = advance(complete_plan(district=people.district_a, school_year=this_year), PlanStatus.RETURNED)
    services.plan_comment(plan=plan, actor=a_coordinator(), text="Name who runs the reading night.")
    client.force_login(people.leader_a)

    response = client.get(HOME)

    assert "Returned with 2 comments: make the changes, then submit it again." in response.text


def test_the_owners_replies_do_not_count_as_comments_of_the_return(client, people, this_year):
    plan = advance(complete_plan(district=people.district_a, school_year=this_year), PlanStatus.RETURNED)
    services.plan_comment(plan=plan, actor=a_coordinator(), text="Name who runs the reading night.")
    services.plan_comment(plan=plan, actor=people.leader_a, text="Done: the librarian runs it.")
    services.plan_comment(plan=plan, actor=people.leader_a, text="Also added the dates.")
    client.force_login(people.leader_a)

    response = client.get(HOME)

    assert "Returned with 2 comments: make the changes, then submit it again." in response.text


def test_a_complete_draft_is_ready_to_submit(client, people, this_year):
    complete_plan(district=people.district_a, school_year=this_year)
    client.force_login(people.leader_a)

    assert "Ready to submit." in client.get(HOME).text


def test_a_submitted_plan_says_since_when_it_waits(client, people, this_year, time_machine):
    _submitted_on(
        complete_plan(district=people.district_a, school_year=this_year), datetime.date(2026, 10, 3), time_machine
    )
    client.force_login(people.leader_a)

    assert "Waiting for review since Oct. 3, 2026 (12 days)." in client.get(HOME).text


def test_without_a_plan_the_leader_is_offered_to_start_it_for_the_year(client, people, this_year):
    client.force_login(people.leader_a)

    response = client.get(HOME)

    start = (
        f"{reverse('partnerships:plan-create')}?owner=district%3A{people.district_a.pk}&amp;school_year={this_year.pk}"
    )
    assert f'<a href="{start}">Start the district plan for 2026-27</a>' in response.text
    form = client.get(reverse("partnerships:plan-create"), {"owner": f"district:{people.district_a.pk}"}).context[
        "form"
    ]
    assert form["owner"].value() == f"district:{people.district_a.pk}"


def test_the_leaders_table_of_schools_shows_each_schools_plans_linked(client, people, this_year):
    school_plan = advance(
        complete_plan(kind=PlanKind.SCHOOL, school=people.school_a, school_year=this_year), PlanStatus.SUBMITTED
    )
    client.force_login(people.leader_a)

    response = client.get(HOME)

    assert "School plan 2026-27" in response.text
    assert "Parent-leader plan 2026-27" in response.text
    assert f'<a href="{school_plan.get_absolute_url()}">Submitted</a>' in response.text
    assert '<td data-label="Parent-leader plan 2026-27">Not started</td>' in response.text
    history = reverse("partnerships:plan-history", args=[school_plan.pk])
    assert f'<a href="{history}">Oct. 15, 2026</a>' in response.text
    assert "Birch Middle" not in response.text


# --- team member and parent leader -------------------------------------------------------------


def test_the_team_sees_their_school_plan_and_what_it_misses(client, people, this_year):
    plan = PlanFactory(kind=PlanKind.SCHOOL, school=people.school_a, school_year=this_year)
    GoalFactory(plan=plan, desired_result="")
    client.force_login(people.team_a)

    response = client.get(HOME)

    assert "Plans of Alder Elementary" in response.text
    assert f'<a href="{plan.get_absolute_url()}">School plan 2026-27</a>' in response.text
    assert "1 goal still needs its desired result and how it is measured." in response.text
    assert "1 goal has no activity yet." in response.text
    assert "Start the parent-leader plan" not in response.text  # that plan is the parent leader's to start
    assert f'href="{LIST}?school={people.school_a.pk}"' in response.text


def test_the_parent_leader_is_offered_to_start_their_plan(client, people, this_year):
    client.force_login(people.parent_a)

    response = client.get(HOME)

    assert "Start the parent-leader plan for 2026-27" in response.text
    assert "Start the school plan" not in response.text


@pytest.mark.parametrize(
    "change",
    [
        {},
        {"goal": {"how_measured": ""}},
        {"activity": {"person_in_charge": ""}},
        {"activity": {"how_judged": "", "starts_on": None}},
        {"no_activity": True},
    ],
)
def test_what_the_home_says_is_missing_matches_what_submitting_refuses(people, this_year, change):
    plan = PlanFactory(district=people.district_a, school_year=this_year)
    goal = GoalFactory(plan=plan, **change.get("goal", {}))
    if not change.get("no_activity"):
        ActivityFactory(plan=plan, goal=goal, **change.get("activity", {}))

    [annotated] = with_readiness(type(plan).objects.filter(pk=plan.pk))

    assert bool(missing_before_submission(annotated)) == bool(completeness_problems(annotated))


# --- coordinator -------------------------------------------------------------------------------


def test_the_review_queue_lists_submitted_plans_oldest_first_with_days_waiting(client, people, this_year, time_machine):
    newer = _submitted_on(
        complete_plan(district=people.district_a, school_year=this_year), datetime.date(2026, 10, 12), time_machine
    )
    older = _submitted_on(
        complete_plan(kind=PlanKind.SCHOOL, school=people.school_b, school_year=this_year),
        datetime.date(2026, 9, 20),
        time_machine,
    )
    returned = advance(complete_plan(kind=PlanKind.SCHOOL, school=people.school_a, school_year=this_year), "returned")
    client.force_login(people.coordinator)

    response = client.get(HOME)

    queue = response.context["app_panels"][0].context
    assert [(plan, days) for plan, days in queue["waiting"]] == [(older, 25), (newer, 3)]
    text = response.text
    assert text.index(escape(older.title)) < text.index(escape(newer.title))
    assert f'<a href="{returned.get_absolute_url()}">{escape(returned.title)}</a>' in text
    assert "1 · Returned for changes" in text and "2 · Submitted" in text


def test_districts_with_no_plan_for_the_planning_year_are_counted_and_listed(client, people, this_year):
    PlanFactory(district=people.district_a, school_year=this_year)
    DistrictFactory(name="Cedar District")
    client.force_login(people.coordinator)

    response = client.get(HOME)

    without = f"{reverse('partnerships:districts-without-plan')}?school_year={this_year.pk}"
    assert f'<a href="{without}">2 districts have no district plan yet</a>' in response.text
    listed = client.get(without.replace("&amp;", "&"))
    assert "Birch District" in listed.text and "Cedar District" in listed.text
    assert "Alder District" not in listed.text


def _home_queries(client, user, django_assert_max_num_queries) -> int:
    client.force_login(user)
    with django_assert_max_num_queries(100) as captured:
        assert client.get(HOME).status_code == 200
    return len(captured)


def _plans_in_every_status(count: int, year, district):
    """`count` plans, each with a goal and an activity, written in bulk: district plans of new districts
    and plans of new schools of `district`, in every status of the workflow."""
    framework = Framework.objects.get(is_default=True)
    statuses = list(PlanStatus)
    first = District.objects.count()
    districts = District.objects.bulk_create(
        District(code=f"Q{first + n:05d}", name=f"Queue District {first + n}", region="Central") for n in range(count)
    )
    schools = School.objects.bulk_create(
        School(code=f"Q{first + n:06d}", name=f"Queue School {first + n}", district=district, grade_band="K-5")
        for n in range(count)
    )
    submitted = timezone.now() - datetime.timedelta(days=3)
    plans = Plan.objects.bulk_create(
        Plan(
            kind=PlanKind.SCHOOL if n % 2 else PlanKind.DISTRICT,
            school=schools[n] if n % 2 else None,
            district=district if n % 2 else districts[n],
            school_year=year,
            framework=framework,
            status=statuses[n % len(statuses)],
            workflow_step=WORKFLOW_STEP[statuses[n % len(statuses)]],
            submitted_at=None if n % len(statuses) == 0 else submitted,
        )
        for n in range(count)
    )
    goals = Goal.objects.bulk_create(Goal(plan=plan, kind=GoalKind.choices[0][0], statement="A goal") for plan in plans)
    Activity.objects.bulk_create(Activity(plan=goal.plan, goal=goal, title="An activity") for goal in goals)


def test_the_homes_run_the_same_queries_for_5_or_500_plans(client, people, this_year, django_assert_max_num_queries):
    PlanFactory(kind=PlanKind.SCHOOL, school=people.school_a, school_year=this_year)
    _plans_in_every_status(4, this_year, people.district_a)
    people_at_home = [people.coordinator, people.leader_a, people.team_a, people.parent_a]
    few = [_home_queries(client, user, django_assert_max_num_queries) for user in people_at_home]

    _plans_in_every_status(495, this_year, people.district_a)
    many = [_home_queries(client, user, django_assert_max_num_queries) for user in people_at_home]

    assert many == few


# --- district and school pages ----------------------------------------------------------------


def test_district_and_school_pages_link_to_their_plans(client, people, this_year):
    district_plan = PlanFactory(district=people.district_a, school_year=this_year)
    school_plan = PlanFactory(kind=PlanKind.SCHOOL, school=people.school_a, school_year=this_year)
    client.force_login(people.leader_a)

    district_page = client.get(reverse("district-detail", args=[people.district_a.pk])).text
    school_page = client.get(reverse("school-detail", args=[people.school_a.pk])).text

    assert f'<a href="{district_plan.get_absolute_url()}">2026-27 · District plan</a>' in district_page
    assert f'<a href="{school_plan.get_absolute_url()}">2026-27 · School plan</a>' in school_page
    assert district_plan.get_absolute_url() not in school_page
    school_list = client.get(LIST, {"school": people.school_a.pk})
    assert list(school_list.context["page"]) == [school_plan]


# --- the plan list's order ---------------------------------------------------------------------


def _one_plan_per_status(people, year, time_machine):
    plans = {}
    for number, status in enumerate([PlanStatus.APPROVED, PlanStatus.SUBMITTED, PlanStatus.DRAFT, PlanStatus.RETURNED]):
        plan = complete_plan(kind=PlanKind.SCHOOL, school=SchoolFactory(district=people.district_a), school_year=year)
        if status == PlanStatus.SUBMITTED:
            plans[status] = _submitted_on(plan, datetime.date(2026, 10, 1 + number), time_machine)
        else:
            plans[status] = advance(plan, status)
    return plans


def test_sorting_by_status_follows_the_workflow_not_the_alphabet(client, people, this_year, time_machine):
    plans = _one_plan_per_status(people, this_year, time_machine)
    client.force_login(people.coordinator)

    listed = list(client.get(LIST, {"order": "status"}).context["page"])

    assert [plan.status for plan in listed] == ["draft", "submitted", "returned", "approved"]
    descending = list(client.get(LIST, {"order": "-status"}).context["page"])
    assert descending == listed[::-1]
    assert set(listed) == set(plans.values())


def test_coordinators_see_submitted_plans_first_the_oldest_first(client, people, this_year, time_machine):
    _one_plan_per_status(people, this_year, time_machine)
    later = _submitted_on(
        complete_plan(district=people.district_b, school_year=this_year), datetime.date(2026, 10, 9), time_machine
    )
    earlier = _submitted_on(
        complete_plan(kind=PlanKind.SCHOOL, school=people.school_b, school_year=this_year),
        datetime.date(2026, 9, 1),
        time_machine,
    )
    client.force_login(people.coordinator)

    listed = list(client.get(LIST).context["page"])

    assert [plan.status for plan in listed[:3]] == ["submitted"] * 3
    assert listed[0] == earlier and listed[2] == later
