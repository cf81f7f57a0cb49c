"""Demo plans that tell the story of a school year, made through the same services people use.

Prairie Valley CUSD 7: last year's district plan (with last year's dates) approved, carried out,
evaluated and carried forward into this year's plan, approved; Lincoln Elementary (PK-5): its school
plan submitted three days ago and waiting for a coordinator, its parent leader's plan a draft with
something still missing; Washington Middle (6-8): its school plan returned with comments. Riverbend
School District 112: its district plan submitted nine days ago. Each plan's goals speak of its own
grades, and its activities are its own. Idempotent: a plan that exists is left as it is.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from pep.models import GRADES, District, Language, School, SchoolYear

from . import services
from .models import Category, Framework, Plan, PlanKind, PlanStatus, PlanTransition

User = get_user_model()

JUDGED = "Sign-in sheets and a short family survey"


def grades(first: str, last: str) -> list[str]:
    return GRADES[GRADES.index(first) : GRADES.index(last) + 1]


@dataclass(frozen=True)
class DemoActivity:
    title: str
    categories: list[str]  # codes of the six types of involvement
    months: list[int]
    person: str
    funding: str
    cost: int
    day: tuple[int, int] | None = None  # (month, day) of its first session, in the plan's school year
    for_grades: list[str] | None = None  # the grades it is for; all of the school's when None
    how_judged: str = JUDGED


# Prairie Valley CUSD 7 (PK-12): one plan for the district, from early reading to grade 9.
PRAIRIE_VALLEY = [
    {
        "kind": "academic",
        "statement": "More students read at grade level by the end of grade 3.",
        "desired_result": "Families of young children read with them every day.",
        "how_measured": "Spring reading assessment, kindergarten to grade 3",
        "baseline": "52% of third graders at grade level",
        "target": "60% of third graders at grade level",
        "activities": [
            DemoActivity(
                "District family literacy night at the public library",
                ["learning-at-home", "community"],
                [10],
                "Reading coordinator",
                "title_i",
                900,
                day=(10, 15),
                for_grades=grades("K", "3"),
            ),
            DemoActivity(
                "Summer reading packets for kindergarten to grade 3",
                ["learning-at-home"],
                [5, 6],
                "Librarians of the elementary schools",
                "grant",
                1650,
                day=(5, 20),
                for_grades=grades("K", "3"),
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
            DemoActivity(
                "Report cards and credits night for families of grades 8 and 9",
                ["communicating", "learning-at-home"],
                [11],
                "High school counselors",
                "district",
                150,
                day=(11, 12),
                for_grades=["8", "9"],
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
            DemoActivity(
                "Attendance phone calls home in families' languages",
                ["communicating"],
                [9, 10, 11, 12, 1, 2, 3, 4, 5],
                "Assistant principals",
                "district",
                0,
            ),
            DemoActivity(
                "Attendance mentors from community partners",
                ["community"],
                [10, 11, 12, 1, 2, 3, 4],
                "Social workers",
                "grant",
                800,
                day=(10, 1),
            ),
        ],
    },
    {
        "kind": "welcoming_climate",
        "statement": "Every family feels welcome in the district's schools.",
        "desired_result": "More families join decision-making groups.",
        "how_measured": "Family-engagement perceptions survey; advisory council attendance",
        "baseline": "61% feel welcome",
        "target": "75% feel welcome",
        "activities": [
            DemoActivity(
                "District family advisory council",
                ["decision-making"],
                [9, 11, 1, 3, 5],
                "District leader for partnerships",
                "district",
                300,
                day=(9, 24),
            ),
        ],
    },
]

# Lincoln Elementary School (PK-5)
LINCOLN = [
    {
        "kind": "academic",
        "statement": "More students in grades 3 to 5 read at grade level.",
        "desired_result": "Families read with their children at home several times a week.",
        "how_measured": "Spring reading assessment, grades 3 to 5; family reading logs",
        "baseline": "48% at grade level",
        "target": "56% at grade level",
        "activities": [
            DemoActivity(
                "Family reading nights",
                ["learning-at-home", "parenting"],
                [10, 1, 3],
                "Reading specialist",
                "title_i",
                600,
                day=(10, 8),
                for_grades=grades("3", "5"),
            ),
            DemoActivity(
                "Take-home book bags in English and Spanish",
                ["learning-at-home"],
                [9, 10, 11, 12, 1, 2, 3, 4],
                "Librarian",
                "grant",
                1200,
                for_grades=grades("PK", "2"),
            ),
        ],
    },
    {
        "kind": "academic",
        "statement": "More students in kindergarten to grade 5 meet the spring math benchmark.",
        "desired_result": "Families play math games at home.",
        "how_measured": "Spring math benchmark, kindergarten to grade 5",
        "baseline": "55% meet the benchmark",
        "target": "62% meet the benchmark",
        "activities": [
            DemoActivity(
                "Family math night with take-home games",
                ["learning-at-home", "volunteering"],
                [2],
                "Math coach",
                "title_i",
                450,
                day=(2, 11),
                for_grades=grades("K", "5"),
            ),
        ],
    },
    {
        "kind": "welcoming_climate",
        "statement": "Every family feels welcome at Lincoln from the first day of preschool.",
        "desired_result": "More families volunteer in classrooms.",
        "how_measured": "Family-engagement perceptions survey; volunteer sign-ins",
        "baseline": "64% feel welcome; 35 volunteers",
        "target": "75% feel welcome; 50 volunteers",
        "activities": [
            DemoActivity(
                "Welcome breakfast for families new to preschool and kindergarten",
                ["parenting", "community"],
                [8],
                "Parent liaison",
                "in_kind",
                200,
                day=(8, 19),
                for_grades=["PK", "K"],
            ),
            DemoActivity(
                "Classroom volunteers' sign-up and training",
                ["volunteering", "decision-making"],
                [9, 1],
                "Assistant principal",
                "district",
                0,
                day=(9, 10),
            ),
        ],
    },
]

# Lincoln's parent leader: a draft in which one activity still needs a person in charge and its months.
LINCOLN_PARENTS = [
    {
        "kind": "welcoming_climate",
        "statement": "Spanish-speaking families feel at home at Lincoln.",
        "desired_result": "Spanish-speaking parents come to school events and bring a friend.",
        "how_measured": "Sign-in sheets of family events",
        "baseline": "About 10 Spanish-speaking parents at each event",
        "target": "25 at each event",
        "activities": [
            DemoActivity(
                "Parent-to-parent welcome calls to new families",
                ["communicating", "volunteering"],
                [8, 9],
                "Lucía Hernández",
                "in_kind",
                0,
                day=(8, 25),
            ),
            DemoActivity(
                "Café con padres: a monthly coffee hour in Spanish",
                ["parenting", "communicating"],
                [],
                "",
                "title_i",
                180,
            ),
        ],
    },
]

# Washington Middle School (6-8): returned, since it has no goal for a welcoming climate yet.
WASHINGTON = [
    {
        "kind": "academic",
        "statement": "More students in grades 6 to 8 pass math.",
        "desired_result": "Families know how to help with math homework and when to ask for help.",
        "how_measured": "Share of students in grades 6 to 8 passing math at semester",
        "baseline": "71%",
        "target": "78%",
        "activities": [
            DemoActivity(
                "Homework help nights with the math department",
                ["learning-at-home"],
                [10, 11, 1, 2, 3],
                "Math department chair",
                "title_i",
                700,
                day=(10, 6),
            ),
            DemoActivity(
                "Grade 6 family orientation",
                ["parenting", "communicating"],
                [8],
                "Grade 6 team leader",
                "district",
                250,
                day=(8, 14),
                for_grades=["6"],
            ),
        ],
    },
    {
        "kind": "academic",
        "statement": "Students in grade 8 and their families are ready for high school.",
        "desired_result": "Families choose grade 9 courses with their children.",
        "how_measured": "Grade 8 families at course selection; course changes in the first week of high school",
        "baseline": "40% of grade 8 families",
        "target": "65% of grade 8 families",
        "activities": [
            DemoActivity(
                "High school transition night at Prairie Valley High",
                ["communicating", "decision-making"],
                [1],
                "Counselor",
                "district",
                120,
                day=(1, 27),
                for_grades=["8"],
            ),
        ],
    },
    {
        "kind": "behavioural",
        "statement": "Fewer office referrals in grades 6 to 8.",
        "desired_result": "Families and teachers agree on goals for each student.",
        "how_measured": "Office referrals per 100 students",
        "baseline": "38 per 100 students",
        "target": "30 per 100 students",
        "activities": [
            DemoActivity(
                "Student-led family conferences",
                ["communicating", "parenting"],
                [11, 3],
                "Assistant principal",
                "district",
                0,
                day=(11, 19),
            ),
        ],
    },
]

# Riverbend School District 112 (PK-8): preschool readiness, middle-school math, newcomer families.
RIVERBEND = [
    {
        "kind": "academic",
        "statement": "More children start kindergarten ready to learn.",
        "desired_result": "Families of 3- and 4-year-olds play and read with them every day.",
        "how_measured": "Kindergarten readiness screening in September",
        "baseline": "58% ready",
        "target": "65% ready",
        "activities": [
            DemoActivity(
                "Play-and-learn groups for families of 3- and 4-year-olds",
                ["parenting", "learning-at-home"],
                [9, 10, 11, 12, 1, 2, 3, 4],
                "Early childhood coordinator",
                "title_i",
                2400,
                day=(9, 12),
                for_grades=["PK"],
            ),
            DemoActivity(
                "Learning kits in English, Spanish, Urdu and Ukrainian",
                ["learning-at-home", "communicating"],
                [10, 2],
                "English learner coordinator",
                "grant",
                1650,
                for_grades=["PK", "K"],
            ),
        ],
    },
    {
        "kind": "academic",
        "statement": "More students in grades 6 to 8 meet the math benchmark.",
        "desired_result": "Families use math at home with their children.",
        "how_measured": "Spring math benchmark, grades 6 to 8",
        "baseline": "49% meet the benchmark",
        "target": "55% meet the benchmark",
        "activities": [
            DemoActivity(
                "Family math game nights at Riverbend Junior High",
                ["learning-at-home", "volunteering"],
                [11, 1, 4],
                "Junior high math teachers",
                "district",
                350,
                day=(11, 5),
                for_grades=grades("6", "8"),
            ),
        ],
    },
    {
        "kind": "behavioural",
        "statement": "Fewer students in kindergarten to grade 8 miss a tenth of the school year.",
        "desired_result": "Families know why every school day counts and whom to call.",
        "how_measured": "Chronic absence rate, kindergarten to grade 8",
        "baseline": "15% chronically absent",
        "target": "11% chronically absent",
        "activities": [
            DemoActivity(
                "Attendance celebrations with families each semester",
                ["communicating", "community"],
                [12, 5],
                "Principals",
                "district",
                400,
                day=(12, 16),
                for_grades=grades("K", "8"),
            ),
        ],
    },
    {
        "kind": "welcoming_climate",
        "statement": "Families who speak Polish, Ukrainian or Urdu take part as much as others.",
        "desired_result": "Newcomer families come to school events and join the parent groups.",
        "how_measured": "Sign-in sheets by home language; perceptions survey",
        "baseline": "1 in 10 newcomer families at events",
        "target": "1 in 4 newcomer families at events",
        "activities": [
            DemoActivity(
                "Welcome center for newcomer families, with interpreters",
                ["parenting", "community", "decision-making"],
                [8, 9, 1],
                "Family engagement specialist",
                "grant",
                3000,
                day=(8, 18),
            ),
        ],
    },
]


def _person(username: str):
    return User.objects.get(username=username)


def _in_year(year: SchoolYear, month: int, day: int) -> datetime.date:
    """That day of the school year: July to December of its first calendar year, January to June of its second."""
    return datetime.date(year.starts_on.year + (month < 7), month, day)


def _languages_of(owner) -> list[Language]:
    if isinstance(owner, School):
        return list(owner.home_languages.order_by("name"))
    return list(Language.objects.filter(code__in=["en", "es"]).order_by("name"))


def _interpretation(languages: list[Language]) -> str:
    others = [language.name for language in languages if language.code != "en"]
    return f"Interpreters for {', '.join(others)} at every session" if others else ""


def _build(plan: Plan, actor, goals: list[dict], categories: dict[str, Category], languages) -> None:
    """Fill a new plan with its goals and activities, dated in the plan's school year."""
    for goal_data in goals:
        goal_data = dict(goal_data)
        activities = goal_data.pop("activities")
        goal = services.goal_create(plan=plan, actor=actor, data=goal_data)
        for activity in activities:
            if activity.for_grades is not None:
                grade_levels = activity.for_grades
            else:
                grade_levels = plan.school.grades if plan.school else []
            services.activity_create(
                plan=plan,
                actor=actor,
                data={
                    "goal": goal,
                    "title": activity.title,
                    "description": "",
                    "categories": [categories[code] for code in activity.categories],
                    "grade_levels": grade_levels,
                    "starts_on": _in_year(plan.school_year, *activity.day) if activity.day else None,
                    "months": activity.months,
                    "person_in_charge": activity.person,
                    "helpers": "Action team members" if activity.person else "",
                    "estimated_cost": Decimal(activity.cost),
                    "funding_source": activity.funding,
                    "how_judged": activity.how_judged,
                    "languages": languages,
                    "interpretation": _interpretation(languages),
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
    _build(plan, actor, goals, context["categories"], _languages_of(owner))
    return plan


GOAL_RESULTS = [
    "57% of third graders at grade level",
    "11% with a failing grade",
    "14% chronically absent",
    "70% feel welcome",
]


# What each of last year's activities taught, in order: (what worked, what to change).
LESSONS = [
    ("Holding it in the evening with childcare brought more families.", "Send reminders by text two days before."),
    (
        "Librarians handing packets out at the spring concert reached most families.",
        "Add a reading log families can return.",
    ),
    ("Teachers explaining the report card in small groups.", "Offer a morning session for families who work nights."),
    ("Calls from staff who speak the family's language.", "Keep a shared log so no family is called twice."),
    ("Parents leading the welcome table.", "Start the council's year in August, before school opens."),
    ("Short meetings with a clear agenda.", "Invite high-school students to present."),
]


def _evaluate_all(plan: Plan, actor) -> None:
    """Last year's evaluation: each activity rated, each goal's result, the reflection."""
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
                "what_worked": LESSONS[number % len(LESSONS)][0],
                "what_to_change": LESSONS[number % len(LESSONS)][1],
            },
        )
    goals = plan.goals.order_by("order", "pk")
    services.plan_reflect(
        plan=plan,
        actor=actor,
        version=Plan.objects.get(pk=plan.pk).version,
        results={goal.pk: result for goal, result in zip(goals, GOAL_RESULTS, strict=True)},
        data={
            "reflection": "Attendance at family events grew; reaching working parents is still hard.",
            "policy_barriers": "Evening events clash with work shifts; some families need interpreters.",
            "policy_family_needs": "Short, practical sessions and materials in Spanish and Polish.",
            "policy_strategies": "Childcare, meals and interpreters at every event.",
            "policy_family_participation": "A parent focus group in April and the spring family survey.",
        },
    )


def _submitted_days_ago(plan: Plan, days: int) -> None:
    """Date the plan's submission some days back, so the review queue shows plans waiting for a while."""
    at = timezone.now() - datetime.timedelta(days=days)
    Plan.objects.filter(pk=plan.pk).update(submitted_at=at)
    PlanTransition.objects.filter(plan=plan, to_status=PlanStatus.SUBMITTED).update(at=at)


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
    }
    prairie = District.objects.get(code="DEMO-0101")
    leader = _person("district.leader")
    created = []
    old = _plan(PlanKind.DISTRICT, prairie, previous, leader, previous.starts_on, PRAIRIE_VALLEY, context)
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
    team_member = _person("team.member")
    school_plan = _plan(PlanKind.SCHOOL, lincoln, current, team_member, current.starts_on, LINCOLN, context)
    if school_plan:
        services.plan_submit(plan=school_plan, actor=team_member, comment="Ready for review.")
        _submitted_days_ago(school_plan, 3)
        created.append(school_plan)
    parent_plan = _plan(
        PlanKind.PARENT_LEADER, lincoln, current, _person("parent.leader"), current.starts_on, LINCOLN_PARENTS, context
    )
    if parent_plan:
        created.append(parent_plan)

    washington = School.objects.get(code="DEMO-0101-02")
    chair = _person("washington.chair")
    returned = _plan(PlanKind.SCHOOL, washington, current, chair, current.starts_on, WASHINGTON, context)
    if returned:
        services.plan_submit(plan=returned, actor=chair)
        services.plan_comment(
            plan=returned,
            actor=coordinator,
            activity=returned.activities.order_by("pk").first(),
            text="Hold one of these nights in Arabic as well: many Washington families speak it.",
        )
        services.plan_return(
            plan=returned,
            actor=coordinator,
            comment="Add a goal for a welcoming climate, with an activity where families volunteer.",
        )
        created.append(returned)

    riverbend = District.objects.get(code="DEMO-0202")
    riverbend_leader = _person("riverbend.leader")
    submitted = _plan(PlanKind.DISTRICT, riverbend, current, riverbend_leader, current.starts_on, RIVERBEND, context)
    if submitted:
        services.plan_submit(plan=submitted, actor=riverbend_leader)
        _submitted_days_ago(submitted, 9)
        created.append(submitted)
    for plan in Plan.objects.filter(pk__in=[plan.pk for plan in created]).order_by("pk"):
        stdout.write(f"Plan: {plan} ({plan.get_status_display()})")
