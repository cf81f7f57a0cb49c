"""Measure the plan pages on a program-sized set of plans, on a throwaway database.

Run with `make bench` (SQLite in a temporary file) or with DATABASE_URL set to an empty
PostgreSQL database. Prints timings; it asserts nothing.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.foundation import timed
from partnerships.tests.factories import ActivityFactory, GoalFactory, PlanFactory
from pep.tests.factories import DistrictFactory, SchoolYearFactory, coordinator

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
