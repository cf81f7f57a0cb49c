"""The seat engine: blocks confirmed whole or waiting whole, childcare as a second capacity, waiting
blocks promoted whenever places free up, refusals, and coordinators' audited moves."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from pep.models import AuditEntry
from pep.refusals import Refused
from workshops.models import Attendee, Childcare, Offering, OfferingStatus, Registration, RegistrationStatus
from workshops.services.seats import (
    AlreadyRegistered,
    Places,
    fill_from_waiting_list,
    places_left,
    registration_cancel,
    registration_change_needs,
    registration_confirm_by_hand,
    registration_move_in_waiting_list,
    registration_refusal,
    waiting_position,
)
from workshops.services.seats import attendee_cancel as cancel_attendee
from workshops.tests.factories import OfferingFactory, register

pytestmark = pytest.mark.django_db

CONFIRMED, WAITING, CANCELLED = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING, RegistrationStatus.CANCELLED


def _status(*registrations: Registration) -> list[str]:
    return [Registration.objects.get(pk=registration.pk).status for registration in registrations]


def _family(size: int, surname: str = "Pérez") -> list[str]:
    return [f"Person {number} {surname}" for number in range(1, size + 1)]


def _childcare_offering(seats: int = 20, childcare: int = 3) -> Offering:
    return OfferingFactory(
        seat_capacity=seats, childcare_offered=True, childcare_capacity=childcare, childcare_ages="3-10"
    )


def _subjects() -> list[tuple[list[str], str]]:
    return [(message.to, message.subject) for message in mail.outbox]


# --- capacity and blocks


def test_it_confirms_a_block_that_fits_and_takes_its_seats():
    offering = OfferingFactory(seat_capacity=5)

    registration = register(offering, "Ana Pérez", "Luis Pérez")

    assert registration.status == CONFIRMED
    assert registration.confirmed_at is not None
    assert registration.waiting_since is None
    assert places_left(offering).seats == 3
    assert sorted(registration.attendees.values_list("name", flat=True)) == ["Ana Pérez", "Luis Pérez"]


def test_it_never_confirms_more_seats_than_the_offering_has():
    offering = OfferingFactory(seat_capacity=3)

    first = register(offering, *_family(2, "Ruiz"))
    second = register(offering, *_family(2, "Soto"))
    third = register(offering, "Mia Chen")

    assert _status(first, second, third) == [CONFIRMED, WAITING, CONFIRMED]
    assert places_left(offering).seats == 0
    confirmed = Attendee.objects.filter(offering=offering, registration__status=CONFIRMED).count()
    assert confirmed == 3


def test_a_block_that_does_not_fit_waits_whole_and_takes_no_seat():
    offering = OfferingFactory(seat_capacity=4)
    register(offering, *_family(2, "Ruiz"))

    family = register(offering, *_family(3, "Soto"))

    assert family.status == WAITING
    assert family.confirmed_at is None
    assert family.attendees.count() == 3
    assert places_left(offering).seats == 2


def test_a_full_offering_puts_a_family_on_the_waiting_list_instead_of_refusing_it():
    offering = OfferingFactory(seat_capacity=1)
    register(offering)

    family = register(offering, "Ana Pérez")

    assert family.status == WAITING
    assert waiting_position(family) == 1
    assert registration_refusal(offering) == ""


# --- childcare, a second capacity


def test_childcare_places_are_taken_by_confirmed_families():
    offering = _childcare_offering(childcare=3)

    family = register(offering, childcare_children=2, childcare_ages="4, 6")

    assert (family.status, family.childcare) == (CONFIRMED, Childcare.CONFIRMED)
    assert places_left(offering) == Places(seats=19, childcare=1)


def test_a_family_that_chooses_to_wait_for_childcare_waits_whole_and_takes_no_seat():
    offering = _childcare_offering(childcare=3)
    register(offering, childcare_children=2)

    family = register(offering, *_family(2), childcare_children=2, wait_for_childcare=True)

    assert (family.status, family.childcare) == (WAITING, Childcare.WAITING)
    assert places_left(offering).seats == 19
    assert places_left(offering).childcare == 1


def test_a_family_that_chooses_to_come_without_childcare_is_confirmed_without_a_childcare_place():
    offering = _childcare_offering(childcare=3)
    register(offering, childcare_children=2)

    family = register(offering, *_family(2), childcare_children=2, wait_for_childcare=False)

    assert (family.status, family.childcare) == (CONFIRMED, Childcare.WITHOUT)
    assert places_left(offering).seats == 17
    assert places_left(offering).childcare == 1


def test_childcare_asked_for_where_none_is_offered_is_not_recorded():
    offering = OfferingFactory(seat_capacity=5)

    family = register(offering, childcare_children=2, childcare_ages="4, 6")

    assert (family.status, family.childcare, family.childcare_children) == (CONFIRMED, Childcare.NOT_NEEDED, 0)


# --- promotion whenever places free up


def test_a_whole_cancellation_confirms_the_first_waiting_block_at_once_and_tells_it(
    django_capture_on_commit_callbacks,
):
    offering = OfferingFactory(seat_capacity=2)
    leaving = register(offering, *_family(2, "Ruiz"))
    waiting = register(offering, *_family(2, "Soto"), contact_email="soto@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=leaving)

    assert _status(leaving, waiting) == [CANCELLED, CONFIRMED]
    assert places_left(offering).seats == 0
    promoted = [message for message in mail.outbox if message.to == ["soto@example.org"]]
    assert len(promoted) == 1
    assert promoted[0].subject == f"A place opened up, you are registered: {offering.title}"
    ((filename, content, mimetype),) = promoted[0].attachments
    assert (filename, mimetype) == ("workshop.ics", "text/calendar")
    assert "BEGIN:VEVENT" in content
    assert waiting.token in promoted[0].body


def test_one_attendee_dropped_frees_a_seat_for_the_first_waiting_block_that_fits():
    offering = OfferingFactory(seat_capacity=3)
    family = register(offering, *_family(3, "Ruiz"))
    waiting = register(offering, "Mia Chen")

    cancel_attendee(attendee=family.attendees.order_by("pk").last())

    assert _status(family, waiting) == [CONFIRMED, CONFIRMED]
    assert family.attendees.filter(cancelled_at__isnull=True).count() == 2
    assert places_left(offering).seats == 0


def test_the_last_attendee_dropped_cancels_the_registration_and_frees_its_seat():
    offering = OfferingFactory(seat_capacity=1)
    alone = register(offering, "Ana Pérez")
    waiting = register(offering, "Mia Chen")

    cancel_attendee(attendee=alone.attendees.get())

    assert _status(alone, waiting) == [CANCELLED, CONFIRMED]


def test_more_seats_confirm_the_waiting_blocks_that_now_fit_in_the_same_transaction(
    django_capture_on_commit_callbacks,
):
    offering = OfferingFactory(seat_capacity=2)
    register(offering, *_family(2, "Ruiz"))
    first = register(offering, *_family(2, "Soto"), contact_email="soto@example.org")
    second = register(offering, *_family(3, "Vega"), contact_email="vega@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Offering.objects.filter(pk=offering.pk).update(seat_capacity=5)
        promoted = fill_from_waiting_list(offering=offering)

    assert promoted == [first]
    assert _status(first, second) == [CONFIRMED, WAITING]
    assert waiting_position(Registration.objects.get(pk=second.pk)) == 1
    assert _subjects() == [(["soto@example.org"], f"A place opened up, you are registered: {offering.title}")]


def test_a_cancelled_offering_promotes_no_one():
    offering = OfferingFactory(seat_capacity=1)
    register(offering)
    waiting = register(offering)

    with transaction.atomic():
        Offering.objects.filter(pk=offering.pk).update(seat_capacity=5, status=OfferingStatus.CANCELLED)
        assert fill_from_waiting_list(offering=offering) == []

    assert _status(waiting) == [WAITING]


def test_fewer_children_in_childcare_confirm_a_family_waiting_for_childcare():
    offering = _childcare_offering(childcare=3)
    family = register(offering, childcare_children=3, childcare_ages="2, 4, 6")
    waiting = register(offering, childcare_children=2, wait_for_childcare=True)

    registration_change_needs(registration=family, data={"childcare_children": 1, "childcare_ages": "6"})

    waiting.refresh_from_db()
    assert (waiting.status, waiting.childcare) == (CONFIRMED, Childcare.CONFIRMED)
    assert places_left(offering).childcare == 0


def test_a_cancelled_family_frees_its_childcare_places_for_a_family_waiting_for_them():
    offering = _childcare_offering(childcare=2)
    family = register(offering, childcare_children=2)
    waiting = register(offering, childcare_children=2, wait_for_childcare=True)

    registration_cancel(registration=family)

    waiting.refresh_from_db()
    assert (waiting.status, waiting.childcare) == (CONFIRMED, Childcare.CONFIRMED)
    assert places_left(offering).childcare == 0


def test_more_childcare_places_confirm_a_family_waiting_for_childcare():
    offering = _childcare_offering(childcare=1)
    waiting = register(offering, childcare_children=2, wait_for_childcare=True)

    with transaction.atomic():
        Offering.objects.filter(pk=offering.pk).update(childcare_capacity=2)
        fill_from_waiting_list(offering=offering)

    waiting.refresh_from_db()
    assert (waiting.status, waiting.childcare) == (CONFIRMED, Childcare.CONFIRMED)


def test_a_family_waiting_for_seats_that_would_come_without_childcare_is_confirmed_without_it():
    offering = _childcare_offering(seats=2, childcare=1)
    seated = register(offering, *_family(2, "Ruiz"), childcare_children=1)
    family = register(offering, *_family(2, "Soto"), childcare_children=1, wait_for_childcare=False)
    assert family.status == WAITING

    registration_cancel(registration=seated)

    family.refresh_from_db()
    # They chose to come without childcare, so they stay without it though a place freed too.
    assert (family.status, family.childcare) == (CONFIRMED, Childcare.WITHOUT)


def test_the_earliest_waiting_block_that_fits_is_confirmed_first():
    offering = OfferingFactory(seat_capacity=2)
    family = register(offering, *_family(2, "Ruiz"))
    first = register(offering, "Mia Chen")
    second = register(offering, "Omar Haddad")

    cancel_attendee(attendee=family.attendees.order_by("pk").last())

    assert _status(first, second) == [CONFIRMED, WAITING]
    assert waiting_position(Registration.objects.get(pk=second.pk)) == 1


def test_a_block_that_does_not_fit_keeps_its_place_while_a_later_smaller_one_goes_ahead():
    offering = OfferingFactory(seat_capacity=4)
    family = register(offering, *_family(4, "Ruiz"))
    big = register(offering, *_family(3, "Soto"))
    small = register(offering, "Mia Chen")

    cancel_attendee(attendee=family.attendees.order_by("pk").last())

    assert _status(big, small) == [WAITING, CONFIRMED]
    assert waiting_position(Registration.objects.get(pk=big.pk)) == 1

    registration_cancel(registration=family)

    assert _status(big, small) == [CONFIRMED, CONFIRMED]
    assert places_left(offering).seats == 0


def test_a_waiting_family_that_shrinks_to_fit_is_confirmed():
    offering = OfferingFactory(seat_capacity=3)
    register(offering, *_family(2, "Ruiz"))
    family = register(offering, *_family(2, "Soto"))

    cancel_attendee(attendee=family.attendees.order_by("pk").last())

    assert _status(family) == [CONFIRMED]
    assert places_left(offering).seats == 0


def test_leaving_the_waiting_list_frees_no_seat_and_moves_the_others_up():
    offering = OfferingFactory(seat_capacity=1)
    register(offering)
    first, second, third = (register(offering) for _ in range(3))

    assert [waiting_position(each) for each in (first, second, third)] == [1, 2, 3]

    registration_cancel(registration=first)

    assert _status(first, second, third) == [CANCELLED, WAITING, WAITING]
    assert [waiting_position(Registration.objects.get(pk=each.pk)) for each in (second, third)] == [1, 2]
    assert waiting_position(Registration.objects.get(pk=first.pk)) is None


def test_the_waiting_list_keeps_arrival_order_even_when_the_clock_runs_back(time_machine):
    offering = OfferingFactory(seat_capacity=1)
    register(offering)
    first = register(offering)
    # The next one reaches an app server whose clock is a little behind.
    time_machine.move_to(timezone.now() - datetime.timedelta(seconds=5))
    second = register(offering)

    assert [waiting_position(Registration.objects.get(pk=each.pk)) for each in (first, second)] == [1, 2]


def test_a_cancelled_registration_cannot_be_cancelled_again():
    offering = OfferingFactory()
    registration = register(offering)
    registration_cancel(registration=registration)

    with pytest.raises(Refused, match="already cancelled"):
        registration_cancel(registration=registration)


# --- one registration per contact


def test_a_second_registration_by_the_same_email_sends_the_link_again_and_saves_nothing(
    django_capture_on_commit_callbacks,
):
    offering = OfferingFactory()
    first = register(offering, "Ana Pérez", contact_email="Ana.Perez@Example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(AlreadyRegistered) as refused:
        register(offering, "Ana Pérez", "Luis Pérez", contact_email="ana.perez@example.ORG")

    assert refused.value.registration == first
    assert "already registered" in str(refused.value)
    assert Registration.objects.filter(offering=offering).count() == 1
    assert Attendee.objects.filter(offering=offering).count() == 1
    assert [message.to for message in mail.outbox] == [["Ana.Perez@Example.org"]]
    assert mail.outbox[0].subject == f"Your registration: {offering.title}"
    assert first.token in mail.outbox[0].body


def test_a_second_registration_by_the_same_phone_is_refused():
    offering = OfferingFactory()
    first = register(offering, contact_email="", contact_phone="+13125550100")

    with pytest.raises(AlreadyRegistered) as refused:
        register(offering, contact_email="", contact_phone="+13125550100")

    assert refused.value.registration == first
    assert Registration.objects.filter(offering=offering).count() == 1


def test_a_contact_whose_registration_was_cancelled_may_register_again():
    offering = OfferingFactory()
    first = register(offering, contact_email="ana@example.org")
    registration_cancel(registration=first)

    again = register(offering, contact_email="ana@example.org")

    assert again.status == CONFIRMED
    assert again.pk != first.pk


# --- refusals: a clear reason, nothing saved


def _refused(offering: Offering, message: str, *names: str, **fields) -> None:
    with pytest.raises(Refused, match=message) as refused:
        register(offering, *names, **fields)
    assert not isinstance(refused.value, AlreadyRegistered)
    assert not Registration.objects.filter(offering=offering).exists()
    assert not Attendee.objects.filter(offering=offering).exists()


def test_registration_is_refused_once_registration_closes(time_machine):
    offering = OfferingFactory()
    time_machine.move_to(offering.registration_closes_at)

    _refused(offering, "closed")


def test_registration_is_refused_for_a_closed_offering():
    _refused(OfferingFactory(status=OfferingStatus.CLOSED), "closed")


def test_registration_is_refused_for_a_draft_offering():
    _refused(OfferingFactory(status=OfferingStatus.DRAFT), "closed")


def test_registration_is_refused_before_registration_opens(time_machine):
    offering = OfferingFactory()
    time_machine.move_to(offering.registration_opens_at - datetime.timedelta(minutes=1))

    _refused(offering, "not opened yet")


def test_registration_is_refused_for_a_cancelled_offering():
    _refused(OfferingFactory(status=OfferingStatus.CANCELLED), "cancelled")


def test_registration_is_refused_without_anyone_attending():
    _refused(OfferingFactory(), "at least one person", attendees=[])


def test_registration_is_refused_for_more_people_than_one_block_may_hold(settings):
    settings.WORKSHOP_BLOCK_LIMIT = 3
    offering = OfferingFactory()

    _refused(offering, "at most 3 people", *_family(4))
    assert register(offering, *_family(3)).status == CONFIRMED


def test_registration_is_refused_without_an_email_or_a_phone():
    _refused(OfferingFactory(), "email address or a mobile phone", contact_email="", contact_phone="")


def test_the_refusal_says_why_registration_is_not_possible():
    offering = OfferingFactory()

    assert registration_refusal(offering) == ""
    assert registration_refusal(offering, now=offering.registration_closes_at) == (
        "Registration for this workshop is closed."
    )
    assert registration_refusal(offering, now=offering.registration_opens_at - datetime.timedelta(seconds=1)) == (
        "Registration for this workshop has not opened yet."
    )


# --- needs


def test_more_children_than_childcare_has_left_are_refused_and_nothing_changes():
    offering = _childcare_offering(childcare=3)
    family = register(offering, childcare_children=2, dietary_needs="")

    with pytest.raises(Refused, match="1 places left"):
        registration_change_needs(registration=family, data={"childcare_children": 4, "dietary_needs": "Vegetarian"})

    family.refresh_from_db()
    assert (family.childcare_children, family.dietary_needs) == (2, "")


def test_a_family_that_came_without_childcare_can_still_change_its_other_needs():
    offering = _childcare_offering(childcare=1)
    register(offering, childcare_children=1)
    family = register(offering, childcare_children=2, wait_for_childcare=False)

    registration_change_needs(registration=family, data={"childcare_children": 2, "dietary_needs": "Vegetarian"})

    family.refresh_from_db()
    assert (family.childcare, family.dietary_needs) == (Childcare.WITHOUT, "Vegetarian")


# --- coordinators' moves


def test_a_coordinator_moves_a_waiting_block_to_the_front_and_it_is_audited(people):
    offering = OfferingFactory(seat_capacity=1)
    register(offering)
    first, second = register(offering), register(offering)

    registration_move_in_waiting_list(registration=second, actor=people.coordinator, to_front=True)

    assert [waiting_position(Registration.objects.get(pk=each.pk)) for each in (first, second)] == [2, 1]
    entry = AuditEntry.objects.get(action="registration.to-front")
    assert entry.actor == people.coordinator
    assert entry.details == {"registration": second.pk, "move": "to-front"}


def test_a_coordinator_moves_a_waiting_block_to_the_back_and_it_is_audited(people):
    offering = OfferingFactory(seat_capacity=1)
    register(offering)
    first, second = register(offering), register(offering)

    registration_move_in_waiting_list(registration=first, actor=people.coordinator, to_front=False)

    assert [waiting_position(Registration.objects.get(pk=each.pk)) for each in (first, second)] == [2, 1]
    assert AuditEntry.objects.filter(action="registration.to-back", actor=people.coordinator).count() == 1


def test_a_block_moved_to_the_back_goes_behind_the_last_one_even_when_the_clock_runs_back(people, time_machine):
    offering = OfferingFactory(seat_capacity=1)
    register(offering)
    first, second = register(offering), register(offering)
    # The coordinator's request reaches an app server whose clock is a little behind.
    time_machine.move_to(timezone.now() - datetime.timedelta(seconds=5))

    registration_move_in_waiting_list(registration=first, actor=people.coordinator, to_front=False)

    assert [waiting_position(Registration.objects.get(pk=each.pk)) for each in (first, second)] == [2, 1]


def test_a_coordinator_confirms_a_waiting_block_by_hand_once_seats_are_added(
    people, django_capture_on_commit_callbacks
):
    offering = OfferingFactory(seat_capacity=1)
    register(offering)
    first = register(offering)
    second = register(offering, contact_email="second@example.org")

    with pytest.raises(Refused, match="Not enough places: 0 seats"):
        registration_confirm_by_hand(registration=second, actor=people.coordinator)
    assert not AuditEntry.objects.filter(action="registration.confirm").exists()

    Offering.objects.filter(pk=offering.pk).update(seat_capacity=2)  # added without filling the list
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_confirm_by_hand(registration=second, actor=people.coordinator)

    assert _status(first, second) == [WAITING, CONFIRMED]
    assert AuditEntry.objects.get(action="registration.confirm").actor == people.coordinator
    assert [message.to for message in mail.outbox] == [["second@example.org"]]
    assert mail.outbox[0].attachments[0][0] == "workshop.ics"


def test_only_a_waiting_block_can_be_confirmed_by_hand(people):
    registration = register(OfferingFactory())

    with pytest.raises(Refused, match="Only a registration on the waiting list"):
        registration_confirm_by_hand(registration=registration, actor=people.coordinator)


@pytest.mark.parametrize("who", ["leader_a", "team_a", "parent_a", "nobody"])
def test_only_coordinators_move_people_by_hand(people, who):
    offering = OfferingFactory(seat_capacity=1)
    register(offering)
    first, second = register(offering), register(offering)
    Offering.objects.filter(pk=offering.pk).update(seat_capacity=3)
    actor = getattr(people, who)

    with pytest.raises(PermissionDenied):
        registration_move_in_waiting_list(registration=second, actor=actor, to_front=True)
    with pytest.raises(PermissionDenied):
        registration_confirm_by_hand(registration=second, actor=actor)

    assert _status(first, second) == [WAITING, WAITING]
    assert [waiting_position(Registration.objects.get(pk=each.pk)) for each in (first, second)] == [1, 2]
    assert not AuditEntry.objects.filter(action__startswith="registration.").exists()


def test_a_cancellation_by_a_coordinator_is_audited(people):
    offering = OfferingFactory()
    registration = register(offering)

    registration_cancel(registration=registration, actor=people.coordinator)

    entry = AuditEntry.objects.get(action="registration.cancel")
    assert (entry.actor, entry.details) == (people.coordinator, {"registration": registration.pk})


def test_a_family_waiting_for_seats_is_not_told_its_childcare_is_confirmed(people):
    offering = OfferingFactory(seat_capacity=1, childcare_offered=True, childcare_capacity=10)
    register(offering, "First Comer")

    waiting = register(offering, "Second Comer", childcare_children=2)

    assert waiting.status == RegistrationStatus.WAITING
    assert waiting.childcare == Childcare.WAITING
    registration_cancel(registration=Registration.objects.get(contact_name="First Comer"))
    waiting.refresh_from_db()
    assert (waiting.status, waiting.childcare) == (RegistrationStatus.CONFIRMED, Childcare.CONFIRMED)


def test_a_family_cannot_cancel_once_the_workshop_is_over_and_nobody_waiting_is_confirmed_for_it(people):
    offering = OfferingFactory(seat_capacity=1)
    confirmed = register(offering, "Came Along")
    waiting = register(offering, "Still Waiting")
    over = offering.last_ends_at + datetime.timedelta(hours=1)

    with pytest.raises(Refused, match="is over"):
        registration_cancel(registration=confirmed, now=over)
    with pytest.raises(Refused, match="is over"):
        cancel_attendee(attendee=confirmed.attendees.get(), now=over)

    registration_cancel(registration=confirmed, actor=people.coordinator, now=over)  # a coordinator tidies up
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITING
