"""Workshop feedback: the public form a registration answers once, and the coordinators' summaries."""

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation

from pep.access import public, require_role
from pep.lists import page_of
from pep.models import Role
from pep.public_forms import honeypot_filled, protected_post, unlogged
from pep.refusals import Refused
from workshops.feedback_forms import FeedbackForm
from workshops.models import Offering, Program
from workshops.selectors import feedback as selectors
from workshops.selectors.registrations import registration_by_token
from workshops.services.feedback import FeedbackAlreadyGiven, FeedbackData, feedback_give

TEMPLATE = "workshops/feedback/registration_feedback.html"


def _their_language(request, registration) -> str:
    """The registration's language, unless the reader chose one with the language switch."""
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and registration.language in dict(settings.LANGUAGES):
        return registration.language
    return translation.get_language()


def _page(request, registration, state: str, form=None):
    context = {"registration": registration, "offering": registration.offering, "state": state, "form": form}
    ends = registration.offering.last_ends_at
    context["not_over_yet"] = ends is None or ends > timezone.now()
    return unlogged(render(request, TEMPLATE, context))


@public
@protected_post("workshop-feedback")
def registration_feedback(request, token: str):
    """Four short questions after the workshop, answered once from the private link, in the family's language."""
    registration = registration_by_token(token)
    # Only for this page: the language of the request that follows is chosen afresh.
    language = _their_language(request, registration)
    with translation.override(language):
        request.LANGUAGE_CODE = language
        response = _feedback(request, registration)
    response.headers["Content-Language"] = language
    return response


def _feedback(request, registration):
    state = selectors.feedback_state(registration)
    if state != selectors.OPEN:
        return _page(request, registration, state)
    if request.method != "POST":
        return _page(request, registration, "form", FeedbackForm())
    if honeypot_filled(request):
        return _page(request, registration, "thanks")  # a program filled it: say thanks, keep nothing
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return _page(request, registration, "form", form)
    data = FeedbackData(
        usefulness=form.cleaned_data["usefulness"],
        will_use=form.cleaned_data["will_use"],
        to_improve=form.cleaned_data["to_improve"],
        language_support=form.cleaned_data["language_support"],
        language=translation.get_language() or registration.language,
    )
    try:
        feedback_give(registration=registration, data=data)
    except FeedbackAlreadyGiven:
        return _page(request, registration, "given")
    except Refused as refusal:
        form.add_error(None, str(refusal))
        return _page(request, registration, "form", form)
    return redirect("workshops:registration-feedback", token=registration.token)


def _summary_page(request, *, offering=None, program=None, answers, asked: int | None = None):
    context = {
        "offering": offering,
        "program": program,
        "summary": selectors.feedback_summary(answers),
        "page": page_of(request, selectors.written_answers(answers)),
        "asked": asked,
    }
    return render(request, "workshops/feedback/summary.html", context)


@require_role(Role.COORDINATOR)
def offering_feedback(request, pk: int):
    """What the families of one offering said: counts and shares, then what they wrote."""
    offering = get_object_or_404(Offering.objects.select_related("program"), pk=pk)
    asked = selectors.feedback_requests_of_offering(offering)
    return _summary_page(request, offering=offering, answers=selectors.feedback_of_offering(offering), asked=asked)


@require_role(Role.COORDINATOR)
def program_feedback(request, pk: int):
    """What the families said of every offering of a program."""
    program = get_object_or_404(Program, pk=pk)
    return _summary_page(request, program=program, answers=selectors.feedback_of_program(program))
