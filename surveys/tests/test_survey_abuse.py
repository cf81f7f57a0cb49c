"""The parent's web survey against hostile and clumsy use: a school's parent night on one address, junk in
links and forms, codes from elsewhere, the survey closing between pages, and what the logs keep."""

import datetime
import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from pep.tests.factories import DistrictFactory
from surveys.models import PerceptionsLink, Response
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


def test_one_code_posting_past_its_own_limit_is_refused_and_others_go_on(cycle, settings):
    settings.SURVEY_POSTS_PER_HOUR_PER_CODE = 4
    flooded, other = _invite(cycle), _invite(cycle)
    url = reverse("surveys:survey-page", args=[flooded.code, 1])
    for _ in range(4):
        Client().post(url, {"q1": "4"}, REMOTE_ADDR=SCHOOL_LAB)

    refused = Client().post(url, {"q1": "4"}, REMOTE_ADDR="198.51.100.9")

    assert refused.status_code == 429
    assert "Too many requests" in _text(refused) and "Nothing on this page was saved." in _text(refused)
    assert refused["Referrer-Policy"] == "strict-origin"
    assert _answer_all(Client(), other) == [302, 302, 302, 302]


def test_the_limit_of_a_code_speaks_the_parents_language(cycle, settings):
    settings.SURVEY_POSTS_PER_HOUR_PER_CODE = 1
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


# --- junk in the forms ---


@pytest.mark.parametrize(
    "posted",
    [
        {"q1": "7"},
        {"q1": "0"},
        {"q1": "abc"},
        {"q1": "-1"},
        {"q1": "4.0"},
        {"q1": " 4"},
        {"q1": "\x00"},
        {"q1": "4" * 5000},
    ],
)
def test_an_answer_that_is_not_one_of_the_choices_is_refused_and_nothing_is_kept(client, cycle, posted):
    parent = _invite(cycle)

    response = client.post(reverse("surveys:survey-page", args=[parent.code, 1]), {**posted, "q2": "5"})

    assert response.status_code == 200
    assert "Choose one of the answers, or “Skip this question”." in _text(response)
    assert f"survey:{parent.pk}" not in client.session


def test_two_values_for_one_question_keep_one_of_them(client, cycle):
    parent = _invite(cycle)

    response = client.post(reverse("surveys:survey-page", args=[parent.code, 1]), {"q1": ["4", "5"]})

    assert response.status_code == 302
    assert client.session[f"survey:{parent.pk}"]["1"] in (4, 5)


def test_questions_of_other_pages_and_unknown_fields_posted_on_a_page_are_ignored(client, cycle):
    parent = _invite(cycle)

    client.post(
        reverse("surveys:survey-page", args=[parent.code, 1]),
        {"q1": "4", "q6": "6", "q12": "6", "q99": "6", "q0": "6", "answers": "[6,6,6]", "go": "sideways"},
    )
    client.post(reverse("surveys:survey-review", args=[parent.code]))

    assert Response.objects.get().answers == [4] + [None] * 11


def test_a_page_posted_with_nothing_skips_its_questions(client, cycle):
    parent = _invite(cycle)

    response = client.post(reverse("surveys:survey-page", args=[parent.code, 2]), {})

    assert response.url == reverse("surveys:survey-page", args=[parent.code, 3])
    assert client.session[f"survey:{parent.pk}"] == {str(number): None for number in range(6, 11)}


def test_answers_kept_for_one_code_do_not_open_or_fill_another_codes_survey(client, cycle):
    first, second = _invite(cycle), _invite(cycle)
    client.post(reverse("surveys:survey-page", args=[first.code, 1]), {"q1": "6"})

    review = client.post(reverse("surveys:survey-review", args=[second.code]))

    assert review.url == reverse("surveys:survey", args=[second.code])  # nothing answered there yet
    client.post(reverse("surveys:survey-page", args=[second.code, 1]), {"q1": "2"})
    client.post(reverse("surveys:survey-review", args=[second.code]))
    assert Response.objects.get().answers[0] == 2
    assert client.session[f"survey:{first.pk}"]["1"] == 6  # the first survey's answers wait, unsent
    client.post(reverse("surveys:survey-review", args=[first.code]))
    assert sorted(response.answers[0] for response in Response.objects.all()) == [2, 6]


def test_a_survey_that_closes_between_two_pages_says_so_and_keeps_nothing(client, cycle, time_machine):
    parent = _invite(cycle)
    client.post(reverse("surveys:survey-page", args=[parent.code, 1]), {"q1": "4"})
    time_machine.move_to("2026-12-01 00:00:30-06:00")

    response = client.post(reverse("surveys:survey-page", args=[parent.code, 2]), {"q6": "4"})

    assert response.status_code == 200
    assert "This survey closed on Nov. 30, 2026" in _text(response)
    assert Response.objects.count() == 0
    assert f"survey:{parent.pk}" not in client.session


def test_a_survey_not_yet_open_takes_no_answers_from_a_post(client):
    parent = InvitationFactory(cycle=CycleFactory(opens_on="2026-11-02"), district=DistrictFactory())

    for url in [
        reverse("surveys:survey-page", args=[parent.code, 1]),
        reverse("surveys:survey-review", args=[parent.code]),
    ]:
        response = client.post(url, {"q1": "4"})
        assert "This survey opens on Nov. 2, 2026" in _text(response)

    assert f"survey:{parent.pk}" not in client.session
    assert Response.objects.count() == 0


# --- codes from elsewhere ---


@pytest.mark.parametrize(
    "typed",
    [
        "\x00\x00",
        "ＡＣＤＥＦＧＨＪＫＭ",
        "<script>alert(1)</script>",
        "A" * 300,
        "../../etc/passwd",
        "'; DROP TABLE x; --",
    ],
)
def test_junk_typed_for_the_letters_code_is_refused_with_a_reason(client, cycle, typed):
    _invite(cycle)

    response = client.post(reverse("surveys:survey-code"), {"code": typed})

    assert response.status_code == 200
    assert 'aria-invalid="true"' in _text(response)
    assert "<script>alert(1)" not in response.content.decode()


def test_the_email_link_or_its_code_pasted_for_the_letters_code_opens_the_survey(client, cycle, settings):
    parent = _invite(cycle)
    link = settings.SITE_URL + reverse("surveys:survey", args=[parent.code])

    for typed in [link, f" {link} ", parent.code, link.rstrip("/")]:
        response = client.post(reverse("surveys:survey-code"), {"code": typed})
        assert response.status_code == 302, typed
        assert response.url == reverse("surveys:survey", args=[parent.code])


def test_a_code_of_another_kind_of_survey_opens_no_parent_survey(client, cycle):
    perceptions = CycleFactory(instrument=make_instrument(items=3, kind="perceptions"))
    shared = PerceptionsLink.objects.create(cycle=perceptions, district=DistrictFactory())
    strayed = InvitationFactory(cycle=perceptions, district=DistrictFactory())  # no roster takes one; say one got in

    for code in [shared.token, strayed.code]:
        assert client.get(reverse("surveys:survey", args=[code])).status_code == 404
        assert client.post(reverse("surveys:survey-page", args=[code, 1]), {"q1": "4"}).status_code == 404
    for typed in [strayed.paper_code, shared.token, reverse("surveys:survey", args=[shared.token])]:
        assert "No survey has this code." in _text(client.post(reverse("surveys:survey-code"), {"code": typed}))
    assert Response.objects.count() == 0


# --- the review's "Change" links ---


def test_a_page_opened_from_the_review_leads_back_to_it_whichever_button(client, cycle):
    parent = _invite(cycle)
    for number in (1, 2, 3):
        client.post(reverse("surveys:survey-page", args=[parent.code, number]), {"go": "next"})
    change = client.get(reverse("surveys:survey-page", args=[parent.code, 2]) + "?review=1")
    assert 'value="back"' not in _text(change)  # one way out: back to the review

    # A "back" posted anyway (a page saved before, a program) still returns to the review, answer kept.
    back = client.post(reverse("surveys:survey-page", args=[parent.code, 2]), {"q7": "3", "review": "1", "go": "back"})

    assert back.url == reverse("surveys:survey-review", args=[parent.code])
    assert client.session[f"survey:{parent.pk}"]["7"] == 3


# --- after sending: nothing links the answers back ---


def test_after_sending_nothing_stored_links_the_answers_to_the_invitation(client, cycle):
    from django.contrib.sessions.models import Session
    from django.db import models

    from pep.models import AuditEntry

    invited_at = datetime.datetime(2026, 10, 2, 9, tzinfo=datetime.UTC)
    parent = _invite(cycle, invited_at=invited_at, reminded_at=invited_at + datetime.timedelta(days=7))
    audit_before = AuditEntry.objects.count()
    client.post(reverse("surveys:survey-page", args=[parent.code, 1]), {"q1": "4", "q2": "6"})

    client.post(reverse("surveys:survey-review", args=[parent.code]))

    response = Response.objects.get()
    stored = {field.attname: getattr(response, field.attname) for field in Response._meta.concrete_fields}
    assert not any(isinstance(field, models.DateField | models.TimeField) for field in Response._meta.fields)
    assert isinstance(response.pk, uuid.UUID)  # a random key: no order to line up with the invitations
    assert not any("invitation" in name or "student" in name or "code" in name for name in stored)
    for secret in [parent.code, parent.paper_code, parent.student_ref, parent.parent_name]:
        assert all(secret not in str(value) for value in stored.values())
    parent.refresh_from_db()
    assert (parent.responded, parent.invited_at, parent.reminded_at) == (
        True,
        invited_at,
        invited_at + datetime.timedelta(days=7),
    )
    assert AuditEntry.objects.count() == audit_before
    for session in Session.objects.all():
        data = repr(session.get_decoded())
        assert f"survey:{parent.pk}" not in data and parent.code not in data


def test_the_back_button_after_sending_shows_already_answered_and_no_answer(client, cycle):
    parent = _invite(cycle)
    client.post(reverse("surveys:survey-page", args=[parent.code, 1]), {"q1": "4"})
    client.post(reverse("surveys:survey-review", args=[parent.code]))

    for url in [
        reverse("surveys:survey-review", args=[parent.code]),
        reverse("surveys:survey-page", args=[parent.code, 1]),
    ]:
        page = _text(client.get(url))
        assert "This survey has already been answered" in page
        assert "Agree" not in page and "checked" not in page and "Statement" not in page
    again = client.post(reverse("surveys:survey-review", args=[parent.code]))
    assert Response.objects.count() == 1
    assert "Agree" not in _text(again)


# --- two tabs ---


def _seal_on(review) -> str:
    return re.search(r'name="reviewed" value="([0-9a-f]+)"', review.content.decode()).group(1)


def test_a_review_shown_before_another_tab_changed_an_answer_sends_nothing_and_shows_the_answers_again(client, cycle):
    parent = _invite(cycle)
    client.post(reverse("surveys:survey-page", args=[parent.code, 1]), {"q1": "4"})
    first_tab = client.get(reverse("surveys:survey-review", args=[parent.code]))
    # The second tab changes the first answer.
    client.post(reverse("surveys:survey-page", args=[parent.code, 1]), {"q1": "1", "review": "1"})

    sent = client.post(reverse("surveys:survey-review", args=[parent.code]), {"reviewed": _seal_on(first_tab)})

    assert sent.status_code == 200
    assert "An answer was changed in another window or tab after this page was shown." in _text(sent)
    assert "Nothing was sent." in _text(sent)
    assert Response.objects.count() == 0
    assert "Very strongly disagree" in _text(sent)  # the answer as it now stands
    again = client.post(reverse("surveys:survey-review", args=[parent.code]), {"reviewed": _seal_on(sent)})
    assert again.url == reverse("surveys:survey-thanks")
    assert Response.objects.get().answers[0] == 1


def test_the_review_seal_is_one_codes_and_one_set_of_answers(client, cycle):
    first, second = _invite(cycle), _invite(cycle)
    for parent in (first, second):
        client.post(reverse("surveys:survey-page", args=[parent.code, 1]), {"q1": "4"})
    seals = [_seal_on(client.get(reverse("surveys:survey-review", args=[parent.code]))) for parent in (first, second)]

    assert seals[0] != seals[1]
    refused = client.post(reverse("surveys:survey-review", args=[second.code]), {"reviewed": seals[0]})
    assert "Nothing was sent." in _text(refused)
    assert Response.objects.count() == 0
