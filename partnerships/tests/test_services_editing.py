"""Editing a plan: goals and activities, what fits a plan, edit conflicts, history and restore, figures."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerships.models import Activity, Category, Framework, Goal, Plan, PlanStatus
from partnerships.selectors import plan_history, plans_with_figures
from partnerships.services import (
    activity_create,
    activity_delete,
    activity_move,
    activity_restore,
    activity_update,
    goal_create,
    goal_delete,
    goal_move,
    goal_update,
    plan_submit,
    plan_update,
)
from partnerships.tests.factories import ActivityFactory, GoalFactory, PlanFactory, advance
from pep.edit_checks import EditConflict, FieldChange
from pep.models import AuditEntry, Language
from pep.refusals import Refused
from pep.tests.factories import district_leader


def six_types() -> list[Category]:
    return list(Framework.objects.get(code="six-types").categories.order_by("order"))


def draft(people, **kwargs) -> Plan:
    return PlanFactory(district=people.district_a, **kwargs)


def goal_data(**changes) -> dict:
    return {
        "kind": "academic",
        "statement": "Raise reading scores",
        "desired_result": "More students read at grade level.",
        "how_measured": "Spring reading assessment",
        "baseline": "52%",
        "target": "60%",
        **changes,
    }


def activity_data(goal: Goal, **changes) -> dict:
    return {
        "goal": goal,
        "title": "Family reading night",
        "description": "Families read with their children in the library.",
        "starts_on": datetime.date(2026, 10, 8),
        "ends_on": datetime.date(2026, 10, 8),
        "person_in_charge": "Ms. Ortiz",
        "estimated_cost": Decimal("250.00"),
        "how_judged": "Sign-in sheets and a short family survey",
        "categories": six_types()[:4],
        **changes,
    }


def second_leader_of_a(people):
    return district_leader(people.district_a, username="leader_a2", first_name="Omar")


def titles(plan: Plan) -> list[str]:
    return list(Activity.objects.filter(plan=plan).order_by("goal__order", "order").values_list("title", flat=True))


# --- goals ---------------------------------------------------------------------------------


def test_goals_are_numbered_in_the_order_they_are_added(people):
    plan = draft(people)

    first = goal_create(plan=plan, actor=people.leader_a, data=goal_data())
    second = goal_create(plan=plan, actor=people.leader_a, data=goal_data(statement="Welcome every family"))

    assert [(goal.statement, goal.order) for goal in plan.goals.all()] == [
        ("Raise reading scores", 1),
        ("Welcome every family", 2),
    ]
    assert (first.version, second.version) == (1, 1)


def test_a_goal_needs_a_statement_and_a_known_kind(people):
    plan = draft(people)

    with pytest.raises(ValidationError) as refused:
        goal_create(plan=plan, actor=people.leader_a, data=goal_data(statement="", kind="financial"))

    assert set(refused.value.message_dict) == {"statement", "kind"}
    assert not plan.goals.exists()


def test_changing_a_goal_saves_it_as_a_new_version(people):
    goal = goal_create(plan=draft(people), actor=people.leader_a, data=goal_data())

    goal_update(goal=goal, actor=people.leader_a, version=1, data=goal_data(target="65%"))

    goal.refresh_from_db()
    assert (goal.target, goal.version) == ("65%", 2)


def test_deleting_a_goal_deletes_its_activities_and_nothing_else(people):
    plan = draft(people)
    reading, climate = GoalFactory(plan=plan), GoalFactory(plan=plan)
    ActivityFactory(plan=plan, goal=reading, title="Reading night")
    ActivityFactory(plan=plan, goal=reading, title="Book swap")
    ActivityFactory(plan=plan, goal=climate, title="Welcome breakfast")

    goal_delete(goal=reading, actor=people.leader_a)

    assert list(plan.goals.all()) == [climate]
    assert titles(plan) == ["Welcome breakfast"]


def test_goals_move_up_and_down(people):
    plan = draft(people)
    first, second, third = (GoalFactory(plan=plan, statement=f"Goal {n}") for n in (1, 2, 3))

    goal_move(goal=third, actor=people.leader_a, direction="up")
    assert [goal.statement for goal in plan.goals.all()] == ["Goal 1", "Goal 3", "Goal 2"]

    goal_move(goal=first, actor=people.leader_a, direction="down")
    assert [goal.statement for goal in plan.goals.all()] == ["Goal 3", "Goal 1", "Goal 2"]

    goal_move(goal=second, actor=people.leader_a, direction="down")  # already last: nothing moves
    assert [goal.statement for goal in plan.goals.all()] == ["Goal 3", "Goal 1", "Goal 2"]


# --- activities ----------------------------------------------------------------------------


def test_an_activity_is_added_to_a_goal_with_its_categories_and_languages(people):
    plan = draft(people)
    goal = GoalFactory(plan=plan)
    spanish = Language.objects.get(code="es")

    first = activity_create(plan=plan, actor=people.leader_a, data=activity_data(goal, languages=[spanish]))
    second = activity_create(plan=plan, actor=people.leader_a, data=activity_data(goal, title="Book swap"))

    first.refresh_from_db()
    assert (first.goal, first.order, first.title) == (goal, 1, "Family reading night")
    assert [category.code for category in first.categories.all()] == [
        "parenting",
        "communicating",
        "volunteering",
        "learning-at-home",
    ]
    assert list(first.languages.all()) == [spanish]
    assert second.order == 2


def test_changing_an_activity_saves_its_fields_and_categories(people):
    plan = draft(people)
    activity = activity_create(plan=plan, actor=people.leader_a, data=activity_data(GoalFactory(plan=plan)))
    decision_making = six_types()[4]

    activity_update(
        activity=activity,
        actor=people.leader_a,
        version=activity.version,
        data=activity_data(activity.goal, title="Family math night", categories=[decision_making]),
    )

    activity.refresh_from_db()
    assert activity.title == "Family math night"
    assert list(activity.categories.all()) == [decision_making]
    assert activity.version == 2


def test_an_activity_is_deleted(people):
    plan = draft(people)
    activity = ActivityFactory(plan=plan, title="Reading night")
    ActivityFactory(plan=plan, goal=activity.goal, title="Book swap")

    activity_delete(activity=activity, actor=people.leader_a)

    assert titles(plan) == ["Book swap"]


def test_activities_move_up_and_down_within_their_goal(people):
    plan = draft(people)
    goal = GoalFactory(plan=plan)
    first, second, _ = (ActivityFactory(plan=plan, goal=goal, title=title) for title in ("A", "B", "C"))

    activity_move(activity=second, actor=people.leader_a, direction="up")
    assert titles(plan) == ["B", "A", "C"]

    activity_move(activity=second, actor=people.leader_a, direction="up")  # already first: nothing moves
    assert titles(plan) == ["B", "A", "C"]

    activity_move(activity=first, actor=people.leader_a, direction="down")
    assert titles(plan) == ["B", "C", "A"]


def test_moving_does_not_count_as_a_change_for_open_edit_forms(people):
    plan = draft(people)
    goal = GoalFactory(plan=plan)
    first = ActivityFactory(plan=plan, goal=goal)
    ActivityFactory(plan=plan, goal=goal)

    activity_move(activity=first, actor=people.leader_a, direction="down")

    activity_update(activity=first, actor=people.leader_a, version=1, data={"title": "Still version one"})
    first.refresh_from_db()
    assert first.title == "Still version one"


# --- what fits a plan ----------------------------------------------------------------------


def test_an_activity_under_a_goal_of_another_plan_is_refused(people):
    plan = draft(people)
    other_goal = GoalFactory(plan=PlanFactory(district=people.district_b))

    with pytest.raises(ValidationError) as refused:
        activity_create(plan=plan, actor=people.leader_a, data=activity_data(other_goal))

    assert list(refused.value.message_dict) == ["goal"]
    assert not Activity.objects.exists()


def test_a_category_of_another_framework_is_refused(people):
    plan = draft(people)
    activity = ActivityFactory(plan=plan)
    other = Framework.objects.get(code="four-principles").categories.first()

    with pytest.raises(ValidationError) as refused:
        activity_create(
            plan=plan, actor=people.leader_a, data=activity_data(activity.goal, categories=[*six_types()[:3], other])
        )
    assert list(refused.value.message_dict) == ["categories"]
    assert "Six types of involvement" in refused.value.message_dict["categories"][0]

    with pytest.raises(ValidationError) as refused:
        activity_update(activity=activity, actor=people.leader_a, version=1, data={"categories": [other]})
    assert list(refused.value.message_dict) == ["categories"]
    assert activity.categories.count() == 4


@pytest.mark.parametrize(
    ("field", "day"),
    [
        ("starts_on", datetime.date(2026, 6, 30)),  # the day before the school year starts
        ("ends_on", datetime.date(2027, 7, 1)),  # the day after it ends
    ],
)
def test_a_date_outside_the_plans_school_year_is_refused(people, field, day):
    plan = draft(people)
    goal = GoalFactory(plan=plan)
    activity = ActivityFactory(plan=plan, goal=goal, title="Reading night")

    with pytest.raises(ValidationError) as refused:
        activity_create(plan=plan, actor=people.leader_a, data=activity_data(goal, **{field: day}))
    assert list(refused.value.message_dict) == [field]
    assert "2026-27" in refused.value.message_dict[field][0]

    with pytest.raises(ValidationError) as refused:
        activity_update(activity=activity, actor=people.leader_a, version=1, data={field: day})
    assert list(refused.value.message_dict) == [field]
    assert titles(plan) == ["Reading night"]


def test_the_first_and_last_days_of_the_school_year_are_allowed(people):
    plan = draft(people)
    data = activity_data(
        GoalFactory(plan=plan), starts_on=datetime.date(2026, 7, 1), ends_on=datetime.date(2027, 6, 30)
    )

    activity = activity_create(plan=plan, actor=people.leader_a, data=data)

    assert (activity.starts_on, activity.ends_on) == (datetime.date(2026, 7, 1), datetime.date(2027, 6, 30))


def test_an_activity_cannot_end_before_it_starts(people):
    plan = draft(people)
    data = activity_data(
        GoalFactory(plan=plan), starts_on=datetime.date(2026, 10, 8), ends_on=datetime.date(2026, 10, 1)
    )

    with pytest.raises(ValidationError, match="cannot end before it starts"):
        activity_create(plan=plan, actor=people.leader_a, data=data)

    assert not Activity.objects.exists()


def test_the_framework_can_change_only_while_no_activity_is_tagged(people):
    plan = draft(people)
    activity = ActivityFactory(plan=plan)
    four_principles = Framework.objects.get(code="four-principles")

    with pytest.raises(Refused, match="untag them first"):
        plan_update(plan=plan, actor=people.leader_a, version=1, vision=plan.vision, framework=four_principles)

    activity.categories.clear()
    plan_update(plan=plan, actor=people.leader_a, version=1, vision=plan.vision, framework=four_principles)
    plan.refresh_from_db()
    assert plan.framework == four_principles


# --- who may edit, and when ----------------------------------------------------------------


def _edits(people, plan: Plan) -> dict:
    goal = plan.goals.first()
    activity = plan.activities.first()
    return {
        "plan_update": lambda actor: plan_update(
            plan=plan, actor=actor, version=plan.version, vision="New vision", framework=plan.framework
        ),
        "goal_create": lambda actor: goal_create(plan=plan, actor=actor, data=goal_data()),
        "goal_update": lambda actor: goal_update(goal=goal, actor=actor, version=1, data={"target": "99%"}),
        "goal_delete": lambda actor: goal_delete(goal=goal, actor=actor),
        "goal_move": lambda actor: goal_move(goal=goal, actor=actor, direction="down"),
        "activity_create": lambda actor: activity_create(plan=plan, actor=actor, data=activity_data(goal)),
        "activity_update": lambda actor: activity_update(
            activity=activity, actor=actor, version=1, data={"title": "Changed"}
        ),
        "activity_delete": lambda actor: activity_delete(activity=activity, actor=actor),
        "activity_move": lambda actor: activity_move(activity=activity, actor=actor, direction="down"),
    }


EDITS = [
    "plan_update",
    "goal_create",
    "goal_update",
    "goal_delete",
    "goal_move",
    "activity_create",
    "activity_update",
    "activity_delete",
    "activity_move",
]


def _snapshot(plan: Plan):
    plan.refresh_from_db()
    goals = list(Goal.objects.filter(plan=plan).values_list("pk", "order", "target"))
    activities = list(Activity.objects.filter(plan=plan).values_list("pk", "order", "title"))
    return plan.vision, plan.version, goals, activities


@pytest.mark.parametrize("status", [PlanStatus.SUBMITTED, PlanStatus.APPROVED, PlanStatus.EVALUATED])
@pytest.mark.parametrize("edit", EDITS)
def test_a_plan_under_review_or_approved_cannot_be_edited(people, status, edit):
    plan = draft(people)
    ActivityFactory(plan=plan, goal=GoalFactory(plan=plan))
    ActivityFactory(plan=plan, goal=GoalFactory(plan=plan))
    plan = advance(plan, status)
    before = _snapshot(plan)

    with pytest.raises(Refused, match=f"This plan's status is “{PlanStatus(status).label}”"):
        _edits(people, plan)[edit](people.leader_a)

    assert _snapshot(plan) == before


@pytest.mark.parametrize("actor", ["coordinator", "leader_b", "team_a", "nobody"])
@pytest.mark.parametrize("edit", EDITS)
def test_only_the_plans_owners_may_edit_it(people, actor, edit):
    plan = draft(people)
    GoalFactory(plan=plan)
    ActivityFactory(plan=plan, goal=GoalFactory(plan=plan))
    before = _snapshot(plan)

    with pytest.raises(PermissionDenied):
        _edits(people, plan)[edit](people.by_role()[actor])

    assert _snapshot(plan) == before


def test_a_returned_plan_can_be_edited_again(people):
    plan = draft(people)
    ActivityFactory(plan=plan, goal=GoalFactory(plan=plan, statement="Raise attendance"))
    plan = advance(plan, PlanStatus.RETURNED)

    goal_create(plan=plan, actor=people.leader_a, data=goal_data())

    assert [goal.statement for goal in plan.goals.all()] == ["Raise attendance", "Raise reading scores"]


# --- two people editing at once ------------------------------------------------------------


def test_a_second_save_of_an_activity_opened_at_the_same_version_is_refused_with_the_differences(people):
    colleague = second_leader_of_a(people)
    plan = draft(people)
    activity = activity_create(plan=plan, actor=people.leader_a, data=activity_data(GoalFactory(plan=plan)))
    opened_at = activity.version
    parenting, communicating, volunteering, _, _, community = six_types()
    history_before = activity.history.count()

    activity_update(
        activity=activity,
        actor=people.leader_a,
        version=opened_at,
        data=activity_data(
            activity.goal, title="Family math night", categories=[parenting, communicating, volunteering, community]
        ),
    )
    history_after_first_save = activity.history.count()
    assert history_after_first_save > history_before

    with pytest.raises(EditConflict) as conflict:
        activity_update(
            activity=activity,
            actor=colleague,
            version=opened_at,
            data=activity_data(activity.goal, title="Family reading and math night", person_in_charge="Mr. Lee"),
        )

    assert conflict.value.changes == [
        FieldChange("Title", "Family math night", "Family reading and math night"),
        FieldChange("Person in charge", "Ms. Ortiz", "Mr. Lee"),
        FieldChange(
            "Categories",
            "Parenting, Communicating, Volunteering, Collaborating with community",
            "Parenting, Communicating, Volunteering, Learning at home",
        ),
    ]
    assert conflict.value.saved_by == people.leader_a
    assert conflict.value.saved_at == activity.history.latest("history_date").history_date
    activity.refresh_from_db()
    assert activity.title == "Family math night"
    assert activity.person_in_charge == "Ms. Ortiz"
    assert set(activity.categories.all()) == {parenting, communicating, volunteering, community}
    assert activity.version == opened_at + 1
    assert activity.history.count() == history_after_first_save


def test_a_second_save_of_a_goal_opened_at_the_same_version_is_refused_with_the_differences(people):
    colleague = second_leader_of_a(people)
    goal = goal_create(plan=draft(people), actor=people.leader_a, data=goal_data())

    goal_update(goal=goal, actor=colleague, version=1, data=goal_data(statement="Raise reading", target="65%"))

    with pytest.raises(EditConflict) as conflict:
        goal_update(goal=goal, actor=people.leader_a, version=1, data=goal_data(baseline="50%"))

    assert conflict.value.changes == [
        FieldChange("Goal", "Raise reading", "Raise reading scores"),
        FieldChange("Baseline", "52%", "50%"),
        FieldChange("Target", "65%", "60%"),
    ]
    assert conflict.value.saved_by == colleague
    goal.refresh_from_db()
    assert (goal.statement, goal.baseline, goal.target, goal.version) == ("Raise reading", "52%", "65%", 2)


def test_a_second_save_of_a_plan_opened_at_the_same_version_is_refused_with_the_differences(people):
    colleague = second_leader_of_a(people)
    plan = draft(people, vision="Every family a partner.")
    framework = plan.framework

    plan_update(
        plan=plan, actor=people.leader_a, version=1, vision="Every family a partner in learning.", framework=framework
    )

    with pytest.raises(EditConflict) as conflict:
        plan_update(plan=plan, actor=colleague, version=1, vision="Families lead.", framework=framework)

    assert conflict.value.changes == [FieldChange("Vision", "Every family a partner in learning.", "Families lead.")]
    assert conflict.value.saved_by == people.leader_a
    plan.refresh_from_db()
    assert (plan.vision, plan.version) == ("Every family a partner in learning.", 2)


def test_saving_again_with_the_new_version_after_a_conflict_succeeds(people):
    colleague = second_leader_of_a(people)
    goal = goal_create(plan=draft(people), actor=people.leader_a, data=goal_data())
    goal_update(goal=goal, actor=colleague, version=1, data=goal_data(target="65%"))

    with pytest.raises(EditConflict) as conflict:
        goal_update(goal=goal, actor=people.leader_a, version=1, data=goal_data(baseline="50%"))
    goal_update(goal=goal, actor=people.leader_a, version=conflict.value.current.version, data={"baseline": "50%"})

    goal.refresh_from_db()
    assert (goal.baseline, goal.target, goal.version) == ("50%", "65%", 3)


# --- history and restore -------------------------------------------------------------------


def _an_activity_changed_twice(people):
    """An activity created by leader A, then changed twice; returns it and the record of its creation."""
    plan = draft(people)
    parenting, *_, decision_making, community = six_types()
    activity = activity_create(plan=plan, actor=people.leader_a, data=activity_data(GoalFactory(plan=plan)))
    activity = activity_update(
        activity=activity,
        actor=people.leader_a,
        version=activity.version,
        data={"title": "Family math night", "categories": [parenting, decision_making, community]},
    )
    activity = activity_update(
        activity=activity,
        actor=people.leader_a,
        version=activity.version,
        data={"title": "Family science night", "categories": [community]},
    )
    return activity, activity.history.get(history_type="+")


def test_a_coordinator_restores_an_activity_as_it_was_created(people):
    activity, created = _an_activity_changed_twice(people)

    activity_restore(activity=activity, actor=people.coordinator, history_id=created.history_id)

    activity.refresh_from_db()
    assert activity.title == "Family reading night"
    assert [category.code for category in activity.categories.all()] == [
        "parenting",
        "communicating",
        "volunteering",
        "learning-at-home",
    ]
    entry = AuditEntry.objects.get(action="activity.restore")
    assert entry.actor == people.coordinator
    assert entry.district == people.district_a
    assert "Family reading night" in entry.summary
    latest = activity.history.order_by("-history_id").first()
    assert (latest.history_type, latest.history_user, latest.title) == ("~", people.coordinator, "Family reading night")


def test_a_coordinator_restores_a_version_between_two_changes(people):
    activity, _ = _an_activity_changed_twice(people)
    first_change = activity.history.get(title="Family math night")

    activity_restore(activity=activity, actor=people.coordinator, history_id=first_change.history_id)

    activity.refresh_from_db()
    assert activity.title == "Family math night"
    assert [category.code for category in activity.categories.all()] == ["parenting", "decision-making", "community"]


def test_one_change_to_an_activity_is_one_entry_in_the_plans_history(people):
    """Not one entry for the save and more for each category removed or added, states nobody saved."""
    plan = draft(people)
    activity = activity_create(plan=plan, actor=people.leader_a, data=activity_data(GoalFactory(plan=plan)))
    decision_making = six_types()[4]

    activity_update(
        activity=activity,
        actor=people.leader_a,
        version=activity.version,
        data={"title": "Family math night", "categories": [decision_making]},
    )

    activity_entries = [entry for entry in plan_history(plan) if entry.subject == "activity"]
    assert [entry.kind for entry in activity_entries] == ["~", "+"]
    assert set(activity_entries[0].changes) == {
        ("Title", "Family reading night", "Family math night"),
        ("Categories", "Parenting, Communicating, Volunteering, Learning at home", "Decision making"),
    }


def test_a_version_tagged_under_the_plans_former_framework_is_not_restored(people):
    plan = draft(people)
    activity = activity_create(plan=plan, actor=people.leader_a, data=activity_data(GoalFactory(plan=plan)))
    tagged = activity.history.get(history_type="+")
    activity = activity_update(activity=activity, actor=people.leader_a, version=1, data={"categories": []})
    four_principles = Framework.objects.get(code="four-principles")
    plan_update(plan=plan, actor=people.leader_a, version=1, vision=plan.vision, framework=four_principles)

    with pytest.raises((Refused, ValidationError)):
        activity_restore(activity=activity, actor=people.coordinator, history_id=tagged.history_id)

    assert not activity.categories.exclude(framework=four_principles).exists()


@pytest.mark.parametrize("actor", ["leader_a", "team_a", "nobody"])
def test_only_a_coordinator_may_restore_an_activity(people, actor):
    activity, created = _an_activity_changed_twice(people)

    with pytest.raises(PermissionDenied):
        activity_restore(activity=activity, actor=people.by_role()[actor], history_id=created.history_id)

    activity.refresh_from_db()
    assert activity.title == "Family science night"
    assert not AuditEntry.objects.filter(action="activity.restore").exists()


def test_a_version_of_another_activity_cannot_be_restored(people):
    activity, _ = _an_activity_changed_twice(people)
    other = ActivityFactory(plan=activity.plan, goal=activity.goal, title="Book swap")

    with pytest.raises(Refused, match="does not exist"):
        activity_restore(
            activity=activity, actor=people.coordinator, history_id=other.history.earliest("history_date").history_id
        )


def test_the_plans_history_shows_each_change_with_readable_labels_and_values(people):
    activity, _ = _an_activity_changed_twice(people)
    plan = activity.plan
    book_swap = activity_create(
        plan=plan, actor=people.leader_a, data=activity_data(activity.goal, title="Book swap")
    )  # with four categories, so that the plan can be submitted
    plan_submit(plan=plan, actor=people.leader_a)

    history = plan_history(plan)

    assert [entry.when for entry in history] == sorted((entry.when for entry in history), reverse=True)
    plan_changes = [change for entry in history if entry.subject == "plan" for change in entry.changes]
    assert ("Status", "Draft", "Submitted") in plan_changes
    assert any(label == "Submitted" and before == "—" for label, before, _ in plan_changes)
    activity_changes = [change for entry in history if entry.subject == "activity" for change in entry.changes]
    assert ("Title", "Family reading night", "Family math night") in activity_changes
    assert ("Title", "Family math night", "Family science night") in activity_changes
    category_afters = [after for label, _, after in activity_changes if label == "Categories"]
    assert "Collaborating with community" in category_afters
    assert all(entry.who == people.leader_a for entry in history if entry.subject == "activity")
    restorable = [entry for entry in history if entry.restorable]
    assert restorable
    assert all(entry.subject == "activity" and entry.object_id in {activity.pk, book_swap.pk} for entry in restorable)
    assert history[0].subject == "plan"


# --- figures for the plan list -------------------------------------------------------------


def test_the_plan_list_counts_goals_activities_categories_and_costs(people):
    plan = draft(people)
    parenting, communicating, volunteering, *_ = six_types()
    reading, climate = GoalFactory(plan=plan), GoalFactory(plan=plan)
    ActivityFactory(plan=plan, goal=reading, estimated_cost=Decimal("250.50"), categories=[parenting])
    ActivityFactory(plan=plan, goal=reading, estimated_cost=Decimal("100.25"), categories=[parenting, communicating])
    ActivityFactory(plan=plan, goal=climate, estimated_cost=Decimal("0.25"), categories=[volunteering])
    ActivityFactory(plan=PlanFactory(district=people.district_b), estimated_cost=Decimal("999"))
    empty = draft(people, kind="school", school=people.school_a)

    figures = plans_with_figures(people.coordinator).get(pk=plan.pk)

    assert (figures.goal_count, figures.activity_count, figures.categories_covered) == (2, 3, 3)
    assert figures.total_cost == Decimal("351.00")
    assert isinstance(figures.total_cost, Decimal)
    nothing = plans_with_figures(people.coordinator).get(pk=empty.pk)
    assert (nothing.goal_count, nothing.activity_count, nothing.categories_covered, nothing.total_cost) == (
        0,
        0,
        0,
        0,
    )


def test_the_plan_list_shows_each_person_only_their_plans(people):
    plan = draft(people)
    PlanFactory(district=people.district_b)

    assert list(plans_with_figures(people.leader_a)) == [plan]
    assert plans_with_figures(people.coordinator).count() == 2
    assert not plans_with_figures(people.nobody).exists()
