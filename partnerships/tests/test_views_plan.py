"""One plan's pages: what each role sees and may do, forms that keep what was typed, the PDF."""

import datetime
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from partnerships.models import Category, Framework, PlanKind, PlanStatus
from partnerships.tests.factories import ActivityFactory, GoalFactory, PlanFactory, advance
from pep.tests.factories import SchoolYearFactory


def url(name: str, *args) -> str:
    return reverse(f"partnerships:{name}", args=args)


@pytest.fixture
def plan(people):
    plan = PlanFactory(district=people.district_a)
    ActivityFactory(plan=plan, title="Family reading night")
    return plan


def _activity_post(plan, **changes) -> dict:
    data = {
        "goal": plan.goals.first().pk,
        "title": "Math games evening",
        "categories": [c.pk for c in plan.framework.categories.all()[:2]],
        "starts_on": "2026-10-05",
        "person_in_charge": "Mr. Lee",
        "estimated_cost": "80",
        "funding_source": "district",
        "how_judged": "Sign-in sheet",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize("activities", [2, 40])
def test_the_plan_page_runs_the_same_queries_for_2_or_40_activities(
    client, people, django_assert_num_queries, activities
):
    plan = PlanFactory(district=people.district_a)
    goals = [GoalFactory(plan=plan) for _ in range(min(activities, 10))]
    for number in range(activities):
        ActivityFactory(plan=plan, goal=goals[number % len(goals)])
    client.force_login(people.leader_a)

    with django_assert_num_queries(21):  # one of them: the district's latest perceptions survey (none here)
        response = client.get(url("plan-detail", plan.pk))

    assert response.text.count('<p class="fw-semibold mb-1">Family reading night') == activities


def test_the_owner_sees_editing_and_what_is_missing_before_submitting(client, people, plan):
    client.force_login(people.leader_a)

    response = client.get(url("plan-detail", plan.pk))

    assert url("goal-create", plan.pk) in response.text
    assert "Submit the plan" in response.text
    assert "Record the decision" not in response.text


def test_the_coordinator_sees_the_review_form_on_a_submitted_plan_but_no_editing(client, people, plan):
    advance(plan, PlanStatus.SUBMITTED)
    client.force_login(people.coordinator)

    response = client.get(url("plan-detail", plan.pk))

    assert "Record the decision" in response.text
    assert url("goal-create", plan.pk) not in response.text


def test_an_activity_form_with_errors_keeps_everything_typed(client, people, plan):
    client.force_login(people.leader_a)

    response = client.post(
        url("activity-create", plan.pk),
        _activity_post(plan, starts_on="2026-10-05", ends_on="2026-10-01", estimated_cost="-5", helpers="Two parents"),
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "ends_on" in form.errors and "estimated_cost" in form.errors
    assert 'value="Math games evening"' in response.text and 'value="Two parents"' in response.text
    assert plan.activities.count() == 1


@pytest.mark.parametrize("field", ["languages", "categories"])
def test_a_choice_no_database_could_hold_is_refused_next_to_the_field(client, people, plan, field):
    client.force_login(people.leader_a)

    response = client.post(url("activity-create", plan.pk), _activity_post(plan, **{field: ["9" * 20]}))

    assert response.status_code == 200
    assert "Select a valid choice" in response.context["form"].errors[field][0]
    assert plan.activities.count() == 1


def test_a_date_outside_the_school_year_is_refused_next_to_the_field(client, people, plan):
    client.force_login(people.leader_a)

    response = client.post(url("activity-create", plan.pk), _activity_post(plan, starts_on="2028-01-10"))

    assert response.context["form"].errors["starts_on"] == [
        "Choose a date within the school year 2026-27 (07/01/2026 to 06/30/2027)."
    ]
    assert plan.activities.count() == 1


def test_a_goal_of_another_plan_or_a_category_of_another_framework_is_refused(client, people, plan):
    other_goal = GoalFactory(plan=PlanFactory(district=people.district_b, school_year=plan.school_year))
    foreign = Category.objects.filter(framework=Framework.objects.get(code="four-principles")).first()
    client.force_login(people.leader_a)

    wrong_goal = client.post(url("activity-create", plan.pk), _activity_post(plan, goal=other_goal.pk))
    wrong_category = client.post(url("activity-create", plan.pk), _activity_post(plan, categories=[foreign.pk]))

    assert "goal" in wrong_goal.context["form"].errors
    assert "categories" in wrong_category.context["form"].errors
    assert plan.activities.count() == 1


def test_saving_an_old_version_again_shows_what_changed_and_keeps_the_text(client, people, plan):
    activity = plan.activities.get()
    old_version = activity.version
    client.force_login(people.leader_a)
    client.post(
        url("activity-edit", activity.pk), _activity_post(plan, title="Reading night (first save)", version=old_version)
    )

    response = client.post(
        url("activity-edit", activity.pk),
        _activity_post(plan, title="Reading night (second save)", version=old_version),
    )

    assert "You saved this in another tab while you were editing here" in response.text  # the same person
    assert "Reading night (first save)" in response.text  # what is saved now
    assert 'value="Reading night (second save)"' in response.text  # what this person typed
    activity.refresh_from_db()
    assert activity.title == "Reading night (first save)"
    saved_again = client.post(url("activity-edit", activity.pk), response.context["form"].data)
    assert saved_again.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Reading night (second save)"


def test_submitting_an_incomplete_plan_lists_every_problem(client, people):
    plan = PlanFactory(district=people.district_a)
    GoalFactory(plan=plan)
    client.force_login(people.leader_a)

    response = client.post(url("plan-submit", plan.pk), follow=True)

    assert "has no activity yet" in response.text
    assert "cover at least 4" in response.text
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_the_whole_review_by_pages(client, people, plan, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(people.leader_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("plan-submit", plan.pk), {"comment": "Ready"})
    client.force_login(people.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("plan-review", plan.pk), {"decision": "return", "comment": "Add a welcoming goal."})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED
    client.force_login(people.leader_a)
    assert "Add a welcoming goal." in client.get(url("plan-detail", plan.pk)).text
    client.post(url("plan-submit", plan.pk))
    client.force_login(people.coordinator)
    client.post(url("plan-review", plan.pk), {"decision": "approve"})

    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert [message.to for message in mailoutbox] == [[people.coordinator.email], [people.leader_a.email]]


def test_returning_without_a_comment_or_approving_a_draft_is_refused_with_a_message(client, people, plan):
    client.force_login(people.coordinator)

    no_comment = client.post(url("plan-review", plan.pk), {"decision": "return"}, follow=True)
    draft = client.post(url("plan-review", plan.pk), {"decision": "approve"}, follow=True)

    assert "Say what should change when returning a plan." in no_comment.text
    assert "that can be done only when it is “Submitted”" in draft.text
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_a_district_leader_cannot_approve_their_own_plan(client, people, plan):
    advance(plan, PlanStatus.SUBMITTED)
    client.force_login(people.leader_a)

    response = client.post(url("plan-review", plan.pk), {"decision": "approve"})

    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_an_approved_plan_cannot_be_edited(client, people, plan):
    advance(plan, PlanStatus.APPROVED)
    client.force_login(people.leader_a)

    response = client.post(url("goal-create", plan.pk), {"kind": "academic", "statement": "New goal"})

    assert "it can be changed only as a draft or when returned" in response.text
    assert plan.goals.count() == 1


def test_the_printable_plan_and_its_pdf_show_the_goals(client, people, plan, tmp_path):
    GoalFactory(plan=plan, statement="Every family feels welcome at school.")
    client.force_login(people.leader_a)

    printed = client.get(url("plan-print", plan.pk))
    pdf = client.get(url("plan-pdf", plan.pk))

    assert "Every family feels welcome at school." in printed.text
    assert pdf["Content-Type"] == "application/pdf"
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Every family feels welcome at school." in text
    assert plan.goals.first().statement in " ".join(text.split())
    assert "Budget by funding source" in text


def test_the_pdf_is_tagged_for_screen_readers(client, people, plan, tmp_path):
    client.force_login(people.leader_a)
    path = tmp_path / "plan.pdf"
    path.write_bytes(client.get(url("plan-pdf", plan.pk)).content)

    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    metadata = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True, check=True).stdout

    assert "Tagged:          yes" in info
    assert 'pdfuaid:part="1"' in metadata


def test_the_history_shows_who_changed_what_and_a_coordinator_restores_an_activity(client, people, plan):
    activity = plan.activities.get()
    client.force_login(people.leader_a)
    client.post(
        url("activity-edit", activity.pk), _activity_post(plan, title="Renamed night", version=activity.version)
    )

    history = client.get(url("plan-history", plan.pk))
    assert "Family reading night" in history.text and "Renamed night" in history.text
    assert url("activity-restore", activity.pk, 1).split("/versions/")[0] not in history.text  # owners do not restore

    client.force_login(people.coordinator)
    first = activity.history.earliest("history_date")
    client.post(url("activity-restore", activity.pk, first.history_id))
    activity.refresh_from_db()
    assert activity.title == "Family reading night"


def test_year_end_evaluation_and_carry_forward_by_pages(client, people, plan, time_machine):
    time_machine.move_to(datetime.datetime(2027, 6, 1, 9, 0, tzinfo=datetime.UTC), tick=True)  # the year's end nears
    SchoolYearFactory(first_year=2027, planning_opens_on=timezone.localdate() - datetime.timedelta(days=1))
    plan = advance(plan, PlanStatus.APPROVED)
    activity = plan.activities.get()
    client.force_login(people.leader_a)

    client.post(
        url("activity-evaluate", activity.pk),
        {"implemented": "yes", "families": 40, "staff": 5, "students": 12, "quality": 4, "what_worked": "Childcare"},
    )
    client.post(url("plan-reflection", plan.pk), {"reflection": "A good year.", "version": plan.version})
    confirmation = client.get(url("plan-mark-evaluated", plan.pk))
    assert "Mark the plan evaluated?" in confirmation.text
    client.post(url("plan-mark-evaluated", plan.pk))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.EVALUATED

    response = client.post(url("plan-carry-forward", plan.pk), follow=True)
    new_plan = response.context["plan"]
    assert new_plan.school_year.label == "2027-28" and new_plan.carried_over_from_id == plan.pk


def test_a_team_member_starts_the_school_plan(client, people):
    year = SchoolYearFactory(first_year=2026, is_current=True)
    client.force_login(people.team_a)

    response = client.post(
        url("plan-create"),
        {
            "owner": f"school:{people.school_a.pk}",
            "school_year": year.pk,
            "framework": Framework.objects.get(is_default=True).pk,
        },
    )

    plan = people.school_a.plans.get()
    assert response["Location"] == plan.get_absolute_url()
    assert plan.kind == PlanKind.SCHOOL and plan.district == people.district_a


def test_a_second_plan_of_the_same_kind_is_refused_with_a_message(client, people, plan):
    client.force_login(people.leader_a)

    response = client.post(
        url("plan-create"),
        {
            "owner": f"district:{people.district_a.pk}",
            "school_year": plan.school_year.pk,
            "framework": plan.framework.pk,
        },
    )

    assert "There is already a district plan for Alder District in 2026-27." in response.text


def test_an_approved_plan_says_when_next_years_plan_can_start_from_it(client, people, plan):
    advance(plan, PlanStatus.APPROVED)
    opens_on = timezone.localdate() + datetime.timedelta(days=30)
    SchoolYearFactory(first_year=2027, planning_opens_on=opens_on)
    client.force_login(people.leader_a)

    response = client.get(url("plan-detail", plan.pk))

    assert f"Planning for 2027-28 opens on {date_format(opens_on, 'DATE_FORMAT')}" in response.text
    assert url("plan-carry-forward", plan.pk) not in response.text


@pytest.mark.parametrize("activities", [1, 10])
def test_the_history_page_runs_the_same_queries_however_many_changes(
    client, people, django_assert_num_queries, activities
):
    plan = PlanFactory(district=people.district_a)
    client.force_login(people.leader_a)
    for activity in [ActivityFactory(plan=plan) for _ in range(activities)]:
        for title in ("First title", "Second title"):
            activity.refresh_from_db()
            client.post(url("activity-edit", activity.pk), _activity_post(plan, title=title, version=activity.version))

    with django_assert_num_queries(14):
        response = client.get(url("plan-history", plan.pk))

    assert response.text.count("First title") >= activities


def test_the_plan_list_shows_the_newest_year_first_by_default(client, people):
    older = PlanFactory(district=people.district_a, school_year=SchoolYearFactory(first_year=2025))
    newer = PlanFactory(district=people.district_a, school_year=SchoolYearFactory(first_year=2026, is_current=True))
    client.force_login(people.coordinator)

    page = client.get(url("plan-list")).context["page"]

    assert [plan.pk for plan in page] == [newer.pk, older.pk]


def test_a_form_without_its_version_cannot_overwrite_silently(client, people, plan):
    activity = plan.activities.get()
    client.force_login(people.leader_a)

    response = client.post(url("activity-edit", activity.pk), _activity_post(plan, title="Tampered", version="0"))

    assert response.status_code == 200
    activity.refresh_from_db()
    assert activity.title == "Family reading night"


def test_two_people_writing_the_reflection_at_once_do_not_overwrite_each_other(client, people, plan):
    advance(plan, PlanStatus.APPROVED)
    client.force_login(people.leader_a)
    version = client.get(url("plan-reflection", plan.pk)).context["form"]["version"].value()
    client.post(url("plan-reflection", plan.pk), {"reflection": "First", "version": version})

    response = client.post(url("plan-reflection", plan.pk), {"reflection": "Second", "version": version})

    assert "You saved this in another tab while you were editing here" in response.text
    plan.refresh_from_db()
    assert plan.reflection == "First"


def test_the_evaluation_form_offers_no_blank_choice(client, people, plan):
    advance(plan, PlanStatus.APPROVED)
    client.force_login(people.leader_a)

    response = client.get(url("activity-evaluate", plan.activities.get().pk))

    assert "---------" not in response.text
    assert "5 · Extensively" in response.text
