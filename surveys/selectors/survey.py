"""Reads of the parent's web survey: the invitation a code opens, its questions in pages, and a cycle's
invitation and reminder counts."""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Count, Q

from surveys.models import Channel, InstrumentKind, Invitation, Item, Response, SurveyCycle, normalize_paper_code

# A web code as new_web_code writes it; anything else is refused before the database is asked.
WEB_CODE = re.compile(r"[A-Za-z0-9_-]{43}")
# The survey link (or its code alone) pasted where the letter's code goes: the code after ".../s/".
WEB_CODE_IN_LINK = re.compile(r"(?:^|/s/)([A-Za-z0-9_-]{43})(?:[/?#]|$)")
QUESTIONS_PER_PAGE = 5
SECONDS_PER_QUESTION = 20


def minutes_to_answer(item_count: int) -> int:
    """About how long a survey of this many questions takes, rounded up, never under two minutes."""
    return max(2, -(-item_count * SECONDS_PER_QUESTION // 60))


def _parents_invitations():
    # Only the parent survey (Indicator 8) is answered by invitation; the perceptions survey's answers
    # need the respondent's role, which only its own shared link asks.
    return Invitation.objects.filter(cycle__instrument__kind=InstrumentKind.INDICATOR8)


def invitation_by_code(code: str) -> Invitation | None:
    """The invitation this web code opens, with its cycle and instrument, or None."""
    if not WEB_CODE.fullmatch(code):
        return None
    return _parents_invitations().select_related("cycle__instrument").filter(code=code).first()


def invitation_by_paper_code(typed: str) -> Invitation | None:
    """The invitation whose paper code was typed (any case, with spaces or dashes), or None; the survey link
    or its web code pasted instead opens its invitation too."""
    pasted = WEB_CODE_IN_LINK.search(typed.strip())
    if pasted:
        return invitation_by_code(pasted.group(1))
    code = normalize_paper_code(typed)
    if not code or len(code) > 20:
        return None
    return _parents_invitations().only("code").filter(paper_code=code).first()


@dataclass(frozen=True)
class SurveyPages:
    """An instrument's items cut into pages of a few questions each."""

    items: list[Item]
    size: int = QUESTIONS_PER_PAGE

    @property
    def count(self) -> int:
        return max(1, -(-len(self.items) // self.size))

    def page(self, number: int) -> list[Item]:
        return self.items[(number - 1) * self.size : number * self.size]

    def page_of(self, item_number: int) -> int:
        position = next(index for index, item in enumerate(self.items) if item.number == item_number)
        return position // self.size + 1


def survey_pages(invitation: Invitation) -> SurveyPages:
    """The questions of the invitation's instrument, in order, in pages."""
    return SurveyPages(list(Item.objects.filter(instrument_id=invitation.cycle.instrument_id).order_by("number")))


@dataclass(frozen=True)
class InvitationCounts:
    """Where a cycle's invitations stand: for its page and the send buttons' confirmations."""

    total: int
    with_email: int
    to_invite: int
    invited: int
    reminded: int
    reminders_due: int
    responded: int
    answered_on_web: int


def invitations_to_send(cycle: SurveyCycle):
    """Invitations with an email that were never sent one and are not answered."""
    return Invitation.objects.filter(cycle=cycle, invited_at__isnull=True, responded=False).exclude(parent_email="")


def reminders_due(cycle: SurveyCycle, now: datetime.datetime):
    """Invitations sent by email, not answered, and neither invited nor reminded within the cycle's interval."""
    since = now - datetime.timedelta(days=cycle.reminder_days)
    return (
        Invitation.objects.filter(cycle=cycle, responded=False, invited_at__lte=since)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=since))
        .exclude(parent_email="")
    )


def invitation_counts(cycle: SurveyCycle, now: datetime.datetime) -> InvitationCounts:
    """The cycle's invitations counted in one query, and its web responses in another."""
    since = now - datetime.timedelta(days=cycle.reminder_days)
    has_email = ~Q(parent_email="")
    figures = Invitation.objects.filter(cycle=cycle).aggregate(
        total=Count("pk"),
        with_email=Count("pk", filter=has_email),
        to_invite=Count("pk", filter=has_email & Q(invited_at__isnull=True, responded=False)),
        invited=Count("pk", filter=Q(invited_at__isnull=False)),
        reminded=Count("pk", filter=Q(reminded_at__isnull=False)),
        reminders_due=Count(
            "pk",
            filter=has_email
            & Q(responded=False, invited_at__lte=since)
            & (Q(reminded_at__isnull=True) | Q(reminded_at__lte=since)),
        ),
        responded=Count("pk", filter=Q(responded=True)),
    )
    web = Response.objects.filter(cycle=cycle, channel=Channel.WEB).count()
    return InvitationCounts(**figures, answered_on_web=web)
