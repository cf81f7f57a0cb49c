"""The server-drawn SVG charts: well-formed, described in words, hidden figures never drawn."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.html import escape

from pep.charts import Bar, Gap, LegendEntry, TrendPoint, gap_chart, gap_flag, percent_bars, trend_chart

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _tree(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))


def _texts(root: ET.Element) -> list[str]:
    return [" ".join(" ".join(text.itertext()).split()) for text in root.iter(f"{SVG}text")]


def _bars(root: ET.Element) -> list[ET.Element]:
    return [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "bar"]


def _described(root: ET.Element) -> tuple[str, str]:
    return root.find(f"{SVG}title").text, root.find(f"{SVG}desc").text


def test_it_draws_bars_as_an_image_with_a_title_and_a_description_in_words():
    chart = percent_bars(
        [Bar("All respondents", 72.4, 65.1, 79.0), Bar("School age", 70, 61.5, 77.2)],
        title="Parents reporting that schools facilitated their involvement",
        target=73,
    )
    root = _tree(chart)
    assert root.get("role") == "img"
    title, description = _described(root)
    assert title == "Parents reporting that schools facilitated their involvement"
    assert "All respondents: 72.4% (95% interval 65.1% to 79.0%)." in description
    assert "The target is 73.0%" in description
    labelled_by = root.get("aria-labelledby").split()
    assert {element.get("id") for element in root if element.get("id")} >= set(labelled_by)


def test_it_prints_each_value_beside_its_bar_and_draws_its_interval_and_the_target():
    root = _tree(percent_bars([Bar("All respondents", 72.4, 65.1, 79.0)], title="Percent", target=73))
    texts = _texts(root)
    assert "72.4%" in texts
    assert "Target 73.0%" in texts
    assert len(_bars(root)) == 1
    assert [path.get("class") for path in root.iter(f"{SVG}path") if path.get("class")] == ["interval"]
    target = [line for line in root.iter(f"{SVG}line") if line.get("class") == "target"]
    assert len(target) == 1 and target[0].get("stroke-dasharray")


def test_a_suppressed_value_shows_no_bar_only_fewer_than_n():
    root = _tree(
        percent_bars(
            [Bar("All respondents", 72.4, 65.1, 79.0), Bar("Preschool", None, fewer_than=10)],
            title="Percent by group",
        )
    )
    assert len(_bars(root)) == 1
    assert len([p for p in root.iter(f"{SVG}path") if p.get("class") == "interval"]) == 1
    assert "fewer than 10, not shown" in _texts(root)
    assert "Preschool: fewer than 10, not shown." in _described(root)[1]


def test_the_extremes_0_and_100_stay_inside_the_drawing():
    root = _tree(percent_bars([Bar("None agreed", 0, 0, 27.8), Bar("All agreed", 100, 72.2, 100)], title="Extremes"))
    width = float(root.get("viewBox").split()[2])
    none, every = _bars(root)
    assert float(none.get("width")) < 2  # a sliver at the axis, so a zero is seen as a figure, not a gap
    assert float(every.get("x")) + float(every.get("width")) <= width
    assert {"0.0%", "100.0%"} <= set(_texts(root))


def test_values_out_of_range_are_drawn_at_the_edge_without_breaking_the_drawing():
    root = _tree(percent_bars([Bar("Odd", 130, -5, 140)], title="Odd"))
    bar = _bars(root)[0]
    width = float(root.get("viewBox").split()[2])
    assert float(bar.get("width")) > 0 and float(bar.get("x")) + float(bar.get("width")) <= width


def test_series_are_told_apart_by_pattern_and_legend_not_colour_alone():
    chart = percent_bars(
        [Bar("Alder District", 68.2, 60.0, 75.5), Bar("State", 71.3, 70.1, 72.4, series=1)],
        title="District and state",
        legend=[LegendEntry("Alder District", 0), LegendEntry("State", 1)],
    )
    root = _tree(chart)
    district, state = _bars(root)
    assert not district.get("fill").startswith("url(")
    assert state.get("fill").startswith("url(#") and state.get("fill").endswith("-hatch)")
    pattern_ids = {pattern.get("id") for pattern in root.iter(f"{SVG}pattern")}
    assert state.get("fill")[5:-1] in pattern_ids
    assert {"Alder District", "State"} <= set(_texts(root))
    assert "State: hatched" in _described(root)[1]


def test_labels_and_titles_are_escaped_as_text():
    chart = percent_bars([Bar("<b>Alder</b> & Co", 50)], title='Say "hi" <script>')
    root = _tree(chart)
    assert "<b>Alder</b> & Co" in _texts(root)
    assert _described(root)[0] == 'Say "hi" <script>'
    assert "<script>" not in chart and escape("<script>") in chart


def test_two_charts_on_one_page_have_their_own_ids():
    first, second = _tree(percent_bars([Bar("A", 1)], title="A")), _tree(percent_bars([Bar("A", 1)], title="A"))
    ids = lambda root: {element.get("id") for element in root.iter() if element.get("id")}  # noqa: E731
    assert not ids(first) & ids(second)


def test_long_labels_wrap_onto_more_lines_within_the_width():
    label = "Native Hawaiian or Other Pacific Islander families of children in preschool"
    root = _tree(percent_bars([Bar(label, 40)], title="Long"))
    spans = [span.text for span in root.iter(f"{SVG}tspan")]
    assert len(spans) >= 2 and " ".join(spans) == label


def test_the_trend_draws_each_cycle_and_its_target_and_breaks_at_a_hidden_one():
    points = [
        TrendPoint("2023-24", 65.2, 58.0, 71.0, target=Decimal("71.5")),
        TrendPoint("2024-25", None, fewer_than=10, target=Decimal("72.0")),
        TrendPoint("2025-26", 74.0, 68.0, 79.0, target=Decimal("72.5")),
        TrendPoint("2026-27", 76.5, 70.0, 82.0, target=Decimal("73.0")),
    ]
    root = _tree(trend_chart(points, title="Percent across cycles"))
    assert root.get("role") == "img"
    circles = [circle for circle in root.iter(f"{SVG}circle") if circle.get("class") == "point"]
    assert len(circles) == 3  # the hidden cycle has no point
    segments = [line for line in root.iter(f"{SVG}line") if line.get("class") == "trend"]
    assert len(segments) == 1  # only 2025-26 to 2026-27: nothing joins across the hidden cycle
    targets = [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "target"]
    assert len(targets) == 4
    texts = _texts(root)
    assert {"65.2%", "74.0%", "76.5%", "2023-24", "2026-27", "fewer than 10, not shown"} <= set(texts)
    description = _described(root)[1]
    assert "2024-25: fewer than 10, not shown; target 72.0%." in description
    assert "2026-27: 76.5% (95% interval 70.0% to 82.0%); target 73.0%." in description


def test_the_trend_handles_one_cycle_and_the_extremes():
    root = _tree(trend_chart([TrendPoint("2026-27", 100, 90, 100, target=0)], title="One"))
    height = float(root.get("viewBox").split()[3])
    circle = next(c for c in root.iter(f"{SVG}circle") if c.get("class") == "point")
    assert 0 <= float(circle.get("cy")) <= height
    assert "100.0%" in _texts(root)
    empty = _tree(trend_chart([TrendPoint("2026-27", None, fewer_than=10)], title="None"))
    assert not [c for c in empty.iter(f"{SVG}circle") if c.get("class") == "point"]
    assert "No cycle has a figure to show." in _described(empty)[1]


def test_gaps_go_left_when_negative_and_right_when_positive_with_flags_in_words():
    gaps = [Gap("Hispanic or Latino", 4.2), Gap("White", Decimal("-6.8")), Gap("Asian", -0.4), Gap("Two or more", 0)]
    root = _tree(gap_chart(gaps, threshold=3, title="Representativeness by race and ethnicity"))
    hispanic, white, asian, _two = _bars(root)
    zero = float(hispanic.get("x"))
    assert float(white.get("x")) + float(white.get("width")) == pytest.approx(zero)
    assert float(white.get("x")) < float(asian.get("x")) < zero
    texts = _texts(root)
    assert {"+4.2 over", "\u22126.8 under", "\u22120.4", "0.0"} <= set(texts)
    assert hispanic.get("fill").endswith("-hatch)") and white.get("fill").endswith("-hatch)")
    assert not asian.get("fill").startswith("url(")
    band = next(rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "band")
    assert float(band.get("x")) < zero < float(band.get("x")) + float(band.get("width"))
    description = _described(root)[1]
    assert "White: \u22126.8 points, under-represented." in description
    assert "beyond ±3.0 points" in description


def test_a_suppressed_gap_has_no_bar_and_the_reports_flag_wins():
    gaps = [Gap("Pacific Islander", None, fewer_than=10), Gap("Black", 3.0, flag="over")]
    root = _tree(gap_chart(gaps, threshold=3, title="Gaps"))
    assert len(_bars(root)) == 1
    assert "fewer than 10, not shown" in _texts(root)
    assert "+3.0 over" in _texts(root)


def test_a_gap_exactly_at_the_threshold_is_not_flagged():
    assert gap_flag(3, 3) == "ok" and gap_flag(-3, Decimal("3.0")) == "ok"
    assert gap_flag(3.05, 3) == "over" and gap_flag(-3.05, 3) == "under"


def test_a_huge_gap_widens_the_scale_and_stays_inside():
    root = _tree(gap_chart([Gap("Everyone", -100), Gap("Nobody", 100)], threshold=3, title="Extremes"))
    width = float(root.get("viewBox").split()[2])
    for bar in _bars(root):
        assert float(bar.get("x")) >= 0 and float(bar.get("x")) + float(bar.get("width")) <= width
    assert "\u2212100" in _texts(root)


def test_numbers_are_written_as_the_site_writes_them_in_spanish_too():
    with translation.override("es"):
        chart = percent_bars([Bar("Todos", Decimal("72.4"), 65, 79)], title="Porcentaje")
    assert "72.4%" in _texts(_tree(chart))


def test_a_figure_hidden_for_another_reason_says_so_in_its_own_words():
    note = "hidden to protect a small group"
    root = _tree(percent_bars([Bar("School age", None, note=note)], title="Groups"))
    assert not _bars(root)
    assert note in _texts(root) and f"School age: {note}." in _described(root)[1]
    trend = _tree(trend_chart([TrendPoint("2026-27", None, note=note)], title="Trend"))
    assert note in " ".join(_texts(trend))
    gaps = _tree(gap_chart([Gap("White", None, note=note)], threshold=3, title="Gaps"))
    assert not _bars(gaps) and note in _texts(gaps)


def test_every_mark_and_word_stays_inside_the_drawing_width():
    charts = [
        percent_bars([Bar("A", 100, 90, 100)], title="Bars", target=99),
        trend_chart([TrendPoint(f"20{n}-{n + 1}", 100, 95, 100, target=73) for n in range(20, 26)], title="Trend"),
        gap_chart([Gap("A", 100), Gap("B", -100)], threshold=3, title="Gaps"),
    ]
    for chart in charts:
        root = _tree(chart)
        width = float(root.get("viewBox").split()[2])
        for element in root.iter():
            for name in ("x", "x1", "x2", "cx"):
                if element.get(name) is not None and element.tag != f"{SVG}tspan":
                    assert -1 <= float(element.get(name)) <= width + 1, (element.tag, name, element.get(name))
