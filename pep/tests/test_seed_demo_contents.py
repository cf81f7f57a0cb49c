"""What one run of the demo seeding makes and prints: the years, districts and a login per role, and
passwords that sign in. The demo is seeded once for the module (each test is rolled back to it), so
every test here only reads it; tests that seed on their own terms (twice, with the password from the
settings, on a real site) are in test_seed_demo.py."""

import pytest

from pep.models import District, Membership, Role, School, SchoolYear
from pep.tests.factories import signs_in

pytestmark = pytest.mark.django_db


def test_it_creates_years_districts_and_a_login_per_role(demo_printed):
    assert SchoolYear.objects.count() == 3 and SchoolYear.objects.filter(is_current=True).count() == 1
    assert District.objects.count() == 3 and School.objects.count() >= 6
    for role in Role:
        assert str(role.label) in demo_printed
        assert Membership.objects.filter(role=role).exists()


def test_every_printed_password_logs_in(client, demo_printed):
    logins = [line.split()[:2] for line in demo_printed.splitlines() if line.startswith("  ")]

    assert len(logins) == 4
    for username, password in logins:
        assert signs_in(client, username, password), username
