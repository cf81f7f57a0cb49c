"""PT3 priorities on a school's plan page: the plan's owner makes one a goal with one click; the goal
remembers the priority, the change is audited and in the goal's history, and it happens once per plan."""

import datetime

import pytest
from django.urls import reverse

from partnerships.models import Goal, GoalKind, PlanKind, PlanStatus
from partnerships.services.editing import goal_from_priority
from partnerships.tests.factories import PlanFactory, advance, complete_plan
from pep.models import AuditEntry
from pep.refusals import Refused
from pep.tests.factories import SchoolFactory
from workshops.models import OfferingStatus, Pt3Priority
from workshops.tests.factories import OfferingFactory

pytestmark = pytest.mark.django_db

IN_THE_PLANS_YEAR = [(datetime.date(2026, 10, 8), 17, 19)]  # the plan is for 2026-27


def _priorities(school, *texts, when=IN_THE_PLANS_YEAR, title="PT3 at Alder"):
    offering = OfferingFactory(program_code="pt3", title=title, sessions=when)
    return [
        Pt3Priority.objects.create(offering=offering, school=school, rank=rank, text=text)
        for rank, text in enumerate(texts, start=1)
    ]


@pytest.fixture
def school_plan(people):
    return PlanFactory(kind=PlanKind.SCHOOL, school=people.school_a)


def _page(plan) -> str:
    return reverse("partnerships:plan-detail", args=[plan.pk])


def _make(plan, priority) -> str:
    return reverse("partnerships:goal-from-priority", args=[plan.pk, priority.pk])


def test_the_owner_makes_a_priority_a_goal_with_one_click(client, people, school_plan):
    homework, _buses = _priorities(people.school_a, "Homework help nights", "Safer bus stops")
    client.force_login(people.team_a)
    page = client.get(_page(school_plan)).content.decode()
    assert "Priorities from PT3 conversations" in page
    assert page.count("Make this a goal") == 2

    response = client.post(_make(school_plan, homework), follow=True)

    goal = Goal.objects.get(plan=school_plan)
    assert (goal.statement, goal.kind, goal.from_priority) == ("Homework help nights", GoalKind.OTHER, homework)
    assert goal.history.get().history_user == people.team_a
    entry = AuditEntry.objects.get(action="goal.from_pt3_priority")
    assert entry.actor == people.team_a and entry.details["priority"] == homework.pk
    body = response.content.decode()
    assert "Goal made: goal 1" in body
    assert f'href="#goal-{goal.pk}"' in body
    assert body.count("Make this a goal") == 1


def test_a_priority_becomes_a_goal_once_per_plan(client, people, school_plan):
    (homework,) = _priorities(people.school_a, "Homework help nights")
    client.force_login(people.team_a)
    client.post(_make(school_plan, homework))
    again = client.post(_make(school_plan, homework), follow=True)
    assert "already a goal of this plan" in again.content.decode()
    assert Goal.objects.filter(plan=school_plan).count() == 1


def test_another_schools_priority_cannot_become_this_plans_goal(client, people, school_plan):
    (elsewhere,) = _priorities(people.school_b, "Something at Birch")
    with pytest.raises(Refused):
        goal_from_priority(plan=school_plan, priority=elsewhere, actor=people.team_a)
    client.force_login(people.team_a)
    client.post(_make(school_plan, elsewhere))
    assert not Goal.objects.exists()


def test_a_crafted_post_cannot_make_a_goal_of_a_priority_the_page_does_not_offer(client, people, school_plan):
    (long_ago,) = _priorities(people.school_a, "Named long ago", when=[(datetime.date(2025, 10, 9), 17, 19)])
    (called_off,) = _priorities(people.school_a, "Named at a cancelled meeting", title="PT3 called off")
    called_off.offering.status = OfferingStatus.CANCELLED
    called_off.offering.save(update_fields=["status"])
    client.force_login(people.team_a)
    page = client.get(_page(school_plan)).content.decode()
    assert "Named long ago" not in page and "Named at a cancelled meeting" not in page

    for priority in (long_ago, called_off):
        response = client.post(_make(school_plan, priority), follow=True)
        assert "Only the priorities of this school year&#x27;s PT3 conversations" in response.content.decode()
        with pytest.raises(Refused):
            goal_from_priority(plan=school_plan, priority=priority, actor=people.team_a)
    assert not Goal.objects.exists()
    assert not AuditEntry.objects.filter(action="goal.from_pt3_priority").exists()


def test_only_the_owner_of_an_editable_plan_gets_the_button(client, people, school_plan):
    (homework,) = _priorities(people.school_a, "Homework help nights")
    client.force_login(people.coordinator)
    page = client.get(_page(school_plan)).content.decode()
    assert "Homework help nights" in page and "Make this a goal" not in page
    assert client.post(_make(school_plan, homework)).status_code == 403
    submitted = advance(complete_plan(kind=PlanKind.SCHOOL, school=people.school_b), PlanStatus.SUBMITTED)
    (at_birch,) = _priorities(people.school_b, "Reading nights at Birch", title="PT3 at Birch")
    client.force_login(people.team_b)
    page = client.get(_page(submitted)).content.decode()
    assert "Reading nights at Birch" in page and "Make this a goal" not in page
    client.post(_make(submitted, at_birch))
    assert not Goal.objects.filter(from_priority__isnull=False).exists()


def test_the_plan_shows_the_priorities_of_its_year_from_its_spring_planning_day(client, people, school_plan):
    _priorities(people.school_a, "Named in April", when=[(datetime.date(2026, 4, 9), 17, 19)], title="PT3 spring")
    _priorities(people.school_a, "Named long ago", when=[(datetime.date(2025, 10, 9), 17, 19)], title="PT3 old")
    client.force_login(people.team_a)
    page = client.get(_page(school_plan)).content.decode()
    assert "Named in April" in page and "Named long ago" not in page


def test_a_district_plan_and_a_school_without_priorities_show_no_section(client, people, school_plan):
    district_plan = PlanFactory(district=people.district_a)
    _priorities(people.school_a, "Homework help nights")
    client.force_login(people.leader_a)
    assert "Priorities from PT3" not in client.get(_page(district_plan)).content.decode()
    other = PlanFactory(kind=PlanKind.SCHOOL, school=SchoolFactory(district=people.district_a))
    assert "Priorities from PT3" not in client.get(_page(other)).content.decode()


@pytest.mark.parametrize("count", [1, 15])
def test_the_plan_page_runs_the_same_queries_however_many_priorities(
    client, people, school_plan, django_assert_num_queries, count
):
    priorities = _priorities(people.school_a, *[f"Priority {number}" for number in range(count)])
    goal_from_priority(plan=school_plan, priority=priorities[0], actor=people.team_a)
    client.force_login(people.team_a)
    with django_assert_num_queries(15):
        response = client.get(_page(school_plan))
    body = response.content.decode()
    for number in range(count):
        assert f'<span class="me-auto ms-1">Priority {number}</span>' in body
