"""Starting plans and the review workflow: submit, return, approve, reopen, comment, and the emails."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext

from partnerships.models import Framework, Plan, PlanComment, PlanKind, PlanStatus, PlanTransition
from partnerships.services import (
    goal_create,
    plan_approve,
    plan_comment,
    plan_create,
    plan_reopen,
    plan_return,
    plan_submit,
)
from partnerships.tests.factories import ActivityFactory, GoalFactory, PlanFactory
from pep.models import AuditEntry, Role
from pep.refusals import Incomplete, Refused
from pep.tests.factories import MembershipFactory, SchoolYearFactory, coordinator, district_leader

EMAIL_PARTS_SEPARATOR = "\n\n---\n\n"
CHICAGO = ZoneInfo("America/Chicago")
SUBMITTED_AT = datetime.datetime(2026, 11, 2, 16, 45, tzinfo=CHICAGO)
APPROVED_AT = datetime.datetime(2026, 11, 9, 8, 30, tzinfo=CHICAGO)


def current_year():
    return SchoolYearFactory(first_year=2026, is_current=True)


def complete_plan(people, **kwargs) -> Plan:
    """A draft district plan of district A that can be submitted as it is."""
    plan = PlanFactory(district=people.district_a, **kwargs)
    ActivityFactory(plan=plan, title="Family reading night")
    return plan


def submitted_plan(people) -> Plan:
    return plan_submit(plan=complete_plan(people), actor=people.leader_a)


def approved_plan(people) -> Plan:
    return plan_approve(plan=submitted_plan(people), actor=people.coordinator)


def fresh(plan: Plan) -> Plan:
    return Plan.objects.get(pk=plan.pk)


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def can_add_a_goal(plan, actor) -> bool:
    """The owner adds a goal, and it is there."""
    goal_create(plan=plan, actor=actor, data={"kind": "academic", "statement": "Raise attendance"})
    return plan.goals.filter(statement="Raise attendance").exists()


# --- starting a plan -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "owner", "with_school"),
    [
        (PlanKind.DISTRICT, "leader_a", False),
        (PlanKind.SCHOOL, "team_a", True),
        (PlanKind.PARENT_LEADER, "parent_a", True),
    ],
)
def test_the_owner_can_start_each_kind_of_plan(people, kind, owner, with_school):
    actor = getattr(people, owner)
    where = {"school": people.school_a} if with_school else {"district": people.district_a}

    plan = plan_create(actor=actor, kind=kind, school_year=current_year(), vision="Families as partners", **where)

    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert plan.district == people.district_a
    assert plan.school == (people.school_a if with_school else None)
    assert plan.framework == Framework.objects.get(code="six-types")
    assert plan.vision == "Families as partners"
    assert AuditEntry.objects.filter(action="plan.create", actor=actor, district=people.district_a).exists()


@pytest.mark.parametrize(
    ("kind", "actor"),
    [
        (PlanKind.DISTRICT, "coordinator"),
        (PlanKind.DISTRICT, "leader_b"),
        (PlanKind.DISTRICT, "team_a"),
        (PlanKind.DISTRICT, "nobody"),
        (PlanKind.SCHOOL, "parent_a"),
        (PlanKind.SCHOOL, "team_b"),
        (PlanKind.SCHOOL, "coordinator"),
        (PlanKind.PARENT_LEADER, "team_a"),
    ],
)
def test_only_the_owner_may_start_a_plan(people, kind, actor):
    where = {"district": people.district_a} if kind == PlanKind.DISTRICT else {"school": people.school_a}

    with pytest.raises(PermissionDenied):
        plan_create(actor=people.by_role()[actor], kind=kind, school_year=current_year(), **where)

    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    ("kind", "owner", "with_school"),
    [
        (PlanKind.DISTRICT, "leader_a", False),
        (PlanKind.SCHOOL, "team_a", True),
        (PlanKind.PARENT_LEADER, "parent_a", True),
    ],
)
def test_a_second_plan_of_the_same_kind_for_the_same_owner_and_year_is_refused(people, kind, owner, with_school):
    where = {"school": people.school_a} if with_school else {"district": people.district_a}
    plan_create(actor=getattr(people, owner), kind=kind, school_year=current_year(), **where)

    with pytest.raises(Refused, match="already"):
        plan_create(actor=getattr(people, owner), kind=kind, school_year=current_year(), **where)

    assert Plan.objects.count() == 1


def test_a_school_can_have_a_school_plan_and_a_parent_leader_plan_in_one_year(people):
    year = current_year()
    plan_create(actor=people.team_a, kind=PlanKind.SCHOOL, school_year=year, school=people.school_a)
    plan_create(actor=people.parent_a, kind=PlanKind.PARENT_LEADER, school_year=year, school=people.school_a)

    assert set(Plan.objects.values_list("kind", flat=True)) == {PlanKind.SCHOOL, PlanKind.PARENT_LEADER}


def test_a_plan_for_next_year_can_be_started_only_once_its_planning_opens(people):
    next_year = SchoolYearFactory(first_year=2027)  # planning opens on 2027-03-01
    start = {"actor": people.leader_a, "kind": PlanKind.DISTRICT, "school_year": next_year}

    with pytest.raises(Refused, match="cannot be started yet"):
        plan_create(**start, district=people.district_a, today=datetime.date(2027, 2, 28))
    assert not Plan.objects.exists()

    plan = plan_create(**start, district=people.district_a, today=datetime.date(2027, 3, 1))
    assert plan.school_year == next_year


# --- submitting ----------------------------------------------------------------------------


def test_submitting_a_plan_without_goals_names_every_problem_at_once(people):
    plan = PlanFactory(district=people.district_a)

    with pytest.raises(Incomplete) as refused:
        plan_submit(plan=plan, actor=people.leader_a)

    assert refused.value.problems == [
        "Add at least one goal.",
        "The activities cover 0 of the categories of Six types of involvement; cover at least 4.",
    ]
    assert fresh(plan).status == PlanStatus.DRAFT


def test_submitting_an_incomplete_plan_lists_every_problem_at_once(people):
    plan = PlanFactory(district=people.district_a)
    GoalFactory(plan=plan, statement="Raise attendance")
    reading = GoalFactory(plan=plan, statement="Raise reading scores")
    two_categories = plan.framework.categories.order_by("order")[:2]
    ActivityFactory(
        plan=plan,
        goal=reading,
        title="Math night",
        person_in_charge="",
        starts_on=None,
        how_judged="  ",
        categories=two_categories,
    )

    with pytest.raises(Incomplete) as refused:
        plan_submit(plan=plan, actor=people.leader_a)

    assert refused.value.problems == [
        "Goal 1 (“Raise attendance”) has no activity yet.",
        "Activity “Math night”: add the person in charge, its dates or months, how its result will be judged.",
        "The activities cover 2 of the categories of Six types of involvement; cover at least 4.",
    ]
    assert fresh(plan).status == PlanStatus.DRAFT
    assert not PlanTransition.objects.exists()


def test_months_count_as_the_timing_of_an_activity(people):
    plan = PlanFactory(district=people.district_a)
    ActivityFactory(plan=plan, starts_on=None, months=[10, 11])

    assert plan_submit(plan=plan, actor=people.leader_a).status == PlanStatus.SUBMITTED


def test_submitting_a_complete_plan_sends_it_to_every_coordinator(
    people, django_capture_on_commit_callbacks, time_machine
):
    coordinator(username="coordinator2")
    plan = complete_plan(people)
    time_machine.move_to(SUBMITTED_AT, tick=False)

    with django_capture_on_commit_callbacks(execute=True):
        plan_submit(plan=plan, actor=people.leader_a, comment="Ready for review")

    plan = fresh(plan)
    assert plan.status == PlanStatus.SUBMITTED
    assert plan.submitted_at == SUBMITTED_AT
    transition = PlanTransition.objects.get(plan=plan)
    assert (transition.from_status, transition.to_status) == (PlanStatus.DRAFT, PlanStatus.SUBMITTED)
    assert transition.actor == people.leader_a
    assert transition.comment == "Ready for review"
    assert AuditEntry.objects.filter(action="plan.submitted", actor=people.leader_a).exists()
    assert recipients() == ["coordinator2@example.org", "coordinator@example.org"]


def test_no_email_leaves_before_the_submission_is_committed(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        plan_submit(plan=complete_plan(people), actor=people.leader_a)

    assert mail.outbox == []
    assert len(callbacks) == 1


def test_the_submission_email_is_in_english_and_spanish_and_links_to_the_plan(
    people, django_capture_on_commit_callbacks
):
    plan = complete_plan(people)

    with django_capture_on_commit_callbacks(execute=True):
        plan_submit(plan=plan, actor=people.leader_a, comment="Ready for review")

    [message] = mail.outbox
    link = settings.SITE_URL + plan.get_absolute_url()
    english, spanish = message.body.split(EMAIL_PARTS_SEPARATOR)
    name = people.leader_a.get_full_name()
    assert message.subject.startswith("Plan submitted: Alder District / ")
    assert f"{name} submitted this plan for review." in english
    assert "Ready for review" in english
    assert link in english
    with translation.override("es"):
        assert gettext("Plan submitted: %(owner)s") % {"owner": "Alder District"} in message.subject.split(" / ")[1]
        assert gettext("%(name)s submitted this plan for review.") % {"name": name} in spanish
        assert gettext("Open the plan in PEP:") in spanish
    assert link in spanish


def test_an_owner_cannot_submit_a_plan_twice(people):
    plan = submitted_plan(people)

    with pytest.raises(Refused, match="status is “Submitted”"):
        plan_submit(plan=plan, actor=people.leader_a)


@pytest.mark.parametrize("actor", ["coordinator", "leader_b", "team_a"])
def test_only_an_owner_may_submit_a_plan(people, actor):
    plan = complete_plan(people)

    with pytest.raises(PermissionDenied):
        plan_submit(plan=plan, actor=people.by_role()[actor])

    assert fresh(plan).status == PlanStatus.DRAFT


# --- reviewing -----------------------------------------------------------------------------


@pytest.mark.parametrize("comment", ["", "   "])
def test_returning_a_plan_needs_a_comment(people, comment):
    plan = submitted_plan(people)

    with pytest.raises(Refused, match="Say what should change"):
        plan_return(plan=plan, actor=people.coordinator, comment=comment)

    assert fresh(plan).status == PlanStatus.SUBMITTED


def test_returning_a_plan_tells_its_owners_what_to_change_and_lets_them_edit_again(
    people, django_capture_on_commit_callbacks
):
    second_leader = district_leader(people.district_a, username="leader_a2")
    plan = submitted_plan(people)

    with django_capture_on_commit_callbacks(execute=True):
        plan_return(plan=plan, actor=people.coordinator, comment="Add a goal about attendance.")

    assert fresh(plan).status == PlanStatus.RETURNED
    assert recipients() == ["leader_a2@example.org", "leader_a@example.org"]
    assert "Add a goal about attendance." in mail.outbox[0].body
    assert "returned this plan for changes" in mail.outbox[0].body
    transition = PlanTransition.objects.filter(plan=plan).last()
    assert (transition.to_status, transition.actor) == (PlanStatus.RETURNED, people.coordinator)
    assert can_add_a_goal(plan, second_leader)


def test_a_returned_plan_can_be_fixed_and_submitted_again(people):
    plan = submitted_plan(people)
    plan_return(plan=plan, actor=people.coordinator, comment="Please say who runs the reading night.")

    plan = plan_submit(plan=plan, actor=people.leader_a)

    assert plan.status == PlanStatus.SUBMITTED
    assert list(PlanTransition.objects.filter(plan=plan).values_list("to_status", flat=True)) == [
        PlanStatus.SUBMITTED,
        PlanStatus.RETURNED,
        PlanStatus.SUBMITTED,
    ]


def test_approving_a_plan_records_when_and_tells_its_owners(people, django_capture_on_commit_callbacks, time_machine):
    plan = submitted_plan(people)
    time_machine.move_to(APPROVED_AT, tick=False)

    with django_capture_on_commit_callbacks(execute=True):
        plan_approve(plan=plan, actor=people.coordinator, comment="Well done.")

    plan = fresh(plan)
    assert plan.status == PlanStatus.APPROVED
    assert plan.approved_at == APPROVED_AT
    assert recipients() == ["leader_a@example.org"]
    assert mail.outbox[0].subject.startswith("Your plan was approved")
    assert "Well done." in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="plan.approved", actor=people.coordinator).exists()


def test_a_school_plans_emails_go_to_its_action_team_only(people, django_capture_on_commit_callbacks):
    plan = PlanFactory(kind=PlanKind.SCHOOL, district=people.district_a, school=people.school_a)
    ActivityFactory(plan=plan)
    plan_submit(plan=plan, actor=people.team_a)

    with django_capture_on_commit_callbacks(execute=True):
        plan_approve(plan=plan, actor=people.coordinator)

    assert recipients() == ["team_a@example.org"]


def test_a_draft_cannot_be_approved(people):
    plan = complete_plan(people)

    with pytest.raises(Refused, match="status is “Draft”"):
        plan_approve(plan=plan, actor=people.coordinator)

    assert fresh(plan).status == PlanStatus.DRAFT


def test_an_approved_plan_cannot_be_returned(people):
    plan = approved_plan(people)

    with pytest.raises(Refused, match="status is “Approved”"):
        plan_return(plan=plan, actor=people.coordinator, comment="One more thing.")

    assert fresh(plan).status == PlanStatus.APPROVED


@pytest.mark.parametrize("review", ["approve", "return"])
@pytest.mark.parametrize("actor", ["leader_a", "team_a", "leader_b", "nobody"])
def test_only_coordinators_review_plans(people, review, actor):
    plan = submitted_plan(people)
    reviewer = people.by_role()[actor]

    with pytest.raises(PermissionDenied):
        if review == "approve":
            plan_approve(plan=plan, actor=reviewer)
        else:
            plan_return(plan=plan, actor=reviewer, comment="Change it.")

    assert fresh(plan).status == PlanStatus.SUBMITTED


def test_a_coordinator_who_also_owns_the_plan_cannot_approve_it(people):
    MembershipFactory(user=people.coordinator, role=Role.DISTRICT_LEADER, district=people.district_a)
    plan = submitted_plan(people)

    with pytest.raises(PermissionDenied):
        plan_approve(plan=plan, actor=people.coordinator)

    assert fresh(plan).status == PlanStatus.SUBMITTED
    assert plan_approve(plan=plan, actor=coordinator(username="coordinator2")).status == PlanStatus.APPROVED


@pytest.mark.parametrize("reason", ["", "  "])
def test_reopening_a_plan_needs_a_reason(people, reason):
    plan = approved_plan(people)

    with pytest.raises(Refused, match="reason"):
        plan_reopen(plan=plan, actor=people.coordinator, reason=reason)

    assert fresh(plan).status == PlanStatus.APPROVED


def test_only_an_approved_plan_can_be_reopened(people):
    plan = submitted_plan(people)

    with pytest.raises(Refused, match="status is “Submitted”"):
        plan_reopen(plan=plan, actor=people.coordinator, reason="The budget changed.")

    assert fresh(plan).status == PlanStatus.SUBMITTED


def test_reopening_an_approved_plan_sends_it_back_to_its_owners(people, django_capture_on_commit_callbacks):
    plan = approved_plan(people)

    with django_capture_on_commit_callbacks(execute=True):
        plan_reopen(plan=plan, actor=people.coordinator, reason="The district's budget was cut.")

    plan = fresh(plan)
    assert plan.status == PlanStatus.RETURNED
    assert plan.approved_at is None
    transition = PlanTransition.objects.filter(plan=plan).last()
    assert (transition.from_status, transition.to_status) == (PlanStatus.APPROVED, PlanStatus.RETURNED)
    assert transition.comment == "The district's budget was cut."
    assert recipients() == ["leader_a@example.org"]
    assert "reopened this plan" in mail.outbox[0].body
    assert "The district's budget was cut." in mail.outbox[0].body
    assert can_add_a_goal(plan, people.leader_a)


def test_reopening_is_for_coordinators_only(people):
    plan = approved_plan(people)

    with pytest.raises(PermissionDenied):
        plan_reopen(plan=plan, actor=people.leader_a, reason="We want to add an activity.")

    assert fresh(plan).status == PlanStatus.APPROVED


# --- comments ------------------------------------------------------------------------------


def test_coordinators_and_owners_comment_on_a_plan_and_its_activities(people):
    plan = complete_plan(people)
    activity = plan.activities.get()

    plan_comment(plan=plan, actor=people.coordinator, text="  Who leads the reading night?  ")
    plan_comment(plan=plan, actor=people.leader_a, text="Ms. Ortiz does.", activity=activity)

    comments = list(PlanComment.objects.filter(plan=plan).values_list("author__username", "activity", "text"))
    assert comments == [
        ("coordinator", None, "Who leads the reading night?"),
        ("leader_a", activity.pk, "Ms. Ortiz does."),
    ]


def test_a_comment_on_an_activity_of_another_plan_is_refused(people):
    plan = complete_plan(people)
    elsewhere = ActivityFactory(plan=PlanFactory(district=people.district_b))

    with pytest.raises(Refused, match="Choose one of this plan's activities"):
        plan_comment(plan=plan, actor=people.coordinator, text="Nice.", activity=elsewhere)

    assert not PlanComment.objects.exists()


def test_an_empty_comment_is_refused(people):
    with pytest.raises(Refused):
        plan_comment(plan=complete_plan(people), actor=people.coordinator, text="   ")

    assert not PlanComment.objects.exists()


@pytest.mark.parametrize("actor", ["leader_b", "team_a", "nobody"])
def test_people_outside_the_plan_cannot_comment_on_it(people, actor):
    with pytest.raises(PermissionDenied):
        plan_comment(plan=complete_plan(people), actor=people.by_role()[actor], text="Looks good.")

    assert not PlanComment.objects.exists()
