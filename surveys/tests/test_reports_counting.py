"""The reports' counts are made once per cycle and kept in the cache until a count of the cycle changes; the
internal CSV downloads are written line by line from them. See surveys.selectors.reports ("counting")."""

import csv
import io
import random
from decimal import Decimal
from fractions import Fraction

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pep.csv_writer import csv_cell, safe_cell
from pep.tests.factories import DistrictFactory
from surveys import arithmetic
from surveys.models import SurveyCycle
from surveys.selectors import reports
from surveys.services.imports import child_count_import, roster_import
from surveys.tests.factories import InvitationFactory, answer
from surveys.tests.test_reports_scene import many_districts, small_scene


def _state_all(cycle: SurveyCycle) -> tuple[int, int, int, int]:
    figures = reports.indicator8_report(cycle).state.all
    return figures.invited, figures.returned, figures.respondents, figures.yes


def _csv(rows: list[list]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([safe_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def test_a_stored_response_shows_in_the_next_report(db):
    scene = small_scene()
    assert _state_all(scene.cycle) == (33, 22, 21, 17)
    invitation = InvitationFactory(cycle=scene.cycle, district=scene.birch, grade="3")

    answer(invitation, [4, 4, 4, 4])

    assert _state_all(scene.cycle) == (34, 23, 22, 18)
    birch = reports.indicator8_report(scene.cycle).district(scene.birch.pk)
    assert (birch.all.invited, birch.all.respondents, birch.all.yes) == (9, 7, 7)
    state = reports.representativeness_report(scene.cycle).state
    assert {row.category: row.respondents for row in state.dimension("race_ethnicity")}["HI"] == 19


def test_a_roster_import_and_a_child_count_import_show_in_the_next_report(db):
    scene = small_scene()
    representativeness = reports.representativeness_report(scene.cycle)
    assert {row.category: row.population for row in representativeness.state.dimension("gender")} == {"F": 177, "M": 23}
    roster = (
        "student_ref,district_code,school_code,parent_name,parent_email,parent_phone,mailing_address,language,"
        "grade,age,disability_category,race_ethnicity,gender\n"
        "NEW-1,B-2,,Parent New,new@example.org,,,en,4,9,SLD,HI,F\n"
    )
    assert roster_import(cycle=scene.cycle, data=roster.encode()).ok

    assert _state_all(scene.cycle)[0] == 34

    children = "district_code,dimension,category,count\nB-2,gender,F,150\nB-2,gender,M,50\n"
    assert child_count_import(school_year=scene.cycle.school_year, data=children.encode()).ok
    state = reports.representativeness_report(scene.cycle).state
    assert {row.category: row.population for row in state.dimension("gender")} == {"F": 227, "M": 73}


def test_a_response_to_an_earlier_cycle_shows_in_the_trend(db):
    scene = small_scene()
    alder = reports.indicator8_report(scene.cycle).district(scene.alder.pk)
    assert alder.all.previous_response_rate == Decimal("50.0")
    earlier = InvitationFactory(cycle=scene.previous, district=scene.alder, grade="3")
    answer(earlier, [4, 4, 4, 4], channel="paper")  # forms keyed after the close

    alder = reports.indicator8_report(scene.cycle).district(scene.alder.pk)
    assert alder.all.previous_response_rate == Decimal("52.4")  # 11 of 21


def test_the_page_and_both_downloads_read_the_tallies_once_and_count_no_response(client, people):
    cycle = many_districts(12, slug="once")
    client.force_login(people.coordinator)
    client.get("/")
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("surveys:report-csv", args=[cycle.slug]))
    with CaptureQueriesContext(connection) as later:
        client.get(reverse("surveys:report-representativeness-csv", args=[cycle.slug]))
        client.get(reverse("surveys:report-state", args=[cycle.slug]))
        client.get(reverse("surveys:report-district", args=[cycle.slug, cycle.invitations.first().district_id]))

    def counting(queries) -> list[str]:
        return [query["sql"] for query in queries if "COUNT(" in query["sql"] and "surveys_response" in query["sql"]]

    def tallies_read(queries) -> int:
        return sum(1 for query in queries if "surveys_districttally" in query["sql"])

    assert counting(first.captured_queries) == [] and tallies_read(first.captured_queries) == 1
    assert tallies_read(later.captured_queries) == 0  # the counts are in the cache from then on
    assert counting(later.captured_queries) == [
        query["sql"]
        for query in later.captured_queries
        if "surveys_response" in query["sql"] and "answers" in query["sql"]
    ]  # only the district page's item table, which reads the answers of one district


def test_an_old_copy_of_a_cycle_saved_keeps_the_new_report_version(db):
    scene = small_scene()
    stale = SurveyCycle.objects.get(pk=scene.cycle.pk)
    reports.indicator8_report(scene.cycle)
    answer(InvitationFactory(cycle=scene.cycle, district=scene.birch, grade="3"), [4, 4, 4, 4])

    stale.target = 74
    stale.save()

    assert _state_all(scene.cycle) == (34, 23, 22, 18)  # the response's version was not put back
    scene.cycle.refresh_from_db()
    assert reports.indicator8_report(scene.cycle).state.all.target == Decimal("74.0")


def test_counts_cached_for_another_version_are_not_used(db):
    scene = small_scene()
    reports.indicator8_report(scene.cycle)
    key = f"surveys:indicator8-counts:{scene.cycle.pk}"
    _fingerprint, _tallies, *rest = cache.get(key)
    cache.set(key, ("another version", {}, *rest))

    assert _state_all(scene.cycle) == (33, 22, 21, 17)


def test_the_csv_lines_are_the_rows_written_as_csv(db):
    scene = small_scene()
    for cycle in (scene.cycle, many_districts(30, slug="lines")):
        report = reports.indicator8_report(cycle)
        assert "".join(reports.report_csv_lines(report)) == _csv(reports.report_rows(report))
        representativeness = reports.representativeness_report(cycle)
        assert "".join(reports.representativeness_csv_lines(representativeness)) == _csv(
            reports.representativeness_rows(representativeness)
        )


def test_the_csv_lines_of_a_cycle_without_target_or_children(db):
    scene = small_scene()
    SurveyCycle.objects.filter(pk=scene.cycle.pk).update(target=None)
    scene.cycle.refresh_from_db()
    report = reports.indicator8_report(scene.cycle)
    assert "".join(reports.report_csv_lines(report)) == _csv(reports.report_rows(report))
    assert report.state.all.met_target is None


def test_a_district_code_that_looks_like_a_formula_or_holds_a_comma_is_written_safely(db):
    scene = small_scene(alder=DistrictFactory(name="Alder", code="=A,1"))
    lines = reports.report_csv_lines(reports.indicator8_report(scene.cycle))
    assert any(line.startswith('district,"\'=A,1",all,25,16,15,11,') for line in lines)
    assert csv_cell("") == "" and csv_cell(12) == "12" and csv_cell('say "hi"') == '"say ""hi"""'


def _text(value) -> str:
    return "" if value is None else str(value)


def test_shares_of_a_whole_dimension_are_those_of_each_category():
    rng = random.Random(8)
    for _ in range(3000):
        size = rng.randint(1, 6)
        scale = rng.choice([3, 10, 40, 1000])
        parts = [rng.randint(0, scale) * rng.randint(0, 1) for _ in range(size)]
        populations = [rng.randint(0, scale) * rng.randint(0, 1) for _ in range(size)]
        threshold = Fraction(Decimal(rng.choice(["3.0", "0.1", "2.5", "7.3"])))
        whole, population_whole = sum(parts), sum(populations)
        expected = [
            arithmetic.compare_shares(part, whole, population, population_whole, threshold)
            for part, population in zip(parts, populations, strict=True)
        ]
        compared = arithmetic.compare_dimension(parts, populations, threshold)
        assert [tuple(map(str, figures)) for figures in compared] == [tuple(map(str, row)) for row in expected]
        assert arithmetic.compare_dimension_csv(parts, populations, threshold) == [
            f"{part},{_text(share)},{population},{_text(population_share)},{_text(gap)},{_text(flag)}"
            for part, population, (share, population_share, gap, flag) in zip(parts, populations, expected, strict=True)
        ]
