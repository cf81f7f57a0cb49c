"""The plans panel of the home page: this year's plans the person can see, by status."""

from django.db.models import Count

from pep.access import has_a_role
from pep.models import SchoolYear
from pep.plugins import Panel

from .access import plans_visible_to
from .forms import PlanCreateForm
from .models import PlanStatus


def plans_panel(request) -> list[Panel]:
    """Counts of this school year's plans by status, each a link to those plans in the list."""
    user = request.user
    year = SchoolYear.objects.current()
    if not has_a_role(user) or year is None:
        return []
    counts = dict(
        plans_visible_to(user).filter(school_year=year).values_list("status").annotate(n=Count("pk")).order_by()
    )
    by_status = [(status, counts.get(status, 0)) for status in PlanStatus if counts.get(status)]
    context = {"year": year, "by_status": by_status, "can_start": bool(PlanCreateForm.owner_choices(user))}
    return [Panel("partnerships/_home_panel.html", context)]
