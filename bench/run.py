"""Run every bench scenario, each on its own throwaway database, and print the tables.

    make bench                                                # SQLite: a temporary file per scenario
    DATABASE_URL=postgres://user@host:5432/pep_bench make bench
    .venv/bin/python bench/run.py plans_small worst_pdf       # only these scenarios
    make bench ONLY=registration_rush                         # the same, through make

With PostgreSQL, DATABASE_URL names an existing database that the bench only connects to; on the
same server it creates one database per scenario, named <database>_<scenario> (dropped first if an
earlier run was interrupted), and drops each when its scenario ends. So two runs in a row, or a
scenario that fails, leave nothing behind that the next run trips over.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.common import BENCH_ENVIRONMENT  # noqa: E402 (importing bench.common does not set Django up)

SCENARIOS = {
    "foundation": ["bench/foundation.py"],
    "plans_small": ["bench/plans.py", "small"],
    "plans_full": ["bench/plans.py", "full"],
    "worst_pdf": ["bench/worst_pdf.py"],
    "registration_rush": ["bench/registration_rush.py"],  # PostgreSQL only; skipped on SQLite
    "indicator8_state_report": ["bench/indicator8_state_report.py"],
    "survey_imports": ["bench/survey_imports.py"],
}
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}


@contextmanager
def sqlite_database(scenario: str, scratch: str):
    path = Path(scratch) / f"{scenario}.sqlite3"
    try:
        yield f"sqlite:///{path}"
    finally:
        path.unlink(missing_ok=True)


class PostgresServer:
    """The server of DATABASE_URL, where each scenario gets a database of its own."""

    def __init__(self, url: str) -> None:
        import environ
        import psycopg2

        self.url = urlsplit(url)
        config = environ.Env.db_url_config(url)
        self.name = config["NAME"]
        try:
            self.admin = psycopg2.connect(
                dbname=self.name,
                user=config.get("USER") or None,
                password=config.get("PASSWORD") or None,
                host=config.get("HOST") or None,
                port=config.get("PORT") or None,
                **config.get("OPTIONS", {}),
            )
        except psycopg2.OperationalError as exc:
            raise SystemExit(
                f"Cannot connect to DATABASE_URL's database {self.name!r} (create it first): {exc}"
            ) from exc
        self.admin.autocommit = True

    def execute(self, statement: str, name: str) -> None:
        from psycopg2 import sql

        with self.admin.cursor() as cursor:
            cursor.execute(sql.SQL(statement).format(sql.Identifier(name)))

    @contextmanager
    def database(self, scenario: str, scratch: str):
        name = f"{self.name}_{scenario}"
        if len(name) > 63:
            raise SystemExit(f"The database name {name!r} is longer than PostgreSQL allows; use a shorter name.")
        force = " WITH (FORCE)" if self.admin.server_version >= 130000 else ""
        self.execute("DROP DATABASE IF EXISTS {}" + force, name)
        self.execute("CREATE DATABASE {}", name)
        try:
            yield urlunsplit(self.url._replace(path="/" + quote(name)))
        finally:
            self.execute("DROP DATABASE IF EXISTS {}" + force, name)


def run(scenario: str, database_url: str, scratch: str) -> tuple[dict | None, bool]:
    """Run one scenario in its own process (its own settings and database): its results, if it saved
    them, and whether it passed (exit status 0)."""
    results = Path(scratch) / f"{scenario}.json"
    environment = (
        os.environ
        | BENCH_ENVIRONMENT
        | {
            "DATABASE_URL": database_url,
            "STATIC_ROOT": scratch,  # whitenoise wants it to exist; the bench serves no static files
            "BENCH_RESULTS": str(results),
        }
    )
    print(f"\n== {scenario}", flush=True)
    start = time.perf_counter()
    finished = subprocess.run([sys.executable, *SCENARIOS[scenario]], cwd=ROOT, env=environment, check=False)
    print(f"== {scenario}: {time.perf_counter() - start:.0f} s", flush=True)
    passed = finished.returncode == 0
    if not passed:
        print(f"== {scenario} FAILED (exit status {finished.returncode})", flush=True)
    # A scenario that measured everything but missed a rule (such as the registration rush overselling)
    # saved its figures before failing: they are reported with the others.
    return (json.loads(results.read_text()) if results.exists() else None), passed


def main() -> int:
    chosen = sys.argv[1:] or list(SCENARIOS)
    unknown = [name for name in chosen if name not in SCENARIOS]
    if unknown:
        raise SystemExit(f"Unknown scenario(s) {', '.join(unknown)}; choose from {', '.join(SCENARIOS)}.")
    url = os.environ.get("DATABASE_URL", "")
    scheme = urlsplit(url).scheme
    if url and scheme in POSTGRES_SCHEMES:
        database = PostgresServer(url).database
    elif not url or scheme == "sqlite":
        database = sqlite_database  # a temporary file per scenario, whatever file DATABASE_URL names
    else:
        raise SystemExit(f"The bench runs on PostgreSQL or SQLite, not {scheme!r}.")

    start, outcomes = time.perf_counter(), {}
    for scenario in chosen:
        with tempfile.TemporaryDirectory(prefix="pep-bench-") as scratch, database(scenario, scratch) as scenario_url:
            outcomes[scenario] = run(scenario, scenario_url, scratch)
    report({name: results for name, (results, _) in outcomes.items() if results})
    failed = [name for name, (_, passed) in outcomes.items() if not passed]
    print(
        f"\nbench finished in {time.perf_counter() - start:.0f} s"
        + (f"; FAILED: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


def report(outcomes: dict) -> None:
    if not outcomes:
        return
    vendor = next(iter(outcomes.values()))["vendor"]
    print(f"\n==== Results on {vendor} (median of several requests; queries per request)")
    if "foundation" in outcomes:
        foundation = outcomes["foundation"]
        print(f"\nDirectory and coordinator home ({data_line(foundation['data'])})")
        for label, took in foundation["loading"].items():
            print(f"  {label:<50} {milliseconds(took * 1000):>9}")
        for page in foundation["pages"]:
            print(f"  {page['label']:<50} {milliseconds(page['median_ms']):>9}  {page['queries']:3d} queries")
    small, full = outcomes.get("plans_small"), outcomes.get("plans_full")
    if small or full:
        plans_table(small, full)
    if "worst_pdf" in outcomes:
        worst = outcomes["worst_pdf"]
        data = worst["data"]
        print(
            f"\nWorst-case plan ({data['goals']} goals, {data['activities']} activities, "
            f"every free-text field at its max_length; its PDF has {data.get('PDF pages') or '?'} pages)"
        )
        for page in worst["pages"]:
            print(f"  {page['label']:<50} {milliseconds(page['median_ms']):>9}  {page['queries']:3d} queries")
    if "registration_rush" in outcomes:
        rush_table(outcomes["registration_rush"])
    if "survey_imports" in outcomes:
        imports_table(outcomes["survey_imports"])
    if "indicator8_state_report" in outcomes:
        state_report_table(outcomes["indicator8_state_report"])


def state_report_table(outcome: dict) -> None:
    """The Indicator 8 state report against one SQL aggregate over the same responses."""
    figures = outcome["data"]
    print(
        f"\nIndicator 8 state report ({figures['districts']} districts, {figures['responses']} responses of "
        f"{figures['items']} items)"
    )
    for page in outcome["pages"]:
        print(f"  {page['label']:<50} {milliseconds(page['median_ms']):>9}  {page['queries']:3d} queries")
    print(f"  {'both CSVs and the page (ms)':<50} {milliseconds(figures['ms']):>9}")
    print(f"  {'one SQL aggregate (aggregate_ms)':<50} {milliseconds(figures['aggregate_ms']):>9}")
    print(f"  {'ratio (goal ≤ 3)':<50} {figures['ratio']:>9}")


def imports_table(imports: dict) -> None:
    """The survey imports: rows per second of each file, as bench/results.json has them, and per second of
    CPU time (this process's and its database process's), which the load of a shared machine does not change."""
    figures = imports["data"]
    print(
        f"\nSurvey imports ({figures['rows']:,} rows across {figures['districts']} districts, {figures['items']} "
        f"items; load average {figures['load_average']} on {os.cpu_count()} cores)"
    )
    for label, key in (("roster", "roster"), ("returned responses", "response")):
        print(
            f"  {label:<50} {figures[key + '_rows_per_s']:>9,} rows/s   "
            f"{figures[key + '_rows_per_cpu_s']:>9,} rows per CPU second"
        )
    print(f"  {'child count':<50} {figures['child_count_rows_per_s']:>9,} rows/s")
    print(
        f"  goal ≥ {figures['target_rows_per_s']:,} rows/s for the roster and the responses: "
        + ("met" if figures["met_target"] else "NOT met")
    )


def rush_table(rush: dict) -> None:
    """The registration rush: its figures as bench/results.json has them (timings through gunicorn)."""
    figures = rush["data"]
    if "skipped" in figures:
        print(f"\nRegistration rush: skipped ({figures['skipped']})")
        return
    print(
        f"\nRegistration rush ({figures['requests']} registrations at once for {figures['seats']} seats, "
        f"gunicorn with {figures['workers']} workers; time per request includes waiting for a worker)"
    )
    print(f"  {'page view of the offering, median':<50} {milliseconds(figures['page_view_median_ms']):>9}")
    print(f"  {'registration, median':<50} {milliseconds(figures['median_ms']):>9}")
    print(f"  {'ratio (target ≤ 3)':<50} {figures['ratio']:>9}")
    print(f"  {'one at a time: page view, median':<50} {milliseconds(figures['alone_page_view_median_ms']):>9}")
    print(f"  {'one at a time: registration, median':<50} {milliseconds(figures['alone_median_ms']):>9}")
    print(
        f"  confirmed seats {figures['confirmed_seats']}, waiting registrations {figures['waiting']}, "
        f"oversold {figures['oversold']}, errors {figures['errors']}: "
        + ("passed (0 oversold, 0 errors)" if figures.get("passed") else "FAILED (must be 0 oversold, 0 errors)")
    )


def data_line(data: dict) -> str:
    return ", ".join(f"{value} {name}" for name, value in data.items() if isinstance(value, int) and "PDF" not in name)


def plans_table(small: dict | None, full: dict | None) -> None:
    """One table of the plan pages at both scales, so growth in queries or time shows side by side."""
    for name, outcome in (("small", small), ("full", full)):
        if outcome:
            data = outcome["data"]
            statuses = ", ".join(f"{count} {status}" for status, count in data["plans by status"].items())
            pdf_pages = data.get("largest plan's PDF pages") or "?"
            largest = f"{data['largest plan']} (its PDF {pdf_pages} pages)"
            print(f"\nPlans, {name}: {data_line(data)}; largest plan {largest}; plans {statuses}")
    pages = {}
    for name, outcome in (("small", small), ("full", full)):
        for page in (outcome or {}).get("pages", []):
            pages.setdefault(page["label"], {})[name] = page
    print()
    print(f"| {'page':<42} | queries small | queries full | median small | median full |")
    print(f"|{'-' * 44}|---------------|--------------|--------------|-------------|")
    grown = []
    for label, at in pages.items():
        queries = [str(at[name]["queries"]) if name in at else "—" for name in ("small", "full")]
        times = [milliseconds(at[name]["median_ms"]) if name in at else "—" for name in ("small", "full")]
        print(f"| {label:<42} | {queries[0]:>13} | {queries[1]:>12} | {times[0]:>12} | {times[1]:>11} |")
        if "small" in at and "full" in at and at["full"]["queries"] > at["small"]["queries"]:
            grown.append(label)
    if small and full:
        print("\nQuery counts that grow with the data: " + (", ".join(grown) if grown else "none."))


def milliseconds(value: float) -> str:
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.0f} ms"


if __name__ == "__main__":
    sys.exit(main())
