"""A plan's workflow steps: submit, review, reopen, comment, year-end evaluation, carry forward."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pep.access import require_role
from pep.edit_checks import AlreadySaved
from pep.models import Role
from pep.refusals import Incomplete, Refused
from pep.view_helpers import form_errors_as_messages, once_token, refusal_or, save_or_conflict

from .. import services
from ..forms import CommentForm, EvaluationForm, ReflectionForm, ReopenForm, ReviewForm, SubmitForm
from ..models import PlanStatus
from ..rules import evaluation_refusal, mark_evaluated_refusal
from ..services import Decision
from .lookups import activity_for, owner_only, plan_for, signed_in_member
from .plan_pages import plan_page


@require_POST
@signed_in_member
def plan_submit(request, pk: int):
    plan = owner_only(request.user, plan_for(request.user, pk))
    form = SubmitForm(request.POST)
    if not form.is_valid():
        return form_errors_as_messages(request, form, plan)
    comment, once = form.cleaned_data["comment"], once_token(request)
    try:
        services.plan_submit(plan=plan, actor=request.user, comment=comment, once=once)
    except AlreadySaved:
        return redirect(plan)  # sent twice: the first request submitted it and said so
    except Incomplete as incomplete:
        # The plan's page again, the note still in the form, each problem once with where to fix it.
        return plan_page(request, plan.pk, submit_form=form, problems=incomplete.problems, submit_refused=True)
    except Refused as refusal:
        messages.error(request, str(refusal))
        return redirect(plan)
    messages.success(request, _("Plan submitted. The PEP coordinators have been told."))
    return redirect(plan)


REVIEW_SUCCESS = {Decision.APPROVE: gettext_lazy("Plan approved."), Decision.RETURN: gettext_lazy("Plan returned.")}


@require_POST
@require_role(Role.COORDINATOR)
def plan_review(request, pk: int):
    plan = plan_for(request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return form_errors_as_messages(request, form, plan)
    decision, comment, once = form.cleaned_data["decision"], form.cleaned_data["comment"], once_token(request)

    def decide():
        return services.plan_decide(plan=plan, actor=request.user, decision=decision, comment=comment, once=once)

    return refusal_or(
        request,
        plan,
        decide,
        str(REVIEW_SUCCESS[decision]),
    )


@require_POST
@require_role(Role.COORDINATOR)
def plan_reopen(request, pk: int):
    plan = plan_for(request.user, pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return form_errors_as_messages(request, form, plan)
    reason, once = form.cleaned_data["reason"], once_token(request)
    if plan.status == PlanStatus.EVALUATED:
        done = _("Evaluation reopened. The plan's owners can change it and mark the plan evaluated again.")
    else:
        done = _("Plan reopened.")
    return refusal_or(
        request, plan, lambda: services.plan_reopen(plan=plan, actor=request.user, reason=reason, once=once), done
    )


@require_POST
@signed_in_member
def plan_comment(request, pk: int):
    plan = plan_for(request.user, pk)
    form = CommentForm(request.POST, plan=plan)
    if not form.is_valid():
        return form_errors_as_messages(request, form, plan)

    def comment():
        return services.plan_comment(
            plan=plan,
            actor=request.user,
            text=form.cleaned_data["text"],
            activity=form.cleaned_data["activity"],
            once=form.once_token(),
        )

    return refusal_or(request, plan, comment, _("Comment added."))


@signed_in_member
def activity_evaluate(request, pk: int):
    activity = activity_for(request.user, pk)
    plan = owner_only(request.user, activity.plan)
    refusal = evaluation_refusal(plan)
    if refusal:
        messages.error(request, refusal)
        return redirect(plan)
    form = EvaluationForm(request.POST or None, instance=getattr(activity, "evaluation", None))
    if request.method == "POST" and form.is_valid():

        def evaluate():
            return services.activity_evaluate(
                activity=activity, actor=request.user, data=form.cleaned_data, version=form.started_from()
            )

        if save_or_conflict(form, evaluate):
            messages.success(request, _("Evaluation saved."))
            return redirect(plan)
    return render(request, "partnerships/evaluation_form.html", {"form": form, "plan": plan, "activity": activity})


@signed_in_member
def plan_reflection(request, pk: int):
    plan = owner_only(request.user, plan_for(request.user, pk))
    refusal = evaluation_refusal(plan)
    if refusal:
        messages.error(request, refusal)
        return redirect(plan)
    form = ReflectionForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():

        def reflect():
            data = {name: form.cleaned_data[name] for name in services.REFLECTION_FIELDS if name in form.cleaned_data}
            return services.plan_reflect(
                plan=plan, actor=request.user, data=data, version=form.started_from(), results=form.goal_results()
            )

        if save_or_conflict(form, reflect):
            messages.success(request, _("Reflection saved."))
            return redirect(plan)
    return render(request, "partnerships/reflection_form.html", {"form": form, "plan": plan})


@signed_in_member
def plan_mark_evaluated(request, pk: int):
    """Asks first: once evaluated, the year's evaluation no longer changes (a coordinator can reopen it)."""
    plan = owner_only(request.user, plan_for(request.user, pk))
    refusal = evaluation_refusal(plan) or mark_evaluated_refusal(plan, timezone.localdate())
    if refusal and request.method != "POST":
        messages.error(request, refusal)
        return redirect(plan)
    if request.method == "POST":
        once = once_token(request)
        return refusal_or(
            request,
            plan,
            lambda: services.plan_mark_evaluated(plan=plan, actor=request.user, once=once),
            _("Plan marked evaluated."),
        )
    problems = services.evaluation_problems(plan)
    if problems:
        messages.error(request, _("The year's evaluation is not complete yet."))
        return redirect(plan)
    return render(request, "partnerships/confirm_evaluated.html", {"plan": plan})


@require_POST
@signed_in_member
def plan_carry_forward(request, pk: int):
    plan = owner_only(request.user, plan_for(request.user, pk))
    try:
        new_plan = services.plan_carry_forward(plan=plan, actor=request.user, once=once_token(request))
    except AlreadySaved:
        return redirect(plan.carried_over_to)  # sent twice: the first request started it
    except Refused as refusal:
        messages.error(request, str(refusal))
        return redirect(plan)
    messages.success(request, _("Next year's plan was started from this one. It is a draft: review every part."))
    return redirect(new_plan)
