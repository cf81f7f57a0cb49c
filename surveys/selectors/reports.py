"""The Indicator 8 report of a cycle, as data: every page, download, command and PDF reads it from here.

Figures are counted by the database (COUNT … FILTER, GROUP BY) in a fixed number of queries, whatever
the number of districts, for the whole state at once, kept in the cache until a count of the cycle changes
(see "counting" below), and turned into percents by `surveys.arithmetic` at the last step.

Two kinds of hiding, never confused:
- `suppressed` — fewer respondents than the cycle's minimum cell size. The internal exports for
  coordinators still carry the numbers, with `suppressed` = 1.
- `hidden` — what district-facing views (a district leader's pages and downloads, the district PDF) must
  not show: every cell describing fewer than the minimum, and, where exactly one of a set adding up to a
  shown total is small, one more cell so that it cannot be worked out by subtraction.

A district is *in* a cycle when it has invitations in it.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from operator import add
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from pep.csv_writer import csv_cell
from pep.models import District
from surveys import arithmetic
from surveys.models import (
    DIMENSION_CATEGORIES,
    AgeGroup,
    ChildCount,
    Dimension,
    DistrictTally,
    Instrument,
    InstrumentKind,
    Invitation,
    Item,
    Response,
    SurveyCycle,
)
from surveys.selectors.tallies import CATEGORIES, GROUP_COUNTS, count_districts, raw_rows

STATE, DISTRICT = "state", "district"
ALL, PRESCHOOL, SCHOOL_AGE = "all", AgeGroup.PRESCHOOL.value, AgeGroup.SCHOOL_AGE.value
GROUPS = (ALL, PRESCHOOL, SCHOOL_AGE)
DIMENSIONS = tuple(dimension.value for dimension in Dimension)
# The columns of `indicator8_report CYCLE out.csv` and of the coordinators' download, in order.
REPORT_COLUMNS = [
    "level",
    "district_code",
    "group",
    "invited",
    "returned",
    "respondents",
    "yes",
    "percent",
    "ci_low",
    "ci_high",
    "response_rate",
    "suppressed",
    "target",
    "met_target",
]
# The columns of `indicator8_representativeness CYCLE out.csv`, in order.
REPRESENTATIVENESS_COLUMNS = [
    "level",
    "district_code",
    "dimension",
    "category",
    "respondents",
    "respondent_share",
    "population",
    "population_share",
    "gap_pp",
    "flag",
]
SORTS = ("name", "respondents", "percent", "response_rate")


class DistrictRef(NamedTuple):
    """What the reports show of a district they load themselves: its key, state code and name."""

    pk: int
    code: str
    name: str


# A district in a report: the one a district's own report is about, or one the state report loaded.
ReportDistrict = District | DistrictRef


@dataclass(frozen=True)
class CycleRef:
    """A cycle as a report names it (the trend, a district's previous cycle)."""

    pk: int
    slug: str
    school_year: str  # its school year's label, such as "2026-27"
    opens_on: object  # datetime.date the cycle opened
    target: Decimal | None  # the cycle's target percent, if it has one


@dataclass(frozen=True)
class GroupFigures:
    """The Indicator 8 figures of one group (all, preschool or school-age) at one level (state or a district)."""

    group: str  # "all", "preschool" (grade PK) or "school_age"
    invited: int  # parents invited (on the roster)
    returned: int  # responses received, scored or not
    respondents: int  # scored responses (enough items answered): the denominator
    yes: int  # respondents who count as "yes" under the instrument's rule
    percent: Decimal | None  # 100 * yes ÷ respondents, one decimal; None without respondents
    ci_low: Decimal | None  # 95% Wilson interval, lower end, percent to one decimal; None without respondents
    ci_high: Decimal | None  # 95% Wilson interval, upper end
    response_rate: Decimal | None  # 100 * returned ÷ invited, one decimal; None when nobody was invited
    previous_response_rate: Decimal | None  # the same in this level's previous cycle of the same kind
    response_rate_change: Decimal | None  # percentage points since then (exact rates, rounded once); None if none
    target: Decimal | None  # the cycle's target percent
    met_target: bool | None  # exact percent ≥ target; None without a target or respondents
    suppressed: bool  # respondents < the cycle's minimum cell (internal exports still carry the numbers)
    hidden: bool  # district-facing views show none of this row's figures ("fewer than 10")

    @property
    def label(self):
        return GROUP_LABELS[self.group]


@dataclass(frozen=True)
class LevelFigures:
    """The state, or one district, in a cycle: one GroupFigures per group, worked out from the level's counts
    when first read (a page of 50 districts works out the figures of those 50)."""

    level: str  # "state" or "district"
    district: ReportDistrict | None  # None for the state
    previous_cycle: CycleRef | None  # the level's previous cycle of the same kind (a district's: the last it was in)
    counts: tuple[int, ...]  # invited, returned, respondents, yes of all, preschool and school-age (12 counts)
    previous_counts: tuple[int, ...] | None  # the same in the previous cycle
    target: Decimal | None  # the cycle's target percent
    min_cell: int  # the cycle's minimum cell size

    @cached_property
    def groups(self) -> tuple[GroupFigures, ...]:
        """all, preschool, school_age, in that order."""
        return _groups(self.counts, self.previous_counts, self.target, self.min_cell)

    @property
    def code(self) -> str:
        """The district's state code ("" for the state), as the CSV writes it."""
        return self.district.code if self.district else ""

    @property
    def all(self) -> GroupFigures:
        return self.groups[0]

    @property
    def preschool(self) -> GroupFigures:
        return self.groups[1]

    @property
    def school_age(self) -> GroupFigures:
        return self.groups[2]


@dataclass(frozen=True)
class Indicator8Report:
    """A cycle's Indicator 8 results: the state and each district in the cycle (or those asked for)."""

    cycle: SurveyCycle
    min_cell: int  # the cycle's minimum cell size
    state: LevelFigures  # always over every district in the cycle
    districts: list[LevelFigures]  # by district name (only the districts asked for, when some were)

    def district(self, district_id: int) -> LevelFigures | None:
        """One district's figures, or None when it is not in the cycle (or not asked for)."""
        return next((row for row in self.districts if row.district.pk == district_id), None)


@dataclass(frozen=True)
class CategoryShare:
    """One category of one dimension at one level: respondents' share against the child count's."""

    dimension: str  # race_ethnicity, disability_category, grade_band or gender
    category: str  # its code, such as "HI" or "K-5"
    respondents: int  # respondents (scored responses) in the category
    respondent_share: Decimal | None  # percent of the level's respondents in this dimension; None if none
    population: int  # children in the category in the child count of the cycle's school year
    population_share: Decimal | None  # percent of the counted children; None without a child count
    gap_pp: Decimal | None  # respondent_share - population_share in points (exact, rounded once); None if unknown
    flag: str  # "under" / "over" beyond ±threshold, "ok" within or exactly at it, "" when the gap is unknown
    suppressed: bool  # respondents in the category < the minimum cell
    hidden: bool  # district-facing views hide the row: a small respondents or population cell, or its cover

    @property
    def label(self):
        """The category's name in the page's language."""
        return category_label(self.dimension, self.category)

    @property
    def dimension_label(self):
        """The dimension's name in the page's language."""
        return Dimension(self.dimension).label


@dataclass(frozen=True)
class LevelRepresentativeness:
    """Representativeness of the state or one district: rows for each dimension, in code-list order.

    Made from the level's counts; its rows are worked out when first read (a state's CSV reads the counts
    directly, through `representativeness_rows`, without making tens of thousands of rows)."""

    level: str  # "state" or "district"
    district: ReportDistrict | None  # None for the state
    respondents: int  # all respondents at this level
    counted: tuple[int, ...]  # respondents in each category of CATEGORIES, in its order
    population: tuple[int, ...]  # children in each category of CATEGORIES (the child count)
    threshold: Fraction  # the cycle's threshold in percentage points, exactly
    min_cell: int  # the cycle's minimum cell size

    @property
    def code(self) -> str:
        return self.district.code if self.district else ""

    @cached_property
    def rows(self) -> tuple[CategoryShare, ...]:
        """Categories with respondents or children, by dimension then code list."""
        rows = []
        min_cell = self.min_cell
        for dimension, present, parts, populations, compared in _dimension_shares(self):
            small = arithmetic.hidden_cells(parts, min_cell)
            small_children = arithmetic.hidden_cells(populations, min_cell)
            for index, (category, part, population) in enumerate(present):
                respondent_share, population_share, gap_pp, flag = compared[index]
                rows.append(
                    CategoryShare(
                        dimension=dimension,
                        category=category,
                        respondents=part,
                        respondent_share=respondent_share,
                        population=population,
                        population_share=population_share,
                        gap_pp=gap_pp,
                        flag=flag,
                        suppressed=part < min_cell,
                        hidden=small[index] or small_children[index],
                    )
                )
        return tuple(rows)

    def dimension(self, dimension: str) -> list[CategoryShare]:
        """The rows of one dimension."""
        return [row for row in self.rows if row.dimension == dimension]

    @cached_property
    def flagged(self) -> int:
        """How many categories are flagged under or over."""
        flags = (arithmetic.UNDER, arithmetic.OVER)
        return sum(1 for *_counts, compared in _dimension_shares(self) for figures in compared if figures[3] in flags)


@dataclass(frozen=True)
class RepresentativenessReport:
    """A cycle's representativeness: the state (child counts of the districts in the cycle) and its districts."""

    cycle: SurveyCycle
    threshold: Decimal  # the cycle's threshold in percentage points
    min_cell: int
    state: LevelRepresentativeness
    districts: list[LevelRepresentativeness]  # by district name (only those asked for, when some were)
    has_child_count: bool  # whether any child count of the cycle's school year covers its districts


@dataclass(frozen=True)
class ItemFigures:
    """One item of the instrument, over the respondents of a level (scored responses only)."""

    item: Item  # the statement (number, text in the page's language through `item.text`, tag)
    answered: int  # respondents who answered it (N)
    mean: Decimal | None  # mean answered value, two decimals; None when nobody answered
    counts: tuple[int, ...]  # how many gave each value, lowest (least agreement) first
    shares: tuple[Decimal | None, ...]  # percent of N at each value, one decimal; None when N is 0
    shares_hidden: tuple[bool, ...]  # district-facing views hide these shares (small cells and their cover)
    agree: int  # answers at or above the instrument's agree_from
    agree_share: Decimal | None  # percent of N agreeing, one decimal; None when N is 0
    hidden: bool  # N < minimum cell: district-facing views show nothing of the item
    agree_hidden: bool  # district-facing views hide the share agreeing: 1 to min - 1 agreed, or did not

    @property
    def share_cells(self) -> list[tuple[Decimal | None, bool]]:
        """(share, hidden in district-facing views) for each value, lowest first."""
        return list(zip(self.shares, self.shares_hidden, strict=True))


@dataclass(frozen=True)
class ItemTable:
    """The item table of a cycle, for the state or one district."""

    cycle: SurveyCycle
    district: ReportDistrict | None  # None for the state
    values: tuple[int, ...]  # the scale's values, lowest first
    labels: tuple[str, ...]  # their labels in the page's language
    agree_from: int  # the lowest value that agrees
    respondents: int  # respondents at this level
    min_cell: int
    items: list[ItemFigures]  # in item order


@dataclass(frozen=True)
class TrendPoint:
    """One cycle in a trend: its figures for all respondents (group "all")."""

    cycle: CycleRef
    figures: GroupFigures


@dataclass(frozen=True)
class LevelTrend:
    """The state's, or one district's, results across cycles of the same kind, oldest first."""

    level: str
    district: District | None
    points: list[TrendPoint]  # only the cycles the district was in


@dataclass(frozen=True)
class TrendReport:
    """The trend up to a cycle: every cycle of its instrument's kind opening no later than it."""

    cycle: SurveyCycle
    cycles: list[CycleRef]  # oldest first, the cycle itself last
    state: LevelTrend
    districts: list[LevelTrend]  # by name (only those asked for, when some were)


GROUP_LABELS = {ALL: _("All"), PRESCHOOL: AgeGroup.PRESCHOOL.label, SCHOOL_AGE: AgeGroup.SCHOOL_AGE.label}


def category_label(dimension: str, category: str) -> str:
    """A category's name in the page's language (its code when unknown)."""
    choices = DIMENSION_CATEGORIES.get(dimension)
    return dict(choices.choices).get(category, category) if choices else category


# ---- counting ---------------------------------------------------------------------------------------

# Every figure of a cycle's reports is worked out from a few counts per district: invited, returned,
# respondents and "yes" by age group, and respondents and children by category. The first are the tallies
# every write keeps (`DistrictTally`, surveys.selectors.tallies), the children come from the child count.
# Read for the whole state at once, they are kept in the cache under the cycle, with the fingerprint of the
# report versions of the cycle and of the earlier cycles of its kind (`SurveyCycle.report_version`, changed
# by every write that changes a count: surveys.services.report_figures), so the state page, the downloads and
# the district reports of an unchanged cycle read them once. Names, targets, minimums and thresholds are not
# cached.
FIGURES_CACHE_SECONDS = 24 * 60 * 60
# Changed when what the cache holds changes shape, so a deployment never reads another version's entries.
_FIGURES_FORMAT = 1
# Each dimension's category codes in code-list order (read once: Django's `.values` builds a new list).
CATEGORY_CODES = {dimension.value: list(choices.values) for dimension, choices in DIMENSION_CATEGORIES.items()}
_CATEGORY_INDEX = {pair: index for index, pair in enumerate(CATEGORIES)}
_DIMENSION_INDEXES = [
    (dimension, [(category, _CATEGORY_INDEX[(dimension, category)]) for category in codes])
    for dimension, codes in CATEGORY_CODES.items()
]
_NO_CATEGORIES = (0,) * len(CATEGORIES)
# A level's counts in a cycle: invited, returned, respondents, yes; for all, then preschool, then school-age.
_NO_COUNTS = (0,) * 12
_GROUP_STARTS = ((ALL, 0), (PRESCHOOL, 4), (SCHOOL_AGE, 8))


@dataclass(frozen=True)
class _StateCounts:
    """What the database counted for a cycle's reports, over every district (what the cache keeps)."""

    tallies: dict  # {(cycle_id, district_id): the 12 counts} for the kind's cycles up to this one
    categories: dict  # {district_id: respondents in each category of CATEGORIES}, this cycle
    population: dict  # {district_id: children in each category of CATEGORIES}, districts invited in this cycle
    has_child_count: bool  # whether any child count of the cycle's school year covers its districts


def _kind_cycles(cycle: SurveyCycle) -> tuple[list[CycleRef], str]:
    """The cycles of the cycle's instrument kind opening no later than it, oldest first, it last; and the
    fingerprint of their report versions (counts made under another fingerprint are out of date)."""
    same_kind = SurveyCycle.objects.filter(
        instrument__kind__in=Instrument.objects.filter(pk=cycle.instrument_id).values("kind")
    ).filter(Q(opens_on__lt=cycle.opens_on) | Q(pk=cycle.pk))
    rows = list(
        same_kind.order_by("opens_on", "pk").values_list(
            "pk", "slug", "school_year__label", "opens_on", "target", "report_version"
        )
    )
    # A cycle opening the same day as this one, made earlier, is not "previous": keep this one last.
    rows = [row for row in rows if row[0] != cycle.pk] + [row for row in rows if row[0] == cycle.pk]
    fingerprint = f"{_FIGURES_FORMAT}:{cycle.school_year_id}:" + ",".join(f"{row[0]}={row[5]}" for row in rows)
    return [CycleRef(*row[:5]) for row in rows], fingerprint


def _state_counts(cycle: SurveyCycle, cycles: list[CycleRef], fingerprint: str) -> _StateCounts:
    """The cycle's counts from the cache when they were made under the same report versions, else counted."""
    key = f"surveys:indicator8-counts:{cycle.pk}"
    cached = cache.get(key)
    if cached is not None and cached[0] == fingerprint:
        return _StateCounts(*cached[1:])
    counts = _count_state(cycle, [ref.pk for ref in cycles])
    # Plain dicts, tuples and ints: quick to pickle, and nothing in them changes shape without _FIGURES_FORMAT.
    entry = (fingerprint, counts.tallies, counts.categories, counts.population, counts.has_child_count)
    cache.set(key, entry, FIGURES_CACHE_SECONDS)
    return counts


def _count_state(cycle: SurveyCycle, cycle_ids: list[int]) -> _StateCounts:
    """The kind's cycles' tallies (surveys.selectors.tallies), read from `DistrictTally` (counted afresh for
    a cycle that has none kept yet), and the child count of the cycle's districts."""
    kept: dict = defaultdict(dict)
    for cycle_id, district_id, counts in DistrictTally.objects.filter(cycle_id__in=cycle_ids).values_list(
        "cycle_id", "district_id", "counts"
    ):
        kept[cycle_id][district_id] = counts
    for cycle_id in cycle_ids:
        if cycle_id not in kept:
            kept[cycle_id] = count_districts(cycle_id)
    tallies = {
        (cycle_id, district_id): tuple(counts[:GROUP_COUNTS])
        for cycle_id, districts in kept.items()
        for district_id, counts in districts.items()
    }
    categories = {district_id: tuple(counts[GROUP_COUNTS:]) for district_id, counts in kept[cycle.pk].items()}
    # The year's child count of every district (rather than a query naming hundreds of them), kept for those
    # invited in this cycle: the state's population is theirs, not every district's.
    invited = {district_id for district_id, counts in kept[cycle.pk].items() if counts[0]}
    children = ChildCount.objects.filter(school_year_id=cycle.school_year_id).order_by()
    population: dict = {}
    index_of = _CATEGORY_INDEX.get
    for district_id, dimension, category, count in raw_rows(
        children.values_list("district_id", "dimension", "category", "count")
    ):
        index = index_of((dimension, category))
        if index is not None and district_id in invited:
            counts = population.get(district_id)
            if counts is None:
                counts = population[district_id] = [0] * len(CATEGORIES)
            counts[index] = count
    return _StateCounts(
        tallies=tallies,
        categories=categories,
        population={district_id: tuple(counts) for district_id, counts in population.items()},
        has_child_count=bool(population),
    )


def _figures(
    group: str,
    counts: tuple[int, ...],
    previous: tuple[int, ...] | None,
    target: Decimal | None,
    min_cell: int,
    hidden: bool,
) -> GroupFigures:
    """A group's figures from its counts (invited, returned, respondents, yes) and its previous cycle's."""
    invited, returned, respondents, yes = counts
    interval = arithmetic.wilson_interval(yes, respondents)
    return GroupFigures(
        group=group,
        invited=invited,
        returned=returned,
        respondents=respondents,
        yes=yes,
        percent=arithmetic.percent(yes, respondents),
        ci_low=interval[0] if interval else None,
        ci_high=interval[1] if interval else None,
        response_rate=arithmetic.response_rate(returned, invited),
        previous_response_rate=arithmetic.response_rate(previous[1], previous[0]) if previous else None,
        response_rate_change=(
            arithmetic.rate_change(returned, invited, previous[1], previous[0]) if previous else None
        ),
        target=target,
        met_target=arithmetic.meets(yes, respondents, target),
        suppressed=respondents < min_cell,
        hidden=hidden,
    )


def _groups(
    counts: tuple[int, ...], previous: tuple[int, ...] | None, target: Decimal | None, min_cell: int
) -> tuple[GroupFigures, ...]:
    """The three groups of a level; preschool and school-age add up to all, so one small one hides both."""
    # A group without respondents has nothing to show; a small one (1 to min - 1) hides the other too.
    covered = arithmetic.hidden_cells([counts[6], counts[10]], min_cell)
    return (
        _figures(ALL, counts[0:4], previous[0:4] if previous else None, target, min_cell, counts[2] < min_cell),
        _figures(
            PRESCHOOL,
            counts[4:8],
            previous[4:8] if previous else None,
            target,
            min_cell,
            counts[6] < min_cell or covered[0],
        ),
        _figures(
            SCHOOL_AGE,
            counts[8:12],
            previous[8:12] if previous else None,
            target,
            min_cell,
            counts[10] < min_cell or covered[1],
        ),
    )


def _by_name(districts: dict[int, ReportDistrict]) -> list[int]:
    return [pk for pk, district in sorted(districts.items(), key=lambda item: (item[1].name, item[1].code))]


@dataclass(frozen=True)
class _History:
    """A cycle's counts with the cycles of its kind up to it and the districts in it (those asked for)."""

    cycles: list[CycleRef]  # the kind's cycles up to this one, oldest first, it last
    counts: _StateCounts  # everything counted for the cycle, over every district
    districts: dict[int, ReportDistrict]  # the districts in this cycle (those asked for)

    @cached_property
    def state(self) -> dict[int, tuple[int, ...]]:
        """{cycle_id: the 12 counts} over every district."""
        state: dict = {}
        for (cycle_id, _district), counts in self.counts.tallies.items():
            summed = state.get(cycle_id)
            state[cycle_id] = counts if summed is None else tuple(map(add, summed, counts))
        return state


def _history(cycle: SurveyCycle, district_ids=None, districts: dict[int, ReportDistrict] | None = None) -> _History:
    """The kind's cycles up to this one, the cycle's counts, and the districts in this cycle (or only those of
    `district_ids`; pass `districts` when they are loaded already)."""
    cycles, fingerprint = _kind_cycles(cycle)
    counts = _state_counts(cycle, cycles, fingerprint)
    in_cycle = {district_id for (cycle_id, district_id) in counts.tallies if cycle_id == cycle.pk}
    if district_ids is not None:
        in_cycle &= set(district_ids)
    if districts is None:
        # The whole state: every district, rather than a query naming hundreds of them (twice as slow); only
        # what the reports show of each, without a model instance for each of hundreds.
        chosen = District.objects.all() if district_ids is None else District.objects.filter(pk__in=sorted(in_cycle))
        districts = {row[0]: DistrictRef(*row) for row in chosen.values_list("pk", "code", "name")}
    return _History(
        cycles=cycles,
        counts=counts,
        districts={pk: district for pk, district in districts.items() if pk in in_cycle},
    )


def indicator8_report(cycle: SurveyCycle, *, district_ids: list[int] | None = None) -> Indicator8Report:
    """The cycle's Indicator 8 figures for the state and each district in it (or only `district_ids`)."""
    return _indicator8(cycle, _history(cycle, district_ids))


def _indicator8(cycle: SurveyCycle, history: _History) -> Indicator8Report:
    tallies, state = history.counts.tallies, history.state
    previous_cycles = history.cycles[:-1]
    min_cell, target = cycle.min_cell, _target(cycle.target)
    state_previous = next((ref for ref in reversed(previous_cycles) if ref.pk in state), None)
    state_row = LevelFigures(
        level=STATE,
        district=None,
        previous_cycle=state_previous,
        counts=state.get(cycle.pk, _NO_COUNTS),
        previous_counts=state[state_previous.pk] if state_previous else None,
        target=target,
        min_cell=min_cell,
    )
    rows = []
    for district_id in _by_name(history.districts):
        previous = next((ref for ref in reversed(previous_cycles) if (ref.pk, district_id) in tallies), None)
        rows.append(
            LevelFigures(
                level=DISTRICT,
                district=history.districts[district_id],
                previous_cycle=previous,
                counts=tallies[(cycle.pk, district_id)],
                previous_counts=tallies[(previous.pk, district_id)] if previous else None,
                target=target,
                min_cell=min_cell,
            )
        )
    return Indicator8Report(cycle=cycle, min_cell=min_cell, state=state_row, districts=rows)


def _target(target) -> Decimal | None:
    """The target as stored, to one decimal (a cycle made in code may still hold the int it was given)."""
    return None if target is None else arithmetic.rounded(Decimal(target))


def sort_districts(rows: list[LevelFigures], sort: str) -> list[LevelFigures]:
    """Districts in the order a page asks for: "name", "respondents", "percent" or "response_rate",
    a leading "-" for descending; unknown orders sort by name. Missing figures go last either way."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    by_name = sorted(rows, key=lambda row: (row.district.name, row.district.code))
    if key not in SORTS or key == "name":
        return list(reversed(by_name)) if descending and key == "name" else by_name
    present = [row for row in by_name if getattr(row.all, key) is not None]
    missing = [row for row in by_name if getattr(row.all, key) is None]
    return sorted(present, key=lambda row: getattr(row.all, key), reverse=descending) + missing


def report_rows(report: Indicator8Report, *, district_facing: bool = False) -> list[list]:
    """The rows of the Indicator 8 CSV and Excel downloads (REPORT_COLUMNS), state first.

    Internal rows carry every number, with suppressed 1 where there are too few respondents; district-facing
    rows leave the figures of hidden rows blank and mark them suppressed 1."""
    rows = []
    for level in [report.state, *report.districts]:
        for figures in level.groups:
            blank = district_facing and figures.hidden
            numbers = [
                figures.invited,
                figures.returned,
                figures.respondents,
                figures.yes,
                figures.percent,
                figures.ci_low,
                figures.ci_high,
                figures.response_rate,
            ]
            rows.append(
                [
                    level.level,
                    level.code,
                    figures.group,
                    *(["" for _ in numbers] if blank else [_cell(value) for value in numbers]),
                    1 if (figures.hidden if district_facing else figures.suppressed) else 0,
                    _cell(figures.target),
                    "" if blank else _flag(figures.met_target),
                ]
            )
    return rows


def report_csv_lines(report: Indicator8Report) -> list[str]:
    """The internal Indicator 8 CSV's lines after the header: `report_rows(report)` as CSV, made straight from each
    level's counts with the arithmetic of `_figures` (the district's code is the one cell from outside the
    program: see pep.csv_writer.csv_cell)."""
    text, tenths = arithmetic.TENTHS_TEXT, arithmetic.percent_tenths
    min_cell, target = report.min_cell, report.state.target
    target_text = _text(target)
    lines = []
    for level in [report.state, *report.districts]:
        head, counts = f"{level.level},{csv_cell(level.code)},", level.counts
        for group, start in _GROUP_STARTS:
            invited, returned, respondents, yes = counts[start : start + 4]
            if respondents:
                low, high = arithmetic.wilson_interval(yes, respondents)
                figures = f"{text[1000 + tenths(yes, respondents)]},{low!s},{high!s}"
                met = "" if target is None else "1" if arithmetic.meets(yes, respondents, target) else "0"
            else:
                figures, met = ",,", ""
            rate = text[1000 + tenths(returned, invited)] if invited else ""
            suppressed = 1 if respondents < min_cell else 0
            lines.append(
                f"{head}{group},{invited},{returned},{respondents},{yes},{figures},{rate},{suppressed},"
                f"{target_text},{met}\r\n"
            )
    return lines


def _cell(value):
    return "" if value is None else value


def _text(value) -> str:
    return "" if value is None else str(value)


def _flag(value: bool | None):
    return "" if value is None else int(value)


# ---- representativeness ---------------------------------------------------------------------------


def _dimension_shares(level: LevelRepresentativeness, *, as_text: bool = False):
    """For each dimension with a category having respondents or children at this level: the dimension, those
    categories as (category, respondents, children), the two lists of counts, and each category's compared
    shares (respondent share, population share, gap, flag) from `arithmetic.compare_dimension` (with `as_text`,
    each category's CSV cells from `arithmetic.compare_dimension_csv` instead)."""
    counted, population, threshold = level.counted, level.population, level.threshold
    compare = arithmetic.compare_dimension_csv if as_text else arithmetic.compare_dimension
    for dimension, categories in _DIMENSION_INDEXES:
        present = [
            (category, counted[index], population[index])
            for category, index in categories
            if counted[index] or population[index]
        ]
        if present:
            parts = [part for _category, part, _population in present]
            populations = [children for _category, _part, children in present]
            yield dimension, present, parts, populations, compare(parts, populations, threshold)


def _rounded(value: Fraction | None) -> Decimal | None:
    return None if value is None else arithmetic.rounded(value)


def _summed(rows) -> tuple[int, ...]:
    rows = list(rows)
    return tuple(map(sum, zip(*rows, strict=True))) if rows else _NO_CATEGORIES


def representativeness_report(
    cycle: SurveyCycle, *, district_ids: list[int] | None = None, districts: list[District] | None = None
) -> RepresentativenessReport:
    """Respondents against the child count, per dimension and category, for the state and each district in
    the cycle (or only `district_ids`; pass `districts` too when they are loaded and known to be in the
    cycle). The state's population is the child count of the cycle's districts, not of every district."""
    loaded = None if districts is None else {district.pk: district for district in districts}
    return _representativeness(cycle, _history(cycle, district_ids, loaded))


def _representativeness(cycle: SurveyCycle, history: _History) -> RepresentativenessReport:
    counts = history.counts
    tallies, categories, population = counts.tallies, counts.categories, counts.population
    threshold, min_cell = cycle.representativeness_pp, cycle.min_cell
    exact_threshold = Fraction(threshold)
    state = LevelRepresentativeness(
        level=STATE,
        district=None,
        respondents=history.state.get(cycle.pk, _NO_COUNTS)[2],
        counted=_summed(categories.values()),
        population=_summed(population.values()),
        threshold=exact_threshold,
        min_cell=min_cell,
    )
    # A district is in the cycle's representativeness when it has invitations in it.
    levels = [
        LevelRepresentativeness(
            level=DISTRICT,
            district=history.districts[pk],
            respondents=tallies[(cycle.pk, pk)][2],
            counted=categories.get(pk, _NO_CATEGORIES),
            population=population.get(pk, _NO_CATEGORIES),
            threshold=exact_threshold,
            min_cell=min_cell,
        )
        for pk in _by_name(history.districts)
        if tallies[(cycle.pk, pk)][0]
    ]
    return RepresentativenessReport(
        cycle=cycle,
        threshold=threshold,
        min_cell=min_cell,
        state=state,
        districts=levels,
        has_child_count=counts.has_child_count,
    )


def representativeness_rows(report: RepresentativenessReport, *, district_facing: bool = False) -> list[list]:
    """The rows of the representativeness CSV and Excel downloads (REPRESENTATIVENESS_COLUMNS), state first;
    district-facing rows leave hidden figures blank."""
    rows = []
    for level in [report.state, *report.districts]:
        for share in level.rows:
            if district_facing and share.hidden:
                figures = ["", "", "", "", "", ""]
            else:
                figures = [
                    share.respondents,
                    _cell(share.respondent_share),
                    share.population,
                    _cell(share.population_share),
                    _cell(share.gap_pp),
                    share.flag,
                ]
            rows.append([level.level, level.code, share.dimension, share.category, *figures])
    return rows


def representativeness_csv_lines(report: RepresentativenessReport) -> list[str]:
    """The internal representativeness CSV's lines after the header: `representativeness_rows(report)` as CSV,
    made straight from the counts with the shares as text (a state's file has tens of thousands of lines; the
    district's code is the one cell from outside the program: see pep.csv_writer.csv_cell)."""
    lines = []
    append = lines.append
    for level in [report.state, *report.districts]:
        head = f"{level.level},{csv_cell(level.code)},"
        for dimension, present, _parts, _populations, cells in _dimension_shares(level, as_text=True):
            for (category, _part, _population), figures in zip(present, cells, strict=True):
                append(f"{head}{dimension},{category},{figures}\r\n")
    return lines


# ---- items ----------------------------------------------------------------------------------------


def item_table(cycle: SurveyCycle, *, district: District | None = None) -> ItemTable:
    """Per item of the cycle's instrument, over its respondents (the state's or one district's): N, mean, the
    share at each value and the share agreeing, counted in one query."""
    instrument = cycle.instrument
    items = list(instrument.items.order_by("number"))
    labels = instrument.scale_labels()
    values = tuple(sorted(labels))
    responses = Response.objects.filter(cycle=cycle, scored=True)
    if district is not None:
        responses = responses.filter(district=district)
    counts = {"respondents": Count("pk")}
    for position in range(len(items)):
        for value in values:
            counts[f"i{position}_v{value}"] = Count("pk", filter=Q(**{f"answers__{position}": value}))
    row = responses.aggregate(**counts)
    min_cell, agree_from = cycle.min_cell, instrument.agree_from
    figures = []
    for position, item in enumerate(items):
        by_value = {value: row[f"i{position}_v{value}"] or 0 for value in values}
        answered = sum(by_value.values())
        agree = sum(count for value, count in by_value.items() if value >= agree_from)
        figures.append(
            ItemFigures(
                item=item,
                answered=answered,
                mean=arithmetic.mean_of(by_value),
                counts=tuple(by_value.values()),
                shares=tuple(_rounded(arithmetic.percent_of(count, answered)) for count in by_value.values()),
                shares_hidden=tuple(arithmetic.hidden_cells(list(by_value.values()), min_cell)),
                agree=agree,
                agree_share=_rounded(arithmetic.percent_of(agree, answered)),
                hidden=arithmetic.suppressed(answered, min_cell),
                agree_hidden=arithmetic.small(agree, min_cell) or arithmetic.small(answered - agree, min_cell),
            )
        )
    return ItemTable(
        cycle=cycle,
        district=district,
        values=values,
        labels=tuple(labels[value] for value in values),
        agree_from=agree_from,
        respondents=row["respondents"],
        min_cell=min_cell,
        items=figures,
    )


# ---- trend ----------------------------------------------------------------------------------------


def trend_report(cycle: SurveyCycle, *, district_ids: list[int] | None = None) -> TrendReport:
    """Results for all respondents in every cycle of the cycle's kind up to it, for the state and each district
    in the cycle (or only `district_ids`), each district over the cycles it was in."""
    return _trend(cycle, _history(cycle, district_ids))


def _trend(cycle: SurveyCycle, history: _History) -> TrendReport:
    min_cell, cycles, tallies, state = cycle.min_cell, history.cycles, history.counts.tallies, history.state

    def point(ref: CycleRef, counts: tuple[int, ...]) -> TrendPoint:
        figures = _figures(ALL, counts[0:4], None, _target(ref.target), min_cell, counts[2] < min_cell)
        return TrendPoint(cycle=ref, figures=figures)

    state_trend = LevelTrend(STATE, None, [point(ref, state[ref.pk]) for ref in cycles if ref.pk in state])
    levels = [
        LevelTrend(
            DISTRICT,
            history.districts[pk],
            [point(ref, tallies[(ref.pk, pk)]) for ref in cycles if (ref.pk, pk) in tallies],
        )
        for pk in _by_name(history.districts)
    ]
    return TrendReport(cycle=cycle, cycles=cycles, state=state_trend, districts=levels)


# ---- one district's report ----------------------------------------------------------------------


@dataclass(frozen=True)
class DistrictReport:
    """Everything a district's report shows (its page, downloads and PDF), beside the state's figures."""

    cycle: SurveyCycle
    district: District
    min_cell: int  # the cycle's minimum cell size
    figures: LevelFigures  # the district's Indicator 8 figures (all, preschool, school-age)
    state: LevelFigures  # the state's, for comparison
    items: ItemTable  # the district's item table
    representativeness: LevelRepresentativeness  # the district's respondents against its child count
    state_representativeness: LevelRepresentativeness  # the state's (child count of the cycle's districts)
    threshold: Decimal  # the cycle's representativeness threshold in percentage points
    trend: LevelTrend  # the district across the cycles of the same kind it was in, up to this one
    state_trend: LevelTrend  # the state across the same cycles

    @property
    def trend_pairs(self) -> list[tuple[TrendPoint, GroupFigures | None]]:
        """Each of the district's trend points with the state's figures for the same cycle."""
        state = {point.cycle.pk: point.figures for point in self.state_trend.points}
        return [(point, state.get(point.cycle.pk)) for point in self.trend.points]


def district_report(cycle: SurveyCycle, district: District) -> DistrictReport | None:
    """One district's whole report for a cycle, or None when the district is not in the cycle."""
    history = _history(cycle, [district.pk], districts={district.pk: district})
    if district.pk not in history.districts:
        return None
    indicator8 = _indicator8(cycle, history)
    trend = _trend(cycle, history)
    representativeness = _representativeness(cycle, history)
    return DistrictReport(
        cycle=cycle,
        district=district,
        min_cell=cycle.min_cell,
        figures=indicator8.districts[0],
        state=indicator8.state,
        items=item_table(cycle, district=district),
        representativeness=representativeness.districts[0],
        state_representativeness=representativeness.state,
        threshold=representativeness.threshold,
        trend=trend.districts[0],
        state_trend=trend.state,
    )


# ---- who sees which cycles ----------------------------------------------------------------------


def indicator8_cycles() -> QuerySet[SurveyCycle]:
    """Every Indicator 8 cycle, newest first (what coordinators can report on)."""
    return (
        SurveyCycle.objects.filter(instrument__kind=InstrumentKind.INDICATOR8)
        .select_related("instrument", "school_year")
        .order_by("-opens_on", "slug")
    )


def cycles_by_district(district_ids) -> dict[int, list[SurveyCycle]]:
    """{district_id: the Indicator 8 cycles it was in (had invitations), newest first}, in two queries."""
    pairs = (
        Invitation.objects.filter(district_id__in=list(district_ids), cycle__instrument__kind=InstrumentKind.INDICATOR8)
        .values_list("district_id", "cycle_id")
        .order_by()
        .distinct()
    )
    cycle_ids: dict[int, set[int]] = defaultdict(set)
    for district_id, cycle_id in pairs:
        cycle_ids[district_id].add(cycle_id)
    every = set().union(*cycle_ids.values()) if cycle_ids else set()
    cycles = list(indicator8_cycles().filter(pk__in=every)) if every else []
    return {pk: [cycle for cycle in cycles if cycle.pk in cycle_ids.get(pk, ())] for pk in district_ids}
