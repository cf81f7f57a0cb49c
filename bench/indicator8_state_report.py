"""Scenario: the Indicator 8 state report of a state-sized cycle, against one SQL aggregate over the same
responses.

    python bench/indicator8_state_report.py

Owns its database: run it through `make bench ONLY=indicator8_state_report` (bench/run.py), on PostgreSQL
with DATABASE_URL naming a database the bench may create others beside, or alone with DATABASE_URL naming
an empty one (unset: a temporary SQLite file).

The data: 850 districts; the demo Indicator 8 instrument (25 items, "yes" when more than half of the
answered items agree, at least 13 answered); a cycle of 2026-27 with 90,100 parents invited and 60,000
returned responses (some skipping items, about 2% too few to score), preschool and school-age, across the
four report dimensions; the child count of every district; and last year's cycle of 150 districts, so
each page also works out the change in response rate and the trend. ANALYZE runs after loading.

What is timed, as a coordinator signed in through Django's test client (the whole view: access check,
selectors, template or CSV writer): the three outputs of the state report in a row, as a coordinator
downloads them, each time just after the cycle's figures changed (`report_figures_changed` for one district,
what storing a response does: that district's tallies are counted again and the report version moves), so
the first request reads every district's kept tallies and the child count afresh ("cold") and the next two
find them in the cache (surveys.selectors.reports, "counting"). The write's own recount is not timed: it
is part of storing the response.
- the internal Indicator 8 CSV (`surveys:report-csv`),
- the internal representativeness CSV (`surveys:report-representativeness-csv`),
- the coordinator's state report page (`surveys:report-state`, first page of 50 districts).
`ms` is the median over the runs of the three requests' total; `parts_ms` the median of each request in those
runs (the first carries the counting). For comparison, and not in the ratio: `cold_alone_ms`, each output
requested alone just after a change, and `warm_ms`, each output with the counts cached.
`aggregate_ms` is the median of one SQL statement over the same responses counting, per district, all that
the reports count from them: returned, respondents and "yes" for all parents and for each age group, and
respondents in each category of the four dimensions (`report_aggregate`), run in the same process on the same
data (a sequential scan of the responses: its plan is recorded); `ratio` is ms ÷ aggregate_ms, with a goal of at
most 3 (reported; not a reason to fail, since it depends on the machine). For the record, `narrow_aggregate_ms`
and `narrow_ratio` give the same against a narrower statement counting only returned, respondents and "yes" by
district and age group (what the Indicator 8 CSV needs, without the representativeness). The scenario fails
only when a page does not answer 200 or a count disagrees with the data (the state's line of the Indicator 8
CSV, and its respondents by category in the representativeness CSV, against the aggregate). The figures go to
bench/results.json under "indicator8_state_report" (other keys are kept) and, through bench/run.py, to its
report.

After loading, VACUUM ANALYZE (not only ANALYZE): PostgreSQL's autovacuum does the same in production soon
after a roster or a response import, and only then can counts be read from an index without visiting the
rows (the test server may run with autovacuum off).
"""

import datetime
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import ROOT, Measurement, Results, migrate_and_check_empty, setup_django

DISTRICTS = 850
RETURNED = 60_000
INVITED = 90_100
PREVIOUS_DISTRICTS, PREVIOUS_INVITED, PREVIOUS_RETURNED = 150, 9_000, 5_400
REPEAT = 7
TARGET_RATIO = 3
BATCH = 5_000
RESULTS_JSON = ROOT / "bench" / "results.json"
INSTRUMENT = ROOT / "surveys" / "instruments" / "indicator8-demo.json"
GRADES = ["PK", "K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]
DISABILITIES = ["AUT", "DB", "DD", "DEAF", "ED", "HI", "ID", "MD", "OHI", "OI", "SLD", "SLI", "TBI", "VI"]
RACES = ["AM", "AS", "BL", "HI", "PI", "WH", "MU"]
GENDERS = ["F", "M", "X"]


def load_districts():
    from pep.models import District

    District.objects.bulk_create(
        District(code=f"D{number:04d}", name=f"District {number:04d}", region=f"Region {number % 6}")
        for number in range(DISTRICTS)
    )
    return list(District.objects.order_by("code").values_list("pk", flat=True))


def make_cycles():
    from pep.models import SchoolYear
    from surveys.models import SurveyCycle
    from surveys.services.instruments import instrument_load

    instrument, _created = instrument_load(data=INSTRUMENT.read_bytes())
    years = {}
    for first, current in ((2025, False), (2026, True)):
        years[first] = SchoolYear.objects.create(
            label=SchoolYear.label_for(first),
            starts_on=datetime.date(first, 7, 1),
            ends_on=datetime.date(first + 1, 6, 30),
            planning_opens_on=datetime.date(first, 3, 1),
            is_current=current,
        )
    cycles = {
        first: SurveyCycle.objects.create(
            instrument=instrument,
            school_year=years[first],
            slug=f"bench-indicator8-{first}",
            opens_on=datetime.date(first, 10, 1),
            closes_on=datetime.date(first, 11, 30),
            target={2025: 72.5, 2026: 73}[first],
        )
        for first in (2025, 2026)
    }
    return cycles[2026], cycles[2025], years[2026]


def _answers(rng: random.Random, items: int) -> list:
    """A parent's answers: mostly agreeing or mostly not, some items skipped, now and then too few to score."""
    leaning = rng.random() < 0.72
    skipped = rng.choices([0, 1, 3, 15], weights=[70, 20, 8, 2])[0]
    answers = [rng.choice([4, 5, 6, 6] if leaning else [1, 2, 3, 4]) for _ in range(items)]
    for position in rng.sample(range(items), skipped):
        answers[position] = None
    return answers


def load_roster_and_answers(cycle, district_ids: list[int], invited: int, returned: int, seed: int) -> None:
    """Invitations spread over the districts (larger ones first), then responses for the first `returned`."""
    from surveys.models import Invitation, Response
    from surveys.services.report_figures import report_figures_changed
    from surveys.services.responses import Scorer, response_for_invitation

    rng = random.Random(seed)
    weights = [1 + 30 / (1 + rank) for rank in range(len(district_ids))]
    chosen = rng.choices(district_ids, weights=weights, k=invited)
    scorer = Scorer.of(cycle.instrument)
    for start in range(0, invited, BATCH):
        batch = []
        for number in range(start, min(start + BATCH, invited)):
            grade = rng.choices(GRADES, weights=[8] + [7] * 13)[0]
            batch.append(
                Invitation(
                    cycle=cycle,
                    district_id=chosen[number],
                    student_ref=f"{cycle.pk}-{number:07d}",
                    parent_name=f"Parent {number}",
                    language=rng.choice(["en", "en", "en", "es"]),
                    grade=grade,
                    age=4 if grade == "PK" else 10,
                    disability_category=rng.choice(DISABILITIES),
                    race_ethnicity=rng.choice(RACES),
                    gender=rng.choice(GENDERS),
                    responded=number < returned,
                )
            )
        Invitation.objects.bulk_create(batch)
        responses = [
            response_for_invitation(
                invitation, answers=_answers(rng, scorer.item_count), channel="paper", language="en", scorer=scorer
            )
            for invitation in batch
            if invitation.responded
        ]
        Response.objects.bulk_create(responses, batch_size=BATCH)
    report_figures_changed(cycle_ids=[cycle.pk])  # the cycle's tallies, as the roster and response imports keep them


def load_child_counts(year, district_ids: list[int]) -> None:
    from surveys.models import DIMENSION_CATEGORIES, ChildCount

    rng = random.Random(3)
    ChildCount.objects.bulk_create(
        (
            ChildCount(
                school_year=year,
                district_id=district_id,
                dimension=dimension,
                category=category,
                count=rng.randint(5, 400),
            )
            for district_id in district_ids
            for dimension, choices in DIMENSION_CATEGORIES.items()
            for category in choices.values
        ),
        batch_size=BATCH,
    )


NARROW_AGGREGATE = """
    SELECT district_id, age_group,
           COUNT(*) AS returned,
           SUM(CASE WHEN scored THEN 1 ELSE 0 END) AS respondents,
           SUM(CASE WHEN counts_yes THEN 1 ELSE 0 END) AS yes
      FROM surveys_response
     WHERE cycle_id = %s
     GROUP BY district_id, age_group
"""


def report_aggregate() -> str:
    """One statement counting, per district, all the reports count from the responses: returned,
    respondents and "yes" for all parents and for each age group, and respondents in each category of the
    four dimensions (what the Indicator 8 and representativeness figures are worked out from)."""
    from surveys.models import DIMENSION_CATEGORIES

    def counted(condition: str) -> str:
        return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"

    columns = ["COUNT(*)", counted("scored"), counted("counts_yes")]
    for age_group in ("preschool", "school_age"):
        columns += [
            counted(f"age_group = '{age_group}'"),
            counted(f"scored AND age_group = '{age_group}'"),
            counted(f"counts_yes AND age_group = '{age_group}'"),
        ]
    columns += [
        counted(f"scored AND {dimension} = '{category}'")
        for dimension, choices in DIMENSION_CATEGORIES.items()
        for category in choices.values
    ]
    return (
        "SELECT district_id, " + ", ".join(columns) + " FROM surveys_response WHERE cycle_id = %s GROUP BY district_id"
    )


def aggregate_once(cycle_id: int, sql: str) -> list:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, [cycle_id])
        return cursor.fetchall()


def median_ms(action, repeat: int = REPEAT) -> float:
    action()  # warm up: the first run reads the table into the cache
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def save_figures(figures: dict) -> None:
    """Merge this scenario's figures into bench/results.json, keeping the other scenarios' keys."""
    try:
        everything = json.loads(RESULTS_JSON.read_text())
    except (FileNotFoundError, ValueError):
        everything = {}
    everything["indicator8_state_report"] = figures
    RESULTS_JSON.write_text(json.dumps(everything, indent=2) + "\n")


def vacuum_analyze() -> None:
    """Refresh the planner's statistics and the visibility map after the bulk load, as autovacuum would."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def aggregate_plan(cycle_id: int, sql: str) -> str:
    """How PostgreSQL reads the responses for the aggregate (the scan node of its plan), for the record."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, [cycle_id])
        return next((row[0].strip(" ->") for row in cursor.fetchall() if "Scan" in row[0]), "")


def main() -> int:
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from pep.tests.factories import coordinator
    from surveys.models import Invitation, Response
    from surveys.services.report_figures import report_figures_changed

    migrate_and_check_empty()
    results = Results("indicator8_state_report", vendor=connection.vendor)
    print(
        f"indicator8_state_report on {connection.vendor}: {DISTRICTS} districts, {INVITED} invited, "
        f"{RETURNED} returned responses of 25 items; last year {PREVIOUS_DISTRICTS} districts",
        flush=True,
    )
    start = time.perf_counter()
    district_ids = load_districts()
    cycle, previous, year = make_cycles()
    load_roster_and_answers(cycle, district_ids, INVITED, RETURNED, seed=26)
    load_roster_and_answers(previous, district_ids[:PREVIOUS_DISTRICTS], PREVIOUS_INVITED, PREVIOUS_RETURNED, seed=25)
    load_child_counts(year, district_ids)
    vacuum_analyze()
    results.loading["load and VACUUM ANALYZE"] = round(time.perf_counter() - start, 1)
    print(f"  loaded in {results.loading['load and VACUUM ANALYZE']:.0f} s", flush=True)

    aggregate = report_aggregate()
    counted = aggregate_once(cycle.pk, aggregate)
    returned = sum(row[1] for row in counted)
    respondents = sum(row[2] for row in counted)
    yes = sum(row[3] for row in counted)
    assert returned == Response.objects.filter(cycle=cycle).count() == RETURNED, returned
    assert Invitation.objects.filter(cycle=cycle).count() == INVITED

    client = Client()
    client.force_login(coordinator(username="bench-coordinator"), backend="django.contrib.auth.backends.ModelBackend")
    client.get("/")  # the first request after signing in notes the session's activity
    requests = {
        "Indicator 8 CSV": reverse("surveys:report-csv", args=[cycle.slug]),
        "representativeness CSV": reverse("surveys:report-representativeness-csv", args=[cycle.slug]),
        "state report page": reverse("surveys:report-state", args=[cycle.slug]),
    }
    bodies, queries = {}, {}

    def fetch(label: str) -> float:
        """One request, its time in milliseconds; its body and query count are kept."""
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(requests[label])
            took = (time.perf_counter() - began) * 1000
        assert response.status_code == 200, f"{requests[label]} answered {response.status_code}"
        bodies[label], queries[label] = response.content, len(captured)
        return took

    def changed() -> None:
        # As a stored response does: its district's tallies counted again, the cycle's report version moved.
        report_figures_changed(cycle_ids=[cycle.pk], district_ids=[district_ids[0]])

    # Warm up the tables and the code once; then each run: the figures change, the three outputs in a row.
    changed()
    for label in requests:
        fetch(label)
    runs = []
    for _ in range(REPEAT):
        changed()
        runs.append({label: fetch(label) for label in requests})
    totals = [sum(run.values()) for run in runs]
    timings = {label: statistics.median(run[label] for run in runs) for label in requests}
    cold_queries = dict(queries)
    total_ms = statistics.median(totals)
    for label, url in requests.items():
        results.pages.append(Measurement(label, url, cold_queries[label], round(timings[label], 1), REPEAT))
        print(f"  {label:<40} median {timings[label]:8.1f} ms  {cold_queries[label]:3d} queries", flush=True)

    # For comparison only: each output alone just after a change, and each output with the counts cached.
    cold_alone, warm = {}, {}
    for label in requests:
        alone = []
        for _ in range(REPEAT):
            changed()
            alone.append(fetch(label))
        cold_alone[label] = statistics.median(alone)
        warm[label] = statistics.median(fetch(label) for _ in range(REPEAT))

    state_line = bodies["Indicator 8 CSV"].decode().splitlines()[1].split(",")
    assert state_line[:3] == ["state", "", "all"], state_line
    assert [int(value) for value in state_line[3:7]] == [INVITED, RETURNED, respondents, yes], state_line
    by_category = [sum(column) for column in zip(*(row[10:] for row in counted), strict=True)]
    state_categories = [
        int(line.split(",")[4])
        for line in bodies["representativeness CSV"].decode().splitlines()[1:]
        if line.startswith("state,")
    ]
    assert state_categories == by_category, (state_categories, by_category)

    aggregate_ms = median_ms(lambda: aggregate_once(cycle.pk, aggregate))
    narrow_ms = median_ms(lambda: aggregate_once(cycle.pk, NARROW_AGGREGATE))
    ratio = total_ms / aggregate_ms
    print(f"  {'one SQL aggregate over the responses':<40} median {aggregate_ms:8.1f} ms", flush=True)
    print(f"  {'state report (both CSVs and the page)':<40} {total_ms:8.1f} ms; ratio {ratio:.1f} (goal ≤ 3)")
    print(
        f"  for the record, the narrower aggregate (returned, respondents, yes by district and age group): "
        f"{narrow_ms:.1f} ms, ratio {total_ms / narrow_ms:.1f}"
    )
    print("  each alone after a change: " + ", ".join(f"{k} {v:.0f} ms" for k, v in cold_alone.items()))
    print("  each with the counts cached: " + ", ".join(f"{k} {v:.0f} ms" for k, v in warm.items()))
    figures = {
        "vendor": connection.vendor,
        "districts": DISTRICTS,
        "invited": INVITED,
        "responses": RETURNED,
        "items": 25,
        "ms": round(total_ms, 1),
        "aggregate_ms": round(aggregate_ms, 1),
        "ratio": round(ratio, 2),
        "target_ratio": TARGET_RATIO,
        "parts_ms": {label: round(value, 1) for label, value in timings.items()},
        "cold_alone_ms": {label: round(value, 1) for label, value in cold_alone.items()},
        "warm_ms": {label: round(value, 1) for label, value in warm.items()},
        "queries": cold_queries,
        "narrow_aggregate_ms": round(narrow_ms, 1),
        "narrow_ratio": round(total_ms / narrow_ms, 2),
        "aggregate_plan": aggregate_plan(cycle.pk, aggregate),
        "how": (
            "ms: median over runs of the three requests in a row (Indicator 8 CSV, representativeness CSV, state "
            "page), each run just after report_figures_changed (as a stored response), so the first request "
            "counts the cycle afresh and the others read the counts from the cache; after VACUUM ANALYZE"
        ),
    }
    results.data = figures
    results.save()
    save_figures(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
