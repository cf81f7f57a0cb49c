"""Reading workshop feedback: who may still give it, and the summaries coordinators read."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from workshops.models import (
    Attendance,
    Attendee,
    Feedback,
    FeedbackRequested,
    LanguageSupport,
    Offering,
    OfferingStatus,
    Program,
    Registration,
    RegistrationStatus,
    Usefulness,
)

GIVEN, OPEN, CLOSED = "given", "open", "closed"


def feedback_state(registration: Registration) -> str:
    """GIVEN once the registration's feedback was received; OPEN when it may be given now (the workshop is
    over and it held a place, see `came_or_held_a_seat`); CLOSED otherwise."""
    if Feedback.objects.filter(registration=registration).exists():
        return GIVEN
    last_ends_at = registration.offering.last_ends_at
    if last_ends_at is None or last_ends_at > timezone.now():
        return CLOSED
    if registration.status != RegistrationStatus.CONFIRMED:
        return CLOSED
    if not registration.attendees.filter(came_or_held_a_seat()).exists():
        return CLOSED
    return OPEN


def feedback_open(registration: Registration) -> bool:
    """Whether this registration may give feedback now: the workshop is over, it held a place, none given yet."""
    return feedback_state(registration) == OPEN


def came_or_held_a_seat() -> Q:
    """Attendees who were marked present; where no attendance was taken for the offering, who still held a seat.

    Once anyone was marked present at one of the offering's sessions, the others did not come.
    """
    attendance_taken = Exists(Attendance.objects.filter(session__offering_id=OuterRef("offering_id")))
    return Q(attendance__isnull=False) | (Q(cancelled_at__isnull=True) & ~attendance_taken)


def offerings_ended_within(within: datetime.timedelta, now: datetime.datetime | None = None) -> QuerySet[Offering]:
    """Offerings, not cancelled, whose last session ended within `within` before `now`."""
    now = now or timezone.now()
    return Offering.objects.filter(last_ends_at__lte=now, last_ends_at__gt=now - within).exclude(
        status=OfferingStatus.CANCELLED
    )


def registrations_to_ask(offerings: QuerySet[Offering]) -> QuerySet[Registration]:
    """Confirmed registrations of these offerings with an email, someone who came, no feedback yet and not
    asked before."""
    someone = Attendee.objects.filter(came_or_held_a_seat(), registration=OuterRef("pk"))
    return (
        Registration.objects.filter(offering__in=offerings, status=RegistrationStatus.CONFIRMED)
        .exclude(contact_email="")
        .filter(Exists(someone), feedback__isnull=True)
        .exclude(pk__in=FeedbackRequested.objects.values("registration_id"))
        .select_related("offering__program", "offering__language")
        .order_by("offering_id", "pk")
    )


def feedback_requests_of_offering(offering: Offering) -> int:
    """How many registrations of `offering` were asked for feedback."""
    return FeedbackRequested.objects.filter(registration__offering=offering).count()


@dataclass(frozen=True)
class Share:
    """One answer's count among all answers, and its share in whole percent."""

    label: str
    count: int
    percent: int


@dataclass(frozen=True)
class FeedbackSummary:
    """How many answered, how useful they found it, and whether language support was enough."""

    answers: int
    usefulness_mean: Decimal | None  # 1 (not useful) to 4 (very useful)
    usefulness: list[Share]
    language_support: list[Share]


def _percent(count: int, total: int) -> int:
    if not total:
        return 0
    return int((Decimal(100 * count) / total).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def feedback_summary(answers: QuerySet[Feedback]) -> FeedbackSummary:
    """The counts, the mean and the shares of `answers`, all computed by the database in one query."""
    figures = answers.aggregate(
        answers=Count("pk"),
        mean=Avg("usefulness"),
        **{f"useful_{value}": Count("pk", filter=Q(usefulness=value)) for value in Usefulness.values},
        **{f"language_{value}": Count("pk", filter=Q(language_support=value)) for value in LanguageSupport.values},
    )
    total = figures["answers"]
    mean = figures["mean"]
    return FeedbackSummary(
        answers=total,
        usefulness_mean=None if mean is None else Decimal(str(mean)).quantize(Decimal("0.1"), ROUND_HALF_UP),
        usefulness=[
            Share(label, figures[f"useful_{value}"], _percent(figures[f"useful_{value}"], total))
            for value, label in reversed(Usefulness.choices)
        ],
        language_support=[
            Share(label, figures[f"language_{value}"], _percent(figures[f"language_{value}"], total))
            for value, label in LanguageSupport.choices
        ],
    )


def feedback_of_offering(offering: Offering) -> QuerySet[Feedback]:
    return Feedback.objects.filter(offering=offering)


def feedback_of_program(program: Program) -> QuerySet[Feedback]:
    return Feedback.objects.filter(offering__program=program)


def written_answers(answers: QuerySet[Feedback]) -> QuerySet[Feedback]:
    """Answers with something written in them, newest first, with their offering (for paging)."""
    return (
        answers.exclude(will_use="", to_improve="")
        .select_related("offering")
        .only(
            "pk",
            "usefulness",
            "will_use",
            "to_improve",
            "language",
            "given_at",
            "offering__id",
            "offering__title",
            "offering__first_starts_at",
        )
        .order_by("-given_at", "-pk")
    )
