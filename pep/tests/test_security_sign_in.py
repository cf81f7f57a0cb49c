"""Wrong passwords pause signing in: per account, and far later per address; a coordinator can unlock."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from pep.models import AuditEntry

OFFICE = "198.51.100.7"


@pytest.fixture(autouse=True)
def _small_limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6


def _sign_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=OFFICE, **extra)


def _signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("home")


def test_wrong_passwords_pause_the_account_with_a_page_saying_when_to_come_back(client, people):
    answers = [_sign_in(client, "leader_a", "wrong") for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert "Signing in is paused" in answers[-1].text
    assert "try again in 15 minutes" in answers[-1].text
    assert "ask your PEP coordinator to unlock" in answers[-1].text
    assert 'href="/accounts/password_reset/"' in answers[-1].text  # in the site's layout, with its links


def test_during_the_pause_even_the_right_password_is_refused(client, people, password):
    for _ in range(3):
        _sign_in(client, "leader_a", "wrong")

    response = _sign_in(client, "leader_a", password)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_pause_ends_after_the_cool_off(client, people, password):
    for _ in range(3):
        _sign_in(client, "leader_a", "wrong")

    with time_machine.travel(datetime.timedelta(minutes=16)):
        response = _sign_in(client, "leader_a", password)

    assert _signed_in(response)


def test_a_paused_account_is_paused_from_any_address(client, people, password):
    for _ in range(3):
        _sign_in(client, "leader_a", "wrong")

    response = Client().post(
        reverse("login"), {"username": "leader_a", "password": password}, REMOTE_ADDR="203.0.113.50"
    )

    assert response.status_code == 429


def test_colleagues_in_the_same_office_can_still_sign_in(client, people, password):
    for _ in range(3):
        _sign_in(client, "leader_a", "wrong")

    response = _sign_in(Client(), "team_a", password)

    assert _signed_in(response)


def test_many_wrong_passwords_for_different_accounts_pause_that_address_only(people, password):
    for username in ["x1", "x2", "x3", "x4", "x5"]:
        assert _sign_in(Client(), username, "wrong").status_code == 200

    sixth = _sign_in(Client(), "x6", "wrong")
    from_the_address = _sign_in(Client(), "team_a", password)
    from_elsewhere = Client().post(
        reverse("login"), {"username": "team_a", "password": password}, REMOTE_ADDR="203.0.113.50"
    )

    assert sixth.status_code == 429
    assert from_the_address.status_code == 429
    assert _signed_in(from_elsewhere)


def test_a_forwarded_for_header_is_ignored_unless_behind_a_proxy(people, password):
    for n in range(3):
        _sign_in(Client(), "leader_a", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

    response = _sign_in(Client(), "team_a", password, HTTP_X_FORWARDED_FOR="192.0.2.99")

    assert _signed_in(response)  # leader_a's failures all counted for the one real address
    assert _sign_in(Client(), "leader_a", password).status_code == 429


def test_behind_a_proxy_the_address_it_appended_counts(settings, people, password):
    settings.BEHIND_TLS_PROXY = True
    for username in ["x1", "x2", "x3", "x4", "x5", "x6"]:
        # The visitor writes the left-hand address; the proxy appends the one it saw.
        _sign_in(Client(), username, "wrong", HTTP_X_FORWARDED_FOR=f"10.9.9.{len(username)}, 192.0.2.10")

    paused = _sign_in(Client(), "team_a", password, HTTP_X_FORWARDED_FOR="192.0.2.10")
    other_visitor = _sign_in(Client(), "team_a", password, HTTP_X_FORWARDED_FOR="192.0.2.11")

    assert paused.status_code == 429
    assert _signed_in(other_visitor)


def test_a_coordinator_unlocks_sign_in_from_the_people_admin(client, people, password):
    for _ in range(3):
        _sign_in(Client(), "leader_a", "wrong")
    client.force_login(people.coordinator)

    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "unlock_sign_in", "_selected_action": [people.leader_a.pk]},
        follow=True,
    )

    assert "Sign-in unlocked for 1 person." in response.text
    assert _signed_in(_sign_in(Client(), "leader_a", password))
    entry = AuditEntry.objects.get(action="sign_in.unlock")
    assert entry.actor == people.coordinator
    assert "leader_a" in entry.summary


def test_signing_in_after_a_few_typos_still_works(client, people, password):
    for _ in range(2):
        _sign_in(client, "leader_a", "wrong")

    assert _signed_in(_sign_in(client, "leader_a", password))
