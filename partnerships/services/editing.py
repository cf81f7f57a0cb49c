"""Starting and editing plans: the plan itself, its goals and its activities.

Every service locks the plan row first and only then the goal or activity row, so two people
working on one plan never deadlock; a goal or activity removed meanwhile is a plain refusal.
"""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pep.access import is_coordinator
from pep.edit_checks import apply_changes, check_version, claim_submission, locked, move, save_versioned
from pep.models import Language, School, SchoolYear
from pep.refusals import Refused
from pep.services import audit_record
from workshops.models import Pt3Priority

from ..access import is_plan_owner, plan_permissions
from ..models import ACTIVITY_HISTORY, SCHOOL_PLAN_KINDS, Activity, Framework, Goal, GoalKind, Plan
from ..rules import activity_date_problems, covered_categories, plannable_refusal
from ..selectors import pt3_priority_offered

PLAN_FIELDS = ["vision", "framework"]
GOAL_FIELDS = ["kind", "statement", "desired_result", "how_measured", "baseline", "target"]
ACTIVITY_FIELDS = [
    "goal",
    "title",
    "description",
    "grade_levels",
    "starts_on",
    "ends_on",
    "months",
    "preparation",
    "person_in_charge",
    "helpers",
    "estimated_cost",
    "funding_source",
    "how_judged",
    "interpretation",
]
ACTIVITY_M2M = ["categories", "languages"]
# A one-year plan has a handful of goals and a few dozen activities; these bounds keep every
# page and the PDF of the largest plan quick.
MAX_GOALS = 12
MAX_ACTIVITIES = 120


# --- locks, in one order: the plan, then its goal or activity ------------------------------

PLAN_REMOVED = gettext_lazy("This plan was removed meanwhile; nothing was saved.")
GOAL_REMOVED = gettext_lazy("This goal was removed meanwhile; nothing was saved.")
ACTIVITY_REMOVED = gettext_lazy("This activity was removed meanwhile; nothing was saved.")


def lock_plan(plan_id: int, once: uuid.UUID | None = None) -> Plan:
    """The plan's row, locked for this transaction; take it before any goal or activity of the plan.

    `once` is the form's one-time token: a second request with it (a double click) stops here, before
    any check could call the first one's result a mistake.
    """
    plan = locked(Plan.objects.select_related("school_year", "district", "school", "framework"), plan_id, PLAN_REMOVED)
    claim_submission(once)
    return plan


def editable_plan(plan_id: int, actor, once: uuid.UUID | None = None) -> Plan:
    """Lock the plan, and check that `actor` owns it and that it may be edited now."""
    plan = lock_plan(plan_id, once)
    permissions = plan_permissions(actor, plan)
    if not permissions.owner:
        raise PermissionDenied
    if not permissions.edit:
        raise Refused(
            _("This plan's status is “%(status)s”; it can be changed only as a draft or when returned.")
            % {"status": plan.get_status_display()}
        )
    return plan


def _goal_of(plan: Plan, goal_id: int) -> Goal:
    return locked(Goal.objects.filter(plan=plan), goal_id, GOAL_REMOVED)


def _activity_of(plan: Plan, activity_id: int) -> Activity:
    return locked(Activity.objects.filter(plan=plan), activity_id, ACTIVITY_REMOVED)


def refresh_coverage(plan: Plan) -> None:
    """Store how many categories of its framework the plan's activities cover (lists sort by it)."""
    plan.categories_covered = len(covered_categories([plan.pk])[plan.pk])
    Plan.objects.filter(pk=plan.pk).update(categories_covered=plan.categories_covered)


# --- plans ---------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    actor,
    kind: str,
    school_year: SchoolYear,
    district=None,
    school: School | None = None,
    framework: Framework | None = None,
    vision: str = "",
    today: datetime.date | None = None,
) -> Plan:
    """Start a draft plan for a district or school; only its owner may, and only for a plannable year."""
    if kind in SCHOOL_PLAN_KINDS:
        if school is None:
            raise Refused(_("Choose the school this plan is for."))
        district = school.district
    elif district is None:
        raise Refused(_("Choose the district this plan is for."))
    plan = Plan(
        kind=kind,
        school_year=school_year,
        district=district,
        school=school if kind in SCHOOL_PLAN_KINDS else None,
        framework=framework or Framework.objects.get(is_default=True),
        vision=vision,
    )
    if not is_plan_owner(actor, plan):
        raise PermissionDenied
    refusal = plannable_refusal(school_year, today or timezone.localdate())
    if refusal:
        raise Refused(refusal)
    plan.full_clean(validate_unique=False, validate_constraints=False)
    save_unique(plan, actor)
    audit_record(actor=actor, action="plan.create", summary=str(plan), district=plan.district)
    return plan


class PlanExists(Refused):
    """The plan asked for is there already: `existing` is it, for a link to it (None if it cannot be found)."""

    def __init__(self, message: str, existing: Plan | None):
        super().__init__(message)
        self.existing = existing


def save_unique(plan: Plan, actor) -> None:
    """Save a new plan; a second plan of the same kind, owner and year is refused, naming the first."""
    try:
        with transaction.atomic():
            save_versioned(plan, actor)
    except IntegrityError as exc:
        existing = (
            Plan.objects.filter(
                kind=plan.kind, district=plan.district, school=plan.school, school_year=plan.school_year
            )
            .order_by("pk")
            .first()
        )
        raise PlanExists(
            _("There is already a %(kind)s for %(owner)s in %(year)s.")
            % {"kind": plan.get_kind_display().lower(), "owner": plan.owner, "year": plan.school_year},
            existing,
        ) from exc


@transaction.atomic
def plan_update(*, plan: Plan, actor, version: int, vision: str, framework: Framework) -> Plan:
    """Change the plan's vision or framework; the framework only while no activity is tagged."""
    plan = editable_plan(plan.pk, actor)
    data = {"vision": vision, "framework": framework}
    check_version(plan, version, data, PLAN_FIELDS)
    if framework != plan.framework and plan.activities.filter(categories__isnull=False).exists():
        raise Refused(_("Activities are already tagged with this framework's categories; untag them first."))
    changed = apply_changes(plan, data, PLAN_FIELDS)
    if changed:
        plan.full_clean(validate_unique=False, validate_constraints=False)
        save_versioned(plan, actor)
    if "framework" in changed:
        refresh_coverage(plan)
    return plan


@transaction.atomic
def plan_delete(*, plan: Plan, actor) -> None:
    """A coordinator removes a plan with its goals, activities and record (from the admin)."""
    if not is_coordinator(actor):
        raise PermissionDenied
    plan = lock_plan(plan.pk)
    audit_record(
        actor=actor,
        action="plan.delete",
        summary=_("%(plan)s was deleted (it was %(status)s).")
        % {"plan": plan, "status": plan.get_status_display().lower()},
        district=plan.district,
    )
    plan._history_user = actor
    plan.delete()


# --- goals ---------------------------------------------------------------------------------


@transaction.atomic
def goal_create(*, plan: Plan, actor, data: dict, once: uuid.UUID | None = None) -> Goal:
    return _goal_add(editable_plan(plan.pk, actor, once), actor, data)


def _goal_add(plan: Plan, actor, data: dict, from_priority: Pt3Priority | None = None) -> Goal:
    """Add a goal at the end of `plan`, locked and checked by the caller (`editable_plan`)."""
    if plan.goals.count() >= MAX_GOALS:
        raise Refused(_("A plan can have at most %(number)d goals.") % {"number": MAX_GOALS})
    order = (plan.goals.aggregate(last=Max("order"))["last"] or 0) + 1
    goal = Goal(plan=plan, order=order, **{name: data[name] for name in GOAL_FIELDS if name in data})
    goal.from_priority = from_priority
    goal.full_clean()
    save_versioned(goal, actor)
    return goal


@transaction.atomic
def goal_from_priority(*, plan: Plan, priority: Pt3Priority, actor, once: uuid.UUID | None = None) -> Goal:
    """Make a school's PT3 priority a goal of the school's plan, remembering where it came from; once per plan."""
    plan = editable_plan(plan.pk, actor, once)
    if plan.kind not in SCHOOL_PLAN_KINDS or priority.school_id != plan.school_id:
        raise Refused(
            _("This priority was named for another school; it can become a goal only of that school's plans.")
        )
    if not pt3_priority_offered(plan, priority):
        raise Refused(
            _(
                "Only the priorities of this school year's PT3 conversations, shown on the plan's page, "
                "can become its goals."
            )
        )
    if plan.goals.filter(from_priority=priority).exists():
        raise Refused(_("This priority is already a goal of this plan."))
    goal = _goal_add(plan, actor, {"kind": GoalKind.OTHER, "statement": priority.text}, from_priority=priority)
    audit_record(
        actor=actor,
        action="goal.from_pt3_priority",
        summary=_("%(plan)s: a goal made from the PT3 priority “%(priority)s”")
        % {"plan": plan, "priority": priority.text},
        district=plan.district,
        details={"plan": plan.pk, "goal": goal.pk, "priority": priority.pk, "offering": priority.offering_id},
    )
    return goal


@transaction.atomic
def goal_update(*, goal: Goal, actor, version: int, data: dict) -> Goal:
    plan = editable_plan(goal.plan_id, actor)
    goal = _goal_of(plan, goal.pk)
    check_version(goal, version, data, GOAL_FIELDS)
    if apply_changes(goal, data, GOAL_FIELDS):
        goal.full_clean()
        save_versioned(goal, actor)
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal, actor, once: uuid.UUID | None = None) -> None:
    """Remove a goal together with its activities."""
    plan = editable_plan(goal.plan_id, actor, once)
    goal = _goal_of(plan, goal.pk)
    for activity in goal.activities.select_for_update(of=("self",)).order_by("order", "pk"):
        activity._history_user = actor
        activity.delete()
    goal._history_user = actor
    goal.delete()
    refresh_coverage(plan)


@transaction.atomic
def goal_move(*, goal: Goal, actor, direction: str, once: uuid.UUID | None = None) -> None:
    plan = editable_plan(goal.plan_id, actor, once)
    move(goal, plan.goals.all(), direction, GOAL_REMOVED)


# --- activities ----------------------------------------------------------------------------


def _validate_activity(plan: Plan, data: dict) -> None:
    """The checks a form cannot be trusted with: goal, categories and dates must fit this plan."""
    errors = {}
    goal = data.get("goal")
    if goal is not None and goal.plan_id != plan.pk:
        errors["goal"] = _("Choose one of this plan's goals.")
    if any(category.framework_id != plan.framework_id for category in data.get("categories", [])):
        errors["categories"] = _("Choose categories of the plan's framework, %(framework)s.") % {
            "framework": plan.framework
        }
    errors.update(activity_date_problems(plan.school_year, data.get("starts_on"), data.get("ends_on")))
    if errors:
        raise ValidationError(errors)
    if goal is not None:
        _goal_of(plan, goal.pk)  # the goal it goes under still exists, and stays while this saves


def save_activity(activity: Activity, actor, relations: dict) -> Activity:
    """Save an activity and its categories and languages as one entry of its history."""
    adding = activity._state.adding
    activity.skip_history_when_saving = True  # no separate entries for the save and each link change
    try:
        save_versioned(activity, actor)
        for name, values in relations.items():
            getattr(activity, name).set(values)
    finally:
        del activity.skip_history_when_saving
    ACTIVITY_HISTORY.create_historical_record(activity, "+" if adding else "~")
    return activity


def _set_activity(activity: Activity, data: dict, actor) -> Activity:
    """Save what changed; an activity saved exactly as it is stays as it is (no version, no history)."""
    changed = apply_changes(activity, data, ACTIVITY_FIELDS + ACTIVITY_M2M)
    if activity.pk and not changed:
        return activity
    activity.full_clean(exclude=ACTIVITY_M2M)
    return save_activity(activity, actor, {name: data[name] for name in ACTIVITY_M2M if name in changed})


@transaction.atomic
def activity_create(*, plan: Plan, actor, data: dict, once: uuid.UUID | None = None) -> Activity:
    plan = editable_plan(plan.pk, actor, once)
    if plan.activities.count() >= MAX_ACTIVITIES:
        raise Refused(_("A plan can have at most %(number)d activities.") % {"number": MAX_ACTIVITIES})
    _validate_activity(plan, data)
    goal = data["goal"]
    order = (Activity.objects.filter(goal=goal).aggregate(last=Max("order"))["last"] or 0) + 1
    activity = _set_activity(Activity(plan=plan, goal=goal, order=order), data, actor)
    refresh_coverage(plan)
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, actor, version: int, data: dict) -> Activity:
    plan = editable_plan(activity.plan_id, actor)
    activity = _activity_of(plan, activity.pk)
    check_version(activity, version, data, ACTIVITY_FIELDS + ACTIVITY_M2M)
    _validate_activity(plan, data)
    activity = _set_activity(activity, data, actor)
    refresh_coverage(plan)
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, actor, once: uuid.UUID | None = None) -> None:
    plan = editable_plan(activity.plan_id, actor, once)
    activity = _activity_of(plan, activity.pk)
    activity._history_user = actor
    activity.delete()
    refresh_coverage(plan)


@transaction.atomic
def activity_move(*, activity: Activity, actor, direction: str, once: uuid.UUID | None = None) -> None:
    plan = editable_plan(activity.plan_id, actor, once)
    activity = _activity_of(plan, activity.pk)
    move(activity, Activity.objects.filter(goal_id=activity.goal_id), direction, ACTIVITY_REMOVED)


@transaction.atomic
def activity_restore(*, activity: Activity, actor, history_id: int, once: uuid.UUID | None = None) -> Activity:
    """A coordinator brings back an earlier version of an activity (its categories too)."""
    if not is_coordinator(actor):
        raise PermissionDenied
    plan = lock_plan(activity.plan_id, once)
    if not plan_permissions(actor, plan).restore:
        raise Refused(_("Restore earlier versions while the plan is a draft or returned; reopen it first."))
    activity = _activity_of(plan, activity.pk)
    record = activity.history.filter(history_id=history_id).first()
    if record is None:
        raise Refused(_("That version of the activity does not exist."))
    categories = [link.category for link in record.categories.select_related("category")]
    languages = [link.language_id for link in record.languages.all()]
    if any(category.framework_id != plan.framework_id for category in categories):
        raise Refused(_("That version is tagged with another framework's categories; edit the activity instead."))
    if record.goal_id is not None and not Goal.objects.filter(pk=record.goal_id, plan_id=plan.pk).exists():
        raise Refused(_("The goal of that version was removed; move the activity by hand instead."))
    earlier = {name: getattr(record, name) for name in ACTIVITY_FIELDS if name != "goal"}
    earlier |= {"goal": Goal.objects.filter(pk=record.goal_id).first(), "categories": categories}
    earlier["languages"] = list(Language.objects.filter(pk__in=languages))
    if not apply_changes(activity, earlier, ACTIVITY_FIELDS + ACTIVITY_M2M):
        raise Refused(_("The activity is already as it was then; nothing was changed."))
    save_activity(activity, actor, {"categories": categories, "languages": earlier["languages"]})
    refresh_coverage(plan)
    audit_record(
        actor=actor,
        action="activity.restore",
        summary=_("Restored “%(activity)s” as it was on %(when)s")
        % {"activity": activity.title, "when": timezone.localtime(record.history_date).strftime("%Y-%m-%d %H:%M")},
        district=plan.district,
    )
    return activity
