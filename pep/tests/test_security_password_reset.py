"""Password-reset requests are limited per email and per address, without telling whether an email exists."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

OFFICE = "198.51.100.7"


@pytest.fixture(autouse=True)
def _small_limits(settings):
    settings.PASSWORD_RESETS_PER_HOUR_PER_EMAIL = 2
    settings.PASSWORD_RESETS_PER_HOUR_PER_ADDRESS = 4


def _ask(email, address=OFFICE):
    return Client().post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_one_email_gets_a_few_links_an_hour_then_a_clear_page(people):
    answers = [_ask(people.leader_a.email, address=f"203.0.113.{n}") for n in range(3)]

    assert [answer.status_code for answer in answers] == [302, 302, 429]
    assert len(mail.outbox) == 2
    assert "Too many requests" in answers[-1].text
    assert "Wait an hour and try again" in answers[-1].text


def test_the_limit_follows_the_email_however_it_is_typed(people):
    _ask(people.leader_a.email, address="203.0.113.1")
    _ask(people.leader_a.email.upper(), address="203.0.113.2")

    third = _ask(f"  {people.leader_a.email} ", address="203.0.113.3")

    assert third.status_code == 429
    assert len(mail.outbox) == 2


def test_an_unknown_email_is_answered_exactly_like_a_known_one(people):
    known = [_ask(people.leader_a.email, address=f"203.0.113.{n}") for n in range(3)]
    unknown = [_ask("someone@nowhere.example", address=f"203.0.113.{n + 10}") for n in range(3)]

    assert [a.status_code for a in known] == [a.status_code for a in unknown]
    assert _without_token(known[-1].text) == _without_token(unknown[-1].text)


def _without_token(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def test_one_address_gets_a_few_requests_an_hour_for_any_emails(people):
    emails = [people.leader_a.email, people.team_a.email, "a@nowhere.example", "b@nowhere.example"]
    for email in emails:
        assert _ask(email).status_code == 302

    fifth = _ask(people.leader_b.email)
    from_elsewhere = _ask(people.leader_b.email, address="203.0.113.9")

    assert fifth.status_code == 429
    assert from_elsewhere.status_code == 302
    assert len(mail.outbox) == 3  # leader_a, team_a, then leader_b from the other address


def test_the_form_itself_is_not_limited(people):
    for _ in range(6):
        response = Client().get(reverse("password_reset"), REMOTE_ADDR=OFFICE)

    assert response.status_code == 200
