"""A plan's own pages: the plan, its vision, its goals and its activities."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pep.view_helpers import once_token, refusal_or, save_or_conflict
from surveys.selectors.perceptions import latest_profile
from workshops.selectors.priorities import priority_of_school

from .. import selectors, services
from ..access import plan_permissions
from ..forms import ActivityForm, CommentForm, GoalForm, PlanEditForm, ReopenForm, ReviewForm, SubmitForm
from ..models import PlanKind
from ..rules import carry_forward_year, mark_evaluated_refusal
from ..services.editing import goal_from_priority as make_goal_from_priority
from .lookups import activity_for, goal_for, owner_only, plan_for, signed_in_member


@signed_in_member
def plan_detail(request, pk: int):
    return plan_page(request, pk)


def plan_page(request, pk: int, **shown):
    """The plan's page; `shown` replaces parts of it (a refused submission shows what was typed)."""
    plan = selectors.plan_detail(request.user, pk)
    may = plan_permissions(request.user, plan)
    context = {
        "plan": plan,
        "may": may,
        "coverage": selectors.plan_coverage(plan),
        "budget": selectors.budget_by_funding_source(plan),
        "review_form": ReviewForm() if may.review else None,
        "reopen_form": ReopenForm() if may.reopen else None,
        "comment_form": CommentForm(plan=plan) if may.comment else None,
        "submit_form": SubmitForm() if may.edit else None,
        "problems": services.completeness_problems(plan) if may.edit else [],
        "evaluation_problems": services.evaluation_problems(plan) if may.evaluate else [],
        "next_year": carry_forward_year(plan) if may.owner else None,
        "evaluation_not_yet": mark_evaluated_refusal(plan, timezone.localdate()) if may.evaluate else "",
        "pt3_priorities": selectors.plan_pt3_priorities(plan),
        # What the district's families and staff said in the latest perceptions survey of the plan's year or before.
        "perceptions_profile": (
            latest_profile(plan.district, until=plan.school_year.ends_on) if plan.kind == PlanKind.DISTRICT else None
        ),
    }
    context.update(shown)
    return render(request, "partnerships/plan_detail.html", context)


@require_POST
@signed_in_member
def goal_from_priority(request, pk: int, priority: int):
    """One click: the school's PT3 priority becomes a goal of its plan."""
    plan = owner_only(request.user, plan_for(request.user, pk))
    found = priority_of_school(priority, plan.school_id)
    if found is None:
        messages.error(request, _("This priority was removed meanwhile; nothing was saved."))
        return redirect(plan)

    def make():
        return make_goal_from_priority(plan=plan, priority=found, actor=request.user, once=once_token(request))

    return refusal_or(request, plan, make, _("Goal added from the PT3 priority; add its details and activities."))


@signed_in_member
def plan_edit(request, pk: int):
    plan = owner_only(request.user, plan_for(request.user, pk))
    form = PlanEditForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        saved = save_or_conflict(
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


def _goal_data(form) -> dict:
    return {name: form.cleaned_data[name] for name in services.GOAL_FIELDS}


@signed_in_member
def goal_create(request, pk: int):
    plan = owner_only(request.user, plan_for(request.user, pk))
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def create():
            return services.goal_create(plan=plan, actor=request.user, data=_goal_data(form), once=form.once_token())

        if save_or_conflict(form, create):
            messages.success(request, _("Goal added."))
            return redirect(plan)
    return render(request, "partnerships/goal_form.html", {"form": form, "plan": plan})


@signed_in_member
def goal_edit(request, pk: int):
    goal = goal_for(request.user, pk)
    plan = owner_only(request.user, goal.plan)
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():

        def update():
            return services.goal_update(
                goal=goal, actor=request.user, version=form.started_from(), data=_goal_data(form)
            )

        if save_or_conflict(form, update):
            messages.success(request, _("Goal saved."))
            return redirect(plan)
    return render(request, "partnerships/goal_form.html", {"form": form, "plan": plan, "goal": goal})


@signed_in_member
def goal_delete(request, pk: int):
    goal = goal_for(request.user, pk)
    plan = owner_only(request.user, goal.plan)
    if request.method == "POST":
        return refusal_or(
            request, plan, lambda: services.goal_delete(goal=goal, actor=request.user), _("Goal removed.")
        )
    context = {"plan": plan, "item": goal, "activities": goal.activities.all()}
    return render(request, "partnerships/confirm_delete.html", context)


@require_POST
@signed_in_member
def goal_move(request, pk: int):
    goal = goal_for(request.user, pk)
    plan = owner_only(request.user, goal.plan)
    direction, once = request.POST.get("direction", ""), once_token(request)

    def move():
        return services.goal_move(goal=goal, actor=request.user, direction=direction, once=once)

    return refusal_or(request, plan, move)


def _activity_data(form) -> dict:
    return {name: form.cleaned_data[name] for name in services.ACTIVITY_FIELDS + services.ACTIVITY_M2M}


@signed_in_member
def activity_create(request, pk: int):
    plan = owner_only(request.user, plan_for(request.user, pk))
    initial = {"goal": request.GET.get("goal")} if request.GET.get("goal", "").isdigit() else None
    form = ActivityForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():

        def create():
            return services.activity_create(
                plan=plan, actor=request.user, data=_activity_data(form), once=form.once_token()
            )

        if save_or_conflict(form, create):
            messages.success(request, _("Activity added."))
            return redirect(plan)
    return render(request, "partnerships/activity_form.html", {"form": form, "plan": plan})


@signed_in_member
def activity_edit(request, pk: int):
    activity = activity_for(request.user, pk)
    plan = owner_only(request.user, activity.plan)
    form = ActivityForm(request.POST or None, instance=activity, plan=plan)
    if request.method == "POST" and form.is_valid():

        def update():
            return services.activity_update(
                activity=activity, actor=request.user, version=form.started_from(), data=_activity_data(form)
            )

        if save_or_conflict(form, update):
            messages.success(request, _("Activity saved."))
            return redirect(plan)
    return render(request, "partnerships/activity_form.html", {"form": form, "plan": plan, "activity": activity})


@signed_in_member
def activity_delete(request, pk: int):
    activity = activity_for(request.user, pk)
    plan = owner_only(request.user, activity.plan)
    if request.method == "POST":

        def delete():
            return services.activity_delete(activity=activity, actor=request.user, once=once_token(request))

        return refusal_or(request, plan, delete, _("Activity removed."))
    return render(request, "partnerships/confirm_delete.html", {"plan": plan, "item": activity})


@require_POST
@signed_in_member
def activity_move(request, pk: int):
    activity = activity_for(request.user, pk)
    plan = owner_only(request.user, activity.plan)
    direction, once = request.POST.get("direction", ""), once_token(request)

    def move():
        return services.activity_move(activity=activity, actor=request.user, direction=direction, once=once)

    return refusal_or(request, plan, move)
