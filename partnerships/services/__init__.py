"""Every write that matters for plans, one module per reason to change:
editing (plans, goals, activities), workflow (submit, review, comments), year end, carry forward.
"""

from .carry_forward import plan_carry_forward
from .editing import (
    ACTIVITY_FIELDS,
    ACTIVITY_M2M,
    GOAL_FIELDS,
    activity_create,
    activity_delete,
    activity_move,
    activity_restore,
    activity_update,
    goal_create,
    goal_delete,
    goal_move,
    goal_update,
    plan_create,
    plan_delete,
    plan_update,
)
from .workflow import (
    Decision,
    completeness_problems,
    plan_approve,
    plan_comment,
    plan_decide,
    plan_reopen,
    plan_return,
    plan_submit,
)
from .year_end import (
    EVALUATION_FIELDS,
    REFLECTION_FIELDS,
    activity_evaluate,
    evaluation_problems,
    plan_mark_evaluated,
    plan_reflect,
)

__all__ = [
    "ACTIVITY_FIELDS",
    "ACTIVITY_M2M",
    "EVALUATION_FIELDS",
    "GOAL_FIELDS",
    "REFLECTION_FIELDS",
    "Decision",
    "activity_create",
    "activity_delete",
    "activity_evaluate",
    "activity_move",
    "activity_restore",
    "activity_update",
    "completeness_problems",
    "evaluation_problems",
    "goal_create",
    "goal_delete",
    "goal_move",
    "goal_update",
    "plan_approve",
    "plan_carry_forward",
    "plan_comment",
    "plan_create",
    "plan_decide",
    "plan_delete",
    "plan_mark_evaluated",
    "plan_reflect",
    "plan_reopen",
    "plan_return",
    "plan_submit",
    "plan_update",
]
