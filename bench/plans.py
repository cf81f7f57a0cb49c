"""Measure the plan pages on a program-sized set of plans, on a throwaway database.

Run with `make bench` (SQLite in a temporary file) or with DATABASE_URL set to an empty
PostgreSQL database. Prints timings; it asserts nothing.
"""

import os
import sys
import tempfile
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

from bench.foundation import timed  # noqa: E402
from partnerships.tests.factories import ActivityFactory, GoalFactory, PlanFactory  # noqa: E402
from pep.tests.factories import DistrictFactory, SchoolYearFactory, coordinator  # noqa: E402

PLANS, GOALS_PER_PLAN, ACTIVITIES_PER_GOAL = 200, 4, 3


def main() -> None:
    call_command("migrate", verbosity=0)
    year = SchoolYearFactory(first_year=2026, is_current=True)
    plans = []
    for _ in range(PLANS):
        plan = PlanFactory(school_year=year, district=DistrictFactory())
        for _ in range(GOALS_PER_PLAN):
            goal = GoalFactory(plan=plan)
            for _ in range(ACTIVITIES_PER_GOAL):
                ActivityFactory(plan=plan, goal=goal)
        plans.append(plan)
    activities = PLANS * GOALS_PER_PLAN * ACTIVITIES_PER_GOAL
    print(f"database: {connection.vendor}; {PLANS} plans, {activities} activities")
    client = Client()
    client.force_login(coordinator(username="bench-coordinator"))

    def page(url: str):
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"

    biggest = plans[-1].pk
    timed("plan list, first page (coordinator)", lambda: page("/plans/"), repeat=10)
    timed("plan list sorted by coverage", lambda: page("/plans/?order=-coverage"), repeat=10)
    timed("CSV export of all plans", lambda: page("/plans/export.csv"), repeat=5)
    timed("coverage matrix", lambda: page("/plans/coverage/"), repeat=5)
    timed("one plan's page (12 activities)", lambda: page(f"/plans/{biggest}/"), repeat=10)
    timed("one plan's PDF (12 activities)", lambda: page(f"/plans/{biggest}/plan.pdf"), repeat=3)
    with CaptureQueriesContext(connection) as queries:
        page("/plans/")
    print(f"plan list queries: {len(queries)}")


if __name__ == "__main__":
    main()
