"""The parent's web survey against hostile and clumsy use: a school's parent night on one address, junk in
links and forms, codes from elsewhere, the survey closing between pages, and what the logs keep."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from pep.tests.factories import DistrictFactory
from surveys.models import Response
from surveys.tests.factories import CycleFactory, InvitationFactory, make_instrument

pytestmark = pytest.mark.django_db

SCHOOL_LAB = "203.0.113.50"  # one address for every computer of a school's lab, or for a phone network


@pytest.fixture
def cycle():
    return CycleFactory(instrument=make_instrument(items=12))


def _invite(cycle, **fields):
    return InvitationFactory(cycle=cycle, district=DistrictFactory(), **fields)


def _text(response) -> str:
    return re.sub(r"\\s+", " ", response.content.decode())


def _answer_all(client, invitation, value="4") -> list[int]:
    """Post the three pages and send; the status of each post."""
    codes = []
    for number, first in [(1, 1), (2, 6), (3, 11)]:
        url = reverse("surveys:survey-page", args=[invitation.code, number])
        codes.append(client.post(url, {f"q{first}": value, "go": "next"}, REMOTE_ADDR=SCHOOL_LAB).status_code)
    url = reverse("surveys:survey-review", args=[invitation.code])
    codes.append(client.post(url, REMOTE_ADDR=SCHOOL_LAB).status_code)
    return codes


# --- the limits on posts ---


def test_a_parent_night_on_one_address_is_never_limited_by_that_address(cycle, settings):
    settings.PUBLIC_POSTS_PER_HOUR_PER_ADDRESS = 5
    parents = [_invite(cycle) for _ in range(6)]

    for parent in parents:
        assert _answer_all(Client(), parent) == [302, 302, 302, 302]

    assert Response.objects.count() == 6


def test_one_code_posting_past_its_own_limit_is_refused_and_others_go_on(cycle, monkeypatch):
    monkeypatch.setattr("surveys.views.survey.POSTS_PER_HOUR_PER_CODE", 4)
    flooded, other = _invite(cycle), _invite(cycle)
    url = reverse("surveys:survey-page", args=[flooded.code, 1])
    for _ in range(4):
        Client().post(url, {"q1": "4"}, REMOTE_ADDR=SCHOOL_LAB)

    refused = Client().post(url, {"q1": "4"}, REMOTE_ADDR="198.51.100.9")

    assert refused.status_code == 429
    assert "Too many requests" in _text(refused) and "Nothing on this page was saved." in _text(refused)
    assert refused["Referrer-Policy"] == "strict-origin"
    assert _answer_all(Client(), other) == [302, 302, 302, 302]


def test_the_limit_of_a_code_speaks_the_parents_language(cycle, monkeypatch):
    monkeypatch.setattr("surveys.views.survey.POSTS_PER_HOUR_PER_CODE", 1)
    parent = _invite(cycle, language="es")
    url = reverse("surveys:survey-page", args=[parent.code, 1])
    Client().post(url, {"q1": "4"})

    refused = Client().post(url, {"q1": "4"})

    assert refused.status_code == 429
    assert refused["Content-Language"] == "es"


def test_posts_with_codes_that_open_nothing_are_limited_by_address(cycle, settings):
    settings.PUBLIC_POSTS_PER_HOUR_PER_ADDRESS = 3
    guesses = [
        Client().post(reverse("surveys:survey-page", args=[letter * 43, 1]), {"q1": "4"}, REMOTE_ADDR=SCHOOL_LAB)
        for letter in "ABCD"
    ]

    assert [guess.status_code for guess in guesses] == [404, 404, 404, 429]
    # A parent with a real code on the same address still gets through.
    assert _answer_all(Client(), _invite(cycle)) == [302, 302, 302, 302]


def test_a_parent_night_typing_right_paper_codes_on_one_address_is_not_locked_out(cycle, settings):
    settings.PUBLIC_POSTS_PER_HOUR_PER_ADDRESS = 3
    parents = [_invite(cycle) for _ in range(6)]
    typo = Client().post(reverse("surveys:survey-code"), {"code": "AAAAAAAAAA"}, REMOTE_ADDR=SCHOOL_LAB)
    assert "No survey has this code." in _text(typo)

    opened = [
        Client().post(reverse("surveys:survey-code"), {"code": parent.paper_code}, REMOTE_ADDR=SCHOOL_LAB)
        for parent in parents
    ]

    assert [response.status_code for response in opened] == [302] * 6


def test_guessing_paper_codes_stops_at_the_limit_even_for_a_right_code(cycle, settings):
    settings.PUBLIC_POSTS_PER_HOUR_PER_ADDRESS = 3
    parent = _invite(cycle)
    guesses = [
        Client().post(reverse("surveys:survey-code"), {"code": typed}, REMOTE_ADDR=SCHOOL_LAB).status_code
        for typed in ["AAAAAAAAAA", "", "CCCCCCCCCC", "DDDDDDDDDD"]
    ]

    right = Client().post(reverse("surveys:survey-code"), {"code": parent.paper_code}, REMOTE_ADDR=SCHOOL_LAB)

    assert guesses == [200, 200, 200, 429]
    assert right.status_code == 429
    elsewhere = Client().post(reverse("surveys:survey-code"), {"code": parent.paper_code}, REMOTE_ADDR="198.51.100.9")
    assert elsewhere.status_code == 302


def test_a_filled_honeypot_still_counts_as_a_miss_on_the_code_page(cycle, settings):
    settings.PUBLIC_POSTS_PER_HOUR_PER_ADDRESS = 1
    parent = _invite(cycle)
    data = {"code": parent.paper_code, "website": "http://spam.example"}
    answers = [
        Client().post(reverse("surveys:survey-code"), data, REMOTE_ADDR=SCHOOL_LAB).status_code for _ in range(2)
    ]

    assert answers == [200, 429]


# --- what the logs keep ---


def test_a_refused_form_on_a_survey_page_does_not_log_the_code(cycle, caplog):
    parent = _invite(cycle)
    browser_without_cookies = Client(enforce_csrf_checks=True)

    with caplog.at_level("DEBUG"):
        refused = browser_without_cookies.post(reverse("surveys:survey-page", args=[parent.code, 1]), {"q1": "4"})

    assert refused.status_code == 403
    assert "/surveys/s/[hidden]/1/" in caplog.text
    assert parent.code not in caplog.text


def test_paths_past_the_survey_pages_are_not_found_and_not_logged_with_the_code(client, cycle, caplog):
    parent = _invite(cycle)
    code = parent.code
    with caplog.at_level("DEBUG"):
        for path in [
            f"/surveys/s/{code}/-1/",
            f"/surveys/s/{code}/0/",
            f"/surveys/s/{code}/99999999999999999999999999/",
            f"/surveys/s/{code}/review/more/",
            f"/surveys/s/{code}/..%2F..%2F/",
        ]:
            assert client.get(path).status_code == 404, path
            assert client.post(path, {"q1": "4"}).status_code == 404, path

    assert code not in caplog.text
    assert Response.objects.count() == 0
