"""Reminders: parents sent the invitation by email who have not answered are reminded, at most once per the
cycle's interval (`reminder_days`), and only while the survey is open.

`send_survey_reminders` may run as often as one likes (daily from cron, say), on several machines at once,
beside the cycle page's button. What keeps a parent from two reminders in one interval is the conditional
UPDATE of `reminded_at` (only if it is still due), in the transaction that queues the message: of two runs
that reach one invitation together, one updates the row and sends, the other finds nothing due. An answer
stored meanwhile makes the invitation not due either, so a parent who just answered is not reminded.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from pep.access import coordinator_only
from pep.services import audit_record
from surveys.models import Invitation, SurveyCycle
from surveys.selectors.survey import reminders_due
from surveys.services.invitations import send_in_batches, user_by_id
from surveys.services.responses import CycleNotOpen, open_refusal


def reminders_send(*, cycle: SurveyCycle, actor=None, now: datetime.datetime | None = None) -> int:
    """Remind each parent of the cycle who is due a reminder; return how many were reminded. Refused
    (CycleNotOpen) before the survey opens and after it closes."""
    now = now or timezone.now()
    refusal = open_refusal(cycle, timezone.localdate(now))
    if refusal:
        raise CycleNotOpen(refusal)
    since = now - datetime.timedelta(days=cycle.reminder_days)

    def claim(pk: int) -> int:
        still_due = Q(reminded_at__isnull=True) | Q(reminded_at__lte=since)
        return (
            Invitation.objects.filter(still_due, pk=pk, responded=False, invited_at__lte=since)
            .exclude(parent_email="")
            .update(reminded_at=now)
        )

    sent = send_in_batches(cycle=cycle, due=reminders_due(cycle, now), claim=claim, template="reminder")
    if sent or actor is not None:  # a scheduled run that found no one to write to leaves no entry
        audit_record(
            actor=actor,
            action="survey.reminders_send",
            summary=_("Survey reminders sent for %(cycle)s: %(count)d.") % {"cycle": cycle.slug, "count": sent},
            details={"cycle": cycle.slug, "sent": sent},
        )
    return sent


@task()
def reminders_send_task(*, cycle_id: int, actor_id: int | None = None) -> int:
    """The reminders of a cycle sent in the background (the cycle page's button)."""
    cycle = SurveyCycle.objects.select_related("instrument").get(pk=cycle_id)
    try:
        return reminders_send(cycle=cycle, actor=user_by_id(actor_id))
    except CycleNotOpen:
        return 0


def reminders_send_later(*, cycle: SurveyCycle, actor) -> None:
    """Queue the cycle's reminders once the current transaction commits."""
    coordinator_only(actor)
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    transaction.on_commit(lambda: reminders_send_task.enqueue(cycle_id=cycle.pk, actor_id=actor_id), robust=True)
