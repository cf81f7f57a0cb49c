"""Fetching a plan, goal or activity for a page: scoped to the person (404 otherwise)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from pep.access import ANY_ROLE, require_role

from ..access import plan_permissions, plans_visible_to
from ..models import Activity, Goal, Plan

# Every plan page is for people with a role; which plans they see is decided by plans_visible_to.
signed_in_member = require_role(*ANY_ROLE)


def plan_for(user, pk: int) -> Plan:
    return get_object_or_404(
        plans_visible_to(user).select_related("school_year", "district", "school", "framework"), pk=pk
    )


def goal_for(user, pk: int) -> Goal:
    return get_object_or_404(
        Goal.objects.select_related("plan__school_year", "plan__district", "plan__school").filter(
            plan__in=plans_visible_to(user)
        ),
        pk=pk,
    )


def activity_for(user, pk: int) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related(
            "plan__school_year", "plan__framework", "plan__district", "plan__school", "evaluation"
        ).filter(plan__in=plans_visible_to(user)),
        pk=pk,
    )


def owner_only(user, plan: Plan) -> Plan:
    """Pages that change a plan open only to its owners (whether the plan may change now is the service's)."""
    if not plan_permissions(user, plan).owner:
        raise PermissionDenied
    return plan
