"""The protection every public form shares: a limit on posts per address, and a honeypot."""

import logging

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation
from django.utils.log import log_response

from pep.public_forms import HoneypotForm, honeypot_filled, protected_post, unlogged


@protected_post("test-form")
def _view(request):
    return HttpResponse("saved")


@protected_post("other-form")
def _other_view(request):
    return HttpResponse("saved")


def _post(view, address="203.0.113.7", **data):
    request = RequestFactory().post("/form/", data, REMOTE_ADDR=address)
    return view(request)


@pytest.fixture
def three_an_hour(settings):
    settings.PUBLIC_POSTS_PER_HOUR_PER_ADDRESS = 3


def test_it_answers_429_to_the_post_past_the_limit(db, three_an_hour):
    answers = [_post(_view).status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]


def test_it_says_why_in_the_readers_language(db, three_an_hour):
    for _ in range(3):
        _post(_view)
    with translation.override("es"):
        refused = _post(_view)

    assert refused.status_code == 429
    assert "Demasiadas solicitudes" in refused.content.decode()
    assert "Nothing was saved" in _post(_view).content.decode()


def test_it_counts_each_address_apart(db, three_an_hour):
    for _ in range(3):
        _post(_view, address="203.0.113.7")

    assert _post(_view, address="198.51.100.9").status_code == 200


def test_it_counts_each_form_apart(db, three_an_hour):
    for _ in range(3):
        _post(_view)

    assert _post(_other_view).status_code == 200


def test_it_never_limits_reading_the_page(db, three_an_hour):
    for _ in range(3):
        _post(_view)
    request = RequestFactory().get("/form/", REMOTE_ADDR="203.0.113.7")

    assert _view(request).status_code == 200


def test_it_knows_a_filled_honeypot():
    factory = RequestFactory()

    assert honeypot_filled(factory.post("/", {"website": "http://spam.example"}))
    assert not honeypot_filled(factory.post("/", {"website": "  "}))
    assert not honeypot_filled(factory.post("/", {}))


def test_the_honeypot_field_is_out_of_reach_of_the_tab_key_and_of_autofill():
    widget = HoneypotForm()["website"].as_widget()

    assert 'tabindex="-1"' in widget
    assert 'autocomplete="off"' in widget


def test_an_unlogged_answer_keeps_its_address_out_of_the_log(caplog):
    response = unlogged(HttpResponse(status=404))

    with caplog.at_level(logging.WARNING, logger="django.request"):
        log_response("Not Found: %s", "/workshops/r/secret/", response=response)

    assert "secret" not in caplog.text
