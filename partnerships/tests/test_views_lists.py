"""The lists of plans: filters, sorting, the CSV export and the coverage matrix, per role."""

import csv
import io

import pytest
from django.urls import reverse

from partnerships.models import PlanKind, PlanStatus
from partnerships.tests.factories import ActivityFactory, PlanFactory, advance

LIST = reverse("partnerships:plan-list")


def test_a_district_leader_sees_their_districts_plans_only(client, people):
    own = PlanFactory(district=people.district_a)
    school_plan = PlanFactory(
        district=people.district_a, school=people.school_a, kind=PlanKind.SCHOOL, school_year=own.school_year
    )
    other = PlanFactory(district=people.district_b, school_year=own.school_year)
    client.force_login(people.leader_a)

    page = client.get(LIST).context["page"]

    assert {plan.pk for plan in page} == {own.pk, school_plan.pk}
    assert other.pk not in {plan.pk for plan in page}


def test_a_team_member_sees_their_schools_plans_and_can_start_one(client, people):
    school_plan = PlanFactory(district=people.district_a, school=people.school_a, kind=PlanKind.SCHOOL)
    PlanFactory(district=people.district_a, school_year=school_plan.school_year)
    client.force_login(people.team_a)

    response = client.get(LIST)

    assert [plan.pk for plan in response.context["page"]] == [school_plan.pk]
    assert reverse("partnerships:plan-create") in response.text


def test_the_list_filters_by_status_kind_and_coverage(client, people):
    approved = advance(ActivityFactory(plan=PlanFactory(district=people.district_a)).plan, PlanStatus.APPROVED)
    draft = PlanFactory(district=people.district_b, school_year=approved.school_year)
    school_plan = PlanFactory(kind=PlanKind.SCHOOL, school=people.school_b, school_year=approved.school_year)
    client.force_login(people.coordinator)

    by_status = client.get(LIST, {"status": "approved"}).context["page"]
    by_coverage = client.get(LIST, {"covered_at_least": 4}).context["page"]
    by_kind = client.get(LIST, {"kind": "school"}).context["page"]

    assert [plan.pk for plan in by_status] == [approved.pk]
    assert [plan.pk for plan in by_coverage] == [approved.pk]
    assert [plan.pk for plan in by_kind] == [school_plan.pk]
    assert {plan.pk for plan in client.get(LIST).context["page"]} == {approved.pk, draft.pk, school_plan.pk}


def test_sorting_by_cost_puts_the_dearest_plan_first(client, people):
    cheap = ActivityFactory(plan=PlanFactory(district=people.district_a), estimated_cost=10).plan
    dear = ActivityFactory(
        plan=PlanFactory(district=people.district_b, school_year=cheap.school_year), estimated_cost=900
    ).plan
    client.force_login(people.coordinator)

    page = client.get(LIST, {"order": "-cost"}).context["page"]

    assert [plan.pk for plan in page] == [dear.pk, cheap.pk]


def test_bad_filter_values_are_ignored_not_a_server_error(client, people):
    client.force_login(people.coordinator)

    response = client.get(LIST, {"status": "nonsense", "covered_at_least": "many", "order": "bogus", "page": "x"})

    assert response.status_code == 200


def test_the_csv_export_has_the_agreed_columns_and_values(client, people):
    plan = PlanFactory(district=people.district_a)
    ActivityFactory(plan=plan, estimated_cost="120.50")
    ActivityFactory(plan=plan, goal=plan.goals.get(), estimated_cost="79.50")
    PlanFactory(  # left out by the filter on kind
        district=people.district_a, school=people.school_a, kind=PlanKind.SCHOOL, school_year=plan.school_year
    )
    client.force_login(people.leader_a)

    response = client.get(reverse("partnerships:plan-export"), {"kind": "district"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))

    assert response["Content-Type"].startswith("text/csv")
    assert list(rows[0]) == [
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
        "district_name",
        "school_name",
        "status_label",
        "kind_label",
    ]
    assert rows == [
        {
            "school_year": "2026-27",
            "district_code": "A-1",
            "school_code": "",
            "kind": "district",
            "status": "draft",
            "goals": "1",
            "activities": "2",
            "categories_covered": "4",
            "total_cost": "200.00",
            "submitted_at": "",
            "approved_at": "",
            "district_name": "Alder District",
            "school_name": "",
            "status_label": "Draft",
            "kind_label": "District plan",
        }
    ]


def test_the_coverage_matrix_marks_each_plans_categories(client, people):
    plan = ActivityFactory(plan=PlanFactory(district=people.district_a)).plan
    client.force_login(people.coordinator)

    response = client.get(reverse("partnerships:plan-coverage"))

    row = {plan: cells for plan, cells, _count in response.context["matrix"].rows}[plan]
    assert [covered for _, covered in row] == [True, True, True, True, False, False]
    assert "Parenting" in response.text


@pytest.mark.parametrize("school", ["9" * 20, "junk", "-3"])
def test_a_school_that_is_no_id_is_a_filter_error_not_a_server_error(client, people, school):
    PlanFactory(district=people.district_a)
    client.force_login(people.coordinator)

    response = client.get(LIST, {"school": school})

    assert response.status_code == 200
    assert response.context["filter"].errors["school"]


def test_a_list_narrowed_to_one_school_says_so_and_offers_every_plan(client, people):
    PlanFactory(kind=PlanKind.SCHOOL, school=people.school_a)
    client.force_login(people.leader_a)

    response = client.get(LIST, {"school": people.school_a.pk, "status": "draft"})

    assert f"Only the plans of {people.school_a.name} are listed." in response.text
    assert f'<a href="{LIST}">Show every plan</a>' in response.text
    assert "Only the plans of" not in client.get(LIST).text
