"""Working together on plans, by pages: district leaders comment on their schools' plans, a refused
submission keeps the note, marking a plan evaluated asks first, forms that cannot be used are not shown."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from partnerships.models import Framework, Plan, PlanComment, PlanKind, PlanStatus
from partnerships.tests.factories import ActivityFactory, PlanFactory, advance
from pep.models import Role
from pep.tests.factories import MembershipFactory, UserFactory

CHICAGO = ZoneInfo("America/Chicago")
EVALUATION_OPEN = datetime.datetime(2027, 5, 3, 9, 0, tzinfo=CHICAGO)


def url(name: str, *args) -> str:
    return reverse(f"partnerships:{name}", args=args)


def shown_messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def school_plan(people):
    plan = PlanFactory(kind=PlanKind.SCHOOL, school=people.school_a)
    ActivityFactory(plan=plan, title="Family reading night")
    return plan


# --- district leaders comment, never approve ---------------------------------------------


def test_a_district_leader_comments_on_a_school_plan_of_their_district(client, people, school_plan):
    advance(school_plan, PlanStatus.SUBMITTED)
    client.force_login(people.leader_a)

    page = client.get(url("plan-detail", school_plan.pk))
    assert page.context["comment_form"] is not None
    assert page.context["review_form"] is None and "Record the decision" not in page.text

    response = client.post(
        url("plan-comment", school_plan.pk), {"text": "The PTA can help with the reading night."}, follow=True
    )
    assert "The PTA can help with the reading night." in response.text
    assert PlanComment.objects.get(plan=school_plan).author == people.leader_a


def test_a_district_leader_cannot_comment_on_another_districts_school_plan(client, people):
    plan = PlanFactory(kind=PlanKind.SCHOOL, school=people.school_b)
    client.force_login(people.leader_a)

    response = client.post(url("plan-comment", plan.pk), {"text": "Looks good."})

    assert response.status_code == 404
    assert not PlanComment.objects.exists()


def test_a_district_leader_cannot_approve_a_school_plan(client, people, school_plan):
    advance(school_plan, PlanStatus.SUBMITTED)
    client.force_login(people.leader_a)

    response = client.post(url("plan-review", school_plan.pk), {"decision": "approve"})

    assert response.status_code == 403
    assert Plan.objects.get(pk=school_plan.pk).status == PlanStatus.SUBMITTED


# --- a refused submission ----------------------------------------------------------------


def test_a_refused_submission_keeps_the_note_and_links_each_problem_once(client, people):
    plan = PlanFactory(district=people.district_a, vision="")
    activity = ActivityFactory(plan=plan, title="Math night", person_in_charge="")
    client.force_login(people.leader_a)

    response = client.post(url("plan-submit", plan.pk), {"comment": "Ready for your review."})

    assert response.status_code == 200
    assert "Ready for your review.</textarea>" in response.text
    assert shown_messages(response) == []  # the problems once, in the box, not as messages too
    assert response.text.count("Write the plan&#x27;s vision.") == 1
    assert f'<a href="{url("plan-edit", plan.pk)}">Write the plan&#x27;s vision.</a>' in response.text
    assert f'<a href="{url("activity-edit", activity.pk)}">Activity “Math night”: add the person in charge.</a>' in (
        response.text
    )
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


def test_a_complete_plan_is_still_submitted_with_its_note(client, people):
    plan = PlanFactory(district=people.district_a)
    ActivityFactory(plan=plan)
    client.force_login(people.leader_a)

    response = client.post(url("plan-submit", plan.pk), {"comment": "Ready."})

    assert response.status_code == 302
    assert Plan.objects.get(pk=plan.pk).transitions.get().comment == "Ready."


# --- marking the plan evaluated ----------------------------------------------------------


def _ready_to_mark(client, people, plan):
    plan = advance(plan, PlanStatus.APPROVED)
    client.force_login(people.leader_a)
    activity = plan.activities.get()
    client.post(
        url("activity-evaluate", activity.pk),
        {"implemented": "yes", "families": 40, "staff": 5, "students": 12, "quality": 4},
    )
    client.post(url("plan-reflection", plan.pk), {"reflection": "A good year.", "version": plan.version})
    return Plan.objects.get(pk=plan.pk)


def test_marking_the_plan_evaluated_is_not_offered_before_the_last_months_of_the_year(client, people):
    plan = PlanFactory(district=people.district_a)
    ActivityFactory(plan=plan)
    plan = _ready_to_mark(client, people, plan)

    page = client.get(url("plan-detail", plan.pk))
    assert "The plan can be marked evaluated from May 1, 2027" in page.text
    assert url("plan-mark-evaluated", plan.pk) not in page.text

    response = client.post(url("plan-mark-evaluated", plan.pk))
    assert "The plan can be marked evaluated from May 1, 2027" in " ".join(shown_messages(response))
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.APPROVED


def test_marking_the_plan_evaluated_asks_for_confirmation_first(client, people, time_machine):
    time_machine.move_to(EVALUATION_OPEN, tick=True)
    plan = PlanFactory(district=people.district_a)
    ActivityFactory(plan=plan)
    plan = _ready_to_mark(client, people, plan)

    page = client.get(url("plan-detail", plan.pk))
    assert f'href="{url("plan-mark-evaluated", plan.pk)}"' in page.text

    confirmation = client.get(url("plan-mark-evaluated", plan.pk))
    assert confirmation.status_code == 200
    assert "Yes, mark the plan evaluated" in confirmation.text
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.APPROVED  # asking changes nothing

    client.post(url("plan-mark-evaluated", plan.pk))
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.EVALUATED


def test_a_coordinator_reopens_an_evaluated_plan_by_its_page(client, people, time_machine):
    time_machine.move_to(EVALUATION_OPEN, tick=True)
    plan = PlanFactory(district=people.district_a)
    ActivityFactory(plan=plan)
    plan = advance(plan, PlanStatus.EVALUATED)
    client.force_login(people.coordinator)

    page = client.get(url("plan-detail", plan.pk))
    assert "Reopen the evaluation" in page.text

    response = client.post(url("plan-reopen", plan.pk), {"reason": "Counts of another school."}, follow=True)
    assert "Evaluation reopened." in response.text
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.APPROVED


# --- forms that cannot be used now -------------------------------------------------------


def test_an_evaluated_plan_offers_no_evaluation_forms_and_says_why(client, people, time_machine):
    time_machine.move_to(EVALUATION_OPEN, tick=True)
    plan = PlanFactory(district=people.district_a)
    activity = ActivityFactory(plan=plan)
    plan = advance(plan, PlanStatus.EVALUATED)
    client.force_login(people.leader_a)

    page = client.get(url("plan-detail", plan.pk))
    assert url("activity-evaluate", activity.pk) not in page.text
    assert url("plan-reflection", plan.pk) not in page.text

    for address in (url("activity-evaluate", activity.pk), url("plan-reflection", plan.pk)):
        response = client.get(address)
        assert response["Location"] == plan.get_absolute_url()
        assert any("was marked evaluated" in message for message in shown_messages(response))


def test_a_draft_plan_says_it_is_evaluated_once_approved(client, people):
    plan = PlanFactory(district=people.district_a)
    activity = ActivityFactory(plan=plan)
    client.force_login(people.leader_a)

    response = client.get(url("activity-evaluate", activity.pk))

    assert shown_messages(response) == ["Activities are evaluated once the plan is approved; this plan is “Draft”."]


def test_an_empty_reflection_is_not_saved(client, people):
    plan = advance(PlanFactory(district=people.district_a), PlanStatus.DRAFT)
    ActivityFactory(plan=plan)
    plan = advance(plan, PlanStatus.APPROVED)
    client.force_login(people.leader_a)

    response = client.post(url("plan-reflection", plan.pk), {"reflection": "   ", "version": plan.version})

    assert response.status_code == 200
    assert "Write the reflection on the year first; nothing was saved." in response.text
    assert "Reflection saved." not in " ".join(shown_messages(response))
    assert Plan.objects.get(pk=plan.pk).version == plan.version


# --- starting a plan that exists ---------------------------------------------------------


def test_starting_a_plan_that_exists_links_to_it(client, people):
    plan = PlanFactory(district=people.district_a)
    client.force_login(people.leader_a)

    response = client.post(
        url("plan-create"),
        {
            "owner": f"district:{people.district_a.pk}",
            "school_year": plan.school_year.pk,
            "framework": Framework.objects.get(is_default=True).pk,
        },
    )

    assert response.status_code == 200
    assert f'href="{plan.get_absolute_url()}"' in response.text
    assert "Open “District plan · Alder District”, 2026-27" in response.text
    assert Plan.objects.count() == 1


# --- an edit conflict --------------------------------------------------------------------


def test_a_conflict_with_another_person_names_them_and_the_time_in_the_sites_format(client, people):
    plan = PlanFactory(district=people.district_a)
    activity = ActivityFactory(plan=plan, title="Family reading night")
    second_leader = UserFactory(username="leader_a2", first_name="Rosa", last_name="Diaz")
    MembershipFactory(user=second_leader, role=Role.DISTRICT_LEADER, district=people.district_a)
    old_version = activity.version
    client.force_login(second_leader)
    form = client.get(url("activity-edit", activity.pk)).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, "")}
    client.post(url("activity-edit", activity.pk), data | {"title": "Reading night, Rosa", "version": old_version})
    saved_at = timezone.localtime(activity.history.latest("history_date").history_date)

    client.force_login(people.leader_a)
    response = client.post(url("activity-edit", activity.pk), data | {"title": "Mine", "version": old_version})

    assert "Someone else saved this while you were editing" in response.text
    assert "You saved this in another tab" not in response.text
    assert date_format(saved_at, "SHORT_DATETIME_FORMAT") in response.text
    assert not re.search(r"\d{4}-\d{2}-\d{2}T", response.text)
