"""Coordinators' pages for workshop offerings: the list, adding, changing, copying and cancelling one,
its dashboard with the waiting list, and its CSV exports."""

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from pep.access import require_role
from pep.csv_writer import csv_response, iso_moment
from pep.lists import page_of
from pep.models import Role
from pep.view_helpers import refusal_or, save_or_conflict
from workshops.models import Offering, OfferingStatus, Registration, RegistrationStatus
from workshops.offering_forms import (
    OfferingCancelForm,
    OfferingCopyForm,
    OfferingFilter,
    OfferingForm,
    WaitingMoveForm,
    session_formset,
    with_more_rows,
)
from workshops.selectors import dashboard as selectors
from workshops.selectors.priorities import is_pt3
from workshops.services import offerings as services
from workshops.services import seats


@dataclass(frozen=True)
class Crumb:
    """An offering in the breadcrumbs of its coordinators' pages: under the list, linking to its dashboard."""

    title: str
    url: str
    breadcrumb_parent: str = "workshops:offering-list"

    def get_absolute_url(self) -> str:
        return self.url


def _crumb(offering: Offering) -> Crumb:
    return Crumb(offering.title, reverse("workshops:offering-dashboard", args=[offering.pk]))


def _offering(pk: int) -> Offering:
    return get_object_or_404(selectors.offering_for_dashboard(pk))


def _dashboard(offering: Offering) -> str:
    return reverse("workshops:offering-dashboard", args=[offering.pk])


@require_role(Role.COORDINATOR)
def offering_list(request):
    """Every offering, soonest first, with its confirmed seats, waiting list and seats left."""
    offering_filter = OfferingFilter(request.GET, queryset=selectors.offerings_with_counts())
    context = {"offering_filter": offering_filter, "page": page_of(request, offering_filter.ordered())}
    return render(request, "workshops/offerings/list.html", context)


def _form_page(request, form, formset, offering=None):
    context = {"form": form, "formset": formset, "offering": offering}
    if offering is not None:
        context["crumb"] = _crumb(offering)
    return render(request, "workshops/offerings/form.html", context)


@require_role(Role.COORDINATOR)
def offering_create(request):
    if request.method == "POST" and "more_rows" in request.POST:
        data = with_more_rows(request.POST)
        return _form_page(request, OfferingForm(data), session_formset(data))
    form = OfferingForm(request.POST or None)
    formset = session_formset(request.POST or None)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        created = {}

        def create():
            created["offering"] = services.offering_create(
                actor=request.user, data=form.service_data(), sessions=formset.sessions(), once=form.once_token()
            )

        if save_or_conflict(form, create):
            if "offering" in created:
                if created["offering"].status == OfferingStatus.DRAFT:
                    messages.success(request, _("Offering added as a draft: families see it once its status is Open."))
                else:
                    messages.success(request, _("Offering added."))
                return redirect(_dashboard(created["offering"]))
            return redirect("workshops:offering-list")
    return _form_page(request, form, formset)


@require_role(Role.COORDINATOR)
def offering_edit(request, pk: int):
    offering = _offering(pk)
    if offering.status == OfferingStatus.CANCELLED:
        messages.info(request, _("This offering was cancelled; it can no longer be changed."))
        return redirect(_dashboard(offering))
    if request.method == "POST" and "more_rows" in request.POST:
        data = with_more_rows(request.POST)
        return _form_page(request, OfferingForm(data, instance=offering), session_formset(data, offering), offering)
    form = OfferingForm(request.POST or None, instance=offering)
    formset = session_formset(request.POST or None, offering)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        saved = {}

        def update():
            saved["promoted"] = services.offering_update(
                offering=offering,
                actor=request.user,
                version=form.started_from(),
                data=form.service_data(),
                sessions=formset.sessions(),
            )

        if save_or_conflict(form, update):
            messages.success(request, _("Offering saved."))
            promoted = saved.get("promoted", [])
            if promoted:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d waiting registration was confirmed and told.",
                        "%(count)d waiting registrations were confirmed and told.",
                        len(promoted),
                    )
                    % {"count": len(promoted)},
                )
            return redirect(_dashboard(offering))
        # The sessions shown again are the ones typed, with the saved ones' rows kept.
    return _form_page(request, form, formset, offering)


@require_role(Role.COORDINATOR)
def offering_copy(request, pk: int):
    """A new term's offering from this one: the coordinator gives the first session's date."""
    offering = _offering(pk)
    form = OfferingCopyForm(request.POST or None, offering=offering)
    if request.method == "POST" and form.is_valid():
        created = {}

        def copy():
            created["offering"] = services.offering_copy(
                offering=offering,
                actor=request.user,
                first_day=form.cleaned_data["first_day"],
                title=form.cleaned_data["title"],
                once=form.once_token(),
            )

        if save_or_conflict(form, copy):
            if "offering" in created:
                messages.success(request, _("Copy made as a draft. Check its dates and place, then open registration."))
                return redirect("workshops:offering-edit", created["offering"].pk)
            return redirect("workshops:offering-list")
    sessions = selectors.sessions_of(offering)
    return render(
        request,
        "workshops/offerings/copy.html",
        {"form": form, "offering": offering, "sessions": sessions, "crumb": _crumb(offering)},
    )


@require_role(Role.COORDINATOR)
def offering_cancel(request, pk: int):
    """Cancel an offering, after saying why: every family registered or waiting is told."""
    offering = _offering(pk)
    if offering.status == OfferingStatus.CANCELLED:
        messages.info(request, _("This offering was already cancelled."))
        return redirect(_dashboard(offering))
    form = OfferingCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = {}

        def cancel():
            done["registrations"] = services.offering_cancel(
                offering=offering, actor=request.user, reason=form.cleaned_data["reason"]
            )

        if save_or_conflict(form, cancel):
            count = len(done.get("registrations", []))
            messages.success(
                request,
                ngettext(
                    "Offering cancelled. %(count)d registration was cancelled and its family told.",
                    "Offering cancelled. %(count)d registrations were cancelled and their families told.",
                    count,
                )
                % {"count": count},
            )
            return redirect(_dashboard(offering))
    counts = selectors.registration_counts(offering)
    return render(
        request,
        "workshops/offerings/cancel.html",
        {"form": form, "offering": offering, "counts": counts, "crumb": _crumb(offering)},
    )


@require_role(Role.COORDINATOR)
def offering_dashboard(request, pk: int):
    """One offering at a glance: places, registrations, what families need, and the waiting list to manage."""
    offering = get_object_or_404(selectors.offering_with_places(pk))
    status = request.GET.get("status", "")
    if status not in RegistrationStatus.values:
        status = ""
    needs = selectors.needs_listed(offering)  # one more than are shown, to tell whether some are left out
    needs_capped = len(needs) > selectors.NEEDS_SHOWN
    needs = needs[: selectors.NEEDS_SHOWN]
    sessions = selectors.sessions_of(offering)
    context = {
        "offering": offering,
        "crumb": _crumb(offering),
        "sessions": sessions,
        "is_pt3": is_pt3(offering),
        "counts": selectors.registration_counts(offering),
        "places": seats.Places(seats=offering.seats_left, childcare=offering.childcare_left),
        "interpretation": selectors.interpretation_needs(offering),
        "childcare": selectors.childcare_needs(offering),
        "childcare_listed": [row for row in needs if row["childcare_children"]],
        "accommodations_listed": [row for row in needs if row["accommodations"]],
        "dietary_listed": [row for row in needs if row["dietary_needs"]],
        "needs_capped": needs_capped,
        "page": page_of(request, selectors.registrations_for_dashboard(offering, status)),
        "status": status,
        "statuses": RegistrationStatus.choices,
    }
    return render(request, "workshops/offerings/dashboard.html", context)


def _registration(offering_pk: int, pk: int) -> Registration:
    return get_object_or_404(Registration.objects.select_related("offering"), pk=pk, offering_id=offering_pk)


@require_role(Role.COORDINATOR)
@require_POST
def registration_confirm(request, pk: int, registration_pk: int):
    """Confirm a waiting family now, ahead of its turn, if its seats and childcare fit."""
    registration = _registration(pk, registration_pk)
    return refusal_or(
        request,
        reverse("workshops:offering-dashboard", args=[pk]),
        lambda: seats.registration_confirm_by_hand(registration=registration, actor=request.user),
        _("Registration %(number)s confirmed; the family was told.") % {"number": registration.pk},
    )


@require_role(Role.COORDINATOR)
@require_POST
def registration_move(request, pk: int, registration_pk: int):
    """Move a waiting family to the front or the back of the waiting list."""
    registration = _registration(pk, registration_pk)
    back_to = reverse("workshops:offering-dashboard", args=[pk]) + "?status=waiting"
    form = WaitingMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to move it to the front or to the back."))
        return redirect(back_to)
    to_front = form.cleaned_data["to"] == "front"
    done = (
        _("Registration %(number)s is now first on the waiting list.")
        if to_front
        else _("Registration %(number)s is now last on the waiting list.")
    )
    return refusal_or(
        request,
        back_to,
        lambda: seats.registration_move_in_waiting_list(
            registration=registration, actor=request.user, to_front=to_front
        ),
        done % {"number": registration.pk},
    )


@require_role(Role.COORDINATOR)
@require_POST
def registration_cancel(request, pk: int, registration_pk: int):
    """Cancel one registration for the family; its seats go to those waiting."""
    registration = _registration(pk, registration_pk)
    return refusal_or(
        request,
        reverse("workshops:offering-dashboard", args=[pk]),
        lambda: seats.registration_cancel(registration=registration, actor=request.user),
        _("Registration %(number)s cancelled; the family was told.") % {"number": registration.pk},
    )


# CSV exports: codes and raw values, one query each however many rows.


def _csv_name(offering: Offering, what: str) -> str:
    return f"offering-{offering.pk}-{what}.csv"


REGISTRATION_CREATED = selectors.REGISTRATIONS_CSV.index("created_at")
REGISTRATION_PHONE = selectors.REGISTRATIONS_CSV.index("contact_phone")


def _registration_row(row: tuple) -> list:
    """The created time as ISO 8601 with its offset, the phone as written (+12175550123); None is written empty."""
    row = list(row)
    row[REGISTRATION_CREATED] = iso_moment(row[REGISTRATION_CREATED])
    row[REGISTRATION_PHONE] = str(row[REGISTRATION_PHONE] or "")
    return row


@require_role(Role.COORDINATOR)
def registrations_csv(request, pk: int):
    offering = get_object_or_404(Offering.objects.only("pk"), pk=pk)
    rows = map(_registration_row, selectors.registrations_csv_rows(offering))
    return csv_response(_csv_name(offering, "registrations"), selectors.REGISTRATIONS_CSV, rows)


@require_role(Role.COORDINATOR)
def attendees_csv(request, pk: int):
    offering = get_object_or_404(Offering.objects.only("pk"), pk=pk)
    rows = (
        [
            registration_id or "",
            status or "walk_in",
            attendee_id,
            name,
            role,
            "yes" if walk_in else "no",
            "yes" if cancelled_at else "no",
            attended,
        ]
        for registration_id, status, attendee_id, name, role, walk_in, cancelled_at, attended in (
            selectors.attendees_csv_rows(offering)
        )
    )
    return csv_response(_csv_name(offering, "attendees"), selectors.ATTENDEES_CSV, rows)
