"""The district report: one district's Indicator 8 results as a tagged PDF, with nothing of another district
and no figure describing fewer people than the cycle's minimum."""

import datetime
import re
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pep.tests.factories import DistrictFactory, SchoolYearFactory, district_leader
from surveys.models import ChildCount
from surveys.tests.factories import CycleFactory, InvitationFactory, answer, make_instrument

pytestmark = pytest.mark.django_db

YES, NO = [5, 5, 5, 5], [2, 2, 2, 2]  # more than half agreeing counts "yes" under the factory's instrument


def _answered(cycle, district, answers: list[list], channel: str = "paper", **categories) -> None:
    for answers_given in answers:
        answer(InvitationFactory(cycle=cycle, district=district, **categories), answers_given, channel=channel)


def _invited(cycle, district, count: int) -> None:
    InvitationFactory.create_batch(count, cycle=cycle, district=district)


@pytest.fixture
def scene(people):
    return district_scene(people)


def district_scene(people):
    """Alder (district A) in this cycle and the last: 27 of 33 respondents say yes (81.8%), 3 of them
    parents of preschoolers (too few to show, so school-age is hidden too), 10 more invited who did not
    answer; last year 10 of 20 (response rate 50.0%). Birch (district B): 3 of 12 (25.0%)."""
    instrument = make_instrument()
    last_year = CycleFactory(
        instrument=instrument,
        slug="indicator8-2025",
        school_year=SchoolYearFactory(first_year=2025),
        opens_on=datetime.date(2025, 10, 1),
        closes_on=datetime.date(2025, 11, 30),
        target=72.5,
    )
    cycle = CycleFactory(instrument=instrument, slug="indicator8-2026", target=73)
    a, b = people.district_a, people.district_b
    _answered(last_year, a, [YES] * 10 + [NO] * 10)
    _invited(last_year, a, 20)
    _answered(cycle, a, [YES] * 24 + [NO] * 6)
    _answered(cycle, a, [YES] * 3, grade="PK", age=4)
    _invited(cycle, a, 10)
    _answered(cycle, b, [YES] * 3 + [NO] * 9, race_ethnicity="WH")
    for category, count in (("HI", 50), ("WH", 40), ("BL", 5)):
        ChildCount.objects.create(
            school_year=cycle.school_year, district=a, dimension="race_ethnicity", category=category, count=count
        )
    return cycle


def _pdf_text(tmp_path, response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def _pdf(client, cycle, district):
    return client.get(reverse("surveys:district-report-pdf", args=[cycle.slug, district.pk]))


def _print(client, cycle, district):
    return client.get(reverse("surveys:district-report-print", args=[cycle.slug, district.pk]))


def _pages(path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    count = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    pages = []
    for page in range(1, count + 1):
        command = ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"]
        pages.append(" ".join(subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()))
    return pages


def test_it_makes_a_tagged_pdf_of_the_districts_figures_and_no_other_districts(client, people, scene, tmp_path):
    client.force_login(people.leader_a)
    response = _pdf(client, scene, people.district_a)
    text = _pdf_text(tmp_path, response)
    assert "Alder District" in text
    assert "81.8%" in text  # 27 of 33
    assert "of the 33 parents who answered" in text
    assert "Target 73.0%: met" in text
    assert "State: 66.7%" in text  # 30 of 45 over both districts
    assert "+15.2 points" in text  # 81.8 - 66.7 from the exact percents
    assert "76.7%" in text  # 33 returned of 43 invited
    assert "Response rate in 2025-26 50.0%" in text
    assert "+26.7 points" in text
    assert "Statement 1." in text
    assert "2025-26" in text and "2026-27" in text
    assert "Birch" not in text and "25.0%" not in text  # district B and its percent
    assert response["Content-Disposition"] == 'attachment; filename="indicator8-indicator8-2026-a-1.pdf"'
    path = tmp_path / "report.pdf"
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    metadata = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    assert 'pdfuaid:part="1"' in metadata
    pages = _pages(path)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert "Alder District" in page
        assert "Indicator 8 parent survey · 2026-27" in page
        assert re.search(rf"\b{number} ?/ ?{len(pages)}\b", page)


def test_another_districts_report_holds_its_own_figures_only(client, people, scene, tmp_path):
    client.force_login(people.coordinator)
    text = _pdf_text(tmp_path, _pdf(client, scene, people.district_b))
    assert "Birch District" in text and "25.0%" in text  # 3 of 12
    assert "Alder" not in text and "81.8%" not in text
    assert "This is the district's first cycle of this survey." in text


def test_cells_under_the_minimum_are_hidden(client, people, scene, tmp_path):
    client.force_login(people.leader_a)
    text = _pdf_text(tmp_path, _pdf(client, scene, people.district_a))
    # Preschool: 3 parents, all yes; school-age (80.0%, 24 of 30) would give it away by subtraction.
    assert "Preschool fewer than 10, not shown" in text
    assert "School age hidden to protect a small group" in text
    assert "80.0%" not in text
    # Five Black children in the child count, and the White count that would give it away.
    assert "Black or African American fewer than 10, not shown" in text
    assert "White hidden to protect a small group" in text
    # Hispanic: 33 of 33 respondents against 50 of 95 children: shown, and flagged.
    assert "+47.4" in text and "over-represented" in text
    # Each statement: 27 strongly agree, 6 strongly disagree: both shares hidden, and the mean (4.45) and the
    # share agreeing (81.8%), which with N would give them away.
    assert "4.45" not in text
    assert "18.2" not in text
    assert "Statement 1. 33 – 0.0 – 0.0 0.0 – 0.0 –" in text


def test_a_district_with_too_few_respondents_gets_no_percent(client, people, scene, tmp_path):
    small = DistrictFactory(name="Cedar District")
    _answered(scene, small, [YES] * 4)
    client.force_login(people.coordinator)
    text = _pdf_text(tmp_path, _pdf(client, scene, small))
    assert "Fewer than 10 parents' answers could be scored in this district" in text
    assert "100.0%" not in text
    assert "Surveys returned and response rate fewer than 10, not shown" in text


def test_the_print_page_draws_the_charts_with_hidden_figures_in_words(client, people, scene):
    client.force_login(people.leader_a)
    response = _print(client, scene, people.district_a)
    assert response.status_code == 200
    page = response.content.decode()
    # Groups, trend, and gaps by race and grade band (no child count of disability or gender: no gaps).
    assert page.count('role="img"') == 4
    assert "fewer than 10, not shown" in page
    assert "Birch" not in page
    assert reverse("surveys:district-report-pdf", args=[scene.slug, people.district_a.pk]) in page


@pytest.mark.parametrize("role", ["leader_b", "team_a", "parent_a", "nobody"])
def test_others_cannot_open_district_as_report(client, people, scene, role):
    client.force_login(people.by_role()[role])
    assert _print(client, scene, people.district_a).status_code in (403, 404)
    assert _pdf(client, scene, people.district_a).status_code in (403, 404)


def test_a_leader_of_another_district_gets_a_404(client, people, scene):
    client.force_login(people.leader_b)
    assert _print(client, scene, people.district_a).status_code == 404


def test_a_district_outside_the_cycle_or_a_cycle_of_another_kind_is_a_404(client, people, scene):
    client.force_login(people.coordinator)
    outside = DistrictFactory(name="Dogwood District")
    assert _print(client, scene, outside).status_code == 404
    perceptions = CycleFactory(instrument=make_instrument(kind="perceptions"), slug="perceptions-2026")
    _answered(perceptions, people.district_a, [YES] * 12, channel="web")
    assert _print(client, perceptions, people.district_a).status_code == 404
    assert (
        client.get(reverse("surveys:district-report-print", args=["no-such-cycle", people.district_a.pk])).status_code
        == 404
    )


def test_a_leader_of_two_districts_sees_both(client, people, scene):
    district_leader(people.district_b, username="leader_ab")
    from django.contrib.auth.models import User

    from pep.models import Role
    from pep.tests.factories import MembershipFactory

    both = User.objects.get(username="leader_ab")
    MembershipFactory(user=both, role=Role.DISTRICT_LEADER, district=people.district_a)
    client.force_login(both)
    assert _print(client, scene, people.district_a).status_code == 200
    assert _print(client, scene, people.district_b).status_code == 200


def _queries(client, cycle, district) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert _print(client, cycle, district).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_districts(client, people, scene):
    client.force_login(people.coordinator)
    few = _queries(client, scene, people.district_a)
    for _ in range(30):
        district = DistrictFactory()
        _answered(scene, district, [YES, NO])
        ChildCount.objects.create(
            school_year=scene.school_year, district=district, dimension="gender", category="F", count=12
        )
    many = _queries(client, scene, people.district_a)
    assert many == few
    assert few <= 20
