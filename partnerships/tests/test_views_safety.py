"""What coordinators and owners type is shown as text: in forms, emails and spreadsheets."""

import csv
import io
import subprocess

from django.core import mail
from django.urls import reverse

from partnerships import services
from partnerships.models import Framework, Plan
from partnerships.tests.factories import ActivityFactory, PlanFactory, complete_plan
from pep.models import AuditEntry
from pep.tests.factories import SchoolFactory, school_member


def test_a_framework_name_with_html_is_shown_as_text_in_the_activity_form(client, people):
    framework = Framework.objects.get(is_default=True)
    framework.name_en = '<b id="injected">Six types</b>'
    framework.save()
    plan = PlanFactory(district=people.district_a)
    client.force_login(people.leader_a)

    response = client.get(reverse("partnerships:activity-create", args=[plan.pk]))

    assert 'id="injected"' not in response.text
    assert "&lt;b id=&quot;injected&quot;&gt;Six types&lt;/b&gt;" in response.text


def test_email_subjects_and_bodies_keep_names_as_typed(people, django_capture_on_commit_callbacks):
    school = SchoolFactory(district=people.district_a, name="St. Mary's & Joseph")
    school_member(school, username="stmary_team", email="team@example.org")
    plan = complete_plan(kind="school", school=school)

    with django_capture_on_commit_callbacks(execute=True):
        services.plan_submit(plan=plan, actor=school.memberships.get().user)

    message = mail.outbox[0]
    assert "St. Mary's & Joseph" in message.subject
    assert "St. Mary's & Joseph" in message.body
    assert "&amp;" not in message.subject + message.body and "&#x27;" not in message.subject + message.body


def test_text_that_a_spreadsheet_would_run_is_neutralised_in_the_csv(client, people):
    people.district_a.code = "=1+2"
    people.district_a.save()
    PlanFactory(district=people.district_a)
    client.force_login(people.coordinator)

    response = client.get(reverse("partnerships:plan-export"))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][1] == "'=1+2"


def test_deleting_a_plan_in_the_admin_goes_through_the_service_with_an_audit_entry(client, people):
    plan = PlanFactory(district=people.district_a)
    ActivityFactory(plan=plan)
    client.force_login(people.coordinator)

    client.post(reverse("admin:partnerships_plan_delete", args=[plan.pk]), {"post": "yes"})

    assert not Plan.objects.exists()
    entry = AuditEntry.objects.get(action="plan.delete")
    assert entry.actor == people.coordinator and entry.district == people.district_a


def test_a_pdf_not_finished_in_time_points_to_the_print_view_instead(client, people, settings):
    settings.PDF_SECONDS = 0  # nothing is finished in no time: the PDF's process is stopped at once
    plan = PlanFactory(district=people.district_a)
    client.force_login(people.leader_a)

    response = client.get(reverse("partnerships:plan-pdf", args=[plan.pk]))

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert reverse("partnerships:plan-print", args=[plan.pk]) in response.text


def test_a_csv_asked_for_with_filters_it_does_not_understand_is_refused(client, people):
    PlanFactory(district=people.district_a)
    client.force_login(people.coordinator)

    response = client.get(reverse("partnerships:plan-export"), {"covered_at_least": "abc", "status": "bogus"})

    assert response.status_code == 400
    assert "covered_at_least" in response.text and "status" in response.text


def test_the_plans_csv_and_pdf_are_never_stored_by_caches(client, people):
    plan = PlanFactory(district=people.district_a)
    client.force_login(people.coordinator)

    csv = client.get(reverse("partnerships:plan-export"))
    pdf = client.get(reverse("partnerships:plan-pdf", args=[plan.pk]))

    assert csv["Content-Type"].startswith("text/csv") and csv["Cache-Control"] == "private, no-store"
    assert pdf["Content-Type"] == "application/pdf" and pdf["Cache-Control"] == "private, no-store"


def test_a_long_unbroken_address_stays_whole_and_on_the_page_in_the_pdf(client, people, tmp_path):
    address = "https://forms.example.org/" + "a1b2c3d4e5" * 12 + "/END"
    plan = PlanFactory(district=people.district_a)
    ActivityFactory(plan=plan, how_judged=f"Survey at {address}")
    client.force_login(people.leader_a)
    path = tmp_path / "plan.pdf"

    path.write_bytes(client.get(reverse("partnerships:plan-pdf", args=[plan.pk])).content)

    # in the order it was written (-raw), so the lines of one cell are not mixed with its neighbours'
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert address in "".join(text.split())  # broken over lines inside its cell, not cut off at the edge
