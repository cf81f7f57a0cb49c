"""The upload pages and the background job's page: upload, follow the job, see what it did or every
refused line; the cycle's section; a job's file to download."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pep.tests.factories import SchoolYearFactory
from surveys.models import ChildCount, Invitation, Response, SurveyJob
from surveys.tests.factories import CycleFactory, InvitationFactory, make_instrument
from surveys.tests.test_imports_roster import roster_csv, roster_row
from surveys.views import imports as views


@pytest.fixture
def cycle(people):
    return CycleFactory(slug="pages-cycle")


@pytest.fixture
def coordinator_client(client, people):
    client.force_login(people.coordinator)
    return client


def upload(client, url: str, content: bytes, django_capture_on_commit_callbacks, **fields):
    """Post the file; the job runs when the request commits (at once in tests), so follow it to its page."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile("upload.csv", content, "text/csv"), **fields})
    assert response.status_code == 302, response.content.decode()[:500]
    job = SurveyJob.objects.order_by("-pk").first()
    assert response["Location"] == reverse("surveys:job-detail", args=[job.pk])
    return client.get(response["Location"]), job


def test_a_roster_uploaded_on_a_page_is_imported_by_a_job(
    coordinator_client, people, cycle, django_capture_on_commit_callbacks
):
    url = reverse("surveys:roster-upload", args=[cycle.slug])
    assert coordinator_client.get(url).status_code == 200

    page, job = upload(
        coordinator_client,
        url,
        roster_csv(roster_row(), roster_row(student_ref="ST2")),
        django_capture_on_commit_callbacks,
    )

    job.refresh_from_db()
    assert (job.kind, job.cycle, job.status, job.requested_by) == ("roster", cycle, "done", people.coordinator)
    assert job.upload is None  # the parents' contacts are not kept once the work is done
    text = page.content.decode()
    assert "2 parents invited in 1 district." in text
    assert 'http-equiv="refresh"' not in text
    assert '<progress id="job-progress" class="flex-grow-1" max="100" value="100">' in text
    assert Invitation.objects.filter(cycle=cycle).count() == 2


def test_a_refused_upload_lists_every_bad_line_and_saves_nothing(
    coordinator_client, people, cycle, django_capture_on_commit_callbacks
):
    data = roster_csv(
        roster_row(), roster_row(student_ref="ST2", district_code="Z-9"), roster_row(student_ref="ST3", grade="13")
    )

    page, job = upload(
        coordinator_client,
        reverse("surveys:roster-upload", args=[cycle.slug]),
        data,
        django_capture_on_commit_callbacks,
    )

    job.refresh_from_db()
    assert job.status == "refused" and [line for line, _reason in job.errors] == [3, 4]
    text = page.content.decode()
    assert "Refused: 2 bad lines; nothing was saved." in text
    assert "<td>3</td><td>The district_code “Z-9” is not a district of the directory.</td>" in text
    assert "<td>4</td>" in text and "grade “13”" in text
    assert not Invitation.objects.exists()


def test_returned_responses_uploaded_on_a_page_are_stored(
    coordinator_client, people, cycle, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(cycle=cycle, district=people.district_a)
    url = reverse("surveys:responses-upload", args=[cycle.slug])
    form = coordinator_client.get(url).content.decode()
    assert "paper_code,channel,language,q1,q2,q3,q4" in form  # the columns this instrument's file needs

    content = f"paper_code,channel,language,q1,q2,q3,q4\n{invitation.paper_code},paper,es,4,4,,6\n".encode()
    page, _job = upload(coordinator_client, url, content, django_capture_on_commit_callbacks)

    assert "1 response stored in 1 district." in page.content.decode()
    assert Response.objects.filter(cycle=cycle, channel="paper", language="es").count() == 1


def test_a_child_count_uploaded_for_a_chosen_year(coordinator_client, people, django_capture_on_commit_callbacks):
    SchoolYearFactory(first_year=2025)
    year = SchoolYearFactory(first_year=2026)
    url = reverse("surveys:child-count-upload")
    assert (
        f'<option value="{year.pk}" selected>2026-27</option>'
        in coordinator_client.get(f"{url}?year={year.pk}").content.decode()
    )

    content = b"district_code,dimension,category,count\nA-1,gender,F,12\n"
    page, job = upload(coordinator_client, url, content, django_capture_on_commit_callbacks, school_year=year.pk)

    assert job.school_year == year
    assert "1 child count saved for 1 district" in page.content.decode()
    assert ChildCount.objects.get().count == 12


def test_a_file_too_large_is_refused_by_the_form(coordinator_client, cycle, monkeypatch):
    monkeypatch.setattr(views, "UPLOAD_MAX_MB", 0)

    response = coordinator_client.post(
        reverse("surveys:roster-upload", args=[cycle.slug]),
        {"file": SimpleUploadedFile("roster.csv", roster_csv(roster_row()), "text/csv")},
    )

    assert response.status_code == 200
    assert "The file is larger than 0 MB" in response.content.decode()
    assert not SurveyJob.objects.exists()


def test_a_cycle_without_a_roster_has_no_upload_pages(coordinator_client):
    perceptions = CycleFactory(instrument=make_instrument(kind="perceptions"))

    assert coordinator_client.get(reverse("surveys:roster-upload", args=[perceptions.slug])).status_code == 404
    assert coordinator_client.get(reverse("surveys:responses-upload", args=[perceptions.slug])).status_code == 404


def test_a_running_job_reloads_itself_until_it_is_done(coordinator_client, cycle):
    job = SurveyJob.objects.create(kind="roster", cycle=cycle, status="running", done=300, total=1200)
    url = reverse("surveys:job-detail", args=[job.pk])

    text = coordinator_client.get(url).content.decode()

    assert '<meta http-equiv="refresh" content="2">' in text
    assert 'value="25">25%</progress>' in text
    assert "Stop reloading" in text
    assert 'http-equiv="refresh"' not in coordinator_client.get(f"{url}?refresh=off").content.decode()


def test_a_job_that_built_a_file_offers_it_for_download(coordinator_client, cycle):
    job = SurveyJob.objects.create(
        kind="packets", cycle=cycle, status="done", output=b"%PDF-1.7 packets", output_name="packets pages-cycle.pdf"
    )

    page = coordinator_client.get(reverse("surveys:job-detail", args=[job.pk])).content.decode()
    download = coordinator_client.get(reverse("surveys:job-download", args=[job.pk]))

    assert reverse("surveys:job-download", args=[job.pk]) in page
    assert download.status_code == 200 and download.content == b"%PDF-1.7 packets"
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="packets-pages-cycle.pdf"'


def test_a_job_without_a_file_has_nothing_to_download(coordinator_client, cycle):
    job = SurveyJob.objects.create(kind="roster", cycle=cycle, status="done")

    assert coordinator_client.get(reverse("surveys:job-download", args=[job.pk])).status_code == 404


def test_the_job_page_shows_the_first_500_problems_and_says_how_many_more(coordinator_client, cycle):
    errors = [[line, f"Problem on line {line}."] for line in range(2, 2002)]
    job = SurveyJob.objects.create(kind="roster", cycle=cycle, status="refused", errors=errors, summary="Refused.")

    text = coordinator_client.get(reverse("surveys:job-detail", args=[job.pk])).content.decode()

    assert "Problem on line 501." in text and "Problem on line 502." not in text
    assert "The first 500 are shown, and 1500 more were found." in text


def test_the_job_page_runs_the_same_queries_for_few_or_many_problems(
    coordinator_client, cycle, django_assert_max_num_queries
):
    small = SurveyJob.objects.create(kind="roster", cycle=cycle, status="refused", errors=[[2, "Bad."]])
    large = SurveyJob.objects.create(
        kind="child_count",
        school_year=cycle.school_year,
        status="refused",
        errors=[[line, "Bad."] for line in range(2, 2002)],
    )
    coordinator_client.get(reverse("surveys:job-detail", args=[small.pk]))  # the session settles first

    for job in (small, large):
        with django_assert_max_num_queries(6):
            assert coordinator_client.get(reverse("surveys:job-detail", args=[job.pk])).status_code == 200


def test_the_cycle_page_has_the_files_section_with_counts_and_recent_jobs(coordinator_client, people, cycle):
    InvitationFactory(cycle=cycle, district=people.district_a, responded=True)
    InvitationFactory(cycle=cycle, district=people.district_a)
    job = SurveyJob.objects.create(
        kind="roster", cycle=cycle, status="done", summary="2 parents invited in 1 district."
    )

    text = coordinator_client.get(reverse("surveys:cycle-detail", args=[cycle.slug])).content.decode()

    assert "2 parents invited; 1 have answered." in text
    assert reverse("surveys:roster-upload", args=[cycle.slug]) in text
    assert reverse("surveys:responses-upload", args=[cycle.slug]) in text
    assert reverse("surveys:invitations-export", args=[cycle.slug]) in text
    assert reverse("surveys:job-detail", args=[job.pk]) in text


def test_the_cycle_section_is_only_for_indicator8_cycles(rf, people):
    request = rf.get("/")
    request.user = people.coordinator
    perceptions = CycleFactory(instrument=make_instrument(kind="perceptions"))

    assert views.cycle_section(request, perceptions) is None
    assert views.cycle_section(request, CycleFactory()) is not None
