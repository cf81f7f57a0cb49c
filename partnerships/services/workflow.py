"""The review workflow: submit, return, approve, reopen, and comments; the people told of each step."""

import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pep.edit_checks import locked, save_versioned
from pep.models import Membership, Role
from pep.notifications import Recipient, notify, recipients_among
from pep.refusals import Incomplete, Refused
from pep.services import audit_record

from ..access import OWNER_ROLE, plan_permissions
from ..models import WORKFLOW_STEP, Activity, Plan, PlanComment, PlanKind, PlanStatus, PlanTransition
from .editing import ACTIVITY_REMOVED, editable_plan, lock_plan


class Decision(models.TextChoices):
    """What a coordinator decides about a submitted plan."""

    APPROVE = "approve", gettext_lazy("Approve the plan")
    RETURN = "return", gettext_lazy("Return it for changes")


class PlanEvent(models.TextChoices):
    """The steps people are told about by email."""

    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    REOPENED = "reopened"
    EVALUATION_REOPENED = "evaluation_reopened"


class Problem(str):
    """One thing keeping a plan from a step, said in plain words, with the page where it is fixed.

    It is the text itself (so it reads, compares and prints as one), plus `link`.
    """

    link: str

    def __new__(cls, text: str, link: str = "") -> "Problem":
        problem = super().__new__(cls, text)
        problem.link = link
        return problem


def completeness_problems(plan: Plan) -> list[Problem]:
    """Everything that keeps the plan from being submitted, in the order a person would fix it."""
    problems = []
    if not plan.vision.strip():
        problems.append(Problem(_("Write the plan's vision."), reverse("partnerships:plan-edit", args=[plan.pk])))
    goals = list(plan.goals.prefetch_related("activities").order_by("order", "pk"))
    if not goals:
        problems.append(Problem(_("Add at least one goal."), reverse("partnerships:goal-create", args=[plan.pk])))
    for number, goal in enumerate(goals, start=1):
        activities = list(goal.activities.all())
        if not (goal.desired_result.strip() and goal.how_measured.strip()):
            problems.append(
                Problem(
                    _("Goal %(number)d (“%(goal)s”): add its desired result and how it is measured.")
                    % {"number": number, "goal": goal},
                    reverse("partnerships:goal-edit", args=[goal.pk]),
                )
            )
        if not activities:
            problems.append(
                Problem(
                    _("Goal %(number)d (“%(goal)s”) has no activity yet.") % {"number": number, "goal": goal},
                    reverse("partnerships:activity-create", args=[plan.pk]) + f"?goal={goal.pk}",
                )
            )
        for activity in activities:
            missing = _missing_for_activity(activity)
            if missing:
                problems.append(
                    Problem(
                        _("Activity “%(activity)s”: add %(missing)s.")
                        % {"activity": activity, "missing": ", ".join(missing)},
                        reverse("partnerships:activity-edit", args=[activity.pk]),
                    )
                )
    needed = plan.framework.min_categories_to_submit
    if plan.categories_covered < needed:
        problems.append(
            Problem(
                _("The activities cover %(covered)d of the categories of %(framework)s; cover at least %(needed)d.")
                % {"covered": plan.categories_covered, "framework": plan.framework, "needed": needed},
                plan.get_absolute_url() + "#coverage-heading",
            )
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


def transition(plan: Plan, actor, to_status: str, comment: str = "") -> PlanTransition:
    """Move a locked plan to `to_status`, with its record, history and audit entry."""
    step = PlanTransition(plan=plan, from_status=plan.status, to_status=to_status, actor=actor, comment=comment)
    step.full_clean()
    step.save()
    plan.status = to_status
    plan.workflow_step = WORKFLOW_STEP[to_status]
    save_versioned(plan, actor)
    audit_record(
        actor=actor,
        action=f"plan.{to_status}",
        summary=_("%(plan)s: %(from)s → %(to)s")
        % {"plan": plan, "from": PlanStatus(step.from_status).label, "to": PlanStatus(to_status).label},
        district=plan.district,
    )
    return step


@transaction.atomic
def plan_submit(*, plan: Plan, actor, comment: str = "", once: uuid.UUID | None = None) -> Plan:
    """Send the plan to the coordinators; refuses with every problem listed if it is incomplete."""
    plan = editable_plan(plan.pk, actor, once)
    problems = completeness_problems(plan)
    if problems:
        raise Incomplete(problems, _("The plan is not complete yet."))
    plan.submitted_at = timezone.now()
    transition(plan, actor, PlanStatus.SUBMITTED, comment)
    coordinators = _coordinators()
    _notify(plan, PlanEvent.SUBMITTED, coordinators, actor, comment)
    _notify_district_leaders(plan, PlanEvent.SUBMITTED, actor, comment, already_told=coordinators)
    return plan


def _reviewable(plan: Plan, actor, expected: str | list[str], once: uuid.UUID | None) -> Plan:
    if not plan_permissions(actor, plan).reviewer:
        raise PermissionDenied
    plan = lock_plan(plan.pk, once)
    allowed = [expected] if isinstance(expected, str) else expected
    if plan.status not in allowed:
        raise Refused(
            _("This plan's status is “%(status)s”; that can be done only when it is “%(expected)s”.")
            % {
                "status": plan.get_status_display(),
                "expected": _("” or “").join(str(PlanStatus(status).label) for status in allowed),
            }
        )
    return plan


@transaction.atomic
def plan_return(*, plan: Plan, actor, comment: str, once: uuid.UUID | None = None) -> Plan:
    """A coordinator sends the plan back to its owners with what to change."""
    plan = _reviewable(plan, actor, PlanStatus.SUBMITTED, once)
    if not comment.strip():
        raise Refused(_("Say what should change when returning a plan."))
    transition(plan, actor, PlanStatus.RETURNED, comment)
    owners = _owners(plan)
    _notify(plan, PlanEvent.RETURNED, owners, actor, comment)
    _notify_district_leaders(plan, PlanEvent.RETURNED, actor, comment, already_told=owners)
    return plan


@transaction.atomic
def plan_approve(*, plan: Plan, actor, comment: str = "", once: uuid.UUID | None = None) -> Plan:
    plan = _reviewable(plan, actor, PlanStatus.SUBMITTED, once)
    plan.approved_at = timezone.now()
    transition(plan, actor, PlanStatus.APPROVED, comment)
    _notify(plan, PlanEvent.APPROVED, _owners(plan), actor, comment)
    return plan


def plan_decide(*, plan: Plan, actor, decision: str, comment: str = "", once: uuid.UUID | None = None) -> Plan:
    """Record a coordinator's decision on a submitted plan."""
    if decision == Decision.APPROVE:
        return plan_approve(plan=plan, actor=actor, comment=comment, once=once)
    if decision == Decision.RETURN:
        return plan_return(plan=plan, actor=actor, comment=comment, once=once)
    raise Refused(_("Choose to approve the plan or to return it."))


@transaction.atomic
def plan_reopen(*, plan: Plan, actor, reason: str, once: uuid.UUID | None = None) -> Plan:
    """A coordinator reopens a plan, saying why: an approved one for changes (it goes back to its
    owners as returned), an evaluated one for its year-end evaluation (it is approved again)."""
    plan = _reviewable(plan, actor, [PlanStatus.APPROVED, PlanStatus.EVALUATED], once)
    if not reason.strip():
        raise Refused(_("Give the reason for reopening the plan."))
    if plan.status == PlanStatus.EVALUATED:
        plan.evaluated_at = None
        transition(plan, actor, PlanStatus.APPROVED, reason)
        audit_record(
            actor=actor,
            action="plan.evaluation_reopened",
            summary=_("%(plan)s: the year-end evaluation was reopened. Reason: %(reason)s")
            % {"plan": plan, "reason": reason.strip()},
            district=plan.district,
            details={"reason": reason.strip()},
        )
        _notify(plan, PlanEvent.EVALUATION_REOPENED, _owners(plan), actor, reason)
        return plan
    plan.approved_at = None
    transition(plan, actor, PlanStatus.RETURNED, reason)
    _notify(plan, PlanEvent.REOPENED, _owners(plan), actor, reason)
    return plan


@transaction.atomic
def plan_comment(
    *, plan: Plan, actor, text: str, activity: Activity | None = None, once: uuid.UUID | None = None
) -> PlanComment:
    """A comment on the plan or one of its activities, by a coordinator or an owner."""
    plan = lock_plan(plan.pk, once)
    if not plan_permissions(actor, plan).comment:
        raise PermissionDenied
    if not text.strip():
        raise Refused(_("Write a comment first."))
    if activity is not None:
        if activity.plan_id != plan.pk:
            raise Refused(_("Choose one of this plan's activities."))
        activity = locked(Activity.objects.filter(plan=plan), activity.pk, ACTIVITY_REMOVED)
    comment = PlanComment(plan=plan, activity=activity, author=actor, text=text.strip())
    comment.full_clean()
    comment.save()
    return comment


# --- who is told ---------------------------------------------------------------------------


def _coordinators() -> list[Recipient]:
    """Everyone who counts as a coordinator in pep.access: coordinator members and superusers."""
    coordinator_ids = Membership.objects.filter(role=Role.COORDINATOR).values("user")
    return recipients_among(get_user_model().objects.filter(Q(pk__in=coordinator_ids) | Q(is_superuser=True)))


def _owners(plan: Plan) -> list[Recipient]:
    owners = Membership.objects.filter(role=OWNER_ROLE[plan.kind])
    owners = (
        owners.filter(district=plan.district) if plan.kind == PlanKind.DISTRICT else owners.filter(school=plan.school)
    )
    return recipients_among(get_user_model().objects.filter(pk__in=owners.values("user")))


def _district_leaders(plan: Plan, actor) -> list[Recipient]:
    """The district leaders of a school plan's district, but the person who acted (none for a district plan)."""
    if plan.kind == PlanKind.DISTRICT:
        return []
    leaders = Membership.objects.filter(role=Role.DISTRICT_LEADER, district=plan.district).values("user")
    return recipients_among(get_user_model().objects.filter(pk__in=leaders).exclude(pk=actor.pk))


def _notify_district_leaders(plan: Plan, event: str, actor, comment: str, already_told: list[Recipient]) -> None:
    """District leaders follow their schools' plans: told of a submission and of a return, once (a
    leader who is also a coordinator or one of the plan's owners already has the other message)."""
    told = {recipient.email for recipient in already_told}
    leaders = [leader for leader in _district_leaders(plan, actor) if leader.email not in told]
    _notify(plan, event, leaders, actor, comment, template=f"emails/partnerships/school_plan_{event}")


def _notify(plan: Plan, event: str, recipients: list[Recipient], actor, comment: str, template: str = "") -> None:
    context = {
        "plan": plan,
        "actor": actor,
        "comment": comment,
        "link": settings.SITE_URL + plan.get_absolute_url(),
    }
    notify(recipients=recipients, template=template or f"emails/partnerships/plan_{event}", context=context)
