"""Signed-in sessions end after an idle hour, stay alive while used, and are not rewritten on every page."""

import datetime

import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse


def _later(minutes: float):
    return time_machine.travel(datetime.timedelta(minutes=minutes))


def _district_page(client, people):
    return client.get(reverse("district-detail", args=[people.district_a.pk]))


def _expiry(client) -> datetime.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def _sign_in(client, password):
    response = client.post(reverse("login"), {"username": "leader_a", "password": password})
    assert response.status_code == 302


def test_a_session_left_alone_for_an_hour_ends(client, people, password):
    _sign_in(client, password)

    with _later(61):
        response = _district_page(client, people)

    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_session_in_use_stays_open_past_the_hour(client, people, password):
    _sign_in(client, password)

    for minutes in (40, 80, 120):
        with _later(minutes):
            response = _district_page(client, people)

    assert response.status_code == 200


def test_the_idle_time_comes_from_the_settings(client, people, password, settings):
    settings.SESSION_COOKIE_AGE = 10 * 60  # what SESSION_IDLE_MINUTES=10 sets
    _sign_in(client, password)

    with _later(11):
        response = _district_page(client, people)

    assert response.status_code == 302


def test_pages_within_a_minute_do_not_rewrite_the_session(client, people, password):
    _sign_in(client, password)
    signed_in_until = _expiry(client)

    with _later(0.5):
        _district_page(client, people)
    unchanged = _expiry(client)
    with _later(2):
        _district_page(client, people)
    pushed = _expiry(client)

    assert unchanged == signed_in_until
    assert pushed > signed_in_until
