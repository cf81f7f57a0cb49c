"""Saves that change nothing change nothing; free text has a maximum; a plan has a bounded size."""

import pytest
from django.core.exceptions import ValidationError

from partnerships import services
from partnerships.models import Activity, Goal, Plan
from partnerships.tests.factories import EVALUATION, ActivityFactory, GoalFactory, PlanFactory, advance
from pep.refusals import Refused


def _versions_and_history(instance) -> tuple[int, int]:
    instance.refresh_from_db()
    return instance.version, instance.history.count()


def test_saving_a_plan_exactly_as_it_is_changes_nothing(people):
    plan = PlanFactory(district=people.district_a)
    before = _versions_and_history(plan)

    services.plan_update(
        plan=plan, actor=people.leader_a, version=plan.version, vision=plan.vision, framework=plan.framework
    )

    assert _versions_and_history(plan) == before


def test_saving_a_goal_exactly_as_it_is_changes_nothing(people):
    goal = GoalFactory(plan=PlanFactory(district=people.district_a))
    before = _versions_and_history(goal)
    data = {name: getattr(goal, name) for name in services.GOAL_FIELDS}

    services.goal_update(goal=goal, actor=people.leader_a, version=goal.version, data=data)

    assert _versions_and_history(goal) == before


def test_saving_an_activity_exactly_as_it_is_changes_nothing(people):
    activity = ActivityFactory(plan=PlanFactory(district=people.district_a))
    before = _versions_and_history(activity)
    data = {name: getattr(activity, name) for name in services.ACTIVITY_FIELDS}
    data |= {"categories": list(activity.categories.all()), "languages": list(activity.languages.all())}

    services.activity_update(activity=activity, actor=people.leader_a, version=activity.version, data=data)

    assert _versions_and_history(activity) == before


def test_saving_an_evaluation_or_reflection_exactly_as_it_is_changes_nothing(people):
    plan = PlanFactory(district=people.district_a)
    activity = ActivityFactory(plan=plan)
    plan = advance(plan, "approved")
    evaluation = services.activity_evaluate(activity=activity, actor=people.leader_a, data=EVALUATION)
    plan = services.plan_reflect(
        plan=plan, actor=people.leader_a, data={"reflection": "Good year."}, version=plan.version
    )
    evaluation_before, plan_before = _versions_and_history(evaluation), _versions_and_history(plan)

    services.activity_evaluate(activity=activity, actor=people.leader_a, data=EVALUATION, version=evaluation.version)
    services.plan_reflect(plan=plan, actor=people.leader_a, data={"reflection": "Good year."}, version=plan.version)

    assert _versions_and_history(evaluation) == evaluation_before
    assert _versions_and_history(plan) == plan_before


@pytest.mark.parametrize(
    ("model", "field"),
    [(Plan, "vision"), (Plan, "reflection"), (Goal, "statement"), (Activity, "description"), (Activity, "how_judged")],
)
def test_every_free_text_field_has_a_maximum_the_model_checks(model, field):
    limit = model._meta.get_field(field).max_length

    assert limit and limit <= 10_000
    with pytest.raises(ValidationError):
        model._meta.get_field(field).clean("x" * (limit + 1), None)


def test_a_vision_longer_than_its_maximum_is_refused_by_the_service(people):
    plan = PlanFactory(district=people.district_a)
    too_long = "x" * (Plan._meta.get_field("vision").max_length + 1)

    with pytest.raises(ValidationError) as refused:
        services.plan_update(
            plan=plan, actor=people.leader_a, version=plan.version, vision=too_long, framework=plan.framework
        )

    assert list(refused.value.message_dict) == ["vision"]
    plan.refresh_from_db()
    assert plan.vision == "Every family a partner in learning."


def test_a_plan_holds_a_bounded_number_of_goals_and_activities(people, monkeypatch):
    monkeypatch.setattr("partnerships.services.editing.MAX_GOALS", 2)
    monkeypatch.setattr("partnerships.services.editing.MAX_ACTIVITIES", 2)
    plan = PlanFactory(district=people.district_a)
    goal = GoalFactory(plan=plan)
    GoalFactory(plan=plan)
    ActivityFactory(plan=plan, goal=goal)
    ActivityFactory(plan=plan, goal=goal)

    with pytest.raises(Refused, match="at most 2 goals"):
        services.goal_create(plan=plan, actor=people.leader_a, data={"kind": "academic", "statement": "One more"})
    with pytest.raises(Refused, match="at most 2 activities"):
        services.activity_create(plan=plan, actor=people.leader_a, data={"goal": goal, "title": "One more"})

    assert (plan.goals.count(), plan.activities.count()) == (2, 2)


def test_a_participant_count_beyond_any_activity_is_refused_as_a_typo(people):
    plan = PlanFactory(district=people.district_a)
    activity = ActivityFactory(plan=plan)
    advance(plan, "approved")

    with pytest.raises(ValidationError) as refused:
        services.activity_evaluate(
            activity=activity, actor=people.leader_a, data=EVALUATION | {"families": 2_147_483_648}
        )

    assert list(refused.value.message_dict) == ["families"]
