"""Scenario: a registration rush. 200 families register at once, through the public form, for an
offering with 40 seats, against gunicorn on PostgreSQL; compared with as many plain views of its page.

    python bench/registration_rush.py

Owns its database: run it through `make bench ONLY=registration_rush` (bench/run.py) with DATABASE_URL
naming a PostgreSQL database, or alone with DATABASE_URL naming an empty one. On SQLite it says so and
measures nothing: the figures are about PostgreSQL's row lock, and SQLite has one writer at a time.

How it runs:
- gunicorn (pep/gunicorn_conf.py) with RUSH_WORKERS sync workers (default 4) on a free local port,
  production-like settings (bench/common.py), the public-POST rate limit raised out of the way (every
  request comes from 127.0.0.1), and messages queued in the database (TASKS_BACKEND=database; no worker
  runs, so no request waits on mail);
- one open offering with 40 seats; each of the 200 families first fetches the form (its CSRF cookie
  and token; not timed) and every worker is warmed up;
- 200 GETs of the offering's page at the same moment, each timed from sending to the end of the
  answer, so waiting in gunicorn's queue counts;
- then all 200 families POST at the same moment, a block of 1 to 3 people each, timed the same way;
- last, for comparison, 30 page views and 30 registrations one at a time, on a second offering:
  what each costs when nothing waits in gunicorn's queue (printed; not in results.json).

A registration succeeds when it answers 302 to its private link (/workshops/r/<token>/), whether its
block was confirmed or put on the waiting list; anything else is an error, as is a page view that does
not answer 200. Then the database is asked how many seats were confirmed (counted as the seat engine
counts them): more than 40 is overselling. The scenario fails (exit status 1, which bench/run.py reports
as FAILED) when a seat is oversold, a request errs, or the registrations saved are not those answered as
saved. The median registration at most 3 times the median page view is a target, reported but not a
reason to fail: it depends on the machine. The figures go to bench/results.json under
"registration_rush" (other keys in the file are kept) and, through bench/run.py, to its report.
"""

import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import ROOT, Measurement, Results, analyze, migrate_and_check_empty, setup_django
from bench.registration_form import cookie_header, opened_form, private_link_token, registration_fields

REQUESTS = int(os.environ.get("RUSH_REQUESTS", "200"))
SEATS = int(os.environ.get("RUSH_SEATS", "40"))
WORKERS = int(os.environ.get("RUSH_WORKERS", "4"))
ALONE = 30  # requests of each kind measured one at a time, for comparison
TARGET_RATIO = 3
RESULTS_JSON = ROOT / "bench" / "results.json"


@dataclass
class Answer:
    status: int
    location: str
    ms: float
    problem: str = ""  # what went wrong, when something did (never contact data)
    content: bytes = b""
    set_cookies: list[str] = field(default_factory=list)


@dataclass
class Family:
    """One family of the rush: its block of people, and the cookies and token its form gave it."""

    number: int
    size: int
    cookies: dict = field(default_factory=dict)
    token: str = ""

    def form(self) -> dict:
        return registration_fields(self.token, self.number, self.size)


class Server:
    """gunicorn serving PEP on a free local port, for the length of a `with` block."""

    def __init__(self, scratch: str) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.log_path = Path(scratch) / "gunicorn.log"
        self.environment = os.environ | {
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": f"http://127.0.0.1:{self.port}",
            "PUBLIC_POSTS_PER_HOUR_PER_ADDRESS": "100000000",  # every request comes from 127.0.0.1
            "TASKS_BACKEND": "database",  # messages wait in the queue; no request waits on mail
        }

    def __enter__(self) -> "Server":
        self.log = self.log_path.open("w")
        command = [sys.executable, "-m", "gunicorn", "-c", "python:pep.gunicorn_conf", "--workers", str(WORKERS)]
        command += ["--worker-class", "sync", "--bind", f"127.0.0.1:{self.port}", "pep.wsgi"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.environment, stdout=self.log, stderr=self.log)
        return self

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def wait_until_up(self, path: str, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped (exit status {self.process.returncode}):\n{self.log_tail()}")
            try:
                if request("GET", self.port, path).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.25)
        raise SystemExit(f"gunicorn did not answer {path} within {seconds:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        self.log.flush()
        return "\n".join(self.log_path.read_text().splitlines()[-lines:])


def request(method: str, port: int, path: str, body: dict | None = None, cookies: dict | None = None) -> Answer:
    """One request on a connection of its own, as a browser opening the page would; timed to its last byte."""
    headers = {"Accept-Language": "en"}
    if cookies:
        headers["Cookie"] = cookie_header(cookies)
    payload = None
    if body is not None:
        payload = urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        content = response.read()
    finally:
        connection.close()
    took = (time.perf_counter() - start) * 1000
    cookies = response.headers.get_all("Set-Cookie") or []
    return Answer(response.status, response.getheader("Location", ""), took, content=content, set_cookies=cookies)


def fetch_form(port: int, path: str, family: Family) -> None:
    """The family opens the form: it keeps the cookies (CSRF) and the form's token."""
    answer = request("GET", port, path)
    if answer.status != 200:
        raise SystemExit(f"GET {path} answered {answer.status}; is the registration form there?")
    try:
        family.cookies, family.token = opened_form(answer.set_cookies, answer.content.decode())
    except ValueError as error:
        raise SystemExit(f"GET {path}: {error}") from None


def burst(count: int, send) -> list[Answer]:
    """`count` requests started at the same moment, one thread each; their answers (or what failed)."""
    start_together = threading.Barrier(count)

    def one(number: int) -> Answer:
        start_together.wait()
        start = time.perf_counter()
        try:
            return send(number)
        except (OSError, http.client.HTTPException) as error:
            return Answer(0, "", (time.perf_counter() - start) * 1000, type(error).__name__)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))


def make_coordinator():
    """The coordinator who creates the offerings: a person with no password, who never logs in."""
    from django.contrib.auth import get_user_model

    from pep.models import Membership, Role

    user = get_user_model().objects.create_user("bench-coordinator", "bench-coordinator@example.org")
    Membership.objects.create(user=user, role=Role.COORDINATOR)
    return user


def make_offering(title: str, coordinator):
    """One open offering with SEATS seats (no childcare), registration open now, its day next month;
    made by `coordinator` through the service the coordinators' form uses."""
    import datetime

    from django.utils import timezone

    from pep.models import Language
    from workshops.models import OfferingStatus, Program
    from workshops.services.offerings import SessionData, offering_create

    now = timezone.now()
    day = now + datetime.timedelta(days=30)
    data = {
        "program": Program.objects.get(code="parent-leadership-101"),
        "title": title,
        "language": Language.objects.get(code="en"),
        "place_name": "Lincoln Elementary School",
        "address": "100 Main Street, Springfield",
        "seat_capacity": SEATS,
        "registration_opens_at": now - datetime.timedelta(days=1),
        "registration_closes_at": day - datetime.timedelta(days=1),
        "status": OfferingStatus.OPEN,
        "interpretation_languages": list(Language.objects.filter(code__in=["es", "ar"])),
    }
    sessions = [SessionData(starts_at=day, ends_at=day + datetime.timedelta(hours=6))]
    return offering_create(actor=coordinator, data=data, sessions=sessions)


def seats_taken(offering) -> tuple[int, int, int]:
    """Seats confirmed (as the seat engine counts them), registrations confirmed, registrations waiting."""
    from workshops.models import Registration, RegistrationStatus
    from workshops.selectors.places import seat_holders

    seats = seat_holders().filter(offering=offering).count()
    registrations = Registration.objects.filter(offering=offering)
    confirmed = registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    return seats, confirmed, registrations.filter(status=RegistrationStatus.WAITING).count()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def describe(label: str, answers: list[Answer]) -> None:
    times = [answer.ms for answer in answers]
    print(
        f"  {label:<36} median {statistics.median(times):8.1f} ms   p90 {percentile(times, 0.9):8.1f} ms   "
        f"max {max(times):8.1f} ms",
        flush=True,
    )


def save_figures(figures: dict) -> None:
    """Merge this scenario's figures into bench/results.json, keeping the other scenarios' keys."""
    try:
        everything = json.loads(RESULTS_JSON.read_text())
    except (FileNotFoundError, ValueError):
        everything = {}
    everything["registration_rush"] = figures
    RESULTS_JSON.write_text(json.dumps(everything, indent=2) + "\n")


def main() -> int:
    setup_django()
    from django.db import connection
    from django.urls import reverse

    results = Results("registration_rush", vendor=connection.vendor)
    if connection.vendor != "postgresql":
        print("registration_rush needs PostgreSQL (DATABASE_URL=postgres://...); skipped.", flush=True)
        results.data = {"skipped": "needs PostgreSQL"}
        results.save()
        return 0
    migrate_and_check_empty()
    organizer = make_coordinator()
    offering = make_offering("Parent Leadership 101: the rush", organizer)
    calm = make_offering("Parent Leadership 101: one at a time", organizer)
    analyze()
    page = reverse("workshops:offering-detail", args=[offering.pk])
    form = page + "register/"
    sizes = random.Random(8).choices([1, 2, 3], weights=[4, 4, 2], k=REQUESTS)
    families = [Family(number, size) for number, size in enumerate(sizes, start=1)]
    one_by_one = [Family(REQUESTS + number, size) for number, size in enumerate(sizes[:ALONE], start=1)]
    calm_page = reverse("workshops:offering-detail", args=[calm.pk])
    print(
        f"registration rush on {connection.vendor}: {REQUESTS} registrations ({sum(sizes)} people in blocks "
        f"of 1 to 3) for {SEATS} seats; gunicorn, {WORKERS} sync workers; {os.cpu_count()} cores shared "
        "with whatever else runs",
        flush=True,
    )

    with tempfile.TemporaryDirectory(prefix="pep-rush-") as scratch, Server(scratch) as server:
        server.wait_until_up(page)
        try:
            with ThreadPoolExecutor(max_workers=WORKERS * 2) as pool:  # every family opens the form (not timed)
                list(pool.map(lambda family: fetch_form(server.port, form, family), families))
        except SystemExit:
            print(f"gunicorn's log ends:\n{server.log_tail()}", flush=True)
            raise
        burst(WORKERS * 4, lambda number: request("GET", server.port, page))  # warm every worker up

        views = burst(REQUESTS, lambda number: request("GET", server.port, page))
        posts = burst(
            REQUESTS,
            lambda number: request(
                "POST", server.port, form, families[number].form(), cookies=families[number].cookies
            ),
        )
        # The same requests one at a time, on an offering of their own: what each costs without a queue.
        for family in one_by_one:
            fetch_form(server.port, calm_page + "register/", family)
        alone_views, alone_posts = [], []
        for family in one_by_one:
            alone_views.append(request("GET", server.port, calm_page))
            alone_posts.append(
                request("POST", server.port, calm_page + "register/", family.form(), cookies=family.cookies)
            )
        log_tail = server.log_tail()

    view_errors = [answer for answer in views + alone_views if answer.status != 200]
    errors = [answer for answer in posts if not saved(answer)]
    alone_errors = [answer for answer in alone_posts if not saved(answer)]
    seats, confirmed, waiting = seats_taken(offering)
    median, page_median = statistics.median(a.ms for a in posts), statistics.median(a.ms for a in views)
    figures = {
        "requests": REQUESTS,
        "seats": SEATS,
        "confirmed_seats": seats,
        "oversold": max(0, seats - SEATS),
        "errors": len(errors),
        "median_ms": round(median, 1),
        "page_view_median_ms": round(page_median, 1),
        "ratio": round(median / page_median, 2),
    }

    describe(f"{REQUESTS} page views at once", views)
    describe(f"{REQUESTS} registrations at once", posts)
    describe(f"{ALONE} page views one at a time", alone_views)
    describe(f"{ALONE} registrations one at a time", alone_posts)
    print(
        f"  confirmed {seats} seats of {SEATS} ({confirmed} registrations), {waiting} registrations waiting, "
        f"{figures['oversold']} oversold, {len(errors)} errors, {len(view_errors)} page-view errors",
        flush=True,
    )
    if alone_errors:
        print(f"  {len(alone_errors)} of the {ALONE} registrations one at a time failed", flush=True)
    if errors or view_errors or alone_errors:
        wrong = errors + view_errors + alone_errors
        kinds = sorted({f"{a.status or a.problem} {a.location}".strip() for a in wrong})
        print(f"  answers that were not what a family should get: {', '.join(kinds)}", flush=True)
        print(f"  gunicorn's log ends:\n{log_tail}", flush=True)
    lost = confirmed + waiting != REQUESTS - len(errors)
    if lost:
        print(f"  saved registrations: {confirmed + waiting}, answered as saved: {REQUESTS - len(errors)}", flush=True)
    ratio_verdict = "met" if figures["ratio"] <= TARGET_RATIO else "NOT met"
    print(
        f"  median registration / median page view = {figures['ratio']} (target ≤ {TARGET_RATIO}, "
        f"reported): {ratio_verdict}",
        flush=True,
    )
    failed = bool(figures["oversold"] or errors or view_errors or alone_errors or lost)
    print(f"  0 oversold, 0 errors: {'FAILED' if failed else 'passed'}", flush=True)

    save_figures(figures)
    results.data = figures | {
        "waiting": waiting,
        "passed": not failed,
        "confirmed_registrations": confirmed,
        "workers": WORKERS,
        "alone_median_ms": round(statistics.median(a.ms for a in alone_posts), 1),
        "alone_page_view_median_ms": round(statistics.median(a.ms for a in alone_views), 1),
    }
    for label, url, answers in (("offering page (GET)", page, views), ("registration (POST)", form, posts)):
        times = [answer.ms for answer in answers]
        results.pages.append(Measurement(label, url, 0, round(statistics.median(times), 1), len(times)))
    results.save()
    return 1 if failed else 0


def saved(answer: Answer) -> bool:
    """The registration was saved: the answer sends the family to its private link."""
    return answer.status == 302 and private_link_token(answer.location) is not None


if __name__ == "__main__":
    sys.exit(main())
