"""Workshop sessions as iCalendar (RFC 5545): a registration's own sessions, and the public catalog."""

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from workshops.models import Offering, Registration, RegistrationStatus, Session

PRODUCT = "-//PEP//Workshops//EN"
MIME_TYPE = "text/calendar"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(offering: Offering, session: Session, online_link: str = "") -> Event:
    event = Event()
    host = settings.SITE_URL.split("://", 1)[-1]
    event.add("uid", f"workshop-session-{session.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    summary = offering.title if not session.title else f"{offering.title}: {session.title}"
    event.add("summary", summary)
    page = settings.SITE_URL + reverse("workshops:offering-detail", args=[offering.pk])
    event.add("url", page)
    location = online_link or session.where()
    if location:
        event.add("location", location)
    event.add("description", "\n".join(part for part in [offering.program.name, online_link, page] if part))
    return event


def registration_ics(registration: Registration, sessions: Iterable[Session] | None = None) -> str:
    """Every session of the registration's offering (`sessions`, when the caller has them already); the
    online link only once the registration is confirmed."""
    offering = registration.offering
    confirmed = registration.status == RegistrationStatus.CONFIRMED
    calendar = _calendar(offering.title)
    for session in offering.sessions.all() if sessions is None else sessions:
        calendar.add_component(_event(offering, session, offering.online_link if confirmed else ""))
    return calendar.to_ical().decode()


def catalog_ics(offerings) -> str:
    """Every session of these offerings (their programs and sessions prefetched); never an online link."""
    calendar = _calendar("PEP workshops")
    for offering in offerings:
        for session in offering.sessions.all():
            calendar.add_component(_event(offering, session))
    return calendar.to_ical().decode()
