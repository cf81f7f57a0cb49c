"""Two people at once: a goal or activity removed meanwhile is a plain refusal, locks come in one order,
evaluations are not overwritten unseen, and a form sent twice saves once."""

import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships import services
from partnerships.models import Activity, ActivityEvaluation, Goal, PlanComment
from partnerships.tests.factories import EVALUATION, ActivityFactory, GoalFactory, PlanFactory, advance
from pep.edit_checks import AlreadySaved, EditConflict
from pep.refusals import Refused
from pep.tests.factories import district_leader


def plan_with_two_activities(people):
    plan = PlanFactory(district=people.district_a)
    goal = GoalFactory(plan=plan)
    first = ActivityFactory(plan=plan, goal=goal, title="Reading night")
    second = ActivityFactory(plan=plan, goal=goal, title="Book swap")
    return plan, goal, first, second


def _stale_goal_actions(people, goal):
    return {
        "goal_update": lambda: services.goal_update(
            goal=goal, actor=people.leader_a, version=1, data={"target": "70%"}
        ),
        "goal_move": lambda: services.goal_move(goal=goal, actor=people.leader_a, direction="up"),
        "goal_delete": lambda: services.goal_delete(goal=goal, actor=people.leader_a),
    }


@pytest.mark.parametrize("action", ["goal_update", "goal_move", "goal_delete"])
def test_working_on_a_goal_someone_removed_meanwhile_is_a_plain_refusal(people, action):
    _, goal, *_ = plan_with_two_activities(people)
    opened = Goal.objects.get(pk=goal.pk)  # the page was opened before the goal was removed
    services.goal_delete(goal=goal, actor=people.leader_a)

    with pytest.raises(Refused, match="removed meanwhile"):
        _stale_goal_actions(people, opened)[action]()


def _stale_activity_actions(people, activity):
    return {
        "activity_update": lambda: services.activity_update(
            activity=activity, actor=people.leader_a, version=1, data={"title": "Changed"}
        ),
        "activity_move": lambda: services.activity_move(activity=activity, actor=people.leader_a, direction="down"),
        "activity_delete": lambda: services.activity_delete(activity=activity, actor=people.leader_a),
    }


@pytest.mark.parametrize("action", ["activity_update", "activity_move", "activity_delete"])
def test_working_on_an_activity_someone_removed_meanwhile_is_a_plain_refusal(people, action):
    _, _, first, _ = plan_with_two_activities(people)
    opened = Activity.objects.get(pk=first.pk)
    services.activity_delete(activity=first, actor=people.leader_a)

    with pytest.raises(Refused, match="removed meanwhile"):
        _stale_activity_actions(people, opened)[action]()


def test_an_activity_cannot_be_added_under_a_goal_removed_meanwhile(people):
    plan, goal, *_ = plan_with_two_activities(people)
    chosen = Goal.objects.get(pk=goal.pk)
    services.goal_delete(goal=goal, actor=people.leader_a)

    with pytest.raises(Refused, match="removed meanwhile"):
        services.activity_create(plan=plan, actor=people.leader_a, data={"goal": chosen, "title": "Late"})

    assert not Activity.objects.filter(title="Late").exists()


def test_a_comment_on_an_activity_removed_meanwhile_is_a_plain_refusal(people):
    plan, _, first, _ = plan_with_two_activities(people)
    chosen = Activity.objects.get(pk=first.pk)
    services.activity_delete(activity=first, actor=people.leader_a)

    with pytest.raises(Refused, match="removed meanwhile"):
        services.plan_comment(plan=plan, actor=people.coordinator, text="Why was this removed?", activity=chosen)

    assert not PlanComment.objects.exists()


def test_evaluating_an_activity_removed_meanwhile_is_a_plain_refusal(people):
    plan, _, first, _ = plan_with_two_activities(people)
    plan = advance(plan, "approved")
    opened = Activity.objects.get(pk=first.pk)
    Activity.objects.filter(pk=first.pk).delete()  # gone from under the open form

    with pytest.raises(Refused, match="removed meanwhile"):
        services.activity_evaluate(activity=opened, actor=people.leader_a, data=EVALUATION)


def _lock_targets(action) -> list[str]:
    """The tables rows are locked in, in the order the action locks them."""
    with CaptureQueriesContext(connection) as queries:
        action()
    return [
        re.search(r'FROM "(\w+)"', query["sql"]).group(1)
        for query in queries.captured_queries
        if "FOR UPDATE" in query["sql"]
    ]


@pytest.mark.postgres
def test_every_change_to_a_plan_locks_the_plan_before_its_goals_and_activities(people):
    plan, goal, first, second = plan_with_two_activities(people)
    actions = {
        "goal_update": lambda: services.goal_update(goal=goal, actor=people.leader_a, version=1, data={"target": "1"}),
        "activity_update": lambda: services.activity_update(
            activity=first, actor=people.leader_a, version=1, data={"title": "Changed"}
        ),
        "activity_move": lambda: services.activity_move(activity=second, actor=people.leader_a, direction="up"),
        "comment": lambda: services.plan_comment(plan=plan, actor=people.coordinator, text="Hi", activity=first),
        "activity_delete": lambda: services.activity_delete(activity=first, actor=people.leader_a),
        "goal_delete": lambda: services.goal_delete(goal=goal, actor=people.leader_a),
    }
    for name, action in actions.items():
        tables = _lock_targets(action)
        assert tables and tables[0] == "partnerships_plan", f"{name} locks {tables}"


def test_two_people_rating_one_activity_at_once_do_not_overwrite_each_other(people):
    colleague = district_leader(people.district_a, username="leader_a2", first_name="Omar")
    plan = PlanFactory(district=people.district_a)
    activity = ActivityFactory(plan=plan)
    advance(plan, "approved")
    services.activity_evaluate(activity=activity, actor=people.leader_a, data=EVALUATION, version=0)

    with pytest.raises(EditConflict) as conflict:
        services.activity_evaluate(activity=activity, actor=colleague, data=EVALUATION | {"quality": 2}, version=0)

    assert [change.label for change in conflict.value.changes] == ["Quality"]
    assert conflict.value.saved_by == people.leader_a
    evaluation = ActivityEvaluation.objects.get(activity=activity)
    assert (evaluation.quality, evaluation.evaluated_by) == (4, people.leader_a)
    assert evaluation.history.count() == 1


def test_changing_an_evaluation_is_kept_in_its_history(people):
    plan = PlanFactory(district=people.district_a)
    activity = ActivityFactory(plan=plan)
    advance(plan, "approved")
    first = services.activity_evaluate(activity=activity, actor=people.leader_a, data=EVALUATION, version=0)

    services.activity_evaluate(
        activity=activity, actor=people.leader_a, data=EVALUATION | {"quality": 5}, version=first.version
    )

    assert list(
        ActivityEvaluation.history.filter(activity_id=activity.pk)
        .values_list("quality", flat=True)
        .order_by("history_id")
    ) == [4, 5]


def test_a_comment_sent_twice_is_stored_once(people):
    plan = PlanFactory(district=people.district_a)
    token = uuid.uuid4()
    services.plan_comment(plan=plan, actor=people.coordinator, text="Looks good", once=token)

    with pytest.raises(AlreadySaved):
        services.plan_comment(plan=plan, actor=people.coordinator, text="Looks good", once=token)

    assert PlanComment.objects.count() == 1


def test_a_goal_form_sent_twice_adds_one_goal(people):
    plan = PlanFactory(district=people.district_a)
    token = uuid.uuid4()
    data = {"kind": "academic", "statement": "Raise attendance"}
    services.goal_create(plan=plan, actor=people.leader_a, data=data, once=token)

    with pytest.raises(AlreadySaved):
        services.goal_create(plan=plan, actor=people.leader_a, data=data, once=token)

    assert plan.goals.count() == 1


def test_a_refused_save_leaves_its_form_token_free_to_use_again(people):
    plan = PlanFactory(district=people.district_a)
    token = uuid.uuid4()

    with pytest.raises(ValidationError):
        services.goal_create(plan=plan, actor=people.leader_a, data={"kind": "academic", "statement": ""}, once=token)
    services.goal_create(plan=plan, actor=people.leader_a, data={"kind": "academic", "statement": "Now"}, once=token)

    assert list(plan.goals.values_list("statement", flat=True)) == ["Now"]


def test_a_move_sent_twice_moves_once(people):
    plan = PlanFactory(district=people.district_a)
    *_, third = (GoalFactory(plan=plan, statement=f"Goal {n}") for n in (1, 2, 3))
    token = uuid.uuid4()
    services.goal_move(goal=third, actor=people.leader_a, direction="up", once=token)

    with pytest.raises(AlreadySaved):
        services.goal_move(goal=third, actor=people.leader_a, direction="up", once=token)

    assert list(plan.goals.values_list("statement", flat=True)) == ["Goal 1", "Goal 3", "Goal 2"]


def test_a_submission_sent_twice_is_done_once_and_not_called_a_mistake(people):
    plan = PlanFactory(district=people.district_a)
    ActivityFactory(plan=plan)
    token = uuid.uuid4()
    services.plan_submit(plan=plan, actor=people.leader_a, once=token)

    with pytest.raises(AlreadySaved):  # not "This plan's status is Submitted"
        services.plan_submit(plan=plan, actor=people.leader_a, once=token)

    assert plan.transitions.count() == 1


@pytest.mark.parametrize("direction", ["sideways", ""])
def test_a_move_neither_up_nor_down_is_refused(people, direction):
    plan = PlanFactory(district=people.district_a)
    goals = [GoalFactory(plan=plan, statement=f"Goal {n}") for n in (1, 2)]

    with pytest.raises(Refused, match="up or down"):
        services.goal_move(goal=goals[0], actor=people.leader_a, direction=direction)

    assert list(plan.goals.values_list("statement", flat=True)) == ["Goal 1", "Goal 2"]


def test_restoring_the_version_an_activity_already_has_changes_nothing(people):
    plan = PlanFactory(district=people.district_a)
    activity = ActivityFactory(plan=plan)
    current = activity.history.latest("history_id")

    with pytest.raises(Refused, match="already as it was"):
        services.activity_restore(activity=activity, actor=people.coordinator, history_id=current.history_id)

    assert activity.history.count() == 1
