"""Recording PT3 priorities: what the parents and teachers of a school named at a PT3 conversation, ranked.

Every change locks the offering's row first and only then the priorities, so two facilitators typing
into one offering's list never deadlock, and the ranks of each school stay 1, 2, 3... without gaps.
"""

import uuid

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pep.access import is_coordinator
from pep.edit_checks import Direction, claim_submission, locked
from pep.models import School
from pep.refusals import Refused
from pep.services import audit_record
from workshops.models import Offering, OfferingStatus, Pt3Priority
from workshops.selectors.priorities import is_pt3

# The model's validators allow ranks 1 to 50; a conversation names a handful.
MAX_PER_SCHOOL = 50

OFFERING_REMOVED = gettext_lazy("This offering was removed meanwhile; nothing was saved.")
PRIORITY_REMOVED = gettext_lazy("This priority was removed meanwhile; nothing was saved.")
NOT_PT3 = gettext_lazy("Priorities are recorded only for PT3 conversations (Parent and Teachers Talking Together).")


def priorities_refusal(offering: Offering) -> str:
    """Why priorities cannot be recorded for this offering; empty when they can."""
    if not is_pt3(offering):
        return str(NOT_PT3)
    if offering.status == OfferingStatus.CANCELLED:
        return _("This offering was cancelled; its priorities can no longer be changed.")
    return ""


def _lock_offering(offering_id: int, actor, once: uuid.UUID | None = None) -> Offering:
    if not is_coordinator(actor):
        raise PermissionDenied
    offering = locked(Offering.objects.select_related("program"), offering_id, OFFERING_REMOVED)
    claim_submission(once)
    refusal = priorities_refusal(offering)
    if refusal:
        raise Refused(refusal)
    return offering


def _priority_of(offering: Offering, priority_id: int) -> Pt3Priority:
    return locked(Pt3Priority.objects.filter(offering=offering).select_related("school"), priority_id, PRIORITY_REMOVED)


def _clean_text(text: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise Refused(_("Write the priority."))
    return text


def _audit(actor, action: str, priority: Pt3Priority, offering: Offering, **details) -> None:
    audit_record(
        actor=actor,
        action=action,
        summary=_("PT3 priority %(rank)d of %(school)s: %(text)s")
        % {"rank": priority.rank, "school": priority.school.name, "text": priority.text},
        district=priority.school.district,
        details={"offering": offering.pk, "school": priority.school_id, "priority": priority.pk, **details},
    )


@transaction.atomic
def priority_add(*, offering: Offering, school: School, text: str, actor, once: uuid.UUID | None = None) -> Pt3Priority:
    """Add a priority for a school at the end of its ranked list."""
    offering = _lock_offering(offering.pk, actor, once)
    text = _clean_text(text)
    last = Pt3Priority.objects.filter(offering=offering, school=school).aggregate(last=Max("rank"))["last"] or 0
    if last >= MAX_PER_SCHOOL:
        raise Refused(_("A school can have at most %(number)d priorities.") % {"number": MAX_PER_SCHOOL})
    priority = Pt3Priority(offering=offering, school=school, rank=last + 1, text=text, recorded_by=actor)
    priority.full_clean()
    priority.save()
    _audit(actor, "pt3_priority.add", priority, offering)
    return priority


@transaction.atomic
def priority_update(*, priority: Pt3Priority, text: str, actor) -> Pt3Priority:
    """Change a priority's wording; its rank stays."""
    offering = _lock_offering(priority.offering_id, actor)
    priority = _priority_of(offering, priority.pk)
    text = _clean_text(text)
    if text != priority.text:
        before = priority.text
        priority.text = text
        priority.full_clean()
        priority.save(update_fields=["text"])
        _audit(actor, "pt3_priority.update", priority, offering, before=before)
    return priority


def _set_rank(priority: Pt3Priority, rank: int) -> None:
    Pt3Priority.objects.filter(pk=priority.pk).update(rank=rank)
    priority.rank = rank


@transaction.atomic
def priority_delete(*, priority: Pt3Priority, actor, once: uuid.UUID | None = None) -> None:
    """Remove a priority; those ranked below it move up one."""
    offering = _lock_offering(priority.offering_id, actor, once)
    priority = _priority_of(offering, priority.pk)
    _audit(actor, "pt3_priority.delete", priority, offering)
    below = list(
        Pt3Priority.objects.select_for_update()
        .filter(offering=offering, school_id=priority.school_id, rank__gt=priority.rank)
        .order_by("rank")
    )
    priority.delete()
    # One row at a time, upwards: each rank is free when it is taken, whatever the database checks when.
    for other in below:
        _set_rank(other, other.rank - 1)


@transaction.atomic
def priority_move(*, priority: Pt3Priority, direction: str, actor, once: uuid.UUID | None = None) -> None:
    """Swap a priority with the one ranked just above or below it at the same school."""
    if direction not in Direction.values:
        raise Refused(_("Choose to move it up or down."))
    offering = _lock_offering(priority.offering_id, actor, once)
    priority = _priority_of(offering, priority.pk)
    neighbour_rank = priority.rank - 1 if direction == Direction.UP else priority.rank + 1
    neighbour = (
        Pt3Priority.objects.select_for_update()
        .filter(offering=offering, school_id=priority.school_id, rank=neighbour_rank)
        .first()
    )
    if neighbour is None:
        return  # already first or last
    rank = priority.rank
    # Through 0 (never a rank) so the unique ranks hold at every step.
    _set_rank(priority, 0)
    _set_rank(neighbour, rank)
    _set_rank(priority, neighbour_rank)
    _audit(actor, "pt3_priority.move", priority, offering, direction=direction)
