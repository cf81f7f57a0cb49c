"""`send_workshop_reminders`: each confirmed registration hears of each coming session once, however
often the command runs and however many machines run it at once."""

import datetime
import io
import threading

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection

from workshops.models import OfferingStatus, Registration, ReminderSent
from workshops.services import messages
from workshops.services.reminders import reminders_send
from workshops.services.seats import registration_cancel
from workshops.tests.factories import OfferingFactory, _at, register

FIRST_DAY, SECOND_DAY = datetime.date(2026, 11, 7), datetime.date(2026, 12, 5)
SERIES = [(FIRST_DAY, 9, 12), (SECOND_DAY, 9, 12)]


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("send_workshop_reminders", *args, stdout=out)
    return out.getvalue().strip()


def _reminded() -> list[tuple[list[str], str]]:
    return [(message.to, message.subject) for message in mail.outbox if message.subject.startswith("Reminder:")]


@pytest.fixture
def reminders_run(django_capture_on_commit_callbacks):
    """Run the command with messages sent as they would be once each reminder's transaction commits."""

    def run(*args: str) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            return _run(*args)

    return run


@pytest.mark.django_db
def test_confirmed_registrations_are_reminded_two_days_before_a_session(time_machine, reminders_run):
    offering = OfferingFactory(seat_capacity=1)
    confirmed = register(offering, contact_email="ana@example.org")
    register(offering, contact_email="waiting@example.org")
    mail.outbox.clear()

    time_machine.move_to(_at(FIRST_DAY, 8) - datetime.timedelta(days=3))
    assert reminders_run() == "Queued 0 session reminders."
    assert _reminded() == []

    time_machine.move_to(_at(FIRST_DAY, 10) - datetime.timedelta(days=2))
    assert reminders_run() == "Queued 1 session reminder."

    (message,) = mail.outbox
    assert message.to == ["ana@example.org"]
    assert message.subject.startswith(f"Reminder: {offering.title} on ")
    assert confirmed.token in message.body
    assert message.attachments[0][0] == "workshop.ics"
    assert ReminderSent.objects.filter(registration=confirmed).count() == 1


@pytest.mark.django_db
def test_running_again_sends_nothing_more(time_machine, reminders_run):
    offering = OfferingFactory()
    for _ in range(3):
        register(offering)
    mail.outbox.clear()
    time_machine.move_to(_at(FIRST_DAY, 8) - datetime.timedelta(days=1))

    assert reminders_run() == "Queued 3 session reminders."
    assert reminders_run() == "Queued 0 session reminders."
    time_machine.move_to(_at(FIRST_DAY, 8) - datetime.timedelta(hours=1))
    assert reminders_run() == "Queued 0 session reminders."

    assert len(_reminded()) == 3
    assert ReminderSent.objects.count() == 3


@pytest.mark.django_db
def test_each_session_of_a_series_is_reminded_once_as_it_comes(time_machine, reminders_run):
    offering = OfferingFactory(sessions=SERIES)
    register(offering, contact_email="ana@example.org")
    mail.outbox.clear()

    time_machine.move_to(_at(FIRST_DAY, 8) - datetime.timedelta(days=1))
    reminders_run()
    time_machine.move_to(_at(FIRST_DAY, 10))  # the first session has started
    reminders_run()
    time_machine.move_to(_at(SECOND_DAY, 8) - datetime.timedelta(days=1))
    reminders_run()
    reminders_run()

    subjects = [subject for _, subject in _reminded()]
    assert len(subjects) == 2
    assert "Nov" in subjects[0] and "Dec" in subjects[1]


@pytest.mark.django_db
def test_days_say_how_far_ahead_to_remind(time_machine, reminders_run, settings):
    offering = OfferingFactory(sessions=SERIES)
    register(offering)
    time_machine.move_to(_at(FIRST_DAY, 8) - datetime.timedelta(days=5))

    assert reminders_run() == "Queued 0 session reminders."
    settings.WORKSHOP_REMINDER_DAYS = 6
    assert reminders_run() == "Queued 1 session reminder."
    assert reminders_run("--days", "40") == "Queued 1 session reminder."  # the December session


@pytest.mark.django_db
def test_a_negative_number_of_days_is_refused():
    with pytest.raises(CommandError, match="0 or more"):
        _run("--days", "-1")


@pytest.mark.django_db
def test_sessions_already_started_or_of_cancelled_offerings_are_not_reminded(time_machine, reminders_run):
    started = OfferingFactory(sessions=[(FIRST_DAY, 9, 15)])
    register(started)
    cancelled = OfferingFactory(sessions=[(FIRST_DAY, 11, 15)])
    register(cancelled)
    cancelled.status = OfferingStatus.CANCELLED
    cancelled.save(update_fields=["status"])
    mail.outbox.clear()

    time_machine.move_to(_at(FIRST_DAY, 10))

    assert reminders_run() == "Queued 0 session reminders."
    assert mail.outbox == []


@pytest.mark.django_db
def test_cancelled_and_phone_only_registrations_are_not_reminded(time_machine, reminders_run):
    offering = OfferingFactory()
    registration_cancel(registration=register(offering))
    register(offering, contact_email="", contact_phone="+13125550100")
    mail.outbox.clear()
    time_machine.move_to(_at(FIRST_DAY, 8) - datetime.timedelta(days=1))

    assert reminders_run() == "Queued 0 session reminders."
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_family_promoted_after_a_run_is_reminded_on_the_next(time_machine, reminders_run):
    offering = OfferingFactory(seat_capacity=1)
    leaving = register(offering)
    promoted = register(offering, contact_email="promoted@example.org")
    time_machine.move_to(_at(FIRST_DAY, 8) - datetime.timedelta(days=1))
    reminders_run()

    registration_cancel(registration=leaving)
    mail.outbox.clear()

    assert reminders_run() == "Queued 1 session reminder."
    assert _reminded()[0][0] == ["promoted@example.org"]
    assert ReminderSent.objects.filter(registration=promoted).exists()


@pytest.mark.django_db
def test_a_reminder_that_could_not_be_queued_is_not_recorded_and_goes_out_on_the_next_run(
    time_machine, monkeypatch, reminders_run
):
    offering = OfferingFactory()
    first, second = register(offering), register(offering)
    mail.outbox.clear()
    time_machine.move_to(_at(FIRST_DAY, 8) - datetime.timedelta(days=1))
    real = messages.session_reminder

    def broken_for_the_first(registration, session):
        if registration.pk == first.pk:
            raise RuntimeError("template missing")
        real(registration, session)

    monkeypatch.setattr(messages, "session_reminder", broken_for_the_first)
    with pytest.raises(RuntimeError):
        reminders_run()
    assert not ReminderSent.objects.filter(registration=first).exists()

    monkeypatch.setattr(messages, "session_reminder", real)
    reminders_run()

    assert sorted(ReminderSent.objects.values_list("registration_id", flat=True)) == [first.pk, second.pk]
    assert len(_reminded()) == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_remind_each_registration_once(time_machine):
    offerings = [OfferingFactory(sessions=SERIES) for _ in range(2)]
    registrations = [register(offering) for offering in offerings for _ in range(15)]
    mail.outbox.clear()
    time_machine.move_to(_at(FIRST_DAY, 8) - datetime.timedelta(days=1))
    runs = 4
    start = threading.Barrier(runs)
    counts, errors = [], []

    def run():
        start.wait()
        try:
            counts.append(reminders_send(days=40))
        except Exception as error:  # the test reports whatever went wrong
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(counts) == len(registrations) * 2  # two sessions each
    assert ReminderSent.objects.count() == len(registrations) * 2
    assert len(_reminded()) == len(registrations) * 2
    assert Registration.objects.count() == len(registrations)
    assert reminders_send(days=40) == 0
