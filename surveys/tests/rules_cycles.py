"""Who the cycle pages are for: coordinators, who run the survey cycles."""

from pep.tests.url_rules import Rule
from surveys.models import SurveyCycle
from surveys.tests.factories import CycleFactory

SLUG = "rules-cycle"


def _cycle(people):
    return {"slug": SurveyCycle.objects.get(slug=SLUG).slug}


RULES: dict[str, Rule] = {
    "surveys:cycle-detail": Rule({"coordinator"}, kwargs=_cycle),
}

ADMIN_NEVER: set[str] = set()


def scene(people) -> None:
    """One open Indicator 8 cycle; other areas' scenes add rosters and responses to it."""
    CycleFactory(slug=SLUG)
