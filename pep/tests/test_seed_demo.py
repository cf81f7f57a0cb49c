"""The demo seeding run by each test on its own terms: a second run changes nothing, the password can
come from the environment, and a real site is refused. What one run makes and prints (a login per role,
passwords that sign in) is in test_seed_demo_contents.py."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from pep import demo
from pep.models import District, Membership, School, SchoolYear
from pep.tests.factories import signs_in


@pytest.fixture
def demo_logins_file(tmp_path, monkeypatch):
    path = tmp_path / "demo-logins.json"
    monkeypatch.setattr(demo, "DEMO_LOGINS_FILE", path)
    return path


def _snapshot():
    return (
        list(SchoolYear.objects.values_list("label", "is_current")),
        list(District.objects.values_list("code", "name")),
        list(School.objects.values_list("code", "district__code", "grade_band")),
        list(Membership.objects.values_list("user__username", "role", "district_id", "school_id")),
        list(get_user_model().objects.values_list("username", "password")),
    )


@pytest.mark.django_db
def test_running_it_twice_changes_nothing(demo_logins_file):
    call_command("seed_demo", force=True, stdout=io.StringIO())
    first = _snapshot()
    out = io.StringIO()

    call_command("seed_demo", force=True, stdout=out)

    assert _snapshot() == first
    assert "(set before" not in out.getvalue()  # the passwords are printed again


@pytest.mark.django_db
def test_the_password_can_come_from_the_environment(client, demo_logins_file, settings):
    settings.DEMO_PASSWORD = "shared-demo-password-2026"

    call_command("seed_demo", force=True, stdout=io.StringIO())

    assert signs_in(client, "district.leader", "shared-demo-password-2026")


@pytest.mark.django_db
def test_it_refuses_to_create_demo_logins_on_a_real_site(demo_logins_file):
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=io.StringIO())

    assert not get_user_model().objects.exists()
