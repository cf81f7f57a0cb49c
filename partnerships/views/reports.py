"""Reports on plans: the CSV export, the coverage matrix, the history, the print view and the PDF."""

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pep.access import require_role
from pep.csv_writer import csv_response, iso_moment
from pep.lists import page_of
from pep.models import Role
from pep.pdf import pdf_response
from pep.view_helpers import once_token, refusal_or

from .. import selectors, services
from ..access import plan_permissions
from ..models import Framework
from .lists import filtered_plans
from .lookups import activity_for, plan_for, signed_in_member

CSV_COLUMNS = [
    "school_year",
    "district_code",
    "school_code",
    "kind",
    "status",
    "goals",
    "activities",
    "categories_covered",
    "total_cost",
    "submitted_at",
    "approved_at",
    # Added after the original columns, so that spreadsheets reading those by position keep working.
    "district_name",
    "school_name",
    "status_label",
    "kind_label",
]

# The long texts of a plan, which the CSV leaves out: not worth reading 2,500 times.
NOT_IN_CSV = [
    "vision",
    "reflection",
    "policy_barriers",
    "policy_family_needs",
    "policy_strategies",
    "policy_family_participation",
]


@require_role(Role.COORDINATOR, Role.DISTRICT_LEADER)
def plan_export(request):
    """The filtered list as CSV, one row per plan; filters that are not understood are not ignored.

    Codes and raw values first (the columns spreadsheets already read), then names and labels.
    """
    plan_filter = filtered_plans(request)
    if not plan_filter.is_valid():
        problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in plan_filter.errors.items())
        return HttpResponseBadRequest(problems, content_type="text/plain; charset=utf-8")
    rows = (
        [
            plan.school_year.label,
            plan.district.code,
            plan.school.code if plan.school else "",
            plan.kind,
            plan.status,
            plan.goal_count,
            plan.activity_count,
            plan.categories_covered,
            f"{plan.total_cost:.2f}",
            iso_moment(plan.submitted_at, "minutes"),
            iso_moment(plan.approved_at, "minutes"),
            plan.district.name,
            plan.school.name if plan.school else "",
            plan.get_status_display(),  # in the reader's language
            plan.get_kind_display(),
        ]
        for plan in plan_filter.qs.defer(*NOT_IN_CSV).order_by("pk")
    )
    return csv_response("plans.csv", CSV_COLUMNS, rows)


@require_role(Role.COORDINATOR, Role.DISTRICT_LEADER)
def plan_coverage(request):
    """Plans by categories of a framework: which ones each plan's activities cover."""
    plan_filter = filtered_plans(request)
    plans = plan_filter.qs  # evaluating the filter validates its form
    chosen = plan_filter.form.cleaned_data.get("framework")  # kept even if another filter is invalid
    framework = chosen or Framework.objects.filter(is_default=True).first() or Framework.objects.first()
    plans = plans.filter(framework=framework)
    page = page_of(request, plans.order_by("pk"))
    matrix = selectors.coverage_matrix(list(page), plans, framework)
    context = {"plan_filter": plan_filter, "framework": framework, "matrix": matrix, "page": page}
    return render(request, "partnerships/plan_coverage.html", context)


@signed_in_member
def plan_history(request, pk: int):
    plan = plan_for(request.user, pk)
    context = {
        "plan": plan,
        "entries": selectors.plan_history(plan),
        "may": plan_permissions(request.user, plan),
    }
    return render(request, "partnerships/plan_history.html", context)


@require_POST
@require_role(Role.COORDINATOR)
def activity_restore(request, pk: int, history_id: int):
    activity = activity_for(request.user, pk)
    return refusal_or(
        request,
        activity.plan,
        lambda: services.activity_restore(
            activity=activity, actor=request.user, history_id=history_id, once=once_token(request)
        ),
        _("The earlier version of the activity was restored."),
    )


def _print_context(request, pk: int) -> dict:
    plan = selectors.plan_detail(request.user, pk)
    return {"plan": plan, "coverage": selectors.plan_coverage(plan), "budget": selectors.budget_by_funding_source(plan)}


@signed_in_member
def plan_print(request, pk: int):
    """The printable plan in the browser; the PDF is made from the same template."""
    return render(request, "partnerships/plan_print.html", _print_context(request, pk) | {"for_pdf": False})


@signed_in_member
def plan_pdf(request, pk: int):
    context = _print_context(request, pk) | {"for_pdf": True}
    plan = context["plan"]
    filename = f"plan-{plan.school_year.label}-{plan.kind}-{plan.pk}.pdf"
    print_view = reverse("partnerships:plan-print", args=[plan.pk])
    return pdf_response(request, "partnerships/plan_print.html", context, filename, print_view)
