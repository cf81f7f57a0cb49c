"""Reading the public catalog: the offerings families may see, with their places left counted in the database."""

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from pep.access import is_coordinator
from workshops.models import (
    Attendee,
    Childcare,
    Offering,
    OfferingStatus,
    Registration,
    RegistrationStatus,
    Session,
)


def _per_offering(queryset: QuerySet, aggregate) -> Coalesce:
    """A subquery of one figure per outer offering, 0 when it has no rows."""
    figure = queryset.filter(offering=OuterRef("pk")).order_by().values("offering").annotate(n=aggregate).values("n")
    return Coalesce(Subquery(figure[:1], output_field=IntegerField()), Value(0))


def with_places(offerings: QuerySet[Offering]) -> QuerySet[Offering]:
    """`offerings` annotated with seats_left and childcare_left, as `seats.places_left` counts them."""
    seats_taken = _per_offering(
        Attendee.objects.filter(
            registration__status=RegistrationStatus.CONFIRMED, cancelled_at__isnull=True, is_walk_in=False
        ),
        Count("pk"),
    )
    children = _per_offering(
        Registration.objects.filter(status=RegistrationStatus.CONFIRMED, childcare=Childcare.CONFIRMED),
        Sum("childcare_children"),
    )
    return offerings.annotate(
        seats_left=F("seat_capacity") - seats_taken,
        childcare_left=F("childcare_capacity") - children,
        session_count=_per_offering(Session.objects.all(), Count("pk")),
    )


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
        .select_related("program", "language", "host_district")
        .prefetch_related(
            "interpretation_languages", Prefetch("sessions", queryset=Session.objects.order_by("starts_at", "pk"))
        )
        .first()
    )
    if offering is None or (offering.status == OfferingStatus.DRAFT and not is_coordinator(user)):
        return None
    return offering
