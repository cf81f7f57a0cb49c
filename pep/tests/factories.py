import datetime

import factory
from django.contrib.auth import get_user_model

from pep.models import District, Membership, Role, School, SchoolYear

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(PASSWORD)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    code = factory.Sequence(lambda n: f"D{n:05d}")
    name = factory.Sequence(lambda n: f"District {n}")
    region = "Central"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    code = factory.Sequence(lambda n: f"S{n:06d}")
    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"School {n}")
    grade_band = "K-5"


class SchoolYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolYear
        django_get_or_create = ["label"]

    class Params:
        first_year = 2026

    label = factory.LazyAttribute(lambda o: SchoolYear.label_for(o.first_year))
    starts_on = factory.LazyAttribute(lambda o: datetime.date(o.first_year, 7, 1))
    ends_on = factory.LazyAttribute(lambda o: datetime.date(o.first_year + 1, 6, 30))
    planning_opens_on = factory.LazyAttribute(lambda o: datetime.date(o.first_year, 3, 1))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.SCHOOL_TEAM


def coordinator(username="coordinator", **kwargs):
    user = UserFactory(username=username, **kwargs)
    MembershipFactory(user=user, role=Role.COORDINATOR)
    return user


def district_leader(district, username=None, **kwargs):
    user = UserFactory(**({"username": username} if username else {}), **kwargs)
    MembershipFactory(user=user, role=Role.DISTRICT_LEADER, district=district)
    return user


def school_member(school, role=Role.SCHOOL_TEAM, username=None, **kwargs):
    user = UserFactory(**({"username": username} if username else {}), **kwargs)
    MembershipFactory(user=user, role=role, school=school)
    return user


def signs_in(client, username: str, password: str) -> bool:
    """Sign in through the login page, as a person does (and as the sign-in throttle sees it)."""
    from django.urls import reverse

    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302 and "_auth_user_id" in client.session
