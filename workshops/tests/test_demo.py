"""The workshops' demo: an offering of every program, a waiting list, needs, attendance and certificates."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import Count, Q

from pep import demo as core_demo
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


@pytest.fixture
def demo_logins_file(tmp_path, monkeypatch):
    path = tmp_path / "demo-logins.json"
    monkeypatch.setattr(core_demo, "DEMO_LOGINS_FILE", path)
    return path


def _seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", force=True, stdout=out)
    return out.getvalue()


def _snapshot():
    return (
        list(Offering.objects.values_list("title", "status", "seat_capacity").order_by("pk")),
        list(Registration.objects.values_list("contact_name", "status", "waiting_since").order_by("pk")),
        Attendee.objects.count(),
        Attendance.objects.count(),
    )


@pytest.mark.django_db
def test_it_makes_an_offering_of_every_program_and_says_so(demo_logins_file):
    printed = _seed()

    programs = Program.objects.annotate(offerings_count=Count("offerings"))
    assert all(program.offerings_count >= 1 for program in programs), [p.code for p in programs]
    assert "Workshops: 5 offerings" in printed
    assert Offering.objects.get(title=demo.PT3).place_name == "Lincoln Elementary School"


@pytest.mark.django_db
def test_one_offering_is_nearly_full_with_families_waiting(demo_logins_file):
    _seed()

    offering = Offering.objects.get(title=demo.LEADERSHIP)
    assert offering.sessions.count() == 2
    assert places_left(offering).seats == 1
    waiting = offering.registrations.filter(status=RegistrationStatus.WAITING).order_by("waiting_since")
    sizes = [registration.attendees.count() for registration in waiting]
    assert len(sizes) == 3 and all(1 < size <= 3 for size in sizes)


@pytest.mark.django_db
def test_registrations_carry_interpretation_childcare_and_spanish(demo_logins_file):
    _seed()

    registrations = Registration.objects.all()
    interpreted = set(
        registrations.exclude(interpretation_language=None).values_list("interpretation_language__code", flat=True)
    )
    assert "es" in interpreted and len(interpreted) >= 2
    assert registrations.filter(childcare=Childcare.CONFIRMED, childcare_children__gt=0).exists()
    assert registrations.filter(language="es").count() >= 5
    assert registrations.filter(contact_email="").exists()  # a family that gave only a phone number


@pytest.mark.django_db
def test_the_parent_college_has_eight_saturdays_and_attendance_for_those_past(demo_logins_file):
    _seed()

    college = Offering.objects.get(program__code="parent-college")
    sessions = list(college.sessions.order_by("starts_at"))
    chicago = ZoneInfo("America/Chicago")
    days = [session.starts_at.astimezone(chicago).date() for session in sessions]
    assert [day.month for day in days] == [9, 10, 11, 12, 1, 2, 3, 4]
    assert all(day.weekday() == 5 for day in days)
    assert [session.title for session in sessions].count(demo.CAMPUS_VISIT) == 1
    # the clock stands at 15 October 2026: September's Saturday is past, October's is not
    marked = Attendance.objects.filter(session__offering=college)
    assert set(marked.values_list("session__starts_at__month", flat=True)) == {9}
    attendees = Attendee.objects.filter(offering=college).count()
    assert 0 < marked.count() < attendees  # partly taken: someone was absent


@pytest.mark.django_db
def test_everyone_at_the_past_action_team_day_earned_a_certificate(demo_logins_file):
    _seed()

    offering = Offering.objects.get(title=demo.ACTION_TEAMS)
    assert offering.last_ends_at < datetime.datetime.now(tz=datetime.UTC)
    assert offering.status == OfferingStatus.CLOSED
    attendees = Attendee.objects.filter(offering=offering).annotate(
        present=Count("attendance", filter=Q(attendance__session__offering=offering))
    )
    sessions = offering.sessions.count()
    assert attendees.count() >= 5
    assert all(person.present == sessions for person in attendees)


@pytest.mark.django_db
def test_running_it_twice_adds_nothing(demo_logins_file):
    _seed()
    first = _snapshot()

    printed = _seed()

    assert _snapshot() == first
    assert "nothing added" in printed


@pytest.mark.django_db
@pytest.mark.parametrize("day", [datetime.date(2026, 7, 2), datetime.date(2027, 1, 9), datetime.date(2027, 6, 20)])
def test_it_works_on_any_day_of_the_school_year(demo_logins_file, time_machine, day):
    time_machine.move_to(datetime.datetime.combine(day, datetime.time(10), tzinfo=ZoneInfo("America/Chicago")))

    _seed()

    college = Offering.objects.get(program__code="parent-college")
    past = college.sessions.filter(ends_at__lt=datetime.datetime.now(tz=datetime.UTC)).count()
    marked_sessions = Attendance.objects.filter(session__offering=college).values("session").distinct().count()
    assert marked_sessions == past
    assert Registration.objects.filter(offering=college).count() == len(demo.COLLEGE_FAMILIES)


@pytest.mark.django_db(transaction=True)
def test_seeding_prints_no_emails_even_where_mail_goes_to_the_console(demo_logins_file, settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    mail.outbox = []

    _seed()

    assert "Subject:" not in capsys.readouterr().out
    assert len(mail.outbox) >= 20  # the messages were written, to the in-memory outbox
