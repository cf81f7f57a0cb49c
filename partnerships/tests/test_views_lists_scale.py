"""The lists of plans run as many queries for 200 plans as for 5: the plans are made once per count for
the module (each test's own changes are rolled back)."""

import csv
import io

import pytest
from django.urls import reverse

from conftest import made_once
from partnerships.models import PlanKind
from partnerships.tests.factories import ActivityFactory, PlanFactory
from pep.tests.factories import DistrictFactory, SchoolFactory, SchoolYearFactory, coordinator

LIST = reverse("partnerships:plan-list")


def _plans(count: int):
    year = SchoolYearFactory(first_year=2026, is_current=True)
    plans = []
    for number in range(count):
        district = DistrictFactory()
        if number % 2:
            plan = PlanFactory(
                school_year=year, district=district, kind=PlanKind.SCHOOL, school=SchoolFactory(district=district)
            )
        else:
            plan = PlanFactory(school_year=year, district=district)
        ActivityFactory(plan=plan)
        plans.append(plan)
    return plans


@pytest.fixture(scope="module", params=[5, 200])
def count(request, django_db_setup, django_db_blocker):
    """5 plans, then 200, each in its own district (half of them school plans), made once for the module."""
    yield from made_once(django_db_blocker, lambda: len(_plans(request.param)))


def test_the_coordinator_list_runs_the_same_queries_for_5_or_200_plans(client, db, django_assert_num_queries, count):
    client.force_login(coordinator())

    # session, user, memberships, count, page of plans with figures, and the filter's choices
    # (school years, frameworks; districts are searched by name, not listed)
    with django_assert_num_queries(7):
        response = client.get(LIST)

    assert response.context["page"].paginator.count == count


def test_the_csv_export_runs_the_same_queries_for_5_or_200_plans(client, db, django_assert_num_queries, count):
    client.force_login(coordinator())

    with django_assert_num_queries(4):
        response = client.get(reverse("partnerships:plan-export"))

    assert len(list(csv.reader(io.StringIO(response.content.decode())))) == count + 1


def test_the_coverage_matrix_runs_the_same_queries_for_5_or_200_plans(client, db, django_assert_num_queries, count):
    client.force_login(coordinator())

    with django_assert_num_queries(10):
        response = client.get(reverse("partnerships:plan-coverage"))

    assert response.context["page"].paginator.count == count
