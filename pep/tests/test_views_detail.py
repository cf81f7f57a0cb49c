"""District and school pages: what they show, to whom, in a fixed number of queries."""

import pytest
from django.urls import reverse

from pep.models import Language, Role
from pep.tests.factories import MembershipFactory, SchoolFactory


def test_the_district_page_lists_its_leader_and_schools(client, people):
    client.force_login(people.leader_a)

    response = client.get(reverse("district-detail", args=[people.district_a.pk]))

    assert response.status_code == 200
    assert people.leader_a.get_full_name() in response.text
    assert "Alder Elementary" in response.text
    assert "Birch Middle" not in response.text


def test_the_district_page_shows_when_no_leader_is_designated(client, people):
    people.leader_a.memberships.all().delete()
    client.force_login(people.coordinator)

    response = client.get(reverse("district-detail", args=[people.district_a.pk]))

    assert "None designated yet" in response.text


def test_another_districts_page_is_not_found(client, people):
    client.force_login(people.leader_b)

    assert client.get(reverse("district-detail", args=[people.district_a.pk])).status_code == 404
    assert client.get(reverse("school-detail", args=[people.school_a.pk])).status_code == 404


def test_the_school_page_shows_grades_languages_and_roster(client, people):
    people.school_a.home_languages.set(Language.objects.filter(code__in=["es", "pl"]))
    client.force_login(people.parent_a)

    response = client.get(reverse("school-detail", args=[people.school_a.pk]))

    assert "K-5" in response.text
    assert "Spanish (español)" in response.text and "Polish (polski)" in response.text
    assert people.team_a.get_full_name() in response.text
    assert "Parent leader" in response.text


@pytest.mark.parametrize("schools", [2, 80])
def test_the_district_page_runs_the_same_queries_for_2_or_80_schools(
    client, people, django_assert_num_queries, schools
):
    for school in SchoolFactory.create_batch(schools, district=people.district_a):
        MembershipFactory(role=Role.SCHOOL_TEAM, school=school)
    client.force_login(people.coordinator)

    # session, user, memberships, district, its schools with counts, their languages, leaders,
    # and one query for each installed app's panel (plans, perceptions survey links)
    with django_assert_num_queries(9):
        client.get(reverse("district-detail", args=[people.district_a.pk]))


@pytest.mark.parametrize("members", [1, 40])
def test_the_school_page_runs_the_same_queries_for_1_or_40_members(client, people, django_assert_num_queries, members):
    MembershipFactory.create_batch(members, role=Role.SCHOOL_TEAM, school=people.school_a)
    client.force_login(people.leader_a)

    # session, user, memberships, school with district, languages, roster, and the apps' panels (plans,
    # PT3 priorities)
    with django_assert_num_queries(8):
        client.get(reverse("school-detail", args=[people.school_a.pk]))
