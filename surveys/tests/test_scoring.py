"""Scoring one response under each rule, on small data checked by hand (DESIGN.md §3.5 and issue 9)."""

import json
import math

import pytest

from surveys.scoring import category_probabilities, rasch_theta, score_response
from surveys.services.instruments import instrument_load
from surveys.tests.factories import CycleFactory, InvitationFactory, answer, instrument_data, make_instrument

SHARE = {"rule": "share_agree", "min_answered": 3, "threshold": 0.5, "inclusive": False}
MEAN = {"rule": "mean", "min_answered": 2, "threshold": 4.0}
NO_DIFFICULTIES = [None] * 10

# Binomial steps: with τ_j = ln(j / (6 - j)) the rating-scale model is a binomial of five trials, which
# gives θ in closed form (see test_a_rasch_measure_matches_the_hand_computation).
BINOMIAL_STEPS = [math.log(j / (6 - j)) for j in range(1, 6)]  # ln 1/5, ln 2/4, ln 3/3, ln 4/2, ln 5/1


def measure(**changes) -> dict:
    return {
        "rule": "measure",
        "min_answered": 1,
        "steps": BINOMIAL_STEPS,
        "slope": 100.0,
        "intercept": 600.0,
        "cut": 600.0,
        "extreme": 0.3,
        **changes,
    }


def score(answers, scoring, difficulties=None):
    return score_response(answers, scoring, 4, difficulties or NO_DIFFICULTIES[: len(answers)])


# Share agreeing.


def test_skipped_items_are_left_out_of_the_share():
    # Answered: 4, 2, 5 (two skipped): 2 of 3 agree, more than half.
    result = score([4, None, 2, 5, None], SHARE)

    assert (result.answered, result.scored, result.counts_yes) == (3, True, True)
    assert result.score == pytest.approx(2 / 3)


def test_a_response_with_exactly_the_minimum_answered_is_scored():
    result = score([4, 4, 1, None, None], SHARE)

    assert (result.answered, result.scored, result.counts_yes) == (3, True, True)


def test_a_response_with_one_fewer_than_the_minimum_is_returned_but_not_scored():
    result = score([6, 6, None, None, None], SHARE)

    assert (result.answered, result.scored, result.score, result.counts_yes) == (2, False, None, None)


def test_exactly_half_agreeing_is_no_under_a_strict_threshold_and_yes_under_an_inclusive_one():
    answers = [4, 5, 1, 3]  # two of four agree

    assert score(answers, SHARE).counts_yes is False
    assert score(answers, {**SHARE, "inclusive": True}).counts_yes is True


def test_a_share_exactly_at_a_decimal_threshold_is_not_taken_for_a_hair_above_or_below():
    answers = [4, 4, 4, 1, 1]  # 3 of 5 = 0.6, which 0.6 as a float is not exactly

    assert score(answers, {**SHARE, "threshold": 0.6}).counts_yes is False
    assert score(answers, {**SHARE, "threshold": 0.6, "inclusive": True}).counts_yes is True


def test_agree_from_decides_which_values_agree():
    answers = [4, 4, 5, 5]

    assert score_response(answers, SHARE, 5, NO_DIFFICULTIES[:4]).score == 0.5
    assert score_response(answers, SHARE, 4, NO_DIFFICULTIES[:4]).score == 1.0


# Mean value.


def test_a_mean_exactly_at_the_threshold_is_yes():
    result = score([4, 4, None], MEAN)

    assert (result.score, result.counts_yes) == (4.0, True)


def test_a_mean_just_below_the_threshold_is_no():
    result = score([4, 4, 4, 3], MEAN)  # 15 / 4 = 3.75

    assert (result.score, result.counts_yes) == (3.75, False)


def test_a_mean_at_a_threshold_with_no_exact_float_is_yes():
    answers = [3, 4, 4, 4, 4, 3, 4, 4, 3, 4]  # 37 / 10 = 3.7

    assert score(answers, {**MEAN, "threshold": 3.7}).counts_yes is True
    assert score(answers, {**MEAN, "threshold": 3.71}).counts_yes is False


def test_the_mean_needs_the_minimum_answered():
    assert score([6, None, None], MEAN).scored is False


# Rasch rating-scale measure.


def test_a_rasch_measure_matches_the_hand_computation():
    # With steps τ_j = ln(j / (6 - j)), P(k | θ) ∝ exp(Σ_{j≤k}(θ - δ - τ_j)) = e^{k(θ-δ)} · Π_{j≤k} (6-j)/j
    # = C(5, k) · e^{k(θ-δ)}, so k is binomial with 5 trials and p = e^{θ-δ} / (1 + e^{θ-δ}), and E[k] = 5p.
    # One item of difficulty δ = 0.4 answered 5 (category k = 4): 5p = 4, p = 0.8, e^{θ-δ} = 0.8 / 0.2 = 4,
    # θ = 0.4 + ln 4 = 0.4 + 1.386294361 = 1.786294361; measure = 600 + 100 θ = 778.6294361 ≥ 600: yes.
    result = score_response([5], measure(), 4, [0.4])

    assert result.score == pytest.approx(778.6294361, abs=1e-4)
    assert result.counts_yes is True


def test_a_rasch_measure_over_two_items_matches_the_hand_computation():
    # Two items of difficulty -0.2 answered 2 and 4 (k = 1 and 3): r = 4 of 10, so 10p = 4, p = 0.4,
    # e^{θ-δ} = 0.4 / 0.6 = 2/3, θ = -0.2 + ln(2/3) = -0.2 - 0.405465108 = -0.605465108;
    # measure = 600 - 60.5465108 = 539.4534892 < 600: no.
    result = score_response([2, None, 4], measure(), 4, [-0.2, 1.0, -0.2])

    assert result.answered == 2
    assert result.score == pytest.approx(539.4534892, abs=1e-4)
    assert result.counts_yes is False


def test_all_bottom_is_moved_the_extreme_amount_toward_the_middle():
    # r = 0 has no finite θ; it is taken as r = 0.3: 5p = 0.3, p = 0.06, θ = δ + ln(0.06 / 0.94) with δ = 0.
    theta = rasch_theta([0], [0.0], BINOMIAL_STEPS, extreme=0.3)

    assert theta == pytest.approx(math.log(0.3 / 4.7), abs=1e-6)


def test_all_top_among_the_answered_items_is_moved_toward_the_middle_though_items_were_skipped():
    # Two answered items at the top (6, 6) and one skipped: r = 10 of 10 is taken as 9.7; with δ = 0 for both,
    # 10p = 9.7, θ = ln(9.7 / 0.3) = 3.476099. The skipped item does not make the score less than the top.
    result = score_response([6, None, 6], measure(extreme=0.3), 4, [0.0, 2.0, 0.0])

    assert result.score == pytest.approx(600 + 100 * math.log(9.7 / 0.3), abs=1e-4)


def _expected_total(theta: float, difficulties: list[float], steps: list[float]) -> float:
    """Σ E[k_i | θ], written out again here rather than taken from the code under test."""
    total = 0.0
    for difficulty in difficulties:
        logits, running = [0.0], 0.0
        for step in steps:
            running += theta - difficulty - step
            logits.append(running)
        weights = [math.exp(logit) for logit in logits]
        total += sum(k * weight for k, weight in enumerate(weights)) / sum(weights)
    return total


def _solve_by_bisection(raw: float, difficulties: list[float], steps: list[float]) -> float:
    low, high = -30.0, 30.0
    while high - low > 1e-12:
        middle = (low + high) / 2
        if _expected_total(middle, difficulties, steps) < raw:
            low = middle
        else:
            high = middle
    return (low + high) / 2


@pytest.mark.parametrize(
    ("categories", "difficulties", "steps"),
    [
        ([3, 2, 4, 1, 5], [-0.42, 0.1, 0.73, -1.2, 0.0], [-1.9, -0.8, 0.1, 0.9, 1.7]),
        ([0, 1, 0, 2], [1.5, -0.3, 0.8, 2.2], [-1.9, -0.8, 0.1, 0.9, 1.7]),
        ([5, 5, 4, 5], [-2.0, -1.0, 0.5, 3.0], [-1.2, -0.4, 0.3, 1.1, 2.5]),
    ],
)
def test_theta_is_within_a_millionth_of_a_logit_of_the_solution(categories, difficulties, steps):
    theta = rasch_theta(categories, difficulties, steps, extreme=0.3)

    assert abs(theta - _solve_by_bisection(sum(categories), difficulties, steps)) < 1e-6
    assert _expected_total(theta, difficulties, steps) == pytest.approx(sum(categories), abs=1e-6)


@pytest.mark.django_db
def test_steps_out_of_order_are_taken_as_given():
    steps = [0.5, -0.5, 1.0, -1.0, 0.0]  # disordered thresholds: no re-centring, no sorting
    data = instrument_data(items=3, rule="measure")
    data["scoring"] = measure(steps=steps, min_answered=2)
    instrument, _created = instrument_load(data=json.dumps(data))

    result = score_response([3, 4, 2], instrument.scoring, instrument.agree_from, [0.0, 0.0, 0.0])
    theta = (result.score - 600) / 100

    assert instrument.scoring["steps"] == steps
    assert _expected_total(theta, [0.0, 0.0, 0.0], steps) == pytest.approx(6, abs=1e-6)
    assert sum(category_probabilities(theta, 0.0, steps)) == pytest.approx(1)


# Through the one path that stores a response.


@pytest.mark.django_db
def test_a_stored_response_carries_its_score_and_verdict(people):
    cycle = CycleFactory(instrument=make_instrument(items=4, min_answered=3))
    invitation = InvitationFactory(cycle=cycle, district=people.district_a)

    response = answer(invitation, [4, None, 5, 2])

    assert (response.answered, response.scored, response.counts_yes) == (3, True, True)
    assert response.score == pytest.approx(2 / 3)


@pytest.mark.django_db
def test_a_stored_response_below_the_minimum_counts_as_returned_not_scored(people):
    cycle = CycleFactory(instrument=make_instrument(items=4, min_answered=3))
    invitation = InvitationFactory(cycle=cycle, district=people.district_a)

    response = answer(invitation, [4, None, None, 2])

    assert (response.answered, response.scored, response.counts_yes) == (2, False, None)
