"""How one response is scored under its instrument's rule (DESIGN.md §3.5): done once, when it is stored.

Comparisons with thresholds are exact (fractions of the configured decimal), so a share of exactly
one half is never taken for a hair above or below it.
"""

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

TOLERANCE = 1e-10  # logits; well inside the 10⁻⁶ the measure must be right to
MAX_STEPS = 200


@dataclass(frozen=True)
class Score:
    """The outcome for one response: whether it is scored (enough items answered), its score, its verdict."""

    answered: int
    scored: bool
    score: float | None = None
    counts_yes: bool | None = None


def score_response(
    answers: list[int | None], scoring: dict, agree_from: int, difficulties: list[float | None]
) -> Score:
    """Score the answers (one per item, in item order, None where skipped) under `scoring`."""
    given = [(value, difficulty) for value, difficulty in zip(answers, difficulties, strict=True) if value is not None]
    if len(given) < scoring["min_answered"]:
        return Score(answered=len(given), scored=False)
    values = [value for value, _ in given]
    rule = scoring["rule"]
    if rule == "share_agree":
        score, yes = share_agree(values, agree_from, scoring["threshold"], scoring.get("inclusive", False))
    elif rule == "mean":
        score, yes = mean_rating(values, scoring["threshold"])
    elif rule == "measure":
        score, yes = rasch_verdict(values, [difficulty for _, difficulty in given], scoring)
    else:
        raise ValueError(f"unknown scoring rule {rule!r}")
    return Score(answered=len(given), scored=True, score=score, counts_yes=yes)


@lru_cache(maxsize=64)
def _exact(number: float) -> Fraction:
    """The decimal a person wrote in the instrument file (0.5, 4.0), exactly (read once per instrument)."""
    return Fraction(str(number))


def _compare(count: int, out_of: int, threshold: float) -> int:
    """-1, 0 or 1 as count ÷ out_of is below, at or above the threshold, in whole numbers (no rounding)."""
    exact = _exact(threshold)
    left, right = count * exact.denominator, exact.numerator * out_of
    return (left > right) - (left < right)


def share_agree(values: list[int], agree_from: int, threshold: float, inclusive: bool) -> tuple[float, bool]:
    """The share of answered items that agree, and whether it passes the threshold (above, or at/above)."""
    agreeing = sum(1 for value in values if value >= agree_from)
    comparison = _compare(agreeing, len(values), threshold)
    return agreeing / len(values), comparison >= 0 if inclusive else comparison > 0


def mean_rating(values: list[int], threshold: float) -> tuple[float, bool]:
    """The mean answered value, and whether it is at least the threshold."""
    total = sum(values)
    return total / len(values), _compare(total, len(values), threshold) >= 0


def rasch_verdict(values: list[int], difficulties: list[float], scoring: dict) -> tuple[float, bool]:
    """The reported measure (intercept + slope * θ) and whether it is at least the cut, unrounded."""
    theta = rasch_theta([value - 1 for value in values], difficulties, scoring["steps"], extreme=scoring["extreme"])
    measure = scoring["intercept"] + scoring["slope"] * theta
    return measure, measure >= scoring["cut"]


def category_probabilities(theta: float, difficulty: float, steps: list[float]) -> list[float]:
    """Andrich's rating-scale model: P(k | θ) ∝ exp(Σ_{j≤k}(θ - δ - τ_j)), k = 0…len(steps)."""
    logits = [0.0]
    for step in steps:
        logits.append(logits[-1] + theta - difficulty - step)
    top = max(logits)
    weights = [math.exp(logit - top) for logit in logits]
    total = sum(weights)
    return [weight / total for weight in weights]


def expected_score_and_variance(theta: float, difficulties: list[float], steps: list[float]) -> tuple[float, float]:
    """Σ E[k_i | θ] over the items, and its derivative in θ (Σ Var[k_i | θ])."""
    expected = variance = 0.0
    for difficulty in difficulties:
        probabilities = category_probabilities(theta, difficulty, steps)
        mean = sum(k * p for k, p in enumerate(probabilities))
        expected += mean
        variance += sum(k * k * p for k, p in enumerate(probabilities)) - mean * mean
    return expected, variance


def rasch_theta(categories: list[int], difficulties: list[float], steps: list[float], *, extreme: float) -> float:
    """The maximum-likelihood θ: the solution of Σ E[k_i | θ] = r over the answered items.

    An all-bottom (r = 0) or all-top (r = maximum) raw score has no finite solution, so it is first moved
    `extreme` score points toward the middle. Σ E rises with θ, so the root is bracketed and then found by
    Newton steps kept inside the bracket (bisection where a step would leave it)."""
    top_score = len(steps) * len(categories)
    raw = float(sum(categories))
    if raw <= 0:
        raw = extreme
    elif raw >= top_score:
        raw = top_score - extreme
    low, high = -1.0, 1.0
    while expected_score_and_variance(low, difficulties, steps)[0] > raw:
        low *= 2
    while expected_score_and_variance(high, difficulties, steps)[0] < raw:
        high *= 2
    theta = (low + high) / 2
    for _ in range(MAX_STEPS):
        expected, slope = expected_score_and_variance(theta, difficulties, steps)
        if expected < raw:
            low = theta
        else:
            high = theta
        step = (raw - expected) / slope if slope > 0 else math.inf
        candidate = theta + step
        if not low < candidate < high:
            candidate = (low + high) / 2
        if abs(candidate - theta) < TOLERANCE or high - low < TOLERANCE:
            return candidate
        theta = candidate
    return theta
