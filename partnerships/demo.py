"""Demo plans in every status, made through the same services people use.

Prairie Valley: last year's district plan evaluated, this year's carried over and approved;
Lincoln Elementary: school plan submitted, parent-leader plan in draft; Washington Middle:
school plan returned with comments; Riverbend: district plan submitted. Idempotent.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings

from pep.models import District, Language, School, SchoolYear

from . import services
from .models import Category, Framework, Plan, PlanKind

User = get_user_model()

GOALS = [
    {
        "kind": "academic",
        "statement": "More students in grades 3 to 5 read at grade level.",
        "desired_result": "Families read with their children at home several times a week.",
        "how_measured": "Spring reading assessment; family reading logs",
        "baseline": "48% at grade level",
        "target": "56% at grade level",
        "activities": [
            (
                "Family reading nights",
                ["learning-at-home", "parenting"],
                [10, 1, 3],
                "Reading specialist",
                "title_i",
                600,
            ),
            (
                "Take-home book bags in English and Spanish",
                ["learning-at-home"],
                [9, 10, 11, 12, 1, 2, 3, 4],
                "Librarian",
                "grant",
                1200,
            ),
        ],
    },
    {
        "kind": "academic",
        "statement": "Fewer students fail a core class in grade 9.",
        "desired_result": "Families know how to read grade reports and whom to call.",
        "how_measured": "Share of grade 9 students with a failing grade at semester",
        "baseline": "14%",
        "target": "10%",
        "activities": [
            (
                "Understanding report cards workshop",
                ["communicating", "learning-at-home"],
                [11],
                "Counselor",
                "district",
                150,
            ),
        ],
    },
    {
        "kind": "behavioural",
        "statement": "Better attendance in every grade.",
        "desired_result": "Families and staff act early when a child starts missing school.",
        "how_measured": "Chronic absence rate",
        "baseline": "17% chronically absent",
        "target": "12% chronically absent",
        "activities": [
            (
                "Attendance phone calls home in families' languages",
                ["communicating"],
                [9, 10, 11, 12, 1, 2, 3, 4, 5],
                "Assistant principal",
                "district",
                0,
            ),
            (
                "Attendance mentors from community partners",
                ["community"],
                [10, 11, 12, 1, 2, 3, 4],
                "Social worker",
                "grant",
                800,
            ),
        ],
    },
    {
        "kind": "welcoming_climate",
        "statement": "Every family feels welcome at school.",
        "desired_result": "More families volunteer and join decision-making groups.",
        "how_measured": "Family-engagement perceptions survey; volunteer sign-ins",
        "baseline": "61% feel welcome",
        "target": "75% feel welcome",
        "activities": [
            (
                "Welcome breakfast for new families",
                ["volunteering", "community"],
                [8, 9],
                "Parent liaison",
                "in_kind",
                200,
            ),
            (
                "Parent seats on the school improvement team",
                ["decision-making"],
                [9, 12, 3],
                "Principal",
                "district",
                0,
            ),
        ],
    },
]


def _person(username: str):
    return User.objects.get(username=username)


def _build(plan: Plan, actor, goals: list[dict], categories: dict[str, Category], languages) -> None:
    """Fill a new plan with goals and complete activities."""
    for goal_data in goals:
        goal_data = dict(goal_data)
        activity_rows = goal_data.pop("activities")
        goal = services.goal_create(plan=plan, actor=actor, data=goal_data)
        for title, codes, months, person, funding, cost in activity_rows:
            services.activity_create(
                plan=plan,
                actor=actor,
                data={
                    "goal": goal,
                    "title": title,
                    "description": "",
                    "categories": [categories[code] for code in codes],
                    "grade_levels": plan.school.grades if plan.school else [],
                    "months": months,
                    "person_in_charge": person,
                    "helpers": "Action team members",
                    "estimated_cost": Decimal(cost),
                    "funding_source": funding,
                    "how_judged": "Attendance counts and a short family survey",
                    "languages": languages,
                    "interpretation": "Spanish interpreter at every session",
                },
            )


def _plan(kind, owner, year: SchoolYear, actor, today: datetime.date, goals: list[dict], context: dict) -> Plan | None:
    """Create and fill the plan unless it exists already (then None: leave it as it is)."""
    owner_field = {"district": owner} if kind == PlanKind.DISTRICT else {"school": owner}
    lookup = {"kind": kind, "school_year": year, **owner_field}
    if Plan.objects.filter(**lookup).exists():
        return None
    plan = services.plan_create(
        actor=actor, kind=kind, school_year=year, vision=context["vision"], today=today, **owner_field
    )
    _build(plan, actor, goals, context["categories"], context["languages"])
    return plan


def _evaluate_all(plan: Plan, actor) -> None:
    for number, activity in enumerate(plan.activities.order_by("pk")):
        services.activity_evaluate(
            activity=activity,
            actor=actor,
            data={
                "implemented": "yes" if number % 3 else "partly",
                "families": 40 + 15 * number,
                "staff": 6 + number,
                "students": 30 * number,
                "quality": 4 if number % 2 else 3,
                "what_worked": "Holding it in the evening with childcare brought more families.",
                "what_to_change": "Send reminders by text two days before.",
            },
        )
    services.plan_reflect(
        plan=plan,
        actor=actor,
        version=Plan.objects.get(pk=plan.pk).version,
        data={
            "reflection": "Attendance at family events grew; reaching working parents is still hard.",
            "policy_barriers": "Evening events clash with work shifts; some families need interpreters.",
            "policy_family_needs": "Short, practical sessions and materials in Spanish and Arabic.",
            "policy_strategies": "Childcare, meals and interpreters at every event.",
            "policy_family_participation": "A parent focus group in April and the spring family survey.",
        },
    )


def seed(stdout) -> None:
    """Add demo plans in every status; print what was created. Their emails go nowhere."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        _seed(stdout)


@transaction.atomic
def _seed(stdout) -> None:
    current = SchoolYear.objects.current()
    previous = SchoolYear.objects.filter(starts_on__lt=current.starts_on).order_by("-starts_on").first()
    coordinator = _person("coordinator")
    context = {
        "vision": "Every family is a welcome, informed partner in their children's learning.",
        "categories": {c.code: c for c in Category.objects.filter(framework=Framework.objects.get(is_default=True))},
        "languages": list(Language.objects.filter(code__in=["en", "es"])),
    }
    prairie = District.objects.get(code="DEMO-0101")
    leader = _person("district.leader")
    created = []
    old = _plan(PlanKind.DISTRICT, prairie, previous, leader, previous.starts_on, GOALS, context)
    if old:
        services.plan_submit(plan=old, actor=leader)
        services.plan_approve(plan=old, actor=coordinator, comment="A clear plan; good luck this year.")
        _evaluate_all(old, leader)
        services.plan_mark_evaluated(plan=old, actor=leader, today=previous.ends_on)
        this_year = services.plan_carry_forward(plan=old, actor=leader, today=current.starts_on)
        services.plan_submit(plan=this_year, actor=leader)
        services.plan_approve(plan=this_year, actor=coordinator)
        created += [old, this_year]

    lincoln = School.objects.get(code="DEMO-0101-01")
    school_plan = _plan(
        PlanKind.SCHOOL, lincoln, current, _person("team.member"), current.starts_on, GOALS[:2] + GOALS[3:], context
    )
    if school_plan:
        services.plan_submit(plan=school_plan, actor=_person("team.member"), comment="Ready for review.")
        created.append(school_plan)
    parent_plan = _plan(
        PlanKind.PARENT_LEADER, lincoln, current, _person("parent.leader"), current.starts_on, GOALS[3:], context
    )
    if parent_plan:
        created.append(parent_plan)

    washington = School.objects.get(code="DEMO-0101-02")
    returned = _plan(
        PlanKind.SCHOOL, washington, current, _person("washington.chair"), current.starts_on, GOALS[:3], context
    )
    if returned:
        chair = _person("washington.chair")
        services.plan_submit(plan=returned, actor=chair)
        services.plan_comment(
            plan=returned,
            actor=coordinator,
            activity=returned.activities.order_by("pk").first(),
            text="Offer this workshop on a weekday evening too.",
        )
        services.plan_return(
            plan=returned,
            actor=coordinator,
            comment="Add a goal for a welcoming climate, with an activity where families volunteer.",
        )
        created.append(returned)

    riverbend = District.objects.get(code="DEMO-0202")
    submitted = _plan(
        PlanKind.DISTRICT, riverbend, current, _person("riverbend.leader"), current.starts_on, GOALS, context
    )
    if submitted:
        services.plan_submit(plan=submitted, actor=_person("riverbend.leader"))
        created.append(submitted)
    for plan in Plan.objects.filter(pk__in=[plan.pk for plan in created]).order_by("pk"):
        stdout.write(f"Plan: {plan} ({plan.get_status_display()})")
