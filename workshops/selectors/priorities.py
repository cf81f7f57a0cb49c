"""Reading PT3 priorities: by offering for the facilitator, by school for its page and its plans."""

import datetime

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from pep.models import School
from workshops.models import Offering, OfferingStatus, Pt3Priority

PT3_CODE = "pt3"
SCHOOLS_FOUND = 20


def is_pt3(offering: Offering) -> bool:
    """Whether the offering is a PT3 conversation, the only kind that records priorities."""
    return offering.program.code == PT3_CODE


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def school_priorities(
    school_id: int, *, held_from: datetime.date | None = None, held_until: datetime.date | None = None
) -> QuerySet[Pt3Priority]:
    """The school's PT3 priorities, those of cancelled offerings left out.

    `held_from` and `held_until` (inclusive) keep the conversations whose first session falls between them.
    """
    priorities = Pt3Priority.objects.filter(school_id=school_id, offering__program__code=PT3_CODE).exclude(
        offering__status=OfferingStatus.CANCELLED
    )
    if held_from is not None:
        priorities = priorities.filter(offering__first_starts_at__gte=_start_of(held_from))
    if held_until is not None:
        priorities = priorities.filter(offering__first_starts_at__lt=_start_of(held_until + datetime.timedelta(days=1)))
    return priorities


def in_conversation_order(priorities: QuerySet[Pt3Priority]) -> list[Pt3Priority]:
    """`priorities` with their offering, latest conversation first and by rank, in one query."""
    return list(
        priorities.select_related("offering").order_by("-offering__first_starts_at", "offering_id", "rank", "pk")
    )


def priorities_for_school(
    school_id: int, *, held_from: datetime.date | None = None, held_until: datetime.date | None = None
) -> list[Pt3Priority]:
    """The school's PT3 priorities (see `school_priorities`), latest conversation first and by rank."""
    return in_conversation_order(school_priorities(school_id, held_from=held_from, held_until=held_until))


def priorities_of_offering(offering: Offering) -> list[Pt3Priority]:
    """The offering's priorities, school by school (by name), each school's in rank order, in one query."""
    return list(
        Pt3Priority.objects.filter(offering=offering)
        .select_related("school__district")
        .order_by("school__name", "school_id", "rank", "pk")
    )


def schools_found(typed: str, *, host_district_id: int | None = None) -> QuerySet[School]:
    """Schools whose name or state code contains what was typed, those of the host district first."""
    typed = typed.strip()[:200]
    if not typed:
        return School.objects.none()
    host_first = Case(When(district_id=host_district_id, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        School.objects.filter(Q(name__icontains=typed) | Q(code__icontains=typed))
        .select_related("district")
        .order_by(host_first, "name", "pk")[:SCHOOLS_FOUND]
    )


def priority_of_school(priority_id: int, school_id: int | None) -> Pt3Priority | None:
    """One of the school's priorities, or None (removed, or another school's)."""
    if school_id is None:
        return None
    return Pt3Priority.objects.select_related("offering").filter(pk=priority_id, school_id=school_id).first()
