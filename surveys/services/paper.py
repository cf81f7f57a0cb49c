"""Keying returned paper forms twice (double entry), and reconciling the forms whose two keyings differ.

Each form is keyed by its paper code. The first keying is kept; the second is compared with it: when
they agree the response is stored (through `response_store`, like every other response) and both
keyings are deleted, so nothing links the stored answers back to the code; when they differ the form
waits for a clerk, who decides each item that differs. Only stored forms count in reports.

Keyings of one form are made one at a time: the invitation's row is locked first (as `response_store`
does), and the unique (invitation, pass) constraint refuses a second writer that got past it anyway.
"""

import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pep.access import coordinator_only
from pep.edit_checks import claim_submission
from pep.refusals import Refused
from pep.services import audit_record
from surveys.models import Channel, Invitation, PaperEntry, SurveyCycle, normalize_paper_code
from surveys.services.responses import AlreadyAnswered, Scorer, answers_problems, response_store

FIRST, SECOND = 1, 2
STORED, KEYED_ONCE, MISMATCH = "stored", "keyed_once", "mismatch"


class UnknownPaperCode(Refused):
    """No invitation of this cycle has the code typed."""


class KeyedTwice(Refused):
    """The form has been keyed twice and waits for reconciliation."""


@dataclass(frozen=True)
class Keying:
    """What a keying did: stored the response, kept a first keying, or found items that differ."""

    outcome: str
    paper_code: str
    mismatches: list[int]


def paper_form_invitation(*, cycle: SurveyCycle, typed_code: str) -> Invitation:
    """The invitation of this cycle whose paper code was typed; refused, saying why, when there is none."""
    code = normalize_paper_code(typed_code)
    invitation = Invitation.objects.filter(paper_code=code).only("pk", "cycle_id").first() if code else None
    if invitation is None:
        raise UnknownPaperCode(
            _("No invitation has the paper code “%(code)s”. Check the code on the form.")
            % {"code": typed_code.strip()[:20]}
        )
    if invitation.cycle_id != cycle.pk:
        raise UnknownPaperCode(
            _("The paper code %(code)s belongs to another survey cycle, not to %(cycle)s.")
            % {"code": code, "cycle": cycle.slug}
        )
    return invitation


def _already_answered(code: str) -> AlreadyAnswered:
    return AlreadyAnswered(
        _("Form %(code)s has already been answered (on the web, on paper or in an import): nothing was changed.")
        % {"code": code}
    )


def _locked(invitation_id: int) -> Invitation:
    return (
        Invitation.objects.select_for_update().only("pk", "paper_code", "language", "responded").get(pk=invitation_id)
    )


def _keyings(invitation_id: int) -> dict[int, PaperEntry]:
    """The form's keyings by pass (1, 2), read under the invitation's lock."""
    return {entry.pass_number: entry for entry in PaperEntry.objects.filter(invitation_id=invitation_id)}


def _store(invitation: Invitation, answers: list) -> None:
    response_store(
        invitation_id=invitation.pk,
        answers=answers,
        channel=Channel.PAPER,
        language=invitation.language,
        staff_keyed=True,
    )
    # The keyings name the code; once the answers are stored they would link them back to it.
    PaperEntry.objects.filter(invitation_id=invitation.pk).delete()


def differing_items(first: list, second: list) -> list[int]:
    """The numbers (from 1) of the items two keyings of a form disagree on."""
    return [number for number, (one, two) in enumerate(zip(first, second, strict=True), start=1) if one != two]


@transaction.atomic
def paper_key(*, cycle: SurveyCycle, typed_code: str, answers: list, actor, once: uuid.UUID | None = None) -> Keying:
    """Key one returned form: a first keying is kept, a second that agrees stores the response, a second
    that differs waits for reconciliation; a third, or a code already answered, is refused."""
    coordinator_only(actor)
    # The same page sent twice (a double Enter) must not count as the second, agreeing keying.
    claim_submission(once)
    invitation = _locked(paper_form_invitation(cycle=cycle, typed_code=typed_code).pk)
    code = invitation.paper_code
    if invitation.responded:
        raise _already_answered(code)
    problems = answers_problems(answers, Scorer.of(cycle.instrument).item_count)
    if problems:
        raise Refused("; ".join(str(problem) for problem in problems))
    keyings = _keyings(invitation.pk)
    if SECOND in keyings:
        raise KeyedTwice(_("Form %(code)s has been keyed twice and its keyings differ; reconcile it.") % {"code": code})
    if FIRST in keyings and keyings[FIRST].answers == answers:
        _store(invitation, answers)
        return Keying(STORED, code, [])
    pass_number = SECOND if FIRST in keyings else FIRST
    try:
        with transaction.atomic():
            PaperEntry.objects.create(
                invitation_id=invitation.pk, pass_number=pass_number, answers=answers, keyed_by=actor
            )
    except IntegrityError as clash:
        # Another clerk keyed this form at the same moment and got there first.
        raise Refused(
            _("Form %(code)s was keyed by someone else at the same moment. Look at it again before keying it.")
            % {"code": code}
        ) from clash
    if pass_number == FIRST:
        return Keying(KEYED_ONCE, code, [])
    return Keying(MISMATCH, code, differing_items(keyings[FIRST].answers, answers))


@transaction.atomic
def _waiting_form(cycle: SurveyCycle, entry_id: int) -> tuple[Invitation, dict[int, PaperEntry]]:
    """The locked invitation of a form waiting for reconciliation (named by its second keying), and its keyings."""
    second = PaperEntry.objects.filter(pk=entry_id, pass_number=SECOND, invitation__cycle=cycle).first()
    if second is None:
        raise Refused(_("This form has been reconciled already, or is no longer waiting."))
    invitation = _locked(second.invitation_id)
    keyings = _keyings(invitation.pk)
    if set(keyings) != {FIRST, SECOND}:
        raise Refused(_("This form has been reconciled already, or is no longer waiting."))
    return invitation, keyings


@transaction.atomic
def paper_reconcile(*, cycle: SurveyCycle, entry_id: int, decided: dict[int, int | None], actor) -> str:
    """Store a form whose keyings differ, with the value the clerk decided for each item they differ on
    (None for an item left blank on the form); returns the form's paper code."""
    coordinator_only(actor)
    invitation, keyings = _waiting_form(cycle, entry_id)
    if invitation.responded:
        raise _already_answered(invitation.paper_code)
    first_answers, second_answers = keyings[FIRST].answers, keyings[SECOND].answers
    differing = differing_items(first_answers, second_answers)
    missing = [number for number in differing if number not in decided]
    if missing:
        raise Refused(
            ngettext(
                "Decide item %(items)s.",
                "Decide items %(items)s.",
                len(missing),
            )
            % {"items": ", ".join(str(number) for number in missing)}
        )
    answers = list(first_answers)
    for number in differing:
        answers[number - 1] = decided[number]
    problems = answers_problems(answers, len(first_answers))
    if problems:
        raise Refused("; ".join(str(problem) for problem in problems))
    _store(invitation, answers)
    audit_record(
        actor=actor,
        action="survey.paper_reconcile",
        summary=_("A paper form of %(cycle)s reconciled (items %(items)s)")
        % {"cycle": cycle.slug, "items": ", ".join(str(number) for number in differing)},
        details={"cycle": cycle.slug, "items": differing},
    )
    return invitation.paper_code


@transaction.atomic
def paper_keyings_discard(*, cycle: SurveyCycle, entry_id: int, actor) -> str:
    """Throw away both keyings of a waiting form (keyed under a wrong code, say), so it can be keyed
    afresh; returns the form's paper code."""
    coordinator_only(actor)
    invitation, _keyings = _waiting_form(cycle, entry_id)
    PaperEntry.objects.filter(invitation_id=invitation.pk).delete()
    audit_record(
        actor=actor,
        action="survey.paper_discard",
        summary=_("Both keyings of a paper form of %(cycle)s thrown away, to key it again") % {"cycle": cycle.slug},
        details={"cycle": cycle.slug},
    )
    return invitation.paper_code
