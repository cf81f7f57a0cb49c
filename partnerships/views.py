"""Pages for one-year plans: thin views — access check, form, service, redirect."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pep.access import (
    ANY_ROLE,
    districts_visible_to,
    is_coordinator,
    led_district_ids,
    require_role,
    schools_visible_to,
)
from pep.models import Role, SchoolYear
from pep.pdf import pdf_response

from . import selectors, services
from .access import is_plan_owner, may_review_plans, plans_visible_to
from .filters import PlanFilter
from .forms import (
    ActivityForm,
    CommentForm,
    EvaluationForm,
    GoalForm,
    PlanCreateForm,
    PlanEditForm,
    ReflectionForm,
    ReopenForm,
    ReviewForm,
    SubmitForm,
)
from .models import Activity, Framework, Goal, Plan, PlanKind, PlanStatus

PLANS_PER_PAGE = 50
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
]
signed_in_member = require_role(*ANY_ROLE)


def _plan_for(user, pk: int) -> Plan:
    return get_object_or_404(
        plans_visible_to(user).select_related("school_year", "district", "school", "framework"), pk=pk
    )


def _owned(user, plan: Plan) -> Plan:
    if not is_plan_owner(user, plan):
        raise PermissionDenied
    return plan


def _filtered_plans(request) -> PlanFilter:
    return PlanFilter(request.GET, queryset=selectors.plans_with_figures(request.user), request=request)


@signed_in_member
def plan_list(request):
    """Coordinators: every plan, to filter and sort; leaders: their district's; teams: their school's."""
    plan_filter = _filtered_plans(request)
    plans = plan_filter.qs.order_by(*(plan_filter.qs.query.order_by or Plan._meta.ordering), "pk")
    page = Paginator(plans, PLANS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "plan_filter": plan_filter,
        "page": page,
        "can_start": bool(PlanCreateForm._owner_choices(request.user)),
        "show_reports": is_coordinator(request.user) or bool(led_district_ids(request.user)),
    }
    return render(request, "partnerships/plan_list.html", context)


@require_role(Role.COORDINATOR, Role.DISTRICT_LEADER)
def plan_export(request):
    """The filtered list as CSV, one row per plan."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="plans.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for plan in _filtered_plans(request).qs.order_by("pk"):
        writer.writerow(
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
                _iso(plan.submitted_at),
                _iso(plan.approved_at),
            ]
        )
    return response


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="minutes") if moment else ""


@require_role(Role.COORDINATOR, Role.DISTRICT_LEADER)
def plan_coverage(request):
    """Plans by categories of a framework: which ones each plan's activities cover."""
    plan_filter = _filtered_plans(request)
    plans = plan_filter.qs  # evaluating the filter validates its form
    chosen = plan_filter.form.cleaned_data.get("framework")  # kept even if another filter is invalid
    framework = chosen or Framework.objects.filter(is_default=True).first() or Framework.objects.first()
    page = Paginator(plans.filter(framework=framework).order_by("pk"), PLANS_PER_PAGE).get_page(request.GET.get("page"))
    categories, covered = selectors.coverage_matrix(list(page), framework)
    rows = [(plan, [(category, category.pk in covered[plan.pk]) for category in categories]) for plan in page]
    context = {
        "plan_filter": plan_filter,
        "framework": framework,
        "categories": categories,
        "rows": rows,
        "page": page,
    }
    return render(request, "partnerships/plan_coverage.html", context)


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
        except services.PlanRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Plan started. Add its goals, then the activities for each goal."))
            return redirect(plan)
    return render(request, "partnerships/plan_create.html", {"form": form})


@signed_in_member
def plan_detail(request, pk: int):
    plan = selectors.plan_detail(request.user, pk)
    user = request.user
    owner = is_plan_owner(user, plan)
    reviewer = may_review_plans(user) and not owner
    context = {
        "plan": plan,
        "coverage": selectors.plan_coverage(plan),
        "budget": selectors.budget_by_funding_source(plan),
        "is_owner": owner,
        "is_reviewer": reviewer,
        "can_edit": owner and plan.is_editable,
        "review_form": ReviewForm() if reviewer else None,
        "reopen_form": ReopenForm() if reviewer else None,
        "comment_form": CommentForm(plan=plan) if owner or reviewer else None,
        "submit_form": SubmitForm() if owner and plan.is_editable else None,
        "problems": services.completeness_problems(plan) if owner and plan.is_editable else [],
        "evaluation_problems": services.evaluation_problems(plan) if owner and plan.status == "approved" else [],
        "next_year": _carry_forward_year(plan) if owner else None,
    }
    return render(request, "partnerships/plan_detail.html", context)


def _carry_forward_year(plan: Plan):
    """Next school year, if this plan could start its plan: approved or evaluated, and none started yet."""
    if plan.status not in (PlanStatus.APPROVED, PlanStatus.EVALUATED) or hasattr(plan, "carried_over_to"):
        return None
    next_year = SchoolYear.objects.following(plan.school_year)
    taken = Plan.objects.filter(kind=plan.kind, district=plan.district, school=plan.school, school_year=next_year)
    return None if next_year is None or taken.exists() else next_year


def _save_or_conflict(form, save) -> bool:
    """Run `save`; on a refusal or an edit conflict, put the reason on the form and keep what was typed."""
    try:
        save()
    except services.EditConflict as conflict:
        form.conflict = conflict
        data = form.data.copy()
        data["version"] = conflict.current.version  # saving again now keeps this person's version
        form.data = data
        return False
    except services.PlanRefused as refusal:
        form.add_error(None, str(refusal))
        return False
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
        return False
    return True


@signed_in_member
def plan_edit(request, pk: int):
    plan = _owned(request.user, _plan_for(request.user, pk))
    form = PlanEditForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        saved = _save_or_conflict(
            form,
            lambda: services.plan_update(
                plan=plan,
                actor=request.user,
                version=form.started_from(),
                vision=form.cleaned_data["vision"],
                framework=form.cleaned_data["framework"],
            ),
        )
        if saved:
            messages.success(request, _("Plan saved."))
            return redirect(plan)
    return render(request, "partnerships/plan_edit.html", {"form": form, "plan": plan})


@signed_in_member
def goal_create(request, pk: int):
    plan = _owned(request.user, _plan_for(request.user, pk))
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.GOAL_FIELDS}
        if _save_or_conflict(form, lambda: services.goal_create(plan=plan, actor=request.user, data=data)):
            messages.success(request, _("Goal added."))
            return redirect(plan)
    return render(request, "partnerships/goal_form.html", {"form": form, "plan": plan})


def _goal_for(user, pk: int) -> Goal:
    goal = get_object_or_404(
        Goal.objects.select_related("plan__school_year").filter(plan__in=plans_visible_to(user)), pk=pk
    )
    _owned(user, goal.plan)
    return goal


@signed_in_member
def goal_edit(request, pk: int):
    goal = _goal_for(request.user, pk)
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.GOAL_FIELDS}
        saved = _save_or_conflict(
            form,
            lambda: services.goal_update(goal=goal, actor=request.user, version=form.started_from(), data=data),
        )
        if saved:
            messages.success(request, _("Goal saved."))
            return redirect(goal.plan)
    return render(request, "partnerships/goal_form.html", {"form": form, "plan": goal.plan, "goal": goal})


@signed_in_member
def goal_delete(request, pk: int):
    goal = _goal_for(request.user, pk)
    if request.method == "POST":
        return _refusal_or(
            request, goal.plan, lambda: services.goal_delete(goal=goal, actor=request.user), _("Goal removed.")
        )
    return render(
        request,
        "partnerships/confirm_delete.html",
        {"plan": goal.plan, "item": goal, "activities": goal.activities.all()},
    )


@require_POST
@signed_in_member
def goal_move(request, pk: int):
    goal = _goal_for(request.user, pk)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    return _refusal_or(
        request, goal.plan, lambda: services.goal_move(goal=goal, actor=request.user, direction=direction)
    )


def _form_errors_as_messages(request, form, plan: Plan):
    """A one-click form from the plan page was wrong: say why there, above the plan."""
    for problems in form.errors.values():
        for problem in problems:
            messages.error(request, problem)
    return redirect(plan)


def _refusal_or(request, plan: Plan, action, success: str = ""):
    """Run a one-click action; show its refusal as a message; back to the plan either way."""
    try:
        action()
    except services.PlanIncomplete as incomplete:
        messages.error(request, str(incomplete))
        for problem in incomplete.problems:
            messages.error(request, problem)
    except services.PlanRefused as refusal:
        messages.error(request, str(refusal))
    else:
        if success:
            messages.success(request, success)
    return redirect(plan)


def _activity_data(form) -> dict:
    return {name: form.cleaned_data[name] for name in services.ACTIVITY_FIELDS + services.ACTIVITY_M2M}


@signed_in_member
def activity_create(request, pk: int):
    plan = _owned(request.user, _plan_for(request.user, pk))
    initial = {"goal": request.GET.get("goal")} if request.GET.get("goal") else None
    form = ActivityForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = _activity_data(form)
        if _save_or_conflict(form, lambda: services.activity_create(plan=plan, actor=request.user, data=data)):
            messages.success(request, _("Activity added."))
            return redirect(plan)
    return render(request, "partnerships/activity_form.html", {"form": form, "plan": plan})


def _activity_for(user, pk: int) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related(
            "plan__school_year", "plan__framework", "plan__district", "plan__school"
        ).filter(plan__in=plans_visible_to(user)),
        pk=pk,
    )


@signed_in_member
def activity_edit(request, pk: int):
    activity = _activity_for(request.user, pk)
    plan = _owned(request.user, activity.plan)
    form = ActivityForm(request.POST or None, instance=activity, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = _activity_data(form)
        saved = _save_or_conflict(
            form,
            lambda: services.activity_update(
                activity=activity, actor=request.user, version=form.started_from(), data=data
            ),
        )
        if saved:
            messages.success(request, _("Activity saved."))
            return redirect(plan)
    return render(request, "partnerships/activity_form.html", {"form": form, "plan": plan, "activity": activity})


@signed_in_member
def activity_delete(request, pk: int):
    activity = _activity_for(request.user, pk)
    plan = _owned(request.user, activity.plan)
    if request.method == "POST":
        return _refusal_or(
            request,
            plan,
            lambda: services.activity_delete(activity=activity, actor=request.user),
            _("Activity removed."),
        )
    return render(request, "partnerships/confirm_delete.html", {"plan": plan, "item": activity})


@require_POST
@signed_in_member
def activity_move(request, pk: int):
    activity = _activity_for(request.user, pk)
    plan = _owned(request.user, activity.plan)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    return _refusal_or(
        request, plan, lambda: services.activity_move(activity=activity, actor=request.user, direction=direction)
    )


@require_POST
@signed_in_member
def plan_submit(request, pk: int):
    plan = _owned(request.user, _plan_for(request.user, pk))
    form = SubmitForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    return _refusal_or(
        request,
        plan,
        lambda: services.plan_submit(plan=plan, actor=request.user, comment=comment),
        _("Plan submitted. The PEP coordinators have been told."),
    )


@require_POST
@require_role(Role.COORDINATOR)
def plan_review(request, pk: int):
    plan = _plan_for(request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _form_errors_as_messages(request, form, plan)
    comment = form.cleaned_data["comment"]
    if form.cleaned_data["decision"] == "approve":
        action, success = (
            lambda: services.plan_approve(plan=plan, actor=request.user, comment=comment),
            _("Plan approved."),
        )
    else:
        action, success = (
            lambda: services.plan_return(plan=plan, actor=request.user, comment=comment),
            _("Plan returned."),
        )
    return _refusal_or(request, plan, action, success)


@require_POST
@require_role(Role.COORDINATOR)
def plan_reopen(request, pk: int):
    plan = _plan_for(request.user, pk)
    form = ReopenForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _refusal_or(
        request, plan, lambda: services.plan_reopen(plan=plan, actor=request.user, reason=reason), _("Plan reopened.")
    )


@require_POST
@signed_in_member
def plan_comment(request, pk: int):
    plan = _plan_for(request.user, pk)
    form = CommentForm(request.POST, plan=plan)
    if not form.is_valid():
        return _form_errors_as_messages(request, form, plan)
    text, activity = form.cleaned_data["text"], form.cleaned_data["activity"]
    return _refusal_or(
        request,
        plan,
        lambda: services.plan_comment(plan=plan, actor=request.user, text=text, activity=activity),
        _("Comment added."),
    )


@signed_in_member
def activity_evaluate(request, pk: int):
    activity = _activity_for(request.user, pk)
    plan = _owned(request.user, activity.plan)
    form = EvaluationForm(request.POST or None, instance=getattr(activity, "evaluation", None))
    if request.method == "POST" and form.is_valid():

        def evaluate():
            return services.activity_evaluate(activity=activity, actor=request.user, data=form.cleaned_data)

        if _save_or_conflict(form, evaluate):
            messages.success(request, _("Evaluation saved."))
            return redirect(plan)
    return render(request, "partnerships/evaluation_form.html", {"form": form, "plan": plan, "activity": activity})


@signed_in_member
def plan_reflection(request, pk: int):
    plan = _owned(request.user, _plan_for(request.user, pk))
    form = ReflectionForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():

        def reflect():
            data = {name: form.cleaned_data[name] for name in services.REFLECTION_FIELDS if name in form.cleaned_data}
            return services.plan_reflect(plan=plan, actor=request.user, data=data, version=form.started_from())

        if _save_or_conflict(form, reflect):
            messages.success(request, _("Reflection saved."))
            return redirect(plan)
    return render(request, "partnerships/reflection_form.html", {"form": form, "plan": plan})


@require_POST
@signed_in_member
def plan_mark_evaluated(request, pk: int):
    plan = _owned(request.user, _plan_for(request.user, pk))
    return _refusal_or(
        request, plan, lambda: services.plan_mark_evaluated(plan=plan, actor=request.user), _("Plan marked evaluated.")
    )


@require_POST
@signed_in_member
def plan_carry_forward(request, pk: int):
    plan = _owned(request.user, _plan_for(request.user, pk))
    try:
        new_plan = services.plan_carry_forward(plan=plan, actor=request.user)
    except services.PlanRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(plan)
    messages.success(request, _("Next year's plan was started from this one. It is a draft: review every part."))
    return redirect(new_plan)


@signed_in_member
def plan_history(request, pk: int):
    plan = _plan_for(request.user, pk)
    context = {
        "plan": plan,
        "entries": selectors.plan_history(plan),
        "can_restore": may_review_plans(request.user) and plan.is_editable,
    }
    return render(request, "partnerships/plan_history.html", context)


@require_POST
@require_role(Role.COORDINATOR)
def activity_restore(request, pk: int, history_id: int):
    activity = _activity_for(request.user, pk)
    return _refusal_or(
        request,
        activity.plan,
        lambda: services.activity_restore(activity=activity, actor=request.user, history_id=history_id),
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
    return pdf_response(request, "partnerships/plan_print.html", context, filename)
