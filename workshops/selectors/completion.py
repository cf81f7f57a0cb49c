"""Who completed an offering: the completion rule, counted in the database.

The rule: an offering with ``sessions_required`` empty asks for every session; otherwise at least that many
sessions (never more than the offering has). Only sessions that have started count: a session still ahead
is neither attended nor missed yet. An attendee whose own place or whose registration was cancelled never
completes; a walk-in completes like anyone else.
"""

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from workshops.models import Attendance, Attendee, Offering, Registration, RegistrationStatus, Session


def _count(queryset: QuerySet, group: str) -> Coalesce:
    """A subquery counting `queryset`'s rows for the outer row, 0 when there are none."""
    counted = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_completion(attendees: QuerySet[Attendee], now=None) -> QuerySet[Attendee]:
    """`attendees` annotated with sessions_attended, sessions_needed and whether they completed (earned)."""
    now = now or timezone.now()
    sessions = _count(Session.objects.filter(offering=OuterRef("offering")), "offering")
    started = _count(Session.objects.filter(offering=OuterRef("offering"), starts_at__lte=now), "offering")
    attended = _count(
        Attendance.objects.filter(attendee=OuterRef("pk"), session__starts_at__lte=now),
        "attendee",
    )
    return attendees.annotate(
        sessions_attended=attended,
        sessions_needed=Case(
            When(offering__sessions_required__isnull=True, then=started),
            default=Least(F("offering__sessions_required"), sessions),
            output_field=IntegerField(),
        ),
    ).annotate(
        earned=Case(
            When(
                Q(sessions_needed__gt=0, sessions_attended__gte=F("sessions_needed"), cancelled_at__isnull=True)
                & (Q(registration__isnull=True) | ~Q(registration__status=RegistrationStatus.CANCELLED)),
                then=Value(True),
            ),
            default=Value(False),
        )
    )


def earned(attendees: QuerySet[Attendee], now=None) -> QuerySet[Attendee]:
    """Those of `attendees` who met their offering's completion rule."""
    return with_completion(attendees, now).filter(earned=True)


def certificates_earned(registration: Registration, now=None) -> list[Attendee]:
    """The attendees of `registration`, not cancelled, who met the completion rule, in their order."""
    return list(earned(registration.attendees.select_related("offering__program"), now).order_by("pk"))


def offering_certificates(offering: Offering, now=None) -> list[Attendee]:
    """Everyone who completed `offering`: registered attendees first, in registration order, then walk-ins."""
    attendees = Attendee.objects.filter(offering=offering).select_related("offering__program", "registration")
    return list(earned(attendees, now).order_by(F("registration__created_at").asc(nulls_last=True), "pk"))


def certificate_earned(attendee: Attendee, now=None) -> bool:
    """Whether `attendee` met the completion rule."""
    return earned(Attendee.objects.filter(pk=attendee.pk), now).exists()
