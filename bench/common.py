"""What every bench scenario shares: the settings it runs under, measuring a page, reporting results.

A scenario is a script that owns one empty database (given by DATABASE_URL), loads its data,
runs ANALYZE, measures pages and writes its results as JSON to the file named by BENCH_RESULTS.
`bench/run.py` gives each scenario its own database and prints the tables.
"""

import atexit
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Production-like settings: DEBUG off, no HTTPS redirect (the test client speaks plain HTTP),
# plain static file names (no collectstatic), mail kept in memory, the per-process cache.
BENCH_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "pep.settings",
    "SECRET_KEY": "bench-only",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "testserver",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "STATIC_MANIFEST": "0",
    "EMAIL_URL": "memorymail://",  # django.core.mail.backends.locmem
    "SITE_URL": "http://testserver",
    "CACHE_URL": "locmemcache://bench",
    "LOG_LEVEL": "WARNING",
}


def setup_django() -> None:
    """Configure and start Django for a scenario (a temporary SQLite file when DATABASE_URL is unset)."""
    sys.path.insert(0, str(ROOT))
    for name, value in BENCH_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    scratch = tempfile.mkdtemp(prefix="pep-bench-")
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    # whitenoise warns when STATIC_ROOT does not exist; the bench serves no static files
    os.environ.setdefault("STATIC_ROOT", scratch)

    import django

    django.setup()


def migrate_and_check_empty() -> None:
    """Create the tables; a scenario refuses a database that already holds districts (not its own)."""
    from django.core.management import call_command

    from pep.models import District

    call_command("migrate", verbosity=0)
    if District.objects.exists():
        raise SystemExit("This database already has districts; a bench scenario needs an empty database.")


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load, as a restore (pg_restore + ANALYZE) would."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@dataclass
class Measurement:
    label: str
    url: str
    queries: int
    median_ms: float
    runs: int


@dataclass
class Results:
    scenario: str
    vendor: str = ""
    data: dict = field(default_factory=dict)  # what was loaded: counts of rows
    loading: dict = field(default_factory=dict)  # seconds per loading step
    pages: list[Measurement] = field(default_factory=list)

    def save(self) -> None:
        """Write the results where bench/run.py reads them (nothing when run on its own)."""
        target = os.environ.get("BENCH_RESULTS")
        if target:
            Path(target).write_text(json.dumps(asdict(self), indent=1))


def pdf_pages(content: bytes) -> int | None:
    """How many pages a PDF has, read by poppler's pdfinfo (None when it is not installed)."""
    if not shutil.which("pdfinfo"):
        return None
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        info = subprocess.run(["pdfinfo", pdf.name], capture_output=True, text=True, check=False).stdout
    pages = [line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")]
    return int(pages[0]) if pages else None


def seconds(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def timed(label: str, action, repeat: int = 1) -> float:
    """Run `action` `repeat` times; print and return the median in milliseconds."""
    runs = [seconds(action) for _ in range(repeat)]
    median = statistics.median(runs) * 1000
    print(f"  {label:<52} median {median:9.1f} ms over {repeat} run(s)", flush=True)
    return median


class PageMeter:
    """Fetches pages as one signed-in person and records median time and query count of each."""

    def __init__(self, results: Results, user) -> None:
        from django.test import Client

        self.results = results
        self.client = Client()
        self.client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        self.get("/")  # the first request after signing in notes the session's activity; not measured

    def get(self, url: str):
        response = self.client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        self.last_content = b"".join(response.streaming_content) if response.streaming else response.content
        return response

    def measure(self, label: str, url: str, repeat: int, warm_up: bool = True) -> Measurement:
        """`repeat` timed requests (after one untimed one to warm caches up, unless `warm_up` is off).

        The query count is the fewest any timed request made: a person's session is renewed at most
        once a minute (pep.middleware.SessionIdleTimeout), which adds a few queries to that one request.
        """
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        if warm_up:
            self.get(url)
        counts = []

        def counted():
            with CaptureQueriesContext(connection) as queries:
                self.get(url)
            counts.append(len(queries))

        median = timed(label, counted, repeat)
        print(f"  {'':<52} {min(counts):>5} queries", flush=True)
        measurement = Measurement(label, url, min(counts), round(median, 1), repeat)
        self.results.pages.append(measurement)
        return measurement
