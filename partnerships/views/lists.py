"""Lists of plans, and starting a plan from the list."""

from django.contrib import messages
from django.db.models import Case, F, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pep.access import districts_visible_to, is_coordinator, require_role, schools_visible_to
from pep.lists import in_stable_order, page_of
from pep.models import District, Role, School, SchoolYear
from pep.refusals import Refused

from .. import selectors, services
from ..access import may_see_plan_reports
from ..filters import PlanFilter
from ..forms import PlanCreateForm
from ..models import WORKFLOW_STEP, Plan, PlanKind, PlanStatus
from .lookups import signed_in_member


def filtered_plans(request) -> PlanFilter:
    return PlanFilter(request.GET, queryset=selectors.plans_with_figures(request.user), request=request)


def default_order(user) -> list:
    """Coordinators see the plans waiting for review first, oldest submission first; others by year and owner."""
    if is_coordinator(user):
        return [F("waiting_since").asc(nulls_last=True), *Plan._meta.ordering]
    return Plan._meta.ordering


@signed_in_member
def plan_list(request):
    """Coordinators: every plan, to filter and sort; leaders: their district's; teams: their school's."""
    plan_filter = filtered_plans(request)
    plans = plan_filter.qs.annotate(
        waiting_since=Case(When(workflow_step=WORKFLOW_STEP[PlanStatus.SUBMITTED], then="submitted_at"))
    )
    context = {
        "plan_filter": plan_filter,
        "only_school": _only_school(request, plan_filter),
        "page": page_of(request, in_stable_order(plans, default_order(request.user))),
        "can_start": bool(PlanCreateForm.owner_choices(request.user)),
        "show_reports": may_see_plan_reports(request.user),
    }
    return render(request, "partnerships/plan_list.html", context)


def _only_school(request, plan_filter: PlanFilter) -> School | None:
    """The school the list is narrowed to by a link ("this school's plans"), to say so on the page."""
    school_id = plan_filter.form.cleaned_data.get("school") if plan_filter.is_valid() else None
    return schools_visible_to(request.user).filter(pk=school_id).first() if school_id else None


@signed_in_member
def plan_create(request):
    today = timezone.localdate()
    # Home pages link here with the plan and year to start already chosen.
    initial = {name: request.GET[name] for name in ("owner", "school_year") if name in request.GET}
    form = PlanCreateForm(request.POST or None, user=request.user, today=today, initial=initial)
    existing_plan = None
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
            existing_plan = getattr(refusal, "existing", None)  # the plan asked for is there already
        else:
            messages.success(request, _("Plan started. Add its goals, then the activities for each goal."))
            return redirect(plan)
    return render(request, "partnerships/plan_create.html", {"form": form, "existing_plan": existing_plan})


@require_role(Role.COORDINATOR)
def districts_without_plan(request):
    """The districts with no district plan for a school year: the one being planned, unless another is chosen."""
    today = timezone.localdate()
    years = list(SchoolYear.objects.order_by("-starts_on"))
    chosen = request.GET.get("school_year", "")
    year = next((year for year in years if str(year.pk) == chosen), None)
    year = year or selectors.planning_year(*selectors.home_years(today), today)
    districts = selectors.districts_without_plan(year) if year else District.objects.none()
    context = {"year": year, "years": years, "page": page_of(request, districts)}
    return render(request, "partnerships/districts_without_plan.html", context)
