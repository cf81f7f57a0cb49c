"""Reading the public catalog: the offerings families may see, with their places left counted in the database."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from pep.access import is_coordinator
from pep.selectors import count_of
from workshops.models import (
    Offering,
    OfferingStatus,
    Session,
)
from workshops.selectors.places import with_places


def shown_offerings(now=None) -> QuerySet[Offering]:
    """What families see: open offerings, and closed ones still to come, that have not ended.

    Drafts and cancelled offerings never show.
    """
    now = now or timezone.now()
    return Offering.objects.filter(
        status__in=[OfferingStatus.OPEN, OfferingStatus.CLOSED], last_ends_at__gte=now
    ).exclude(status=OfferingStatus.CLOSED, first_starts_at__lt=now)


def catalog_offerings(offerings: QuerySet[Offering]) -> QuerySet[Offering]:
    """Shown offerings as the catalog lists them, soonest first, with seats_left, childcare_left and session_count."""
    return (
        with_places(offerings)
        .annotate(session_count=count_of(Session.objects.all(), "offering"))
        .select_related("program", "language", "host_district")
        .prefetch_related("interpretation_languages")
        .order_by("first_starts_at", "pk")
    )


def catalog_calendar_offerings(offerings: QuerySet[Offering]) -> QuerySet[Offering]:
    """The same offerings with what their calendar needs: program and sessions, nothing counted."""
    return (
        offerings.select_related("program")
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("starts_at", "pk")))
        .order_by("first_starts_at", "pk")
    )


def offering_for_page(pk: int, user) -> Offering | None:
    """One offering for its public page, with places left and sessions; a draft only for coordinators."""
    offering = (
        with_places(Offering.objects.filter(pk=pk))
        .annotate(session_count=count_of(Session.objects.all(), "offering"))
        .select_related("program", "language", "host_district")
        .prefetch_related(
            "interpretation_languages", Prefetch("sessions", queryset=Session.objects.order_by("starts_at", "pk"))
        )
        .first()
    )
    if offering is None or (offering.status == OfferingStatus.DRAFT and not is_coordinator(user)):
        return None
    return offering
