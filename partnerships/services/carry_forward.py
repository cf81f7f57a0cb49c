"""Carry forward: next year's draft starts from this year's plan."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pep.edit_checks import save_versioned
from pep.models import SchoolYear
from pep.refusals import Refused
from pep.services import audit_record

from ..access import plan_permissions
from ..models import Activity, Goal, Plan
from ..rules import carry_forward_refusal
from .editing import ACTIVITY_FIELDS, GOAL_FIELDS, lock_plan, refresh_coverage, save_activity, save_unique


def _a_year_later(day: datetime.date | None, year: SchoolYear) -> datetime.date | None:
    """The same day a year later, if it falls within `year`; otherwise no date (the months stay)."""
    if day is None:
        return None
    try:
        later = day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        later = day.replace(year=day.year + 1, day=28)
    return later if year.starts_on <= later <= year.ends_on else None


@transaction.atomic
def plan_carry_forward(*, plan: Plan, actor, today: datetime.date | None = None, once: uuid.UUID | None = None) -> Plan:
    """Start next year's draft from this plan: goals and activities, without evaluations or history.

    Each copied activity links to its original, whose evaluation is shown beside it as last year's lessons.
    """
    plan = lock_plan(plan.pk, once)
    if not plan_permissions(actor, plan, today).owner:
        raise PermissionDenied
    refusal = carry_forward_refusal(plan, today or timezone.localdate())
    if refusal:
        raise Refused(refusal)
    next_year = SchoolYear.objects.following(plan.school_year)
    new_plan = Plan(
        kind=plan.kind,
        school_year=next_year,
        district=plan.district,
        school=plan.school,
        framework=plan.framework,
        vision=plan.vision,
        carried_over_from=plan,
    )
    save_unique(new_plan, actor)
    for goal in plan.goals.prefetch_related("activities__categories", "activities__languages"):
        new_goal = Goal(plan=new_plan, **{name: getattr(goal, name) for name in [*GOAL_FIELDS, "order"]})
        save_versioned(new_goal, actor)
        for activity in goal.activities.all():
            _copy_activity(activity, new_goal, next_year, actor)
    refresh_coverage(new_plan)
    audit_record(
        actor=actor,
        action="plan.carry_forward",
        summary=_("%(plan)s started from %(year)s") % {"plan": new_plan, "year": plan.school_year},
        district=plan.district,
    )
    return new_plan


def _copy_activity(activity: Activity, goal: Goal, next_year: SchoolYear, actor) -> None:
    # Linked to the original so next year's pages show last year's lessons beside the copy.
    copy = Activity(plan=goal.plan, goal=goal, order=activity.order, carried_from=activity)
    for name in ACTIVITY_FIELDS:
        if name != "goal":
            setattr(copy, name, getattr(activity, name))
    copy.starts_on = _a_year_later(activity.starts_on, next_year)
    copy.ends_on = _a_year_later(activity.ends_on, next_year) if copy.starts_on else None
    save_activity(copy, actor, {"categories": activity.categories.all(), "languages": activity.languages.all()})
