"""Who the check-in, sign-in sheet and certificate pages are for: coordinators; a registration's own
certificate opens from its private link, for anyone holding it."""

import datetime

from pep.tests.url_rules import EVERYONE, Rule
from workshops.models import Attendee, Offering, Session
from workshops.tests.factories import OfferingFactory, register

TITLE = "Check-in and certificates scene"


def _session(people):
    return {"pk": Session.objects.get(offering__title=TITLE).pk}


def _offering(people):
    return {"pk": Offering.objects.get(title=TITLE).pk}


def _attendee(people):
    return {"pk": Attendee.objects.get(offering__title=TITLE).pk}


def _private_link(people):
    attendee = Attendee.objects.select_related("registration").get(offering__title=TITLE)
    return {"token": attendee.registration.token, "attendee_pk": attendee.pk}


RULES: dict[str, Rule] = {
    "workshops:session-checkin": Rule({"coordinator"}, kwargs=_session),
    "workshops:session-signin-print": Rule({"coordinator"}, kwargs=_session),
    "workshops:session-signin-sheet": Rule({"coordinator"}, kwargs=_session),
    "workshops:attendee-certificate": Rule({"coordinator"}, kwargs=_attendee),
    "workshops:offering-certificates-print": Rule({"coordinator"}, kwargs=_offering),
    "workshops:offering-certificates": Rule({"coordinator"}, kwargs=_offering),
    # Not earned yet (nobody is marked present): the page says so, to anyone with the link.
    "workshops:registration-certificate": Rule(EVERYONE, kwargs=_private_link),
}

ADMIN_NEVER: set[str] = set()


def scene(people) -> None:
    """An offering meeting today, with one registered parent not yet marked present."""
    offering = OfferingFactory(title=TITLE, sessions=[(datetime.date(2026, 10, 15), 9, 12)])
    register(offering, "Lupe Scene")
