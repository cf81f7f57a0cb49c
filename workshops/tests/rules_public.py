"""Who the public workshop pages are for: everyone, no account needed. A private link opens for whoever holds it."""

from pep.tests.url_rules import EVERYONE, Rule
from workshops.models import Offering, Registration
from workshops.tests.factories import OfferingFactory, register

TITLE = "Public scene: Parent Leadership 101"


def _offering(people):
    return {"pk": Offering.objects.get(title=TITLE).pk}


def _registration(people):
    return {"token": Registration.objects.get(offering__title=TITLE).token}


def _attendee(people):
    registration = Registration.objects.get(offering__title=TITLE)
    return {"token": registration.token, "attendee_pk": registration.attendees.order_by("pk").first().pk}


RULES: dict[str, Rule] = {
    "workshops:catalog": Rule(EVERYONE),
    "workshops:catalog-ics": Rule(EVERYONE),
    "workshops:district-suggestions": Rule(EVERYONE, query="q=Alder"),
    "workshops:offering-detail": Rule(EVERYONE, kwargs=_offering),
    "workshops:offering-register": Rule(EVERYONE, kwargs=_offering),
    "workshops:registration": Rule(EVERYONE, kwargs=_registration),
    "workshops:registration-ics": Rule(EVERYONE, kwargs=_registration),
    "workshops:registration-cancel": Rule(EVERYONE, kwargs=_registration),
    "workshops:attendee-cancel": Rule(EVERYONE, kwargs=_attendee),
    "workshops:registration-needs": Rule(EVERYONE, kwargs=_registration),
}

ADMIN_NEVER: set[str] = set()


def scene(people) -> None:
    """An open offering with one registered family of two."""
    offering = OfferingFactory(title=TITLE)
    register(offering, "Rosa Public", "Luis Public")
