"""Who may do what with a plan: the shared rules of pep.access applied to plans, in one place.

Views, templates and services ask `plan_permissions(user, plan)`; none restates a role rule.
"""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from pep.access import holds_role, in_scope_of, is_coordinator, led_district_ids
from pep.models import Role

from .models import YEAR_END_STATUSES, Plan, PlanKind, PlanStatus
from .rules import carry_forward_refusal

OWNER_ROLE = {
    PlanKind.DISTRICT: Role.DISTRICT_LEADER,
    PlanKind.SCHOOL: Role.SCHOOL_TEAM,
    PlanKind.PARENT_LEADER: Role.PARENT_LEADER,
}


def plans_visible_to(user) -> QuerySet[Plan]:
    """Coordinators see every plan; district leaders their district's; school members their school's."""
    return Plan.objects.filter(in_scope_of(user))


def is_plan_owner(user, plan: Plan) -> bool:
    """The district leader owns the district plan; the team the school plan; the parent leader theirs."""
    if plan.kind == PlanKind.DISTRICT:
        return holds_role(user, Role.DISTRICT_LEADER, district=plan.district)
    return holds_role(user, OWNER_ROLE[plan.kind], school=plan.school)


def leads_district_of(user, plan: Plan) -> bool:
    """A district leader of the district a school plan belongs to: they follow it and may comment."""
    return plan.kind != PlanKind.DISTRICT and plan.district_id in led_district_ids(user)


def may_review_plans(user) -> bool:
    """Only PEP coordinators return, approve or reopen plans (and never their own)."""
    return is_coordinator(user)


def may_see_plan_reports(user) -> bool:
    """The CSV export and the coverage matrix are for coordinators and district leaders."""
    return is_coordinator(user) or bool(led_district_ids(user))


@dataclass(frozen=True)
class PlanPermissions:
    """What one person may do with one plan now."""

    owner: bool  # owns the plan (whatever its status)
    reviewer: bool  # a coordinator who does not own it
    overseer: bool  # a district leader of a school plan's district: comments, never approves
    edit: bool  # change vision, goals and activities, and submit
    comment: bool
    review: bool  # approve or return
    reopen: bool  # an approved plan for changes, or an evaluated one for its evaluation
    evaluate: bool  # rate activities, write the reflection, mark the plan evaluated
    carry_forward: bool  # start next year's plan from this one, now
    restore: bool  # bring back an earlier version of an activity


def plan_permissions(user, plan: Plan, today: datetime.date | None = None) -> PlanPermissions:
    """What `user` may do with `plan` now: the one answer views, templates and services use."""
    owner = is_plan_owner(user, plan)
    reviewer = may_review_plans(user) and not owner
    overseer = not owner and leads_district_of(user, plan)
    return PlanPermissions(
        owner=owner,
        reviewer=reviewer,
        overseer=overseer,
        edit=owner and plan.is_editable,
        comment=owner or reviewer or overseer,
        review=reviewer and plan.status == PlanStatus.SUBMITTED,
        reopen=reviewer and plan.status in YEAR_END_STATUSES,
        evaluate=owner and plan.status == PlanStatus.APPROVED,
        carry_forward=owner and not carry_forward_refusal(plan, today or timezone.localdate()),
        restore=may_review_plans(user) and plan.is_editable,
    )
