"""Writes of the family-engagement perceptions survey: districts' shared links, and the answers given there.

A perceptions survey has no invitations and no codes: each district gets one shared link per cycle that
it hands to its families and staff, and each respondent says whether they are a family member or staff.
A shared link cannot stop one person from answering twice (a cookie would only pretend to); the limit on
posts per address in the view bounds abuse, and the reports count answers, not people known by name.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from pep.access import coordinator_only
from pep.models import District
from pep.refusals import Refused
from pep.services import audit_record
from surveys.models import (
    Channel,
    InstrumentKind,
    PerceptionsLink,
    RespondentRole,
    Response,
    SurveyCycle,
    SurveyLanguage,
)
from surveys.services.responses import CycleNotOpen, Scorer, answers_problems, build_response, open_refusal

# bulk_create writes this many links per statement: a state of 850 districts takes a few statements.
LINK_BATCH = 500


def _perceptions_only(cycle: SurveyCycle) -> None:
    if cycle.instrument.kind != InstrumentKind.PERCEPTIONS:
        raise Refused(_("Shared links are only for perceptions surveys; this cycle uses invitations."))


def _links_create(cycle: SurveyCycle, district_ids: list[int]) -> int:
    taken = set(PerceptionsLink.objects.filter(cycle=cycle).values_list("district_id", flat=True))
    new = [PerceptionsLink(cycle=cycle, district_id=pk) for pk in district_ids if pk not in taken]
    # Two coordinators adding at once: the unique (cycle, district) constraint keeps one link each.
    PerceptionsLink.objects.bulk_create(new, batch_size=LINK_BATCH, ignore_conflicts=True)
    return len(new)


@transaction.atomic
def perceptions_link_add(*, cycle: SurveyCycle, district: District, actor) -> PerceptionsLink:
    """Give the district its shared link for the cycle (the one it has, when it has one already)."""
    coordinator_only(actor)
    _perceptions_only(cycle)
    link, created = PerceptionsLink.objects.get_or_create(cycle=cycle, district=district)
    if created:
        audit_record(
            actor=actor,
            action="survey.perceptions.link",
            summary=f"Perceptions link for {district.code} in {cycle.slug}",
            district=district,
        )
    return link


@transaction.atomic
def perceptions_links_add_all(*, cycle: SurveyCycle, actor) -> int:
    """Give every district without one its shared link for the cycle; how many links were made."""
    coordinator_only(actor)
    _perceptions_only(cycle)
    SurveyCycle.objects.select_for_update().filter(pk=cycle.pk).first()  # one "add every district" at a time
    made = _links_create(cycle, list(District.objects.order_by("pk").values_list("pk", flat=True)))
    audit_record(
        actor=actor,
        action="survey.perceptions.links",
        summary=f"Perceptions links for every district in {cycle.slug}: {made} new",
    )
    return made


@transaction.atomic
def perceptions_response_store(
    *, link: PerceptionsLink, respondent_role: str, answers: list, language: str
) -> Response:
    """Store one person's answers given at the district's shared link, scored as they are stored.

    Refused when the cycle is not open, the role is not one of family member or staff, or an answer is not
    one of the scale's values. Nothing here says who answered: no name, no address, no time."""
    cycle = SurveyCycle.objects.select_related("instrument").get(pk=link.cycle_id)
    _perceptions_only(cycle)
    refusal = open_refusal(cycle)
    if refusal:
        raise CycleNotOpen(refusal)
    if respondent_role not in RespondentRole.values:
        raise Refused(_("Say whether you are a family member or school or district staff."))
    if language not in SurveyLanguage.values:
        raise Refused(_("The survey is answered in English or Spanish."))
    scorer = Scorer.of(cycle.instrument)
    problems = answers_problems(answers, scorer.item_count)
    if problems:
        raise Refused("; ".join(str(problem) for problem in problems))
    response = build_response(
        cycle=cycle,
        district_id=link.district_id,
        answers=answers,
        channel=Channel.WEB,
        language=language,
        scorer=scorer,
        respondent_role=respondent_role,
    )
    # No audit entry: its time would line an anonymous answer up with whoever was seen answering then.
    response.save(force_insert=True)
    return response
