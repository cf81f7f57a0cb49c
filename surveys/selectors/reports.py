"""The Indicator 8 report of a cycle, as data: every page, download, command and PDF reads it from here.

Figures are counted by the database (COUNT … FILTER, GROUP BY) in a fixed number of queries, whatever
the number of districts, and turned into percents by `surveys.arithmetic` at the last step.

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

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from pep.models import District
from surveys import arithmetic
from surveys.models import (
    DIMENSION_CATEGORIES,
    AgeGroup,
    ChildCount,
    Dimension,
    Grade,
    Instrument,
    InstrumentKind,
    Invitation,
    Item,
    Response,
    SurveyCycle,
)

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


@dataclass(frozen=True)
class CycleRef:
    """A cycle as a report names it (the trend, a district's previous cycle)."""

    pk: int
    slug: str
    school_year: str  # its school year's label, such as "2026-27"
    opens_on: object  # datetime.date the cycle opened
    target: Decimal | None  # the cycle's target percent, if it has one


@dataclass
class Counts:
    """Raw counts of one group at one level of one cycle (what the database counted)."""

    invited: int = 0  # parents on the roster
    returned: int = 0  # responses received, scored or not
    respondents: int = 0  # scored responses: the denominator of the percent
    yes: int = 0  # scored responses that count as "yes"

    def add(self, other: "Counts") -> None:
        self.invited += other.invited
        self.returned += other.returned
        self.respondents += other.respondents
        self.yes += other.yes


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
    """The state, or one district, in a cycle: one GroupFigures per group."""

    level: str  # "state" or "district"
    district: District | None  # None for the state
    groups: tuple[GroupFigures, ...]  # all, preschool, school_age, in that order
    previous_cycle: CycleRef | None  # the level's previous cycle of the same kind (a district's: the last it was in)

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
    """Representativeness of the state or one district: rows for each dimension, in code-list order."""

    level: str  # "state" or "district"
    district: District | None  # None for the state
    respondents: int  # all respondents at this level
    rows: tuple[CategoryShare, ...]  # categories with respondents or children, by dimension then code list

    @property
    def code(self) -> str:
        return self.district.code if self.district else ""

    def dimension(self, dimension: str) -> list[CategoryShare]:
        """The rows of one dimension."""
        return [row for row in self.rows if row.dimension == dimension]

    @property
    def flagged(self) -> int:
        """How many categories are flagged under or over."""
        return sum(1 for row in self.rows if row.flag in (arithmetic.UNDER, arithmetic.OVER))


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
    district: District | None  # None for the state
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


def _kind_cycles(cycle: SurveyCycle) -> list[CycleRef]:
    """The cycles of the cycle's instrument kind opening no later than it, oldest first, it last."""
    same_kind = SurveyCycle.objects.filter(
        instrument__kind__in=Instrument.objects.filter(pk=cycle.instrument_id).values("kind")
    ).filter(Q(opens_on__lt=cycle.opens_on) | Q(pk=cycle.pk))
    rows = same_kind.order_by("opens_on", "pk").values_list("pk", "slug", "school_year__label", "opens_on", "target")
    cycles = [CycleRef(*row) for row in rows]
    # A cycle opening the same day as this one, made earlier, is not "previous": keep this one last.
    return [ref for ref in cycles if ref.pk != cycle.pk] + [ref for ref in cycles if ref.pk == cycle.pk]


def _tallies(cycle_ids: list[int], *, district_ids=None, by_district: bool = True) -> dict:
    """{(cycle_id, district_id or None): {group: Counts}} counted by the database in two queries."""
    keys = ["cycle_id", "district_id"] if by_district else ["cycle_id"]
    invitations = Invitation.objects.filter(cycle_id__in=cycle_ids)
    responses = Response.objects.filter(cycle_id__in=cycle_ids)
    if district_ids is not None:
        invitations = invitations.filter(district_id__in=district_ids)
        responses = responses.filter(district_id__in=district_ids)
    tallies: dict = defaultdict(lambda: {group: Counts() for group in GROUPS})
    invited = invitations.values(*keys).order_by().annotate(n=Count("pk"), pk_n=Count("pk", filter=Q(grade=Grade.PK)))
    for row in invited:
        key = (row["cycle_id"], row.get("district_id"))
        tallies[key][ALL].invited = row["n"]
        tallies[key][PRESCHOOL].invited = row["pk_n"]
        tallies[key][SCHOOL_AGE].invited = row["n"] - row["pk_n"]
    # Grouped by age group too (the columns of the response index): three plain counts per group, the
    # same work as any count of the cycle's responses; "all" is their sum (a blank age group counts there only).
    rows = responses.values(*keys, "age_group").order_by()
    rows = rows.annotate(returned=Count("pk"), respondents=Count("pk", filter=Q(scored=True)))
    for row in rows.annotate(yes=Count("pk", filter=Q(counts_yes=True))):
        key = (row["cycle_id"], row.get("district_id"))
        groups = (ALL, row["age_group"]) if row["age_group"] in (PRESCHOOL, SCHOOL_AGE) else (ALL,)
        for group in groups:
            counts = tallies[key][group]
            counts.returned += row["returned"]
            counts.respondents += row["respondents"]
            counts.yes += row["yes"]
    return tallies


def _state_tallies(tallies: dict) -> dict:
    """{cycle_id: {group: Counts}} summed over the districts of `tallies`."""
    state: dict = defaultdict(lambda: {group: Counts() for group in GROUPS})
    for (cycle_id, _district), groups in tallies.items():
        for group, counts in groups.items():
            state[cycle_id][group].add(counts)
    return state


def _figures(counts: Counts, previous: Counts | None, target: Decimal | None, min_cell: int, hidden: bool):
    interval = arithmetic.wilson_interval(counts.yes, counts.respondents)
    return GroupFigures(
        group="",
        invited=counts.invited,
        returned=counts.returned,
        respondents=counts.respondents,
        yes=counts.yes,
        percent=arithmetic.percent(counts.yes, counts.respondents),
        ci_low=interval[0] if interval else None,
        ci_high=interval[1] if interval else None,
        response_rate=arithmetic.response_rate(counts.returned, counts.invited),
        previous_response_rate=arithmetic.response_rate(previous.returned, previous.invited) if previous else None,
        response_rate_change=(
            arithmetic.rate_change(counts.returned, counts.invited, previous.returned, previous.invited)
            if previous
            else None
        ),
        target=target,
        met_target=arithmetic.meets(counts.yes, counts.respondents, target),
        suppressed=arithmetic.suppressed(counts.respondents, min_cell),
        hidden=hidden,
    )


def _groups(counts: dict, previous: dict | None, target: Decimal | None, min_cell: int) -> tuple[GroupFigures, ...]:
    """The three groups of a level; preschool and school-age add up to all, so one small one hides both."""
    respondents = [counts[group].respondents for group in GROUPS]
    # A group without respondents has nothing to show; a small one (1 to min - 1) hides the other too.
    hidden = [
        arithmetic.suppressed(count, min_cell) or covered
        for count, covered in zip(
            respondents, [False, *arithmetic.hidden_cells(respondents[1:], min_cell)], strict=True
        )
    ]
    figures = []
    for group, is_hidden in zip(GROUPS, hidden, strict=True):
        row = _figures(counts[group], previous[group] if previous else None, target, min_cell, is_hidden)
        figures.append(GroupFigures(**{**row.__dict__, "group": group}))
    return tuple(figures)


def _districts(district_ids) -> dict[int, District]:
    return {district.pk: district for district in District.objects.filter(pk__in=list(district_ids))}


def _by_name(districts: dict[int, District]) -> list[int]:
    return [pk for pk, district in sorted(districts.items(), key=lambda item: (item[1].name, item[1].code))]


@dataclass(frozen=True)
class _History:
    cycles: list[CycleRef]  # the kind's cycles up to this one, oldest first, it last
    tallies: dict  # {(cycle_id, district_id): {group: Counts}}
    state: dict  # {cycle_id: {group: Counts}} over every district
    districts: dict[int, District]  # the districts in this cycle (those asked for)


def _history(cycle: SurveyCycle, district_ids, districts: dict[int, District] | None = None) -> _History:
    """The kind's cycles up to this one, counts per (cycle, district) and per cycle for the state, and the
    districts in this cycle (or only `district_ids`; pass `districts` when they are loaded already)."""
    cycles = _kind_cycles(cycle)
    cycle_ids = [ref.pk for ref in cycles]
    tallies = _tallies(cycle_ids, district_ids=district_ids)
    if district_ids is None:
        state = _state_tallies(tallies)
    else:
        state = {key[0]: groups for key, groups in _tallies(cycle_ids, by_district=False).items()}
    in_cycle = {district_id for (cycle_id, district_id) in tallies if cycle_id == cycle.pk}
    if districts is None:
        districts = _districts(in_cycle)
    return _History(cycles, tallies, state, {pk: district for pk, district in districts.items() if pk in in_cycle})


def indicator8_report(cycle: SurveyCycle, *, district_ids: list[int] | None = None) -> Indicator8Report:
    """The cycle's Indicator 8 figures for the state and each district in it (or only `district_ids`)."""
    return _indicator8(cycle, _history(cycle, district_ids))


def _indicator8(cycle: SurveyCycle, history: _History) -> Indicator8Report:
    tallies, state = history.tallies, history.state
    previous_cycles = history.cycles[:-1]
    min_cell, target = cycle.min_cell, _target(cycle.target)
    state_previous = next((ref for ref in reversed(previous_cycles) if ref.pk in state), None)
    state_row = LevelFigures(
        level=STATE,
        district=None,
        groups=_groups(
            state.get(cycle.pk) or _empty(), state[state_previous.pk] if state_previous else None, target, min_cell
        ),
        previous_cycle=state_previous,
    )
    rows = []
    for district_id in _by_name(history.districts):
        previous = next((ref for ref in reversed(previous_cycles) if (ref.pk, district_id) in tallies), None)
        groups = _groups(
            tallies[(cycle.pk, district_id)],
            tallies[(previous.pk, district_id)] if previous else None,
            target,
            min_cell,
        )
        rows.append(LevelFigures(DISTRICT, history.districts[district_id], groups, previous))
    return Indicator8Report(cycle=cycle, min_cell=min_cell, state=state_row, districts=rows)


def _target(target) -> Decimal | None:
    """The target as stored, to one decimal (a cycle made in code may still hold the int it was given)."""
    return None if target is None else arithmetic.rounded(Decimal(target))


def _empty() -> dict:
    return {group: Counts() for group in GROUPS}


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


def _cell(value):
    return "" if value is None else value


def _flag(value: bool | None):
    return "" if value is None else int(value)


# ---- representativeness ---------------------------------------------------------------------------


# Each dimension's category codes in code-list order (read once: Django's `.values` builds a new list).
CATEGORY_CODES = {dimension.value: list(choices.values) for dimension, choices in DIMENSION_CATEGORIES.items()}
# Every (dimension, category), and the alias of its count in the query ("K-5" cannot be an alias).
CATEGORIES = [
    (dimension.value, category) for dimension, choices in DIMENSION_CATEGORIES.items() for category in choices.values
]
_ALIASES = {f"category_{index}": pair for index, pair in enumerate(CATEGORIES)}


def _category_counts() -> dict:
    """Conditional counts of respondents in every category of every dimension, one pass over the rows."""
    return {alias: Count("pk", filter=Q(**{dimension: category})) for alias, (dimension, category) in _ALIASES.items()}


def _counted(row: dict) -> dict:
    """{dimension: {category: count}} from a row of `_category_counts`."""
    counted = _nested()
    for alias, (dimension, category) in _ALIASES.items():
        counted[dimension][category] = row[alias]
    return counted


def _level_representativeness(
    level: str, district, respondents: int, counted: dict, population: dict, threshold: Fraction, min_cell: int
) -> LevelRepresentativeness:
    """`counted` and `population`: {dimension: {category: count}}; `threshold` in points, as a Fraction."""
    rows = []
    for dimension, codes in CATEGORY_CODES.items():
        mine, children = counted.get(dimension, {}), population.get(dimension, {})
        categories = [category for category in codes if mine.get(category) or children.get(category)]
        mine = [mine.get(category, 0) for category in categories]
        children = [children.get(category, 0) for category in categories]
        total, children_total = sum(mine), sum(children)
        small = arithmetic.hidden_cells(mine, min_cell)
        small_children = arithmetic.hidden_cells(children, min_cell)
        for index, category in enumerate(categories):
            respondent_share, population_share, gap_pp, flag = arithmetic.compare_shares(
                mine[index], total, children[index], children_total, threshold
            )
            rows.append(
                CategoryShare(
                    dimension=dimension,
                    category=category,
                    respondents=mine[index],
                    respondent_share=respondent_share,
                    population=children[index],
                    population_share=population_share,
                    gap_pp=gap_pp,
                    flag=flag,
                    suppressed=mine[index] < min_cell,
                    hidden=small[index] or small_children[index],
                )
            )
    return LevelRepresentativeness(level=level, district=district, respondents=respondents, rows=tuple(rows))


def _rounded(value: Fraction | None) -> Decimal | None:
    return None if value is None else arithmetic.rounded(value)


def _nested() -> dict:
    return defaultdict(lambda: defaultdict(int))


def representativeness_report(
    cycle: SurveyCycle, *, district_ids: list[int] | None = None, districts: list[District] | None = None
) -> RepresentativenessReport:
    """Respondents against the child count, per dimension and category, for the state and each district in
    the cycle (or only `district_ids`; pass `districts` too when they are loaded and known to be in the
    cycle). The state's population is the child count of the cycle's districts, not of every district."""
    in_cycle = Invitation.objects.filter(cycle=cycle).values("district_id")
    respondents = Response.objects.filter(cycle=cycle, scored=True)
    if districts is not None:
        districts = {district.pk: district for district in districts}
    elif district_ids is None:
        districts = {district.pk: district for district in District.objects.filter(pk__in=in_cycle)}
    else:
        chosen = District.objects.filter(pk__in=in_cycle).filter(pk__in=district_ids)
        districts = {district.pk: district for district in chosen}
    children = ChildCount.objects.filter(school_year_id=cycle.school_year_id)
    # Every district in the cycle is loaded already: name them rather than finding them again in the roster.
    children = children.filter(district_id__in=in_cycle if district_ids is not None else list(districts))
    counted_by_district: dict = defaultdict(_nested)
    totals: dict = defaultdict(int)
    grouped = respondents if district_ids is None else respondents.filter(district_id__in=district_ids)
    for row in grouped.values("district_id").order_by().annotate(total=Count("pk"), **_category_counts()):
        totals[row["district_id"]] = row["total"]
        counted_by_district[row["district_id"]] = _counted(row)
    population_by_district: dict = defaultdict(_nested)
    state_population: dict = _nested()
    rows = children.values_list("district_id", "dimension", "category", "count")
    if district_ids is not None:
        rows = rows.filter(district_id__in=district_ids)
    for district_id, dimension, category, count in rows:
        population_by_district[district_id][dimension][category] = count
    if district_ids is None:
        state_counted: dict = _nested()
        for counted in counted_by_district.values():
            for dimension, categories in counted.items():
                for category, count in categories.items():
                    state_counted[dimension][category] += count
        for population in population_by_district.values():
            for dimension, categories in population.items():
                for category, count in categories.items():
                    state_population[dimension][category] += count
        state_total = sum(totals.values())
    else:
        row = respondents.aggregate(total=Count("pk"), **_category_counts())
        state_total = row["total"]
        state_counted = _counted(row)
        for dimension, category, count in (
            children.values("dimension", "category")
            .order_by()
            .annotate(n=Sum("count"))
            .values_list("dimension", "category", "n")
        ):
            state_population[dimension][category] = count
    threshold, min_cell = cycle.representativeness_pp, cycle.min_cell
    exact_threshold = Fraction(threshold)
    state = _level_representativeness(
        STATE, None, state_total, state_counted, state_population, exact_threshold, min_cell
    )
    levels = [
        _level_representativeness(
            DISTRICT,
            districts[pk],
            totals.get(pk, 0),
            counted_by_district.get(pk, {}),
            population_by_district.get(pk, {}),
            exact_threshold,
            min_cell,
        )
        for pk in _by_name(districts)
    ]
    return RepresentativenessReport(
        cycle=cycle,
        threshold=threshold,
        min_cell=min_cell,
        state=state,
        districts=levels,
        has_child_count=any(state_population.values()),
    )


def representativeness_rows(report: RepresentativenessReport, *, district_facing: bool = False) -> list[list]:
    """The rows of the representativeness CSV and Excel downloads (REPRESENTATIVENESS_COLUMNS), state first;
    district-facing rows leave hidden figures blank."""
    rows = []
    blank = ["", "", "", "", "", ""]
    for level in [report.state, *report.districts]:
        head = [level.level, level.code]
        for share in level.rows:
            if district_facing and share.hidden:
                rows.append([*head, share.dimension, share.category, *blank])
                continue
            rows.append(
                [
                    *head,
                    share.dimension,
                    share.category,
                    share.respondents,
                    "" if share.respondent_share is None else share.respondent_share,
                    share.population,
                    "" if share.population_share is None else share.population_share,
                    "" if share.gap_pp is None else share.gap_pp,
                    share.flag,
                ]
            )
    return rows


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
    min_cell, cycles, tallies, state = cycle.min_cell, history.cycles, history.tallies, history.state

    def point(ref: CycleRef, counts: dict) -> TrendPoint:
        return TrendPoint(cycle=ref, figures=_groups(counts, None, _target(ref.target), min_cell)[0])

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
    representativeness = representativeness_report(cycle, district_ids=[district.pk], districts=[district])
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
