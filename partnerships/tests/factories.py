"""Test scenes for plans, built through the same services people use (never by setting a status).

`PlanFactory`, `GoalFactory` and `ActivityFactory` call plan_create, goal_create and activity_create as
the plan's owner (one is made if the district or school has none yet); `advance` walks a plan through
the workflow to the status a test needs.
"""

import datetime

import factory
from django.contrib.auth import get_user_model

from partnerships import services
from partnerships.access import OWNER_ROLE
from partnerships.models import Activity, Framework, Goal, GoalKind, Implementation, Plan, PlanKind, PlanStatus
from pep.models import Membership, Role
from pep.tests.factories import DistrictFactory, MembershipFactory, SchoolYearFactory, UserFactory, coordinator


def _only_what_the_service_takes(fields: dict, accepted: list[str]) -> None:
    """A field the service does not take (the order: goals and activities are numbered as they are
    added) would be dropped without a word; say so instead."""
    unknown = sorted(set(fields) - set(accepted))
    if unknown:
        raise TypeError(f"the service does not take {', '.join(unknown)}")


def default_framework() -> Framework:
    return Framework.objects.get(is_default=True)


def owner_of(plan: Plan):
    """Someone who owns the plan: the first such member, or a new one."""
    role = OWNER_ROLE[plan.kind]
    scope = {"district": plan.district} if plan.kind == PlanKind.DISTRICT else {"school": plan.school}
    membership = Membership.objects.filter(role=role, **scope).select_related("user").order_by("pk").first()
    if membership:
        return membership.user
    user = UserFactory(username=f"owner-{role}-{plan.school_id or plan.district_id}")
    MembershipFactory(user=user, role=role, **scope)
    return user


def a_coordinator():
    membership = Membership.objects.filter(role=Role.COORDINATOR).select_related("user").order_by("pk").first()
    if membership:
        return membership.user
    superuser = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    return superuser or coordinator(username="scene-coordinator")


class PlanFactory(factory.django.DjangoModelFactory):
    """A draft district plan by default; pass kind and school for the other kinds."""

    class Meta:
        model = Plan

    kind = PlanKind.DISTRICT
    school_year = factory.SubFactory(SchoolYearFactory, is_current=True)
    district = factory.LazyAttribute(lambda o: o.school.district if o.school else DistrictFactory())
    school = None
    framework = factory.LazyFunction(default_framework)
    vision = "Every family a partner in learning."

    @classmethod
    def _create(cls, model_class, **fields):
        if "status" in fields:
            raise TypeError("PlanFactory makes drafts; walk the plan on with advance(plan, status).")
        _only_what_the_service_takes(fields, ["kind", "school_year", "district", "school", "framework", "vision"])
        plan = model_class(**fields)
        return services.plan_create(
            actor=owner_of(plan),
            kind=plan.kind,
            school_year=plan.school_year,
            district=plan.district,
            school=plan.school,
            framework=plan.framework,
            vision=plan.vision,
            today=plan.school_year.starts_on,  # a day plans for the year can be started
        )


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    kind = GoalKind.ACADEMIC
    statement = factory.Sequence(lambda n: f"Raise reading scores, goal {n}")
    desired_result = "More students read at grade level."
    how_measured = "Spring reading assessment"
    baseline = "52%"
    target = "60%"

    @classmethod
    def _create(cls, model_class, plan, **fields):
        _only_what_the_service_takes(fields, services.GOAL_FIELDS)
        return services.goal_create(plan=plan, actor=owner_of(plan), data=fields)


class ActivityFactory(factory.django.DjangoModelFactory):
    """A complete activity: person in charge, timing, how judged, the framework's first four categories."""

    class Meta:
        model = Activity

    plan = factory.SubFactory(PlanFactory)
    goal = factory.LazyAttribute(lambda o: GoalFactory(plan=o.plan))
    title = factory.Sequence(lambda n: f"Family reading night {n}")
    starts_on = factory.LazyAttribute(lambda o: o.plan.school_year.starts_on + datetime.timedelta(days=100))
    person_in_charge = "Ms. Ortiz"
    estimated_cost = 250
    how_judged = "Sign-in sheets and a short family survey"
    categories = factory.LazyAttribute(lambda o: list(o.plan.framework.categories.order_by("order")[:4]))

    @classmethod
    def _create(cls, model_class, plan, **fields):
        _only_what_the_service_takes(fields, services.ACTIVITY_FIELDS + services.ACTIVITY_M2M)
        return services.activity_create(plan=plan, actor=owner_of(plan), data=fields)


def complete_plan(**fields) -> Plan:
    """A draft plan with one goal and one complete activity: it can be submitted as it is."""
    plan = PlanFactory(**fields)
    ActivityFactory(plan=plan, title="Family reading night")
    return plan


EVALUATION = {
    "implemented": Implementation.YES,
    "families": 40,
    "staff": 6,
    "students": 55,
    "quality": 4,
    "what_worked": "Families came back for the second night.",
    "what_to_change": "Start earlier in the year.",
}
POLICY_EVALUATION = {
    "policy_barriers": "Evening meetings clash with work shifts.",
    "policy_family_needs": "Materials in Spanish and Arabic.",
    "policy_strategies": "Saturday sessions with childcare.",
    "policy_family_participation": "A survey and two listening sessions.",
}


def advance(plan: Plan, status: str, *, comment: str = "Please add a target for goal 1.") -> Plan:
    """Walk the plan through the workflow, as its owner and a coordinator would, to `status`."""
    owner, reviewer = owner_of(plan), a_coordinator()
    steps = {
        PlanStatus.SUBMITTED: lambda: services.plan_submit(plan=plan, actor=owner),
        PlanStatus.RETURNED: lambda: services.plan_return(plan=plan, actor=reviewer, comment=comment),
        PlanStatus.APPROVED: lambda: services.plan_approve(plan=plan, actor=reviewer),
        PlanStatus.EVALUATED: lambda: _evaluate(plan, owner),
    }
    path = {
        PlanStatus.DRAFT: [],
        PlanStatus.SUBMITTED: [PlanStatus.SUBMITTED],
        PlanStatus.RETURNED: [PlanStatus.SUBMITTED, PlanStatus.RETURNED],
        PlanStatus.APPROVED: [PlanStatus.SUBMITTED, PlanStatus.APPROVED],
        PlanStatus.EVALUATED: [PlanStatus.SUBMITTED, PlanStatus.APPROVED, PlanStatus.EVALUATED],
    }[status]
    for step in path:
        steps[step]()
    return Plan.objects.get(pk=plan.pk)


def _evaluate(plan: Plan, owner) -> None:
    for activity in plan.activities.all():
        services.activity_evaluate(activity=activity, actor=owner, data=EVALUATION)
    plan = Plan.objects.get(pk=plan.pk)
    reflection = {"reflection": "A good year; families asked for more evening events."}
    if plan.needs_policy_evaluation:
        reflection |= POLICY_EVALUATION
    services.plan_reflect(plan=plan, actor=owner, data=reflection, version=plan.version)
    services.plan_mark_evaluated(plan=plan, actor=owner, today=plan.school_year.ends_on)
