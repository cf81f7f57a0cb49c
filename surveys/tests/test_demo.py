"""The surveys' demo: this year's and last year's Indicator 8 cycles, paper forms to key, child counts,
a district under the minimum cell, and a perceptions survey with families and staff."""

import io

import pytest
from django.db.models import Count, Q

from pep import demo as core_demo
from surveys import demo
from surveys.models import ChildCount, Invitation, PaperEntry, PerceptionsLink, Response, SurveyCycle


@pytest.fixture
def demo_logins_file(tmp_path, monkeypatch):
    path = tmp_path / "demo-logins.json"
    monkeypatch.setattr(core_demo, "DEMO_LOGINS_FILE", path)
    return path


def _seed() -> str:
    """The core's demo (districts, years) and this app's: the apps after it add nothing surveys show."""
    out = io.StringIO()
    core_demo.seed(out)
    demo.seed(out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_seeds_two_indicator8_cycles_and_a_perceptions_survey(demo_logins_file):
    output = _seed()

    assert "Surveys: cycles indicator8-2025-26, indicator8-2026-27, perceptions-2026-27" in output
    this_year = SurveyCycle.objects.get(slug="indicator8-2026-27")
    assert this_year.is_open()
    assert SurveyCycle.objects.get(slug="indicator8-2025-26").has_closed()
    channels = set(Response.objects.filter(cycle=this_year).values_list("channel", flat=True))
    assert channels == {"web", "paper"}
    assert ChildCount.objects.filter(school_year=this_year.school_year).values("district").distinct().count() == 3


@pytest.mark.django_db
def test_one_district_stays_under_the_minimum_cell(demo_logins_file):
    _seed()
    cycle = SurveyCycle.objects.get(slug="indicator8-2026-27")
    respondents = dict(
        Response.objects.filter(cycle=cycle, scored=True).values_list("district__code").annotate(n=Count("id"))
    )

    assert respondents["DEMO-0303"] < cycle.min_cell
    assert respondents["DEMO-0101"] >= cycle.min_cell and respondents["DEMO-0202"] >= cycle.min_cell
    assert (
        Invitation.objects.filter(cycle=cycle, responded=True).count() == Response.objects.filter(cycle=cycle).count()
    )


@pytest.mark.django_db
def test_paper_forms_wait_for_keying_and_reconciliation(demo_logins_file):
    _seed()
    keyed = PaperEntry.objects.values("invitation").annotate(n=Count("id"))

    assert sorted(row["n"] for row in keyed) == [1, 1, 2]
    assert not Invitation.objects.filter(paper_entries__isnull=False, responded=True).exists()


@pytest.mark.django_db
def test_the_perceptions_survey_has_families_and_staff_in_every_district(demo_logins_file):
    _seed()
    cycle = SurveyCycle.objects.get(slug="perceptions-2026-27")
    by_district = (
        Response.objects.filter(cycle=cycle)
        .values("district")
        .annotate(
            families=Count("id", filter=Q(respondent_role="family")),
            staff=Count("id", filter=Q(respondent_role="staff")),
        )
    )

    assert PerceptionsLink.objects.filter(cycle=cycle).count() == 3
    assert all(row["families"] and row["staff"] for row in by_district)


@pytest.mark.django_db
def test_a_second_run_adds_nothing(demo_logins_file):
    _seed()
    counts = (Invitation.objects.count(), Response.objects.count(), ChildCount.objects.count())

    output = _seed()

    assert "Surveys: the demo cycles exist already; nothing added" in output
    assert (Invitation.objects.count(), Response.objects.count(), ChildCount.objects.count()) == counts
