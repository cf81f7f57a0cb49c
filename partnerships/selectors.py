"""Reads for plans: scoped to the person, counted in the database, a fixed number of queries."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from django.db.models import F, Prefetch, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format

from pep.models import Language
from pep.selectors import count_of, sum_of

from .access import plans_visible_to
from .models import (
    Activity,
    Category,
    Framework,
    FundingSource,
    Goal,
    Plan,
    PlanComment,
    PlanTransition,
    month_names,
    shown,
)


def plans_with_figures(user) -> QuerySet[Plan]:
    """The plans the user may see, each with its numbers of goals and activities, coverage and cost."""
    return (
        plans_visible_to(user)
        .select_related("school_year", "district", "school", "framework")
        .annotate(
            goal_count=count_of(Goal.objects.all(), "plan"),
            activity_count=count_of(Activity.objects.all(), "plan"),
            categories_covered=count_of(
                Activity.categories.through.objects.filter(category__framework=F("activity__plan__framework")),
                "activity__plan",
                of="category",
            ),
            total_cost=sum_of(Activity.objects.all(), "plan", "estimated_cost"),
        )
    )


def plan_detail(user, pk: int) -> Plan:
    """One plan the user may see, with everything its page shows prefetched (404 otherwise)."""
    activities = Activity.objects.select_related("evaluation").prefetch_related(
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
    """Coverage from a plan loaded by `plan_detail` (no further queries)."""
    covered = {
        category.pk
        for goal in plan.goals.all()
        for activity in goal.activities.all()
        for category in activity.categories.all()
    }
    return Coverage(list(plan.framework.categories.all()), covered)


def budget_by_funding_source(plan: Plan) -> list[tuple[str, Decimal]]:
    """Estimated costs per funding source, summed in the database, largest first."""
    totals = (
        Activity.objects.filter(plan=plan)
        .values("funding_source")
        .annotate(total=Sum("estimated_cost"))
        .order_by("-total", "funding_source")
    )
    return [(FundingSource(row["funding_source"]).label, row["total"]) for row in totals]


def coverage_matrix(plans: list[Plan], framework: Framework) -> tuple[list[Category], dict[int, set[int]]]:
    """For many plans: the framework's categories, and for each plan the ones its activities cover."""
    categories = list(framework.categories.order_by("order", "pk"))
    links = (
        Activity.categories.through.objects.filter(
            activity__plan__in=[plan.pk for plan in plans], category__framework=framework
        )
        .values_list("activity__plan_id", "category_id")
        .distinct()
    )
    covered: dict[int, set[int]] = defaultdict(set)
    for plan_id, category_id in links:
        covered[plan_id].add(category_id)
    return categories, covered


@dataclass
class HistoryEntry:
    when: object
    who: object
    what: str  # "plan", "goal" or "activity"
    name: str
    kind: str  # "+" created, "~" changed, "-" removed
    changes: list[tuple[str, str, str]]  # (field label, before, after)
    history_id: int
    object_id: int
    restorable: bool = False  # an earlier version of an activity that still exists


def plan_history(plan: Plan) -> list[HistoryEntry]:
    """Every change to the plan, its goals and its activities, newest first, with the fields changed.

    A fixed number of queries: links to categories and languages are prefetched and compared here.
    """
    names = {
        "categories": {category.pk: category.name for category in Category.objects.filter(framework=plan.framework)},
        "languages": {language.pk: str(language) for language in Language.objects.all()},
        "goal": {goal.id: goal.statement[:80] for goal in Goal.history.filter(plan_id=plan.pk)},
    }
    sources = [
        ("plan", Plan.history.filter(id=plan.pk), lambda record: str(plan)),
        ("goal", Goal.history.filter(plan_id=plan.pk), lambda record: record.statement[:80]),
        (
            "activity",
            Activity.history.filter(plan_id=plan.pk).prefetch_related(*(links for links, _ in LINKED.values())),
            lambda record: record.title,
        ),
    ]
    entries = []
    for what, records, name in sources:
        by_object = defaultdict(list)
        for record in records.select_related("history_user").order_by("history_date", "history_id"):
            by_object[record.id].append(record)
        for versions in by_object.values():
            entries.append(_history_entry(what, versions[0], None, name, names))
            entries += [_history_entry(what, new, old, name, names) for old, new in pairwise(versions)]
            if what == "activity" and versions[-1].history_type != "-":
                for entry in entries[-len(versions) : -1]:
                    entry.restorable = entry.kind != "-"
    return sorted(entries, key=lambda entry: (entry.when, entry.history_id), reverse=True)


# Many-to-many links kept in an activity's history: field -> (links on a history record, linked id)
LINKED = {
    "categories": ("historicalactivity_categories_set", "category_id"),
    "languages": ("historicalactivity_languages_set", "language_id"),
}


def _history_entry(what: str, record, previous, name, names: dict) -> HistoryEntry:
    changes = []
    if previous is not None and record.history_type == "~":
        model = record.instance_type
        linked = [field for field in LINKED if what == "activity"]
        for change in record.diff_against(previous, excluded_fields=["order", *linked]).changes:
            field = model._meta.get_field(change.field)
            changes.append((_label(field), _shown(field, change.old, names), _shown(field, change.new, names)))
        for field_name in linked:
            links, linked_id = LINKED[field_name]
            before, after = (
                sorted(getattr(link, linked_id) for link in getattr(version, links).all())
                for version in (previous, record)
            )
            if before != after:
                field = model._meta.get_field(field_name)
                changes.append((_label(field), _shown(field, before, names), _shown(field, after, names)))
    return HistoryEntry(
        when=record.history_date,
        who=record.history_user,
        what=what,
        name=name(record),
        kind=record.history_type,
        changes=changes,
        history_id=record.history_id,
        object_id=record.id,
    )


def _label(field) -> str:
    return str(field.verbose_name).capitalize()


def _shown(field, value, names: dict) -> str:
    """A stored value as a person reads it: names for links, choice labels, months, local times."""
    if value in (None, "", []):
        return "—"
    if field.name in names:
        ids = value if isinstance(value, list) else [value]
        return shown([names[field.name].get(pk, "?") for pk in ids])
    if field.name == "months":
        return shown(month_names(value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    return shown(value)
