"""Working together on plans, in the services: district leaders follow their schools' plans, the
year's evaluation closes near the year's end and can be reopened, a plan needs a vision."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from partnerships.models import Plan, PlanComment, PlanKind, PlanStatus
from partnerships.services import (
    activity_evaluate,
    completeness_problems,
    plan_approve,
    plan_comment,
    plan_create,
    plan_mark_evaluated,
    plan_reflect,
    plan_reopen,
    plan_return,
    plan_submit,
)
from partnerships.services.editing import PlanExists
from partnerships.tests.factories import EVALUATION, ActivityFactory, PlanFactory, advance
from pep.models import AuditEntry, Role
from pep.refusals import Incomplete, Refused
from pep.tests.factories import MembershipFactory, SchoolYearFactory

LAST_DAY_BEFORE_EVALUATION = datetime.date(2027, 4, 30)  # 2026-27 ends on 30 June; two months before
FIRST_DAY_OF_EVALUATION = datetime.date(2027, 5, 1)


def school_plan(people, school=None) -> Plan:
    plan = PlanFactory(kind=PlanKind.SCHOOL, school=school or people.school_a)
    ActivityFactory(plan=plan, title="Family reading night")
    return plan


def subjects_to(address: str) -> list[str]:
    """The English subject of each message to `address` (people without a language get both)."""
    return [message.subject.split(" / ")[0] for message in mail.outbox if address in message.to]


# --- district leaders and their schools' plans -------------------------------------------


def test_a_district_leader_comments_on_a_school_plan_of_their_district(people):
    plan = school_plan(people)

    plan_comment(plan=plan, actor=people.leader_a, text="Could the PTA help with the reading night?")

    assert PlanComment.objects.get(plan=plan).author == people.leader_a


def test_a_district_leader_cannot_comment_on_another_districts_school_plan(people):
    plan = school_plan(people, school=people.school_b)

    with pytest.raises(PermissionDenied):
        plan_comment(plan=plan, actor=people.leader_a, text="Looks good.")
    assert not PlanComment.objects.exists()


def test_a_district_leader_neither_approves_nor_returns_a_school_plan(people):
    plan = advance(school_plan(people), PlanStatus.SUBMITTED)

    with pytest.raises(PermissionDenied):
        plan_approve(plan=plan, actor=people.leader_a)
    with pytest.raises(PermissionDenied):
        plan_return(plan=plan, actor=people.leader_a, comment="Add a target.")
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.SUBMITTED


def test_the_district_leader_is_told_of_a_school_plans_submission_and_return(
    people, django_capture_on_commit_callbacks
):
    plan = school_plan(people)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        plan_submit(plan=plan, actor=people.team_a, comment="Our first plan.")
    assert subjects_to(people.leader_a.email) == ["A plan of your district was submitted: Alder Elementary"]
    assert "Our first plan." in next(m.body for m in mail.outbox if people.leader_a.email in m.to)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        plan_return(plan=plan, actor=people.coordinator, comment="Add a target to goal 1.")
    assert subjects_to(people.leader_a.email) == ["A plan of your district was returned for changes: Alder Elementary"]
    assert subjects_to(people.leader_b.email) == []


def test_a_leader_of_another_district_is_not_told(people, django_capture_on_commit_callbacks):
    plan = school_plan(people, school=people.school_b)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        plan_submit(plan=plan, actor=people.team_b)

    assert subjects_to(people.leader_b.email) == ["A plan of your district was submitted: Birch Middle"]
    assert subjects_to(people.leader_a.email) == []


def test_a_district_leader_is_not_told_twice_of_their_own_district_plan(people, django_capture_on_commit_callbacks):
    plan = PlanFactory(district=people.district_a)
    ActivityFactory(plan=plan)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        plan_submit(plan=plan, actor=people.leader_a)

    assert subjects_to(people.leader_a.email) == []


def test_a_district_leader_who_is_also_a_coordinator_or_on_the_team_is_told_once(
    people, django_capture_on_commit_callbacks
):
    MembershipFactory(user=people.leader_a, role=Role.COORDINATOR)
    MembershipFactory(user=people.leader_a, role=Role.SCHOOL_TEAM, school=people.school_a)
    plan = school_plan(people)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        plan_submit(plan=plan, actor=people.team_a)
    assert len(subjects_to(people.leader_a.email)) == 1

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        plan_return(plan=plan, actor=people.coordinator, comment="Add a target to goal 1.")
    assert len(subjects_to(people.leader_a.email)) == 1


# --- a plan needs a vision ---------------------------------------------------------------


def test_a_plan_without_a_vision_is_not_submitted(people):
    plan = PlanFactory(district=people.district_a, vision="  ")
    ActivityFactory(plan=plan)

    with pytest.raises(Incomplete) as refused:
        plan_submit(plan=plan, actor=people.leader_a)

    assert refused.value.problems == ["Write the plan's vision."]
    assert refused.value.problems[0].link == f"/plans/{plan.pk}/edit/"
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


def test_each_problem_links_to_the_page_where_it_is_fixed(people):
    plan = PlanFactory(district=people.district_a)
    activity = ActivityFactory(plan=plan, person_in_charge="", categories=[])

    problems = completeness_problems(plan)

    assert [(str(problem), problem.link) for problem in problems] == [
        (f"Activity “{activity.title}”: add the person in charge.", f"/plans/activities/{activity.pk}/edit/"),
        (
            "The activities cover 0 of the categories of Six types of involvement; cover at least 4.",
            f"/plans/{plan.pk}/#coverage-heading",
        ),
    ]


# --- starting a plan that exists ---------------------------------------------------------


def test_starting_a_plan_that_exists_names_the_existing_plan(people):
    plan = PlanFactory(district=people.district_a)

    with pytest.raises(PlanExists) as refused:
        plan_create(
            actor=people.leader_a,
            kind=PlanKind.DISTRICT,
            school_year=plan.school_year,
            district=people.district_a,
            today=plan.school_year.starts_on,
        )

    assert refused.value.existing == plan


# --- marking the plan evaluated, and reopening it ----------------------------------------


def evaluated_ready(people) -> Plan:
    """An approved district plan with every activity rated and the reflection written."""
    plan = PlanFactory(district=people.district_a)
    ActivityFactory(plan=plan)
    plan = advance(plan, PlanStatus.APPROVED)
    for activity in plan.activities.all():
        activity_evaluate(activity=activity, actor=people.leader_a, data=EVALUATION)
    plan = Plan.objects.get(pk=plan.pk)
    plan_reflect(plan=plan, actor=people.leader_a, data={"reflection": "A good year."}, version=plan.version)
    return Plan.objects.get(pk=plan.pk)


def test_a_plan_is_not_marked_evaluated_before_the_last_months_of_its_year(people):
    plan = evaluated_ready(people)

    with pytest.raises(Refused, match="can be marked evaluated from May 1, 2027"):
        plan_mark_evaluated(plan=plan, actor=people.leader_a, today=LAST_DAY_BEFORE_EVALUATION)

    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.APPROVED
    plan_mark_evaluated(plan=plan, actor=people.leader_a, today=FIRST_DAY_OF_EVALUATION)
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.EVALUATED


def test_the_evaluation_window_follows_the_setting(people, settings):
    settings.EVALUATION_OPENS_MONTHS_BEFORE_END = 3
    plan = evaluated_ready(people)

    plan_mark_evaluated(plan=plan, actor=people.leader_a, today=datetime.date(2027, 4, 1))

    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.EVALUATED


def test_a_plan_can_still_be_marked_evaluated_after_its_year_ended(people):
    plan = evaluated_ready(people)
    SchoolYearFactory(first_year=2027)

    plan_mark_evaluated(plan=plan, actor=people.leader_a, today=datetime.date(2027, 9, 20))

    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.EVALUATED


def test_a_coordinator_reopens_an_evaluated_plan_with_a_reason(people, django_capture_on_commit_callbacks):
    plan = evaluated_ready(people)
    plan_mark_evaluated(plan=plan, actor=people.leader_a, today=FIRST_DAY_OF_EVALUATION)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        plan_reopen(plan=plan, actor=people.coordinator, reason="The families' counts were for another school.")

    plan = Plan.objects.get(pk=plan.pk)
    assert (plan.status, plan.evaluated_at) == (PlanStatus.APPROVED, None)
    entry = AuditEntry.objects.get(action="plan.evaluation_reopened")
    assert entry.actor == people.coordinator
    assert entry.details == {"reason": "The families' counts were for another school."}
    assert plan.transitions.order_by("pk").last().comment == "The families' counts were for another school."
    assert subjects_to(people.leader_a.email) == ["Your plan's evaluation was reopened"]


def test_reopening_an_evaluated_plan_needs_a_reason(people):
    plan = evaluated_ready(people)
    plan_mark_evaluated(plan=plan, actor=people.leader_a, today=FIRST_DAY_OF_EVALUATION)

    with pytest.raises(Refused, match="Give the reason"):
        plan_reopen(plan=plan, actor=people.coordinator, reason=" ")

    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.EVALUATED


def test_only_a_coordinator_reopens_an_evaluated_plan(people):
    plan = evaluated_ready(people)
    plan_mark_evaluated(plan=plan, actor=people.leader_a, today=FIRST_DAY_OF_EVALUATION)

    with pytest.raises(PermissionDenied):
        plan_reopen(plan=plan, actor=people.leader_a, reason="I typed a wrong number.")
