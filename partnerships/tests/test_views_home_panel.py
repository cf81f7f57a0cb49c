"""The plans panel of the home page: this school year's plans each person may see, by status."""

import pytest
from django.urls import reverse

from partnerships.models import PlanKind, PlanStatus
from partnerships.panels import plans_panel
from partnerships.tests.factories import ActivityFactory, PlanFactory, advance
from pep.tests.factories import SchoolFactory, SchoolYearFactory


@pytest.fixture
def this_year(db):
    return SchoolYearFactory(first_year=2026, is_current=True)


def test_a_district_leader_sees_their_districts_plans_of_this_year_by_status(client, people, this_year):
    advance(ActivityFactory(plan=PlanFactory(district=people.district_a, school_year=this_year)).plan, "approved")
    PlanFactory(kind=PlanKind.SCHOOL, school=people.school_a, school_year=this_year)
    PlanFactory(kind=PlanKind.PARENT_LEADER, school=people.school_a, school_year=this_year)
    PlanFactory(district=people.district_a, school_year=SchoolYearFactory(first_year=2025))  # last year's
    advance(ActivityFactory(plan=PlanFactory(district=people.district_b, school_year=this_year)).plan, "submitted")
    client.force_login(people.leader_a)

    response = client.get(reverse("home"))

    assert "Plans for 2026-27" in response.text
    list_url = reverse("partnerships:plan-list")
    assert f'<a href="{list_url}?school_year={this_year.pk}&amp;status=draft">2 · Draft</a>' in response.text
    assert f'<a href="{list_url}?school_year={this_year.pk}&amp;status=approved">1 · Approved</a>' in response.text
    assert "Submitted" not in response.text  # district B's plan is not theirs to see


def test_with_no_plan_yet_the_panel_says_so_and_offers_to_start_one(client, people, this_year):
    client.force_login(people.team_a)

    response = client.get(reverse("home"))

    assert "No plan has been started for this school year yet." in response.text
    assert reverse("partnerships:plan-create") in response.text


def test_there_is_no_panel_without_a_role_or_a_current_year(client, people, rf):
    request = rf.get("/")
    request.user = people.leader_a
    assert plans_panel(request) == []  # no current school year

    SchoolYearFactory(first_year=2026, is_current=True)
    request.user = people.nobody
    assert plans_panel(request) == []


@pytest.mark.parametrize("schools", [2, 30])
def test_the_panel_runs_the_same_queries_for_2_or_30_plans(people, rf, this_year, django_assert_num_queries, schools):
    for _ in range(schools):
        plan = PlanFactory(
            kind=PlanKind.SCHOOL, school=SchoolFactory(district=people.district_a), school_year=this_year
        )
        ActivityFactory(plan=plan)
        advance(plan, PlanStatus.SUBMITTED)
    request = rf.get("/")
    request.user = people.leader_a

    # the person's memberships, the current year, and its plans counted by status
    with django_assert_num_queries(3):
        [panel] = plans_panel(request)

    assert panel.context["by_status"] == [(PlanStatus.SUBMITTED, schools)]
