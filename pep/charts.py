"""Charts drawn on the server as SVG markup: the same picture on a page, a phone and a PDF.

No JavaScript and no fonts from elsewhere. Each chart says in words what it shows (`<title>` and
`<desc>`), prints its values as text beside the marks, and tells series apart by pattern and label as
well as by colour. A figure hidden because it describes too few people is written as "fewer than N"
text and never drawn as a bar or a point, so its size cannot be read off the picture.

Inputs are plain dataclasses (`Bar`, `TrendPoint`, `Gap`), so any app can chart its own figures.
Sizes are in the chart's own units: the drawing is 400 wide and scales to its box (a stylesheet may
cap it with `.pep-chart { max-width: ... }`), so 16-unit labels stay readable on a 390 px phone.
"""

import itertools
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 400
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
LABEL_SIZE = 16
VALUE_SIZE = 15
SMALL_SIZE = 14
CHAR_WIDTH = 0.6  # of the font size: generous for DejaVu Sans, so estimated lines do not overflow
INK = "#111111"
MUTED = "#4d4d4d"  # 8.5:1 on white
GRID = "#c8c8c8"
BAND = "#e4e4e4"
WHITE = "#ffffff"
TARGET = "#a4262c"  # dark red, 7:1 on white; the target is also dashed and labelled in words
# Fills of the series, each with a pattern of its own (solid, hatched, dotted), so a grey print or a
# reader who does not tell the colours apart still sees which is which.
SERIES = [
    ("#3b6ea5", None),  # solid blue, 5:1 on white
    ("#8a4f00", "hatch"),  # brown lines
    ("#2e6b34", "dots"),  # green dots
]
FLAGGED = SERIES[1]  # a gap beyond the threshold: hatched as well as coloured, and labelled

_ids = itertools.count(1)

Number = float | int | Decimal


@dataclass(frozen=True)
class Bar:
    """One bar of percents: `value` with its 95% interval (`low`, `high`); `value` None means not shown.

    `fewer_than` is the minimum cell size when the figure is hidden for describing too few people; `note`,
    when given, is written instead (a figure hidden because it would reveal a smaller one, say).
    `series` picks the fill (0 solid, 1 hatched, 2 dotted) to tell, say, a district from the state."""

    label: str
    value: Number | None
    low: Number | None = None
    high: Number | None = None
    fewer_than: int | None = None
    series: int = 0
    note: str = ""


@dataclass(frozen=True)
class LegendEntry:
    """What a series of bars stands for (its fill is shown beside the words)."""

    label: str
    series: int = 0


@dataclass(frozen=True)
class TrendPoint:
    """One cycle of a trend: its label (a school year), the percent and interval, and that cycle's target."""

    label: str
    value: Number | None
    low: Number | None = None
    high: Number | None = None
    target: Number | None = None
    fewer_than: int | None = None
    note: str = ""  # written instead of "fewer than N" when the figure is hidden for another reason


@dataclass(frozen=True)
class Gap:
    """One category's representativeness gap in percentage points (respondents' share minus the children's).

    `flag` is "under", "over" or "ok" as the report decided; left None, the chart decides by its threshold."""

    label: str
    value: Number | None
    fewer_than: int | None = None
    flag: str | None = None
    note: str = ""  # written instead of "fewer than N" when the figure is hidden for another reason


# --- words and numbers ---


def _number(value: Number) -> str:
    return number_format(round(float(value), 1), 1)


def _percent(value: Number) -> str:
    return _("%(value)s%%") % {"value": _number(value)}


def _whole_percent(value: Number) -> str:
    """An axis label: 0%, 25%."""
    return _("%(value)s%%") % {"value": number_format(round(float(value)), 0)}


def signed_points(value: Number, places: int = 1) -> str:
    """A gap with its sign: +2.5, 0.0, or a true minus sign (U+2212) before a negative one."""
    rounded = round(float(value), places)
    sign = "+" if rounded > 0 else "\u2212" if rounded < 0 else ""
    return f"{sign}{number_format(abs(rounded), places)}"


def _hidden_words(figure) -> str:
    """What a hidden figure says instead of its value."""
    if figure.note:
        return str(figure.note)
    return _fewer_than(figure.fewer_than)


def _fewer_than(count: int | None) -> str:
    if count is None:
        return _("no figure")
    return _("fewer than %(count)s, not shown") % {"count": count}


def _lines(text: str, size: int, width: float) -> list[str]:
    """The text cut into lines that fit `width` at font `size` (an estimate: no font is measured here)."""
    chars = max(4, int(width / (size * CHAR_WIDTH)))
    return textwrap.wrap(str(text), chars, break_long_words=True) or [""]


# --- SVG pieces ---


def _n(value: float) -> str:
    """A coordinate, short: 12, 12.5."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _attrs(attributes: dict) -> str:
    """Attributes as markup: `font_size` is written font-size, `class_` class; numbers shortened."""
    return "".join(
        f' {name.rstrip("_").replace("_", "-")}="{escape(_n(value) if isinstance(value, float) else str(value))}"'
        for name, value in attributes.items()
        if value is not None
    )


def _el(tag: str, **attributes) -> str:
    return f"<{tag}{_attrs(attributes)}/>"


def _text(x: float, y: float, text: str, *, size: int = LABEL_SIZE, fill: str = INK, **attributes) -> str:
    opening = _attrs({"x": float(x), "y": float(y), "font_size": size, "fill": fill, **attributes})
    return f"<text{opening}>{escape(text)}</text>"


def _text_lines(x: float, y: float, lines: list[str], *, size: int = LABEL_SIZE, fill: str = INK, **attributes) -> str:
    """Several lines of text, the first baseline at y."""
    spans = "".join(
        f"<tspan{_attrs({'x': float(x), 'dy': float(0 if index == 0 else size * 1.2)})}>{escape(line)}</tspan>"
        for index, line in enumerate(lines)
    )
    opening = _attrs({"x": float(x), "y": float(y), "font_size": size, "fill": fill, **attributes})
    return f"<text{opening}>{spans}</text>"


def _patterns(prefix: str) -> str:
    """The fills that are not plain colour: diagonal hatching and dots."""
    hatch_colour, dots_colour = SERIES[1][0], SERIES[2][0]
    hatch = _el("path", d="M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6", stroke=hatch_colour, stroke_width=2.2)
    dots = _el("circle", cx=3, cy=3, r=1.7, fill=dots_colour)
    return (
        f'<defs><pattern id="{prefix}-hatch" patternUnits="userSpaceOnUse" width="8" height="8">'
        f"{_el('rect', width=8, height=8, fill=WHITE)}{hatch}</pattern>"
        f'<pattern id="{prefix}-dots" patternUnits="userSpaceOnUse" width="6" height="6">'
        f"{_el('rect', width=6, height=6, fill=WHITE)}{dots}</pattern></defs>"
    )


def _fill(prefix: str, colour: str, pattern: str | None) -> str:
    return f"url(#{prefix}-{pattern})" if pattern else colour


def _series(index: int) -> tuple[str, str | None]:
    return SERIES[index % len(SERIES)]


def _svg(prefix: str, height: float, title: str, description: str, body: str) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pep-chart" viewBox="0 0 {WIDTH} {_n(height)}"'
        f' role="img" aria-labelledby="{prefix}-title {prefix}-desc" font-family="{FONT}">'
        f'<title id="{prefix}-title">{escape(title)}</title>'
        f'<desc id="{prefix}-desc">{escape(description)}</desc>'
    )
    return mark_safe(f"{head}{_patterns(prefix)}{body}</svg>")  # every text inside was escaped above


def _prefix() -> str:
    return f"pep-chart-{next(_ids)}"


def _clamp(value: Number, low: float, high: float) -> float:
    return min(high, max(low, float(value)))


def _legend(prefix: str, entries: Sequence[tuple[str, str, str | None, str]], y: float) -> tuple[str, float]:
    """Legend entries (label, colour, pattern, mark) laid out in rows; returns the markup and the next y.

    `mark` is "box" for a bar's fill, "dot" for a line with points, "dash" for a dashed target line."""
    parts, x, row_height = [], 8.0, LABEL_SIZE * 1.5
    for label, colour, pattern, mark in entries:
        width = 30 + len(str(label)) * SMALL_SIZE * CHAR_WIDTH
        if x > 8 and x + width > WIDTH - 8:
            x, y = 8.0, y + row_height
        middle = y - SMALL_SIZE * 0.35
        if mark == "box":
            outline = MUTED if colour == BAND else colour
            fill = _fill(prefix, colour, pattern)
            parts.append(
                _el("rect", x=x, y=middle - 7, width=18, height=14, fill=fill, stroke=outline, stroke_width=1.5)
            )
        elif mark == "dot":
            parts.append(_el("line", x1=x, y1=middle, x2=x + 18, y2=middle, stroke=colour, stroke_width=2.5))
            parts.append(_el("circle", cx=x + 9, cy=middle, r=4.5, fill=colour))
        else:
            parts.append(
                _el(
                    "line",
                    x1=x,
                    y1=middle,
                    x2=x + 18,
                    y2=middle,
                    stroke=colour,
                    stroke_width=2.5,
                    stroke_dasharray="5 3",
                )
            )
            parts.append(
                _el("rect", x=x + 5.5, y=middle - 3.5, width=7, height=7, fill=WHITE, stroke=colour, stroke_width=2)
            )
        parts.append(_text(x + 24, y, str(label), size=SMALL_SIZE))
        x += width + 12
    return "".join(parts), y + row_height


def _row_label(label: str, y: float, x: float, width: float) -> tuple[str, float]:
    """A row's label above its bar, on as many lines as it needs; returns the markup and the bar's top."""
    lines = _lines(label, LABEL_SIZE, width)
    bottom = y + LABEL_SIZE * 1.2 * len(lines)
    return _text_lines(x, bottom - LABEL_SIZE * 1.2 * (len(lines) - 1) - 4, lines), bottom


# --- (a) bars of percents ---


def percent_bars(
    bars: Sequence[Bar],
    *,
    title: str,
    summary: str = "",
    target: Number | None = None,
    target_label: str | None = None,
    legend: Sequence[LegendEntry] = (),
) -> SafeString:
    """Horizontal bars of percents (0 to 100) with their 95% intervals as whiskers and an optional target line.

    Each bar's label sits above it and its value beside it, so long labels fit a phone's width."""
    prefix = _prefix()
    plot_left, plot_right = 8.0, WIDTH - 84.0
    scale = (plot_right - plot_left) / 100

    def x_of(value: Number) -> float:
        return plot_left + _clamp(value, 0, 100) * scale

    parts: list[str] = []
    y = LABEL_SIZE + 4.0
    if legend:
        markup, y = _legend(prefix, [(entry.label, *_series(entry.series), "box") for entry in legend], y)
        parts.append(markup)
    if target is not None:
        words = target_label or _("Target %(value)s") % {"value": _percent(target)}
        anchor = "start" if x_of(target) < 90 else "end" if x_of(target) > plot_right - 90 else "middle"
        parts.append(_text(x_of(target), y, words, size=SMALL_SIZE, fill=TARGET, text_anchor=anchor))
        y += 8
    plot_top, bar_height, rows = y, 20.0, []
    for bar in bars:
        label, top = _row_label(bar.label, y, plot_left, WIDTH - 16)
        rows.append(label)
        middle = top + bar_height / 2
        colour, pattern = _series(bar.series)
        if bar.value is None:
            words = _hidden_words(bar)
            rows.append(
                _text(
                    plot_left + 4,
                    middle + SMALL_SIZE * 0.35,
                    words,
                    size=SMALL_SIZE,
                    fill=MUTED,
                    font_style="italic",
                    class_="suppressed",
                )
            )
        else:
            width = max(x_of(bar.value) - plot_left, 1.5)  # a zero still shows a sliver at the axis
            fill = _fill(prefix, colour, pattern)
            rows.append(
                _el(
                    "rect",
                    class_="bar",
                    x=plot_left,
                    y=top,
                    width=width,
                    height=bar_height,
                    fill=fill,
                    stroke=colour,
                    stroke_width=1.5,
                )
            )
            if bar.low is not None and bar.high is not None:
                low, high = x_of(bar.low), x_of(bar.high)
                whisker = (
                    f"M{_n(low)},{_n(middle)} H{_n(high)} M{_n(low)},{_n(middle - 7)} V{_n(middle + 7)}"
                    f" M{_n(high)},{_n(middle - 7)} V{_n(middle + 7)}"
                )
                rows.append(_el("path", class_="interval", d=whisker, stroke=INK, stroke_width=2, fill="none"))
            value = _percent(bar.value)
            rows.append(
                _text(
                    WIDTH - 6,
                    middle + VALUE_SIZE * 0.35,
                    value,
                    size=VALUE_SIZE,
                    font_weight="bold",
                    text_anchor="end",
                    class_="value",
                )
            )
        y = top + bar_height + 12
    plot_bottom = y - 6
    for tick in (0, 25, 50, 75, 100):
        x = x_of(tick)
        parts.append(_el("line", x1=x, y1=plot_top, x2=x, y2=plot_bottom, stroke=GRID, stroke_width=1))
        anchor = "start" if tick == 0 else "end" if tick == 100 else "middle"
        parts.append(
            _text(
                x, plot_bottom + SMALL_SIZE + 2, _whole_percent(tick), size=SMALL_SIZE, fill=MUTED, text_anchor=anchor
            )
        )
    parts.extend(rows)
    if target is not None:
        x = x_of(target)
        parts.append(
            _el(
                "line",
                class_="target",
                x1=x,
                y1=plot_top,
                x2=x,
                y2=plot_bottom,
                stroke=TARGET,
                stroke_width=2.5,
                stroke_dasharray="6 4",
            )
        )
    height = plot_bottom + SMALL_SIZE + 10
    return _svg(prefix, height, title, _describe_bars(bars, summary, target, legend), "".join(parts))


def _describe_bars(bars: Sequence[Bar], summary: str, target: Number | None, legend: Sequence[LegendEntry]) -> str:
    sentences = [summary] if summary else []
    for bar in bars:
        if bar.value is None:
            words = _hidden_words(bar)
        elif bar.low is not None and bar.high is not None:
            words = _("%(value)s (95%% interval %(low)s to %(high)s)") % {
                "value": _percent(bar.value),
                "low": _percent(bar.low),
                "high": _percent(bar.high),
            }
        else:
            words = _percent(bar.value)
        sentences.append(_("%(label)s: %(value)s.") % {"label": bar.label, "value": words})
    if target is not None:
        sentences.append(_("The target is %(value)s, drawn as a dashed line.") % {"value": _percent(target)})
    if legend:
        fills = "; ".join(f"{entry.label}: {_pattern_words(entry.series)}" for entry in legend)
        sentences.append(_("Fills: %(fills)s.") % {"fills": fills})
    return " ".join(sentences)


def _pattern_words(series: int) -> str:
    return [_("solid"), _("hatched"), _("dotted")][series % len(SERIES)]


# --- (b) trend of a percent across cycles ---


def _trend_range(points: Sequence[TrendPoint]) -> tuple[int, int, int]:
    """The vertical axis: lowest and highest percent shown (whole tens, at least 20 apart) and the tick step."""
    figures = [float(v) for p in points for v in (p.value, p.low, p.high, p.target) if v is not None]
    lowest = max(0, math.floor((min(figures, default=0) - 5) / 10) * 10)
    highest = min(100, math.ceil((max(figures, default=100) + 5) / 10) * 10)
    if highest - lowest < 20:
        lowest = max(0, highest - 20)
        highest = lowest + 20
    return lowest, highest, 10 if highest - lowest <= 50 else 20


def trend_chart(points: Sequence[TrendPoint], *, title: str, summary: str = "", value_label: str = "") -> SafeString:
    """A percent across cycles as a line of points with their intervals, and each cycle's target dashed.

    A hidden figure breaks the line and is written as "fewer than N" at its cycle."""
    prefix = _prefix()
    lowest, highest, step = _trend_range(points)
    colour = SERIES[0][0]
    legend = [(value_label or _("Percent"), colour, None, "dot")]
    if any(point.target is not None for point in points):
        legend.append((_("Target"), TARGET, None, "dash"))
    legend_markup, plot_top = _legend(prefix, legend, LABEL_SIZE + 4.0)
    plot_top += 6
    plot_left, plot_right, plot_height = 52.0, WIDTH - 24.0, 190.0
    plot_bottom = plot_top + plot_height
    spacing = (plot_right - plot_left) / max(len(points), 1)

    def y_of(value: Number) -> float:
        return plot_bottom - (_clamp(value, lowest, highest) - lowest) / (highest - lowest) * plot_height

    def x_of(index: int) -> float:
        return plot_left + spacing * (index + 0.5)

    parts = [legend_markup]
    for tick in range(lowest, highest + 1, step):
        y = y_of(tick)
        parts.append(_el("line", x1=plot_left, y1=y, x2=plot_right, y2=y, stroke=GRID, stroke_width=1))
        label = _whole_percent(tick)
        parts.append(_text(plot_left - 6, y + SMALL_SIZE * 0.35, label, size=SMALL_SIZE, fill=MUTED, text_anchor="end"))
    label_bottom = plot_bottom
    for index, point in enumerate(points):
        lines = _lines(point.label, SMALL_SIZE, spacing - 4)
        top = plot_bottom + SMALL_SIZE + 6
        parts.append(_text_lines(x_of(index), top, lines, size=SMALL_SIZE, text_anchor="middle"))
        label_bottom = max(label_bottom, top + SMALL_SIZE * 1.2 * (len(lines) - 1))
    targets = [(x_of(index), y_of(p.target)) for index, p in enumerate(points) if p.target is not None]
    if len(targets) > 1:
        path = " ".join(f"{'M' if i == 0 else 'L'}{_n(x)},{_n(y)}" for i, (x, y) in enumerate(targets))
        parts.append(
            _el(
                "path",
                class_="target",
                d=path,
                stroke=TARGET,
                stroke_width=2.5,
                stroke_dasharray="6 4",
                fill="none",
            )
        )
    for x, y in targets:
        parts.append(
            _el("rect", class_="target", x=x - 4, y=y - 4, width=8, height=8, fill=WHITE, stroke=TARGET, stroke_width=2)
        )
    # The line joins only neighbouring cycles that both have a figure: a hidden one leaves a gap.
    for index, (here, after) in enumerate(itertools.pairwise(points)):
        if here.value is not None and after.value is not None:
            parts.append(
                _el(
                    "line",
                    class_="trend",
                    x1=x_of(index),
                    y1=y_of(here.value),
                    x2=x_of(index + 1),
                    y2=y_of(after.value),
                    stroke=colour,
                    stroke_width=3,
                )
            )
    for index, point in enumerate(points):
        parts.append(_trend_point(x_of(index), point, y_of, plot_top, plot_bottom, spacing, colour))
    description = _describe_trend(points, summary)
    return _svg(prefix, label_bottom + 12, title, description, "".join(parts))


def _trend_point(x, point: TrendPoint, y_of, plot_top: float, plot_bottom: float, spacing: float, colour: str) -> str:
    """One cycle's mark: the point, its interval and its value; or the words saying it is hidden."""
    if point.value is None:
        lines = _lines(_hidden_words(point), SMALL_SIZE, spacing - 4)
        first = plot_bottom - 8 - SMALL_SIZE * 1.2 * (len(lines) - 1)
        return _text_lines(
            x, first, lines, size=SMALL_SIZE, fill=MUTED, font_style="italic", text_anchor="middle", class_="suppressed"
        )
    parts = []
    if point.low is not None and point.high is not None:
        low, high = y_of(point.low), y_of(point.high)
        whisker = (
            f"M{_n(x)},{_n(low)} V{_n(high)} M{_n(x - 6)},{_n(low)} H{_n(x + 6)} M{_n(x - 6)},{_n(high)} H{_n(x + 6)}"
        )
        parts.append(_el("path", class_="interval", d=whisker, stroke=INK, stroke_width=1.5, fill="none"))
    y = y_of(point.value)
    parts.append(_el("circle", class_="point", cx=x, cy=y, r=5.5, fill=colour, stroke=WHITE, stroke_width=1.5))
    top = y_of(point.high) if point.high is not None else y
    value_y = max(top - 6, plot_top + VALUE_SIZE)
    words = _percent(point.value)
    # A white backing keeps the value legible where the target's dashed line runs behind it.
    backing = len(words) * VALUE_SIZE * 0.65 + 4
    # Right of the point, or left of it where the drawing ends.
    left = x + 6 if x + 6 + backing <= WIDTH else x - 6 - backing
    parts.append(
        _el("rect", x=left, y=value_y - VALUE_SIZE + 1, width=backing, height=VALUE_SIZE + 3, fill=WHITE, opacity=0.85)
    )
    parts.append(_text(left + 2, value_y, words, size=VALUE_SIZE, font_weight="bold", class_="value"))
    return "".join(parts)


def _describe_trend(points: Sequence[TrendPoint], summary: str) -> str:
    sentences = [summary] if summary else []
    for point in points:
        if point.value is None:
            words = _hidden_words(point)
        elif point.low is not None and point.high is not None:
            words = _("%(value)s (95%% interval %(low)s to %(high)s)") % {
                "value": _percent(point.value),
                "low": _percent(point.low),
                "high": _percent(point.high),
            }
        else:
            words = _percent(point.value)
        if point.target is not None:
            words = _("%(figure)s; target %(target)s") % {"figure": words, "target": _percent(point.target)}
        sentences.append(_("%(label)s: %(value)s.") % {"label": point.label, "value": words})
    if not any(point.value is not None for point in points):
        sentences.append(_("No cycle has a figure to show."))
    return " ".join(sentences)


# --- (c) representativeness gaps ---


def gap_flag(value: Number, threshold: Number) -> str:
    """ "under" or "over" when a gap lies beyond ±threshold points, else "ok"."""
    if float(value) < -float(threshold):
        return "under"
    if float(value) > float(threshold):
        return "over"
    return "ok"


def gap_chart(gaps: Sequence[Gap], *, threshold: Number, title: str, summary: str = "") -> SafeString:
    """Bars left (fewer respondents than children served) or right (more) of zero in percentage points,
    with the band within ±threshold shaded; a category beyond it is hatched and says "under" or "over"."""
    prefix = _prefix()
    threshold = abs(float(threshold))
    values = [abs(float(gap.value)) for gap in gaps if gap.value is not None]
    extent = math.ceil(max([*values, threshold * 2, 5.0]) / 5) * 5
    plot_left, plot_right = 8.0, WIDTH - 134.0
    middle_x = (plot_left + plot_right) / 2
    scale = (plot_right - middle_x) / extent

    def x_of(value: Number) -> float:
        return middle_x + _clamp(value, -extent, extent) * scale

    legend = [
        (_("within ±%(points)s points") % {"points": _number(threshold)}, BAND, None, "box"),
        (_("beyond it (flagged)"), *FLAGGED, "box"),
    ]
    legend_markup, y = _legend(prefix, legend, LABEL_SIZE + 4.0)
    parts = [legend_markup]
    # One line each, so the two directions never run into each other on a narrow drawing.
    parts.append(_text(plot_left, y, _("← fewer respondents than children"), size=SMALL_SIZE, fill=MUTED))
    y += SMALL_SIZE * 1.3
    more = _("more respondents →")
    parts.append(_text(plot_right, y, more, size=SMALL_SIZE, fill=MUTED, text_anchor="end"))
    y += 8
    plot_top, bar_height, rows = y, 18.0, []
    for gap in gaps:
        label, top = _row_label(gap.label, y, plot_left, WIDTH - 16)
        rows.append(label)
        rows.append(_gap_row(prefix, gap, threshold, top, bar_height, middle_x, x_of(gap.value or 0)))
        y = top + bar_height + 10
    plot_bottom = y - 4
    band_left, band_right = x_of(-threshold), x_of(threshold)
    parts.append(
        _el(
            "rect",
            class_="band",
            x=band_left,
            y=plot_top,
            width=band_right - band_left,
            height=plot_bottom - plot_top,
            fill=BAND,
        )
    )
    for tick in (-extent, -extent / 2, 0, extent / 2, extent):
        x = x_of(tick)
        parts.append(_el("line", x1=x, y1=plot_top, x2=x, y2=plot_bottom, stroke=GRID if tick else INK, stroke_width=1))
        anchor = "start" if tick == -extent else "end" if tick == extent else "middle"
        label = signed_points(tick, 0 if float(tick).is_integer() else 1)
        parts.append(_text(x, plot_bottom + SMALL_SIZE + 2, label, size=SMALL_SIZE, fill=MUTED, text_anchor=anchor))
    parts.append(
        _text(WIDTH - 6, plot_bottom + SMALL_SIZE + 2, _("points"), size=SMALL_SIZE, fill=MUTED, text_anchor="end")
    )
    parts.extend(rows)
    height = plot_bottom + SMALL_SIZE + 10
    return _svg(prefix, height, title, _describe_gaps(gaps, threshold, summary), "".join(parts))


def _gap_row(prefix: str, gap: Gap, threshold: float, top: float, height: float, zero: float, end: float) -> str:
    """One category's bar from zero and its value with the flag in words; or the words saying it is hidden."""
    middle = top + height / 2
    if gap.value is None:
        # From the left edge, not from zero: the words need the whole width on a phone.
        return _text(
            12.0,
            middle + SMALL_SIZE * 0.35,
            _hidden_words(gap),
            size=SMALL_SIZE,
            fill=MUTED,
            font_style="italic",
            class_="suppressed",
        )
    flag = gap.flag or gap_flag(gap.value, threshold)
    flagged = flag in ("under", "over")
    colour, pattern = FLAGGED if flagged else SERIES[0]
    start, stop = sorted((zero, end))
    bar = _el(
        "rect",
        class_="bar",
        x=start,
        y=top,
        width=max(stop - start, 1.5),
        height=height,
        fill=_fill(prefix, colour, pattern),
        stroke=colour,
        stroke_width=1.5,
    )
    words = {"under": _("%(value)s under"), "over": _("%(value)s over")}.get(flag, "%(value)s") % {
        "value": signed_points(gap.value)
    }
    value = _text(
        WIDTH - 6,
        middle + VALUE_SIZE * 0.35,
        words,
        size=VALUE_SIZE,
        text_anchor="end",
        font_weight="bold" if flagged else "normal",
        class_="value",
    )
    return bar + value


def _describe_gaps(gaps: Sequence[Gap], threshold: float, summary: str) -> str:
    sentences = [summary] if summary else []
    sentences.append(
        _(
            "Each gap is the category's share of respondents minus its share of the children served, in"
            " percentage points; gaps beyond ±%(points)s points are flagged."
        )
        % {"points": _number(threshold)}
    )
    for gap in gaps:
        if gap.value is None:
            words = _hidden_words(gap)
        else:
            flag = gap.flag or gap_flag(gap.value, threshold)
            words = {
                "under": _("%(value)s points, under-represented"),
                "over": _("%(value)s points, over-represented"),
            }.get(flag, _("%(value)s points")) % {"value": signed_points(gap.value)}
        sentences.append(_("%(label)s: %(value)s.") % {"label": gap.label, "value": words})
    return " ".join(sentences)
