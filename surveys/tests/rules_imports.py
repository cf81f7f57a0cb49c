"""Who the import, export and job pages are for: coordinators only (rosters hold parents' contacts, and
the exported codes let anyone answer)."""

from pep.tests.url_rules import Rule
from surveys.models import SurveyCycle, SurveyJob
from surveys.tests.rules_cycles import SLUG

COORDINATORS = {"coordinator"}
OUTPUT_NAME = "rules-scene-packets.pdf"


def _cycle(people):
    return {"slug": SLUG}


def _job(people):
    return {"pk": SurveyJob.objects.get(output_name=OUTPUT_NAME).pk}


RULES: dict[str, Rule] = {
    "surveys:roster-upload": Rule(COORDINATORS, kwargs=_cycle),
    "surveys:responses-upload": Rule(COORDINATORS, kwargs=_cycle),
    "surveys:invitations-export": Rule(COORDINATORS, kwargs=_cycle),
    "surveys:child-count-upload": Rule(COORDINATORS),
    "surveys:job-detail": Rule(COORDINATORS, kwargs=_job),
    "surveys:job-download": Rule(COORDINATORS, kwargs=_job),
}

ADMIN_NEVER: set[str] = set()


def scene(people) -> None:
    """A finished job of the cycle of `rules_cycles` that built a file to download."""
    SurveyJob.objects.create(
        kind=SurveyJob.Kind.PACKETS,
        cycle=SurveyCycle.objects.get(slug=SLUG),
        status=SurveyJob.Status.DONE,
        output=b"%PDF-1.7 scene",
        output_name=OUTPUT_NAME,
        summary="A scene's packets.",
    )
