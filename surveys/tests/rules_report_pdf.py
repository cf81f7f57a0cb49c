"""Who the district report is for: coordinators, for any district in the cycle; a district leader, for their own.

District B's leader asking for district A's report gets a 404, as does anyone for a district outside the cycle.
"""

from pep.tests.url_rules import Rule
from surveys.models import SurveyCycle
from surveys.tests.factories import InvitationFactory, answer

SLUG = "rules-cycle"  # made by rules_cycles' scene, which runs first


def _district_a(people):
    return {"slug": SLUG, "pk": people.district_a.pk}


RULES: dict[str, Rule] = {
    "surveys:district-report-pdf": Rule({"coordinator", "leader_a"}, kwargs=_district_a),
    "surveys:district-report-print": Rule({"coordinator", "leader_a"}, kwargs=_district_a),
}

ADMIN_NEVER: set[str] = set()


def scene(people) -> None:
    """Parents of districts A and B on the rules cycle's roster, a few of whom answered."""
    cycle = SurveyCycle.objects.get(slug=SLUG)
    for district, answered in ((people.district_a, 3), (people.district_b, 2)):
        invitations = InvitationFactory.create_batch(4, cycle=cycle, district=district)
        for invitation in invitations[:answered]:
            answer(invitation, [5, 5, 4, 2])
