"""The Indicator 8 CSVs and Excel files, line by line on the small scene (see test_reports_scene)."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from surveys.models import Invitation, Item
from surveys.tests.test_reports_scene import small_scene

REPORT_HEADER = (
    "level,district_code,group,invited,returned,respondents,yes,percent,ci_low,ci_high,response_rate,"
    "suppressed,target,met_target"
)
REPORT_LINES = [
    REPORT_HEADER,
    "state,,all,33,22,21,17,81.0,60.0,92.3,66.7,0,73.0,1",
    "state,,preschool,5,3,3,2,66.7,20.8,93.9,60.0,1,73.0,0",
    "state,,school_age,28,19,18,15,83.3,60.8,94.2,67.9,0,73.0,1",
    "district,A-1,all,25,16,15,11,73.3,48.0,89.1,64.0,0,73.0,1",
    "district,A-1,preschool,5,3,3,2,66.7,20.8,93.9,60.0,1,73.0,0",
    "district,A-1,school_age,20,13,12,9,75.0,46.8,91.1,65.0,0,73.0,1",
    "district,B-2,all,8,6,6,6,100.0,61.0,100.0,75.0,1,73.0,1",
    "district,B-2,preschool,0,0,0,0,,,,,1,73.0,",
    "district,B-2,school_age,8,6,6,6,100.0,61.0,100.0,75.0,1,73.0,1",
]
REPRESENTATIVENESS_HEADER = (
    "level,district_code,dimension,category,respondents,respondent_share,population,population_share,gap_pp,flag"
)
REPRESENTATIVENESS_LINES = [
    REPRESENTATIVENESS_HEADER,
    # The state: Alder and Birch only (Cedar has a child count but is not in the cycle).
    "state,,race_ethnicity,HI,18,85.7,160,80.0,5.7,over",
    "state,,race_ethnicity,WH,3,14.3,40,20.0,-5.7,under",
    "state,,disability_category,DD,3,14.3,24,24.0,-9.7,under",
    "state,,disability_category,SLD,18,85.7,76,76.0,9.7,over",
    "state,,grade_band,PK,3,14.3,20,20.0,-5.7,under",
    "state,,grade_band,K-5,18,85.7,50,50.0,35.7,over",
    "state,,grade_band,6-8,0,0.0,30,30.0,-30.0,under",
    "state,,gender,F,18,85.7,177,88.5,-2.8,ok",
    "state,,gender,M,3,14.3,23,11.5,2.8,ok",
    "district,A-1,race_ethnicity,HI,12,80.0,60,60.0,20.0,over",
    "district,A-1,race_ethnicity,WH,3,20.0,40,40.0,-20.0,under",
    "district,A-1,disability_category,DD,3,20.0,24,24.0,-4.0,under",
    "district,A-1,disability_category,SLD,12,80.0,76,76.0,4.0,over",
    "district,A-1,grade_band,PK,3,20.0,20,20.0,0.0,ok",
    "district,A-1,grade_band,K-5,12,80.0,50,50.0,30.0,over",
    "district,A-1,grade_band,6-8,0,0.0,30,30.0,-30.0,under",
    # Exactly at the threshold of 3.0 points: ok, not flagged.
    "district,A-1,gender,F,12,80.0,77,77.0,3.0,ok",
    "district,A-1,gender,M,3,20.0,23,23.0,-3.0,ok",
    "district,B-2,race_ethnicity,HI,6,100.0,100,100.0,0.0,ok",
    # No child count of Birch's disability categories or grade bands: no share, gap or flag.
    "district,B-2,disability_category,SLD,6,100.0,0,,,",
    "district,B-2,grade_band,K-5,6,100.0,0,,,",
    "district,B-2,gender,F,6,100.0,100,100.0,0.0,ok",
]


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").rstrip("\n").split("\n")


def _command_output(name: str, slug: str, tmp_path) -> list[str]:
    path = tmp_path / "out.csv"
    call_command(name, slug, str(path), stdout=io.StringIO(), stderr=io.StringIO())
    return _lines(path.read_text(encoding="utf-8"))


def test_the_report_command_writes_each_figure_as_checked_by_hand(db, tmp_path):
    scene = small_scene()
    assert _command_output("indicator8_report", scene.cycle.slug, tmp_path) == REPORT_LINES


def test_the_representativeness_command_writes_shares_gaps_and_flags(db, tmp_path):
    scene = small_scene()
    assert _command_output("indicator8_representativeness", scene.cycle.slug, tmp_path) == REPRESENTATIVENESS_LINES


def test_the_commands_refuse_an_unknown_cycle(db, tmp_path):
    with pytest.raises(CommandError, match="No survey cycle"):
        call_command("indicator8_report", "no-such-cycle", str(tmp_path / "out.csv"))
    with pytest.raises(CommandError, match="No survey cycle"):
        call_command("indicator8_representativeness", "no-such-cycle", str(tmp_path / "out.csv"))


def test_the_coordinators_downloads_are_the_commands_files(client, people):
    scene = small_scene(alder=people.district_a, birch=people.district_b)
    client.force_login(people.coordinator)
    report = client.get(reverse("surveys:report-csv", args=[scene.cycle.slug]))
    assert report["Content-Type"].startswith("text/csv")
    assert _lines(report.content.decode()) == REPORT_LINES
    representativeness = client.get(reverse("surveys:report-representativeness-csv", args=[scene.cycle.slug]))
    assert _lines(representativeness.content.decode()) == REPRESENTATIVENESS_LINES


def test_a_districts_download_leaves_every_small_cell_blank(client, people):
    scene = small_scene(alder=people.district_a, birch=people.district_b)
    client.force_login(people.leader_a)
    response = client.get(reverse("surveys:report-district-csv", args=[scene.cycle.slug, people.district_a.pk]))
    assert _lines(response.content.decode()) == [
        REPORT_HEADER,
        "state,,all,33,22,21,17,81.0,60.0,92.3,66.7,0,73.0,1",
        "state,,preschool,,,,,,,,,1,73.0,",
        # 18 school-age respondents, but all minus school-age would give the 3 preschool ones away.
        "state,,school_age,,,,,,,,,1,73.0,",
        "district,A-1,all,25,16,15,11,73.3,48.0,89.1,64.0,0,73.0,1",
        "district,A-1,preschool,,,,,,,,,1,73.0,",
        "district,A-1,school_age,,,,,,,,,1,73.0,",
    ]


def test_a_districts_representativeness_download_hides_small_categories(client, people):
    scene = small_scene(alder=people.district_a, birch=people.district_b)
    client.force_login(people.leader_a)
    url = reverse("surveys:report-district-representativeness-csv", args=[scene.cycle.slug, people.district_a.pk])
    lines = _lines(client.get(url).content.decode())
    alder = [line for line in lines if line.startswith("district,")]
    assert all(line.startswith("district,A-1,") for line in alder)
    assert alder == [
        # 3 parents of one category would be given away by the other: both are blank.
        "district,A-1,race_ethnicity,HI,,,,,,",
        "district,A-1,race_ethnicity,WH,,,,,,",
        "district,A-1,disability_category,DD,,,,,,",
        "district,A-1,disability_category,SLD,,,,,,",
        "district,A-1,grade_band,PK,,,,,,",
        "district,A-1,grade_band,K-5,,,,,,",
        "district,A-1,grade_band,6-8,0,0.0,30,30.0,-30.0,under",
        "district,A-1,gender,F,,,,,,",
        "district,A-1,gender,M,,,,,,",
    ]


def test_the_excel_file_has_the_same_tables_with_numbers_as_numbers(client, people):
    scene = small_scene(alder=people.district_a, birch=people.district_b)
    client.force_login(people.coordinator)
    response = client.get(reverse("surveys:report-xlsx", args=[scene.cycle.slug]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Indicator 8", "Representativeness", "Items", "Trend"]
    rows = [list(row) for row in book["Indicator 8"].iter_rows(values_only=True)]
    assert rows[0] == REPORT_HEADER.split(",")
    assert rows[4] == ["district", "A-1", "all", 25, 16, 15, 11, 73.3, 48.0, 89.1, 64.0, 0, 73.0, 1]
    assert book["Indicator 8"]["H5"].number_format == "0.0"
    representativeness = [list(row) for row in book["Representativeness"].iter_rows(values_only=True)]
    assert representativeness[1:] == [
        [None if cell == "" else _number(cell) for cell in line.split(",")] for line in REPRESENTATIVENESS_LINES[1:]
    ]
    items = [list(row) for row in book["Items"].iter_rows(values_only=True)]
    # Item 1 over the 21 respondents: 17 gave 4 and 4 gave 1.
    assert items[1][:7] == ["state", None, 1, "Statement 1.", "communicating", 21, 3.43]
    assert items[1][7:] == [19.0, 0.0, 0.0, 81.0, 0.0, 0.0, 81.0]


def _number(text: str):
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def test_the_district_excel_file_hides_small_cells(client, people):
    scene = small_scene(alder=people.district_a, birch=people.district_b)
    client.force_login(people.leader_a)
    url = reverse("surveys:report-district-xlsx", args=[scene.cycle.slug, people.district_a.pk])
    book = openpyxl.load_workbook(io.BytesIO(client.get(url).content))
    rows = [list(row) for row in book["Indicator 8"].iter_rows(values_only=True)]
    assert rows[5] == ["district", "A-1", "preschool", *[None] * 8, 1, 73.0, None]
    assert not any(row[1] == "B-2" for row in rows)
    items = [list(row) for row in book["Items"].iter_rows(values_only=True)]
    # Alder's item 1: 11 gave 4, 4 gave 1; both shares and the share agreeing are hidden, item 3 is not.
    assert items[1][5:] == [15, 3.2, None, 0.0, 0.0, None, 0.0, 0.0, None]
    assert items[3][5:] == [15, 4.0, 0.0, 0.0, 0.0, 100.0, 0.0, 0.0, 100.0]


def test_excel_and_csv_cells_never_run_as_formulas(client, people):
    scene = small_scene(alder=people.district_a, birch=people.district_b)
    Item.objects.filter(instrument=scene.cycle.instrument, number=2).update(text_en='=HYPERLINK("http://x","y")')
    client.force_login(people.coordinator)
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("surveys:report-xlsx", args=[scene.cycle.slug])).content)
    )
    cell = book["Items"]["D3"]
    assert cell.value == '\'=HYPERLINK("http://x","y")'
    assert cell.data_type == "s"


def test_report_files_carry_no_names_contacts_codes_or_student_references(client, people):
    scene = small_scene(alder=people.district_a, birch=people.district_b)
    client.force_login(people.coordinator)
    slug, pk = scene.cycle.slug, people.district_a.pk
    files = [
        client.get(reverse("surveys:report-csv", args=[slug])).content.decode(),
        client.get(reverse("surveys:report-representativeness-csv", args=[slug])).content.decode(),
        client.get(reverse("surveys:report-district-csv", args=[slug, pk])).content.decode(),
        client.get(reverse("surveys:report-district-representativeness-csv", args=[slug, pk])).content.decode(),
    ]
    for name in ("surveys:report-xlsx",):
        book = openpyxl.load_workbook(io.BytesIO(client.get(reverse(name, args=[slug])).content))
        files.append(_workbook_text(book))
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("surveys:report-district-xlsx", args=[slug, pk])).content)
    )
    files.append(_workbook_text(book))
    identifiers = Invitation.objects.values_list(
        "student_ref", "parent_name", "parent_email", "parent_phone", "mailing_address", "code", "paper_code"
    )
    for row in identifiers:
        for value in row:
            assert not any(value in text for text in files), f"{value!r} found in a report file"


def _workbook_text(book) -> str:
    return "\n".join(
        ",".join("" if cell is None else str(cell) for cell in row)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    )
