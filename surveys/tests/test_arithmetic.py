"""The Indicator 8 arithmetic (DESIGN.md §3.5) on small data checked by hand."""

import math
from decimal import Decimal
from fractions import Fraction

import pytest

from surveys import arithmetic
from surveys.selectors import reports
from surveys.tests.test_reports_scene import small_scene


def test_it_computes_the_percent_from_respondents_to_one_decimal():
    assert arithmetic.percent(11, 15) == Decimal("73.3")
    assert arithmetic.percent(2, 3) == Decimal("66.7")
    assert arithmetic.percent(0, 4) == Decimal("0.0")
    assert arithmetic.percent(4, 4) == Decimal("100.0")


def test_it_gives_no_percent_without_respondents():
    assert arithmetic.percent(0, 0) is None
    assert arithmetic.wilson_interval(0, 0) is None
    assert arithmetic.response_rate(0, 0) is None


def test_it_rounds_halves_up_once_from_the_counts():
    # 1 of 8 is 12.5 exactly; 29 of 200 is 14.5; 1 of 16 is 6.25, shown 6.3 (a float would say 6.2).
    assert arithmetic.percent(1, 8) == Decimal("12.5")
    assert arithmetic.percent(29, 200) == Decimal("14.5")
    assert arithmetic.percent(1, 16) == Decimal("6.3")
    assert arithmetic.percent(145, 2000) == Decimal("7.3")
    assert arithmetic.rounded(Fraction(-1, 20)) == Decimal("-0.1")  # half away from zero below 0 too
    assert str(arithmetic.percent(73, 100)) == "73.0"


def _wilson_by_hand(yes: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    p = yes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return 100 * (centre - half), 100 * (centre + half)


@pytest.mark.parametrize(("yes", "n"), [(7, 10), (11, 15), (0, 10), (10, 10), (1, 3), (730, 1000)])
def test_it_computes_the_wilson_interval_as_by_hand(yes, n):
    low, high = _wilson_by_hand(yes, n)
    assert arithmetic.wilson_interval(yes, n) == (
        Decimal(f"{max(low, 0):.1f}"),
        Decimal(f"{min(high, 100):.1f}"),
    )


def test_it_matches_the_textbook_wilson_interval():
    # 7 of 10: 0.3968 to 0.8922 (Wilson, 95%); 11 of 15 worked through in the scene's notes.
    assert arithmetic.wilson_interval(7, 10) == (Decimal("39.7"), Decimal("89.2"))
    assert arithmetic.wilson_interval(11, 15) == (Decimal("48.0"), Decimal("89.1"))
    assert arithmetic.wilson_interval(0, 10) == (Decimal("0.0"), Decimal("27.8"))
    assert arithmetic.wilson_interval(10, 10) == (Decimal("72.2"), Decimal("100.0"))


def test_it_computes_the_response_rate_from_returned_over_invited():
    assert arithmetic.response_rate(16, 25) == Decimal("64.0")
    assert arithmetic.response_rate(1, 3) == Decimal("33.3")


def test_it_gives_the_change_in_points_from_exact_rates():
    # 1/3 = 33.33…% and 1/6 = 16.66…%: the change is 16.666… → 16.7, not 33.3 - 16.7 = 16.6.
    assert arithmetic.change_pp(Fraction(100, 3), Fraction(100, 6)) == Decimal("16.7")
    assert arithmetic.change_pp(Fraction(50), Fraction(64)) == Decimal("-14.0")
    assert arithmetic.change_pp(None, Fraction(64)) is None


def test_it_says_whether_the_target_is_met_on_the_exact_percent():
    assert arithmetic.meets(73, 100, Decimal("73.0")) is True  # exactly at the target: met
    assert arithmetic.meets(729, 1000, Decimal("73.0")) is False
    # 72.96% is shown as 73.0 but is under a 73.0 target
    assert arithmetic.meets(912, 1250, Decimal("73.0")) is False
    assert arithmetic.percent(912, 1250) == Decimal("73.0")
    assert arithmetic.meets(5, 10, None) is None
    assert arithmetic.meets(0, 0, Decimal("73.0")) is None


def test_it_flags_gaps_beyond_the_threshold_and_not_at_it():
    threshold = Decimal("3.0")
    assert arithmetic.flag(Fraction(3), threshold) == "ok"
    assert arithmetic.flag(Fraction(-3), threshold) == "ok"
    assert arithmetic.flag(Fraction(301, 100), threshold) == "over"
    assert arithmetic.flag(Fraction(-301, 100), threshold) == "under"
    assert arithmetic.flag(Fraction(0), threshold) == "ok"
    assert arithmetic.flag(None, threshold) == ""


def test_it_computes_gaps_in_points_between_exact_shares():
    respondents = arithmetic.percent_of(12, 15)  # 80%
    children = arithmetic.percent_of(77, 100)  # 77%
    assert arithmetic.gap(respondents, children) == Fraction(3)
    assert arithmetic.gap(None, children) is None


def test_it_suppresses_under_the_minimum_and_not_at_it():
    assert arithmetic.suppressed(9, 10) is True
    assert arithmetic.suppressed(10, 10) is False
    assert arithmetic.suppressed(0, 10) is True


def test_it_hides_a_lone_small_cell_with_a_second_one():
    assert arithmetic.hidden_cells([3, 20, 15], 10) == [True, False, True]
    assert arithmetic.hidden_cells([3, 4, 15], 10) == [True, True, False]
    assert arithmetic.hidden_cells([0, 20, 15], 10) == [False, False, False]  # a 0 describes nobody
    assert arithmetic.hidden_cells([10, 20], 10) == [False, False]


def test_it_computes_the_mean_to_two_decimals():
    assert arithmetic.mean_of({1: 1, 6: 2}) == Decimal("4.33")
    assert arithmetic.mean_of({4: 0}) is None


def test_it_reports_preschool_and_school_age_apart_and_together(db):
    scene = small_scene()
    report = reports.indicator8_report(scene.cycle)
    alder = report.district(scene.alder.pk)
    assert (alder.all.invited, alder.all.returned, alder.all.respondents, alder.all.yes) == (25, 16, 15, 11)
    assert alder.all.percent == Decimal("73.3")
    assert alder.all.response_rate == Decimal("64.0")
    assert (alder.preschool.invited, alder.preschool.respondents, alder.preschool.yes) == (5, 3, 2)
    assert alder.preschool.percent == Decimal("66.7")
    assert alder.preschool.suppressed is True
    assert (alder.school_age.invited, alder.school_age.returned, alder.school_age.respondents) == (20, 13, 12)
    assert alder.school_age.percent == Decimal("75.0")
    assert alder.school_age.suppressed is False
    # District leaders could subtract preschool from all: school-age is hidden from them too.
    assert alder.school_age.hidden is True
    assert alder.all.hidden is False


def test_it_compares_the_response_rate_with_the_districts_previous_cycle(db):
    scene = small_scene()
    report = reports.indicator8_report(scene.cycle)
    alder, birch = report.district(scene.alder.pk), report.district(scene.birch.pk)
    assert alder.previous_cycle.slug == "alder-last-year"
    assert alder.all.previous_response_rate == Decimal("50.0")
    assert alder.all.response_rate_change == Decimal("14.0")
    assert birch.previous_cycle is None
    assert birch.all.response_rate_change is None
    assert report.state.previous_cycle.slug == "alder-last-year"


def test_it_counts_the_states_population_only_in_the_cycles_districts(db):
    scene = small_scene()
    state = reports.representativeness_report(scene.cycle).state
    race = {row.category: row for row in state.dimension("race_ethnicity")}
    assert "AS" not in race  # Cedar's 1,000 children are not in the cycle
    assert (race["HI"].population, race["WH"].population) == (160, 40)
    assert race["HI"].population_share == Decimal("80.0")
