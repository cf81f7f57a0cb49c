"""Who the perceptions pages are for: anyone with a district's shared link answers; coordinators give the
links and read every district's report; a district's leaders read their own district's report and poster."""

from pep.tests.url_rules import EVERYONE, Rule
from surveys.models import PerceptionsLink
from surveys.tests.perceptions_factories import link_for, perceptions_cycle

SLUG = "rules-perceptions"


def _token(people):
    return {"token": PerceptionsLink.objects.get(cycle__slug=SLUG, district=people.district_a).token}


def _cycle(people):
    return {"slug": SLUG}


def _district_a(people):
    return {"slug": SLUG, "pk": people.district_a.pk}


RULES: dict[str, Rule] = {
    "surveys:perceptions-answer": Rule(EVERYONE, kwargs=_token),
    "surveys:perceptions-thanks": Rule(EVERYONE, kwargs=_token),
    "surveys:perceptions-links": Rule({"coordinator"}, kwargs=_cycle),
    "surveys:perceptions-links-all": Rule({"coordinator"}, kwargs=_cycle, method="post"),
    "surveys:perceptions-report": Rule({"coordinator"}, kwargs=_cycle),
    "surveys:perceptions-district-report": Rule({"coordinator", "leader_a"}, kwargs=_district_a),
    "surveys:perceptions-poster": Rule({"coordinator", "leader_a"}, kwargs=_district_a),
}

ADMIN_NEVER: set[str] = set()


def scene(people) -> None:
    """An open perceptions cycle with a link for each of districts A and B."""
    cycle = perceptions_cycle(slug=SLUG)
    link_for(cycle, people.district_a)
    link_for(cycle, people.district_b)
