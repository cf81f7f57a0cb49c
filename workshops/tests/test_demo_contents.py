"""What one run of the workshops' demo makes: an offering of every program, a waiting list, needs,
attendance and certificates. The demo is seeded once for the module (each test is rolled back to it),
so every test here only reads it; tests that seed on their own terms (another day, twice, with real
transactions) are in test_demo.py."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count, Q

from workshops import demo
from workshops.models import (
    Attendance,
    Attendee,
    Childcare,
    Offering,
    OfferingStatus,
    Program,
    Registration,
    RegistrationStatus,
)
from workshops.services.seats import places_left

pytestmark = pytest.mark.django_db


def test_it_makes_an_offering_of_every_program_and_says_so(demo_printed):
    programs = Program.objects.annotate(offerings_count=Count("offerings"))
    assert all(program.offerings_count >= 1 for program in programs), [p.code for p in programs]
    assert "Workshops: 5 offerings" in demo_printed
    assert Offering.objects.get(title=demo.PT3).place_name == "Lincoln Elementary School"


def test_one_offering_is_nearly_full_with_families_waiting(demo_printed):
    offering = Offering.objects.get(title=demo.LEADERSHIP)
    assert offering.sessions.count() == 2
    assert places_left(offering).seats == 1
    waiting = offering.registrations.filter(status=RegistrationStatus.WAITING).order_by("waiting_since")
    sizes = [registration.attendees.count() for registration in waiting]
    assert len(sizes) == 3 and all(1 < size <= 3 for size in sizes)


def test_registrations_carry_interpretation_childcare_and_spanish(demo_printed):
    registrations = Registration.objects.all()
    interpreted = set(
        registrations.exclude(interpretation_language=None).values_list("interpretation_language__code", flat=True)
    )
    assert "es" in interpreted and len(interpreted) >= 2
    assert registrations.filter(childcare=Childcare.CONFIRMED, childcare_children__gt=0).exists()
    assert registrations.filter(language="es").count() >= 5
    assert registrations.filter(contact_email="").exists()  # a family that gave only a phone number


def test_the_parent_college_has_eight_saturdays_and_attendance_for_those_past(demo_printed):
    college = Offering.objects.get(program__code="parent-college")
    sessions = list(college.sessions.order_by("starts_at"))
    chicago = ZoneInfo("America/Chicago")
    days = [session.starts_at.astimezone(chicago).date() for session in sessions]
    assert [day.month for day in days] == [9, 10, 11, 12, 1, 2, 3, 4]
    assert all(day.weekday() == 5 for day in days)
    assert [session.title for session in sessions].count(demo.CAMPUS_VISIT) == 1
    # the demo was seeded on 15 October 2026: September's Saturday is past, October's is not
    marked = Attendance.objects.filter(session__offering=college)
    assert set(marked.values_list("session__starts_at__month", flat=True)) == {9}
    attendees = Attendee.objects.filter(offering=college).count()
    assert 0 < marked.count() < attendees  # partly taken: someone was absent


def test_everyone_at_the_past_action_team_day_earned_a_certificate(demo_printed):
    offering = Offering.objects.get(title=demo.ACTION_TEAMS)
    assert offering.last_ends_at < datetime.datetime.now(tz=datetime.UTC)
    assert offering.status == OfferingStatus.CLOSED
    attendees = Attendee.objects.filter(offering=offering).annotate(
        present=Count("attendance", filter=Q(attendance__session__offering=offering))
    )
    sessions = offering.sessions.count()
    assert attendees.count() >= 5
    assert all(person.present == sessions for person in attendees)
