"""Messages are queued as background tasks after the change commits, and a refused send is tried again."""

import logging
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks_db.models import DBTaskResult

from pep.notifications import Recipient, deliver, notify

ADDRESS = "ana.lopez@example.org"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class FailingMailServer(EmailBackend):
    """Refuses the first `failures` messages as an SMTP server would, naming the recipient; then takes them."""

    failures = 0

    def send_messages(self, messages):
        if FailingMailServer.failures:
            FailingMailServer.failures -= 1
            raise smtplib.SMTPRecipientsRefused({ADDRESS: (451, f"<{ADDRESS}> try again later".encode())})
        return super().send_messages(messages)


@pytest.fixture
def mail_server_fails():
    """Set how many sends the mail server refuses."""

    def fail(times: int) -> None:
        FailingMailServer.failures = times

    with override_settings(EMAIL_BACKEND="pep.tests.test_tasks.FailingMailServer"):
        yield fail
    FailingMailServer.failures = 0


@pytest.fixture
def enqueued():
    """The task results queued during the test, in order."""
    results = []

    def record(sender, task_result, **kwargs):
        results.append(task_result)

    task_enqueued.connect(record)
    yield results
    task_enqueued.disconnect(record)


@pytest.fixture
def run_worker():
    """Run `manage.py db_worker` until the queue has nothing ready, as production's worker would."""
    loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    saved = [(each.level, list(each.handlers)) for each in loggers]

    def run() -> None:
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    yield run
    # The command sets its loggers' levels for the whole process; later tests need them as configured.
    for each, (level, handlers) in zip(loggers, saved, strict=True):
        each.setLevel(level)
        each.handlers[:] = handlers


def _invite(email: str = ADDRESS) -> None:
    notify(
        recipients=[Recipient(email, "en")],
        template="emails/pep/invitation",
        context={"invitation": {"name": "Ana", "email": email}, "role": "Team member", "link": "/x", "days": 7},
    )


def _message(to: str = ADDRESS) -> list[tuple[str, str, None, list[str]]]:
    return [("Your plan was approved", "The plan for Lincoln Elementary was approved.", None, [to])]


@pytest.mark.django_db
def test_a_notification_is_queued_once_the_change_commits_and_sent(enqueued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invite()
        _invite("luis@example.org")
        assert enqueued == []
        assert mail.outbox == []

    assert [result.task.name for result in enqueued] == ["send_message", "send_message"]
    assert all(result.status == TaskResultStatus.SUCCESSFUL for result in enqueued)
    assert [message.to for message in mail.outbox] == [[ADDRESS], ["luis@example.org"]]
    assert mail.outbox[0].subject == "You are invited to PEP"
    assert "Hello Ana," in mail.outbox[0].body


@pytest.mark.django_db
def test_a_change_that_is_rolled_back_queues_no_message(enqueued):
    with pytest.raises(RuntimeError), transaction.atomic():
        _invite()
        raise RuntimeError

    assert enqueued == []
    assert mail.outbox == []


def test_a_send_the_mail_server_refuses_is_queued_again_and_then_sent(mail_server_fails, enqueued, caplog):
    mail_server_fails(1)

    deliver(_message())

    assert [result.kwargs.get("attempt", 1) for result in enqueued] == [1, 2]
    assert [result.status for result in enqueued] == [TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL]
    assert [message.to for message in mail.outbox] == [[ADDRESS]]
    assert f"Message task {enqueued[0].id} not sent on attempt 1 of 5" in caplog.text
    assert ADDRESS not in caplog.text


@override_settings(MESSAGE_SEND_ATTEMPTS=3)
def test_after_the_last_attempt_the_message_is_given_up_and_the_logs_do_not_name_the_recipient(
    mail_server_fails, enqueued, caplog
):
    mail_server_fails(10)

    with caplog.at_level(logging.INFO):
        deliver(_message())

    assert [result.kwargs.get("attempt", 1) for result in enqueued] == [1, 2, 3]
    assert all(result.status == TaskResultStatus.FAILED for result in enqueued)
    assert mail.outbox == []
    assert FailingMailServer.failures == 7  # no fourth try
    assert f"Message task {enqueued[-1].id} not sent on attempt 3 of 3 (SMTPRecipientsRefused); giving up" in (
        caplog.text
    )
    # Neither the log (with its tracebacks) nor the recorded errors carry the address.
    assert "Traceback" in caplog.text
    assert ADDRESS not in caplog.text
    assert all(ADDRESS not in error.traceback for result in enqueued for error in result.errors)


# The worker closes the database connection between tasks, as a long-running process must; so these
# tests run in real transactions rather than inside one that would be closed under them.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_with_the_database_queue_a_task_row_is_stored_only_after_commit(run_worker):
    with transaction.atomic():
        _invite()
        assert not DBTaskResult.objects.exists()

    queued = DBTaskResult.objects.get()
    assert queued.task_path == "pep.tasks.send_message"
    assert queued.status == TaskResultStatus.READY
    assert queued.args_kwargs["kwargs"]["to"] == [ADDRESS]
    assert mail.outbox == []  # the page did not wait for the mail server

    run_worker()

    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    assert [message.to for message in mail.outbox] == [[ADDRESS]]


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_with_the_database_queue_a_refused_send_waits_before_its_next_try(mail_server_fails, run_worker):
    mail_server_fails(1)
    deliver(_message())

    run_worker()

    first, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert first.status == TaskResultStatus.FAILED
    assert ADDRESS not in first.traceback
    assert retry.status == TaskResultStatus.READY
    assert retry.run_after >= timezone.now() + timedelta(seconds=59)
    assert mail.outbox == []
