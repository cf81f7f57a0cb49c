"""Scenario: a state-sized Indicator 8 cycle loaded from files. A roster of 60,000 parents across 850
districts, then 60,000 returned forms of 25 items, then the child count, each through the import service
the upload pages and commands use, timed in rows per second (goal: at least 5,000 for the roster and the
responses).

    python bench/survey_imports.py

Owns its database: run it through `make bench ONLY=survey_imports` (bench/run.py), or alone with
DATABASE_URL naming an empty database (unset: a temporary SQLite file). The figures are about
PostgreSQL; on SQLite they are printed too. The scenario fails (exit status 1) when an import refuses
its file or saves other than every row. The figures go to bench/results.json under "survey_imports"
(other keys in the file are kept) and, through bench/run.py, to its report.
"""

import datetime
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import ROOT, Results, analyze, migrate_and_check_empty, seconds, setup_django

DISTRICTS, SCHOOLS_PER_DISTRICT = 850, 3
ROWS = int(os.environ.get("SURVEY_IMPORT_ROWS", "60000"))
ITEMS = 25
TARGET_ROWS_PER_S = 5_000
RESULTS_JSON = ROOT / "bench" / "results.json"
GRADES = ["PK", "K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]
DISABILITIES = ["AUT", "DB", "DD", "DEAF", "ED", "HI", "ID", "MD", "OHI", "OI", "SLD", "SLI", "TBI", "VI"]
RACES = ["AM", "AS", "BL", "HI", "PI", "WH", "MU"]


def load_directory() -> None:
    """850 districts with three schools each, in two INSERTs."""
    from pep.models import District, School

    District.objects.bulk_create(
        [
            District(code=f"D{number:04d}", name=f"District {number}", region=f"Region {number % 6}")
            for number in range(DISTRICTS)
        ]
    )
    ids = dict(District.objects.values_list("code", "pk"))
    School.objects.bulk_create(
        [
            School(
                code=f"D{number:04d}-{school}",
                district_id=ids[f"D{number:04d}"],
                name=f"School {number}-{school}",
                grade_band=band,
            )
            for number in range(DISTRICTS)
            for school, band in enumerate(["PK-5", "6-8", "9-12"][:SCHOOLS_PER_DISTRICT])
        ]
    )


def make_cycle():
    from pep.models import SchoolYear
    from surveys.models import SurveyCycle
    from surveys.tests.factories import make_instrument

    year = SchoolYear.objects.create(
        label="2026-27",
        starts_on=datetime.date(2026, 7, 1),
        ends_on=datetime.date(2027, 6, 30),
        planning_opens_on=datetime.date(2026, 3, 1),
        is_current=True,
    )
    instrument = make_instrument(items=ITEMS, min_answered=13)
    cycle = SurveyCycle.objects.create(
        instrument=instrument,
        school_year=year,
        slug="bench-indicator8",
        opens_on=datetime.date(2026, 10, 1),
        closes_on=datetime.date(2026, 11, 30),
        target=73,
    )
    return cycle, year


def roster_csv(chance: random.Random) -> bytes:
    """60,000 parents, spread unevenly over the districts (large districts have more), each with a school."""
    weights = [1 + (number % 40) ** 2 // 10 for number in range(DISTRICTS)]
    header = (
        "student_ref,parent_name,parent_email,parent_phone,mailing_address,language,district_code,"
        "school_code,grade,age,disability_category,race_ethnicity,gender\n"
    )
    lines = [header]
    for number, district in enumerate(chance.choices(range(DISTRICTS), weights=weights, k=ROWS)):
        grade = chance.choice(GRADES)
        age = 4 if grade == "PK" else (6 if grade == "K" else int(grade) + 5)
        school = 0 if grade in ("PK", "K") or int(grade) <= 5 else (1 if int(grade) <= 8 else 2)
        lines.append(
            f"ST{number:07d},Parent {number},parent{number}@example.org,+1217555{number % 10000:04d},"
            f'"{number} Main Street, Springfield, IL 62701",{chance.choice(["en", "en", "en", "es"])},'
            f"D{district:04d},D{district:04d}-{school},{grade},{age},{chance.choice(DISABILITIES)},"
            f"{chance.choice(RACES)},{chance.choice('FMX')}\n"
        )
    return "".join(lines).encode()


def responses_csv(cycle, chance: random.Random) -> bytes:
    """Every invited parent answers: paper codes as a mail house writes them (some lower case, some
    grouped with a dash), a few skipped items, a mix of channels."""
    from surveys.models import Invitation

    codes = list(Invitation.objects.filter(cycle=cycle).values_list("paper_code", flat=True))
    chance.shuffle(codes)
    header = "paper_code,channel,language," + ",".join(f"q{number}" for number in range(1, ITEMS + 1)) + "\n"
    lines = [header]
    for number, code in enumerate(codes):
        written = code.lower() if number % 5 == 0 else (f"{code[:5]}-{code[5:]}" if number % 7 == 0 else code)
        leaning = chance.choice([2, 4, 5])
        answers = [
            "" if chance.random() < 0.04 else str(min(6, max(1, leaning + chance.randint(-2, 1)))) for _ in range(ITEMS)
        ]
        channel = chance.choice(["paper", "paper", "paper", "web", "phone"])
        lines.append(f"{written},{channel},{chance.choice(['en', 'es'])}," + ",".join(answers) + "\n")
    return "".join(lines).encode()


def child_count_csv(chance: random.Random) -> bytes:
    from surveys.models import DIMENSION_CATEGORIES

    lines = ["district_code,dimension,category,count\n"]
    for district in range(DISTRICTS):
        for dimension, categories in DIMENSION_CATEGORIES.items():
            for category in categories.values:
                lines.append(f"D{district:04d},{dimension},{category},{chance.randint(0, 400)}\n")
    return "".join(lines).encode()


def backend_cpu_seconds() -> float | None:
    """CPU time so far of the PostgreSQL process serving this connection, when it runs on this machine
    (read from /proc); None elsewhere."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def imported(label: str, run, rows: int) -> dict:
    """Run one import, check it saved every row, and say how fast it went: on the clock, and per second
    of CPU time of this process and of its database process together, which is what the import costs
    whatever else the machine is doing (the clock time grows with the load of a shared machine)."""
    from django.db import connection

    outcome, statements = {}, []

    def counted(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    def action():
        with connection.execute_wrapper(counted):
            outcome["result"] = run()

    load = os.getloadavg()[0]
    backend = backend_cpu_seconds()
    cpu = time.process_time()
    took = seconds(action)
    cpu = time.process_time() - cpu
    backend = backend_cpu_seconds() - backend if backend is not None else None
    result = outcome["result"]
    if not result.ok:
        for error in result.errors[:20]:
            print(f"  line {error.line}: {error.message}", flush=True)
        raise SystemExit(f"{label}: the file was refused ({len(result.errors)} bad lines)")
    if result.saved != rows:
        raise SystemExit(f"{label}: {result.saved} rows saved of {rows}")
    figures = {
        "seconds": round(took, 2),
        "rows_per_s": round(rows / took),
        "statements": len(statements),  # besides COPY, which Django does not see
        "cpu_s": round(cpu, 2),
        "database_cpu_s": round(backend, 2) if backend is not None else None,
        "load_before": round(load, 1),
    }
    spent = cpu + (backend or 0)
    figures["rows_per_cpu_s"] = round(rows / spent)
    print(
        f"  {label:<38} {took:7.2f} s {rows / took:9,.0f} rows/s | CPU: here {cpu:.2f} s"
        + (f", database {backend:.2f} s" if backend is not None else "")
        + f" = {figures['rows_per_cpu_s']:,} rows per CPU second | {len(statements)} SQL statements"
        + (" besides COPY" if connection.vendor == "postgresql" else "")
        + f" | load {load:.1f}",
        flush=True,
    )
    return figures


def save_figures(figures: dict) -> None:
    """Merge this scenario's figures into bench/results.json, keeping the other scenarios' keys."""
    try:
        everything = json.loads(RESULTS_JSON.read_text())
    except (FileNotFoundError, ValueError):
        everything = {}
    everything["survey_imports"] = figures
    RESULTS_JSON.write_text(json.dumps(everything, indent=2) + "\n")


def main() -> int:
    setup_django()
    from django.db import connection

    from surveys.models import Invitation, Response
    from surveys.services.imports import child_count_import, responses_import, roster_import

    migrate_and_check_empty()
    chance = random.Random(9)
    load_directory()
    cycle, year = make_cycle()
    analyze()
    print(
        f"survey imports on {connection.vendor}: {ROWS:,} rows each, {DISTRICTS} districts, {ITEMS} items",
        flush=True,
    )
    roster = roster_csv(chance)
    roster_figures = imported("roster (invitations with codes)", lambda: roster_import(cycle=cycle, data=roster), ROWS)
    analyze()
    answers = responses_csv(cycle, chance)
    response_figures = imported(
        "returned responses (matched, scored)", lambda: responses_import(cycle=cycle, data=answers), ROWS
    )
    counts = child_count_csv(chance)
    count_rows = counts.count(b"\n") - 1
    count_figures = imported("child count", lambda: child_count_import(school_year=year, data=counts), count_rows)
    answered = Invitation.objects.filter(cycle=cycle, responded=True).count()
    stored = Response.objects.filter(cycle=cycle).count()
    if answered != ROWS or stored != ROWS:
        raise SystemExit(f"{answered} invitations answered and {stored} responses stored, expected {ROWS} each")

    figures = {
        "vendor": connection.vendor,
        "rows": ROWS,
        "districts": DISTRICTS,
        "items": ITEMS,
        "roster_rows_per_s": roster_figures["rows_per_s"],
        "roster_s": roster_figures["seconds"],
        "roster_statements": roster_figures["statements"],
        "roster_rows_per_cpu_s": roster_figures["rows_per_cpu_s"],
        "response_rows_per_s": response_figures["rows_per_s"],
        "response_s": response_figures["seconds"],
        "response_statements": response_figures["statements"],
        "response_rows_per_cpu_s": response_figures["rows_per_cpu_s"],
        "child_count_rows": count_rows,
        "child_count_rows_per_s": count_figures["rows_per_s"],
        "target_rows_per_s": TARGET_ROWS_PER_S,
        "met_target": min(roster_figures["rows_per_s"], response_figures["rows_per_s"]) >= TARGET_ROWS_PER_S,
        "load_average": max(roster_figures["load_before"], response_figures["load_before"]),
    }
    results = Results("survey_imports", vendor=connection.vendor, data=figures)
    results.save()
    save_figures(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
