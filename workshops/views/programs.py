"""Pages for workshops."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from pep.access import require_role
from pep.lists import page_of
from pep.models import Role
from pep.view_helpers import save_or_conflict
from workshops import selectors
from workshops.forms import ProgramForm
from workshops.models import Program
from workshops.services import programs as services


def _data(form) -> dict:
    return {name: form.cleaned_data[name] for name in services.PROGRAM_FIELDS}


@require_role(Role.COORDINATOR)
def program_list(request):
    """The catalog of workshop programs, named in the reader's language."""
    return render(request, "workshops/program_list.html", {"page": page_of(request, selectors.programs_catalog())})


@require_role(Role.COORDINATOR)
def program_create(request):
    form = ProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def create():
            return services.program_create(actor=request.user, data=_data(form), once=form.once_token())

        if save_or_conflict(form, create):
            messages.success(request, _("Program added."))
            return redirect("workshops:program-list")
    return render(request, "workshops/program_form.html", {"form": form})


@require_role(Role.COORDINATOR)
def program_edit(request, pk: int):
    program = get_object_or_404(Program, pk=pk)
    form = ProgramForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():

        def update():
            return services.program_update(
                program=program, actor=request.user, version=form.started_from(), data=_data(form)
            )

        if save_or_conflict(form, update):
            messages.success(request, _("Program saved."))
            return redirect("workshops:program-list")
    return render(request, "workshops/program_form.html", {"form": form, "program": program})
