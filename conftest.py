"""Fixtures shared by every app's tests: people in two districts, and a real browser."""

import io
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import override_settings

from pep.models import Role
from pep.tests.factories import (
    PASSWORD,
    DistrictFactory,
    SchoolFactory,
    UserFactory,
    coordinator,
    district_leader,
    school_member,
)

T = TypeVar("T")
CHROMIUM = os.environ.get("PEP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


# The day the tests live on, whatever the real date: inside school year 2026-27, before planning
# for 2027-28 opens (1 March 2027). A test that needs another day passes `today=` to a service or
# moves the clock with `time_machine.move_to(...)`.
TESTS_TODAY = datetime(2026, 10, 15, 10, 0, tzinfo=ZoneInfo("America/Chicago"))


def _required(variable: str) -> bool:
    return os.environ.get(variable, "") not in ("", "0", "false")


@pytest.fixture(autouse=True)
def _pinned_clock(time_machine):
    """Every test starts on TESTS_TODAY; the clock ticks on from there, in every thread (the live server too)."""
    time_machine.move_to(TESTS_TODAY, tick=True)


FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def _postgres_only(request):
    """Tests marked `postgres` skip on SQLite with a reason, and fail instead in CI."""
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        message = f"needs PostgreSQL (DATABASE_URL); this run uses {connection.vendor}"
        if _required("PEP_REQUIRE_POSTGRES"):
            pytest.fail(message)
        pytest.skip(message)


@dataclass
class People:
    """Two districts, A and B, each with a school, and one person per role."""

    district_a: object
    district_b: object
    school_a: object
    school_b: object
    coordinator: object
    leader_a: object
    team_a: object
    parent_a: object
    leader_b: object
    team_b: object
    nobody: object  # signed in, but no role yet

    def by_role(self) -> dict:
        return {
            "coordinator": self.coordinator,
            "leader_a": self.leader_a,
            "team_a": self.team_a,
            "parent_a": self.parent_a,
            "leader_b": self.leader_b,
            "team_b": self.team_b,
            "nobody": self.nobody,
        }


@pytest.fixture
def people(db) -> People:
    return make_people()


def make_people() -> People:
    """The two districts, their schools and one person per role (the `people` fixture's, for fixtures of a
    wider scope)."""
    district_a = DistrictFactory(name="Alder District", code="A-1")
    district_b = DistrictFactory(name="Birch District", code="B-2")
    school_a = SchoolFactory(district=district_a, name="Alder Elementary")
    school_b = SchoolFactory(district=district_b, name="Birch Middle", grade_band="6-8")
    return People(
        district_a=district_a,
        district_b=district_b,
        school_a=school_a,
        school_b=school_b,
        coordinator=coordinator(first_name="Carla"),
        leader_a=district_leader(district_a, username="leader_a", first_name="Lena"),
        team_a=school_member(school_a, username="team_a"),
        parent_a=school_member(school_a, role=Role.PARENT_LEADER, username="parent_a"),
        leader_b=district_leader(district_b, username="leader_b"),
        team_b=school_member(school_b, username="team_b"),
        nobody=UserFactory(username="nobody"),
    )


def made_once(django_db_blocker, make: Callable[[], T]) -> Iterator[T]:
    """For a module-scoped fixture (`yield from made_once(django_db_blocker, make)`): what `make` makes is
    made once, on TESTS_TODAY, in a transaction that each test of the module rolls back to (as Django's
    setUpTestData) and that is undone after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(TESTS_TODAY, tick=False), override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
            made = make()
        yield made
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def demo_printed(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[str]:
    """`seed_demo` run once for the module that uses it (made_once: each test is rolled back to it), its demo
    logins kept in a file of their own: what it printed. For tests that only read the demo."""
    from pep import demo

    def seed() -> str:
        out = io.StringIO()
        call_command("seed_demo", force=True, stdout=out)
        return out.getvalue()

    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(demo, "DEMO_LOGINS_FILE", tmp_path_factory.mktemp("demo") / "demo-logins.json")
        yield from made_once(django_db_blocker, seed)


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture(scope="session")
def browser(django_db_setup):
    """Debian's Chromium driven by Playwright; never a downloaded browser."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}"
        if _required("PEP_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    migrated_data = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    with sync_playwright() as playwright:
        # Playwright's event loop now counts as running in this thread, so Django keeps the database
        # connections of what follows apart from the earlier ones (as it does for async code). Hand
        # them the copy of the migrated data that serialized rollback puts back before each test.
        for alias, data in migrated_data.items():
            if data is not None:
                connections[alias]._test_serialized_contents = data
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab (own cookies) that speaks English unless a test says otherwise."""
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        item.get_closest_marker("browser")
        or (marker and marker.kwargs.get("transaction"))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


def pytest_collection_modifyitems(config, items):
    """Browser tests need a live server, hence real transactions. A transactional test ends by
    emptying every table, so each one puts back the rows the data migrations made before it starts
    (serialized rollback). All of them must: one that empties the tables without it lets Django make
    content types afresh, with other keys than the saved copy the next one puts back."""
    for item in items:
        if _transactional(item):
            marker = item.get_closest_marker("django_db")
            options = {**(marker.kwargs if marker else {}), "transaction": True, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(**options), append=False)


# --- caches ---
@pytest.fixture(autouse=True)
def _own_cache_keys(settings):
    """Each test counts its own rate limits, even with parallel workers on one shared Redis."""
    import uuid

    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {name: {**config, "KEY_PREFIX": prefix} for name, config in settings.CACHES.items()}
