"""Year end: evaluating activities, the reflection and Title I policy evaluation; carrying a plan forward."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerships.models import ActivityEvaluation, Plan, PlanKind, PlanStatus, PlanTransition
from partnerships.selectors import plan_history
from partnerships.services import (
    activity_evaluate,
    activity_update,
    plan_approve,
    plan_carry_forward,
    plan_mark_evaluated,
    plan_reflect,
    plan_reopen,
    plan_submit,
    plan_update,
)
from partnerships.tests.factories import ActivityFactory, GoalFactory, PlanFactory, advance
from pep.models import AuditEntry, Language
from pep.refusals import Incomplete, Refused
from pep.tests.factories import SchoolYearFactory

NEXT_PLANNING_OPENS = datetime.date(2027, 3, 1)
EVALUATED_AT = datetime.datetime(2027, 6, 10, 15, 0, tzinfo=ZoneInfo("America/Chicago"))
YEAR_END = datetime.date(2027, 6, 10)  # within the last months of 2026-27, when plans are marked evaluated

POLICY_EVALUATION = {
    "policy_barriers": "Meetings at times parents work.",
    "policy_family_needs": "Reading materials in Spanish.",
    "policy_strategies": "Evening meetings with childcare.",
    "policy_family_participation": "Parents on the review committee and a survey.",
}


def evaluation(**changes) -> dict:
    return {
        "implemented": "yes",
        "families": 42,
        "staff": 6,
        "students": 57,
        "quality": 4,
        "what_worked": "Families stayed to read together.",
        "what_to_change": "Start earlier in the year.",
        **changes,
    }


def approve(plan: Plan, people) -> Plan:
    plan_submit(plan=plan, actor=people.leader_a)
    return plan_approve(plan=plan, actor=people.coordinator)


def approved_plan(people, titles=("Family reading night",), **kwargs) -> Plan:
    plan = PlanFactory(district=people.district_a, **kwargs)
    goal = GoalFactory(plan=plan)
    for title in titles:
        ActivityFactory(plan=plan, goal=goal, title=title)
    return approve(plan, people)


def reflect(plan: Plan, actor, **data) -> Plan:
    """Write the year's reflection as someone who opened the form at the plan's saved version."""
    return plan_reflect(plan=plan, actor=actor, data=data, version=Plan.objects.get(pk=plan.pk).version)


def fully_evaluated(plan: Plan, people, **reflection) -> None:
    for activity in plan.activities.all():
        activity_evaluate(activity=activity, actor=people.leader_a, data=evaluation(), version=0)
    reflect(plan, people.leader_a, **{"reflection": "A good first year.", **reflection})


def next_year():
    return SchoolYearFactory(first_year=2027)  # 2027-28; planning opens on 2027-03-01


# --- evaluating activities -----------------------------------------------------------------


def test_the_owner_evaluates_an_activity_of_an_approved_plan(people):
    plan = approved_plan(people)
    activity = plan.activities.get()

    first = activity_evaluate(activity=activity, actor=people.leader_a, data=evaluation(), version=0)
    activity_evaluate(
        activity=activity,
        actor=people.leader_a,
        data=evaluation(quality=2, implemented="partly"),
        version=first.version,
    )

    saved = ActivityEvaluation.objects.get(activity=activity)
    assert (saved.quality, saved.implemented, saved.families) == (2, "partly", 42)
    assert saved.evaluated_by == people.leader_a
    assert not saved.is_strong


@pytest.mark.parametrize("status", [PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.RETURNED])
def test_activities_are_evaluated_only_once_the_plan_is_approved(people, status):
    activity = ActivityFactory(plan=PlanFactory(district=people.district_a))
    advance(activity.plan, status)

    with pytest.raises(Refused, match="once the plan is approved"):
        activity_evaluate(activity=activity, actor=people.leader_a, data=evaluation(), version=0)

    assert not ActivityEvaluation.objects.exists()


@pytest.mark.parametrize("actor", ["coordinator", "leader_b", "team_a"])
def test_only_the_plans_owners_evaluate_its_activities(people, actor):
    activity = approved_plan(people).activities.get()

    with pytest.raises(PermissionDenied):
        activity_evaluate(activity=activity, actor=people.by_role()[actor], data=evaluation(), version=0)

    assert not ActivityEvaluation.objects.exists()


def test_quality_is_rated_from_1_to_5(people):
    activity = approved_plan(people).activities.get()

    with pytest.raises(ValidationError) as refused:
        activity_evaluate(
            activity=activity, actor=people.leader_a, data=evaluation(quality=6, implemented="maybe"), version=0
        )

    assert set(refused.value.message_dict) == {"quality", "implemented"}
    assert not ActivityEvaluation.objects.exists()


def test_an_approved_plans_goals_and_activities_stay_locked_during_evaluation(people):
    plan = approved_plan(people)
    activity = plan.activities.get()

    with pytest.raises(Refused):
        activity_update(activity=activity, actor=people.leader_a, version=activity.version, data={"title": "New"})


# --- marking the plan evaluated ------------------------------------------------------------


def test_a_plan_is_not_marked_evaluated_while_an_activity_or_the_reflection_is_missing(people):
    plan = approved_plan(people, titles=("Family reading night", "Book swap"))
    activity_evaluate(
        activity=plan.activities.get(title="Family reading night"), actor=people.leader_a, data=evaluation(), version=0
    )

    with pytest.raises(Incomplete) as refused:
        plan_mark_evaluated(plan=plan, actor=people.leader_a, today=YEAR_END)

    assert refused.value.problems == ["Evaluate the activity “Book swap”.", "Write the reflection on the year."]
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.APPROVED


def test_a_whitespace_reflection_does_not_count(people):
    plan = approved_plan(people)
    with pytest.raises(Refused, match="nothing was saved"):
        fully_evaluated(plan, people, reflection="   ")
    assert Plan.objects.get(pk=plan.pk).version == plan.version

    with pytest.raises(Incomplete) as refused:
        plan_mark_evaluated(plan=plan, actor=people.leader_a, today=YEAR_END)

    assert refused.value.problems == ["Write the reflection on the year."]


def test_a_complete_evaluation_marks_the_plan_evaluated(people, time_machine):
    plan = approved_plan(people)
    fully_evaluated(plan, people)
    time_machine.move_to(EVALUATED_AT, tick=False)

    plan_mark_evaluated(plan=plan, actor=people.leader_a, today=YEAR_END)

    plan = Plan.objects.get(pk=plan.pk)
    assert plan.status == PlanStatus.EVALUATED
    assert plan.evaluated_at == EVALUATED_AT
    assert plan.reflection == "A good first year."
    transition = PlanTransition.objects.filter(plan=plan).last()
    assert (transition.from_status, transition.to_status, transition.actor) == (
        PlanStatus.APPROVED,
        PlanStatus.EVALUATED,
        people.leader_a,
    )
    assert AuditEntry.objects.filter(action="plan.evaluated", actor=people.leader_a).exists()
    saved = ActivityEvaluation.objects.get(activity__plan=plan)
    with pytest.raises(Refused, match="was marked evaluated"):
        activity_evaluate(
            activity=saved.activity, actor=people.leader_a, data=evaluation(quality=1), version=saved.version
        )
    saved.refresh_from_db()
    assert saved.quality == 4


def test_a_title_i_district_also_evaluates_its_family_engagement_policy(people):
    people.district_a.receives_title_i = True
    people.district_a.save()
    plan = approved_plan(people)
    fully_evaluated(plan, people)

    with pytest.raises(Incomplete) as refused:
        plan_mark_evaluated(plan=plan, actor=people.leader_a, today=YEAR_END)
    assert refused.value.problems == ["Record the annual evaluation of the family-engagement policy (Title I)."]

    reflect(plan, people.leader_a, **POLICY_EVALUATION)
    assert plan_mark_evaluated(plan=plan, actor=people.leader_a, today=YEAR_END).status == PlanStatus.EVALUATED


def test_a_title_i_policy_evaluation_must_say_what_families_need(people):
    """All four answers are needed, the families' needs too (once forgotten by evaluation_problems)."""
    people.district_a.receives_title_i = True
    people.district_a.save()
    plan = approved_plan(people)
    fully_evaluated(plan, people, **{**POLICY_EVALUATION, "policy_family_needs": ""})

    with pytest.raises(Incomplete) as refused:
        plan_mark_evaluated(plan=plan, actor=people.leader_a, today=YEAR_END)

    assert refused.value.problems == ["Record the annual evaluation of the family-engagement policy (Title I)."]


def test_a_school_plan_in_a_title_i_district_needs_no_policy_evaluation(people):
    people.district_a.receives_title_i = True
    people.district_a.save()
    plan = PlanFactory(kind=PlanKind.SCHOOL, district=people.district_a, school=people.school_a)
    ActivityFactory(plan=plan)
    plan_submit(plan=plan, actor=people.team_a)
    plan_approve(plan=plan, actor=people.coordinator)
    activity_evaluate(activity=plan.activities.get(), actor=people.team_a, data=evaluation(), version=0)
    reflect(plan, people.team_a, reflection="Families came back.")

    assert plan_mark_evaluated(plan=plan, actor=people.team_a, today=YEAR_END).status == PlanStatus.EVALUATED


def test_the_reflection_is_written_only_during_the_year_end_evaluation(people):
    plan = PlanFactory(district=people.district_a)

    with pytest.raises(Refused):
        reflect(plan, people.leader_a, reflection="Too early.")

    assert Plan.objects.get(pk=plan.pk).reflection == ""


# --- carrying a plan forward ---------------------------------------------------------------


def _plan_to_carry(people) -> Plan:
    """An evaluated district plan of 2026-27 with two goals and three activities, one changed once."""
    plan = PlanFactory(district=people.district_a, vision="Every family a partner.")
    categories = list(plan.framework.categories.order_by("order"))
    spanish, vietnamese = Language.objects.get(code="es"), Language.objects.get(code="vi")
    reading = GoalFactory(plan=plan, statement="Raise reading scores")
    climate = GoalFactory(plan=plan, statement="Welcome every family", kind="welcoming_climate")
    night = ActivityFactory(
        plan=plan,
        goal=reading,
        title="Family reading night",
        starts_on=datetime.date(2026, 10, 8),
        ends_on=datetime.date(2026, 10, 9),
        categories=categories[:4],
        languages=[spanish, vietnamese],
    )
    ActivityFactory(plan=plan, goal=reading, title="Book swap", starts_on=None, months=[9, 1])
    ActivityFactory(plan=plan, goal=climate, title="Welcome breakfast", categories=categories[4:])
    activity_update(activity=night, actor=people.leader_a, version=1, data={"title": "Family reading nights"})
    approve(plan, people)
    fully_evaluated(plan, people)
    return plan_mark_evaluated(plan=plan, actor=people.leader_a, today=YEAR_END)


def _outline(plan: Plan) -> list:
    return [
        (
            goal.statement,
            goal.kind,
            [
                (
                    activity.title,
                    [category.code for category in activity.categories.all()],
                    sorted(language.code for language in activity.languages.all()),
                    activity.months,
                )
                for activity in goal.activities.order_by("order")
            ],
        )
        for goal in plan.goals.all()
    ]


def test_carrying_a_plan_forward_starts_next_years_draft_with_the_same_goals_and_activities(people):
    plan = _plan_to_carry(people)
    following = next_year()

    new = plan_carry_forward(plan=plan, actor=people.leader_a, today=NEXT_PLANNING_OPENS)

    new = Plan.objects.get(pk=new.pk)
    assert (new.school_year, new.status, new.district, new.school) == (
        following,
        PlanStatus.DRAFT,
        people.district_a,
        None,
    )
    assert new.carried_over_from == plan
    assert new.vision == "Every family a partner."
    assert new.reflection == ""
    assert _outline(new) == _outline(plan)
    assert _outline(new)[0][2][0] == (
        "Family reading nights",
        ["parenting", "communicating", "volunteering", "learning-at-home"],
        ["es", "vi"],
        [],
    )
    night = new.activities.get(title="Family reading nights")
    assert (night.starts_on, night.ends_on) == (datetime.date(2027, 10, 8), datetime.date(2027, 10, 9))
    assert new.activities.get(title="Book swap").starts_on is None
    assert not ActivityEvaluation.objects.filter(activity__plan=new).exists()
    assert ActivityEvaluation.objects.filter(activity__plan=plan).count() == 3
    assert AuditEntry.objects.filter(action="plan.carry_forward", actor=people.leader_a).exists()


def test_a_carried_forward_plan_starts_with_a_fresh_history(people):
    plan = _plan_to_carry(people)
    next_year()

    new = plan_carry_forward(plan=plan, actor=people.leader_a, today=NEXT_PLANNING_OPENS)

    history = plan_history(new)
    new_activities = set(new.activities.values_list("pk", flat=True))
    activity_entries = [entry for entry in history if entry.subject == "activity"]
    assert {entry.object_id for entry in activity_entries} == new_activities
    assert not any(label == "Title" for entry in activity_entries for label, _, _ in entry.changes)
    assert {entry.kind for entry in history if entry.subject != "activity"} == {"+"}
    assert all(entry.who == people.leader_a for entry in history)


def test_the_carried_forward_draft_can_be_edited_and_submitted(people):
    plan = _plan_to_carry(people)
    next_year()
    new = plan_carry_forward(plan=plan, actor=people.leader_a, today=NEXT_PLANNING_OPENS)

    plan_update(
        plan=new, actor=people.leader_a, version=new.version, vision="Every family a leader.", framework=new.framework
    )

    assert plan_submit(plan=new, actor=people.leader_a).status == PlanStatus.SUBMITTED


def test_an_activity_on_29_february_is_carried_to_28_february(people):
    leap_year = SchoolYearFactory(first_year=2027)
    SchoolYearFactory(first_year=2028)
    plan = PlanFactory(district=people.district_a, school_year=leap_year)
    ActivityFactory(plan=plan, starts_on=datetime.date(2028, 2, 29), ends_on=datetime.date(2028, 2, 29))
    approve(plan, people)

    new = plan_carry_forward(plan=plan, actor=people.leader_a, today=datetime.date(2028, 3, 1))

    activity = new.activities.get()
    assert (activity.starts_on, activity.ends_on) == (datetime.date(2029, 2, 28), datetime.date(2029, 2, 28))


def test_carried_forward_dates_fall_within_the_next_school_year(people):
    plan = PlanFactory(district=people.district_a)  # 2026-27 runs from 1 July to 30 June
    ActivityFactory(plan=plan, starts_on=datetime.date(2026, 7, 20), ends_on=datetime.date(2026, 7, 20))
    approve(plan, people)
    following = SchoolYearFactory(
        first_year=2027, starts_on=datetime.date(2027, 8, 15), ends_on=datetime.date(2028, 6, 5)
    )

    new = plan_carry_forward(plan=plan, actor=people.leader_a, today=NEXT_PLANNING_OPENS)

    activity = new.activities.get()
    for day in (activity.starts_on, activity.ends_on):
        assert day is None or following.starts_on <= day <= following.ends_on


def test_a_plan_cannot_be_carried_forward_before_next_years_planning_opens(people):
    plan = _plan_to_carry(people)
    next_year()

    with pytest.raises(Refused, match="has not opened yet"):
        plan_carry_forward(plan=plan, actor=people.leader_a, today=NEXT_PLANNING_OPENS - datetime.timedelta(days=1))

    assert Plan.objects.count() == 1


def test_a_plan_cannot_be_carried_forward_when_next_year_is_not_set_up(people):
    plan = _plan_to_carry(people)

    with pytest.raises(Refused, match="has not opened yet"):
        plan_carry_forward(plan=plan, actor=people.leader_a, today=NEXT_PLANNING_OPENS)

    assert Plan.objects.count() == 1


def test_a_plan_cannot_be_carried_forward_when_next_years_plan_exists(people):
    plan = _plan_to_carry(people)
    PlanFactory(district=people.district_a, school_year=next_year(), vision="Started from scratch")

    with pytest.raises(Refused, match="already"):
        plan_carry_forward(plan=plan, actor=people.leader_a, today=NEXT_PLANNING_OPENS)

    assert Plan.objects.count() == 2
    assert not Plan.objects.filter(carried_over_from=plan).exists()


def test_a_plan_is_carried_forward_only_once(people):
    plan = _plan_to_carry(people)
    next_year()
    plan_carry_forward(plan=plan, actor=people.leader_a, today=NEXT_PLANNING_OPENS)

    with pytest.raises(Refused, match="already"):
        plan_carry_forward(plan=plan, actor=people.leader_a, today=NEXT_PLANNING_OPENS)

    assert Plan.objects.count() == 2


def test_carrying_forward_goes_by_the_saved_plan_not_the_callers_copy(people):
    plan = PlanFactory(district=people.district_a)
    ActivityFactory(plan=plan)
    loaded_as_draft = Plan.objects.get(pk=plan.pk)
    approve(plan, people)
    next_year()

    new = plan_carry_forward(plan=loaded_as_draft, actor=people.leader_a, today=NEXT_PLANNING_OPENS)

    assert new.carried_over_from == plan


def test_a_draft_loaded_before_its_approval_was_undone_is_not_carried_forward(people):
    plan = approved_plan(people)
    loaded_as_approved = Plan.objects.get(pk=plan.pk)
    plan_reopen(plan=plan, actor=people.coordinator, reason="The budget changed.")
    next_year()

    with pytest.raises(Refused, match="approved or evaluated"):
        plan_carry_forward(plan=loaded_as_approved, actor=people.leader_a, today=NEXT_PLANNING_OPENS)

    assert Plan.objects.count() == 1


@pytest.mark.parametrize("status", [PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.RETURNED])
def test_only_an_approved_or_evaluated_plan_is_carried_forward(people, status):
    plan = PlanFactory(district=people.district_a)
    ActivityFactory(plan=plan)
    plan = advance(plan, status)
    next_year()

    with pytest.raises(Refused, match="approved or evaluated"):
        plan_carry_forward(plan=plan, actor=people.leader_a, today=NEXT_PLANNING_OPENS)

    assert Plan.objects.count() == 1


@pytest.mark.parametrize("actor", ["coordinator", "leader_b", "team_a"])
def test_only_the_plans_owners_carry_it_forward(people, actor):
    plan = _plan_to_carry(people)
    next_year()

    with pytest.raises(PermissionDenied):
        plan_carry_forward(plan=plan, actor=people.by_role()[actor], today=NEXT_PLANNING_OPENS)

    assert Plan.objects.count() == 1
