"""The completion rule: every session (so not before the last one), or at least k of them; only attendance
at sessions that have started counts; cancelled people never complete; walk-ins complete like anyone else.
Counted in the database."""

import datetime

import pytest

from workshops.models import Attendee, Registration
from workshops.selectors.completion import certificate_earned, certificates_earned, offering_certificates
from workshops.services.attendance import attendance_mark, walk_in_add
from workshops.services.seats import attendee_cancel, registration_cancel
from workshops.tests.factories import OfferingFactory, register

pytestmark = pytest.mark.django_db

# The clock is pinned on 15 Oct 2026, 10:00: the first three sessions have taken place, the last has not.
SERIES = [
    (datetime.date(2026, 9, 19), 9, 12),
    (datetime.date(2026, 9, 26), 9, 12),
    (datetime.date(2026, 10, 3), 9, 12),
    (datetime.date(2026, 11, 7), 9, 12),
]


PAST_SERIES = SERIES[:3]  # a series whose sessions have all taken place


def _series(sessions=SERIES, **fields):
    offering = OfferingFactory(sessions=sessions, **fields)
    return offering, list(offering.sessions.order_by("starts_at"))


def _attend(people, attendee: Attendee, *sessions) -> None:
    for session in sessions:
        attendance_mark(session=session, attendee=attendee, present=True, actor=people.coordinator)


def _names(attendees) -> list[str]:
    return [attendee.name for attendee in attendees]


def test_it_asks_for_every_session_when_no_number_is_set(people):
    offering, sessions = _series(PAST_SERIES)
    registration = register(offering, "Ana Every", "Luis Missed")
    ana, luis = registration.attendees.order_by("pk")
    _attend(people, ana, *sessions[:3])
    _attend(people, luis, sessions[0], sessions[2])

    assert _names(certificates_earned(registration)) == ["Ana Every"]


def test_every_session_means_no_certificate_before_the_last_one(people):
    offering, sessions = _series()
    registration = register(offering, "Ana Early")
    ana = registration.attendees.get()
    _attend(people, ana, *sessions[:3])

    assert not certificate_earned(ana)  # three sessions of four so far
    assert not certificate_earned(ana, now=sessions[3].ends_at)  # the fourth took place without her


def test_it_asks_for_at_least_k_sessions_when_a_number_is_set(people):
    offering, sessions = _series(sessions_required=2)
    registration = register(offering, "Two Sessions", "One Session", "No Session")
    two, one, _none = registration.attendees.order_by("pk")
    _attend(people, two, sessions[0], sessions[2])
    _attend(people, one, sessions[1])

    assert _names(certificates_earned(registration)) == ["Two Sessions"]


def test_a_number_larger_than_the_sessions_asks_for_every_session(people):
    offering = OfferingFactory(sessions=[(datetime.date(2026, 10, 3), 9, 12)], sessions_required=3)
    registration = register(offering, "Only One")
    _attend(people, registration.attendees.get(), offering.sessions.get())

    assert _names(certificates_earned(registration)) == ["Only One"]


def test_nobody_completes_before_the_first_session(people):
    offering = OfferingFactory(sessions=[(datetime.date(2026, 11, 7), 9, 12)])
    registration = register(offering, "Too Soon")

    assert certificates_earned(registration) == []


def test_a_cancelled_attendee_does_not_complete_even_with_attendance(people):
    offering, sessions = _series(PAST_SERIES)
    registration = register(offering, "Stays Here", "Left Later")
    stays, left = registration.attendees.order_by("pk")
    _attend(people, stays, *sessions[:3])
    _attend(people, left, *sessions[:3])

    attendee_cancel(attendee=left, now=sessions[0].starts_at - datetime.timedelta(days=1))

    assert _names(certificates_earned(registration)) == ["Stays Here"]


def test_a_cancelled_registration_earns_no_certificate(people):
    offering, sessions = _series()
    registration = register(offering, "Whole Family")
    _attend(people, registration.attendees.get(), *sessions[:3])

    registration_cancel(registration=registration)

    assert certificates_earned(Registration.objects.get(pk=registration.pk)) == []


def test_a_walk_in_completes_like_anyone_else(people):
    offering, sessions = _series(sessions_required=1)
    walk_in = walk_in_add(session=sessions[2], name="Walked In", role="parent", actor=people.coordinator)
    registration = register(offering, "Registered Absent")

    assert _names(offering_certificates(offering)) == ["Walked In"]
    assert certificate_earned(walk_in)
    assert certificates_earned(registration) == []


def test_it_counts_in_the_database_with_one_query_however_many_attend(people, django_assert_num_queries):
    offering, sessions = _series(PAST_SERIES)
    for number in range(8):
        registration = register(offering, f"Parent {number}", f"Partner {number}")
        for attendee in registration.attendees.all():
            _attend(people, attendee, *sessions[:3])

    with django_assert_num_queries(1):
        earned = offering_certificates(offering)

    assert len(earned) == 16
