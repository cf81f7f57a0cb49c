"""The shared access rules: scoped querysets and the change checks later features rely on."""

import pytest

from pep.access import (
    districts_visible_to,
    is_coordinator,
    may_change_district,
    may_change_school,
    schools_visible_to,
)
from pep.tests.factories import UserFactory


def test_each_role_sees_only_its_own_districts_and_schools(people):
    assert set(districts_visible_to(people.coordinator)) == {people.district_a, people.district_b}
    assert set(districts_visible_to(people.leader_a)) == {people.district_a}
    assert set(districts_visible_to(people.team_a)) == set()
    assert set(schools_visible_to(people.leader_a)) == {people.school_a}
    assert set(schools_visible_to(people.parent_a)) == {people.school_a}
    assert set(schools_visible_to(people.team_b)) == {people.school_b}
    assert set(schools_visible_to(people.nobody)) == set()


def test_changes_are_allowed_within_ones_own_scope_only(people):
    assert may_change_district(people.coordinator, people.district_b)
    assert may_change_district(people.leader_a, people.district_a)
    assert not may_change_district(people.leader_a, people.district_b)
    assert not may_change_district(people.team_a, people.district_a)
    assert may_change_school(people.leader_a, people.school_a)
    assert may_change_school(people.team_a, people.school_a)
    assert not may_change_school(people.team_a, people.school_b)
    assert not may_change_school(people.leader_b, people.school_a)


@pytest.mark.django_db
def test_a_superuser_counts_as_a_coordinator_and_an_inactive_one_does_not():
    assert is_coordinator(UserFactory(is_superuser=True))
    assert not is_coordinator(UserFactory(is_superuser=True, is_active=False))


def test_a_deactivated_person_is_signed_out_and_sent_to_log_in(client, people):
    client.force_login(people.leader_a)
    people.leader_a.is_active = False
    people.leader_a.save()

    response = client.get(f"/districts/{people.district_a.pk}/")

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
