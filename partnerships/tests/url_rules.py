"""Who each URL of plans is for (read by pep/tests/test_access_by_url.py)."""

from partnerships.services import plan_comment
from partnerships.tests.factories import ActivityFactory, PlanFactory
from pep.tests.url_rules import MEMBERS, Rule
from workshops.models import Pt3Priority
from workshops.tests.factories import OfferingFactory

SCENE_PRIORITY = "Scene: homework help nights in Spanish"


def _plan_a(people):
    return {"pk": people.plan_a.pk}


def _goal_a(people):
    return {"pk": people.plan_a.goals.get().pk}


def _activity_a(people):
    return {"pk": people.plan_a.activities.get().pk}


def _plan_a_priority(people):
    return {"pk": people.plan_a.pk, "priority": Pt3Priority.objects.get(text=SCENE_PRIORITY).pk}


def _activity_a_version(people):
    activity = people.plan_a.activities.get()
    return {"pk": activity.pk, "history_id": activity.history.earliest("history_date").history_id}


PLAN_A_VIEWERS = {"coordinator", "leader_a"}
PLAN_A_OWNER = {"leader_a"}

RULES: dict[str, Rule] = {
    "partnerships:plan-list": Rule(MEMBERS),
    "partnerships:plan-export": Rule({"coordinator", "leader_a", "leader_b"}),
    "partnerships:plan-coverage": Rule({"coordinator", "leader_a", "leader_b"}),
    "partnerships:plan-create": Rule(MEMBERS),
    "partnerships:districts-without-plan": Rule({"coordinator"}),
    "partnerships:plan-detail": Rule(PLAN_A_VIEWERS, kwargs=_plan_a),
    "partnerships:plan-history": Rule(PLAN_A_VIEWERS, kwargs=_plan_a),
    "partnerships:plan-print": Rule(PLAN_A_VIEWERS, kwargs=_plan_a),
    "partnerships:plan-pdf": Rule(PLAN_A_VIEWERS, kwargs=_plan_a),
    "partnerships:plan-comment": Rule(PLAN_A_VIEWERS, kwargs=_plan_a, method="post"),
    "partnerships:plan-edit": Rule(PLAN_A_OWNER, kwargs=_plan_a),
    "partnerships:goal-create": Rule(PLAN_A_OWNER, kwargs=_plan_a),
    "partnerships:goal-from-priority": Rule(PLAN_A_OWNER, kwargs=_plan_a_priority, method="post"),
    "partnerships:activity-create": Rule(PLAN_A_OWNER, kwargs=_plan_a),
    "partnerships:plan-submit": Rule(PLAN_A_OWNER, kwargs=_plan_a, method="post"),
    "partnerships:plan-reflection": Rule(PLAN_A_OWNER, kwargs=_plan_a),
    "partnerships:plan-mark-evaluated": Rule(PLAN_A_OWNER, kwargs=_plan_a),
    "partnerships:plan-carry-forward": Rule(PLAN_A_OWNER, kwargs=_plan_a, method="post"),
    "partnerships:plan-review": Rule({"coordinator"}, kwargs=_plan_a, method="post"),
    "partnerships:plan-reopen": Rule({"coordinator"}, kwargs=_plan_a, method="post"),
    "partnerships:goal-edit": Rule(PLAN_A_OWNER, kwargs=_goal_a),
    "partnerships:goal-delete": Rule(PLAN_A_OWNER, kwargs=_goal_a),
    "partnerships:goal-move": Rule(PLAN_A_OWNER, kwargs=_goal_a, method="post"),
    "partnerships:activity-edit": Rule(PLAN_A_OWNER, kwargs=_activity_a),
    "partnerships:activity-delete": Rule(PLAN_A_OWNER, kwargs=_activity_a),
    "partnerships:activity-move": Rule(PLAN_A_OWNER, kwargs=_activity_a, method="post"),
    "partnerships:activity-evaluate": Rule(PLAN_A_OWNER, kwargs=_activity_a),
    "partnerships:activity-restore": Rule({"coordinator"}, kwargs=_activity_a_version, method="post"),
}

# Plans are started only from their pages, never added in the admin.
ADMIN_NEVER = {"admin:partnerships_plan_add"}


def scene(people) -> None:
    """Leader A's draft plan with one goal, one activity and a comment."""
    people.plan_a = PlanFactory(district=people.district_a)
    ActivityFactory(plan=people.plan_a)
    plan_comment(plan=people.plan_a, actor=people.coordinator, text="A comment for the admin pages")
    pt3 = OfferingFactory(program_code="pt3", title="Scene: PT3 for plans", host_district=people.district_a)
    Pt3Priority.objects.create(offering=pt3, school=people.school_a, rank=1, text=SCENE_PRIORITY)
