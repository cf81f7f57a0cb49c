"""Year end: each activity rated, the year's reflection (and Title I policy evaluation), plan evaluated."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pep.edit_checks import EditConflict, FieldChange, apply_changes, check_version, comparable, save_versioned, shown
from pep.refusals import Incomplete, Refused

from ..access import plan_permissions
from ..models import Activity, ActivityEvaluation, Goal, Plan, PlanStatus
from ..rules import evaluation_refusal, mark_evaluated_refusal
from .editing import _activity_of, lock_plan
from .workflow import transition

EVALUATION_FIELDS = ["implemented", "families", "staff", "students", "quality", "what_worked", "what_to_change"]
REFLECTION_FIELDS = [
    "reflection",
    "policy_barriers",
    "policy_family_needs",
    "policy_strategies",
    "policy_family_participation",
]


def _evaluable(plan_id: int, actor, once: uuid.UUID | None = None) -> Plan:
    plan = lock_plan(plan_id, once)
    permissions = plan_permissions(actor, plan)
    if not permissions.owner:
        raise PermissionDenied
    if not permissions.evaluate:
        raise Refused(evaluation_refusal(plan))
    return plan


@transaction.atomic
def activity_evaluate(*, activity: Activity, actor, data: dict, version: int = 0) -> ActivityEvaluation:
    """Record how an activity went: carried out or not, who took part, its quality, lessons.

    `version` is the evaluation's version the form was opened at (0: there was none yet), so two
    people rating one activity at once cannot overwrite each other unseen.
    """
    plan = _evaluable(activity.plan_id, actor)
    activity = _activity_of(plan, activity.pk)
    evaluation = ActivityEvaluation.objects.select_for_update().filter(activity=activity).first()
    if evaluation is None:
        evaluation = ActivityEvaluation(activity=activity)
    else:
        check_version(evaluation, version, data, EVALUATION_FIELDS)
    if apply_changes(evaluation, data, EVALUATION_FIELDS) or evaluation.pk is None:
        evaluation.evaluated_by, evaluation.evaluated_at = actor, timezone.now()
        evaluation.full_clean()
        save_versioned(evaluation, actor)
    return evaluation


@transaction.atomic
def plan_reflect(*, plan: Plan, actor, data: dict, version: int, results: dict[int, str] | None = None) -> Plan:
    """The year's reflection, each goal's result against its target and, for Title I districts, the policy evaluation.

    `results` maps goals of the plan (by id) to their results; other goals are left as they are. The
    plan's version guards the whole form, goal results included, so it moves on when only a result changes.
    """
    plan = _evaluable(plan.pk, actor)
    results = results or {}
    typed = [*(data.get(name) for name in REFLECTION_FIELDS), *results.values()]
    if not any(str(text or "").strip() for text in typed):
        raise Refused(_("Write the reflection on the year first; nothing was saved."))
    goals = list(Goal.objects.select_for_update().filter(plan=plan, pk__in=list(results)).order_by("order", "pk"))
    _check_reflection_version(plan, version, data, goals, results)
    changed_goals = [goal for goal in goals if apply_changes(goal, {"result": results[goal.pk]}, ["result"])]
    for goal in changed_goals:
        goal.full_clean()
        save_versioned(goal, actor)
    if apply_changes(plan, data, REFLECTION_FIELDS):
        plan.full_clean(validate_unique=False, validate_constraints=False)
        save_versioned(plan, actor)
    elif changed_goals:
        # The plan itself is unchanged: a new version without an empty entry in its history.
        Plan.objects.filter(pk=plan.pk).update(version=F("version") + 1)
        plan.version += 1
    return plan


def _check_reflection_version(plan: Plan, version: int, data: dict, goals: list[Goal], results: dict) -> None:
    """Like `check_version`, with the goals' results counted as part of the reflection."""
    if plan.version == version:
        return
    numbers = {goal.pk: number for number, goal in enumerate(plan.goals.order_by("order", "pk"), start=1)}
    goal_changes = [
        FieldChange(
            _("Result of goal %(number)s") % {"number": numbers.get(goal.pk, "?")},
            shown(goal.result),
            shown(results[goal.pk]),
        )
        for goal in goals
        if comparable(goal.result) != comparable(results[goal.pk])
    ]
    try:
        check_version(plan, version, data, REFLECTION_FIELDS)
    except EditConflict as conflict:
        conflict.changes += goal_changes
        raise
    if goal_changes:
        last = Goal.history.filter(plan_id=plan.pk).order_by("-history_date").select_related("history_user").first()
        raise EditConflict(plan, goal_changes, last.history_user if last else None, last.history_date if last else None)


def evaluation_problems(plan: Plan) -> list[str]:
    """What is missing before the plan can be marked evaluated."""
    problems = [
        _("Evaluate the activity “%(activity)s”.") % {"activity": activity.title}
        for activity in plan.activities.filter(evaluation__isnull=True).order_by("goal__order", "order")
    ]
    if not plan.reflection.strip():
        problems.append(_("Write the reflection on the year."))
    policy_fields = (
        plan.policy_barriers,
        plan.policy_family_needs,
        plan.policy_strategies,
        plan.policy_family_participation,
    )
    if plan.needs_policy_evaluation and not all(text.strip() for text in policy_fields):
        problems.append(_("Record the annual evaluation of the family-engagement policy (Title I)."))
    return problems


@transaction.atomic
def plan_mark_evaluated(
    *, plan: Plan, actor, once: uuid.UUID | None = None, today: datetime.date | None = None
) -> Plan:
    """Close the year's evaluation: from the last months of the school year, once it is complete."""
    plan = _evaluable(plan.pk, actor, once)
    too_early = mark_evaluated_refusal(plan, today or timezone.localdate())
    if too_early:
        raise Refused(too_early)
    problems = evaluation_problems(plan)
    if problems:
        raise Incomplete(problems, _("The year's evaluation is not complete yet."))
    plan.evaluated_at = timezone.now()
    transition(plan, actor, PlanStatus.EVALUATED)
    return plan
