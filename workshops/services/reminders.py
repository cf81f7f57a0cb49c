"""Session reminders: each confirmed registration is told about each coming session once.

The command that sends them may run as often as one likes, on several machines at once. What makes
"once" hold is the ReminderSent row, unique per registration and session, written in the same
transaction that queues the message: the message leaves only if the row was saved, and a second run
finds the row. Each reminder locks its registration's row first, so a run waits (milliseconds) for
another run, or for a cancellation, working on the same registration, then sees what it did. A run
never holds more than that one lock, so runs cannot deadlock each other or the seat engine.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from workshops.models import OfferingStatus, Registration, RegistrationStatus, ReminderSent, Session
from workshops.services import messages


def sessions_to_remind(*, days: int, now: datetime.datetime) -> list[Session]:
    """Sessions of offerings still on that start after `now` and within `days` days of it."""
    return list(
        Session.objects.filter(starts_at__gt=now, starts_at__lte=now + datetime.timedelta(days=days))
        .exclude(offering__status__in=[OfferingStatus.CANCELLED, OfferingStatus.DRAFT])
        .select_related("offering__program")
        .order_by("starts_at", "pk")
    )


def _remind_once(registration_id: int, session: Session) -> bool:
    """Queue one reminder unless it was sent already; True when this call queued it."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .filter(pk=registration_id, status=RegistrationStatus.CONFIRMED)
            .first()
        )
        if registration is None:  # cancelled meanwhile
            return False
        try:
            with transaction.atomic():
                ReminderSent.objects.create(registration=registration, session=session)
        except IntegrityError:  # sent already, by another run that held this lock before
            return False
        messages.session_reminder(registration, session)
        return True


def reminders_send(*, days: int | None = None, now: datetime.datetime | None = None) -> int:
    """Remind every confirmed registration of each session starting within `days` days (default
    WORKSHOP_REMINDER_DAYS); return how many reminders this run queued."""
    days = settings.WORKSHOP_REMINDER_DAYS if days is None else days
    now = now or timezone.now()
    queued = 0
    for session in sessions_to_remind(days=days, now=now):
        due = (
            Registration.objects.filter(offering_id=session.offering_id, status=RegistrationStatus.CONFIRMED)
            .exclude(contact_email="")  # a phone number only: no message to send
            .exclude(pk__in=ReminderSent.objects.filter(session=session).values("registration_id"))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for registration_id in due:
            queued += _remind_once(registration_id, session)
    return queued
