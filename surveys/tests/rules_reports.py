"""Who the Indicator 8 report pages are for.

Coordinators: the state report, items, representativeness, trend and the internal downloads (every
number, suppressed 1). District leaders: "Survey results" and their own district's report and downloads;
district B's leader asking for district A's gets a 404. School teams and parent leaders: none of them.
"""

from pep.tests.url_rules import Rule
from surveys.models import SurveyCycle
from surveys.tests.factories import InvitationFactory, answer

SLUG = "rules-cycle"  # made by rules_cycles' scene, which runs first
COORDINATORS = {"coordinator"}
DISTRICT_A = {"coordinator", "leader_a"}


def _cycle(people):
    return {"slug": SLUG}


def _district_a(people):
    return {"slug": SLUG, "district_pk": people.district_a.pk}


RULES: dict[str, Rule] = {
    "surveys:results-home": Rule({"coordinator", "leader_a", "leader_b"}),
    "surveys:report-state": Rule(COORDINATORS, kwargs=_cycle),
    "surveys:report-items": Rule(COORDINATORS, kwargs=_cycle),
    "surveys:report-representativeness": Rule(COORDINATORS, kwargs=_cycle),
    "surveys:report-trend": Rule(COORDINATORS, kwargs=_cycle),
    "surveys:report-csv": Rule(COORDINATORS, kwargs=_cycle),
    "surveys:report-representativeness-csv": Rule(COORDINATORS, kwargs=_cycle),
    "surveys:report-xlsx": Rule(COORDINATORS, kwargs=_cycle),
    "surveys:report-district": Rule(DISTRICT_A, kwargs=_district_a),
    "surveys:report-district-csv": Rule(DISTRICT_A, kwargs=_district_a),
    "surveys:report-district-representativeness-csv": Rule(DISTRICT_A, kwargs=_district_a),
    "surveys:report-district-xlsx": Rule(DISTRICT_A, kwargs=_district_a),
}

ADMIN_NEVER: set[str] = set()


def scene(people) -> None:
    """Parents of district A on the rules cycle's roster, two of whom answered: district A is in the cycle."""
    cycle = SurveyCycle.objects.get(slug=SLUG)
    invitations = InvitationFactory.create_batch(3, cycle=cycle, district=people.district_a)
    for invitation in invitations[:2]:
        answer(invitation, [4, 4, 5, 2])
