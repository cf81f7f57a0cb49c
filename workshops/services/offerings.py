"""Coordinators' writes on offerings: create, change, copy for a new term, cancel.

Every change that could touch places takes the offering's row lock first (the same gate as the seat
engine in `workshops.services.seats`), so a capacity change and a registration never cross: a
capacity is never lowered below seats a family already holds, and places added go to those waiting
in the same transaction.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pep.access import coordinator_only
from pep.edit_checks import (
    EditConflict,
    FieldChange,
    apply_changes,
    check_version,
    claim_submission,
    save_versioned,
)
from pep.refusals import Refused
from pep.services import audit_record
from workshops.models import (
    Attendance,
    Offering,
    OfferingStatus,
    Registration,
    RegistrationStatus,
    Session,
)
from workshops.services import messages
from workshops.services.seats import _locked_offering, fill_from_waiting_list, places_left

OFFERING_FIELDS = [
    "program",
    "title",
    "host_district",
    "language",
    "place_name",
    "address",
    "room",
    "accessibility_notes",
    "online_link",
    "seat_capacity",
    "childcare_offered",
    "childcare_ages",
    "childcare_capacity",
    "registration_opens_at",
    "registration_closes_at",
    "sessions_required",
    "status",
]
OFFERING_M2M = ["interpretation_languages"]

REASON_MAX = 1000
COPY_YEARS_MAX = 10

CANCELLED_ALREADY = _("This workshop offering was cancelled; it can no longer be changed.")
NO_SESSIONS = _("Add at least one session.")
SESSION_ORDER = _("A session must end after it starts.")
INACTIVE_PROGRAM = _("This program is no longer active; choose an active one.")
NO_REASON = _("Say why the offering is cancelled: families read it in the message they get.")


@dataclass(frozen=True)
class SessionData:
    """One session as a form gives it: aware start and end; `pk` of the session it changes, if any."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime
    title: str = ""
    place_name: str = ""
    address: str = ""
    pk: int | None = None


def _check_sessions(sessions: list[SessionData], sessions_required: int | None) -> list[SessionData]:
    """The sessions in time order; refused when there is none, one ends before it starts, or too many are required."""
    if not sessions:
        raise ValidationError(NO_SESSIONS)
    for session in sessions:
        if session.ends_at <= session.starts_at:
            raise ValidationError(SESSION_ORDER)
    if sessions_required is not None and sessions_required > len(sessions):
        raise ValidationError(
            {
                "sessions_required": ngettext(
                    "The offering has %(count)d session; a certificate cannot require more.",
                    "The offering has %(count)d sessions; a certificate cannot require more.",
                    len(sessions),
                )
                % {"count": len(sessions)}
            }
        )
    return sorted(sessions, key=lambda session: (session.starts_at, session.ends_at))


def _check_program(offering: Offering, before_id: int | None) -> None:
    if offering.program_id != before_id and not offering.program.is_active:
        raise ValidationError({"program": INACTIVE_PROGRAM})


def keep_dates_in_step(offering: Offering, sessions: list[SessionData]) -> None:
    """Set the stored first and last session times from the sessions, as the catalog sorts and filters on them."""
    offering.first_starts_at = min(session.starts_at for session in sessions)
    offering.last_ends_at = max(session.ends_at for session in sessions)


def _tidy_childcare(offering: Offering) -> None:
    if not offering.childcare_offered:
        offering.childcare_capacity = 0
        offering.childcare_ages = ""


def _set_languages(offering: Offering, data: dict) -> None:
    if "interpretation_languages" in data:
        offering.interpretation_languages.set(data["interpretation_languages"])


@transaction.atomic
def offering_create(*, actor, data: dict, sessions: list[SessionData], once: uuid.UUID | None = None) -> Offering:
    """A coordinator adds an offering of a program, with its sessions."""
    coordinator_only(actor)
    claim_submission(once)
    offering = Offering(**{name: data[name] for name in OFFERING_FIELDS if name in data})
    if offering.status == OfferingStatus.CANCELLED:
        raise ValidationError({"status": _("A new offering cannot start cancelled.")})
    _check_program(offering, None)
    sessions = _check_sessions(sessions, offering.sessions_required)
    _tidy_childcare(offering)
    keep_dates_in_step(offering, sessions)
    offering.full_clean()
    save_versioned(offering, actor)
    _set_languages(offering, data)
    Session.objects.bulk_create(_new_session(offering, session) for session in sessions)
    audit_record(
        actor=actor,
        action="offering.create",
        summary=offering.title,
        district=offering.host_district,
        details={"offering": offering.pk, "sessions": len(sessions)},
    )
    return offering


def _new_session(offering: Offering, data: SessionData) -> Session:
    return Session(
        offering=offering,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        title=data.title,
        place_name=data.place_name,
        address=data.address,
    )


def _session_text(starts_at, ends_at, title) -> str:
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    text = f"{date_format(start, 'SHORT_DATETIME_FORMAT')}–{date_format(end, 'TIME_FORMAT')}"
    return f"{text} {title}".strip()


def _sessions_shown(items) -> str:
    return "; ".join(_session_text(item.starts_at, item.ends_at, item.title) for item in items) or "—"


def _sessions_differ(saved: list[Session], sessions: list[SessionData]) -> bool:
    def key(item):
        return (item.starts_at, item.ends_at, item.title, item.place_name, item.address)

    return sorted(map(key, saved)) != sorted(map(key, sessions))


def _check_version(offering: Offering, version: int, data: dict, sessions: list[SessionData]) -> None:
    """Someone else's save is never overwritten: neither their fields nor their sessions."""
    saved_sessions = list(offering.sessions.order_by("starts_at", "pk"))
    sessions_changed = offering.version != version and _sessions_differ(saved_sessions, sessions)
    session_change = FieldChange(
        str(_("Sessions")),
        _sessions_shown(saved_sessions),
        _sessions_shown(sorted(sessions, key=lambda s: s.starts_at)),
    )
    try:
        check_version(offering, version, data, OFFERING_FIELDS + OFFERING_M2M)
    except EditConflict as conflict:
        if sessions_changed:
            conflict.changes.append(session_change)
        raise
    if sessions_changed:
        last = offering.history.order_by("-history_date").select_related("history_user").first()
        raise EditConflict(
            offering, [session_change], last.history_user if last else None, last.history_date if last else None
        )


@dataclass(frozen=True)
class Taken:
    """Seats and childcare places confirmed families hold."""

    seats: int
    children: int


def _taken(offering: Offering) -> Taken:
    """What confirmed families hold; counted under the offering's lock, taken by the caller."""
    left = places_left(offering)
    children = (offering.childcare_capacity - left.childcare) if offering.childcare_offered else 0
    return Taken(seats=offering.seat_capacity - left.seats, children=children)


def _check_places(offering: Offering, taken: Taken) -> None:
    """Seats and childcare places families already hold stay theirs: capacity may not go below them."""
    seats_taken, children_taken = taken.seats, taken.children
    problems = {}
    if offering.seat_capacity < seats_taken:
        problems["seat_capacity"] = ngettext(
            "%(count)d seat is already confirmed; seats cannot be fewer.",
            "%(count)d seats are already confirmed; seats cannot be fewer.",
            seats_taken,
        ) % {"count": seats_taken}
    if children_taken and not offering.childcare_offered:
        problems["childcare_offered"] = ngettext(
            "%(count)d childcare place is already confirmed; childcare cannot be switched off.",
            "%(count)d childcare places are already confirmed; childcare cannot be switched off.",
            children_taken,
        ) % {"count": children_taken}
    elif offering.childcare_capacity < children_taken:
        problems["childcare_capacity"] = ngettext(
            "%(count)d childcare place is already confirmed; childcare places cannot be fewer.",
            "%(count)d childcare places are already confirmed; childcare places cannot be fewer.",
            children_taken,
        ) % {"count": children_taken}
    if problems:
        raise ValidationError(problems)


def _sync_sessions(offering: Offering, sessions: list[SessionData]) -> bool:
    """Make the offering's sessions these: change the ones kept, add new ones, remove the rest.

    A session where attendance was taken is never removed: that would erase who came.
    """
    saved = {session.pk: session for session in offering.sessions.all()}
    kept = {session.pk for session in sessions if session.pk in saved}
    removed = [session for pk, session in saved.items() if pk not in kept]
    with_attendance = set(
        Attendance.objects.filter(session__in=removed).values_list("session_id", flat=True).distinct()
    )
    if with_attendance:
        first = min((saved[pk] for pk in with_attendance), key=lambda session: session.starts_at)
        raise Refused(
            _("Attendance was taken at the session of %(when)s; it cannot be removed.")
            % {"when": date_format(timezone.localtime(first.starts_at), "SHORT_DATE_FORMAT")}
        )
    changed = bool(removed)
    Session.objects.filter(pk__in=[session.pk for session in removed]).delete()
    fields = ["starts_at", "ends_at", "title", "place_name", "address"]
    for data in sessions:
        if data.pk in saved:
            session = saved[data.pk]
            if any(getattr(session, name) != getattr(data, name) for name in fields):
                for name in fields:
                    setattr(session, name, getattr(data, name))
                session.full_clean(exclude=["offering"])
                session.save()
                changed = True
        else:
            session = _new_session(offering, data)
            session.full_clean(exclude=["offering"])
            session.save()
            changed = True
    return changed


@transaction.atomic
def offering_update(
    *, offering: Offering, actor, version: int, data: dict, sessions: list[SessionData]
) -> list[Registration]:
    """A coordinator changes an offering and its sessions; places added go to waiting families at once.

    Returns the waiting registrations confirmed by the change (and told), first in line first.
    """
    coordinator_only(actor)
    offering = _locked_offering(offering.pk)  # first, as every write on places does
    if offering.status == OfferingStatus.CANCELLED:
        raise Refused(CANCELLED_ALREADY)
    if data.get("status") == OfferingStatus.CANCELLED:
        raise ValidationError({"status": _("Cancel an offering with its own button, which tells the families.")})
    _check_version(offering, version, data, sessions)
    before = (offering.seat_capacity, offering.childcare_capacity if offering.childcare_offered else 0)
    program_before = offering.program_id
    taken = _taken(offering)
    changed = apply_changes(offering, data, OFFERING_FIELDS + OFFERING_M2M)
    _tidy_childcare(offering)
    _check_program(offering, program_before)
    sessions = _check_sessions(sessions, offering.sessions_required)
    _check_places(offering, taken)
    if _sync_sessions(offering, sessions):
        changed.append("sessions")
    keep_dates_in_step(offering, sessions)
    offering.full_clean()
    languages_changed = "interpretation_languages" in changed
    if changed:
        save_versioned(offering, actor)
    if languages_changed:
        _set_languages(offering, data)
    promoted = []
    after = (offering.seat_capacity, offering.childcare_capacity if offering.childcare_offered else 0)
    if after[0] > before[0] or after[1] > before[1]:
        promoted = fill_from_waiting_list(offering=offering)
    if changed or promoted:
        audit_record(
            actor=actor,
            action="offering.update",
            summary=offering.title,
            district=offering.host_district,
            details={
                "offering": offering.pk,
                "changed": changed,
                "promoted": [registration.pk for registration in promoted],
            },
        )
    return promoted


# Copying: a new term's series from last year's.


def _local_date_shift(moment: datetime.datetime, days: int) -> datetime.datetime:
    """The same wall-clock time `days` later on the calendar, so 9:00 stays 9:00 across daylight saving."""
    local = timezone.localtime(moment)
    shifted = datetime.datetime.combine(local.date() + datetime.timedelta(days=days), local.time())
    return timezone.make_aware(shifted)


def copy_shift_days(offering: Offering, first_day: datetime.date) -> int:
    """Days every date moves so the first session falls on `first_day`: a whole number of weeks.

    Whole weeks keep each session on its weekday (a Saturday series stays on Saturdays), so
    `first_day` must fall on the weekday the first session fell on.
    """
    if offering.first_starts_at is None:
        raise Refused(_("This offering has no sessions to copy."))
    if abs((first_day - timezone.localdate()).days) > COPY_YEARS_MAX * 366:
        raise ValidationError({"first_day": _("Choose a date within ten years of today.")})
    old_day = timezone.localtime(offering.first_starts_at).date()
    if first_day.weekday() != old_day.weekday():
        raise ValidationError(
            {
                "first_day": _(
                    "The first session was on a %(weekday)s; choose a %(weekday)s, so every session keeps its weekday."
                )
                % {"weekday": date_format(old_day, "l")}
            }
        )
    return (first_day - old_day).days


COPIED_FIELDS = [name for name in OFFERING_FIELDS if name not in ("status",)]


@transaction.atomic
def offering_copy(
    *, offering: Offering, actor, first_day: datetime.date, title: str = "", once: uuid.UUID | None = None
) -> Offering:
    """A draft for a new term: every session and the registration window move by the same whole weeks.

    Sessions keep their local times; no registration, attendance or feedback comes along.
    """
    coordinator_only(actor)
    claim_submission(once)
    days = copy_shift_days(offering, first_day)
    copy = Offering(**{name: getattr(offering, name) for name in COPIED_FIELDS})
    copy.title = title.strip() or offering.title
    copy.status = OfferingStatus.DRAFT
    copy.copied_from = offering
    copy.registration_opens_at = _local_date_shift(offering.registration_opens_at, days)
    copy.registration_closes_at = _local_date_shift(offering.registration_closes_at, days)
    sessions = [
        SessionData(
            starts_at=_local_date_shift(session.starts_at, days),
            ends_at=_local_date_shift(session.ends_at, days),
            title=session.title,
            place_name=session.place_name,
            address=session.address,
        )
        for session in offering.sessions.order_by("starts_at", "pk")
    ]
    keep_dates_in_step(copy, sessions)
    copy.full_clean()
    save_versioned(copy, actor)
    copy.interpretation_languages.set(offering.interpretation_languages.all())
    Session.objects.bulk_create(_new_session(copy, session) for session in sessions)
    audit_record(
        actor=actor,
        action="offering.copy",
        summary=copy.title,
        district=copy.host_district,
        details={"offering": copy.pk, "copied_from": offering.pk, "days": days},
    )
    return copy


@transaction.atomic
def offering_cancel(*, offering: Offering, actor, reason: str, now=None) -> list[Registration]:
    """Cancel an offering: every confirmed and waiting registration is cancelled and its family told why."""
    coordinator_only(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": NO_REASON})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("Keep the reason under %(count)d characters.") % {"count": REASON_MAX}})
    offering = _locked_offering(offering.pk)
    if offering.status == OfferingStatus.CANCELLED:
        raise Refused(_("This offering was already cancelled."))
    now = now or timezone.now()
    offering.status = OfferingStatus.CANCELLED
    save_versioned(offering, actor)
    live = list(
        Registration.objects.select_for_update(of=("self",))
        .filter(offering=offering, status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING])
        .select_related("offering")
        # Each family's message is written after the commit from these instances: one query for all.
        .prefetch_related("attendees", "offering__sessions")
        .order_by("pk")
    )
    for registration in live:
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.waiting_since = None
        registration.save(update_fields=["status", "cancelled_at", "waiting_since"])
        messages.offering_cancelled(registration, reason)
    audit_record(
        actor=actor,
        action="offering.cancel",
        summary=offering.title,
        district=offering.host_district,
        details={"offering": offering.pk, "reason": reason, "registrations": [r.pk for r in live]},
    )
    return live
