"""The parent's web survey, opened by the private link in the invitation, and the paper-code page that
leads to it; and the coordinators' section of a cycle's page, which sends the invitations and reminders.

Anonymity: the answers are carried in the server-side session under the invitation while the parent
goes from page to page, and leave it when they are stored (the session also gets a new key, so no old
session row keeps them). The pages show nothing about the parent, and nothing is logged about who answered.

Every link carries the web code, so these pages keep their address out of Referer headers, are never
cached (pep.middleware.PrivatePages), are not logged by Django, and the access log hides the code
(pep.gunicorn_logging). An unknown or malformed code gets the same 404 page, whatever it is.
"""

import json
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from pep.access import is_coordinator, public, require_role
from pep.models import Role
from pep.plugins import Panel
from pep.public_forms import HoneypotForm, honeypot_filled, posts_limited, too_many_posts, unlogged
from pep.refusals import Refused
from surveys.forms_survey import NO_SUCH_CODE, PaperCodeForm, SurveyPageForm
from surveys.models import Channel, Invitation, SurveyCycle
from surveys.selectors.survey import (
    invitation_by_code,
    invitation_by_paper_code,
    invitation_counts,
    minutes_to_answer,
    survey_pages,
)
from surveys.services.invitations import invitations_send_later
from surveys.services.reminders import reminders_send_later
from surveys.services.responses import AlreadyAnswered, CycleNotOpen, open_refusal, response_store

PRIVATE_REFERRER_POLICY = "strict-origin"
THANKS_LANGUAGE = "survey_thanks_language"  # the language of the thanks page; says nothing of who answered
OPEN, ANSWERED, CLOSED, NOT_YET_OPEN = "open", "answered", "closed", "not_yet_open"
TEMPLATES = "surveys/survey"
REVIEWED = "reviewed"  # the review form's field that carries the seal of the answers it showed
CHANGED_ELSEWHERE = gettext_lazy(
    "An answer was changed in another window or tab after this page was shown. Check your answers below, "
    "then send them."
)


def _private(response):
    """A page whose address carries a code: the address never leaves in a Referer header."""
    response["Referrer-Policy"] = PRIVATE_REFERRER_POLICY
    return unlogged(response)


def _not_found(request):
    """One page for every code that opens nothing: it never tells whether the code ever existed."""
    return _private(render(request, f"{TEMPLATES}/not_found.html", status=404))


def _session_key(invitation: Invitation) -> str:
    return f"survey:{invitation.pk}"


def _saved(request, invitation: Invitation) -> dict[str, int | None]:
    """The answers given so far, by item number (None where skipped)."""
    return dict(request.session.get(_session_key(invitation), {}))


def _forget(request, invitation: Invitation) -> None:
    """Drop the invitation's answers from the session, and give the session a new key so that the row
    that held them is deleted rather than kept until it expires."""
    if _session_key(invitation) in request.session:
        del request.session[_session_key(invitation)]
        request.session.cycle_key()


def _language(code: str | None) -> str:
    code = (code or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _their_language(request, invitation: Invitation) -> str:
    """The parent's language, unless the reader chose one with the language switch."""
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        return _language(invitation.language)
    return _language(translation.get_language())


def _state(invitation: Invitation) -> str:
    today = timezone.localdate()
    if invitation.responded:
        return ANSWERED
    if today < invitation.cycle.opens_on:
        return NOT_YET_OPEN
    if today > invitation.cycle.closes_on:
        return CLOSED
    return OPEN


def _state_page(request, invitation: Invitation, state: str):
    """Answered, closed or not yet open: says so, and never shows any answer."""
    context = {"state": state, "cycle": invitation.cycle, "instrument": invitation.cycle.instrument}
    return render(request, f"{TEMPLATES}/state.html", context)


def survey_step(view):
    """For the pages of one invitation's survey: find it by its code (or give the one 404 page), speak
    the parent's language, and while the survey does not take answers, say why instead.

    Posts are limited per code (settings.SURVEY_POSTS_PER_HOUR_PER_CODE), not per address: the code is 256
    random bits, so only stopping one link being used to flood is needed; posts with a code that opens
    nothing are limited per address."""

    @wraps(view)
    def wrapped(request, code: str, *args, **kwargs):
        invitation = invitation_by_code(code)
        posted = request.method == "POST"
        if invitation is None:
            # Posts with codes that open nothing are limited by address, like every public form.
            if posted and posts_limited(request, "survey-unknown-code"):
                return _private(too_many_posts(request))
            return _not_found(request)
        language = _their_language(request, invitation)
        # Only for this page: the language of the request that follows is chosen afresh.
        with translation.override(language):
            request.LANGUAGE_CODE = language
            state = _state(invitation)
            if posted and _code_posts_limited(request, invitation):
                response = render(request, f"{TEMPLATES}/throttled.html", status=429)
            elif state == OPEN:
                response = view(request, invitation, *args, **kwargs)
            else:
                _forget(request, invitation)
                response = _state_page(request, invitation, state)
        response.headers["Content-Language"] = language
        return _private(response)

    return wrapped


def _code_posts_limited(request, invitation: Invitation) -> bool:
    """Count this post against its code's hourly limit (by the invitation's id, hashed into the cache key)."""

    def key(_group, _request) -> str:
        return f"invitation:{invitation.pk}"

    return posts_limited(request, "survey-code-posts", key=key, per_hour=settings.SURVEY_POSTS_PER_HOUR_PER_CODE)


def _common(invitation: Invitation, pages) -> dict:
    return {
        "code": invitation.code,
        "cycle": invitation.cycle,
        "instrument": invitation.cycle.instrument,
        "page_count": pages.count,
        "question_count": len(pages.items),
    }


def _first_page_to_answer(pages, saved: dict) -> int | None:
    """The first page with a question not yet answered or skipped, or None when every page was seen."""
    for number in range(1, pages.count + 1):
        if any(str(item.number) not in saved for item in pages.page(number)):
            return number
    return None


@public
@survey_step
def survey(request, invitation: Invitation):
    """The start: what the survey is, that it is anonymous, how long it takes, that any question may be skipped."""
    pages = survey_pages(invitation)
    saved = _saved(request, invitation)
    context = _common(invitation, pages) | {
        "minutes": minutes_to_answer(len(pages.items)),
        "started": bool(saved),
        "resume_page": _first_page_to_answer(pages, saved) if saved else 1,
    }
    return render(request, f"{TEMPLATES}/intro.html", context)


def _after_page(request, invitation: Invitation, number: int, page_count: int, from_review: bool):
    # Opened from the review's "Change" link: the page goes back to the review whichever button was used.
    if from_review:
        return redirect("surveys:survey-review", code=invitation.code)
    if request.POST.get("go") == "back":
        if number == 1:
            return redirect("surveys:survey", code=invitation.code)
        return redirect("surveys:survey-page", code=invitation.code, number=number - 1)
    if number == page_count:
        return redirect("surveys:survey-review", code=invitation.code)
    return redirect("surveys:survey-page", code=invitation.code, number=number + 1)


@public
@survey_step
def survey_page(request, invitation: Invitation, number: int):
    """One page of questions; its answers are kept in the session until the parent sends them all."""
    pages = survey_pages(invitation)
    if not 1 <= number <= pages.count:
        return _not_found(request)
    from_review = "review" in request.GET or request.POST.get("review") == "1"
    saved = _saved(request, invitation)
    labels = invitation.cycle.instrument.scale_labels()
    posted = request.method == "POST"
    form = SurveyPageForm(request.POST if posted else None, items=pages.page(number), labels=labels, saved=saved)
    if posted and honeypot_filled(request):
        # A program filled the field people never see: it moves on as a person would, and nothing is kept.
        return _after_page(request, invitation, number, pages.count, from_review)
    if posted and form.is_valid():
        request.session[_session_key(invitation)] = saved | form.answers()
        return _after_page(request, invitation, number, pages.count, from_review)
    context = _common(invitation, pages) | {"form": form, "number": number, "from_review": from_review}
    return render(request, f"{TEMPLATES}/page.html", context)


def _review_rows(pages, saved: dict, labels: dict[int, str]) -> list[dict]:
    return [
        {
            "item": item,
            "answer": labels.get(saved.get(str(item.number))) if saved.get(str(item.number)) else "",
            "page": pages.page_of(item.number),
        }
        for item in pages.items
    ]


@public
@survey_step
def survey_review(request, invitation: Invitation):
    """Every question with its answer or "Skipped", a way back to change each, and the button that sends them."""
    pages = survey_pages(invitation)
    saved = _saved(request, invitation)
    if not saved:
        # Nothing answered or skipped yet (or the session ran out): an empty survey is not sent by mistake.
        messages.info(request, _("There are no answers to review yet. Start with the first page."))
        return redirect("surveys:survey", code=invitation.code)
    answers = [saved.get(str(item.number)) for item in pages.items]
    refusal = ""
    if request.method == "POST":
        if honeypot_filled(request):
            return redirect("surveys:survey-thanks")  # a program filled the hidden field: nothing is kept
        shown = request.POST.get(REVIEWED, "")
        if shown and not constant_time_compare(shown, _seal(invitation, answers)):
            # Another tab changed an answer after this review was shown: only what the parent saw is sent.
            refusal = str(CHANGED_ELSEWHERE)
        else:
            language = _language(translation.get_language())
            try:
                response_store(invitation_id=invitation.pk, answers=answers, channel=Channel.WEB, language=language)
            except AlreadyAnswered:
                # Another tab, a second click, or a paper form got there first.
                _forget(request, invitation)
                return _state_page(request, invitation, ANSWERED)
            except CycleNotOpen:  # it closed at midnight, between this page's check and the store
                _forget(request, invitation)
                return _state_page(request, invitation, CLOSED if invitation.cycle.has_closed() else NOT_YET_OPEN)
            except Refused as refused:
                refusal = str(refused)
            else:
                _forget(request, invitation)
                request.session[THANKS_LANGUAGE] = language
                return redirect("surveys:survey-thanks")
    rows = _review_rows(pages, saved, invitation.cycle.instrument.scale_labels())
    answered = sum(1 for row in rows if row["answer"])
    context = _common(invitation, pages) | {
        "rows": rows,
        "answered": answered,
        "min_answered": invitation.cycle.instrument.min_answered,
        "refusal": refusal,
        "honeypot": HoneypotForm(),
        "reviewed": REVIEWED,
        "seal": _seal(invitation, answers),
    }
    return render(request, f"{TEMPLATES}/review.html", context)


def _seal(invitation: Invitation, answers: list) -> str:
    """A short seal of the answers a review page shows, sent back with its button: a send from a review
    older than the answers (another tab changed one since) is caught."""
    return salted_hmac("surveys.survey.review", json.dumps([invitation.pk, answers])).hexdigest()[:20]


@public
def survey_thanks(request):
    """After the answers are stored: thanks, in the language the parent answered in."""
    language = _language(translation.get_language())
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        language = _language(request.session.get(THANKS_LANGUAGE, language))
    with translation.override(language):
        request.LANGUAGE_CODE = language
        response = render(request, f"{TEMPLATES}/thanks.html")
    response.headers["Content-Language"] = language
    return response


@public
def survey_code(request):
    """Type the code printed on the letter, and go to the survey it opens.

    Limited by address: a paper code is short enough to guess. Only the posts that open nothing count
    (a typo, a guess, a filled honeypot), so a school's parent night on one address is not locked out by
    parents typing their right codes, while guessing stops after PUBLIC_POSTS_PER_HOUR_PER_ADDRESS misses.
    """
    posted = request.method == "POST"
    if posted and posts_limited(request, "survey-code", increment=False):
        return too_many_posts(request)
    form = PaperCodeForm(request.POST if posted else None)
    if posted and form.is_valid():
        found = None if honeypot_filled(request) else invitation_by_paper_code(form.cleaned_data["code"])
        if found is not None:
            return _private(redirect("surveys:survey", code=found.code))
        form.add_error("code", NO_SUCH_CODE)
    if posted and posts_limited(request, "survey-code"):
        return too_many_posts(request)
    return _private(render(request, f"{TEMPLATES}/code.html", {"form": form}))


# The coordinators' side: the cycle page's section and its two buttons.


def cycle_section(request, cycle: SurveyCycle):
    """The cycle page's section on invitations: how many have an email, were invited, reminded, answered
    on the web, and the buttons that send invitations and reminders."""
    if not is_coordinator(request.user):
        return None
    context = {
        "cycle": cycle,
        "counts": invitation_counts(cycle, timezone.now()),
        "invitations_refusal": _invitations_refusal(cycle),
        "reminders_refusal": open_refusal(cycle),
    }
    return Panel(f"{TEMPLATES}/_cycle_section.html", context)


def _invitations_refusal(cycle: SurveyCycle) -> str:
    if cycle.has_closed():
        return open_refusal(cycle)
    return ""


def _cycle(slug: str) -> SurveyCycle:
    return get_object_or_404(SurveyCycle.objects.select_related("instrument", "school_year"), slug=slug)


def _send_page(request, cycle: SurveyCycle, *, what: str, count: int, refusal: str, start, sent_message: str):
    """The confirmation of a send button: how many messages will go; the POST queues them."""
    if request.method == "POST":
        if refusal:
            messages.error(request, refusal)
        elif not count:
            messages.info(request, _("There was no one to write to."))
        else:
            start(cycle=cycle, actor=request.user)
            messages.success(request, sent_message)
        return redirect(cycle)
    context = {
        "cycle": cycle,
        "what": what,
        "count": count,
        "refusal": refusal,
        "cycle_trail": [(str(cycle), cycle.get_absolute_url())],
    }
    return render(request, f"{TEMPLATES}/send_confirm.html", context)


@require_role(Role.COORDINATOR)
def invitations_send(request, slug: str):
    """Send the invitation to every parent with an email not yet sent one (after a confirmation)."""
    cycle = _cycle(slug)
    count = invitation_counts(cycle, timezone.now()).to_invite
    sent_message = ngettext(
        "The invitation is on its way to %(count)d parent. The figures below grow as the messages leave.",
        "The invitations are on their way to %(count)d parents. The figures below grow as the messages leave.",
        count,
    ) % {"count": count}
    refusal = _invitations_refusal(cycle)
    return _send_page(
        request,
        cycle,
        what="invitations",
        count=count,
        refusal=refusal,
        start=invitations_send_later,
        sent_message=sent_message,
    )


@require_role(Role.COORDINATOR)
def reminders_send(request, slug: str):
    """Remind every parent due a reminder who has not answered (after a confirmation)."""
    cycle = _cycle(slug)
    count = invitation_counts(cycle, timezone.now()).reminders_due
    sent_message = ngettext(
        "The reminder is on its way to %(count)d parent. The figures below grow as the messages leave.",
        "The reminders are on their way to %(count)d parents. The figures below grow as the messages leave.",
        count,
    ) % {"count": count}
    return _send_page(
        request,
        cycle,
        what="reminders",
        count=count,
        refusal=open_refusal(cycle),
        start=reminders_send_later,
        sent_message=sent_message,
    )
