"""Invitation messages: each parent with an email is sent, once, their private link and paper code, in their
language.

Sending may be started from the cycle's page (the work then runs in the background) or by the
`send_survey_invitations` command, and two runs may overlap. What makes "once" hold is a conditional
UPDATE: an invitation is marked sent only if it was not marked already, and its message is queued in the
same transaction, so it leaves only when this run was the one that marked it. Each invitation is its own
short transaction, so a run never holds a lock that a parent answering at that moment waits on for long.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from pep.access import coordinator_only
from pep.notifications import Recipient, notify
from pep.refusals import Refused
from pep.services import audit_record
from surveys.models import Invitation, SurveyCycle
from surveys.selectors.survey import invitations_to_send, minutes_to_answer

TEMPLATES = "emails/surveys"
BATCH = 500  # invitations loaded at once; each is then sent in its own transaction


def survey_link(invitation: Invitation) -> str:
    """The private link of the parent's web survey."""
    return settings.SITE_URL + reverse("surveys:survey", args=[invitation.code])


def paper_code_for_reading(code: str) -> str:
    """A paper code in two groups of five, easier to read and type; the groups' space is ignored when typed."""
    return f"{code[:5]} {code[5:]}"


def common_context(cycle: SurveyCycle) -> dict:
    """What every message of one run says alike: the survey, its dates and length, the page for codes."""
    return {
        "cycle": cycle,
        # Invitations may go out before the survey opens: they then say from which day the link works.
        "not_yet_open": timezone.localdate() < cycle.opens_on,
        "instrument": cycle.instrument,
        "minutes": minutes_to_answer(cycle.instrument.items.count()),
        "code_page": settings.SITE_URL + reverse("surveys:survey-code"),
    }


def survey_message(invitation: Invitation, common: dict, template: str) -> None:
    """Queue one message to the invitation's parent, in their language, once the transaction commits:
    the private link and the paper code, beside `common` (see common_context)."""
    context = {
        **common,
        "parent_name": invitation.parent_name,
        "district": invitation.district,
        "link": survey_link(invitation),
        "paper_code": paper_code_for_reading(invitation.paper_code),
    }
    notify(
        recipients=[Recipient(invitation.parent_email, invitation.language)],
        template=f"{TEMPLATES}/{template}",
        context=context,
    )


def send_in_batches(*, cycle: SurveyCycle, due, claim, template: str) -> int:
    """For each invitation of `due` (a queryset), in batches: claim it with `claim(pk)` (a conditional
    UPDATE returning how many rows it changed) and queue its message when the claim took; return how many."""
    common = common_context(cycle)
    sent = 0
    ids = list(due.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = Invitation.objects.filter(pk__in=ids[start : start + BATCH]).select_related("district")
        for invitation in batch.order_by("pk"):
            with transaction.atomic():
                if claim(invitation.pk):
                    survey_message(invitation, common, template)
                    sent += 1
    return sent


def invitations_send(*, cycle: SurveyCycle, actor=None, now: datetime.datetime | None = None) -> int:
    """Send the invitation to each parent of the cycle with an email who was not sent one and has not
    answered; return how many were sent. Refused once the cycle has closed."""
    now = now or timezone.now()
    if cycle.has_closed(timezone.localdate(now)):
        raise Refused(_("This survey closed on %(date)s: no invitations were sent.") % {"date": _day(cycle.closes_on)})

    def claim(pk: int) -> int:
        return Invitation.objects.filter(pk=pk, invited_at__isnull=True, responded=False).update(invited_at=now)

    sent = send_in_batches(cycle=cycle, due=invitations_to_send(cycle), claim=claim, template="invitation")
    if sent or actor is not None:  # a scheduled run that found no one to write to leaves no entry
        audit_record(
            actor=actor,
            action="survey.invitations_send",
            summary=_("Survey invitations sent for %(cycle)s: %(count)d.") % {"cycle": cycle.slug, "count": sent},
            details={"cycle": cycle.slug, "sent": sent},
        )
    return sent


def _day(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def user_by_id(actor_id: int | None):
    """The person who started a background run, when one did (and still exists)."""
    return get_user_model().objects.filter(pk=actor_id).first() if actor_id else None


@task()
def invitations_send_task(*, cycle_id: int, actor_id: int | None = None) -> int:
    """The invitations of a cycle sent in the background (the cycle page's button)."""
    cycle = SurveyCycle.objects.select_related("instrument").get(pk=cycle_id)
    try:
        return invitations_send(cycle=cycle, actor=user_by_id(actor_id))
    except Refused:
        return 0


def invitations_send_later(*, cycle: SurveyCycle, actor) -> None:
    """Queue the sending of the cycle's invitations once the current transaction commits."""
    coordinator_only(actor)
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    transaction.on_commit(
        lambda: invitations_send_task.enqueue(cycle_id=cycle.pk, actor_id=actor_id),
        robust=True,
    )
