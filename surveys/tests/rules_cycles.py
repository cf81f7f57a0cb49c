"""Who the cycle, instrument and rotation pages are for: coordinators, who run the survey cycles."""

from pep.tests.url_rules import Rule
from surveys.models import ChildCount, Instrument, SurveyCycle
from surveys.tests.factories import CycleFactory, InvitationFactory, answer

SLUG = "rules-cycle"
ADMIN_SLUG = "rules-cycle-admin"


def _cycle(people):
    return {"slug": SurveyCycle.objects.get(slug=SLUG).slug}


def _instrument(people):
    return {"pk": SurveyCycle.objects.get(slug=SLUG).instrument_id}


RULES: dict[str, Rule] = {
    "surveys:cycle-list": Rule({"coordinator"}),
    "surveys:cycle-new": Rule({"coordinator"}),
    "surveys:cycle-detail": Rule({"coordinator"}, kwargs=_cycle),
    "surveys:cycle-edit": Rule({"coordinator"}, kwargs=_cycle),
    "surveys:instrument-list": Rule({"coordinator"}),
    "surveys:instrument-detail": Rule({"coordinator"}, kwargs=_instrument),
    "surveys:rotation": Rule({"coordinator"}),
}

# Instruments come from their files and a used one never changes; responses, invitations and child counts
# come from the survey and the imports; cycles are never deleted (their invitations and responses would go).
ADMIN_NEVER: set[str] = {
    "admin:surveys_instrument_add",
    "admin:surveys_instrument_delete",  # the first instrument is the one "rules-cycle" uses
    "admin:surveys_surveycycle_delete",
    "admin:surveys_invitation_add",
    "admin:surveys_invitation_delete",
    "admin:surveys_response_add",
    "admin:surveys_response_delete",
    "admin:surveys_childcount_add",
    "admin:surveys_childcount_delete",
}


def scene(people) -> None:
    """One open Indicator 8 cycle; other areas' scenes add rosters and responses to it. The admin's pages
    get an answered invitation and a child count of their own, on a second cycle."""
    cycle = CycleFactory(slug=SLUG)
    assert Instrument.objects.order_by("pk").first() == cycle.instrument
    other = CycleFactory(slug=ADMIN_SLUG, instrument=cycle.instrument)
    answer(InvitationFactory(cycle=other, district=people.district_a), [4, 4, 5, 2])
    ChildCount.objects.create(
        school_year=other.school_year, district=people.district_a, dimension="race_ethnicity", category="HI", count=12
    )
