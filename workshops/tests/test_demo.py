"""The workshops' demo seeded by each test on its own terms: a second run adds nothing, any day of the
school year works, and seeding writes its emails without printing them. What one run makes (an offering
of every program, a waiting list, needs, attendance and certificates) is in test_demo_contents.py."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from pep import demo as core_demo
from workshops import demo
from workshops.models import Attendance, Attendee, Offering, Registration


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
