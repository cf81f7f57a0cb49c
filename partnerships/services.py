"""Every write that matters for plans: editing, the review workflow, year end, carry forward."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Max, Model, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pep.models import Membership, Role, School, SchoolYear
from pep.services import audit_record

from .access import OWNER_ROLE, is_plan_owner, may_review_plans
from .models import (
    ACTIVITY_HISTORY,
    SCHOOL_PLAN_KINDS,
    Activity,
    ActivityEvaluation,
    Framework,
    Goal,
    Plan,
    PlanComment,
    PlanKind,
    PlanStatus,
    PlanTransition,
    month_names,
    shown,
)


class PlanRefused(Exception):
    """The action is not allowed for this plan now; the message says why, in plain words."""


class PlanIncomplete(PlanRefused):
    """Submission refused: `problems` lists everything to fix, all at once."""

    def __init__(self, problems: list[str]):
        super().__init__(_("The plan is not complete yet."))
        self.problems = problems


@dataclass
class FieldChange:
    label: str
    saved: str
    yours: str


class EditConflict(Exception):
    """Someone saved this since the form was opened; nothing was overwritten."""

    def __init__(self, current: Model, changes: list[FieldChange], saved_by, saved_at):
        super().__init__(_("Someone else saved this while you were editing."))
        self.current, self.changes, self.saved_by, self.saved_at = current, changes, saved_by, saved_at


# --- creating and editing ------------------------------------------------------------------


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
    """Start a draft plan for a district or school; only its owner may, and only for an open year."""
    today = today or timezone.localdate()
    if kind in SCHOOL_PLAN_KINDS:
        if school is None:
            raise PlanRefused(_("Choose the school this plan is for."))
        district = school.district
    elif district is None:
        raise PlanRefused(_("Choose the district this plan is for."))
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
    if school_year.ends_on < today:
        raise PlanRefused(
            _("The school year %(year)s has ended; plans for it can no longer be started.") % {"year": school_year}
        )
    if not (school_year.is_current or school_year.planning_is_open(today)):
        raise PlanRefused(_("Plans for %(year)s cannot be started yet.") % {"year": school_year})
    _save_unique(plan, actor)
    audit_record(actor=actor, action="plan.create", summary=str(plan), district=plan.district)
    return plan


def _save_unique(plan: Plan, actor) -> None:
    try:
        with transaction.atomic():
            _save(plan, actor)
    except IntegrityError as exc:
        raise PlanRefused(
            _("There is already a %(kind)s for %(owner)s in %(year)s.")
            % {"kind": plan.get_kind_display().lower(), "owner": plan.owner, "year": plan.school_year}
        ) from exc


def _save(instance: Model, actor, *, bump_version: bool = True) -> None:
    """Save with the author recorded in the history, and a new version number for edit checks."""
    instance._history_user = actor if actor is not None and actor.is_authenticated else None
    if bump_version and instance.pk is not None:
        instance.version += 1
    instance.save()


def _editable(plan: Plan, actor) -> Plan:
    """Lock the plan, and check that `actor` owns it and that it may be edited now."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if not is_plan_owner(actor, plan):
        raise PermissionDenied
    if not plan.is_editable:
        raise PlanRefused(
            _("This plan is %(status)s; it can be changed only as a draft or when returned.")
            % {"status": plan.get_status_display().lower()}
        )
    return plan


def _check_version(instance: Model, version: int, data: dict, labels: dict[str, str]) -> None:
    """Refuse the save if the saved version moved on; report the fields that now differ."""
    if instance.version == version:
        return
    changes = [
        FieldChange(labels[name], _display(_readable(name, getattr(instance, name))), _display(_readable(name, value)))
        for name, value in data.items()
        if name in labels and _comparable(getattr(instance, name)) != _comparable(value)
    ]
    if not changes:
        return  # both saves agree on every field: nothing anyone typed would be lost
    last = instance.history.order_by("-history_date").select_related("history_user").first()
    raise EditConflict(instance, changes, last.history_user if last else None, last.history_date if last else None)


def _readable(name: str, value):
    return month_names(value) if name == "months" else value


def _comparable(value):
    if hasattr(value, "all"):  # a many-to-many manager
        return sorted(item.pk for item in value.all())
    if isinstance(value, list | tuple | set) and value and isinstance(next(iter(value)), Model):
        return sorted(item.pk for item in value)
    if isinstance(value, list):
        return sorted(value, key=str)
    return value if value not in (None, "") else ""


def _display(value) -> str:
    if hasattr(value, "all"):
        value = list(value.all())
    return shown(value)


@transaction.atomic
def plan_update(*, plan: Plan, actor, version: int, vision: str, framework: Framework) -> Plan:
    """Change the plan's vision or framework; the framework only while no activity is tagged."""
    locked = _editable(plan, actor)
    labels = {"vision": _("Vision"), "framework": _("Framework")}
    _check_version(locked, version, {"vision": vision, "framework": framework}, labels)
    if framework != locked.framework and locked.activities.filter(categories__isnull=False).exists():
        raise PlanRefused(_("Activities are already tagged with this framework's categories; untag them first."))
    locked.vision, locked.framework = vision, framework
    _save(locked, actor)
    return locked


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


def _labels(model, names: list[str]) -> dict[str, str]:
    return {name: str(model._meta.get_field(name).verbose_name).capitalize() for name in names}


@transaction.atomic
def goal_create(*, plan: Plan, actor, data: dict) -> Goal:
    plan = _editable(plan, actor)
    order = (plan.goals.aggregate(last=Max("order"))["last"] or 0) + 1
    goal = Goal(plan=plan, order=order, **{name: data[name] for name in GOAL_FIELDS if name in data})
    goal.full_clean()
    _save(goal, actor)
    return goal


@transaction.atomic
def goal_update(*, goal: Goal, actor, version: int, data: dict) -> Goal:
    _editable(goal.plan, actor)
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    _check_version(goal, version, data, _labels(Goal, GOAL_FIELDS))
    for name in GOAL_FIELDS:
        if name in data:
            setattr(goal, name, data[name])
    goal.full_clean()
    _save(goal, actor)
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal, actor) -> None:
    """Remove a goal together with its activities."""
    _editable(goal.plan, actor)
    for activity in goal.activities.all():
        activity._history_user = actor
        activity.delete()
    goal._history_user = actor
    goal.delete()


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
    year = plan.school_year
    for name in ("starts_on", "ends_on"):
        day = data.get(name)
        if day and not (year.starts_on <= day <= year.ends_on):
            errors[name] = _("Choose a date within the school year %(year)s (%(start)s to %(end)s).") % {
                "year": year,
                "start": year.starts_on,
                "end": year.ends_on,
            }
    if errors:
        raise ValidationError(errors)


def _set_activity(activity: Activity, data: dict, actor) -> Activity:
    for name in ACTIVITY_FIELDS:
        if name in data:
            setattr(activity, name, data[name])
    activity.full_clean(exclude=["categories", "languages"])
    return _save_activity(activity, actor, {name: data[name] for name in ACTIVITY_M2M if name in data})


def _save_activity(activity: Activity, actor, relations: dict) -> Activity:
    """Save an activity and its categories and languages as one entry of its history."""
    adding = activity._state.adding
    activity.skip_history_when_saving = True  # no separate entries for the save and each link change
    try:
        _save(activity, actor)
        for name, values in relations.items():
            getattr(activity, name).set(values)
    finally:
        del activity.skip_history_when_saving
    ACTIVITY_HISTORY.create_historical_record(activity, "+" if adding else "~")
    return activity


@transaction.atomic
def activity_create(*, plan: Plan, actor, data: dict) -> Activity:
    plan = _editable(plan, actor)
    _validate_activity(plan, data)
    goal = data["goal"]
    order = (goal.activities.aggregate(last=Max("order"))["last"] or 0) + 1
    return _set_activity(Activity(plan=plan, goal=goal, order=order), data, actor)


@transaction.atomic
def activity_update(*, activity: Activity, actor, version: int, data: dict) -> Activity:
    plan = _editable(activity.plan, actor)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    _check_version(activity, version, data, _labels(Activity, ACTIVITY_FIELDS + ACTIVITY_M2M))
    _validate_activity(plan, data)
    return _set_activity(activity, data, actor)


@transaction.atomic
def activity_delete(*, activity: Activity, actor) -> None:
    _editable(activity.plan, actor)
    activity._history_user = actor
    activity.delete()


def _move(item: Goal | Activity, siblings, direction: str) -> None:
    """Swap `item` with its neighbour above or below in `siblings`; only their order changes."""
    ordered = list(siblings.select_for_update().order_by("order", "pk"))
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, sibling in enumerate(ordered, start=1):
        sibling.order = position
    type(item).objects.bulk_update(ordered, ["order"])


@transaction.atomic
def goal_move(*, goal: Goal, actor, direction: str) -> None:
    _editable(goal.plan, actor)
    _move(goal, goal.plan.goals.all(), direction)


@transaction.atomic
def activity_move(*, activity: Activity, actor, direction: str) -> None:
    _editable(activity.plan, actor)
    _move(activity, activity.goal.activities.all(), direction)


@transaction.atomic
def activity_restore(*, activity: Activity, actor, history_id: int) -> Activity:
    """A coordinator brings back an earlier version of an activity (its categories too)."""
    if not may_review_plans(actor):
        raise PermissionDenied
    record = activity.history.filter(history_id=history_id).first()
    if record is None:
        raise PlanRefused(_("That version of the activity does not exist."))
    plan = _locked(activity.plan)
    if not plan.is_editable:
        raise PlanRefused(_("Restore earlier versions while the plan is a draft or returned; reopen it first."))
    categories = [link.category for link in record.categories.select_related("category")]
    languages = [link.language_id for link in record.languages.all()]
    if any(category.framework_id != plan.framework_id for category in categories):
        raise PlanRefused(_("That version is tagged with another framework's categories; edit the activity instead."))
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if record.goal_id is not None and not Goal.objects.filter(pk=record.goal_id, plan_id=activity.plan_id).exists():
        raise PlanRefused(_("The goal of that version was removed; move the activity by hand instead."))
    for name in ACTIVITY_FIELDS:
        attribute = "goal_id" if name == "goal" else name
        setattr(activity, attribute, getattr(record, attribute))
    _save_activity(activity, actor, {"categories": categories, "languages": languages})
    audit_record(
        actor=actor,
        action="activity.restore",
        summary=_("Restored “%(activity)s” as it was on %(when)s")
        % {"activity": activity.title, "when": timezone.localtime(record.history_date).strftime("%Y-%m-%d %H:%M")},
        district=activity.plan.district,
    )
    return activity


# --- the review workflow -------------------------------------------------------------------


def completeness_problems(plan: Plan) -> list[str]:
    """Everything that keeps the plan from being submitted, in the order a person would fix it."""
    goals = list(plan.goals.prefetch_related("activities__categories").order_by("order", "pk"))
    problems = [] if goals else [_("Add at least one goal.")]
    covered = set()
    for number, goal in enumerate(goals, start=1):
        activities = list(goal.activities.all())
        if not (goal.desired_result.strip() and goal.how_measured.strip()):
            problems.append(
                _("Goal %(number)d (“%(goal)s”): add its desired result and how it is measured.")
                % {"number": number, "goal": goal}
            )
        if not activities:
            problems.append(_("Goal %(number)d (“%(goal)s”) has no activity yet.") % {"number": number, "goal": goal})
        for activity in activities:
            covered.update(category.pk for category in activity.categories.all())
            missing = _missing_for_activity(activity)
            if missing:
                problems.append(
                    _("Activity “%(activity)s”: add %(missing)s.")
                    % {"activity": activity, "missing": ", ".join(missing)}
                )
    needed = plan.framework.min_categories_to_submit
    covered &= {category.pk for category in plan.framework.categories.all()}
    if len(covered) < needed:
        problems.append(
            _("The activities cover %(covered)d of the categories of %(framework)s; cover at least %(needed)d.")
            % {"covered": len(covered), "framework": plan.framework, "needed": needed}
        )
    return problems


def _missing_for_activity(activity: Activity) -> list[str]:
    missing = []
    if not activity.person_in_charge.strip():
        missing.append(_("the person in charge"))
    if not activity.has_timing:
        missing.append(_("its dates or months"))
    if not activity.how_judged.strip():
        missing.append(_("how its result will be judged"))
    return missing


def _transition(plan: Plan, actor, to_status: str, comment: str = "") -> PlanTransition:
    transition = PlanTransition.objects.create(
        plan=plan, from_status=plan.status, to_status=to_status, actor=actor, comment=comment
    )
    plan.status = to_status
    _save(plan, actor)
    audit_record(
        actor=actor,
        action=f"plan.{to_status}",
        summary=_("%(plan)s: %(from)s → %(to)s")
        % {
            "plan": plan,
            "from": PlanStatus(transition.from_status).label,
            "to": PlanStatus(to_status).label,
        },
        district=plan.district,
    )
    return transition


def _locked(plan: Plan) -> Plan:
    return (
        Plan.objects.select_for_update(of=("self",)).select_related("school_year", "district", "school").get(pk=plan.pk)
    )


@transaction.atomic
def plan_submit(*, plan: Plan, actor, comment: str = "") -> Plan:
    """Send the plan to the coordinators; refuses with every problem listed if it is incomplete."""
    plan = _editable(plan, actor)
    problems = completeness_problems(plan)
    if problems:
        raise PlanIncomplete(problems)
    plan.submitted_at = timezone.now()
    _transition(plan, actor, PlanStatus.SUBMITTED, comment)
    _notify(plan, "submitted", _coordinator_emails(), actor, comment)
    return plan


def _reviewable(plan: Plan, actor, expected: str) -> Plan:
    if not may_review_plans(actor):
        raise PermissionDenied
    plan = _locked(plan)
    if is_plan_owner(actor, plan):
        raise PermissionDenied
    if plan.status != expected:
        raise PlanRefused(
            _("This plan is %(status)s; that can be done only when it is %(expected)s.")
            % {"status": plan.get_status_display().lower(), "expected": PlanStatus(expected).label.lower()}
        )
    return plan


@transaction.atomic
def plan_return(*, plan: Plan, actor, comment: str) -> Plan:
    """A coordinator sends the plan back to its owners with what to change."""
    plan = _reviewable(plan, actor, PlanStatus.SUBMITTED)
    if not comment.strip():
        raise PlanRefused(_("Say what should change when returning a plan."))
    _transition(plan, actor, PlanStatus.RETURNED, comment)
    _notify(plan, "returned", _owner_emails(plan), actor, comment)
    return plan


@transaction.atomic
def plan_approve(*, plan: Plan, actor, comment: str = "") -> Plan:
    plan = _reviewable(plan, actor, PlanStatus.SUBMITTED)
    plan.approved_at = timezone.now()
    _transition(plan, actor, PlanStatus.APPROVED, comment)
    _notify(plan, "approved", _owner_emails(plan), actor, comment)
    return plan


@transaction.atomic
def plan_reopen(*, plan: Plan, actor, reason: str) -> Plan:
    """A coordinator opens an approved plan for changes again, saying why."""
    plan = _reviewable(plan, actor, PlanStatus.APPROVED)
    if not reason.strip():
        raise PlanRefused(_("Give the reason for reopening the plan."))
    plan.approved_at = None
    _transition(plan, actor, PlanStatus.RETURNED, reason)
    _notify(plan, "reopened", _owner_emails(plan), actor, reason)
    return plan


@transaction.atomic
def plan_comment(*, plan: Plan, actor, text: str, activity: Activity | None = None) -> PlanComment:
    """A comment on the plan or one of its activities, by a coordinator or an owner."""
    if not (may_review_plans(actor) or is_plan_owner(actor, plan)):
        raise PermissionDenied
    if not text.strip():
        raise PlanRefused(_("Write a comment first."))
    if activity is not None and activity.plan_id != plan.pk:
        raise PlanRefused(_("Choose one of this plan's activities."))
    return PlanComment.objects.create(plan=plan, activity=activity, author=actor, text=text.strip())


# --- year end ------------------------------------------------------------------------------


def _evaluable(plan: Plan, actor) -> Plan:
    plan = _locked(plan)
    if not is_plan_owner(actor, plan):
        raise PermissionDenied
    if plan.status != PlanStatus.APPROVED:
        raise PlanRefused(_("Activities are evaluated once the plan is approved, until it is marked evaluated."))
    return plan


@transaction.atomic
def activity_evaluate(*, activity: Activity, actor, data: dict) -> ActivityEvaluation:
    """Record how an activity went: carried out or not, who took part, its quality, lessons."""
    _evaluable(activity.plan, actor)
    evaluation = ActivityEvaluation.objects.filter(activity=activity).first() or ActivityEvaluation(activity=activity)
    for name in EVALUATION_FIELDS:
        setattr(evaluation, name, data[name])
    evaluation.evaluated_by, evaluation.evaluated_at = actor, timezone.now()
    evaluation.full_clean()
    evaluation.save()
    return evaluation


EVALUATION_FIELDS = ["implemented", "families", "staff", "students", "quality", "what_worked", "what_to_change"]
REFLECTION_FIELDS = [
    "reflection",
    "policy_barriers",
    "policy_family_needs",
    "policy_strategies",
    "policy_family_participation",
]


@transaction.atomic
def plan_reflect(*, plan: Plan, actor, data: dict, version: int | None = None) -> Plan:
    """The year's reflection and, for Title I districts, the policy evaluation; `version` guards a form's save."""
    plan = _evaluable(plan, actor)
    if version is not None:
        _check_version(plan, version, data, _labels(Plan, REFLECTION_FIELDS))
    for name in REFLECTION_FIELDS:
        if name in data:
            setattr(plan, name, data[name])
    _save(plan, actor)
    return plan


def evaluation_problems(plan: Plan) -> list[str]:
    """What is missing before the plan can be marked evaluated."""
    problems = [
        _("Evaluate the activity “%(activity)s”.") % {"activity": activity.title}
        for activity in plan.activities.filter(evaluation__isnull=True).order_by("goal__order", "order")
    ]
    if not plan.reflection.strip():
        problems.append(_("Write the reflection on the year."))
    policy_fields = (
        plan.policy_barriers,
        plan.policy_family_needs,
        plan.policy_strategies,
        plan.policy_family_participation,
    )
    if plan.needs_policy_evaluation and not all(text.strip() for text in policy_fields):
        problems.append(_("Record the annual evaluation of the family-engagement policy (Title I)."))
    return problems


@transaction.atomic
def plan_mark_evaluated(*, plan: Plan, actor) -> Plan:
    plan = _evaluable(plan, actor)
    problems = evaluation_problems(plan)
    if problems:
        raise PlanIncomplete(problems)
    plan.evaluated_at = timezone.now()
    _transition(plan, actor, PlanStatus.EVALUATED)
    return plan


# --- carry forward -------------------------------------------------------------------------


def _a_year_later(day: datetime.date | None, year: SchoolYear) -> datetime.date | None:
    """The same day a year later, if it falls within `year`; otherwise no date (the months stay)."""
    if day is None:
        return None
    try:
        later = day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        later = day.replace(year=day.year + 1, day=28)
    return later if year.starts_on <= later <= year.ends_on else None


@transaction.atomic
def plan_carry_forward(*, plan: Plan, actor, today: datetime.date | None = None) -> Plan:
    """Start next year's draft from this plan: goals and activities, without evaluations or history."""
    today = today or timezone.localdate()
    plan = _locked(plan)
    if not is_plan_owner(actor, plan):
        raise PermissionDenied
    next_year = SchoolYear.objects.following(plan.school_year)
    if next_year is None or not next_year.planning_is_open(today):
        raise PlanRefused(_("Planning for next school year has not opened yet."))
    if plan.status not in (PlanStatus.APPROVED, PlanStatus.EVALUATED):
        raise PlanRefused(_("Only an approved or evaluated plan can be carried forward."))
    new_plan = Plan(
        kind=plan.kind,
        school_year=next_year,
        district=plan.district,
        school=plan.school,
        framework=plan.framework,
        vision=plan.vision,
        carried_over_from=plan,
    )
    _save_unique(new_plan, actor)
    for goal in plan.goals.prefetch_related("activities__categories", "activities__languages"):
        new_goal = Goal(plan=new_plan, **{name: getattr(goal, name) for name in [*GOAL_FIELDS, "order"]})
        _save(new_goal, actor)
        for activity in goal.activities.all():
            copy = Activity(plan=new_plan, goal=new_goal, order=activity.order)
            for name in ACTIVITY_FIELDS:
                if name != "goal":
                    setattr(copy, name, getattr(activity, name))
            copy.starts_on = _a_year_later(activity.starts_on, next_year)
            copy.ends_on = _a_year_later(activity.ends_on, next_year) if copy.starts_on else None
            _save_activity(
                copy, actor, {"categories": activity.categories.all(), "languages": activity.languages.all()}
            )
    audit_record(
        actor=actor,
        action="plan.carry_forward",
        summary=_("%(plan)s started from %(year)s") % {"plan": new_plan, "year": plan.school_year},
        district=plan.district,
    )
    return new_plan


# --- emails --------------------------------------------------------------------------------


def _coordinator_emails() -> list[str]:
    """Everyone who counts as a coordinator in pep.access: coordinator members and superusers."""
    users = get_user_model().objects.filter(
        Q(pk__in=Membership.objects.filter(role=Role.COORDINATOR).values("user")) | Q(is_superuser=True)
    )
    return _active_emails(users)


def _owner_emails(plan: Plan) -> list[str]:
    owners = Membership.objects.filter(role=OWNER_ROLE[plan.kind])
    owners = (
        owners.filter(district=plan.district) if plan.kind == PlanKind.DISTRICT else owners.filter(school=plan.school)
    )
    return _emails(owners)


def _emails(memberships) -> list[str]:
    return _active_emails(get_user_model().objects.filter(pk__in=memberships.values("user")))


def _active_emails(users) -> list[str]:
    return sorted(set(users.filter(is_active=True).exclude(email="").values_list("email", flat=True)))


def _notify(plan: Plan, event: str, recipients: list[str], actor, comment: str) -> None:
    """Email the people concerned once the change is committed, in English and in Spanish."""
    if not recipients:
        return
    context = {
        "plan": plan,
        "event": event,
        "actor": actor,
        "comment": comment,
        "link": settings.SITE_URL + plan.get_absolute_url(),
    }
    parts = []
    for language in ("en", "es"):
        with translation.override(language):
            subject = render_to_string("emails/partnerships/plan_subject.txt", context).strip()
            parts.append((subject, render_to_string("emails/partnerships/plan_event.txt", context)))
    subject = " / ".join(part[0] for part in parts)
    body = "\n\n---\n\n".join(part[1] for part in parts)
    messages = [(subject, body, None, [recipient]) for recipient in recipients]
    # robust: the change is saved either way; a mail server that is down is logged, not shown as an error
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False), robust=True)
