"""Lists of plans, and starting a plan from the list."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pep.access import districts_visible_to, schools_visible_to
from pep.lists import in_stable_order, page_of
from pep.refusals import Refused

from .. import selectors, services
from ..access import may_see_plan_reports
from ..filters import PlanFilter
from ..forms import PlanCreateForm
from ..models import Plan, PlanKind
from .lookups import signed_in_member


def filtered_plans(request) -> PlanFilter:
    return PlanFilter(request.GET, queryset=selectors.plans_with_figures(request.user), request=request)


@signed_in_member
def plan_list(request):
    """Coordinators: every plan, to filter and sort; leaders: their district's; teams: their school's."""
    plan_filter = filtered_plans(request)
    context = {
        "plan_filter": plan_filter,
        "page": page_of(request, in_stable_order(plan_filter.qs, Plan._meta.ordering)),
        "can_start": bool(PlanCreateForm.owner_choices(request.user)),
        "show_reports": may_see_plan_reports(request.user),
    }
    return render(request, "partnerships/plan_list.html", context)


@signed_in_member
def plan_create(request):
    today = timezone.localdate()
    form = PlanCreateForm(request.POST or None, user=request.user, today=today)
    if request.method == "POST" and form.is_valid():
        kind, owner_pk = form.plan_owner()
        if kind == PlanKind.DISTRICT:
            owner = {"district": get_object_or_404(districts_visible_to(request.user), pk=owner_pk)}
        else:
            owner = {"school": get_object_or_404(schools_visible_to(request.user), pk=owner_pk)}
        try:
            plan = services.plan_create(
                actor=request.user,
                kind=kind,
                school_year=form.cleaned_data["school_year"],
                framework=form.cleaned_data["framework"],
                vision=form.cleaned_data["vision"],
                today=today,
                **owner,
            )
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Plan started. Add its goals, then the activities for each goal."))
            return redirect(plan)
    return render(request, "partnerships/plan_create.html", {"form": form})
