"""Paper packets: what a packet says (in the parent's language, with the paper code on every page and a
QR code of the web link), and the background job that builds them for a district or the whole cycle."""

import io
import subprocess
import zipfile

import pytest
from django.conf import settings
from django.urls import reverse

from pep.models import AuditEntry
from surveys.models import Invitation, SurveyJob
from surveys.services import packets as services
from surveys.tests.factories import CycleFactory, InvitationFactory, make_instrument

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(people):
    return CycleFactory(slug="packets-cycle", instrument=make_instrument(items=5))


@pytest.fixture
def ana(cycle, people):
    return InvitationFactory(
        cycle=cycle,
        district=people.district_a,
        parent_name="Ana Ríos",
        mailing_address="12 Elm Street\nSpringfield, IL 62701",
        language="es",
    )


@pytest.fixture
def bill(cycle, people):
    return InvitationFactory(
        cycle=cycle,
        district=people.district_a,
        parent_name="Bill Oakes",
        mailing_address="9 Birch Road\nDecatur, IL 62521",
        language="en",
    )


@pytest.fixture
def coordinator_client(client, people):
    client.force_login(people.coordinator)
    return client


def pdf_pages(tmp_path, pdf: bytes, name: str = "packets.pdf") -> list[str]:
    """The text of each page, with runs of white space made one space."""
    path = tmp_path / name
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def pdf_info(tmp_path, pdf: bytes) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return info + subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True, check=True).stdout


def grouped(code: str) -> str:
    return f"{code[:5]} {code[5:]}"


def _pdf(cycle, *invitations) -> bytes:
    loaded = list(Invitation.objects.filter(pk__in=[i.pk for i in invitations]).select_related("district"))
    loaded.sort(key=lambda invitation: [i.pk for i in invitations].index(invitation.pk))
    return services.packets_pdf(cycle=cycle, invitations=loaded, wording=services.PacketWording(cycle.instrument))


def test_a_packet_is_a_letter_the_survey_and_a_return_page_with_the_code_on_every_page(tmp_path, cycle, bill):
    pages = pdf_pages(tmp_path, _pdf(cycle, bill))

    assert len(pages) == 3
    letter, survey, back = pages
    code = grouped(bill.paper_code)
    assert all(f"Form code: {code}" in page for page in pages)
    assert "Bill Oakes 9 Birch Road Decatur, IL 62521" in letter
    assert "Dear Bill Oakes," in letter
    assert "special education services" in letter
    assert "The survey is anonymous" in letter
    assert f"{settings.SITE_URL}/surveys/s/{bill.code}/" in letter.replace(" ", "")
    assert f"{settings.SITE_URL}/surveys/answer/" in letter and f"type your form code, {code}" in letter
    assert "Nov. 30, 2026" in letter  # answer by the day the cycle closes
    assert "1 Very strongly disagree" in survey and "6 Very strongly agree" in survey
    for number in range(1, 6):
        assert f"{number}. Statement {number}." in survey
    assert "How to send the survey back" in back
    assert "Mail it by Nov. 30, 2026." in back


def test_a_spanish_speaking_parent_gets_the_survey_in_spanish(tmp_path, cycle, ana):
    letter, survey, _back = pdf_pages(tmp_path, _pdf(cycle, ana))

    assert "Ana Ríos 12 Elm Street Springfield, IL 62701" in letter
    assert "15 de octubre de 2026" in letter and "30 de noviembre de 2026" in letter
    assert "Encuesta de prueba" in letter  # the instrument's Spanish name
    assert "1 Muy en desacuerdo" in survey and "6 Muy de acuerdo" in survey
    assert "1. Afirmación 1." in survey and "Statement 1." not in survey


def test_each_packet_of_a_document_carries_its_own_code_and_language(tmp_path, cycle, ana, bill):
    pages = pdf_pages(tmp_path, _pdf(cycle, ana, bill))

    assert len(pages) == 6
    assert all(grouped(ana.paper_code) in page for page in pages[:3])
    assert all(grouped(bill.paper_code) in page for page in pages[3:])
    assert "Afirmación 2." in pages[1] and "Statement 2." in pages[4]


def test_the_pdf_is_tagged_for_screen_readers(tmp_path, cycle, bill):
    info = pdf_info(tmp_path, _pdf(cycle, bill))

    assert "Tagged:          yes" in info
    assert 'pdfuaid:part="1"' in info


def test_the_qr_code_is_inline_svg_of_the_web_survey_link(cycle, bill):
    html = services.packets_html(cycle=cycle, invitations=[bill], wording=services.PacketWording(cycle.instrument))

    url = f"{settings.SITE_URL}/surveys/s/{bill.code}/"
    assert services.web_survey_url(bill) == url
    assert str(services.qr_svg(url, "QR code: the link to the survey on the web")) in html
    assert '<svg viewBox="0 0 ' in html and "<title>QR code: the link to the survey on the web</title>" in html
    assert "<path" in html


def _build(client, cycle, data, django_capture_on_commit_callbacks) -> SurveyJob:
    """Ask for packets on the page; the job runs once the request commits (at once in tests)."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("surveys:paper-packets", args=[cycle.slug]), data)
    assert response.status_code == 302, response.content.decode()[:800]
    job = SurveyJob.objects.get()
    assert response["Location"] == reverse("surveys:job-detail", args=[job.pk])
    return job


def test_a_districts_packets_are_one_pdf_built_by_a_job(
    tmp_path, coordinator_client, cycle, ana, bill, people, django_capture_on_commit_callbacks
):
    InvitationFactory(cycle=cycle, district=people.district_b, parent_name="Cora Birch")

    job = _build(
        coordinator_client,
        cycle,
        {"packets-scope": "district", "packets-district": "Alder District (A-1)"},
        django_capture_on_commit_callbacks,
    )

    job.refresh_from_db()
    assert (job.kind, job.status, job.district, job.requested_by) == (
        "packets",
        "done",
        people.district_a,
        people.coordinator,
    )
    assert job.output_name == "packets-packets-cycle-a-1.pdf"
    assert job.summary == "2 packets · 1 district"
    pages = pdf_pages(tmp_path, bytes(job.output))
    assert len(pages) == 6
    assert "Estimado(a) Ana Ríos:" in pages[0] and "Dear Bill Oakes," in pages[3]  # in each parent's language
    assert not any("Cora Birch" in page for page in pages)
    audit = AuditEntry.objects.get(action="survey.packets")
    assert audit.district == people.district_a
    page = coordinator_client.get(reverse("surveys:job-detail", args=[job.pk])).content.decode()
    assert "Download packets-packets-cycle-a-1.pdf" in page
    download = coordinator_client.get(reverse("surveys:job-download", args=[job.pk]))
    assert download["Content-Type"] == "application/pdf"
    listed = coordinator_client.get(reverse("surveys:paper-packets", args=[cycle.slug])).content.decode()
    assert f'<a href="{reverse("surveys:job-detail", args=[job.pk])}">Alder District</a>' in listed


def test_the_whole_cycle_is_a_zip_with_one_pdf_per_district(
    tmp_path, coordinator_client, cycle, ana, bill, people, django_capture_on_commit_callbacks
):
    InvitationFactory(cycle=cycle, district=people.district_b, parent_name="Cora Birch")

    job = _build(
        coordinator_client,
        cycle,
        {"packets-scope": "cycle", "packets-district": ""},
        django_capture_on_commit_callbacks,
    )

    job.refresh_from_db()
    assert (job.status, job.district, job.output_name) == ("done", None, "packets-packets-cycle.zip")
    assert job.summary == "3 packets · 2 districts"
    archive = zipfile.ZipFile(io.BytesIO(bytes(job.output)))
    assert archive.namelist() == ["packets-packets-cycle-a-1.pdf", "packets-packets-cycle-b-2.pdf"]
    alder = pdf_pages(tmp_path, archive.read("packets-packets-cycle-a-1.pdf"), "a.pdf")
    birch = pdf_pages(tmp_path, archive.read("packets-packets-cycle-b-2.pdf"), "b.pdf")
    assert len(alder) == 6 and len(birch) == 3
    assert "Dear Cora Birch," in birch[0] and "Birch District" in birch[0]


def test_a_large_district_comes_in_numbered_parts(
    tmp_path, coordinator_client, cycle, ana, bill, people, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "PACKETS_PER_DOCUMENT", 1)

    job = _build(
        coordinator_client,
        cycle,
        {"packets-scope": "district", "packets-district": "A-1"},
        django_capture_on_commit_callbacks,
    )

    job.refresh_from_db()
    assert job.output_name == "packets-packets-cycle-a-1.zip"
    archive = zipfile.ZipFile(io.BytesIO(bytes(job.output)))
    assert archive.namelist() == [
        "packets-packets-cycle-a-1-part-1-of-2.pdf",
        "packets-packets-cycle-a-1-part-2-of-2.pdf",
    ]
    first = pdf_pages(tmp_path, archive.read(archive.namelist()[0]), "1.pdf")
    assert len(first) == 3 and "Estimado(a) Ana Ríos:" in first[0]


def test_the_job_reports_its_progress_packet_by_packet(cycle, ana, bill, people, monkeypatch):
    monkeypatch.setattr(services, "PACKETS_PER_DOCUMENT", 1)
    job = SurveyJob.objects.create(kind="packets", cycle=cycle)  # no work order: everything in one file
    seen = []

    class Progress:
        def total(self, total):
            seen.append(("total", total))

        def __call__(self, done=1):
            seen.append(("done", done))

    outcome = services.packets_build(job, Progress())

    assert seen == [("total", 2), ("done", 1), ("done", 1)]
    assert outcome.output_name == "packets-packets-cycle.zip"


def test_the_page_says_what_is_wrong_with_the_choice_of_district(coordinator_client, cycle, ana, people):
    url = reverse("surveys:paper-packets", args=[cycle.slug])

    no_district = coordinator_client.post(url, {"packets-scope": "district", "packets-district": ""}).content.decode()
    not_on_roster = coordinator_client.post(
        url, {"packets-scope": "district", "packets-district": "B-2"}
    ).content.decode()
    unknown = coordinator_client.post(
        url, {"packets-scope": "district", "packets-district": "Nowhere"}
    ).content.decode()
    both = coordinator_client.post(url, {"packets-scope": "cycle", "packets-district": "A-1"}).content.decode()

    assert "Type the district to print." in no_district
    assert "No one in Birch District is on this cycle&#x27;s roster." in not_on_roster
    assert "No single district of this cycle matches “Nowhere”" in unknown
    assert "For the whole cycle, leave the district empty" in both
    assert not SurveyJob.objects.exists()


def test_a_cycle_without_a_roster_has_no_packets_to_build(coordinator_client, cycle):
    page = coordinator_client.post(reverse("surveys:paper-packets", args=[cycle.slug]), {"packets-scope": "cycle"})

    assert "This cycle has no roster yet: import one first." in page.content.decode()
    assert not SurveyJob.objects.exists()


def test_the_packets_page_offers_a_typed_district_search_not_a_list(coordinator_client, cycle, ana):
    page = coordinator_client.get(reverse("surveys:paper-packets", args=[cycle.slug])).content.decode()

    assert 'data-suggestions-url="/districts/suggestions/"' in page or "data-suggestions-url=" in page
    assert "<select" not in page
    assert "a ZIP file with one PDF per district" in page


def test_the_job_reads_the_roster_in_the_same_queries_however_many_packets(
    cycle, people, monkeypatch, django_assert_max_num_queries
):
    """Each document's packets come from one read of the roster, not a query per packet."""
    rendered = []

    def html_only(**kwargs):
        rendered.append(services.packets_html(**kwargs))
        return b"%PDF-1.7"

    monkeypatch.setattr(services, "packets_pdf", html_only)
    InvitationFactory(cycle=cycle, district=people.district_a)
    InvitationFactory(cycle=cycle, district=people.district_b)
    job = SurveyJob.objects.create(kind="packets", cycle=cycle)
    with django_assert_max_num_queries(12) as few:
        services.packets_build(job, services.JobProgress(job))
    for _number in range(20):
        InvitationFactory(cycle=cycle, district=people.district_a)
        InvitationFactory(cycle=cycle, district=people.district_b)
    job = SurveyJob.objects.create(kind="packets", cycle=cycle)

    with django_assert_max_num_queries(len(few.captured_queries)):
        outcome = services.packets_build(job, services.JobProgress(job))

    assert outcome.summary == "42 packets · 2 districts"
    assert rendered[-1].count('class="packet"') == 21


def test_a_request_larger_than_a_file_is_built_by_several_jobs(
    tmp_path, coordinator_client, cycle, people, monkeypatch, django_capture_on_commit_callbacks
):
    """A file lives in its job's row: past PACKETS_PER_FILE packets, one job per file, districts kept whole
    where they fit and a large district's parts running over into the next file."""
    monkeypatch.setattr(services, "PACKETS_PER_DOCUMENT", 2)
    monkeypatch.setattr(services, "PACKETS_PER_FILE", 4)
    for number in range(5):
        InvitationFactory(cycle=cycle, district=people.district_a, parent_name=f"Alder parent {number}")
    InvitationFactory(cycle=cycle, district=people.district_b, parent_name="Birch parent")
    url = reverse("surveys:paper-packets", args=[cycle.slug])

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url, {"packets-scope": "cycle"})

    assert response.status_code == 302 and response["Location"] == url
    first, second = SurveyJob.objects.order_by("pk")
    assert (first.status, second.status) == ("done", "done")
    assert (first.summary, second.summary) == (
        "File 1 of 2: 4 packets · 1 district",
        "File 2 of 2: 2 packets · 2 districts",
    )
    assert first.upload is None  # the work order is gone with the work
    assert zipfile.ZipFile(io.BytesIO(bytes(first.output))).namelist() == [
        "packets-packets-cycle-a-1-part-1-of-3.pdf",
        "packets-packets-cycle-a-1-part-2-of-3.pdf",
    ]
    assert zipfile.ZipFile(io.BytesIO(bytes(second.output))).namelist() == [
        "packets-packets-cycle-a-1-part-3-of-3.pdf",
        "packets-packets-cycle-b-2.pdf",
    ]
    assert second.output_name == "packets-packets-cycle-file-2-of-2.zip"
    last = pdf_pages(
        tmp_path, zipfile.ZipFile(io.BytesIO(bytes(second.output))).read("packets-packets-cycle-a-1-part-3-of-3.pdf")
    )
    assert len(last) == 3 and "Dear Alder parent 4," in last[0]
    page = coordinator_client.get(url).content.decode()
    assert "The packets come in 2 files of at most 4 packets" in page
    assert page.count(reverse("surveys:job-detail", args=[first.pk])) == 1
    assert "File 2 of 2: 2 packets · 2 districts" in page
    assert page.count(">The whole cycle</a>") == 2  # each job's row names what it was for


def test_a_job_whose_roster_changed_since_it_was_asked_for_says_so(cycle, ana, people):
    jobs = services.packets_request(cycle=cycle, actor=people.coordinator)  # queued, not yet run (no commit)
    InvitationFactory(cycle=cycle, district=people.district_a)

    outcome = services.packets_build(jobs[0], services.JobProgress(jobs[0]))

    assert outcome.errors == [(0, "The roster changed after the packets were asked for: ask again.")]


def test_the_packets_page_costs_the_same_queries_with_many_jobs(
    coordinator_client, cycle, ana, people, django_assert_max_num_queries
):
    url = reverse("surveys:paper-packets", args=[cycle.slug])
    SurveyJob.objects.create(kind="packets", cycle=cycle, requested_by=people.coordinator, summary="1 packet")
    with django_assert_max_num_queries(10) as few:
        coordinator_client.get(url)
    for _number in range(15):
        SurveyJob.objects.create(
            kind="packets", cycle=cycle, district=people.district_a, requested_by=people.coordinator
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = coordinator_client.get(url)

    assert page.content.decode().count("Alder District</a>") == 15
