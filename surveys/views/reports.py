"""Pages: the Indicator 8 reports.

Coordinators read a cycle's state report (every district, 50 to a page), any district's report, the item
table, representativeness and the trend, and download the internal CSV and Excel files, which carry
every number with `suppressed` = 1 where there are too few respondents.

District leaders read their own district's reports from "Survey results" (another district is a 404).
Everything they see or download hides the cells describing fewer people than the cycle's minimum.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pep.access import districts_visible_to, is_coordinator, require_role
from pep.csv_writer import csv_lines_response, csv_response
from pep.lists import ROWS_PER_PAGE
from pep.models import District, Role
from pep.plugins import Panel
from pep.xlsx_writer import Sheet, xlsx_response
from surveys.models import InstrumentKind, SurveyCycle
from surveys.selectors import reports as selectors

ITEM_COLUMNS = ["level", "district_code", "item", "statement", "tag", "answered", "mean"]
TREND_COLUMNS = ["level", "district_code", "cycle", "school_year", "respondents", "percent", "response_rate"]


def cycle_section(request, cycle):
    """The cycle page's section: links to the Indicator 8 report and its downloads (Indicator 8 cycles only)."""
    if cycle.instrument.kind != InstrumentKind.INDICATOR8 or not is_coordinator(request.user):
        return None
    return Panel("surveys/reports/_cycle_section.html", {"cycle": cycle})


def _cycle(slug: str) -> SurveyCycle:
    return get_object_or_404(
        SurveyCycle.objects.select_related("instrument", "school_year"),
        slug=slug,
        instrument__kind=InstrumentKind.INDICATOR8,
    )


def _district(request, pk: int) -> District:
    """A district the person may see (another district is a 404)."""
    return get_object_or_404(districts_visible_to(request.user), pk=pk)


def _trail(request, cycle: SurveyCycle | None = None, *steps: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs above the page: coordinators come from the cycle's page, leaders from their results."""
    trail = [(_("Home"), reverse("home"))]
    if is_coordinator(request.user):
        trail.append((_("Survey cycles"), reverse("surveys:cycle-list")))
        if cycle is not None:
            trail.append((cycle.slug, cycle.get_absolute_url()))
    else:
        trail.append((_("Survey results"), reverse("surveys:results-home")))
    return trail + list(steps)


def _report_step(cycle: SurveyCycle) -> tuple[str, str]:
    return (_("Indicator 8 report"), reverse("surveys:report-state", args=[cycle.slug]))


def _page(request, rows: list):
    return Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))


def _sort_links(current: str) -> dict[str, dict]:
    """For each sortable column: which way it sorts now (for aria-sort) and the query that sorts by it next
    (the other way when it is the current sort; names A to Z first, figures highest first)."""
    links = {}
    for key in selectors.SORTS:
        direction = "ascending" if current == key else "descending" if current == f"-{key}" else "none"
        first = key if key == "name" else f"-{key}"
        following = {key: f"-{key}", f"-{key}": key}.get(current, first)
        links[key] = {"direction": direction, "query": f"?sort={following}"}
    return links


@require_role(Role.COORDINATOR)
def state_report(request, slug: str):
    """The cycle's Indicator 8 report: the state, then every district in the cycle (50 to a page, sortable)."""
    cycle = _cycle(slug)
    report = selectors.indicator8_report(cycle)
    sort = request.GET.get("sort", "name")
    if sort.lstrip("-") not in selectors.SORTS:
        sort = "name"
    page = _page(request, selectors.sort_districts(report.districts, sort))
    context = {
        "cycle": cycle,
        "report": report,
        "page": page,
        "sort": sort,
        "sort_links": _sort_links(sort),
        "trail": _trail(request, cycle),
        "current": _("Indicator 8 report"),
    }
    return render(request, "surveys/reports/state.html", context)


@require_role(Role.COORDINATOR, Role.DISTRICT_LEADER)
def district_report(request, slug: str, district_pk: int):
    """One district's report: its figures beside the state's, the trend, representativeness and the items.
    District leaders see it with every small cell hidden."""
    cycle = _cycle(slug)
    district = _district(request, district_pk)
    report = selectors.district_report(cycle, district)
    if report is None:
        raise Http404("This district was not in this cycle.")
    district_facing = not is_coordinator(request.user)
    steps = [] if district_facing else [_report_step(cycle)]
    context = {
        "cycle": cycle,
        "report": report,
        "district_facing": district_facing,
        "min_cell": cycle.min_cell,
        "trail": _trail(request, cycle, *steps),
        "current": district.name,
    }
    return render(request, "surveys/reports/district.html", context)


@require_role(Role.COORDINATOR)
def item_report(request, slug: str):
    """The state's item table: for each item, how many answered, the mean and the share at each point."""
    cycle = _cycle(slug)
    context = {
        "cycle": cycle,
        "table": selectors.item_table(cycle),
        "trail": _trail(request, cycle, _report_step(cycle)),
        "current": _("Items"),
    }
    return render(request, "surveys/reports/items.html", context)


@require_role(Role.COORDINATOR)
def representativeness_report(request, slug: str):
    """Respondents against the child count for the state and each district, with the categories flagged."""
    cycle = _cycle(slug)
    report = selectors.representativeness_report(cycle)
    flagged_only = request.GET.get("flagged") == "1"
    districts = [level for level in report.districts if level.flagged] if flagged_only else report.districts
    context = {
        "cycle": cycle,
        "report": report,
        "page": _page(request, districts),
        "flagged_only": flagged_only,
        "trail": _trail(request, cycle, _report_step(cycle)),
        "current": _("Representativeness"),
    }
    return render(request, "surveys/reports/representativeness.html", context)


@require_role(Role.COORDINATOR)
def trend_report(request, slug: str):
    """The state and each district across the cycles of the same kind, up to this one."""
    cycle = _cycle(slug)
    report = selectors.trend_report(cycle)
    page = _page(request, report.districts)
    rows = []
    for level in page:
        by_cycle = {point.cycle.pk: point.figures for point in level.points}
        rows.append((level, [by_cycle.get(ref.pk) for ref in report.cycles]))
    context = {
        "cycle": cycle,
        "report": report,
        "page": page,
        "rows": rows,
        "trail": _trail(request, cycle, _report_step(cycle)),
        "current": _("Trend"),
    }
    return render(request, "surveys/reports/trend.html", context)


@require_role(Role.COORDINATOR, Role.DISTRICT_LEADER)
def results_home(request):
    """Survey results: for a district leader, the Indicator 8 cycles each of their districts was in; for a
    coordinator, every Indicator 8 cycle."""
    if is_coordinator(request.user):
        context = {"cycles": list(selectors.indicator8_cycles()), "districts": []}
    else:
        districts = list(districts_visible_to(request.user).order_by("name", "code"))
        by_district = selectors.cycles_by_district([district.pk for district in districts])
        context = {"cycles": [], "districts": [(district, by_district[district.pk]) for district in districts]}
    context |= {"trail": [(_("Home"), reverse("home"))], "current": _("Survey results")}
    return render(request, "surveys/reports/results_home.html", context)


# ---- downloads ------------------------------------------------------------------------------------


def _item_columns(table: selectors.ItemTable) -> list[str]:
    return [
        *ITEM_COLUMNS,
        *(f"share_{value}" for value in table.values),
        "share_agree",
    ]


def _item_rows(table: selectors.ItemTable, *, district_facing: bool) -> list[list]:
    level = selectors.DISTRICT if table.district else selectors.STATE
    code = table.district.code if table.district else ""
    rows = []
    for figures in table.items:
        item = figures.item
        head = [level, code, item.number, item.text, item.tag]
        if district_facing and figures.hidden:
            rows.append([*head, *["" for _ in range(len(table.values) + 3)]])
            continue
        shares = [
            "" if district_facing and hidden else _blank(share)
            for share, hidden in zip(figures.shares, figures.shares_hidden, strict=True)
        ]
        agree = "" if district_facing and figures.agree_hidden else _blank(figures.agree_share)
        rows.append([*head, figures.answered, _blank(figures.mean), *shares, agree])
    return rows


def _trend_rows(levels, *, district_facing: bool) -> list[list]:
    rows = []
    for level in levels:
        code = level.district.code if level.district else ""
        for point in level.points:
            figures = point.figures
            hidden = district_facing and figures.hidden
            numbers = [figures.respondents, figures.percent, figures.response_rate]
            rows.append(
                [
                    level.level,
                    code,
                    point.cycle.slug,
                    point.cycle.school_year,
                    *(["", "", ""] if hidden else [_blank(value) for value in numbers]),
                ]
            )
    return rows


def _blank(value):
    return "" if value is None else value


@require_role(Role.COORDINATOR)
def report_csv(request, slug: str):
    """The internal Indicator 8 CSV (as `indicator8_report` writes it): every number, suppressed 1 or 0."""
    cycle = _cycle(slug)
    lines = selectors.report_csv_lines(selectors.indicator8_report(cycle))
    return csv_lines_response(f"indicator8-{cycle.slug}.csv", selectors.REPORT_COLUMNS, lines)


@require_role(Role.COORDINATOR)
def representativeness_csv(request, slug: str):
    """The internal representativeness CSV (as `indicator8_representativeness` writes it)."""
    cycle = _cycle(slug)
    lines = selectors.representativeness_csv_lines(selectors.representativeness_report(cycle))
    return csv_lines_response(f"representativeness-{cycle.slug}.csv", selectors.REPRESENTATIVENESS_COLUMNS, lines)


@require_role(Role.COORDINATOR)
def report_xlsx(request, slug: str):
    """The internal tables as one Excel file: Indicator 8, representativeness, the state's items, the trend."""
    cycle = _cycle(slug)
    items = selectors.item_table(cycle)
    trend = selectors.trend_report(cycle)
    sheets = [
        Sheet(
            _("Indicator 8"),
            selectors.REPORT_COLUMNS,
            selectors.report_rows(selectors.indicator8_report(cycle)),
        ),
        Sheet(
            _("Representativeness"),
            selectors.REPRESENTATIVENESS_COLUMNS,
            selectors.representativeness_rows(selectors.representativeness_report(cycle)),
        ),
        Sheet(_("Items"), _item_columns(items), _item_rows(items, district_facing=False)),
        Sheet(_("Trend"), TREND_COLUMNS, _trend_rows([trend.state, *trend.districts], district_facing=False)),
    ]
    return xlsx_response(f"indicator8-{cycle.slug}.xlsx", sheets)


def _district_downloadable(request, slug: str, district_pk: int) -> tuple[SurveyCycle, District]:
    cycle = _cycle(slug)
    district = _district(request, district_pk)
    return cycle, district


def _district_indicator8(cycle: SurveyCycle, district: District) -> selectors.Indicator8Report:
    report = selectors.indicator8_report(cycle, district_ids=[district.pk])
    if not report.districts:
        raise Http404("This district was not in this cycle.")
    return report


@require_role(Role.COORDINATOR, Role.DISTRICT_LEADER)
def district_csv(request, slug: str, district_pk: int):
    """A district's Indicator 8 rows and the state's, with every small cell left blank (district-facing)."""
    cycle, district = _district_downloadable(request, slug, district_pk)
    rows = selectors.report_rows(_district_indicator8(cycle, district), district_facing=True)
    return csv_response(f"indicator8-{cycle.slug}-{slugify(district.code)}.csv", selectors.REPORT_COLUMNS, rows)


@require_role(Role.COORDINATOR, Role.DISTRICT_LEADER)
def district_representativeness_csv(request, slug: str, district_pk: int):
    """A district's representativeness rows and the state's, with every small cell left blank."""
    cycle, district = _district_downloadable(request, slug, district_pk)
    report = selectors.representativeness_report(cycle, district_ids=[district.pk])
    if not report.districts:
        raise Http404("This district was not in this cycle.")
    rows = selectors.representativeness_rows(report, district_facing=True)
    filename = f"representativeness-{cycle.slug}-{slugify(district.code)}.csv"
    return csv_response(filename, selectors.REPRESENTATIVENESS_COLUMNS, rows)


@require_role(Role.COORDINATOR, Role.DISTRICT_LEADER)
def district_xlsx(request, slug: str, district_pk: int):
    """A district's report as one Excel file, every small cell left blank (district-facing)."""
    cycle, district = _district_downloadable(request, slug, district_pk)
    report = selectors.district_report(cycle, district)
    if report is None:
        raise Http404("This district was not in this cycle.")
    indicator8 = selectors.Indicator8Report(cycle, report.min_cell, report.state, [report.figures])
    representativeness = selectors.RepresentativenessReport(
        cycle=cycle,
        threshold=report.threshold,
        min_cell=report.min_cell,
        state=report.state_representativeness,
        districts=[report.representativeness],
        has_child_count=True,
    )
    sheets = [
        Sheet(_("Indicator 8"), selectors.REPORT_COLUMNS, selectors.report_rows(indicator8, district_facing=True)),
        Sheet(
            _("Representativeness"),
            selectors.REPRESENTATIVENESS_COLUMNS,
            selectors.representativeness_rows(representativeness, district_facing=True),
        ),
        Sheet(_("Items"), _item_columns(report.items), _item_rows(report.items, district_facing=True)),
        Sheet(_("Trend"), TREND_COLUMNS, _trend_rows([report.state_trend, report.trend], district_facing=True)),
    ]
    return xlsx_response(f"indicator8-{cycle.slug}-{slugify(district.code)}.xlsx", sheets)
