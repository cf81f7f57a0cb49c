"""The Indicator 8 arithmetic of DESIGN.md §3.5, from counts: percent, Wilson interval, response rate,
representativeness gaps and flags, suppression of small cells.

Everything is computed exactly (fractions of the counts) and rounded once, at the last step, to one
decimal, half away from zero (Decimal ROUND_HALF_UP), so 72.45 is always shown as 72.5 and a share of
exactly 3.0 points is never taken for a hair above or below it. Comparisons with a target or a
threshold are made on the exact values, as the scoring compares a measure with its cut unrounded.
"""

from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from functools import lru_cache

Z_95 = Decimal("1.959964")  # the 97.5th percentile of the standard normal, as the issue fixes it
ONE_DECIMAL = Decimal("0.1")
TWO_DECIMALS = Decimal("0.01")
# Wide enough that the square root in the Wilson interval is right far past the decimal we keep.
_CONTEXT = Context(prec=40)

UNDER, OVER, OK = "under", "over", "ok"


def _half_up(numerator: int, denominator: int) -> int:
    """numerator ÷ denominator (> 0) rounded to a whole number, halves away from zero, in integers only."""
    magnitude = (2 * abs(numerator) + denominator) // (2 * denominator)
    return magnitude if numerator >= 0 else -magnitude


# Every tenth from -100.0 to 100.0 made once: shares, gaps and percents fall in this range, and a report
# writes tens of thousands of them.
_TENTHS = [Decimal(tenths).scaleb(-1) for tenths in range(-1000, 1001)]
# The same as text ("-3.0", "72.5"), for CSV files written line by line: TENTHS_TEXT[1000 + tenths].
TENTHS_TEXT = [str(tenths) for tenths in _TENTHS]


def _tenths(tenths: int) -> Decimal:
    """A whole number of tenths as a Decimal with one decimal place (72.0, not 72)."""
    return _TENTHS[tenths + 1000] if -1000 <= tenths <= 1000 else Decimal(tenths).scaleb(-1)


def _digits(places: Decimal) -> int:
    return -places.as_tuple().exponent


def rounded(value: Fraction | Decimal | int, places: Decimal = ONE_DECIMAL) -> Decimal:
    """`value` rounded half away from zero to `places` (one decimal unless told)."""
    if isinstance(value, Decimal):
        return value.quantize(places, rounding=ROUND_HALF_UP)
    digits = _digits(places)
    # Integer arithmetic on the exact fraction: a report rounds tens of thousands of these.
    return Decimal(_half_up(value.numerator * 10**digits, value.denominator)).scaleb(-digits)


def percent_of(part: int, whole: int) -> Fraction | None:
    """100 * part ÷ whole, exactly; None when the whole is 0 (no percent of nobody)."""
    return Fraction(100 * part, whole) if whole else None


def percent_tenths(part: int, whole: int) -> int | None:
    """100 * part ÷ whole in whole tenths (723 for 72.3), rounded half away from zero; None when the whole is 0.
    TENTHS_TEXT[1000 + tenths] writes it as text, the same as str() of the Decimal `percent` gives."""
    return _half_up(1000 * part, whole) if whole else None


def _percent(part: int, whole: int) -> Decimal | None:
    """100 * part ÷ whole to one decimal, straight from the counts; None when the whole is 0."""
    return _tenths(_half_up(1000 * part, whole)) if whole else None


def percent(yes: int, respondents: int) -> Decimal | None:
    """The Indicator 8 percent: 100 * yes ÷ respondents, to one decimal; None without respondents."""
    return _percent(yes, respondents)


def share(part: int, whole: int) -> Decimal | None:
    """A share in percent to one decimal (of respondents, of children…); None when the whole is 0."""
    return _percent(part, whole)


def response_rate(returned: int, invited: int) -> Decimal | None:
    """Returned ÷ invited, in percent to one decimal; None when nobody was invited."""
    return _percent(returned, invited)


def rate_change(returned: int, invited: int, returned_before: int, invited_before: int) -> Decimal | None:
    """How many percentage points the response rate moved since before, from the four counts, exactly
    (rounded once); None when nobody was invited either time."""
    if not invited or not invited_before:
        return None
    numerator = 1000 * (returned * invited_before - returned_before * invited)
    return _tenths(_half_up(numerator, invited * invited_before))


def change_pp(now: Fraction | None, before: Fraction | None) -> Decimal | None:
    """How many percentage points a percent moved (exact percents in, one decimal out); None if one is missing."""
    if now is None or before is None:
        return None
    return rounded(now - before)


@lru_cache(maxsize=8192)  # a pure function of two counts; districts of a state often share them
def wilson_interval(yes: int, respondents: int, z: Decimal = Z_95) -> tuple[Decimal, Decimal] | None:
    """The Wilson score interval of yes ÷ respondents (95% with the default z), in percent to one decimal.

    centre = (p + z²/2n) / (1 + z²/n), half-width = z / (1 + z²/n) * √(p(1-p)/n + z²/4n²); None for n = 0.
    """
    if respondents == 0:
        return None
    context = _CONTEXT
    n = Decimal(respondents)
    p = context.divide(Decimal(yes), n)
    z2 = context.multiply(z, z)
    denominator = context.add(1, context.divide(z2, n))
    centre = context.divide(context.add(p, context.divide(z2, 2 * n)), denominator)
    spread = context.add(context.divide(context.multiply(p, context.subtract(1, p)), n), context.divide(z2, 4 * n * n))
    half = context.divide(context.multiply(z, context.sqrt(spread)), denominator)
    low = max(Decimal(0), context.subtract(centre, half))
    high = min(Decimal(1), context.add(centre, half))
    return rounded(context.multiply(100, low)), rounded(context.multiply(100, high))


def meets(yes: int, respondents: int, target: Decimal | None) -> bool | None:
    """Whether the exact percent is at least the target; None without a target or respondents."""
    if target is None or not respondents:
        return None
    limit = _exact(target)
    return 100 * yes * limit.denominator >= limit.numerator * respondents


@lru_cache(maxsize=64)
def _exact(value: Decimal) -> Fraction:
    """A target or threshold as the exact fraction it is written as (read once, compared thousands of times)."""
    return Fraction(value)


def gap(respondent_share: Fraction | None, population_share: Fraction | None) -> Fraction | None:
    """The respondents' share minus the population's, in percentage points, exactly; None if either is unknown."""
    if respondent_share is None or population_share is None:
        return None
    return respondent_share - population_share


def flag(gap_pp: Fraction | None, threshold: Decimal) -> str:
    """ "under" or "over" when the gap is beyond ±threshold points, "ok" within it or exactly at it, "" unknown."""
    if gap_pp is None:
        return ""
    limit = _exact(threshold)
    if gap_pp > limit:
        return OVER
    if gap_pp < -limit:
        return UNDER
    return OK


def compare_shares(
    part: int, whole: int, population: int, population_whole: int, threshold: Fraction
) -> tuple[Decimal | None, Decimal | None, Decimal | None, str]:
    """A category's share of respondents and of the population, the gap in points and its flag, from the
    four counts, exactly, in integers (a representativeness report has tens of thousands of rows).

    The same as share(), gap() rounded and flag() on exact fractions; `threshold` as Fraction(threshold)."""
    respondent_share, population_share = _percent(part, whole), _percent(population, population_whole)
    if not whole or not population_whole:
        return respondent_share, population_share, None, ""
    # gap = 100 * (part/whole - population/population_whole) = 100 * difference / denominator
    difference = part * population_whole - population * whole
    denominator = whole * population_whole
    gap_pp = _tenths(_half_up(1000 * difference, denominator))
    # gap > t  ⟺  100 * difference * t.den > t.num * denominator (denominators are positive)
    scaled, limit = 100 * difference * threshold.denominator, threshold.numerator * denominator
    verdict = OVER if scaled > limit else UNDER if scaled < -limit else OK
    return respondent_share, population_share, gap_pp, verdict


def compare_dimension_tenths(
    parts: list[int], populations: list[int], threshold: Fraction
) -> list[tuple[int | None, int | None, int | None, str]]:
    """`compare_shares` for every category of one dimension, whose wholes are the sums of `parts` (respondents)
    and `populations` (children), with the shares and the gap as whole numbers of tenths (723 for 72.3): the
    same figures, worked out in one loop with the wholes read once (a state's representativeness has tens of
    thousands of categories)."""
    whole, population_whole = sum(parts), sum(populations)
    if not whole or not population_whole:
        return [
            (
                _half_up(1000 * part, whole) if whole else None,
                _half_up(1000 * population, population_whole) if population_whole else None,
                None,
                "",
            )
            for part, population in zip(parts, populations, strict=True)
        ]
    denominator = whole * population_whole
    twice_whole, twice_population, twice_denominator = 2 * whole, 2 * population_whole, 2 * denominator
    limit, scale = threshold.numerator * denominator, 100 * threshold.denominator
    compared = []
    for part, population in zip(parts, populations, strict=True):
        # As _half_up: counts are never negative, so a share is rounded half up by adding half the divisor;
        # the gap (respondents' share minus the population's) is rounded half away from zero.
        difference = part * population_whole - population * whole
        magnitude = (2000 * abs(difference) + denominator) // twice_denominator
        scaled = scale * difference
        compared.append(
            (
                (2000 * part + whole) // twice_whole,
                (2000 * population + population_whole) // twice_population,
                magnitude if difference >= 0 else -magnitude,
                OVER if scaled > limit else UNDER if scaled < -limit else OK,
            )
        )
    return compared


def compare_dimension(
    parts: list[int], populations: list[int], threshold: Fraction
) -> list[tuple[Decimal | None, Decimal | None, Decimal | None, str]]:
    """`compare_dimension_tenths` with the shares and the gap as Decimals of one decimal, as `compare_shares`."""
    return [
        (
            None if share is None else _TENTHS[share + 1000],
            None if population_share is None else _TENTHS[population_share + 1000],
            None if gap_pp is None else _TENTHS[gap_pp + 1000],
            verdict,
        )
        for share, population_share, gap_pp, verdict in compare_dimension_tenths(parts, populations, threshold)
    ]


def compare_dimension_csv(parts: list[int], populations: list[int], threshold: Fraction) -> list[str]:
    """For each category, the CSV cells `respondents,respondent_share,population,population_share,gap_pp,flag`
    as `compare_dimension` works them out (shares and gap with one decimal, "" when unknown), for files of tens
    of thousands of lines: the same integer arithmetic as `compare_dimension_tenths`, written out here in one
    loop (the tests hold the two to the same figures)."""
    text = TENTHS_TEXT
    whole, population_whole = sum(parts), sum(populations)
    if not whole or not population_whole:
        return [
            f"{part},{'' if share is None else text[1000 + share]},{population},"
            f"{'' if other is None else text[1000 + other]},,"
            for (part, population), (share, other, _gap, _flag) in zip(
                zip(parts, populations, strict=True),
                compare_dimension_tenths(parts, populations, threshold),
                strict=True,
            )
        ]
    denominator = whole * population_whole
    twice_whole, twice_population, twice_denominator = 2 * whole, 2 * population_whole, 2 * denominator
    limit, scale = threshold.numerator * denominator, 100 * threshold.denominator
    cells = []
    for part, population in zip(parts, populations, strict=True):
        difference = part * population_whole - population * whole
        scaled = scale * difference
        gap = (
            text[1000 + (2000 * difference + denominator) // twice_denominator]
            if difference >= 0
            else text[1000 - (denominator - 2000 * difference) // twice_denominator]
        )
        cells.append(
            f"{part},{text[1000 + (2000 * part + whole) // twice_whole]},{population},"
            f"{text[1000 + (2000 * population + population_whole) // twice_population]},{gap},"
            f"{OVER if scaled > limit else UNDER if scaled < -limit else OK}"
        )
    return cells


def suppressed(count: int, min_cell: int) -> bool:
    """Too few respondents to publish a figure of them (fewer than the cycle's minimum, none included)."""
    return count < min_cell


def small(count: int, min_cell: int) -> bool:
    """A count describing somebody, but fewer people than the minimum: hidden from district-facing views.
    A 0 describes nobody and stays shown."""
    return 0 < count < min_cell


def hidden_cells(counts: list[int], min_cell: int) -> list[bool]:
    """Which cells of a set whose total is shown must be hidden: each small one, and, when that is exactly
    one, the smallest other cell describing somebody too, so it cannot be worked out from the total."""
    hidden = [small(count, min_cell) for count in counts]
    if sum(hidden) == 1:
        others = [(count, index) for index, count in enumerate(counts) if count and not hidden[index]]
        if others:
            hidden[min(others)[1]] = True
    return hidden


def mean_of(counts_by_value: dict[int, int]) -> Decimal | None:
    """The mean answered value from how many gave each value, to two decimals; None when nobody answered."""
    answered = sum(counts_by_value.values())
    if not answered:
        return None
    return rounded(Fraction(sum(value * count for value, count in counts_by_value.items()), answered), TWO_DECIMALS)
