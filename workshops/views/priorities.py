"""PT3 priorities: what the parents and teachers of each school named at a PT3 conversation, ranked.

One page per offering does it all without JavaScript: find a school by a search (never a list of
thousands), add its priorities, edit, reorder or remove them. The page's POSTs say which `action`.
"""

from itertools import groupby
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pep.access import require_role
from pep.edit_checks import SubmittedOnceForm
from pep.models import Role, School
from pep.view_helpers import once_token, refusal_or, save_or_conflict
from workshops.models import Offering, Pt3Priority
from workshops.selectors import priorities as selectors
from workshops.services import priorities as services

TEXT_WIDGET = forms.TextInput(attrs={"class": "form-control", "maxlength": 300})


class PriorityAddForm(SubmittedOnceForm):
    school = forms.ModelChoiceField(
        queryset=School.objects.all(),
        widget=forms.HiddenInput,
        error_messages={
            "required": gettext_lazy("Find the school first."),
            "invalid_choice": gettext_lazy("Find the school again."),
        },
    )
    text = forms.CharField(label=gettext_lazy("Priority"), max_length=300, widget=TEXT_WIDGET)


class PriorityEditForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Priority"), max_length=300, widget=TEXT_WIDGET)


def _page_url(offering: Offering, anchor: str = "", **query) -> str:
    url = reverse("workshops:offering-priorities", args=[offering.pk])
    query = {key: value for key, value in query.items() if value}
    return url + (f"?{urlencode(query)}" if query else "") + (f"#{anchor}" if anchor else "")


def _int(value) -> int | None:
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else None


def _add_form(school: School, bound: PriorityAddForm | None) -> PriorityAddForm:
    if bound is not None and bound.data.get("school") == str(school.pk):
        return bound
    return PriorityAddForm(initial={"school": school.pk}, auto_id=f"id_add_{school.pk}_%s")


def _render(request, offering: Offering, *, add_form=None, edit_form=None):
    refusal = services.priorities_refusal(offering)
    priorities = selectors.priorities_of_offering(offering) if selectors.is_pt3(offering) else []
    groups = [(school, list(rows)) for school, rows in groupby(priorities, key=lambda priority: priority.school)]
    shown = {school.pk for school, _rows in groups}
    typed = request.GET.get("q", "").strip()[:200]
    found = list(selectors.schools_found(typed, host_district_id=offering.host_district_id)) if typed else []
    chosen_pk = _int(request.GET.get("school")) or _int(add_form.data.get("school") if add_form else None)
    chosen = None
    if chosen_pk and chosen_pk not in shown:
        chosen = School.objects.select_related("district").filter(pk=chosen_pk).first()
    editing = _int(request.POST.get("priority")) if edit_form else _int(request.GET.get("edit"))
    if edit_form is None and not refusal:
        being_edited = next((priority for priority in priorities if priority.pk == editing), None)
        if being_edited is not None:
            edit_form = PriorityEditForm(initial={"text": being_edited.text}, auto_id=f"id_edit_{editing}_%s")
    placed = shown | ({chosen.pk} if chosen else set())
    lost_errors = []
    if add_form is not None and _int(add_form.data.get("school")) not in placed:
        lost_errors = [error for errors in add_form.errors.values() for error in errors]  # no school to show it under
    context = {
        "offering": offering,
        "refusal": refusal,
        "lost_errors": lost_errors,
        "groups": [(school, rows, _add_form(school, add_form)) for school, rows in groups],
        "typed": typed,
        "found": found,
        "chosen": chosen,
        "chosen_form": _add_form(chosen, add_form) if chosen else None,
        "editing": editing if edit_form else None,
        "edit_form": edit_form,
        "removing": None if refusal else _int(request.GET.get("remove")),
    }
    return render(request, "workshops/priorities/offering_priorities.html", context)


@require_role(Role.COORDINATOR)
def offering_priorities(request, pk: int):
    """A PT3 offering's priorities, school by school; coordinators (the facilitators) keep them."""
    offering = get_object_or_404(Offering.objects.select_related("program", "host_district"), pk=pk)
    if request.method != "POST":
        return _render(request, offering)
    refusal = services.priorities_refusal(offering)
    if refusal:
        messages.error(request, refusal)
        return redirect(_page_url(offering))
    action = request.POST.get("action", "")
    if action == "add":
        return _add(request, offering)
    priority = (
        Pt3Priority.objects.select_related("school")
        .filter(pk=_int(request.POST.get("priority")), offering=offering)
        .first()
    )
    if priority is None:
        messages.error(request, services.PRIORITY_REMOVED)
        return redirect(_page_url(offering))
    back = _page_url(offering, f"school-{priority.school_id}")
    once = once_token(request)
    if action == "edit":
        return _edit(request, offering, priority, back)
    if action == "remove":

        def remove():
            services.priority_delete(priority=priority, actor=request.user, once=once)

        return refusal_or(request, back, remove, _("Priority removed."))
    if action == "move":
        direction = request.POST.get("direction", "")

        def move():
            services.priority_move(priority=priority, direction=direction, actor=request.user, once=once)

        return refusal_or(request, back, move)
    messages.error(request, _("Choose what to do with the priority."))
    return redirect(back)


def _add(request, offering: Offering):
    form = PriorityAddForm(request.POST, auto_id=f"id_add_{_int(request.POST.get('school')) or 'new'}_%s")
    if form.is_valid():
        school = form.cleaned_data["school"]

        def add():
            return services.priority_add(
                offering=offering,
                school=school,
                text=form.cleaned_data["text"],
                actor=request.user,
                once=form.once_token(),
            )

        if save_or_conflict(form, add):
            messages.success(request, _("Priority added for %(school)s.") % {"school": school.name})
            return redirect(_page_url(offering, f"school-{school.pk}"))
    return _render(request, offering, add_form=form)


def _edit(request, offering: Offering, priority: Pt3Priority, back: str):
    form = PriorityEditForm(request.POST, auto_id=f"id_edit_{priority.pk}_%s")
    if form.is_valid():

        def update():
            return services.priority_update(priority=priority, text=form.cleaned_data["text"], actor=request.user)

        if save_or_conflict(form, update):
            messages.success(request, _("Priority saved."))
            return redirect(back)
    return _render(request, offering, edit_form=form)
