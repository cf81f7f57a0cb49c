"""Coordinators' writes on offerings: create, update (capacity and sessions), copy for a new term, cancel."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from pep.edit_checks import EditConflict
from pep.models import AuditEntry, Language
from pep.refusals import Refused
from workshops.models import (
    Attendance,
    Childcare,
    Offering,
    OfferingStatus,
    Program,
    Registration,
    RegistrationStatus,
)
from workshops.services import offerings as services
from workshops.services.offerings import SessionData
from workshops.services.seats import places_left
from workshops.tests.factories import OfferingFactory, register

CHICAGO = ZoneInfo("America/Chicago")


def at(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=CHICAGO)


def _data(**changes):
    data = {
        "program": Program.objects.get(code="parent-college"),
        "title": "Parent College 2026-27",
        "host_district": None,
        "language": Language.objects.get(code="en"),
        "interpretation_languages": list(Language.objects.filter(code="es")),
        "place_name": "Central High School",
        "address": "1 College Road",
        "room": "",
        "accessibility_notes": "",
        "online_link": "",
        "seat_capacity": 30,
        "childcare_offered": True,
        "childcare_ages": "3 to 10",
        "childcare_capacity": 10,
        "registration_opens_at": at(2026, 8, 1, 8),
        "registration_closes_at": at(2026, 9, 11, 17),
        "sessions_required": 6,
        "status": OfferingStatus.OPEN,
    }
    data.update(changes)
    return data


def _saturdays(count=8):
    # Second Saturdays from September 2026: the 12th, then every four or five weeks.
    days = [datetime.date(2026, 9, 12) + datetime.timedelta(weeks=4 * n) for n in range(count)]
    return [SessionData(starts_at=at(d.year, d.month, d.day, 9), ends_at=at(d.year, d.month, d.day, 13)) for d in days]


def _form_of(offering: Offering) -> dict:
    """What an untouched edit form would send for the offering."""
    data = {name: getattr(offering, name) for name in services.OFFERING_FIELDS}
    data["interpretation_languages"] = list(offering.interpretation_languages.all())
    return data


def _sessions_of(offering: Offering) -> list[SessionData]:
    return [
        SessionData(pk=s.pk, starts_at=s.starts_at, ends_at=s.ends_at, title=s.title)
        for s in offering.sessions.order_by("starts_at")
    ]


def _update(offering, actor, **changes):
    offering.refresh_from_db()
    data = _form_of(offering) | changes
    return services.offering_update(
        offering=offering, actor=actor, version=offering.version, data=data, sessions=_sessions_of(offering)
    )


# Create


def test_it_creates_an_offering_with_its_sessions_and_stored_first_and_last_times(people):
    offering = services.offering_create(actor=people.coordinator, data=_data(), sessions=_saturdays())

    assert offering.sessions.count() == 8
    assert offering.first_starts_at == at(2026, 9, 12, 9)
    assert offering.last_ends_at == max(s.ends_at for s in _saturdays())
    assert [lang.code for lang in offering.interpretation_languages.all()] == ["es"]
    assert AuditEntry.objects.filter(action="offering.create", details__offering=offering.pk).exists()


@pytest.mark.parametrize(
    "sessions, changes, problem",
    [
        ([], {}, "Add at least one session."),
        ([SessionData(starts_at=at(2026, 9, 12, 13), ends_at=at(2026, 9, 12, 9))], {}, "end after it starts"),
        (_saturdays(2), {"sessions_required": 3}, "has 2 sessions; a certificate cannot require more"),
        (
            _saturdays(1),
            {"registration_closes_at": at(2026, 7, 1, 8), "sessions_required": None},
            "Registration must close after it opens.",
        ),
    ],
)
def test_it_refuses_an_offering_that_does_not_add_up(people, sessions, changes, problem):
    with pytest.raises(ValidationError) as refused:
        services.offering_create(actor=people.coordinator, data=_data(**changes), sessions=sessions)

    assert problem in " ".join(refused.value.messages)
    assert not Offering.objects.filter(title="Parent College 2026-27").exists()


def test_it_refuses_a_new_offering_of_an_inactive_program(people):
    program = Program.objects.get(code="parent-college")
    program.is_active = False
    program.save()

    with pytest.raises(ValidationError) as refused:
        services.offering_create(actor=people.coordinator, data=_data(), sessions=_saturdays(1))

    assert "no longer active" in str(refused.value)


def test_only_coordinators_create_offerings(people):
    with pytest.raises(PermissionDenied):
        services.offering_create(actor=people.leader_a, data=_data(), sessions=_saturdays(1))


# Update: capacity


def test_more_seats_confirm_the_earliest_waiting_block_that_fits_and_tell_it(
    people, django_capture_on_commit_callbacks, mailoutbox
):
    offering = OfferingFactory(seat_capacity=2)
    register(offering, "Ana One", "Ben One")
    family_of_three = register(offering, "Cruz Two", "Dana Two", "Eli Two", contact_email="three@example.org")
    pair = register(offering, "Fay Three", "Gus Three", contact_email="pair@example.org")
    assert family_of_three.status == pair.status == RegistrationStatus.WAITING
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = _update(offering, people.coordinator, seat_capacity=4)

    family_of_three.refresh_from_db()
    pair.refresh_from_db()
    assert family_of_three.status == RegistrationStatus.WAITING  # three do not fit in two seats; keeps its place
    assert pair.status == RegistrationStatus.CONFIRMED
    assert [r.pk for r in promoted] == [pair.pk]
    assert [mail.to for mail in mailoutbox] == [["pair@example.org"]]
    entry = AuditEntry.objects.get(action="offering.update")
    assert entry.details["promoted"] == [pair.pk]
    assert "seat_capacity" in entry.details["changed"]


def test_promotion_happens_in_the_same_transaction_as_the_new_capacity(people, monkeypatch):
    offering = OfferingFactory(seat_capacity=1)
    register(offering)
    waiting = register(offering)
    from workshops.services import seats

    def fail(registration):
        raise RuntimeError("the mail queue is down")

    monkeypatch.setattr(seats.messages, "registration_promoted", fail)

    with pytest.raises(RuntimeError):
        _update(offering, people.coordinator, seat_capacity=2)

    offering.refresh_from_db()
    waiting.refresh_from_db()
    assert offering.seat_capacity == 1  # nothing half-saved: the capacity and the promotion go together
    assert waiting.status == RegistrationStatus.WAITING


def test_more_childcare_places_confirm_a_family_waiting_for_childcare(people):
    offering = OfferingFactory(seat_capacity=10, childcare_offered=True, childcare_capacity=1)
    register(offering, childcare_children=1)
    waiting = register(offering, childcare_children=2)
    assert waiting.status == RegistrationStatus.WAITING

    _update(offering, people.coordinator, childcare_capacity=3)

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert waiting.childcare == Childcare.CONFIRMED
    assert places_left(Offering.objects.get(pk=offering.pk)).childcare == 0


def test_fewer_seats_than_are_confirmed_is_refused_with_the_count(people):
    offering = OfferingFactory(seat_capacity=20)
    for number in range(6):
        register(offering, f"Parent {number}a", f"Parent {number}b")

    with pytest.raises(ValidationError) as refused:
        _update(offering, people.coordinator, seat_capacity=11)

    assert refused.value.message_dict["seat_capacity"] == ["12 seats are already confirmed; seats cannot be fewer."]
    offering.refresh_from_db()
    assert offering.seat_capacity == 20


def test_seats_may_come_down_to_exactly_the_confirmed_ones(people):
    offering = OfferingFactory(seat_capacity=20)
    register(offering, "A", "B")

    _update(offering, people.coordinator, seat_capacity=2)

    offering.refresh_from_db()
    assert offering.seat_capacity == 2


def test_fewer_childcare_places_than_are_confirmed_is_refused(people):
    offering = OfferingFactory(childcare_offered=True, childcare_capacity=5)
    register(offering, childcare_children=3)

    with pytest.raises(ValidationError) as refused:
        _update(offering, people.coordinator, childcare_capacity=2)
    assert "3 childcare places are already confirmed" in refused.value.message_dict["childcare_capacity"][0]

    with pytest.raises(ValidationError) as refused:
        _update(offering, people.coordinator, childcare_offered=False)
    assert "childcare cannot be switched off" in refused.value.message_dict["childcare_offered"][0]


# Update: sessions and edit conflicts


def test_changing_sessions_keeps_the_stored_first_and_last_times_in_step(people):
    offering = OfferingFactory(sessions=[(datetime.date(2026, 11, 7), 9, 15), (datetime.date(2026, 11, 14), 9, 15)])
    first, second = offering.sessions.order_by("starts_at")
    offering.refresh_from_db()
    sessions = [
        SessionData(pk=second.pk, starts_at=at(2026, 11, 21, 10), ends_at=at(2026, 11, 21, 12), title="Moved"),
        SessionData(starts_at=at(2026, 12, 5, 9), ends_at=at(2026, 12, 5, 11)),
    ]

    services.offering_update(
        offering=offering,
        actor=people.coordinator,
        version=offering.version,
        data=_form_of(offering),
        sessions=sessions,
    )

    offering.refresh_from_db()
    assert list(offering.sessions.order_by("starts_at").values_list("title", flat=True)) == ["Moved", ""]
    assert not offering.sessions.filter(pk=first.pk).exists()
    assert offering.sessions.get(title="Moved").pk == second.pk
    assert offering.first_starts_at == at(2026, 11, 21, 10)
    assert offering.last_ends_at == at(2026, 12, 5, 11)


def test_a_session_where_attendance_was_taken_is_not_removed(people):
    offering = OfferingFactory(sessions=[(datetime.date(2026, 10, 10), 9, 15), (datetime.date(2026, 11, 14), 9, 15)])
    registration = register(offering)
    taken, later = offering.sessions.order_by("starts_at")
    Attendance.objects.create(attendee=registration.attendees.get(), session=taken)
    offering.refresh_from_db()

    with pytest.raises(Refused, match="Attendance was taken"):
        services.offering_update(
            offering=offering,
            actor=people.coordinator,
            version=offering.version,
            data=_form_of(offering),
            sessions=[SessionData(pk=later.pk, starts_at=later.starts_at, ends_at=later.ends_at)],
        )

    assert offering.sessions.count() == 2


def test_someone_elses_save_is_not_overwritten(people):
    offering = OfferingFactory(seat_capacity=20)
    opened = offering.version
    _update(offering, people.coordinator, title="Renamed by someone else")

    with pytest.raises(EditConflict) as conflict:
        services.offering_update(
            offering=offering,
            actor=people.coordinator,
            version=opened,
            data=_form_of(offering) | {"title": "My own title"},
            sessions=_sessions_of(offering),
        )

    assert [change.label for change in conflict.value.changes] == ["Title"]
    offering.refresh_from_db()
    assert offering.title == "Renamed by someone else"


def test_someone_elses_sessions_are_not_overwritten(people):
    offering = OfferingFactory()
    opened = offering.version
    before = _sessions_of(offering)
    session = before[0]
    moved = SessionData(
        pk=session.pk, starts_at=session.starts_at, ends_at=session.ends_at + datetime.timedelta(hours=1)
    )
    offering.refresh_from_db()
    services.offering_update(
        offering=offering, actor=people.coordinator, version=opened, data=_form_of(offering), sessions=[moved]
    )

    with pytest.raises(EditConflict) as conflict:
        services.offering_update(
            offering=offering, actor=people.coordinator, version=opened, data=_form_of(offering), sessions=before
        )

    assert [change.label for change in conflict.value.changes] == ["Sessions"]


def test_a_cancelled_offering_is_not_changed(people):
    offering = OfferingFactory()
    services.offering_cancel(offering=offering, actor=people.coordinator, reason="The school is closed.")

    with pytest.raises(Refused):
        _update(offering, people.coordinator, seat_capacity=40)


# Copy


def test_a_copy_moves_every_session_by_whole_weeks_keeping_local_times_across_daylight_saving(people):
    # Last year's series: Saturdays 9:00 in September (daylight time) and January (standard time).
    offering = services.offering_create(
        actor=people.coordinator,
        data=_data(
            title="Parent College 2025-26",
            registration_opens_at=at(2025, 8, 1, 8),
            registration_closes_at=at(2025, 9, 12, 17),
            sessions_required=None,
        ),
        sessions=[
            SessionData(starts_at=at(2025, 9, 13, 9), ends_at=at(2025, 9, 13, 13), title="Welcome"),
            SessionData(starts_at=at(2026, 1, 10, 9), ends_at=at(2026, 1, 10, 13), title="Campus visit day"),
        ],
    )

    copy = services.offering_copy(offering=offering, actor=people.coordinator, first_day=datetime.date(2026, 9, 12))

    sessions = list(copy.sessions.order_by("starts_at"))
    assert [timezone.localtime(s.starts_at).date() for s in sessions] == [
        datetime.date(2026, 9, 12),
        datetime.date(2027, 1, 9),
    ]
    assert all(timezone.localtime(s.starts_at).weekday() == 5 for s in sessions)  # still Saturdays
    assert all(timezone.localtime(s.starts_at).time() == datetime.time(9) for s in sessions)
    assert [s.title for s in sessions] == ["Welcome", "Campus visit day"]
    assert copy.status == OfferingStatus.DRAFT
    assert copy.copied_from == offering
    assert copy.registration_opens_at == at(2026, 7, 31, 8)
    assert copy.registration_closes_at == at(2026, 9, 11, 17)
    assert copy.first_starts_at == at(2026, 9, 12, 9)
    assert list(copy.interpretation_languages.values_list("code", flat=True)) == ["es"]
    assert AuditEntry.objects.filter(action="offering.copy", details__copied_from=offering.pk).exists()


def test_a_copy_takes_no_registrations(people):
    offering = OfferingFactory(sessions=[(datetime.date(2026, 11, 7), 9, 15)])
    register(offering, "A", "B")

    copy = services.offering_copy(offering=offering, actor=people.coordinator, first_day=datetime.date(2027, 11, 6))

    assert not Registration.objects.filter(offering=copy).exists()
    assert places_left(copy).seats == copy.seat_capacity


def test_a_copy_to_another_weekday_is_refused_with_the_weekday(people):
    offering = OfferingFactory(sessions=[(datetime.date(2026, 11, 7), 9, 15)])  # a Saturday

    with pytest.raises(ValidationError) as refused:
        services.offering_copy(offering=offering, actor=people.coordinator, first_day=datetime.date(2027, 11, 7))

    assert "Saturday" in refused.value.message_dict["first_day"][0]
    assert Offering.objects.count() == 1


def test_a_copy_far_from_today_is_refused(people):
    offering = OfferingFactory(sessions=[(datetime.date(2026, 11, 7), 9, 15)])

    with pytest.raises(ValidationError) as refused:
        services.offering_copy(offering=offering, actor=people.coordinator, first_day=datetime.date(9999, 12, 25))

    assert "within ten years" in refused.value.message_dict["first_day"][0]


# Cancel


def test_cancelling_cancels_and_tells_every_confirmed_and_waiting_family(
    people, django_capture_on_commit_callbacks, mailoutbox
):
    offering = OfferingFactory(seat_capacity=1)
    confirmed = register(offering, contact_email="confirmed@example.org")
    waiting = register(offering, contact_email="waiting@example.org")
    earlier = register(OfferingFactory(), contact_email="other@example.org")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.offering_cancel(
            offering=offering, actor=people.coordinator, reason="The building flooded."
        )

    assert {r.pk for r in cancelled} == {confirmed.pk, waiting.pk}
    offering.refresh_from_db()
    assert offering.status == OfferingStatus.CANCELLED
    for registration in (confirmed, waiting):
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.CANCELLED
        assert registration.cancelled_at is not None
    earlier.refresh_from_db()
    assert earlier.status == RegistrationStatus.CONFIRMED
    assert sorted(mail.to[0] for mail in mailoutbox) == ["confirmed@example.org", "waiting@example.org"]
    assert all("The building flooded." in mail.body for mail in mailoutbox)
    entry = AuditEntry.objects.get(action="offering.cancel")
    assert entry.details["reason"] == "The building flooded."


def test_cancelling_needs_a_reason_and_happens_once(people):
    offering = OfferingFactory()

    with pytest.raises(ValidationError):
        services.offering_cancel(offering=offering, actor=people.coordinator, reason="  ")
    services.offering_cancel(offering=offering, actor=people.coordinator, reason="Too few registrations.")
    with pytest.raises(Refused, match="already cancelled"):
        services.offering_cancel(offering=offering, actor=people.coordinator, reason="Again.")


@pytest.mark.parametrize("families", [2, 8])
def test_cancelling_writes_every_familys_message_without_a_query_per_family(
    people, django_capture_on_commit_callbacks, django_assert_max_num_queries, mailoutbox, families
):
    offering = OfferingFactory(seat_capacity=4)
    for number in range(families):
        register(offering, f"Parent {number}", f"Partner {number}", contact_email=f"family{number}@example.org")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks() as messages_to_write:
        services.offering_cancel(offering=offering, actor=people.coordinator, reason="The building flooded.")
    with django_assert_max_num_queries(0), django_capture_on_commit_callbacks(execute=True):
        for write in messages_to_write:
            write()

    assert len(mailoutbox) == families
