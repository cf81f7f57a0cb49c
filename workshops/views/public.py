"""Public workshop pages: no account needed. The catalog, an offering's page, the registration form, and
the private link where a family sees, changes or cancels its registration.

Every POST here goes through `protected_post` (a limit per client address). The private pages carry
the registration's token in their address, so they keep it out of Referer headers (`strict-origin`: only
the site's origin ever leaves, while the pages' own forms still send the Origin the CSRF check needs),
are never cached (pep.middleware.PrivatePages), and their 404s are not logged with the address.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pep.access import public
from pep.lists import page_of
from pep.models import District
from pep.public_forms import honeypot_filled, protected_post, unlogged
from pep.refusals import Refused
from pep.views import suggested_districts
from workshops.calendar import MIME_TYPE, catalog_ics, registration_ics
from workshops.filters import CatalogFilter
from workshops.models import RegistrationStatus
from workshops.registration_forms import NeedsForm, RegistrationForm, attendee_formset
from workshops.selectors.catalog import (
    catalog_calendar_offerings,
    catalog_offerings,
    offering_for_page,
    shown_offerings,
)
from workshops.selectors.completion import certificates_earned
from workshops.selectors.feedback import feedback_open
from workshops.selectors.registrations import registration_for_page
from workshops.services import seats

PRIVATE_REFERRER_POLICY = "strict-origin"


def _private(response):
    """A private page's answer: its address (with the token) never leaves in a Referer header."""
    response["Referrer-Policy"] = PRIVATE_REFERRER_POLICY
    return response


def _not_found(request):
    return _private(unlogged(render(request, "404.html", status=404)))


def _trail(offering, here: str = "") -> dict:
    """The breadcrumbs (templates/includes/breadcrumbs.html) of an offering's public pages: the catalog,
    then the offering, then `here` when the page is one of the offering's own."""
    trail = [(_("Workshops"), reverse("workshops:catalog"))]
    if not here:
        return {"trail": trail, "current": offering.title}
    return {"trail": [*trail, (offering.title, offering.get_absolute_url())], "current": here}


def _calendar(text: str, filename: str, disposition: str = "attachment") -> HttpResponse:
    response = HttpResponse(text, content_type=f"{MIME_TYPE}; charset=utf-8")
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _page_language() -> str:
    code = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@public
def catalog(request):
    """Upcoming workshops anyone may register for, soonest first, with the places left."""
    filterset = CatalogFilter(request.GET or None, queryset=shown_offerings())
    page = page_of(request, catalog_offerings(filterset.qs))
    now = timezone.now()
    for offering in page:
        offering.refusal = seats.registration_refusal(offering, now)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workshops/public/catalog.html",
        {"filter": filterset, "page": page, "calendar_query": query.urlencode()},
    )


@public
def catalog_calendar(request):
    """Every session of the workshops the catalog shows (with the same filters), as an iCalendar feed."""
    filterset = CatalogFilter(request.GET or None, queryset=shown_offerings())
    return _calendar(catalog_ics(catalog_calendar_offerings(filterset.qs)), "pep-workshops.ics", "inline")


@public
def district_suggestions(request):
    """Districts whose name or code contains what was typed, for the public pages' type-ahead."""
    return suggested_districts(request, District.objects.all())


@public
def offering_detail(request, pk: int):
    """One workshop: its sessions, place, language support, childcare and the places left."""
    offering = offering_for_page(pk, request.user)
    if offering is None:
        raise Http404
    offering.refusal = seats.registration_refusal(offering)
    return render(request, "workshops/public/offering_detail.html", {"offering": offering} | _trail(offering))


@public
@protected_post("workshop-register")
def offering_register(request, pk: int):
    """The registration form: the contact person, the people coming, and what they need."""
    offering = offering_for_page(pk, request.user)
    if offering is None:
        raise Http404
    refusal = seats.registration_refusal(offering)
    posted = request.method == "POST"
    form = RegistrationForm(request.POST if posted else None, offering=offering)
    attendees = attendee_formset(request.POST if posted else None)
    trail = _trail(offering, _("Register"))
    context = {"offering": offering, "form": form, "attendees": attendees, "refusal": refusal} | trail
    if not posted or refusal:
        return render(request, "workshops/public/register.html", context)
    if honeypot_filled(request):
        # A program filled the field people never see: it gets the same thanks, and nothing is kept.
        return render(request, "workshops/public/thanks.html", {"offering": offering} | trail)
    form_ok, attendees_ok = form.is_valid(), attendees.is_valid()
    if form_ok and attendees_ok:
        data = form.registration_data(attendees.attendees(), _page_language())
        try:
            registration = seats.registration_create(offering=offering, data=data)
        except seats.AlreadyRegistered as already:
            return render(
                request,
                "workshops/public/already_registered.html",
                {"offering": offering, "by_email": bool(already.registration.contact_email)} | trail,
            )
        except Refused as refused:
            context["refusal"] = str(refused)
        else:
            return redirect("workshops:registration", token=registration.token)
    return render(request, "workshops/public/register.html", context)


def _change_context(registration) -> dict:
    """What the pages that change a registration show: who is still coming, and whether it may change."""
    offering = registration.offering
    refusal = seats.change_refusal(offering)
    return {
        "registration": registration,
        "offering": offering,
        "coming": [person for person in registration.attendees.all() if person.cancelled_at is None],
        "refusal": refusal,
        "may_change": registration.status != RegistrationStatus.CANCELLED and not refusal,
    }


def _private_context(registration) -> dict:
    """The private page's: its sessions, people, place in line and what follows the workshop too."""
    live = registration.status != RegistrationStatus.CANCELLED
    return _change_context(registration) | {
        "sessions": list(registration.offering.sessions.all()),
        "people": list(registration.attendees.all()),
        "position": seats.waiting_position(registration),
        "certificates": certificates_earned(registration) if live else [],
        "feedback_open": feedback_open(registration),
    }


@public
def registration(request, token: str):
    """The private link: the registration's status, sessions and place, and what the family may change."""
    found = registration_for_page(token)
    if found is None:
        return _not_found(request)
    return _private(render(request, "workshops/public/registration.html", _private_context(found)))


@public
def registration_calendar(request, token: str):
    """The registration's sessions as an .ics file; the online link only once its seats are confirmed."""
    found = registration_for_page(token)
    if found is None:
        return _not_found(request)
    return _private(_calendar(registration_ics(found), "workshop.ics"))


def _back_to_private_page(request, token: str, action, success: str):
    try:
        action()
    except Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, success)
    return _private(redirect("workshops:registration", token=token))


@public
@protected_post("workshop-registration-cancel")
def registration_cancel(request, token: str):
    """Cancel the whole registration, or leave the waiting list, after saying so once more."""
    found = registration_for_page(token, sessions=False)
    if found is None:
        return _not_found(request)
    if request.method == "POST":
        waiting = found.status == RegistrationStatus.WAITING
        return _back_to_private_page(
            request,
            token,
            lambda: seats.registration_cancel(registration=found),
            _("You left the waiting list.") if waiting else _("Your registration is cancelled."),
        )
    return _private(render(request, "workshops/public/registration_cancel.html", _change_context(found)))


@public
@protected_post("workshop-attendee-cancel")
def attendee_cancel(request, token: str, attendee_pk: int):
    """One person of the family will not come: their seat goes to those waiting."""
    found = registration_for_page(token, sessions=False)
    person = None
    if found is not None:
        person = next((p for p in found.attendees.all() if p.pk == attendee_pk and p.cancelled_at is None), None)
    if person is None:
        return _not_found(request)
    if request.method == "POST":
        return _back_to_private_page(
            request,
            token,
            lambda: seats.attendee_cancel(attendee=person),
            _("%(name)s is no longer registered.") % {"name": person.name},
        )
    context = _change_context(found) | {"person": person}
    return _private(render(request, "workshops/public/attendee_cancel.html", context))


@public
@protected_post("workshop-registration-needs")
def registration_needs(request, token: str):
    """Change what the family needs: interpretation, childcare, accessibility, food."""
    found = registration_for_page(token, sessions=False)
    if found is None:
        return _not_found(request)
    context = _change_context(found)
    posted = request.method == "POST" and context["may_change"]
    form = NeedsForm(request.POST if posted else None, registration=found)
    if posted and form.is_valid():
        try:
            seats.registration_change_needs(registration=found, data=form.needs())
        except Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Your needs are saved."))
            return _private(redirect("workshops:registration", token=token))
    return _private(render(request, "workshops/public/registration_needs.html", context | {"form": form}))
