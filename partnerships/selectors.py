"""Reads for plans: scoped to the person, counted in the database, a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from django.db import models
from django.db.models import Prefetch, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from pep.edit_checks import label_of, readable
from pep.models import Language
from pep.selectors import count_of, sum_of

from .access import plans_visible_to
from .models import (
    Activity,
    ActivityEvaluation,
    Category,
    Framework,
    FundingSource,
    Goal,
    Plan,
    PlanComment,
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


def coverage_matrix(plans: list[Plan], framework: Framework) -> tuple[list[Category], dict[int, set[int]]]:
    """For many plans: the framework's categories, and for each plan the ones its activities cover."""
    categories = list(framework.categories.order_by("order", "pk"))
    return categories, covered_categories([plan.pk for plan in plans])


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
    return (label_of(model, name), readable(field, before, linked_names), readable(field, after, linked_names))
