"""Storing a response: the one path for web answers, keyed paper forms and imported files.

A response is scored when it is stored (reports only aggregate), takes from its invitation only the
categories reports need, and marks the invitation answered in the same transaction. The invitation's
row is locked first, so one code answers once even when the web and a clerk race for it.
"""

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pep.refusals import Refused
from surveys.models import (
    HIGHEST_VALUE,
    LOWEST_VALUE,
    AgeGroup,
    Instrument,
    Invitation,
    PaperEntry,
    Response,
    SurveyCycle,
)
from surveys.scoring import score_response
from surveys.services.report_figures import report_figures_changed

ALREADY_ANSWERED = _("This survey has already been answered with this code.")
CLOSED = _("This survey closed on %(date)s.")
NOT_YET_OPEN = _("This survey opens on %(date)s.")


class AlreadyAnswered(Refused):
    """The invitation's code has already been used (on the web, on paper or in an import)."""


class CycleNotOpen(Refused):
    """The cycle has not opened yet, or has closed."""


@dataclass(frozen=True)
class Scorer:
    """An instrument's scoring, loaded once for many responses."""

    scoring: dict
    agree_from: int
    difficulties: list[float | None]

    @classmethod
    def of(cls, instrument: Instrument) -> "Scorer":
        difficulties = list(instrument.items.order_by("number").values_list("difficulty", flat=True))
        return cls(scoring=instrument.scoring, agree_from=instrument.agree_from, difficulties=difficulties)

    @property
    def item_count(self) -> int:
        return len(self.difficulties)


def answers_problems(answers: list, item_count: int) -> list[str]:
    """What is wrong with a list of answers: its length, or a value that is not 1 to 6 or skipped."""
    if len(answers) != item_count:
        return [_("expected %(expected)d answers, got %(found)d") % {"expected": item_count, "found": len(answers)}]
    return [
        _("item %(number)d: %(value)s is not %(low)d to %(high)d")
        % {
            "number": number,
            "value": value,
            "low": LOWEST_VALUE,
            "high": HIGHEST_VALUE,
        }
        for number, value in enumerate(answers, start=1)
        if value is not None and (type(value) is not int or not LOWEST_VALUE <= value <= HIGHEST_VALUE)
    ]


def response_values(
    *, district_id: int, answers: list, channel: str, language: str, scorer: Scorer, **categories
) -> dict:
    """A scored response as the values of its fields (attname → value), without its cycle: what
    `build_response` makes a model of, and what imports write tens of thousands of at once.
    `categories` are the demographic fields (age_group, grade_band…)."""
    score = score_response(answers, scorer.scoring, scorer.agree_from, scorer.difficulties)
    return {
        "id": uuid.uuid4(),
        "district_id": district_id,
        "channel": channel,
        "language": language,
        "answers": answers,
        "answered": score.answered,
        "scored": score.scored,
        "score": score.score,
        "counts_yes": score.counts_yes,
        **categories,
    }


def build_response(*, cycle: SurveyCycle, **given) -> Response:
    """An unsaved, scored response of the cycle (`given` as for `response_values`)."""
    return Response(cycle=cycle, **response_values(**given))


def categories_of(invitation: Invitation) -> dict[str, str]:
    """What a response keeps of its invitation: the categories reports are broken down by, nothing more."""
    return {
        "age_group": AgeGroup.PRESCHOOL if invitation.grade == "PK" else AgeGroup.SCHOOL_AGE,
        "grade_band": invitation.grade_band,
        "disability_category": invitation.disability_category,
        "race_ethnicity": invitation.race_ethnicity,
        "gender": invitation.gender,
    }


def invitation_response_values(
    invitation: Invitation, *, answers: list, channel: str, language: str, scorer: Scorer
) -> dict:
    """The values of the response to this invitation, without its cycle (imports write many at once)."""
    return response_values(
        district_id=invitation.district_id,
        answers=answers,
        channel=channel,
        language=language,
        scorer=scorer,
        **categories_of(invitation),
    )


def response_for_invitation(invitation: Invitation, **given) -> Response:
    """The unsaved response to this invitation (`given` as for `invitation_response_values`)."""
    return Response(cycle=invitation.cycle, **invitation_response_values(invitation, **given))


def open_refusal(cycle: SurveyCycle, today=None) -> str:
    """Why the cycle takes no web answers today, or "" when it does."""
    today = today or timezone.localdate()
    if today < cycle.opens_on:
        return str(NOT_YET_OPEN) % {"date": _date(cycle.opens_on)}
    if today > cycle.closes_on:
        return str(CLOSED) % {"date": _date(cycle.closes_on)}
    return ""


def _date(day) -> str:
    from django.utils.formats import date_format

    return date_format(day, "DATE_FORMAT")


def response_store(
    *, invitation_id: int, answers: list, channel: str, language: str, staff_keyed: bool = False
) -> Response:
    """Store the answers to one invitation and mark it answered; refused when the code was used already,
    or, for the web, when the cycle is not open. Staff-keyed paper and phone answers arrive after the
    close (forms come back by post), so they are taken while the invitation is unanswered."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("cycle__instrument").get(pk=invitation_id)
        if invitation.responded:
            raise AlreadyAnswered(str(ALREADY_ANSWERED))
        if not staff_keyed and PaperEntry.objects.filter(invitation_id=invitation.pk).exists():
            # Its paper form came back and is being keyed (double entry): the code has answered on paper.
            raise AlreadyAnswered(str(ALREADY_ANSWERED))
        if not staff_keyed:
            refusal = open_refusal(invitation.cycle)
            if refusal:
                raise CycleNotOpen(refusal)
        scorer = Scorer.of(invitation.cycle.instrument)
        problems = answers_problems(answers, scorer.item_count)
        if problems:
            raise Refused("; ".join(str(problem) for problem in problems))
        response = response_for_invitation(
            invitation, answers=answers, channel=channel, language=language, scorer=scorer
        )
        response.save(force_insert=True)
        Invitation.objects.filter(pk=invitation.pk).update(responded=True)
        report_figures_changed(cycle_ids=[invitation.cycle_id], district_ids=[invitation.district_id])
        return response
