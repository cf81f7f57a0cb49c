"""Survey cycles: the list, adding and changing one, and each cycle's page, where every area of the app
adds its section."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pep.access import require_role
from pep.lists import page_of
from pep.models import Role
from pep.view_helpers import save_or_conflict
from surveys.cycle_forms import CycleForm
from surveys.models import InstrumentKind, SurveyCycle
from surveys.selectors.cycles import cycle_summary, cycles_with_counts
from surveys.services import cycles as services
from surveys.views import imports, paper, perceptions, reports, survey

# The areas that have a section on a cycle's page, by the kind of its instrument: a perceptions survey
# has shared links and no roster, codes, paper or Indicator 8 report.
SECTION_AREAS = {
    InstrumentKind.INDICATOR8: [survey, imports, paper, reports],
    InstrumentKind.PERCEPTIONS: [perceptions],
}


def trail(*steps: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs from Home through `steps` ((label, url) pairs); the last step is the page itself."""
    return [(_("Home"), reverse("home")), *steps]


def cycles_step() -> tuple[str, str]:
    return (_("Survey cycles"), reverse("surveys:cycle-list"))


@require_role(Role.COORDINATOR)
def cycle_list(request):
    """Every survey cycle, latest first, with how many parents were invited and how many answered."""
    page = page_of(request, cycles_with_counts())
    context = {"page": page, "trail": trail(), "here": _("Survey cycles")}
    return render(request, "surveys/cycles/list.html", context)


@require_role(Role.COORDINATOR)
def cycle_create(request):
    """A coordinator adds a survey cycle: the instrument, the school year, the dates and the target."""
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = {}

        def create():
            created["cycle"] = services.cycle_create(
                actor=request.user, data=form.service_data(), once=form.once_token()
            )

        if save_or_conflict(form, create):
            messages.success(request, _("Survey cycle added."))
            return redirect(created.get("cycle", "surveys:cycle-list"))
    context = {"form": form, "trail": trail(cycles_step()), "here": _("Add a survey cycle")}
    return render(request, "surveys/cycles/form.html", context)


@require_role(Role.COORDINATOR)
def cycle_edit(request, slug: str):
    """A coordinator changes a cycle's dates, target or limits (its instrument only before anyone is invited)."""
    cycle = get_object_or_404(SurveyCycle.objects.select_related("instrument", "school_year"), slug=slug)
    form = CycleForm(request.POST or None, instance=cycle, locked_instrument=services.cycle_in_use(cycle))
    if request.method == "POST" and form.is_valid():
        saved = {}

        def update():
            saved["cycle"] = services.cycle_update(cycle=cycle, actor=request.user, data=form.service_data())

        if save_or_conflict(form, update):
            messages.success(request, _("Survey cycle saved."))
            return redirect(saved["cycle"])
    context = {
        "form": form,
        "cycle": cycle,
        "trail": trail(cycles_step(), (cycle.slug, cycle.get_absolute_url())),
        "here": _("Edit"),
    }
    return render(request, "surveys/cycles/form.html", context)


@require_role(Role.COORDINATOR)
def cycle_detail(request, slug: str):
    """A cycle's page: what it is and its counts, then each area's section (invitations, paper, reports…)."""
    cycle = get_object_or_404(SurveyCycle.objects.select_related("instrument", "school_year"), slug=slug)
    areas = SECTION_AREAS.get(cycle.instrument.kind, [])
    sections = [panel for area in areas if (panel := area.cycle_section(request, cycle)) is not None]
    context = {
        "cycle": cycle,
        "summary": cycle_summary(cycle),
        "sections": sections,
        "trail": trail(cycles_step()),
        "here": cycle.slug,
    }
    return render(request, "surveys/cycles/detail.html", context)
