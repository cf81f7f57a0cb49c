"""Scenario: the state directory import and the coordinator's home page, on a state-sized directory.

Owns its database: run it through `make bench` (bench/run.py), or alone with DATABASE_URL set to
an empty database (unset: a temporary SQLite file). Prints timings; asserts only that pages answer 200.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import PageMeter, Results, analyze, migrate_and_check_empty, setup_django, timed

DISTRICTS, SCHOOLS_PER_DISTRICT = 900, 5  # about the size of Illinois' directory
HEADER = "district_code,district_name,region,school_code,school_name,grade_band\n"


def directory_csv() -> bytes:
    rows = [
        f"{d:05d},District {d},Region {d % 6},{d:05d}-{s},School {d}-{s},{band}\n"
        for d in range(DISTRICTS)
        for s, band in enumerate(["PK-5", "K-5", "6-8", "9-12", "K-12"][:SCHOOLS_PER_DISTRICT])
    ]
    return (HEADER + "".join(rows)).encode()


def main() -> None:
    setup_django()
    from django.db import connection

    from pep.services import directory_import
    from pep.tests.factories import coordinator

    migrate_and_check_empty()
    results = Results("foundation", vendor=connection.vendor)
    data = directory_csv()
    results.data = {"districts": DISTRICTS, "schools": DISTRICTS * SCHOOLS_PER_DISTRICT}
    print(f"foundation on {connection.vendor}: {DISTRICTS} districts, {DISTRICTS * SCHOOLS_PER_DISTRICT} schools")
    results.loading["import_directory, first load"] = (
        timed("import_directory, first load", lambda: directory_import(data=data)) / 1000
    )
    analyze()
    results.loading["import_directory, same file again"] = (
        timed("import_directory, same file again (no change)", lambda: directory_import(data=data), repeat=3) / 1000
    )
    pages = PageMeter(results, coordinator(username="bench-coordinator"))
    pages.measure("coordinator home, first page of all districts", "/", repeat=10)
    pages.measure("coordinator home, filtered by region", "/?region=Region+3", repeat=10)
    pages.measure("coordinator home, district typed", "/?q=District+12", repeat=10)
    results.save()


if __name__ == "__main__":
    main()
