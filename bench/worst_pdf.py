"""Scenario: the worst-case plan PDF — a plan at the services' limits (12 goals, 120 activities) with
every free-text field filled to its model's max_length, written through the plan services.

Owns its database: run it through `make bench` (bench/run.py), or alone with DATABASE_URL set to
an empty database (unset: a temporary SQLite file). Prints timings; asserts only that pages answer 200.
"""

import datetime
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import PageMeter, Results, analyze, migrate_and_check_empty, pdf_pages, seconds, setup_django

# Real words, with line breaks in long text and the letters Spanish needs, so the layout has work to do.
SENTENCES = [
    "Families and staff plan this activity together and invite every family in its home language.",
    "Childcare, dinner and interpretation are offered at every table so that all families can take part.",
    "Las familias y el personal planifican juntos; la invitación llega en español, inglés y árabe.",
    "The action team reviews sign-in sheets and a short survey after each event and adjusts the next one.",
]


def filled(length: int, lines: bool) -> str:
    """Text of exactly `length` characters; a paragraph break every few sentences when `lines`."""
    parts, size, number = [], 0, 0
    while size < length:
        sentence = SENTENCES[number % len(SENTENCES)] + ("\n" if lines and number % 4 == 3 else " ")
        parts.append(sentence)
        size += len(sentence)
        number += 1
    return "".join(parts)[: length - 1] + "."


def maxed(model, names: list[str]) -> dict:
    """Every free-text field among `names` filled to its max_length (choices, numbers and links left out)."""
    from django.db import models

    values = {}
    for name in names:
        field = model._meta.get_field(name)
        if isinstance(field, models.CharField | models.TextField) and not field.choices and field.max_length:
            values[name] = filled(field.max_length, lines=isinstance(field, models.TextField))
    return values


def main() -> None:
    setup_django()
    from django.db import connection

    migrate_and_check_empty()
    results = Results("worst_pdf", vendor=connection.vendor)
    print(f"worst-case plan PDF on {connection.vendor}", flush=True)
    plan = {}
    took = seconds(lambda: plan.setdefault("plan", build()))
    results.loading["worst-case plan (plan services)"] = round(took, 2)
    print(f"  loaded: worst-case plan (plan services)               {took:7.1f} s", flush=True)
    analyze()
    plan, reviewer = plan["plan"], plan["plan"].reviewer
    results.data = {
        "goals": plan.goals.count(),
        "activities": plan.activities.count(),
        "comments": plan.comments.count(),
        "characters in each free-text field": plan.filled,
    }
    print(f"  data: {results.data}", flush=True)
    pages = PageMeter(results, reviewer)
    from django.conf import settings

    # How long WeasyPrint really needs: a site gives up after PDF_SECONDS and offers the print view.
    deadline, settings.PDF_SECONDS = settings.PDF_SECONDS, 900
    results.data["PDF deadline on a site (s)"] = deadline
    # one run: it takes long enough that warming up or repeating would double the bench's time
    pages.measure("worst-case plan's PDF", f"/plans/{plan.pk}/plan.pdf", repeat=1, warm_up=False)
    results.data["PDF pages"] = pdf_pages(pages.last_content)
    results.data["PDF bytes"] = len(pages.last_content)
    pages.measure("worst-case plan's print view", f"/plans/{plan.pk}/print/", repeat=5)
    pages.measure("worst-case plan's page", f"/plans/{plan.pk}/", repeat=5)
    pages.measure("worst-case plan's history", f"/plans/{plan.pk}/history/", repeat=5)
    results.save()


def build():
    """The plan, its goals, activities, comments, review steps and year-end evaluation, all at their limits."""
    from bench.plan_data import current_first_year, school_year
    from partnerships import services
    from partnerships.models import (
        Activity,
        ActivityEvaluation,
        Framework,
        FundingSource,
        Goal,
        GoalKind,
        Plan,
        PlanComment,
        PlanKind,
        PlanTransition,
    )
    from partnerships.services.editing import MAX_ACTIVITIES, MAX_GOALS
    from partnerships.tests.factories import EVALUATION
    from pep.models import GRADES, District, Language
    from pep.months import MONTH_NAMES
    from pep.tests.factories import coordinator, district_leader

    year = school_year(current_first_year(datetime.date.today()), is_current=True)
    district = District.objects.create(code="W00001", name=filled(200, lines=False), receives_title_i=True)
    leader = district_leader(district, username="worst-case-leader")
    reviewer = coordinator(username="bench-coordinator")
    framework = Framework.objects.get(is_default=True)
    categories = list(framework.categories.all())
    languages = list(Language.objects.order_by("pk")[:8])

    plan = services.plan_create(
        actor=leader,
        kind=PlanKind.DISTRICT,
        school_year=year,
        district=district,
        framework=framework,
        today=year.starts_on,
        **maxed(Plan, ["vision"]),
    )
    kinds = list(GoalKind.values)
    goals = [
        services.goal_create(
            plan=plan, actor=leader, data={"kind": kinds[n % len(kinds)]} | maxed(Goal, services.GOAL_FIELDS)
        )
        for n in range(MAX_GOALS)
    ]
    activities = []
    for n in range(MAX_ACTIVITIES):
        data = maxed(Activity, services.ACTIVITY_FIELDS) | {
            "goal": goals[n % len(goals)],
            "grade_levels": GRADES,
            "starts_on": year.starts_on + datetime.timedelta(days=60),
            "ends_on": year.ends_on - datetime.timedelta(days=30),
            "months": list(MONTH_NAMES),
            "estimated_cost": Decimal("99999999.99"),
            "funding_source": FundingSource.TITLE_I,
            "categories": categories,
            "languages": languages,
        }
        activities.append(services.activity_create(plan=plan, actor=leader, data=data))

    comment = maxed(PlanTransition, ["comment"])["comment"]
    note = maxed(PlanComment, ["text"])["text"]
    services.plan_submit(plan=plan, actor=leader, comment=comment)
    services.plan_comment(plan=plan, actor=reviewer, text=note)
    for activity in activities[: len(goals)]:
        services.plan_comment(plan=plan, actor=reviewer, text=note, activity=activity)
    services.plan_return(plan=plan, actor=reviewer, comment=comment)
    services.plan_submit(plan=plan, actor=leader, comment=comment)
    services.plan_approve(plan=plan, actor=reviewer, comment=comment)
    for activity in activities:
        data = EVALUATION | maxed(ActivityEvaluation, services.EVALUATION_FIELDS)
        services.activity_evaluate(activity=activity, actor=leader, data=data)
    plan.refresh_from_db()
    services.plan_reflect(plan=plan, actor=leader, data=maxed(Plan, services.REFLECTION_FIELDS), version=plan.version)
    services.plan_mark_evaluated(plan=plan, actor=leader, today=plan.school_year.ends_on)
    plan.refresh_from_db()
    plan.reviewer = reviewer
    plan.filled = {
        model.__name__: {name: len(value) for name, value in maxed(model, names).items()}
        for model, names in [
            (Plan, ["vision", *services.REFLECTION_FIELDS]),
            (Goal, services.GOAL_FIELDS),
            (Activity, services.ACTIVITY_FIELDS),
            (ActivityEvaluation, services.EVALUATION_FIELDS),
            (PlanTransition, ["comment"]),
            (PlanComment, ["text"]),
        ]
    }
    return plan


if __name__ == "__main__":
    main()
