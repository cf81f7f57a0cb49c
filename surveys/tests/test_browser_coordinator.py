"""A state coordinator runs an Indicator 8 survey cycle through the coordinators' pages: loads the demo
instrument file, adds a cycle open on the pinned test day, uploads a roster with one bad line (the job page
lists the line and saves nothing), uploads it corrected and sees the invitations counted, then reads the
rotation and the state report. The cycle and job pages are axe-core clean; the refused job fits a phone."""

import csv
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from pep.tests.browser import (
    expect_message,
    expect_no_axe_violations,
    expect_no_horizontal_scrolling,
    field,
    log_in,
    on_a_phone,
)
from pep.tests.factories import SchoolYearFactory
from surveys.models import Invitation
from surveys.services.imports import ROSTER_COLUMNS
from surveys.tests.factories import CycleFactory

pytestmark = pytest.mark.browser

DEMO_INSTRUMENT = Path(__file__).resolve().parents[1] / "instruments" / "indicator8-demo.json"
DEMO_NAME = "Parent survey on partnership in special education (Indicator 8, demo)"
SLUG = "indicator8-2026-27"


def _parent(student_ref: str, name: str, **changes) -> dict:
    """One parent of the roster, in Alder District (A-1) of the `people` fixture unless changed."""
    return {
        "student_ref": student_ref,
        "parent_name": name,
        "parent_email": f"{student_ref.lower()}@example.org",
        "parent_phone": "217-555-0100",
        "mailing_address": "12 Elm Street, Springfield",
        "language": "en",
        "district_code": "A-1",
        "school_code": "",
        "grade": "3",
        "age": "8",
        "disability_category": "SLD",
        "race_ethnicity": "HI",
        "gender": "F",
        **changes,
    }


def _roster_file(path: Path, *parents: dict) -> Path:
    """A roster CSV as the upload page describes it: the header row is line 1, the first parent line 2."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=ROSTER_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(parents)
    return path


def _upload_roster(page, roster: Path) -> None:
    """From the cycle's page: upload the roster and land on its job's page (tasks run at once in tests)."""
    page.get_by_role("link", name="Upload the roster").click()
    page.get_by_label("File (CSV, UTF-8)").set_input_files(roster)
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Roster import")


def test_a_coordinator_loads_an_instrument_adds_a_cycle_and_invites_a_corrected_roster(
    page, live_server, people, password, tmp_path
):
    SchoolYearFactory(first_year=2026, is_current=True)  # 2026-27, the year of the pinned test day
    roster = [
        _parent("ST0001", "Rosa Díaz", language="es", school_code=people.school_a.code),
        _parent("ST0002", "Ken Ito", grade="PK", age="4"),
        _parent("ST0003", "Ana Ruiz", grade="7", age="12"),
    ]
    typo = {**roster[1], "district_code": "Z-9"}
    bad = _roster_file(tmp_path / "roster.csv", roster[0], typo, roster[2])
    corrected = _roster_file(tmp_path / "roster-corrected.csv", *roster)
    log_in(page, people.coordinator.username, password)

    # The instrument file, loaded on the instruments page, is listed there.
    page.goto(reverse("surveys:instrument-list"))
    page.get_by_label("Instrument file (JSON)").set_input_files(DEMO_INSTRUMENT)
    page.get_by_role("button", name="Load").click()
    expect_message(page, "Instrument indicator8-demo (2026) loaded.")
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Survey instruments").click()
    listed = page.get_by_role("row").filter(has=page.get_by_role("link", name=DEMO_NAME))
    expect(listed).to_contain_text("indicator8-demo")
    expect(listed).to_contain_text("Indicator 8")

    # A cycle open from 1 October to 30 November 2026, around the pinned test day (15 October 2026).
    page.goto(reverse("surveys:cycle-list"))
    page.get_by_role("link", name="Add a survey cycle").click()
    field(page, "Instrument").select_option(label=f"{DEMO_NAME} — indicator8-demo (2026)")
    field(page, "School year").select_option(label="2026-27")
    field(page, "Slug").fill(SLUG)
    field(page, "Opens on").fill("10/01/2026")
    field(page, "Closes on").fill("11/30/2026")
    field(page, "Target percent").fill("73.0")
    page.get_by_role("button", name="Save").click()
    expect_message(page, "Survey cycle added.")
    expect(page.get_by_role("heading", level=1)).to_contain_text(DEMO_NAME)
    summary = page.get_by_role("region", name="Summary")
    expect(summary).to_contain_text(SLUG)
    expect(summary).to_contain_text("73.0%")
    expect(summary).to_contain_text(re.compile(r"Oct\S* 1, 2026 – Nov\S* 30, 2026 · Open"))
    expect(page.get_by_text("0 parents invited; 0 have answered.")).to_be_visible()
    expect_no_axe_violations(page)

    # One line names a district that is not in the directory: the whole file is refused.
    _upload_roster(page, bad)
    expect(page.get_by_role("heading", name="Status: Refused: nothing was saved")).to_be_visible()
    expect(page.get_by_text("Refused: 1 bad line; nothing was saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="1 problem", exact=True)).to_be_visible()
    problem = page.get_by_role("table", name="Problems by line of the file").get_by_role("row").nth(1)
    expect(problem.get_by_role("cell").first).to_have_text("3")
    expect(problem.get_by_role("cell").last).to_have_text("The district_code “Z-9” is not a district of the directory.")
    assert Invitation.objects.count() == 0
    expect_no_axe_violations(page)

    # The corrected file invites all three parents.
    page.get_by_role("link", name="Back to the survey cycle").click()
    _upload_roster(page, corrected)
    expect(page.get_by_role("heading", name="Status: Done")).to_be_visible()
    expect(page.get_by_text("3 parents invited in 1 district.")).to_be_visible()
    expect_no_axe_violations(page)
    page.get_by_role("link", name="Back to the survey cycle").click()
    expect(page.get_by_text("3 parents invited; 0 have answered.")).to_be_visible()
    invited = page.get_by_role("region", name="Summary").get_by_text("Invited", exact=True).locator("xpath=..")
    expect(invited).to_have_text(re.compile(r"^\s*Invited\s*3\s*$"))  # the tile at the top of the page
    expect_no_axe_violations(page)

    # The rotation: Alder was surveyed this year, Birch never was.
    page.goto(reverse("surveys:rotation"))
    alder = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=re.compile("^Alder District")))
    expect(alder.get_by_role("cell")).to_have_text(["2026-27", "2026-27", "Next due in 2032-33"])
    birch = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=re.compile("^Birch District")))
    expect(birch.get_by_role("cell").last).to_have_text("Due: never surveyed")

    # The state report lists the roster's one district with its three invited parents, nobody answered yet.
    page.goto(reverse("surveys:cycle-detail", args=[SLUG]))
    page.get_by_role("link", name="The state report").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Indicator 8 report")
    districts = page.get_by_role("table").filter(has_text="1 district in this cycle")
    expect(districts.get_by_role("row")).to_have_count(2)  # the heading row and Alder's
    alder = districts.get_by_role("row").filter(has=page.get_by_role("link", name="Alder District"))
    expect(alder.get_by_role("cell").nth(0)).to_have_text("3")  # invited
    expect(alder.get_by_role("cell").nth(1)).to_have_text("0")  # returned


def test_a_refused_roster_job_fits_a_phone(page, live_server, people, password, tmp_path):
    cycle = CycleFactory(slug="indicator8-phone")
    bad = _roster_file(tmp_path / "roster.csv", _parent("ST0001", "Rosa Díaz", age="forty"))
    on_a_phone(page)
    log_in(page, people.coordinator.username, password)

    page.goto(cycle.get_absolute_url())
    _upload_roster(page, bad)
    expect(page.get_by_text("Refused: 1 bad line; nothing was saved.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="forty")).to_contain_text("2")
    assert Invitation.objects.count() == 0
    expect_no_horizontal_scrolling(page)
    expect_no_axe_violations(page)
