"""Seats and waiting lists: every write that takes or frees a seat or a childcare place.

The rule that keeps an offering from being oversold: whatever takes or frees a place first locks the
offering's row (`_locked_offering`), then counts what is taken, in the same transaction. Two
registrations for one offering therefore take turns, and each sees the other's seats. Only one
offering's row is ever locked per transaction, so locks cannot be taken in conflicting orders.

A registration is one block: all its attendees are confirmed together, or all wait together. When
places free up, the earliest waiting blocks that fit are confirmed in the same transaction
(`_fill_from_waiting_list`) and told once it commits.
"""

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pep.access import coordinator_only
from pep.refusals import Refused
from pep.services import audit_record
from workshops.models import (
    Attendee,
    Childcare,
    Offering,
    OfferingStatus,
    Registration,
    RegistrationStatus,
)
from workshops.selectors.places import childcare_holders, seat_holders
from workshops.services import messages

TOKEN_BYTES = 32  # 256 random bits in each private link

CLOSED = _("Registration for this workshop is closed.")
NOT_YET_OPEN = _("Registration for this workshop has not opened yet.")
CANCELLED = _("This workshop was cancelled.")
NO_ATTENDEES = _("Add at least one person who will attend.")
NO_CONTACT = _("Give an email address or a mobile phone number, so we can send you your registration.")
ALREADY_CANCELLED = _("This registration was already cancelled.")
GONE = _("This workshop is no longer on offer.")


OVER = _("This workshop is over, so its registrations can no longer be changed.")


def change_refusal(offering: Offering, now=None) -> str:
    """Why a family may no longer change or cancel its registration, or "" when it may."""
    if offering.status == OfferingStatus.CANCELLED:
        return str(CANCELLED)
    if offering.last_ends_at is not None and offering.last_ends_at < (now or timezone.now()):
        return str(OVER)
    return ""


def block_limit() -> int:
    return settings.WORKSHOP_BLOCK_LIMIT


@dataclass(frozen=True)
class AttendeeData:
    name: str
    role: str


@dataclass
class RegistrationData:
    """What a registration form gathers, checked by the form; the services check it again."""

    contact_name: str
    role: str
    language: str
    attendees: list[AttendeeData]
    contact_email: str = ""
    contact_phone: str = ""
    district: object = None
    school: object = None
    interpretation_language: object = None
    childcare_children: int = 0
    childcare_ages: str = ""
    accommodations: str = ""
    dietary_needs: str = ""
    consent_to_contact: bool = False
    # When childcare is full: True waits (the whole block) until a place frees; False comes without it.
    wait_for_childcare: bool = True


class AlreadyRegistered(Refused):
    """This contact already holds a registration for the offering; its private link was sent again."""

    def __init__(self, registration: Registration):
        super().__init__(_("You are already registered for this workshop. We sent your private link again."))
        self.registration = registration


@dataclass(frozen=True)
class Places:
    """What an offering has left, counted under its lock (or, on a page, as of the moment it was read)."""

    seats: int
    childcare: int


def places_left(offering: Offering) -> Places:
    """Seats and childcare places not taken by confirmed registrations."""
    seats_taken = seat_holders().filter(offering_id=offering.pk).count()
    children = childcare_holders().filter(offering_id=offering.pk).aggregate(total=Sum("childcare_children"))["total"]
    childcare = offering.childcare_capacity - (children or 0) if offering.childcare_offered else 0
    return Places(seats=offering.seat_capacity - seats_taken, childcare=childcare)


def _locked_offering(offering_id: int) -> Offering:
    """The offering, its row locked until the transaction ends: the one gate to its places."""
    try:
        return Offering.objects.select_for_update().get(pk=offering_id)
    except Offering.DoesNotExist:
        raise Refused(GONE) from None


def registration_refusal(offering: Offering, now=None) -> str:
    """Why no one may register for this offering now, or "" when they may."""
    now = now or timezone.now()
    if offering.status == OfferingStatus.CANCELLED:
        return str(CANCELLED)
    if offering.status != OfferingStatus.OPEN:
        return str(CLOSED)
    if now < offering.registration_opens_at:
        return str(NOT_YET_OPEN)
    if now >= offering.registration_closes_at:
        return str(CLOSED)
    return ""


def _check(data: RegistrationData) -> None:
    if not data.attendees:
        raise Refused(NO_ATTENDEES)
    if len(data.attendees) > block_limit():
        raise Refused(
            _("One registration holds at most %(limit)d people; register the others separately.")
            % {"limit": block_limit()}
        )
    if not (data.contact_email or data.contact_phone):
        raise Refused(NO_CONTACT)


def _same_contact(offering: Offering, data: RegistrationData) -> Registration | None:
    live = Registration.objects.filter(offering=offering).exclude(status=RegistrationStatus.CANCELLED)
    if data.contact_email:
        found = live.filter(contact_email__iexact=data.contact_email).order_by("pk").first()
        if found:
            return found
    if data.contact_phone:
        return live.filter(contact_phone=data.contact_phone).order_by("pk").first()
    return None


def _childcare_fits(registration: Registration, places: Places) -> bool:
    return registration.childcare_children <= places.childcare


def registration_create(*, offering: Offering, data: RegistrationData, now=None) -> Registration:
    """Register a block of people: confirmed whole when it fits, otherwise waiting whole.

    A contact who already holds a live registration for the offering gets its link again instead
    (AlreadyRegistered); nothing new is saved.
    """
    try:
        return _registration_create(offering, data, now)
    except AlreadyRegistered as already:
        # Sent outside the refused transaction, which rolled back (and with it anything it queued).
        messages.link_again(already.registration)
        raise


@transaction.atomic
def _registration_create(offering: Offering, data: RegistrationData, now=None) -> Registration:
    _check(data)
    offering = _locked_offering(offering.pk)
    refusal = registration_refusal(offering, now)
    if refusal:
        raise Refused(refusal)
    existing = _same_contact(offering, data)
    if existing:
        raise AlreadyRegistered(existing)
    registration = _new_registration(offering, data)
    places = places_left(offering)
    size = len(data.attendees)
    if size > places.seats:
        if (
            registration.childcare_children
            and not _childcare_fits(registration, places)
            and not data.wait_for_childcare
        ):
            registration.childcare = Childcare.WITHOUT  # childcare is full too, and they chose to come without it
        elif registration.childcare_children:
            registration.childcare = Childcare.WAITING  # confirmed with the seats, if places are left then
        _start_waiting(registration, now)
    elif registration.childcare_children and not _childcare_fits(registration, places):
        if data.wait_for_childcare:
            registration.childcare = Childcare.WAITING
            registration.waits_only_for_childcare = True  # for the message, which says why they wait
            _start_waiting(registration, now)
        else:
            registration.childcare = Childcare.WITHOUT
            _confirm(registration, now)
    else:
        _confirm(registration, now)
    registration.full_clean(exclude=["token"])
    registration.save()
    Attendee.objects.bulk_create(
        Attendee(offering=offering, registration=registration, name=person.name, role=person.role)
        for person in data.attendees
    )
    messages.registration_received(registration)
    return registration


def _new_registration(offering: Offering, data: RegistrationData) -> Registration:
    return Registration(
        offering=offering,
        token=secrets.token_urlsafe(TOKEN_BYTES),
        contact_name=data.contact_name,
        contact_email=data.contact_email,
        contact_phone=data.contact_phone,
        role=data.role,
        district=data.district,
        school=data.school,
        language=data.language,
        interpretation_language=data.interpretation_language,
        childcare_children=data.childcare_children if offering.childcare_offered else 0,
        childcare_ages=data.childcare_ages if offering.childcare_offered else "",
        childcare=Childcare.CONFIRMED
        if offering.childcare_offered and data.childcare_children
        else Childcare.NOT_NEEDED,
        accommodations=data.accommodations,
        dietary_needs=data.dietary_needs,
        consent_to_contact=data.consent_to_contact,
    )


def _confirm(registration: Registration, now=None) -> None:
    registration.status = RegistrationStatus.CONFIRMED
    registration.confirmed_at = now or timezone.now()
    registration.waiting_since = None
    if registration.childcare == Childcare.WAITING:
        registration.childcare = Childcare.CONFIRMED


def _start_waiting(registration: Registration, now=None) -> None:
    """Put the block at the end of the waiting list. Called under the offering's lock, so the end is
    always after the last one waiting, even when app servers' clocks differ a little."""
    registration.status = RegistrationStatus.WAITING
    last = Registration.objects.filter(
        offering_id=registration.offering_id, status=RegistrationStatus.WAITING
    ).aggregate(last=Max("waiting_since"))["last"]
    at = now or timezone.now()
    registration.waiting_since = max(at, last + datetime.timedelta(microseconds=1)) if last else at


def waiting_position(registration: Registration) -> int | None:
    """1 for the first block on the waiting list; None when the registration is not waiting."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    since = registration.waiting_since
    ahead = Registration.objects.filter(
        Q(waiting_since__lt=since) | Q(waiting_since=since, pk__lt=registration.pk),
        offering_id=registration.offering_id,
        status=RegistrationStatus.WAITING,
    )
    return ahead.count() + 1


def _fill_from_waiting_list(offering: Offering, now=None) -> list[Registration]:
    """Confirm, in order, each waiting block that fits the places left; call with the offering locked.

    A block that does not fit keeps its place, and a later, smaller block may go ahead of it.
    """
    places = places_left(offering)
    promoted = []
    waiting = (
        Registration.objects.filter(offering_id=offering.pk, status=RegistrationStatus.WAITING)
        .order_by("waiting_since", "pk")
        .prefetch_related("attendees")
    )
    for registration in waiting:
        if places.seats <= 0:
            break
        size = sum(1 for person in registration.attendees.all() if person.cancelled_at is None)
        wants_childcare = registration.childcare in (Childcare.CONFIRMED, Childcare.WAITING)
        children = registration.childcare_children if wants_childcare else 0
        if size > places.seats or children > places.childcare:
            continue
        if wants_childcare:
            registration.childcare = Childcare.CONFIRMED
        _confirm(registration, now)
        registration.save(update_fields=["status", "confirmed_at", "waiting_since", "childcare"])
        places = Places(seats=places.seats - size, childcare=places.childcare - children)
        messages.registration_promoted(registration)
        promoted.append(registration)
    return promoted


def fill_from_waiting_list(*, offering: Offering) -> list[Registration]:
    """After places were added (more seats or childcare), confirm the waiting blocks that now fit.

    Call inside the transaction that changed the offering; it takes the offering's lock itself.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("fill_from_waiting_list must run inside the transaction that freed the places")
    offering = _locked_offering(offering.pk)
    if offering.status == OfferingStatus.CANCELLED:
        return []
    return _fill_from_waiting_list(offering)


def _locked_registration(registration: Registration) -> tuple[Offering, Registration]:
    """The offering locked first (always first, so locks are taken in one order), then the registration."""
    offering = _locked_offering(registration.offering_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    return offering, registration


@transaction.atomic
def registration_cancel(*, registration: Registration, actor=None, now=None) -> Registration:
    """Cancel a whole registration (or leave the waiting list); its places go to those waiting."""
    offering, registration = _locked_registration(registration)
    if registration.status == RegistrationStatus.CANCELLED:
        raise Refused(ALREADY_CANCELLED)
    refusal = change_refusal(offering, now)
    if refusal and actor is None:
        raise Refused(refusal)
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now or timezone.now()
    registration.waiting_since = None
    registration.save(update_fields=["status", "cancelled_at", "waiting_since"])
    if actor is not None:
        audit_record(
            actor=actor,
            action="registration.cancel",
            summary=f"{offering.title}: registration {registration.pk}",
            district=offering.host_district,
            details={"registration": registration.pk},
        )
    messages.registration_cancelled(registration)
    if was_confirmed and not refusal:
        _fill_from_waiting_list(offering, now)
    return registration


@transaction.atomic
def attendee_cancel(*, attendee: Attendee, now=None) -> Registration:
    """One person of a block will not come: their seat frees; the last one cancels the registration."""
    offering, registration = _locked_registration(attendee.registration)
    attendee = Attendee.objects.select_for_update().get(pk=attendee.pk)
    if registration.status == RegistrationStatus.CANCELLED or attendee.cancelled_at:
        raise Refused(ALREADY_CANCELLED)
    refusal = change_refusal(offering, now)
    if refusal:
        raise Refused(refusal)
    others = registration.attendees.filter(cancelled_at__isnull=True).exclude(pk=attendee.pk)
    if not others.exists():
        return registration_cancel(registration=registration, now=now)
    attendee.cancelled_at = now or timezone.now()
    attendee.save(update_fields=["cancelled_at"])
    # A freed seat, or a smaller waiting block that may fit now.
    _fill_from_waiting_list(offering, now)
    return registration


NEEDS_FIELDS = ["interpretation_language", "childcare_children", "childcare_ages", "accommodations", "dietary_needs"]


@transaction.atomic
def registration_change_needs(*, registration: Registration, data: dict, now=None) -> Registration:
    """Change what a family needs; more childcare is given only if places are left."""
    offering, registration = _locked_registration(registration)
    if registration.status == RegistrationStatus.CANCELLED:
        raise Refused(ALREADY_CANCELLED)
    refusal = change_refusal(offering, now)
    if refusal:
        raise Refused(refusal)
    before = registration.childcare_places
    for name in NEEDS_FIELDS:
        if name in data:
            setattr(registration, name, data[name])
    if not offering.childcare_offered:
        registration.childcare_children, registration.childcare_ages = 0, ""
    registration.childcare = _childcare_after_change(offering, registration, before)
    try:
        registration.full_clean(exclude=["token"])
    except ValidationError as error:
        raise Refused(" ".join(error.messages)) from None
    registration.save()
    if registration.childcare_places < before or registration.status == RegistrationStatus.WAITING:
        _fill_from_waiting_list(offering, now)
    return registration


def _childcare_after_change(offering: Offering, registration: Registration, before: int) -> str:
    """Childcare once a family changed how many children need it; more places only if they are left."""
    if registration.childcare_children == 0:
        return Childcare.NOT_NEEDED
    if registration.status != RegistrationStatus.CONFIRMED:
        return Childcare.WITHOUT if registration.childcare == Childcare.WITHOUT else Childcare.WAITING
    places = places_left(offering)
    fits = registration.childcare_children - before <= places.childcare
    if registration.childcare == Childcare.WITHOUT:
        return Childcare.CONFIRMED if fits else Childcare.WITHOUT
    if not fits:
        raise Refused(
            _("Childcare has %(places)d places left; nothing was changed.") % {"places": max(places.childcare, 0)}
        )
    return Childcare.CONFIRMED


# Coordinators' moves, each audited.


def _audit_move(actor, offering: Offering, registration: Registration, move: str) -> None:
    audit_record(
        actor=actor,
        action=f"registration.{move}",
        summary=f"{offering.title}: registration {registration.pk}",
        district=offering.host_district,
        details={"registration": registration.pk, "move": move},
    )


@transaction.atomic
def registration_confirm_by_hand(*, registration: Registration, actor, now=None) -> Registration:
    """A coordinator confirms a waiting block ahead of its turn, if its seats and childcare fit."""
    coordinator_only(actor)
    offering, registration = _locked_registration(registration)
    if registration.status != RegistrationStatus.WAITING:
        raise Refused(_("Only a registration on the waiting list can be confirmed."))
    places = places_left(offering)
    size = registration.attendees.filter(cancelled_at__isnull=True).count()
    children = registration.childcare_children if registration.childcare != Childcare.WITHOUT else 0
    if size > places.seats or children > places.childcare:
        raise Refused(
            _("Not enough places: %(seats)d seats and %(childcare)d childcare places are left. Add seats first.")
            % {"seats": max(places.seats, 0), "childcare": max(places.childcare, 0)}
        )
    _confirm(registration, now)
    if children:
        registration.childcare = Childcare.CONFIRMED
    registration.save(update_fields=["status", "confirmed_at", "waiting_since", "childcare"])
    _audit_move(actor, offering, registration, "confirm")
    messages.registration_promoted(registration)
    return registration


@transaction.atomic
def registration_move_in_waiting_list(*, registration: Registration, actor, to_front: bool) -> Registration:
    """A coordinator moves a waiting block to the front or the back of the waiting list."""
    coordinator_only(actor)
    offering, registration = _locked_registration(registration)
    if registration.status != RegistrationStatus.WAITING:
        raise Refused(_("This registration is not on the waiting list."))
    others = Registration.objects.filter(offering=offering, status=RegistrationStatus.WAITING).exclude(
        pk=registration.pk
    )
    if to_front:
        first = others.aggregate(first=Min("waiting_since"))["first"]
        if first is not None and first <= registration.waiting_since:
            registration.waiting_since = first - datetime.timedelta(microseconds=1)
    else:
        last = others.aggregate(last=Max("waiting_since"))["last"]
        now = timezone.now()
        registration.waiting_since = max(now, last + datetime.timedelta(microseconds=1)) if last else now
    registration.save(update_fields=["waiting_since"])
    _audit_move(actor, offering, registration, "to-front" if to_front else "to-back")
    return registration
