"""Messages to people: rendered in each person's language, sent once the change is committed.

Every email the program sends about a change goes through `notify`; `deliver` is the one path
to the mail server: it queues one background task per message (pep/tasks.py), so a page never waits
on the mail server and a message it refuses is tried again later.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.template.backends.django import DjangoTemplates
from django.utils import translation

from pep.tasks import send_message

# Plain-text messages are not HTML: "St. Mary's & Joseph" must stay as typed, so no autoescape.
TEXT_TEMPLATES = DjangoTemplates(
    {
        "NAME": "text",
        "DIRS": [settings.BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    }
)
BOTH_LANGUAGES = ""  # the person chose no language: the message carries English, then Spanish
PARTS_SEPARATOR = "\n\n---\n\n"


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str = BOTH_LANGUAGES


def recipients_among(users: QuerySet) -> list[Recipient]:
    """The active people among `users` who have an email address, with their language."""
    rows = users.filter(is_active=True).exclude(email="").values_list("email", "profile__language")
    found = {email: language or BOTH_LANGUAGES for email, language in rows}
    return [Recipient(email, language) for email, language in sorted(found.items())]


def render_message(template: str, context: dict, language: str) -> tuple[str, str]:
    """The subject and body of `template` (`<template>_subject.txt` and `<template>.txt`)."""
    parts = []
    for code in [language] if language else [code for code, _ in settings.LANGUAGES]:
        with translation.override(code):
            subject = TEXT_TEMPLATES.get_template(f"{template}_subject.txt").render(context).strip()
            parts.append((" ".join(subject.split()), TEXT_TEMPLATES.get_template(f"{template}.txt").render(context)))
    return " / ".join(subject for subject, _ in parts), PARTS_SEPARATOR.join(body for _, body in parts)


Attachment = tuple[str, str, str]  # filename, text, MIME type


def notify(
    *, recipients: list[Recipient], template: str, context: dict, attachments: list[Attachment] | None = None
) -> None:
    """Email each recipient in their language once the current transaction commits."""
    rendered = {}
    messages = []
    for recipient in recipients:
        if recipient.language not in rendered:
            rendered[recipient.language] = render_message(template, context, recipient.language)
        subject, body = rendered[recipient.language]
        messages.append((subject, body, None, [recipient.email]))
    if messages:
        attached = [list(attachment) for attachment in attachments or []]
        # robust: the change is saved either way; a queue that cannot be reached is logged, not shown as an error
        transaction.on_commit(lambda: deliver(messages, attached), robust=True)


def deliver(messages: list[tuple[str, str, str | None, list[str]]], attachments: list[list[str]] | None = None) -> None:
    """Queue each message (subject, body, sender or None for DEFAULT_FROM_EMAIL, recipients) for sending,
    each with the same attachments."""
    for subject, body, from_email, to in messages:
        send_message.enqueue(subject=subject, body=body, to=list(to), from_email=from_email, attachments=attachments)
