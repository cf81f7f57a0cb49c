"""Year end: each activity rated, the year's reflection (and Title I policy evaluation), plan evaluated."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pep.edit_checks import apply_changes, check_version, save_versioned
from pep.refusals import Incomplete, Refused

from ..access import plan_permissions
from ..models import Activity, ActivityEvaluation, Plan, PlanStatus
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
def plan_reflect(*, plan: Plan, actor, data: dict, version: int) -> Plan:
    """The year's reflection and, for Title I districts, the policy evaluation."""
    plan = _evaluable(plan.pk, actor)
    if not any(str(data.get(name) or "").strip() for name in REFLECTION_FIELDS):
        raise Refused(_("Write the reflection on the year first; nothing was saved."))
    check_version(plan, version, data, REFLECTION_FIELDS)
    if apply_changes(plan, data, REFLECTION_FIELDS):
        plan.full_clean(validate_unique=False, validate_constraints=False)
        save_versioned(plan, actor)
    return plan


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
