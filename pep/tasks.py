"""Background tasks. Their arguments are plain text and numbers, never model instances: a task may run
minutes later in another process (`manage.py db_worker`), when the rows may have changed.

Logs name a task by its id and attempt, never by whom a message is for.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks import TaskContext, task

logger = logging.getLogger(__name__)

FIRST_RETRY_SECONDS = 60  # then twice as long before each further try: 1, 2, 4, 8 minutes


class MessageNotSent(Exception):
    """The mail server did not take a message; the task result records this, without the address."""


@task(takes_context=True)
def send_message(
    context: TaskContext,
    *,
    subject: str,
    body: str,
    to: list[str],
    from_email: str | None = None,
    attachments: list[list[str]] | None = None,
    attempt: int = 1,
) -> None:
    """Send one message, with its attachments ([filename, text, MIME type] each); if the mail server
    fails, queue another try later, up to MESSAGE_SEND_ATTEMPTS."""
    try:
        message = EmailMessage(subject, body, from_email, to)
        for filename, content, mimetype in attachments or []:
            message.attach(filename, content, mimetype)
        message.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as error:
        reason = type(error).__name__  # the class only: the text of an SMTP error may quote the address
        attempts = settings.MESSAGE_SEND_ATTEMPTS
        if attempt >= attempts:
            logger.error(
                "Message task %s not sent on attempt %d of %d (%s); giving up",
                context.task_result.id,
                attempt,
                attempts,
                reason,
            )
            # from None: the stored traceback must not carry the SMTP error, which may name the address
            raise MessageNotSent(f"Not sent after {attempts} attempts ({reason})") from None
        retry = send_message
        delay = timedelta(seconds=FIRST_RETRY_SECONDS * 2 ** (attempt - 1))
        if retry.get_backend().supports_defer:
            retry = retry.using(run_after=timezone.now() + delay)
        logger.warning(
            "Message task %s not sent on attempt %d of %d (%s); trying again in %s",
            context.task_result.id,
            attempt,
            attempts,
            reason,
            delay if retry.run_after else "no time (tasks run at once)",
        )
        retried = retry.enqueue(
            subject=subject, body=body, to=to, from_email=from_email, attachments=attachments, attempt=attempt + 1
        )
        # This attempt is recorded as failed (the task results show it), pointing at the one that follows.
        raise MessageNotSent(f"Not sent on attempt {attempt} ({reason}); tried again as task {retried.id}") from None
