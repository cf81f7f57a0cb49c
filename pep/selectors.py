"""Reads for the core pages: scoped, counted in the database, a fixed number of queries."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from .access import (
    districts_visible_to,
    led_district_ids,
    member_school_ids,
    schools_visible_to,
)
from .models import SCHOOL_ROLES, District, Membership, Role, School


def count_of(queryset: QuerySet, outer: str, of: str = "pk", ref: str = "pk") -> Coalesce:
    """A correlated count of distinct `of` in `queryset` rows whose `outer` field matches the outer row's
    `ref` (its pk, or a field such as its offering).

    Counting in subqueries keeps several counts on one row from multiplying each other.
    """
    counted = (
        queryset.filter(**{outer: OuterRef(ref)})
        .order_by()
        .values(outer)
        .annotate(n=Count(of, distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def sum_of(queryset: QuerySet, outer: str, field: str) -> Coalesce:
    """A correlated SUM of `field` in `queryset` rows whose `outer` field matches the outer row."""
    summed = (
        queryset.filter(**{outer: OuterRef("pk")}).order_by().values(outer).annotate(total=Sum(field)).values("total")
    )
    output = queryset.model._meta.get_field(field)
    return Coalesce(Subquery(summed, output_field=output), Value(0), output_field=output)


def districts_with_counts(user) -> QuerySet[District]:
    """Districts the user may see, each with its numbers of schools, leaders and team members."""
    return districts_visible_to(user).annotate(
        school_count=count_of(School.objects.all(), "district"),
        leader_count=count_of(Membership.objects.filter(role=Role.DISTRICT_LEADER), "district"),
        # people, not seats: someone on two teams of one district counts once
        team_member_count=count_of(Membership.objects.filter(role=Role.SCHOOL_TEAM), "school__district", of="user"),
        parent_leader_count=count_of(Membership.objects.filter(role=Role.PARENT_LEADER), "school__district", of="user"),
    )


def schools_with_counts(queryset: QuerySet[School]) -> QuerySet[School]:
    """Schools with their team sizes and home languages, ready to list."""
    return (
        queryset.select_related("district")
        .prefetch_related("home_languages")
        .annotate(
            team_member_count=count_of(Membership.objects.filter(role=Role.SCHOOL_TEAM), "school"),
            parent_leader_count=count_of(Membership.objects.filter(role=Role.PARENT_LEADER), "school"),
        )
    )


def _roster() -> Prefetch:
    """The school's parent leaders, then its action team, by name, as `school.roster`."""
    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(role__in=SCHOOL_ROLES)
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name"),
        to_attr="roster",
    )


def district_detail(user, pk: int) -> District:
    """One district the user may see, with its schools and leaders prefetched (404 otherwise)."""
    return get_object_or_404(
        districts_visible_to(user).prefetch_related(
            Prefetch(
                "schools",
                queryset=schools_with_counts(School.objects.all()),
                to_attr="school_list",
            ),
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(role=Role.DISTRICT_LEADER).select_related("user"),
                to_attr="leader_list",
            ),
        ),
        pk=pk,
    )


def school_detail(user, pk: int) -> School:
    """One school the user may see, with district, languages and roster prefetched (404 otherwise)."""
    return get_object_or_404(
        schools_visible_to(user).select_related("district").prefetch_related("home_languages", _roster()),
        pk=pk,
    )


def home_schools(user) -> QuerySet[School]:
    """The schools where the user sits on the action team or is the parent leader, with rosters."""
    return (
        schools_visible_to(user)
        .filter(pk__in=member_school_ids(user))
        .select_related("district")
        .prefetch_related("home_languages", _roster())
    )


def home_districts(user) -> QuerySet[District]:
    """The districts the user leads, each with its schools listed."""
    return District.objects.filter(pk__in=led_district_ids(user)).prefetch_related(
        Prefetch(
            "schools",
            queryset=schools_with_counts(School.objects.all()),
            to_attr="school_list",
        )
    )
