"""Who completed an offering: the completion rule, counted in the database.

The rule: an offering with ``sessions_required`` empty asks for every session, so its certificate comes
after the last one; otherwise at least that many sessions (never more than the offering has), which may be
reached before the series ends. Only attendance at sessions that have started counts. An attendee whose
own place or whose registration was cancelled never completes; a walk-in completes like anyone else.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Least
from django.utils import timezone

from pep.selectors import count_of
from workshops.models import Attendance, Attendee, Offering, Program, Registration, RegistrationStatus, Session

CERTIFICATE_RELATED = ("offering__program", "offering__language", "registration")


def with_completion(attendees: QuerySet[Attendee], now=None) -> QuerySet[Attendee]:
    """`attendees` annotated with sessions_attended, sessions_needed and whether they completed (earned)."""
    now = now or timezone.now()
    sessions = count_of(Session.objects.all(), "offering", ref="offering")
    attended = count_of(Attendance.objects.filter(session__starts_at__lte=now), "attendee")
    return attendees.annotate(
        sessions_attended=attended,
        sessions_needed=Case(
            When(offering__sessions_required__isnull=True, then=sessions),
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
    return list(earned(registration.attendees.select_related(*CERTIFICATE_RELATED), now).order_by("pk"))


def offering_certificates(offering: Offering, now=None) -> list[Attendee]:
    """Everyone who completed `offering`: registered attendees first, in registration order, then walk-ins."""
    attendees = Attendee.objects.filter(offering=offering).select_related(*CERTIFICATE_RELATED)
    return list(earned(attendees, now).order_by(F("registration__created_at").asc(nulls_last=True), "pk"))


def certificate_earned(attendee: Attendee, now=None) -> bool:
    """Whether `attendee` met the completion rule."""
    return earned(Attendee.objects.filter(pk=attendee.pk), now).exists()


# --- check-in ---


def expected_attendees(session: Session) -> QuerySet[Attendee]:
    """Who is expected at `session`: the active attendees of its offering's confirmed registrations."""
    return Attendee.objects.filter(
        offering_id=session.offering_id,
        cancelled_at__isnull=True,
        is_walk_in=False,
        registration__status=RegistrationStatus.CONFIRMED,
    )


def checkin_list(session: Session, query: str = "") -> QuerySet[Attendee]:
    """The check-in list: expected people grouped by registration, then the offering's walk-ins.

    Each has `present` (marked at this session). `query` keeps those whose name, or whose
    registration's contact name, contains it.
    """
    walk_ins = Attendee.objects.filter(offering_id=session.offering_id, cancelled_at__isnull=True, is_walk_in=True)
    attendees = expected_attendees(session) | walk_ins
    query = " ".join(query.split())
    if query:
        attendees = attendees.filter(Q(name__icontains=query) | Q(registration__contact_name__icontains=query))
    return (
        attendees.select_related("registration")
        .annotate(present=Exists(Attendance.objects.filter(session=session, attendee=OuterRef("pk"))))
        .order_by("is_walk_in", "registration__contact_name", "registration_id", "pk")
    )


@dataclass(frozen=True)
class CheckinCounts:
    expected: int
    present: int
    walk_ins: int


def checkin_counts(session: Session) -> CheckinCounts:
    """How many are expected at `session`, how many are marked present, and how many of those walked in."""
    marked = Attendance.objects.filter(session=session).aggregate(
        present=Count("pk"), walk_ins=Count("pk", filter=Q(attendee__is_walk_in=True))
    )
    return CheckinCounts(
        expected=expected_attendees(session).count(), present=marked["present"], walk_ins=marked["walk_ins"]
    )


# --- certificates ---


@dataclass(frozen=True)
class Certificate:
    """What one certificate says, in the language of the attendee's registration."""

    attendee: Attendee
    program: Program
    offering: Offering
    language: str
    first_day: datetime.date | None
    last_day: datetime.date | None
    hours: Decimal  # the hours of the sessions attended
    pd_hours: Decimal | None  # the program's professional-development hours, when it has them


def _language(attendee: Attendee) -> str:
    """The registration's language; a walk-in's is the offering's language of delivery, if the site speaks it."""
    code = attendee.registration.language if attendee.registration else attendee.offering.language.code
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE.split("-")[0]


def certificates_of(attendees: list[Attendee], now=None) -> list[Certificate]:
    """The certificates of `attendees` (who earned them; see `earned`), with one more query for the hours."""
    now = now or timezone.now()
    seconds: dict[int, float] = {attendee.pk: 0.0 for attendee in attendees}
    attended = Attendance.objects.filter(attendee__in=seconds.keys(), session__starts_at__lte=now).values_list(
        "attendee_id", "session__starts_at", "session__ends_at"
    )
    for attendee_id, starts_at, ends_at in attended:
        seconds[attendee_id] += (ends_at - starts_at).total_seconds()
    certificates = []
    for attendee in attendees:
        offering = attendee.offering
        certificates.append(
            Certificate(
                attendee=attendee,
                program=offering.program,
                offering=offering,
                language=_language(attendee),
                first_day=timezone.localdate(offering.first_starts_at) if offering.first_starts_at else None,
                last_day=timezone.localdate(offering.last_ends_at) if offering.last_ends_at else None,
                hours=(Decimal(seconds[attendee.pk]) / 3600).quantize(Decimal("0.01")),
                pd_hours=offering.program.pd_hours,
            )
        )
    return certificates
