"""Check-in, sign-in sheets and certificates.

Check-in is a phone page for coordinators at the door: every button is a small form that works
without JavaScript. Sign-in sheets and certificates are PDFs made from the same templates the
browser prints (pep/pdf.py).
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pep.access import public, require_role
from pep.lists import page_of
from pep.models import Role
from pep.pdf import pdf_response
from pep.view_helpers import once_token, refusal_or, save_or_conflict
from workshops.models import Attendee, Offering, RegistrantRole, Session
from workshops.selectors import completion
from workshops.selectors.registrations import registration_by_token
from workshops.services import attendance as services

CHECKIN_ROWS = 100  # a page of the check-in list; a series has at most a few hundred attendees
BLANK_ROWS = 10  # lines for walk-ins at the end of a sign-in sheet


class WalkInForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=services.NAME_LENGTH)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=RegistrantRole.choices)


def _session(pk: int) -> Session:
    return get_object_or_404(Session.objects.select_related("offering__program"), pk=pk)


def _checkin_url(session: Session, query: str = "", page: str = "", anchor: str = "") -> str:
    params = {key: value for key, value in (("q", query), ("page", page)) if value}
    url = reverse("workshops:session-checkin", args=[session.pk])
    return url + (f"?{urlencode(params)}" if params else "") + (f"#{anchor}" if anchor else "")


def _mark(request, session: Session, back_to: str):
    """Mark the attendee the form names present or not; back to their row of the list."""
    try:
        attendee_pk = int(request.POST.get("attendee", ""))
    except ValueError:
        attendee_pk = 0
    attendee = Attendee.objects.filter(pk=attendee_pk, offering_id=session.offering_id).first()
    if attendee is None:
        messages.error(request, _("This person is not on this offering's list any more."))
        return redirect(back_to)
    present = request.POST.get("present") == "1"
    if present:
        success = _("%(name)s is marked present.") % {"name": attendee.name}
    else:
        success = _("%(name)s is no longer marked present.") % {"name": attendee.name}

    def mark():
        services.attendance_mark(session=session, attendee=attendee, present=present, actor=request.user)

    return refusal_or(request, f"{back_to}#attendee-{attendee.pk}", mark, success)


@require_role(Role.COORDINATOR)
def session_checkin(request, pk: int):
    """Who came to a session: one button per person, a search by name, and walk-ins."""
    session = _session(pk)
    query = request.GET.get("q", "")[:100]
    walk_in = WalkInForm(request.POST if request.POST.get("action") == "walk-in" else None, prefix="walk-in")
    if request.method == "POST":
        if request.POST.get("action") == "mark":
            back_to = _checkin_url(session, request.POST.get("q", "")[:100], request.POST.get("page", "")[:10])
            return _mark(request, session, back_to)
        anchor = ""

        def add():
            nonlocal anchor
            attendee = services.walk_in_add(
                session=session,
                name=walk_in.cleaned_data["name"],
                role=walk_in.cleaned_data["role"],
                actor=request.user,
                once=once_token(request),
            )
            messages.success(request, _("%(name)s was added and marked present.") % {"name": attendee.name})
            anchor = f"attendee-{attendee.pk}"

        # Sent twice, the second request finds the walk-in added by the first and goes back to the list.
        if walk_in.is_valid() and save_or_conflict(walk_in, add):
            return redirect(_checkin_url(session, anchor=anchor))
    context = {
        "session": session,
        "offering": session.offering,
        "place": session.where(),
        "query": query,
        "page": page_of(request, completion.checkin_list(session, query), per_page=CHECKIN_ROWS),
        "counts": completion.checkin_counts(session),
        "refusal": services.checkin_refusal(session),
        "walk_in": walk_in,
    }
    return render(request, "workshops/attendance/checkin.html", context)


def _signin_context(session: Session, for_pdf: bool) -> dict:
    attendees = completion.expected_attendees(session).select_related("registration").order_by("name", "pk")
    return {
        "session": session,
        "offering": session.offering,
        "program": session.offering.program,
        "place": session.where(),
        "attendees": list(attendees),
        "blank_rows": range(BLANK_ROWS),
        "for_pdf": for_pdf,
    }


@require_role(Role.COORDINATOR)
def session_signin_print(request, pk: int):
    """The sign-in sheet to print from the browser; the PDF is made from the same template."""
    return render(request, "workshops/pdf/signin_sheet.html", _signin_context(_session(pk), for_pdf=False))


@require_role(Role.COORDINATOR)
def session_signin_sheet(request, pk: int):
    session = _session(pk)
    filename = f"sign-in-sheet-{session.starts_at:%Y-%m-%d}-{session.pk}.pdf"
    print_view = reverse("workshops:session-signin-print", args=[session.pk])
    return pdf_response(
        request, "workshops/pdf/signin_sheet.html", _signin_context(session, for_pdf=True), filename, print_view
    )


# --- certificates ---


def _certificate_or_not_earned(request, attendee: Attendee, back: str):
    """The attendee's certificate, or a clear page when it is not earned (yet): how many sessions are still needed."""
    counted = completion.with_completion(Attendee.objects.filter(pk=attendee.pk)).get()
    if counted.earned:
        return _certificates_pdf(request, [attendee], f"certificate-{attendee.pk}.pdf", back)
    context = {
        "attendee": attendee,
        "offering": attendee.offering,
        "attended": counted.sessions_attended,
        "needed": counted.sessions_needed,
        "cancelled": attendee.cancelled_at is not None,
        "back": back,
    }
    return render(request, "workshops/attendance/not_earned.html", context)


def _certificates_pdf(request, attendees: list[Attendee], filename: str, print_view: str):
    context = {"certificates": completion.certificates_of(attendees), "for_pdf": True}
    return pdf_response(request, "workshops/pdf/certificates.html", context, filename, print_view)


def _certificates_print(offering: Offering) -> str:
    return reverse("workshops:offering-certificates-print", args=[offering.pk])


@require_role(Role.COORDINATOR)
def attendee_certificate(request, pk: int):
    """One attendee's certificate, for a coordinator to print."""
    attendee = get_object_or_404(Attendee.objects.select_related(*completion.CERTIFICATE_RELATED), pk=pk)
    return _certificate_or_not_earned(request, attendee, _certificates_print(attendee.offering))


def _offering(pk: int) -> Offering:
    return get_object_or_404(Offering.objects.select_related("program"), pk=pk)


@require_role(Role.COORDINATOR)
def offering_certificates_print(request, pk: int):
    """Everyone who completed the offering: the certificates to print from the browser, one per page."""
    offering = _offering(pk)
    certificates = completion.certificates_of(completion.offering_certificates(offering))
    context = {"offering": offering, "certificates": certificates, "for_pdf": False}
    return render(request, "workshops/pdf/certificates.html", context)


@require_role(Role.COORDINATOR)
def offering_certificates(request, pk: int):
    """Every certificate of the offering in one PDF, one page each; with none earned, the page that says so."""
    offering = _offering(pk)
    attendees = completion.offering_certificates(offering)
    print_view = _certificates_print(offering)
    if not attendees:
        return redirect(print_view)
    return _certificates_pdf(request, attendees, f"certificates-{offering.pk}.pdf", print_view)


@public
def registration_certificate(request, token: str, attendee_pk: int):
    """A certificate from the registration's private link: only for that registration's attendees."""
    registration = registration_by_token(token)
    attendee = (
        Attendee.objects.select_related(*completion.CERTIFICATE_RELATED)
        .filter(pk=attendee_pk, registration=registration)
        .first()
    )
    if attendee is None:
        raise Http404
    return _certificate_or_not_earned(request, attendee, reverse("workshops:registration", args=[token]))
