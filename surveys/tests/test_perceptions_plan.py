"""A district's plan page shows the perceptions profile the plan responds to: the district's latest survey
of the plan's year or before, families beside staff, small cells hidden."""

import datetime

import pytest
from django.urls import reverse

from partnerships.models import PlanKind
from partnerships.tests.factories import PlanFactory
from pep.tests.factories import DistrictFactory, SchoolFactory, SchoolYearFactory
from surveys.models import RespondentRole, Response
from surveys.tests.perceptions_factories import answer_at, link_for, perceptions_cycle

FAMILY, STAFF = RespondentRole.FAMILY, RespondentRole.STAFF


def _plan_page(client, plan) -> str:
    return client.get(reverse("partnerships:plan-detail", args=[plan.pk])).text


def test_the_district_plan_shows_the_latest_profile(client, people):
    link = link_for(perceptions_cycle(min_cell=2), people.district_a)
    answer_at(link, FAMILY, [6, 5, 4, 5])
    answer_at(link, FAMILY, [4, 5, 4, 3])
    answer_at(link, STAFF, [2, 2, 2, 2])
    plan = PlanFactory(district=people.district_a)
    client.force_login(people.leader_a)
    body = _plan_page(client, plan)
    assert "What families and staff said" in body
    # families, communicating: 6, 4, 4, 4 → 4.5; volunteering: 5, 5, 5, 3 → 4.5; one staff member: hidden
    assert body.count('<span class="fw-semibold">4.5</span>') == 2
    assert "Fewer than 2 people" in body
    assert '<span class="fw-semibold">2.0</span>' not in body


def test_without_enough_answers_the_plan_says_so(client, people):
    link = link_for(perceptions_cycle(), people.district_a)
    answer_at(link, FAMILY, [6, 5, 4, 5])
    plan = PlanFactory(district=people.district_a)
    client.force_login(people.coordinator)
    assert "not enough answers yet" in _plan_page(client, plan)


def test_a_later_survey_is_not_the_one_a_past_plan_responds_to(client, people):
    earlier = perceptions_cycle(
        slug="perceptions-2025",
        opens_on=datetime.date(2025, 10, 1),
        closes_on=datetime.date(2025, 11, 30),
        school_year=SchoolYearFactory(first_year=2025),
        min_cell=1,
    )
    link_for(earlier, people.district_a)
    current = link_for(perceptions_cycle(slug="perceptions-2026", min_cell=1), people.district_a)
    # stored as they were at the time (the earlier cycle is closed today)
    Response.objects.create(
        cycle=earlier,
        district=people.district_a,
        channel="web",
        language="en",
        respondent_role=STAFF,
        answers=[1, 1, 1, 1],
        answered=4,
        scored=True,
        score=1,
        counts_yes=False,
    )
    answer_at(current, STAFF, [6, 6, 6, 6])
    last_year = PlanFactory(district=people.district_a, school_year=SchoolYearFactory(first_year=2025))
    this_year = PlanFactory(district=people.district_a)
    client.force_login(people.coordinator)
    assert '<span class="fw-semibold">1.0</span>' in _plan_page(client, last_year)
    assert '<span class="fw-semibold">6.0</span>' in _plan_page(client, this_year)
    assert "2025-26: mean agreement by type of involvement" in _plan_page(client, last_year)


def test_school_plans_and_districts_without_a_survey_show_no_profile(client, people):
    link_for(perceptions_cycle(), people.district_a)
    school_plan = PlanFactory(kind=PlanKind.SCHOOL, school=SchoolFactory(district=people.district_a))
    other = PlanFactory(district=people.district_b)
    client.force_login(people.coordinator)
    assert "What families and staff said" not in _plan_page(client, school_plan)
    assert "What families and staff said" not in _plan_page(client, other)


@pytest.mark.parametrize("districts", [5, 60])
def test_the_plan_page_adds_the_same_few_queries_however_many_districts_answered(
    client, people, django_assert_max_num_queries, districts
):
    cycle = perceptions_cycle(min_cell=1)
    for district in [people.district_a, *DistrictFactory.create_batch(districts)]:
        answer_at(link_for(cycle, district), FAMILY, [4, 4, 4, 4])
    plan = PlanFactory(district=people.district_a)
    client.force_login(people.leader_a)
    with django_assert_max_num_queries(23):  # the page's own 20, then the cycle, its statements, the sums
        _plan_page(client, plan)
