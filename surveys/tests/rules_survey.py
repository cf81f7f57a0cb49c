"""Who the survey pages are for: the parent's web survey is open to whoever holds the link's code (or types
the letter's code); the buttons that send invitations and reminders are the coordinators'."""

from pep.tests.url_rules import EVERYONE, Rule
from surveys.models import Invitation, SurveyCycle
from surveys.tests.factories import InvitationFactory
from surveys.tests.rules_cycles import SLUG

STUDENT = "RULES-SURVEY-1"


def _code(people):
    return {"code": Invitation.objects.get(cycle__slug=SLUG, student_ref=STUDENT).code}


def _page(people):
    return _code(people) | {"number": 1}


def _cycle(people):
    return {"slug": SLUG}


RULES: dict[str, Rule] = {
    "surveys:survey": Rule(EVERYONE, kwargs=_code),
    "surveys:survey-page": Rule(EVERYONE, kwargs=_page),
    # With nothing answered yet, the review sends the reader back to the start.
    "surveys:survey-review": Rule(EVERYONE, kwargs=_code),
    "surveys:survey-code": Rule(EVERYONE),
    "surveys:survey-thanks": Rule(EVERYONE),
    "surveys:survey-invitations-send": Rule({"coordinator"}, kwargs=_cycle),
    "surveys:survey-reminders-send": Rule({"coordinator"}, kwargs=_cycle),
}

ADMIN_NEVER: set[str] = set()


def scene(people) -> None:
    """A parent of district A invited to the open cycle the cycles' scene made."""
    InvitationFactory(cycle=SurveyCycle.objects.get(slug=SLUG), district=people.district_a, student_ref=STUDENT)
