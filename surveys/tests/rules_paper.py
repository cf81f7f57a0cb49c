"""Who the paper pages are for: coordinators only (the state's data clerks key returned forms, and a
packet names the parent and carries their codes)."""

from pep.tests.url_rules import Rule
from surveys.models import PaperEntry, SurveyCycle
from surveys.tests.factories import InvitationFactory
from surveys.tests.rules_cycles import SLUG

COORDINATORS = {"coordinator"}


def _cycle(people):
    return {"slug": SLUG}


RULES: dict[str, Rule] = {
    "surveys:paper-packets": Rule(COORDINATORS, kwargs=_cycle),
    "surveys:paper-key": Rule(COORDINATORS, kwargs=_cycle),
    "surveys:paper-reconcile": Rule(COORDINATORS, kwargs=_cycle),
}

ADMIN_NEVER: set[str] = set()


def scene(people) -> None:
    """A form of the cycle of `rules_cycles` keyed twice with one difference, waiting for reconciliation."""
    invitation = InvitationFactory(cycle=SurveyCycle.objects.get(slug=SLUG), district=people.district_a)
    PaperEntry.objects.create(invitation=invitation, pass_number=1, answers=[4, 4, 5, 2], keyed_by=people.coordinator)
    PaperEntry.objects.create(invitation=invitation, pass_number=2, answers=[4, 3, 5, 2], keyed_by=people.coordinator)
