"""Who the workshop feedback pages are for: the public form by private link, summaries for coordinators."""

import datetime

from pep.tests.url_rules import EVERYONE, Rule
from workshops.models import Offering, Program, Registration
from workshops.tests.factories import OfferingFactory, register

TITLE = "Feedback scene: Parent College, spring"


def _registration(people):
    return {"token": Registration.objects.get(offering__title=TITLE).token}


def _offering(people):
    return {"pk": Offering.objects.get(title=TITLE).pk}


def _program(people):
    return {"pk": Program.objects.get(code="parent-college").pk}


RULES: dict[str, Rule] = {
    "workshops:registration-feedback": Rule(EVERYONE, kwargs=_registration),
    "workshops:offering-feedback": Rule({"coordinator"}, kwargs=_offering),
    "workshops:program-feedback": Rule({"coordinator"}, kwargs=_program),
}

ADMIN_NEVER: set[str] = set()


def scene(people) -> None:
    """An offering whose only session ended a few days ago, with one registered family."""
    offering = OfferingFactory(
        title=TITLE, program_code="parent-college", sessions=[(datetime.date(2026, 10, 10), 9, 12)]
    )
    register(offering, "Rosa Feedback")
