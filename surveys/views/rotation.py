"""The Indicator 8 rotation: which districts were surveyed in which school year, and which are due."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from pep.access import require_role
from pep.lists import page_of
from pep.models import Role, SchoolYear
from surveys.cycle_forms import RotationFilterForm
from surveys.selectors.rotation import Rotation, rotation_years, surveyed_years
from surveys.views.cycles import cycles_step, trail


class _Filter:
    """What includes/filter_form.html expects: an object with the form."""

    def __init__(self, form):
        self.form = form


@require_role(Role.COORDINATOR)
def rotation(request):
    """Every district with the years it was surveyed, its last survey and whether it is due, 50 a page."""
    form = RotationFilterForm(request.GET, years=list(SchoolYear.objects.order_by("-starts_on")))
    as_of, status, name = form.choices()
    context = {"filter": _Filter(form), "trail": trail(cycles_step()), "here": _("Indicator 8 rotation")}
    if as_of is None:
        return render(request, "surveys/cycles/rotation.html", context)
    rotation = Rotation(as_of=as_of, years=rotation_years())
    page = page_of(request, rotation.filtered(status=status, name=name))
    years = surveyed_years(list(page))
    rows = [
        {
            "district": district,
            "years": years.get(district.pk, []),
            "last": SchoolYear.label_for(district.last_surveyed_on.year) if district.last_surveyed_on else "",
            "due": rotation.next_due(district) is None,
            "next_due": rotation.next_due(district),
        }
        for district in page
    ]
    context.update(rotation=rotation, page=page, rows=rows, counts=rotation.counts())
    return render(request, "surveys/cycles/rotation.html", context)
