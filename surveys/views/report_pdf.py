"""The district report: one district's Indicator 8 results for a cycle, as a tagged PDF and as a print page.

The report is district-facing: every figure the reports selectors mark `hidden` (describing fewer people
than the cycle's minimum cell, or letting one be worked out) is written as "fewer than N" and never
printed, charted or described. The figures come from `surveys.selectors.reports` for this district
alone, so the page runs the same few queries however many districts the cycle has.
"""

from dataclasses import dataclass
from fractions import Fraction

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pep.access import districts_visible_to, require_role
from pep.charts import Bar, Gap, LegendEntry, TrendPoint, gap_chart, percent_bars, trend_chart
from pep.models import District, Role
from pep.pdf import pdf_response
from surveys import arithmetic
from surveys.models import DIMENSION_CATEGORIES, InstrumentKind, SurveyCycle
from surveys.selectors import reports
from surveys.selectors.reports import CategoryShare, GroupFigures, ItemFigures, ItemTable, LevelFigures

TEMPLATE = "surveys/pdf/indicator8_district.html"


# Why a figure is not shown: the words that stand in its place.
def _fewer_than(min_cell: int) -> str:
    return _("fewer than %(count)s, not shown") % {"count": min_cell}


def _covering() -> str:
    return _("hidden to protect a small group")


@dataclass(frozen=True)
class GroupRow:
    """One group (all, preschool, school-age): the district's figures beside the state's, and for each,
    the words shown in place of its figures when they are hidden ("" when shown)."""

    label: str
    district: GroupFigures
    state: GroupFigures
    district_note: str
    state_note: str


@dataclass(frozen=True)
class ItemRow:
    """One statement of the item table as the district may see it."""

    figures: ItemFigures
    note: str  # in place of the whole row ("" when shown)
    cells: list[tuple[object, bool]]  # (share at each value, hidden)
    mean_shown: bool
    agree_shown: bool


@dataclass(frozen=True)
class CategoryRow:
    """One category of representativeness, with the words shown in place of its figures when hidden."""

    share: CategoryShare
    note: str


@dataclass(frozen=True)
class DimensionSection:
    """Representativeness of one dimension: its rows (hidden ones show no figure) and its chart."""

    label: str
    rows: list[CategoryRow]
    chart: SafeString | None
    flagged: int


@dataclass(frozen=True)
class TrendRow:
    """One cycle of the district's trend."""

    school_year: str
    figures: GroupFigures
    target: object
    note: str


@dataclass(frozen=True)
class PrintedDistrictReport:
    """What the printed report shows: the selector's figures, the charts, and what may be shown of each."""

    cycle: SurveyCycle
    district: District
    min_cell: int
    threshold: object
    figures: LevelFigures
    state: LevelFigures
    groups: list[GroupRow]
    groups_chart: SafeString
    versus_state: object  # the district's percent minus the state's, in points; None when either is hidden
    invited_shown: bool
    previous_year: str | None  # the school year of the district's previous cycle, when its rate may be shown
    items: ItemTable
    item_rows: list[ItemRow]
    has_child_count: bool
    dimensions: list[DimensionSection]
    trend: list[TrendRow]
    trend_chart: SafeString
    printed_on: object


def _group_note(figures: GroupFigures, min_cell: int) -> str:
    if not figures.hidden and figures.percent is not None:
        return ""
    return _fewer_than(min_cell) if figures.suppressed else _covering()


def _bar(label: str, figures: GroupFigures, note: str, series: int) -> Bar:
    if note:
        return Bar(label, None, series=series, note=note)
    return Bar(label, figures.percent, figures.ci_low, figures.ci_high, series=series)


def _groups_chart(cycle: SurveyCycle, district: District, groups: list[GroupRow]) -> SafeString:
    bars = []
    for row in groups:
        bars.append(_bar(f"{row.label} · {district.name}", row.district, row.district_note, 0))
        bars.append(_bar(f"{row.label} · {_('State')}", row.state, row.state_note, 1))
    return percent_bars(
        bars,
        title=_("Percent of parents reporting that schools facilitated their involvement, %(district)s and the state")
        % {"district": district.name},
        # xgettext:no-python-format
        summary=_("Bars show each group's percent; whiskers show its 95% interval."),
        target=cycle.target,
        legend=[LegendEntry(district.name, 0), LegendEntry(_("State"), 1)],
    )


def _versus_state(groups: list[GroupRow]):
    """How many points the district's percent is above (or below) the state's, from the exact percents."""
    everyone = groups[0]
    district, state = everyone.district, everyone.state
    if everyone.district_note or everyone.state_note:
        return None
    return arithmetic.rounded(
        Fraction(100 * district.yes, district.respondents) - Fraction(100 * state.yes, state.respondents)
    )


def _item_rows(table: ItemTable, min_cell: int) -> list[ItemRow]:
    """The item table with what a shown figure could give away hidden too.

    The selector hides small shares and a cover for each; here, where any share is hidden the mean goes as
    well (the mean and N pin down two hidden counts), and so does the share agreeing where one side of the
    scale (agreeing or not) has exactly one hidden share, which that side's total would give away."""
    rows = []
    for figures in table.items:
        if figures.hidden:
            rows.append(ItemRow(figures, _fewer_than(min_cell), [], False, False))
            continue
        hidden = list(figures.shares_hidden)
        agreeing = [value >= table.agree_from for value in table.values]
        one_alone = any(
            sum(1 for is_hidden, side in zip(hidden, agreeing, strict=True) if is_hidden and side == agrees) == 1
            for agrees in (True, False)
        )
        rows.append(
            ItemRow(
                figures=figures,
                note="",
                cells=list(zip(figures.shares, hidden, strict=True)),
                mean_shown=not any(hidden),
                agree_shown=not (figures.agree_hidden or one_alone),
            )
        )
    return rows


def _category_note(row: CategoryShare, min_cell: int) -> str:
    if not row.hidden:
        return ""
    small = arithmetic.small(row.respondents, min_cell) or arithmetic.small(row.population, min_cell)
    return _fewer_than(min_cell) if small else _covering()


def _dimensions(level, threshold, min_cell: int) -> list[DimensionSection]:
    sections = []
    for dimension in DIMENSION_CATEGORIES:
        rows = [CategoryRow(share, _category_note(share, min_cell)) for share in level.dimension(dimension.value)]
        if not rows:
            continue
        gaps = [
            Gap(row.share.label, None, note=row.note)
            if row.note
            else Gap(row.share.label, row.share.gap_pp, flag=row.share.flag or None)
            for row in rows
        ]
        chart = None
        if any(row.share.gap_pp is not None or row.note for row in rows):
            chart = gap_chart(
                gaps,
                threshold=threshold,
                title=_("Representativeness by %(dimension)s: respondents' share minus the children's share")
                % {"dimension": dimension.label.lower()},
            )
        flagged = sum(1 for row in rows if not row.note and row.share.flag in (arithmetic.UNDER, arithmetic.OVER))
        sections.append(DimensionSection(str(dimension.label), rows, chart, flagged))
    return sections


def _trend(points, min_cell: int) -> tuple[list[TrendRow], SafeString]:
    rows = [
        TrendRow(point.cycle.school_year, point.figures, point.cycle.target, _group_note(point.figures, min_cell))
        for point in points
    ]
    chart_points = [
        TrendPoint(row.school_year, None, target=row.target, note=row.note)
        if row.note
        else TrendPoint(row.school_year, row.figures.percent, row.figures.ci_low, row.figures.ci_high, row.target)
        for row in rows
    ]
    chart = trend_chart(
        chart_points,
        title=_("Percent of parents reporting that schools facilitated their involvement, cycle by cycle"),
        value_label=_("District's percent"),
    )
    return rows, chart


def printed_report(data: reports.DistrictReport) -> PrintedDistrictReport:
    """The printed report of the district's figures: charts drawn, hidden figures marked."""
    district, min_cell = data.district, data.min_cell
    groups = [
        GroupRow(
            str(mine.label),
            mine,
            state,
            _group_note(mine, min_cell),
            _group_note(state, min_cell),
        )
        for mine, state in zip(data.figures.groups, data.state.groups, strict=True)
    ]
    points = data.trend.points
    previous = data.figures.previous_cycle
    previous_point = next((point for point in points if previous and point.cycle.pk == previous.pk), None)
    # The previous rate (and so the change) is shown only where that cycle's own figures may be.
    previous_shown = previous_point is not None and not previous_point.figures.hidden and not data.figures.all.hidden
    trend_rows, trend_picture = _trend(points, min_cell)
    return PrintedDistrictReport(
        cycle=data.cycle,
        district=district,
        min_cell=min_cell,
        threshold=data.threshold,
        figures=data.figures,
        state=data.state,
        groups=groups,
        groups_chart=_groups_chart(data.cycle, district, groups),
        versus_state=_versus_state(groups),
        invited_shown=not arithmetic.small(data.figures.all.invited, min_cell),
        previous_year=previous.school_year if previous_shown else None,
        items=data.items,
        item_rows=_item_rows(data.items, min_cell),
        has_child_count=any(row.population for row in data.representativeness.rows),
        dimensions=_dimensions(data.representativeness, data.threshold, min_cell),
        trend=trend_rows,
        trend_chart=trend_picture,
        printed_on=timezone.localdate(),
    )


def _report_for(request, slug: str, pk: int) -> PrintedDistrictReport:
    """The report, for a district the person may see: another district is a 404, as is a cycle it was not in."""
    district = get_object_or_404(districts_visible_to(request.user), pk=pk)
    cycle = get_object_or_404(
        SurveyCycle.objects.select_related("instrument", "school_year"),
        slug=slug,
        instrument__kind=InstrumentKind.INDICATOR8,
    )
    data = reports.district_report(cycle, district)
    if data is None:
        raise Http404
    return printed_report(data)


@require_role(Role.COORDINATOR, Role.DISTRICT_LEADER)
def district_report_print(request, slug: str, pk: int):
    """The district report in the browser, to read or print; the PDF is made from the same template."""
    return render(request, TEMPLATE, {"report": _report_for(request, slug, pk), "for_pdf": False})


@require_role(Role.COORDINATOR, Role.DISTRICT_LEADER)
def district_report_pdf(request, slug: str, pk: int):
    """The district report as a tagged PDF (PDF/UA-1)."""
    report = _report_for(request, slug, pk)
    filename = f"indicator8-{report.cycle.slug}-{slugify(report.district.code) or report.district.pk}.pdf"
    print_view = reverse("surveys:district-report-print", args=[slug, pk])
    return pdf_response(request, TEMPLATE, {"report": report, "for_pdf": True}, filename, print_view)
