"""Messages to registrants: queued as tasks once the change commits, in the registrant's language, with
the private link, and the sessions as an .ics file when seats are confirmed."""

import datetime
import logging

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django_tasks import TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar

from pep.tests.test_tasks import FailingMailServer
from workshops.models import Registration, RegistrationStatus
from workshops.services import messages
from workshops.services.seats import registration_cancel
from workshops.tests.factories import OfferingFactory, register

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SERIES = [(datetime.date(2026, 11, 7), 9, 12), (datetime.date(2026, 12, 5), 9, 12)]


@pytest.fixture
def enqueued():
    """The task results queued during the test, in order."""
    results = []

    def record(sender, task_result, **kwargs):
        results.append(task_result)

    task_enqueued.connect(record)
    yield results
    task_enqueued.disconnect(record)


def _calendar(message) -> Calendar:
    ((filename, content, mimetype),) = message.attachments
    assert (filename, mimetype) == ("workshop.ics", "text/calendar")
    return Calendar.from_ical(content)


@pytest.mark.django_db
def test_a_confirmed_family_gets_its_details_link_and_sessions_once_the_registration_commits(
    django_capture_on_commit_callbacks, enqueued
):
    offering = OfferingFactory(sessions=SERIES, online_link="https://meet.example.org/pep")

    with django_capture_on_commit_callbacks(execute=True):
        registration = register(offering, "Ana Pérez", "Luis Pérez", contact_email="ana@example.org")
        assert mail.outbox == []

    assert [result.task.name for result in enqueued] == ["send_message"]
    assert enqueued[0].status == TaskResultStatus.SUCCESSFUL
    (message,) = mail.outbox
    assert message.to == ["ana@example.org"]
    assert message.subject == f"You are registered: {offering.title}"
    assert "Hello Ana Pérez," in message.body
    assert "Your 2 seats are confirmed." in message.body
    assert "- Luis Pérez" in message.body
    assert f"http://testserver/workshops/r/{registration.token}/" in message.body
    events = _calendar(message).walk("VEVENT")
    assert [event.decoded("dtstart").date() for event in events] == [day for day, _, _ in SERIES]
    assert "https://meet.example.org/pep" in str(events[0]["description"])


@pytest.mark.django_db
def test_a_waiting_family_is_told_its_place_in_line_and_gets_no_online_link(django_capture_on_commit_callbacks):
    offering = OfferingFactory(seat_capacity=1, online_link="https://meet.example.org/pep")
    register(offering)
    register(offering)

    with django_capture_on_commit_callbacks(execute=True):
        registration = register(offering, "Mia Chen", contact_email="mia@example.org")

    (message,) = mail.outbox
    assert message.subject == f"You are on the waiting list: {offering.title}"
    assert "You are number 2 in line." in message.body
    assert registration.token in message.body
    assert message.attachments == []
    assert "meet.example.org" not in message.body


@pytest.mark.django_db
def test_a_cancelled_registration_is_told_so(django_capture_on_commit_callbacks):
    offering = OfferingFactory()
    registration = register(offering, contact_email="ana@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=registration)

    (message,) = mail.outbox
    assert message.subject == f"Registration cancelled: {offering.title}"


@pytest.mark.django_db
def test_a_registration_with_only_a_phone_number_gets_no_email(django_capture_on_commit_callbacks, enqueued):
    offering = OfferingFactory()

    with django_capture_on_commit_callbacks(execute=True):
        registration = register(offering, contact_email="", contact_phone="+13125550100")

    assert registration.status == RegistrationStatus.CONFIRMED
    assert enqueued == []
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_session_reminder_names_the_session_and_carries_the_calendar(django_capture_on_commit_callbacks):
    offering = OfferingFactory(sessions=SERIES)
    registration = register(offering, contact_email="ana@example.org")
    session = offering.sessions.order_by("starts_at").last()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        messages.session_reminder(registration, session)

    (message,) = mail.outbox
    assert message.subject.startswith(f"Reminder: {offering.title} on ")
    assert "Dec" in message.subject
    assert "A reminder that" in message.body
    assert registration.token in message.body
    assert len(_calendar(message).walk("VEVENT")) == 2


@pytest.mark.django_db
def test_an_offering_cancelled_message_gives_the_reason(django_capture_on_commit_callbacks):
    offering = OfferingFactory()
    registration = register(offering, contact_email="ana@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        messages.offering_cancelled(registration, "The presenter is ill.")

    (message,) = mail.outbox
    assert message.subject == f"Workshop cancelled: {offering.title}"
    assert "The presenter is ill." in message.body
    assert "http://testserver/workshops/" in message.body


@pytest.mark.django_db
def test_a_message_is_written_in_the_registrants_language(django_capture_on_commit_callbacks):
    offering = OfferingFactory()

    with django_capture_on_commit_callbacks(execute=True):
        register(offering, contact_email="en@example.org", language="en")
        register(offering, contact_email="es@example.org", language="es")

    english, spanish = mail.outbox
    assert english.subject == f"You are registered: {offering.title}"
    assert "Your seat is confirmed." in english.body
    assert spanish.subject == f"Está inscrito(a): {offering.title}"
    assert "Hola, Ana Pérez:" in spanish.body
    assert "Su lugar está confirmado." in spanish.body
    # One language per message: a Spanish speaker's message is not the two-language one.
    assert "Your seat is confirmed." not in spanish.body
    assert "---" not in spanish.body


@pytest.fixture
def run_worker():
    """Run `manage.py db_worker` until the queue has nothing ready, as production's worker would."""
    loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    saved = [(each.level, list(each.handlers)) for each in loggers]

    def run() -> None:
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    yield run
    for each, (level, handlers) in zip(loggers, saved, strict=True):
        each.setLevel(level)
        each.handlers[:] = handlers


# The worker closes its database connection between tasks, so this runs in real transactions.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE, EMAIL_BACKEND="pep.tests.test_tasks.FailingMailServer")
def test_with_the_database_queue_a_registration_is_saved_and_its_message_waits_even_if_the_mail_server_fails(
    run_worker,
):
    FailingMailServer.failures = 1
    offering = OfferingFactory()
    try:
        registration = register(offering, "Ana Pérez", contact_email="ana@example.org")

        queued = DBTaskResult.objects.get()
        assert queued.status == TaskResultStatus.READY
        assert queued.args_kwargs["kwargs"]["to"] == ["ana@example.org"]
        assert mail.outbox == []  # the registration did not wait for the mail server

        run_worker()
    finally:
        FailingMailServer.failures = 0

    first, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert first.status == TaskResultStatus.FAILED
    assert retry.status == TaskResultStatus.READY  # tried again later
    assert retry.args_kwargs["kwargs"]["to"] == ["ana@example.org"]
    ((filename, content, mimetype),) = retry.args_kwargs["kwargs"]["attachments"]  # with its calendar
    assert (filename, mimetype) == ("workshop.ics", "text/calendar")
    assert len(Calendar.from_ical(content).walk("VEVENT")) == 1
    saved = Registration.objects.get(pk=registration.pk)
    assert saved.status == RegistrationStatus.CONFIRMED
    assert saved.attendees.count() == 1
    assert mail.outbox == []
