"""The home page: a welcome for visitors, and each role's own corner of the program."""

import pytest
from django.apps import apps
from django.urls import reverse

from pep.models import Role
from pep.plugins import MenuEntry
from pep.tests.factories import (
    DistrictFactory,
    MembershipFactory,
    SchoolFactory,
    SchoolYearFactory,
    UserFactory,
    coordinator,
)


def test_a_visitor_finds_the_workshops_for_families_and_can_log_in(client, db):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "For families" in response.text
    assert f'href="{reverse("workshops:catalog")}"' in response.text
    assert "survey" not in response.text.lower()  # no survey page is offered to families yet
    main = response.text.split("<main", 1)[1]
    assert f'<a class="btn btn-primary" href="{reverse("login")}">Log in</a>' in main


def test_the_welcome_page_lists_the_pages_an_app_offers_families(client, db, monkeypatch):
    offered = MenuEntry("Sign up for a workshop", "login", 10, shown_to=lambda user: True)
    monkeypatch.setattr(apps.get_app_config("pep"), "family_pages", [offered])

    response = client.get(reverse("home"))

    assert "For families" in response.text
    assert f'<a href="{reverse("login")}">Sign up for a workshop</a>' in response.text


def test_the_coordinator_sees_every_district_with_its_counts(client, people):
    MembershipFactory(role=Role.SCHOOL_TEAM, school=people.school_a)
    client.force_login(people.coordinator)

    response = client.get(reverse("home"))

    districts = {d.name: d for d in response.context["district_page"]}
    assert set(districts) == {"Alder District", "Birch District"}
    alder = districts["Alder District"]
    assert (alder.school_count, alder.leader_count, alder.team_member_count, alder.parent_leader_count) == (1, 1, 2, 1)
    assert reverse("district-detail", args=[people.district_b.pk]) in response.text


def test_the_coordinator_can_filter_districts_by_region_and_name(client, people):
    DistrictFactory(name="Cedar District", region="South")
    client.force_login(people.coordinator)

    by_region = client.get(reverse("home"), {"region": "South"})
    by_name = client.get(reverse("home"), {"q": "birch"})

    assert [d.name for d in by_region.context["district_page"]] == ["Cedar District"]
    assert [d.name for d in by_name.context["district_page"]] == ["Birch District"]


def test_a_district_leader_sees_their_district_and_its_schools_only(client, people):
    client.force_login(people.leader_a)

    response = client.get(reverse("home"))

    assert "Alder District" in response.text and "Alder Elementary" in response.text
    assert "Birch" not in response.text
    assert "district_page" not in response.context


def test_a_team_member_sees_their_school_and_its_roster(client, people):
    client.force_login(people.team_a)

    response = client.get(reverse("home"))

    assert "Alder Elementary" in response.text
    assert people.parent_a.get_full_name() in response.text
    assert "Birch" not in response.text


def test_a_person_without_a_role_is_told_to_ask_the_coordinator(client, people):
    client.force_login(people.nobody)

    response = client.get(reverse("home"))

    assert "no role in the program yet" in response.text


def test_the_navigation_shows_only_what_the_role_may_use(client, people):
    client.force_login(people.team_a)
    team_page = client.get(reverse("home")).text
    client.force_login(people.coordinator)
    coordinator_page = client.get(reverse("home")).text

    assert reverse("directory-import") not in team_page and reverse("admin:index") not in team_page
    assert reverse("school-detail", args=[people.school_a.pk]) in team_page
    assert reverse("directory-import") in coordinator_page and reverse("admin:index") in coordinator_page


def _districts_with_people(count: int) -> None:
    for district in DistrictFactory.create_batch(count):
        school = SchoolFactory(district=district)
        MembershipFactory(role=Role.DISTRICT_LEADER, district=district)
        MembershipFactory(role=Role.SCHOOL_TEAM, school=school)


@pytest.mark.parametrize("districts", [3, 300])
def test_the_coordinator_home_runs_the_same_queries_for_3_or_300_districts(
    client, db, django_assert_num_queries, districts
):
    SchoolYearFactory(first_year=2026, is_current=True)  # so that the apps' panels have a year to show
    _districts_with_people(districts)
    client.force_login(coordinator())

    # session, user, memberships, the current year; the plans panels: the review queue's submitted and
    # returned plans and counts by status, the planning year and its districts without a plan, this
    # year's counts by status; then count, one page of districts with counts, regions for the filter
    with django_assert_num_queries(13):
        response = client.get(reverse("home"))

    assert response.context["district_page"].paginator.count == districts


@pytest.mark.parametrize("schools", [2, 60])
def test_a_district_leader_home_runs_the_same_queries_for_2_or_60_schools(
    client, db, django_assert_num_queries, schools
):
    SchoolYearFactory(first_year=2026, is_current=True)  # so that the apps' panels have a year to show
    district = DistrictFactory()
    for school in SchoolFactory.create_batch(schools, district=district):
        MembershipFactory(role=Role.SCHOOL_TEAM, school=school)
    leader = UserFactory()
    MembershipFactory(user=leader, role=Role.DISTRICT_LEADER, district=district)
    client.force_login(leader)

    # session, user, memberships, the current year; the plans panels: the district's plans this year and
    # next with what they miss, the planning year, this year's counts; led districts, their schools with
    # their plans, their languages
    with django_assert_num_queries(12):
        response = client.get(reverse("home"))

    assert response.text.count("/schools/") == schools


def test_when_no_district_matches_the_coordinator_keeps_the_filter_and_is_told_so(client, people):
    client.force_login(people.coordinator)

    response = client.get(reverse("home"), {"q": "no such district"})

    assert 'name="q"' in response.text
    assert "No district matches" in response.text
    assert "no role in the program yet" not in response.text


@pytest.mark.parametrize("order", ["", "region", "-schools"])
def test_paging_through_districts_shows_each_one_exactly_once(client, db, order):
    DistrictFactory.create_batch(120, name="Same Name", region="Same Region")
    client.force_login(coordinator())

    seen = []
    for page in (1, 2, 3):
        response = client.get(reverse("home"), {"order": order, "page": page})
        seen += [district.pk for district in response.context["district_page"]]

    assert len(seen) == len(set(seen)) == 120


def test_a_person_on_two_teams_of_one_district_counts_once(client, people):
    second_school = SchoolFactory(district=people.district_a)
    MembershipFactory(user=people.team_a, role=Role.SCHOOL_TEAM, school=second_school)
    client.force_login(people.coordinator)

    response = client.get(reverse("home"))

    alder = next(d for d in response.context["district_page"] if d.name == "Alder District")
    assert alder.team_member_count == 1
