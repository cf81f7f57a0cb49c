"""Workshop feedback: a registration's answers, given once, and the messages asking for them."""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy

from pep.refusals import Refused
from workshops.models import Feedback, FeedbackRequested, Registration
from workshops.selectors.feedback import GIVEN, OPEN, feedback_state, offerings_ended_within, registrations_to_ask
from workshops.services import messages

# Asking weeks later brings few answers and confuses people who forgot; the command looks back this far.
ASK_WITHIN = datetime.timedelta(days=14)

ALREADY_GIVEN = gettext_lazy("We already received your answers. Thank you!")
NOT_OPEN = gettext_lazy("This form is for people who came to the workshop, and it opens once the last session is over.")


class FeedbackAlreadyGiven(Refused):
    """This registration's feedback was received before; it is given once."""


@dataclass(frozen=True)
class FeedbackData:
    usefulness: int
    will_use: str
    to_improve: str
    language_support: str
    language: str


@transaction.atomic
def feedback_give(*, registration: Registration, data: FeedbackData) -> Feedback:
    """Record a registration's feedback, once; refused before the workshop ends or for whoever held no place."""
    registration = Registration.objects.select_for_update().select_related("offering").get(pk=registration.pk)
    state = feedback_state(registration)
    if state == GIVEN:
        raise FeedbackAlreadyGiven(ALREADY_GIVEN)
    if state != OPEN:
        raise Refused(NOT_OPEN)
    feedback = Feedback(
        registration=registration,
        offering=registration.offering,
        usefulness=data.usefulness,
        will_use=data.will_use.strip(),
        to_improve=data.to_improve.strip(),
        language_support=data.language_support,
        language=data.language,
    )
    feedback.full_clean(exclude=["registration"])
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError:  # the same answers sent twice at once: the first one counted
        raise FeedbackAlreadyGiven(ALREADY_GIVEN) from None
    return feedback


def _claim(registration: Registration) -> bool:
    """Record that this registration is asked; False when it was asked before (by this run or another)."""
    try:
        with transaction.atomic():
            FeedbackRequested.objects.create(registration=registration)
    except IntegrityError:
        return False
    return True


def feedback_requests_send(now: datetime.datetime | None = None) -> int:
    """Ask each confirmed registration of a just-ended offering for feedback, once ever; how many were asked."""
    asked = 0
    candidates = registrations_to_ask(offerings_ended_within(ASK_WITHIN, now))
    # Two weeks of offerings hold a few thousand registrations at most: read them all before writing.
    for registration in list(candidates):
        with transaction.atomic():
            if _claim(registration):
                messages.feedback_request(registration)
                asked += 1
    return asked
