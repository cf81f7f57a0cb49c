"""Scenario: the plan pages on a program-sized set of plans (`full`), or on 1/100 of it (`small`).

    python bench/plans.py full|small

Owns its database: run it through `make bench` (bench/run.py), or alone with DATABASE_URL set to
an empty database (unset: a temporary SQLite file). Prints timings; asserts only that pages answer 200.

Loading: the directory goes through the import service; the largest plan is written through the
plan services as its district leader and a coordinator would (so it has a real history, versions,
stored coverage, transitions and evaluations); every other plan is bulk-inserted with the same
kind of content, its status set directly, and then `categories_covered` is computed for every
plan in one UPDATE from the activities' categories (the figure the services keep in real use).
Then ANALYZE, as after a restore, and the pages are measured.
"""

import datetime
import random
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import PageMeter, Results, analyze, migrate_and_check_empty, pdf_pages, seconds, setup_django


@dataclass(frozen=True)
class Scale:
    name: str
    districts: int
    schools: int
    plans: int
    activities: int
    largest_goals: int  # the largest plan, written through the services
    largest_activities: int


SCALES = {
    "full": Scale("full", districts=850, schools=4000, plans=2500, activities=30_000,
                  largest_goals=12, largest_activities=120),
    "small": Scale("small", districts=9, schools=40, plans=25, activities=300,
                   largest_goals=6, largest_activities=24),
}  # fmt: skip

# Of each year's plans: district plans, school plans, parent-leader plans.
KIND_SHARES = {"district": 0.3, "school": 0.55, "parent_leader": 0.15}
# Last year's plans are mostly done; this year's are on their way.
STATUS_WEIGHTS = {
    "previous": {"evaluated": 55, "approved": 35, "returned": 4, "submitted": 6},
    "current": {"draft": 35, "submitted": 25, "returned": 10, "approved": 30},
}
FRAMEWORK_WEIGHTS = {"six-types": 80, "seven-dimensions": 12, "four-principles": 8}
STEPS = {  # the workflow steps that lead to each status
    "draft": [],
    "submitted": [("draft", "submitted")],
    "returned": [("draft", "submitted"), ("submitted", "returned")],
    "approved": [("draft", "submitted"), ("submitted", "approved")],
    "evaluated": [("draft", "submitted"), ("submitted", "approved"), ("approved", "evaluated")],
}


def main() -> None:
    scale = SCALES[sys.argv[1] if len(sys.argv) > 1 else "full"]
    setup_django()
    from django.db import connection

    migrate_and_check_empty()
    results = Results(f"plans-{scale.name}", vendor=connection.vendor)
    print(
        f"plans ({scale.name}) on {connection.vendor}: {scale.districts} districts, {scale.schools} schools, "
        f"{scale.plans} plans, {scale.activities} activities",
        flush=True,
    )
    loader = Loader(scale, results)
    loader.load()
    measure(loader, results)
    results.save()


def shares(rng: random.Random, weights: dict[str, int], count: int) -> list[str]:
    """`count` values in the proportions of `weights` (largest remainders), shuffled: even 25 plans
    get every status."""
    total = sum(weights.values())
    exact = {value: count * weight / total for value, weight in weights.items()}
    counts = {value: int(share) for value, share in exact.items()}
    for value in sorted(exact, key=lambda v: exact[v] - counts[v], reverse=True)[: count - sum(counts.values())]:
        counts[value] += 1
    values = [value for value, n in counts.items() for _ in range(n)]
    rng.shuffle(values)
    return values


class Loader:
    """Loads one scale of data into the scenario's own database."""

    def __init__(self, scale: Scale, results: Results) -> None:
        self.scale, self.results = scale, results
        self.rng = random.Random(f"pep-bench-{scale.name}")

    def step(self, label: str, action) -> None:
        took = seconds(action)
        self.results.loading[label] = round(took, 2)
        print(f"  loaded: {label:<45} {took:7.1f} s", flush=True)

    def load(self) -> None:
        from django.db.models import Count

        from partnerships.models import Activity, Goal, Plan
        from pep.models import District, Membership, School

        self.step("directory (import service)", self.directory)
        self.step("years and people", self.people)
        self.step("largest plan (plan services)", self.largest_plan)
        self.step("other plans (bulk insert)", self.other_plans)
        self.step("stored coverage (one UPDATE)", self.coverage)
        self.step("ANALYZE", analyze)
        self.results.data = {
            "districts": District.objects.count(),
            "schools": School.objects.count(),
            "people with a role": Membership.objects.count(),
            "plans": Plan.objects.count(),
            "goals": Goal.objects.count(),
            "activities": Activity.objects.count(),
            "plans by status": dict(Plan.objects.values_list("status").annotate(n=Count("pk")).order_by("status")),
            "largest plan": f"{self.largest.goals.count()} goals, {self.largest.activities.count()} activities",
        }
        print(f"  data: {self.results.data}", flush=True)

    # --- the directory, the years, the people ----------------------------------------------------

    def directory(self) -> None:
        from bench.plan_data import directory_csv
        from pep.models import District, Language
        from pep.services import directory_import

        imported = directory_import(data=directory_csv(self.rng, self.scale.districts, self.scale.schools))
        if imported.errors:
            raise SystemExit(f"the bench's directory did not import: {imported.errors[:3]}")
        districts = list(District.objects.prefetch_related("schools").order_by("code"))
        # the largest plan is the district plan of the district with the most schools, a Title I district
        self.home = max(districts, key=lambda district: len(district.schools.all()))
        for district in districts:
            district.receives_title_i = district == self.home or self.rng.random() < 0.6
        District.objects.filter(pk__in=[d.pk for d in districts if d.receives_title_i]).update(receives_title_i=True)
        self.districts = districts
        self.schools = [school for district in districts for school in district.schools.all()]
        self.languages = list(Language.objects.all())

    def people(self) -> None:
        from django.contrib.auth import get_user_model

        from bench.plan_data import current_first_year, school_year
        from partnerships.models import Category, Framework
        from pep.models import Membership, Role
        from pep.tests.factories import coordinator

        first_year = current_first_year(datetime.date.today())
        self.previous = school_year(first_year - 1, is_current=False)
        self.current = school_year(first_year, is_current=True)
        self.frameworks = {framework.code: framework for framework in Framework.objects.all()}
        self.categories = defaultdict(list)
        for category in Category.objects.order_by("order", "pk"):
            self.categories[category.framework_id].append(category)
        self.coordinator = coordinator(username="bench-coordinator")

        # a district leader in every district; an action team of two and a parent leader in every school
        roles = {f"leader-{d.code}": (Role.DISTRICT_LEADER, d, None) for d in self.districts}
        for school in self.schools:
            roles[f"team-a-{school.code}"] = roles[f"team-b-{school.code}"] = (Role.SCHOOL_TEAM, None, school)
            roles[f"parent-{school.code}"] = (Role.PARENT_LEADER, None, school)
        User = get_user_model()
        # "!" marks an unusable password: the bench signs people in without one
        people = [User(username=name, password="!", email=f"{name}@example.org") for name in roles]
        User.objects.bulk_create(people, batch_size=2000)
        users = User.objects.in_bulk(list(roles), field_name="username")
        Membership.objects.bulk_create(
            [Membership(user=users[name], role=role, district=d, school=s) for name, (role, d, s) in roles.items()],
            batch_size=2000,
        )
        self.leader = {district.pk: users[f"leader-{district.code}"] for district in self.districts}
        self.team = {school.pk: users[f"team-a-{school.code}"] for school in self.schools}
        self.parent_leader = {school.pk: users[f"parent-{school.code}"] for school in self.schools}

    # --- the largest plan, through the services ----------------------------------------------------

    def largest_plan(self) -> None:
        from bench.plan_data import activity_data, goal_data
        from partnerships import services
        from partnerships.models import PlanKind
        from partnerships.tests.factories import EVALUATION, POLICY_EVALUATION

        leader, reviewer, year = self.leader[self.home.pk], self.coordinator, self.previous
        framework = self.frameworks["six-types"]
        plan = services.plan_create(
            actor=leader,
            kind=PlanKind.DISTRICT,
            school_year=year,
            district=self.home,
            framework=framework,
            vision="Every family a partner in their children's learning, in their own language.",
            today=year.starts_on,
        )
        goals = [
            services.goal_create(plan=plan, actor=leader, data=goal_data(number))
            for number in range(self.scale.largest_goals)
        ]
        focus = self.categories[framework.pk]
        activities = []
        for number in range(self.scale.largest_activities):
            data = activity_data(self.rng, year, focus, self.languages, complete=True)
            data["goal"] = goals[number % len(goals)]
            activities.append(services.activity_create(plan=plan, actor=leader, data=data))
        # a year's planning: a round of review, some activities changed in between, then approval
        services.plan_submit(plan=plan, actor=leader)
        services.plan_comment(plan=plan, actor=reviewer, text="Please add grade levels to the first activities.")
        services.plan_return(plan=plan, actor=reviewer, comment="Add grade levels and who helps.")
        for activity in activities[::5]:
            changes = {"grade_levels": ["K", "1", "2"], "helpers": "The parent liaison", "categories": focus[:4]}
            services.activity_update(activity=activity, actor=leader, version=activity.version, data=changes)
        services.plan_submit(plan=plan, actor=leader, comment="Grade levels added.")
        services.plan_approve(plan=plan, actor=reviewer)
        # year end: every activity rated, the reflection and the Title I policy evaluation, evaluated
        for activity in activities:
            services.activity_evaluate(activity=activity, actor=leader, data=EVALUATION)
        plan.refresh_from_db()
        reflection = {"reflection": "A good year; families asked for more evening events."} | POLICY_EVALUATION
        services.plan_reflect(plan=plan, actor=leader, data=reflection, version=plan.version)
        services.plan_mark_evaluated(plan=plan, actor=leader, today=plan.school_year.ends_on)
        plan.refresh_from_db()
        self.largest = plan

    # --- every other plan, bulk-inserted -----------------------------------------------------------

    def other_plans(self) -> None:
        plans = self.plan_rows()
        self.goals_and_activities(plans)
        self.workflow_records(plans)

    def plan_rows(self) -> list:
        """The other plans: spread over both years, districts and schools, kinds, frameworks, statuses."""
        from partnerships.models import WORKFLOW_STEP, Plan, PlanKind

        rng, count = self.rng, self.scale.plans - 1
        plans = []
        for year, share in ((self.previous, 0.4), (self.current, 0.6)):
            in_year = round(count * share) if year == self.previous else count - len(plans)
            districts = [d for d in self.districts if not (year == self.previous and d.pk == self.home.pk)]
            n_district = min(round(in_year * KIND_SHARES["district"]), len(districts))
            n_parent = min(round(in_year * KIND_SHARES["parent_leader"]), len(self.schools))
            n_school = in_year - n_district - n_parent
            owners = [(PlanKind.DISTRICT, district, None) for district in rng.sample(districts, n_district)]
            owners += [(PlanKind.SCHOOL, school.district, school) for school in rng.sample(self.schools, n_school)]
            owners += [(PlanKind.PARENT_LEADER, s.district, s) for s in rng.sample(self.schools, n_parent)]
            statuses = shares(rng, STATUS_WEIGHTS["previous" if year == self.previous else "current"], len(owners))
            in_frameworks = shares(rng, FRAMEWORK_WEIGHTS, len(owners))
            for (kind, district, school), status, code in zip(owners, statuses, in_frameworks, strict=True):
                framework = self.frameworks[code]
                plan = Plan(kind=kind, school_year=year, district=district, school=school, framework=framework)
                plan.status = status
                plan.workflow_step = WORKFLOW_STEP[status]
                plan.vision = "Every family a partner in learning." if rng.random() < 0.8 else ""
                self.set_dates(plan)
                plans.append(plan)
        return Plan.objects.bulk_create(plans, batch_size=1000)

    def set_dates(self, plan) -> None:
        """Dates and version that fit the status: planned in spring, reviewed, evaluated at year end."""
        rng, year = self.rng, plan.school_year
        spring = datetime.datetime.combine(year.planning_opens_on, datetime.time(9), datetime.UTC)
        plan.created_at = spring + datetime.timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 600))
        steps = STEPS[plan.status]
        if steps:
            plan.submitted_at = plan.created_at + datetime.timedelta(days=rng.randint(3, 40))
        if plan.status in ("approved", "evaluated"):
            plan.approved_at = plan.submitted_at + datetime.timedelta(days=rng.randint(1, 20))
        if plan.status == "evaluated":
            plan.evaluated_at = datetime.datetime.combine(year.ends_on, datetime.time(15), datetime.UTC)
            plan.evaluated_at -= datetime.timedelta(days=rng.randint(0, 40))
            plan.reflection = "Families asked for more evening events; attendance grew."
            if plan.kind == "district" and plan.district.receives_title_i:
                plan.policy_barriers = "Evening meetings clash with work shifts."
                plan.policy_family_needs = "Materials in Spanish and Arabic."
                plan.policy_strategies = "Saturday sessions with childcare."
                plan.policy_family_participation = "A survey and two listening sessions."
        plan.version = 1 + len(steps) + (plan.status == "evaluated")

    def activity_counts(self, plans: list) -> list[int]:
        """How many activities each plan gets: all of them add up to the scale's total, none as many as
        the largest plan; some drafts have none yet."""
        rng = self.rng
        total = self.scale.activities - self.scale.largest_activities
        cap = self.scale.largest_activities // 2
        empty = {i for i, plan in enumerate(plans) if plan.status == "draft" and rng.random() < 0.15}
        counts = [0 if i in empty else 1 for i in range(len(plans))]
        weights = [0 if i in empty else rng.lognormvariate(0, 0.7) for i in range(len(plans))]
        for i in rng.choices(range(len(plans)), weights=weights, k=total - sum(counts)):
            counts[i] += 1
        spill = sum(max(0, n - cap) for n in counts)
        counts = [min(n, cap) for n in counts]
        open_slots = [i for i in range(len(plans)) if i not in empty]
        while spill:
            i = rng.choice(open_slots)
            if counts[i] < cap:
                counts[i] += 1
                spill -= 1
        return counts

    def goals_and_activities(self, plans: list) -> None:
        from bench.plan_data import activity_data, goal_data, plan_focus
        from partnerships.models import Activity, Goal

        rng = self.rng
        counts = self.activity_counts(plans)
        goals = []
        for plan, n in zip(plans, counts, strict=True):
            # about three activities a goal, one to six goals; an empty draft may have a goal or none
            number_of_goals = max(1, min(6, round(n / 3))) if n else rng.randint(0, 1)
            goals += [Goal(plan=plan, order=number + 1, **goal_data(number)) for number in range(number_of_goals)]
        goals = Goal.objects.bulk_create(goals, batch_size=2000)
        goals_of = defaultdict(list)
        for goal in goals:
            goals_of[goal.plan_id].append(goal)

        activities, relations = [], []
        for plan, n in zip(plans, counts, strict=True):
            # a plan that was submitted covers what its framework asks for submitting
            needed = plan.framework.min_categories_to_submit if plan.status != "draft" else 0
            focus = plan_focus(rng, self.categories[plan.framework_id], at_least=needed)
            order_in_goal = Counter()
            for number in range(n):
                goal = goals_of[plan.pk][number % len(goals_of[plan.pk])]
                complete = plan.status != "draft"
                at_least = needed if number == 0 else 3  # the first activity alone covers what is needed
                data = activity_data(rng, plan.school_year, focus, self.languages, complete, at_least)
                order_in_goal[goal.pk] += 1
                relations.append((data.pop("categories"), data.pop("languages")))
                version = rng.choices([1, 2, 3], weights=[6, 3, 1])[0]
                activities.append(Activity(plan=plan, goal=goal, order=order_in_goal[goal.pk], version=version, **data))
        activities = Activity.objects.bulk_create(activities, batch_size=2000)
        tagged, offered = [], []
        for activity, (categories, languages) in zip(activities, relations, strict=True):
            tagged += [Activity.categories.through(activity=activity, category=c) for c in categories]
            offered += [Activity.languages.through(activity=activity, language=lang) for lang in languages]
        Activity.categories.through.objects.bulk_create(tagged, batch_size=5000)
        Activity.languages.through.objects.bulk_create(offered, batch_size=5000)
        self.bulk_activities = activities

    def workflow_records(self, plans: list) -> None:
        """Each reviewed plan's transitions, and the year-end ratings of evaluated plans' activities."""
        from bench.plan_data import EVALUATION_NOTES
        from partnerships.models import ActivityEvaluation, PlanKind, PlanTransition

        rng = self.rng
        transitions = []
        for plan in plans:
            if plan.kind == PlanKind.DISTRICT:
                owner = self.leader[plan.district_id]
            else:
                owner = (self.team if plan.kind == PlanKind.SCHOOL else self.parent_leader)[plan.school_id]
            moments = {
                "submitted": plan.submitted_at,
                "returned": plan.submitted_at and plan.submitted_at + datetime.timedelta(days=5),
                "approved": plan.approved_at,
                "evaluated": plan.evaluated_at,
            }
            for before, after in STEPS[plan.status]:
                by_reviewer = after in ("returned", "approved")
                transitions.append(
                    PlanTransition(
                        plan=plan,
                        from_status=before,
                        to_status=after,
                        actor=self.coordinator if by_reviewer else owner,
                        at=moments[after],
                        comment="Add a target for goal 1." if after == "returned" else "",
                    )
                )
        PlanTransition.objects.bulk_create(transitions, batch_size=2000)
        # evaluated plans have every activity rated; approved plans of last year about half
        rated = {plan.pk: 1.0 if plan.status == "evaluated" else 0.0 for plan in plans}
        rated |= {plan.pk: 0.5 for plan in plans if plan.status == "approved" and plan.school_year == self.previous}
        evaluations = [
            ActivityEvaluation(
                activity=activity,
                implemented=rng.choices(["yes", "partly", "no"], weights=[7, 2, 1])[0],
                families=rng.randint(0, 120),
                staff=rng.randint(0, 15),
                students=rng.randint(0, 200),
                quality=rng.randint(1, 5),
                what_worked=rng.choice(EVALUATION_NOTES),
                what_to_change=rng.choice(EVALUATION_NOTES),
                evaluated_by=self.coordinator,
            )
            for activity in self.bulk_activities
            if rng.random() < rated[activity.plan_id]
        ]
        ActivityEvaluation.objects.bulk_create(evaluations, batch_size=2000)

    def coverage(self) -> None:
        """Every plan's categories_covered, in one UPDATE: distinct categories of its own framework
        among its activities' tags (the figure partnerships.rules.covered_categories gives)."""
        from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
        from django.db.models.functions import Coalesce

        from partnerships.models import Activity, Plan

        covered = (
            Activity.categories.through.objects.filter(
                activity__plan=OuterRef("pk"), category__framework=OuterRef("framework")
            )
            .order_by()
            .values("activity__plan")
            .annotate(n=Count("category", distinct=True))
            .values("n")
        )
        Plan.objects.update(categories_covered=Coalesce(Subquery(covered, output_field=IntegerField()), Value(0)))


def measure(loader: Loader, results: Results) -> None:
    """The pages, as a coordinator (and the plan list as the largest plan's district leader)."""
    plan = loader.largest.pk
    typed = loader.home.name.split()[0]  # the first word of a district's name, as someone types it
    print(f"  measuring (district typed: {typed!r}; largest plan #{plan}: {results.data['largest plan']})", flush=True)
    coordinator = PageMeter(results, loader.coordinator)
    leader = PageMeter(results, loader.leader[loader.home.pk])
    coordinator.measure("plan list, first page", "/plans/", repeat=10)
    leader.measure("plan list, first page (district leader)", "/plans/", repeat=10)
    coordinator.measure("plan list sorted by coverage", "/plans/?order=-coverage", repeat=10)
    coordinator.measure("plan list, district typed", "/plans/?" + urlencode({"district": typed}), repeat=10)
    coordinator.measure("plan list, status submitted", "/plans/?status=submitted", repeat=10)
    coordinator.measure("CSV export of all plans", "/plans/export.csv", repeat=5)
    coordinator.measure("coverage matrix", "/plans/coverage/", repeat=10)
    coordinator.measure("largest plan's page", f"/plans/{plan}/", repeat=10)
    coordinator.measure("largest plan's print view", f"/plans/{plan}/print/", repeat=5)
    coordinator.measure("largest plan's PDF", f"/plans/{plan}/plan.pdf", repeat=3)
    results.data["largest plan's PDF pages"] = pdf_pages(coordinator.last_content)
    coordinator.measure("largest plan's history", f"/plans/{plan}/history/", repeat=5)
    coordinator.measure("coordinator home (review queue)", "/", repeat=10)
    leader.measure("district leader home (plans and schools)", "/", repeat=10)
    coordinator.measure("plan list sorted by status", "/plans/?order=status", repeat=10)
    coordinator.measure("districts with no district plan", "/plans/districts-without-plan/", repeat=10)
    coordinator.measure("people of the largest plan's district", f"/districts/{loader.home.pk}/people/", repeat=10)


if __name__ == "__main__":
    main()
