import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from pep.models import Membership, Role, SchoolYear, grade_band_normalize
from pep.tests.factories import DistrictFactory, SchoolFactory, SchoolYearFactory, UserFactory


@pytest.mark.parametrize(
    ("written", "stored"), [("K-5", "K-5"), ("pk-12", "PK-12"), (" 9 - 12 ", "9-12"), ("6-6", "6-6")]
)
def test_a_grade_band_is_stored_in_one_spelling(written, stored):
    assert grade_band_normalize(written) == stored


@pytest.mark.parametrize("written", ["", "K", "K-13", "5-K", "1st-5th", "K-5-8"])
def test_a_wrong_grade_band_is_refused(written):
    with pytest.raises(ValidationError):
        grade_band_normalize(written)


@pytest.mark.django_db
def test_only_one_school_year_is_current():
    SchoolYearFactory(first_year=2026, is_current=True)

    with pytest.raises(IntegrityError):
        SchoolYearFactory(first_year=2027, is_current=True)


@pytest.mark.django_db
def test_a_school_year_label_must_name_two_following_years():
    year = SchoolYear(
        label="2026-28",
        starts_on=datetime.date(2026, 7, 1),
        ends_on=datetime.date(2027, 6, 30),
        planning_opens_on=datetime.date(2026, 3, 1),
    )

    with pytest.raises(ValidationError):
        year.full_clean()


def test_planning_opens_in_spring_and_closes_when_the_year_ends():
    year = SchoolYearFactory.build(first_year=2027)

    assert not year.planning_is_open(datetime.date(2027, 2, 28))
    assert year.planning_is_open(datetime.date(2027, 3, 1))
    assert not year.planning_is_open(datetime.date(2028, 7, 1))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "scope"),
    [
        (Role.COORDINATOR, "district"),
        (Role.DISTRICT_LEADER, "school"),
        (Role.DISTRICT_LEADER, None),
        (Role.SCHOOL_TEAM, "district"),
        (Role.PARENT_LEADER, None),
    ],
)
def test_a_role_must_have_the_scope_it_is_for(role, scope):
    school = SchoolFactory()
    kwargs = {"district": school.district} if scope == "district" else {"school": school} if scope else {}

    with pytest.raises(IntegrityError):
        Membership.objects.create(user=UserFactory(), role=role, **kwargs)


@pytest.mark.django_db
def test_a_person_may_hold_several_roles_but_not_the_same_one_twice():
    person, district = UserFactory(), DistrictFactory()
    Membership.objects.create(user=person, role=Role.DISTRICT_LEADER, district=district)
    Membership.objects.create(user=person, role=Role.SCHOOL_TEAM, school=SchoolFactory(district=district))

    with pytest.raises(IntegrityError):
        Membership.objects.create(user=person, role=Role.DISTRICT_LEADER, district=district)


@pytest.mark.django_db
def test_the_following_school_year_is_the_next_one_by_start():
    this_year, next_year = SchoolYearFactory(first_year=2026), SchoolYearFactory(first_year=2027)

    assert SchoolYear.objects.following(this_year) == next_year
    assert SchoolYear.objects.following(next_year) is None
