"""Who may do what with a plan: the shared rules of pep.access applied to plans."""

from django.db.models import QuerySet

from pep.access import holds_role, in_scope_of, is_coordinator
from pep.models import Role

from .models import Plan, PlanKind

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


def may_review_plans(user) -> bool:
    """Only PEP coordinators return, approve or reopen plans; nobody approves their own."""
    return is_coordinator(user)
