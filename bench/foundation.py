"""Measure the foundation's heavy paths on a state-sized directory, on a throwaway database.

Run with `make bench` (SQLite in a temporary file) or with DATABASE_URL set to an empty
PostgreSQL database. Prints timings; it asserts nothing.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pep.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
os.environ.update(
    SECURE_SSL_REDIRECT="0", SECURE_COOKIES="0", STATIC_MANIFEST="0", DEBUG="0", ALLOWED_HOSTS="testserver"
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from pep.services import directory_import  # noqa: E402
from pep.tests.factories import coordinator  # noqa: E402

DISTRICTS, SCHOOLS_PER_DISTRICT = 900, 5  # about the size of Illinois' directory
HEADER = "district_code,district_name,region,school_code,school_name,grade_band\n"


def directory_csv() -> bytes:
    rows = [
        f"{d:05d},District {d},Region {d % 6},{d:05d}-{s},School {d}-{s},{band}\n"
        for d in range(DISTRICTS)
        for s, band in enumerate(["PK-5", "K-5", "6-8", "9-12", "K-12"][:SCHOOLS_PER_DISTRICT])
    ]
    return (HEADER + "".join(rows)).encode()


def timed(label: str, action, repeat: int = 1) -> None:
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - start)
    print(f"{label:<55} median {statistics.median(seconds) * 1000:8.1f} ms over {repeat} run(s)")


def main() -> None:
    call_command("migrate", verbosity=0)
    data = directory_csv()
    print(
        f"database: {connection.vendor}; directory: {DISTRICTS} districts, {DISTRICTS * SCHOOLS_PER_DISTRICT} schools"
    )
    timed("import_directory, first load", lambda: directory_import(data=data))
    timed("import_directory, same file again (no change)", lambda: directory_import(data=data), repeat=3)
    client = Client()
    client.force_login(coordinator(username="bench-coordinator"))

    def page(url: str):
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"

    timed("coordinator home, first page of all districts", lambda: page("/"), repeat=10)
    timed("coordinator home, filtered by region", lambda: page("/?region=Region+3"), repeat=10)
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    print(f"coordinator home queries: {len(queries)}")


if __name__ == "__main__":
    main()
