"""Survey cycles: the list, adding one, and each cycle's page, where every area of the app adds its section."""

from django.shortcuts import get_object_or_404, render

from pep.access import require_role
from pep.models import Role
from surveys.models import SurveyCycle
from surveys.views import imports, paper, perceptions, reports, survey

SECTION_AREAS = [survey, imports, paper, reports, perceptions]


@require_role(Role.COORDINATOR)
def cycle_detail(request, slug: str):
    """A cycle's page: what it is, and each area's section (invitations, paper, reports…)."""
    cycle = get_object_or_404(SurveyCycle.objects.select_related("instrument", "school_year"), slug=slug)
    sections = [panel for area in SECTION_AREAS if (panel := area.cycle_section(request, cycle)) is not None]
    return render(request, "surveys/cycles/detail.html", {"cycle": cycle, "sections": sections})
