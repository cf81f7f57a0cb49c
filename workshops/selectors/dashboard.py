"""Reads for coordinators' offering pages: the list with its counts, the dashboard and the CSV exports.

Every count and sum is computed by the database, so a page runs the same queries for ten
registrations or five thousand.
"""

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber

from pep.models import Language
from pep.selectors import count_of
from workshops.models import (
    Attendee,
    Childcare,
    Offering,
    Registration,
    RegistrationStatus,
    Session,
)
from workshops.selectors.places import with_places

ACTIVE_ATTENDEE = Q(attendees__cancelled_at__isnull=True)
# The lists of needs on the dashboard show this many rows; the CSV export has them all.
NEEDS_SHOWN = 200


def offerings_with_counts() -> QuerySet[Offering]:
    """Every offering with its program, host district, confirmed seats, waiting registrations and seats left."""
    waiting = Registration.objects.filter(status=RegistrationStatus.WAITING)
    return with_places(Offering.objects.select_related("program", "host_district", "language")).annotate(
        waiting_count=count_of(waiting, "offering")
    )


def offering_for_dashboard(pk: int) -> QuerySet[Offering]:
    return Offering.objects.select_related("program", "host_district", "language", "copied_from").filter(pk=pk)


def offering_with_places(pk: int) -> QuerySet[Offering]:
    """The offering for its dashboard, with its confirmed_seats, seats_left and childcare_left (`with_places`)."""
    return with_places(offering_for_dashboard(pk))


def sessions_of(offering: Offering) -> list[Session]:
    return list(offering.sessions.order_by("starts_at", "pk"))


@dataclass(frozen=True)
class RegistrationCounts:
    confirmed: int
    waiting: int
    cancelled: int
    confirmed_people: int
    waiting_people: int


def registration_counts(offering: Offering) -> RegistrationCounts:
    """Registrations by status, and the people each status holds (one query)."""
    people = Count("attendees", filter=ACTIVE_ATTENDEE)
    rows = {
        row["status"]: row
        for row in Registration.objects.filter(offering=offering)
        .order_by()
        .values("status")
        .annotate(registrations=Count("pk", distinct=True), people=people)
    }

    def get(status, key):
        return rows.get(status, {}).get(key, 0)

    return RegistrationCounts(
        confirmed=get(RegistrationStatus.CONFIRMED, "registrations"),
        waiting=get(RegistrationStatus.WAITING, "registrations"),
        cancelled=get(RegistrationStatus.CANCELLED, "registrations"),
        confirmed_people=get(RegistrationStatus.CONFIRMED, "people"),
        waiting_people=get(RegistrationStatus.WAITING, "people"),
    )


LIVE = [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]


def interpretation_needs(offering: Offering) -> list[dict]:
    """Per language: confirmed registrations and people who asked for an interpreter, and waiting ones."""
    confirmed = Q(status=RegistrationStatus.CONFIRMED)
    waiting = Q(status=RegistrationStatus.WAITING)
    rows = list(
        Registration.objects.filter(offering=offering, status__in=LIVE, interpretation_language__isnull=False)
        .order_by()
        .values("interpretation_language", "interpretation_language__code", "interpretation_language__name")
        .annotate(
            confirmed_registrations=Count("pk", filter=confirmed, distinct=True),
            confirmed_people=Count("attendees", filter=confirmed & ACTIVE_ATTENDEE),
            waiting_registrations=Count("pk", filter=waiting, distinct=True),
            waiting_people=Count("attendees", filter=waiting & ACTIVE_ATTENDEE),
        )
        .order_by("-confirmed_people", "interpretation_language__name")
    )
    # Named in the reader's language (Language.display_name), with one more query however many languages.
    languages = Language.objects.in_bulk([row["interpretation_language"] for row in rows])
    for row in rows:
        row["language"] = languages[row["interpretation_language"]].display_name
    return rows


@dataclass(frozen=True)
class ChildcareNeeds:
    confirmed_children: int
    waiting_children: int
    without_children: int


def childcare_needs(offering: Offering) -> ChildcareNeeds:
    """Children per childcare state among live registrations (one query).

    Ages are typed freely by families ("3 and 7", "baby"), so they are listed as written
    (`needs_listed`) rather than sorted into bands the text cannot be trusted to fit.
    """

    def total(condition: Q):
        return Coalesce(Sum("childcare_children", filter=condition), Value(0))

    figures = Registration.objects.filter(offering=offering).aggregate(
        confirmed=total(Q(status=RegistrationStatus.CONFIRMED, childcare=Childcare.CONFIRMED)),
        waiting=total(Q(status=RegistrationStatus.WAITING, childcare__in=[Childcare.CONFIRMED, Childcare.WAITING])),
        without=total(Q(status__in=LIVE, childcare=Childcare.WITHOUT)),
    )
    return ChildcareNeeds(figures["confirmed"], figures["waiting"], figures["without"])


def needs_listed(offering: Offering) -> list[dict]:
    """Live registrations that asked for childcare, accommodations or a diet: what each asked, as typed.

    At most NEEDS_SHOWN + 1 rows: the page shows NEEDS_SHOWN and says when there are more.
    """
    return list(
        Registration.objects.filter(offering=offering, status__in=LIVE)
        .filter(Q(childcare_children__gt=0) | ~Q(accommodations="") | ~Q(dietary_needs=""))
        .order_by("status", "created_at", "pk")
        .values(
            "pk",
            "status",
            "childcare_children",
            "childcare_ages",
            "childcare",
            "accommodations",
            "dietary_needs",
        )[: NEEDS_SHOWN + 1]
    )


STATUS_ORDER = Case(
    When(status=RegistrationStatus.WAITING, then=Value(0)),
    When(status=RegistrationStatus.CONFIRMED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def registrations_for_dashboard(offering: Offering, status: str = "") -> QuerySet[Registration]:
    """The offering's registrations, waiting ones first in the order of the list, each with its people.

    `queue_number` is 1 for the first waiting block: the order the seat engine fills places in.
    """
    active = Attendee.objects.filter(cancelled_at__isnull=True).order_by("pk")
    registrations = (
        Registration.objects.filter(offering=offering)
        .select_related("interpretation_language", "district", "school")
        .annotate(
            status_order=STATUS_ORDER,
            queue_number=Window(
                RowNumber(), partition_by=[F("status")], order_by=[F("waiting_since").asc(), F("pk").asc()]
            ),
        )
        .prefetch_related(Prefetch("attendees", queryset=active, to_attr="active_attendees"))
        .order_by("status_order", "waiting_since", "created_at", "pk")
    )
    if status in RegistrationStatus.values:
        registrations = registrations.filter(status=status)
    return registrations


REGISTRATIONS_CSV = [
    "registration_id",
    "status",
    "created_at",
    "contact_name",
    "contact_email",
    "contact_phone",
    "role",
    "district_code",
    "school_code",
    "attendees",
    "interpretation_language",
    "childcare_children",
    "accommodations",
]


def registrations_csv_rows(offering: Offering):
    """Rows for the registrations CSV, one query, read as they stream."""
    return (
        Registration.objects.filter(offering=offering)
        .order_by("created_at", "pk")
        .annotate(people=Count("attendees", filter=ACTIVE_ATTENDEE))
        .values_list(
            "pk",
            "status",
            "created_at",
            "contact_name",
            "contact_email",
            "contact_phone",
            "role",
            "district__code",
            "school__code",
            "people",
            "interpretation_language__code",
            "childcare_children",
            "accommodations",
        )
    )


ATTENDEES_CSV = [
    "registration_id",
    "registration_status",
    "attendee_id",
    "attendee_name",
    "attendee_role",
    "walk_in",
    "cancelled",
    "sessions_attended",
]


def attendees_csv_rows(offering: Offering):
    """Rows for the attendees CSV: everyone registered or walked in, with the sessions they were marked at."""
    return (
        Attendee.objects.filter(offering=offering)
        .order_by(F("registration_id").asc(nulls_last=True), "pk")
        .annotate(sessions_attended=Count("attendance"))
        .values_list(
            "registration_id",
            "registration__status",
            "pk",
            "name",
            "role",
            "is_walk_in",
            "cancelled_at",
            "sessions_attended",
        )
    )
