"""Messages to the people who register: each in the registrant's language, queued once the change commits.

Every message carries the private link, and those about confirmed seats carry the sessions as an
.ics file. A registration with only a phone number gets no email; its private link was on the page
it was shown after registering.
"""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from pep.notifications import Recipient, notify
from workshops.calendar import MIME_TYPE, registration_ics
from workshops.models import Registration, RegistrationStatus, Session

TEMPLATES = "emails/workshops"


def private_link(registration: Registration) -> str:
    return settings.SITE_URL + reverse("workshops:registration", args=[registration.token])


def _send(registration: Registration, template: str, extra: dict | None = None, with_calendar: bool = False) -> None:
    """Write the message once the change commits: the offering's lock is held no longer than the change
    needs, and the message tells what was saved (such as the place in line)."""
    if registration.contact_email:
        transaction.on_commit(partial(_queue, registration, template, extra, with_calendar), robust=True)


def _queue(registration: Registration, template: str, extra: dict | None, with_calendar: bool) -> None:
    from workshops.services.seats import waiting_position

    offering = registration.offering
    sessions = list(offering.sessions.all())
    context = {
        "registration": registration,
        "offering": offering,
        "sessions": sessions,
        "attendees": [person for person in registration.attendees.all() if person.cancelled_at is None],
        "link": private_link(registration),
        "position": waiting_position(registration),
        "offering_url": settings.SITE_URL + reverse("workshops:offering-detail", args=[offering.pk]),
        "catalog_url": settings.SITE_URL + reverse("workshops:catalog"),
        **(extra or {}),
    }
    attachments = None
    if with_calendar:
        attachments = [("workshop.ics", registration_ics(registration, sessions), MIME_TYPE)]
    notify(
        recipients=[Recipient(registration.contact_email, registration.language)],
        template=f"{TEMPLATES}/{template}",
        context=context,
        attachments=attachments,
    )


def registration_received(registration: Registration) -> None:
    """Confirmed: the details, the sessions and the link. Waiting: the position and how to leave."""
    if registration.status == RegistrationStatus.CONFIRMED:
        _send(registration, "registration_confirmed", with_calendar=True)
    else:
        _send(registration, "registration_waiting")


def registration_promoted(registration: Registration) -> None:
    _send(registration, "registration_promoted", with_calendar=True)


def registration_cancelled(registration: Registration) -> None:
    _send(registration, "registration_cancelled")


def link_again(registration: Registration) -> None:
    """Someone tried to register again with this contact: send the existing registration's link."""
    _send(registration, "link_again")


def offering_cancelled(registration: Registration, reason: str) -> None:
    _send(registration, "offering_cancelled", {"reason": reason})


def session_reminder(registration: Registration, session: Session) -> None:
    _send(registration, "session_reminder", {"session": session}, with_calendar=True)


def feedback_request(registration: Registration) -> None:
    link = settings.SITE_URL + reverse("workshops:registration-feedback", args=[registration.token])
    _send(registration, "feedback_request", {"feedback_link": link})
