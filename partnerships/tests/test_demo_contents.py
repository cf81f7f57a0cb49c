"""The demo tells a believable story: each plan fits its school, last year is dated last year, and
every role finds something waiting for them. The demo is seeded once for the module (each test is
rolled back to it), so every test here only reads it; a test that seeds on its own terms (another day,
twice, real transactions) belongs in a module of its own."""

import re

import pytest
from django.utils import timezone

from partnerships.models import Activity, Plan, PlanKind, PlanStatus
from partnerships.services.workflow import completeness_problems
from pep.models import SchoolYear

pytestmark = pytest.mark.django_db


def grade_numbers(text: str) -> set[int]:
    """The grades a text names: "grades 3 to 5" gives 3 and 5."""
    pairs = re.findall(r"\bgrades? (\d+)(?: (?:to|and) (\d+))?", text)
    return {int(number) for pair in pairs for number in pair if number}


def test_each_school_plan_speaks_of_its_own_grades_and_has_activities_of_its_own(demo_printed):
    plans = {plan.school.name: plan for plan in Plan.objects.filter(kind=PlanKind.SCHOOL).select_related("school")}
    lincoln, washington = plans["Lincoln Elementary School"], plans["Washington Middle School"]

    for plan, low, high in ((lincoln, 0, 5), (washington, 6, 8)):
        goals = " ".join(f"{goal.statement} {goal.how_measured}" for goal in plan.goals.all())
        assert grade_numbers(goals) and all(low <= number <= high for number in grade_numbers(goals)), goals
        for activity in plan.activities.all():
            assert set(activity.grade_levels) <= set(plan.school.grades), activity.title

    def titles(plan):
        return set(plan.activities.values_list("title", flat=True))

    districts = {plan.district.code: plan for plan in Plan.objects.filter(kind=PlanKind.DISTRICT, status="submitted")}
    prairie_valley = Plan.objects.filter(kind=PlanKind.DISTRICT, district__code="DEMO-0101").first()
    assert not titles(lincoln) & titles(washington)
    assert not titles(districts["DEMO-0202"]) & titles(prairie_valley)


def test_last_years_plan_carries_last_years_dates_and_this_years_copy_this_years(demo_printed):
    current = SchoolYear.objects.current()
    last = Plan.objects.get(status=PlanStatus.EVALUATED)
    this = Plan.objects.get(kind=PlanKind.DISTRICT, district=last.district, school_year=current)

    last_dates = list(Activity.objects.filter(plan=last, starts_on__isnull=False).values_list("starts_on", flat=True))
    this_dates = list(Activity.objects.filter(plan=this, starts_on__isnull=False).values_list("starts_on", flat=True))

    assert last.school_year.ends_on < current.starts_on
    assert len(last_dates) >= 4 and all(last.school_year.starts_on <= d <= last.school_year.ends_on for d in last_dates)
    assert sorted(d.replace(year=d.year + 1) for d in last_dates) == sorted(this_dates)
    assert all(goal.result for goal in last.goals.all())  # each goal's result against its target


def test_every_role_has_something_waiting(demo_printed):
    lincoln_parents = Plan.objects.get(kind=PlanKind.PARENT_LEADER)

    # coordinators: plans to review, one waiting for over a week
    waiting = list(Plan.objects.filter(status=PlanStatus.SUBMITTED).order_by("submitted_at"))
    assert len(waiting) >= 2 and waiting[0].district.code == "DEMO-0202"
    assert (timezone.now() - waiting[0].submitted_at).days >= 7
    # the district leader: one of their schools' plans came back with comments
    returned = Plan.objects.get(status=PlanStatus.RETURNED)
    assert returned.school.district.code == "DEMO-0101" and returned.comments.exists()
    # the parent leader (and the school's team): a draft with something still missing
    assert lincoln_parents.status == PlanStatus.DRAFT and completeness_problems(lincoln_parents)
