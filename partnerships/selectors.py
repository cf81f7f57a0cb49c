"""Reads for plans: scoped to the person, counted in the database, a fixed number of queries."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby, pairwise

from django.db import models
from django.db.models import Case, Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest, Trim
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from pep.edit_checks import label_of, readable
from pep.models import District, Language, Membership, School, SchoolYear
from pep.selectors import count_of, sum_of
from pep.templatetags.pep import money, number
from workshops.models import Pt3Priority
from workshops.selectors.priorities import in_conversation_order, school_priorities

from .access import OWNER_ROLE, plans_visible_to
from .models import (
    SCHOOL_PLAN_KINDS,
    Activity,
    ActivityEvaluation,
    Category,
    Framework,
    FundingSource,
    Goal,
    Plan,
    PlanComment,
    PlanKind,
    PlanStatus,
    PlanTransition,
)
from .rules import covered_categories


def plans_with_figures(user) -> QuerySet[Plan]:
    """The plans the user may see, each with its numbers of goals and activities, coverage and cost."""
    return (
        plans_visible_to(user)
        .select_related("school_year", "district", "school", "framework")
        .annotate(
            goal_count=count_of(Goal.objects.all(), "plan"),
            activity_count=count_of(Activity.objects.all(), "plan"),
            total_cost=sum_of(Activity.objects.all(), "plan", "estimated_cost"),
        )
    )


def plan_detail(user, pk: int) -> Plan:
    """One plan the user may see, with everything its page shows prefetched (404 otherwise)."""
    # An activity copied from last year's plan shows last year's lessons (its original's evaluation).
    activities = Activity.objects.select_related("evaluation", "carried_from__evaluation").prefetch_related(
        "categories",
        "languages",
        Prefetch("comments", queryset=PlanComment.objects.select_related("author"), to_attr="comment_list"),
    )
    return get_object_or_404(
        plans_visible_to(user)
        .select_related(
            "school_year",
            "district",
            "school",
            "framework",
            "carried_over_from__school_year",
            "carried_over_to__school_year",
        )
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.prefetch_related(Prefetch("activities", queryset=activities))),
            Prefetch("framework__categories", queryset=Category.objects.order_by("order", "pk")),
            Prefetch("transitions", queryset=PlanTransition.objects.select_related("actor"), to_attr="transition_list"),
            Prefetch(
                "comments",
                queryset=PlanComment.objects.filter(activity__isnull=True).select_related("author"),
                to_attr="plan_comments",
            ),
        ),
        pk=pk,
    )


@dataclass
class Coverage:
    """Which categories of the framework a plan's activities cover."""

    categories: list[Category]
    covered: set[int]

    @property
    def covered_count(self) -> int:
        return len(self.covered)

    def row(self) -> list[tuple[Category, bool]]:
        return [(category, category.pk in self.covered) for category in self.categories]


def plan_coverage(plan: Plan) -> Coverage:
    """Which categories of its framework (prefetched by `plan_detail`) the plan's activities cover."""
    return Coverage(list(plan.framework.categories.all()), covered_categories([plan.pk])[plan.pk])


def budget_by_funding_source(plan: Plan) -> list[tuple[str, Decimal]]:
    """Estimated costs per funding source, summed in the database, largest first."""
    totals = (
        Activity.objects.filter(plan=plan)
        .values("funding_source")
        .annotate(total=Sum("estimated_cost"))
        .order_by("-total", "funding_source")
    )
    return [(FundingSource(row["funding_source"]).label, row["total"]) for row in totals]


@dataclass
class CoverageMatrix:
    """Plans (one page of them) by the categories of a framework, with totals both ways."""

    categories: list[Category]  # each with `plan_total`: how many of all the matching plans cover it
    rows: list[tuple[Plan, list[tuple[Category, bool]], int]]  # plan, its cells, categories it covers


def coverage_matrix(page: list[Plan], plans: QuerySet[Plan], framework: Framework) -> CoverageMatrix:
    """For a page of `plans` (all tagged with `framework`): which categories each plan's activities cover,
    how many each plan covers, and how many of all `plans` cover each category. Two queries."""
    categories = list(
        framework.categories.order_by("order", "pk").annotate(
            plan_total=Count("activities__plan", filter=Q(activities__plan__in=plans.values("pk")), distinct=True)
        )
    )
    covered = covered_categories([plan.pk for plan in page])
    rows = [
        (plan, [(category, category.pk in covered[plan.pk]) for category in categories], len(covered[plan.pk]))
        for plan in page
    ]
    return CoverageMatrix(categories, rows)


class HistoryKind(models.TextChoices):
    """What a history record says happened (django-simple-history's own codes)."""

    ADDED = "+", _("added")
    CHANGED = "~", _("changed")
    REMOVED = "-", _("removed")


class HistorySubject(models.TextChoices):
    PLAN = "plan", _("the plan")
    GOAL = "goal", _("the goal")
    ACTIVITY = "activity", _("the activity")
    EVALUATION = "evaluation", _("the evaluation of")


@dataclass
class HistoryEntry:
    when: object
    who: object
    subject: HistorySubject
    name: str
    kind: HistoryKind
    changes: list[tuple[str, str, str]]  # (field label, before, after)
    history_id: int
    object_id: int
    restorable: bool = False  # an earlier version of an activity that still exists


# Many-to-many links kept in an activity's history: field -> (links on a history record, linked id)
LINKED = {
    "categories": ("historicalactivity_categories_set", "category_id"),
    "languages": ("historicalactivity_languages_set", "language_id"),
}


# Bookkeeping, not something a person changed: left out of the history's lists of changes.
NOT_SHOWN = ["order", "evaluated_at", "evaluated_by"]


def plan_history(plan: Plan) -> list[HistoryEntry]:
    """Every change to the plan, its goals, its activities and their evaluations, newest first.

    A fixed number of queries: links to categories and languages are prefetched and compared here.
    """
    names = {
        "categories": {category.pk: category.name for category in Category.objects.filter(framework=plan.framework)},
        "languages": {language.pk: str(language) for language in Language.objects.all()},
        "goal": {goal.id: goal.statement[:80] for goal in Goal.history.filter(plan_id=plan.pk)},
    }
    activity_titles = {record.id: record.title for record in Activity.history.filter(plan_id=plan.pk)}
    sources = [
        (HistorySubject.PLAN, Plan.history.filter(id=plan.pk), lambda record: plan.title),
        (HistorySubject.GOAL, Goal.history.filter(plan_id=plan.pk), lambda record: record.statement[:80]),
        (
            HistorySubject.ACTIVITY,
            Activity.history.filter(plan_id=plan.pk).prefetch_related(*(links for links, _ in LINKED.values())),
            lambda record: record.title,
        ),
        (
            HistorySubject.EVALUATION,
            ActivityEvaluation.history.filter(activity_id__in=list(activity_titles)),
            lambda record: activity_titles.get(record.activity_id, "?"),
        ),
    ]
    entries = []
    for subject, records, name in sources:
        by_object = defaultdict(list)
        for record in records.select_related("history_user").order_by("history_date", "history_id"):
            by_object[record.id].append(record)
        for versions in by_object.values():
            entries.append(_history_entry(subject, versions[0], None, name, names))
            entries += [_history_entry(subject, new, old, name, names) for old, new in pairwise(versions)]
            if subject == HistorySubject.ACTIVITY and versions[-1].history_type != HistoryKind.REMOVED:
                for entry in entries[-len(versions) : -1]:
                    entry.restorable = entry.kind != HistoryKind.REMOVED
    return sorted(entries, key=lambda entry: (entry.when, entry.history_id), reverse=True)


def _history_entry(subject: HistorySubject, record, previous, name, names: dict) -> HistoryEntry:
    changes = []
    if previous is not None and record.history_type == HistoryKind.CHANGED:
        model = record.instance_type
        linked = list(LINKED) if subject == HistorySubject.ACTIVITY else []
        for change in record.diff_against(previous, excluded_fields=[*NOT_SHOWN, *linked]).changes:
            changes.append(_change(model, change.field, change.old, change.new, names))
        for field_name in linked:
            links, linked_id = LINKED[field_name]
            before, after = (
                sorted(getattr(link, linked_id) for link in getattr(version, links).all())
                for version in (previous, record)
            )
            if before != after:
                changes.append(_change(model, field_name, before, after, names))
    return HistoryEntry(
        when=record.history_date,
        who=record.history_user,
        subject=subject,
        name=name(record),
        kind=HistoryKind(record.history_type),
        changes=changes,
        history_id=record.history_id,
        object_id=record.id,
    )


def _change(model, name: str, before, after, names: dict) -> tuple[str, str, str]:
    field = model._meta.get_field(name)
    linked_names = names.get(name)
    return (label_of(model, name), _as_read(field, before, linked_names), _as_read(field, after, linked_names))


def _as_read(field: models.Field, value, linked_names: dict | None) -> str:
    """A value from the history as the plan's pages show it: money as $1,650.00 (in both languages),
    dates in the site's date format, counts with thousands separated, choices by their labels."""
    if value in (None, "") or linked_names is not None or field.choices:
        return readable(field, value, linked_names)
    if isinstance(field, models.DecimalField):
        return money(value)  # the only amounts in plans are costs in dollars
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(field, models.IntegerField):
        return number(value)
    return readable(field, value, linked_names)


# --- homes: what is waiting, and what is missing before submission ------------------------------


def _blank(queryset: QuerySet, *fields: str) -> QuerySet:
    """Rows where any of `fields` is empty or only spaces (as completeness_problems judges them)."""
    trimmed = {f"{name}_trimmed": Trim(name) for name in fields}
    blank = Q()
    for name in trimmed:
        blank |= Q(**{name: ""})
    return queryset.annotate(**trimmed).filter(blank)


def _history_latest(history: QuerySet, plan_field: str = "plan_id") -> Subquery:
    latest = (
        history.filter(**{plan_field: OuterRef("pk")}).order_by().values(plan_field).annotate(at=Max("history_date"))
    )
    return Subquery(latest.values("at"), output_field=models.DateTimeField())


def with_readiness(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """Plans with, counted in the database, what completeness_problems would list, and their last change.

    Annotates `goal_count`, `goals_unmeasured`, `goals_without_activity`, `activities_without_person`,
    `activities_without_timing`, `activities_without_judging`, `comments_since_submitted` (by people
    other than the plan's owners: the review's comments, not the owners' replies) and `last_change`;
    `framework` is selected for its minimum of categories.
    """
    activities = Activity.objects.all()
    return plans.select_related("school_year", "district", "school", "framework").annotate(
        goal_count=count_of(Goal.objects.all(), "plan"),
        goals_unmeasured=count_of(_blank(Goal.objects.all(), "desired_result", "how_measured"), "plan"),
        goals_without_activity=count_of(Goal.objects.filter(activities__isnull=True), "plan"),
        activities_without_person=count_of(_blank(activities, "person_in_charge"), "plan"),
        activities_without_timing=count_of(activities.filter(starts_on__isnull=True, months=[]), "plan"),
        activities_without_judging=count_of(_blank(activities, "how_judged"), "plan"),
        comments_since_submitted=count_of(
            _not_by_owners(PlanComment.objects.filter(at__gte=OuterRef("submitted_at"))), "plan"
        ),
        last_change=Greatest(
            Coalesce(_history_latest(Plan.history.all(), "id"), "created_at"),
            Coalesce(_history_latest(Goal.history.all()), "created_at"),
            Coalesce(_history_latest(Activity.history.all()), "created_at"),
        ),
    )


def _not_by_owners(comments: QuerySet[PlanComment]) -> QuerySet[PlanComment]:
    """The comments whose author does not hold the role that owns the comment's plan (OWNER_ROLE)."""
    owner_role = Case(
        *[When(plan__kind=kind, then=Value(role)) for kind, role in OWNER_ROLE.items()],
        output_field=models.CharField(),
    )
    owner = Membership.objects.filter(user=OuterRef("author"), role=OuterRef("owner_role")).filter(
        Q(district=OuterRef("plan__district")) | Q(school=OuterRef("plan__school"))
    )
    return comments.annotate(owner_role=owner_role).exclude(Exists(owner))


def home_years(today) -> tuple[SchoolYear | None, SchoolYear | None]:
    """This school year and the one after it (the year being planned), in one query.

    The current year is the one marked current, even in the summer after its last day and before a
    coordinator marks the next one current: that is when plans are evaluated and the next one started.
    """
    years = list(SchoolYear.objects.filter(Q(is_current=True) | Q(ends_on__gte=today)).order_by("starts_on"))
    current = next((year for year in years if year.is_current), None)
    if current is None:
        return None, None
    following = next((year for year in years if year.starts_on > current.starts_on), None)
    return current, following


def planning_year(current: SchoolYear | None, following: SchoolYear | None, today) -> SchoolYear | None:
    """The year whose plans are being made now: next year once its planning opens, else this one."""
    if following is not None and following.planning_is_open(today):
        return following
    return current


def district_plans_for_home(user, district_ids: set[int], years: list[SchoolYear]) -> dict:
    """{(district pk, year pk): district plan with its readiness} for the districts and years given."""
    plans = with_readiness(
        plans_visible_to(user).filter(kind=PlanKind.DISTRICT, district_id__in=district_ids, school_year__in=years)
    )
    return {(plan.district_id, plan.school_year_id): plan for plan in plans}


def school_plans_for_home(user, school_ids: set[int], years: list[SchoolYear]) -> dict:
    """{(school pk, kind, year pk): plan with its readiness} for the schools and years given."""
    plans = with_readiness(
        plans_visible_to(user).filter(kind__in=SCHOOL_PLAN_KINDS, school_id__in=school_ids, school_year__in=years)
    )
    return {(plan.school_id, plan.kind, plan.school_year_id): plan for plan in plans}


QUEUE_SHOWN = 10  # plans listed on the home page; the rest are a link away


@dataclass
class ReviewQueue:
    """What waits for the coordinators: submitted plans (oldest first), returned ones, and counts."""

    waiting: list[Plan]
    returned: list[Plan]
    counts: dict[str, int]  # plans of every year by status
    planning_year: SchoolYear | None
    districts_without_plan: int


def review_queue(today) -> ReviewQueue:
    """The coordinators' queue, in a fixed number of queries whatever the number of plans."""
    plans = Plan.objects.select_related("school_year", "district", "school")
    counts = dict(Plan.objects.values_list("status").annotate(n=Count("pk")).order_by())
    waiting = list(plans.filter(status=PlanStatus.SUBMITTED).order_by("submitted_at", "pk")[:QUEUE_SHOWN])
    returned_at = (
        PlanTransition.objects.filter(plan=OuterRef("pk"), to_status=PlanStatus.RETURNED)
        .order_by("-at", "-pk")
        .values("at")[:1]
    )
    returned = list(
        plans.filter(status=PlanStatus.RETURNED)
        .annotate(returned_at=Subquery(returned_at))
        .order_by("returned_at", "pk")[:QUEUE_SHOWN]
    )
    current, following = home_years(today)
    year = planning_year(current, following, today)
    return ReviewQueue(
        waiting=waiting,
        returned=returned,
        counts={status: counts.get(status, 0) for status in PlanStatus},
        planning_year=year,
        districts_without_plan=districts_without_plan(year).count() if year else 0,
    )


def districts_without_plan(year: SchoolYear) -> QuerySet[District]:
    """Districts with no district plan for `year`, by name."""
    planned = Plan.objects.filter(kind=PlanKind.DISTRICT, school_year=year).values("district")
    return District.objects.exclude(pk__in=planned).order_by("name", "code")


def plans_of_district(user, district: District) -> QuerySet[Plan]:
    """The district's own plans the user may see, newest year first."""
    return (
        plans_visible_to(user)
        .filter(district=district, kind=PlanKind.DISTRICT)
        .select_related("school_year")
        .order_by("-school_year__starts_on")
    )


def plans_of_school(user, school: School) -> QuerySet[Plan]:
    """The school's plans the user may see, newest year first."""
    return (
        plans_visible_to(user)
        .filter(school=school)
        .select_related("school_year")
        .order_by("-school_year__starts_on", "kind")
    )


# --- PT3 priorities on a school's plan -----------------------------------------------------


def _plan_year_priorities(plan: Plan) -> QuerySet[Pt3Priority]:
    """The priorities a school plan offers: its school's, from PT3 conversations of the plan's year (from its
    spring planning day), not cancelled; none for a district plan."""
    if plan.kind not in SCHOOL_PLAN_KINDS or plan.school_id is None:
        return Pt3Priority.objects.none()
    year = plan.school_year
    return school_priorities(plan.school_id, held_from=year.planning_opens_on, held_until=year.ends_on)


def plan_pt3_priorities(plan: Plan) -> list[tuple]:
    """The plan's PT3 priorities by conversation: (offering, [(priority, goal number, goal of this plan made
    from it, or None)]). The goals came with the plan."""
    priorities = in_conversation_order(_plan_year_priorities(plan))
    goals = {goal.from_priority_id: (number, goal) for number, goal in enumerate(plan.goals.all(), start=1)}
    return [
        (offering, [(priority, *goals.get(priority.pk, (None, None))) for priority in rows])
        for offering, rows in groupby(priorities, key=lambda priority: priority.offering)
    ]


def pt3_priority_offered(plan: Plan, priority: Pt3Priority) -> bool:
    """Whether the plan's page offers `priority` (see `_plan_year_priorities`)."""
    return _plan_year_priorities(plan).filter(pk=priority.pk).exists()
