"""The parent's web survey, page by page: the start, the questions with skips, the review, changing an
answer, sending, thanks; what a used, closed, not yet open or unknown code says; the paper code page."""

import re
from urllib.parse import quote

import pytest
from django.conf import settings
from django.urls import reverse

from pep.tests.factories import DistrictFactory
from surveys.models import Invitation, Response
from surveys.tests.factories import CycleFactory, InvitationFactory, answer, make_instrument

pytestmark = pytest.mark.django_db

ENGLISH = {"django_language": "en"}


@pytest.fixture
def invitation():
    """A parent invited to an open cycle of 12 questions (pages of 5, 5 and 2)."""
    cycle = CycleFactory(instrument=make_instrument(items=12))
    return InvitationFactory(cycle=cycle, district=DistrictFactory(), parent_name="Rosa Ortega")


def _url(invitation, name="surveys:survey", *args):
    return reverse(name, args=[invitation.code, *args])


def _page(client, invitation, number, **answers):
    """Post one page: `answers` as q1=4, q2="skip"…; returns the response."""
    return client.post(_url(invitation, "surveys:survey-page", number), {**answers, "go": "next"})


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _review_rows(response) -> list[tuple[str, str]]:
    """(statement, answer or "Skipped") of each row of the review page."""
    return re.findall(r"<dt[^>]*>(.*?)</dt> <dd[^>]*> <strong>(.*?)</strong>", _text(response))


def _survey_keys(session) -> list[str]:
    return [key for key, _value in session.items() if key.startswith("survey:")]


def test_the_start_says_what_it_is_that_it_is_anonymous_how_long_and_that_questions_may_be_skipped(client, invitation):
    response = client.get(_url(invitation))

    text = _text(response)
    assert response.status_code == 200
    assert invitation.cycle.instrument.name_en in text
    assert "anonymous" in text
    assert "There are 12 questions, and they take about 4 minutes." in text
    assert "You may skip any question." in text
    assert "You can answer until Nov. 30, 2026." in text
    assert f'href="{_url(invitation, "surveys:survey-page", 1)}"' in text
    assert "Rosa Ortega" not in text  # whoever holds the link learns nothing about the parent


def test_a_page_shows_five_questions_each_with_six_labelled_answers_and_a_skip(client, invitation):
    response = client.get(_url(invitation, "surveys:survey-page", 1))

    text = _text(response)
    assert "Page 1 of 3" in text
    assert '<progress class="w-100 mb-3" max="3" value="1"' in text
    assert text.count("<fieldset") == 5
    assert "<legend" in text and "1. Statement 1." in text and "5. Statement 5." in text
    assert "Statement 6." not in text
    for label in ["Very strongly disagree", "Disagree", "Agree", "Very strongly agree", "Skip this question"]:
        assert f">{label}</label>" in text
    assert text.count('type="radio"') == 5 * 7
    assert 'for="id_q1_0"' in text and 'id="id_q1_0"' in text


def test_answers_and_skips_are_kept_from_page_to_page_and_shown_again(client, invitation):
    response = _page(client, invitation, 1, q1="4", q2="6", q3="skip", q5="1")

    assert response.status_code == 302
    assert response.url == _url(invitation, "surveys:survey-page", 2)
    again = _text(client.get(_url(invitation, "surveys:survey-page", 1)))
    assert re.search(r'name="q1" id="id_q1_3" value="4" checked', again)
    assert re.search(r'name="q3" id="id_q3_6" value="skip" checked', again)
    # Left empty is skipped too, and shown so; a question never seen has nothing chosen.
    assert re.search(r'name="q4" id="id_q4_6" value="skip" checked', again)
    assert not re.search(r'name="q6" [^>]* checked', _text(client.get(_url(invitation, "surveys:survey-page", 2))))


def test_back_keeps_the_answers_of_the_page_left_and_the_first_page_goes_back_to_the_start(client, invitation):
    _page(client, invitation, 1, q1="4")
    back = client.post(_url(invitation, "surveys:survey-page", 2), {"q6": "5", "go": "back"})

    assert back.url == _url(invitation, "surveys:survey-page", 1)
    assert re.search(r'name="q6" id="id_q6_4" value="5" checked', _text(client.get(back.url.replace("/1/", "/2/"))))
    first = client.post(_url(invitation, "surveys:survey-page", 1), {"q1": "4", "go": "back"})
    assert first.url == _url(invitation)


def test_the_last_page_leads_to_the_review_which_lists_every_answer_or_skipped(client, invitation):
    _page(client, invitation, 1, q1="4", q2="6", q3="skip")
    _page(client, invitation, 2, q6="2")
    last = _page(client, invitation, 3, q12="5")

    assert last.url == _url(invitation, "surveys:survey-review")
    review = client.get(last.url)
    text = _text(review)
    assert "Check your answers" in text
    assert "You answered 4 of 12 questions." in text
    rows = _review_rows(review)
    assert len(rows) == 12
    assert rows[0] == ("1. Statement 1.", "Agree")
    assert rows[1] == ("2. Statement 2.", "Very strongly agree")
    assert rows[2] == ("3. Statement 3.", "Skipped")
    assert rows[5] == ("6. Statement 6.", "Strongly disagree")
    assert rows[11] == ("12. Statement 12.", "Strongly agree")
    assert f'href="{_url(invitation, "surveys:survey-page", 2)}?review=1#q6"' in text


def test_changing_an_answer_from_the_review_returns_to_the_review(client, invitation):
    for number in (1, 2, 3):
        _page(client, invitation, number, q1="4")
    change = client.get(_url(invitation, "surveys:survey-page", 1) + "?review=1")
    assert "Save and go back to the review" in _text(change)
    assert 'name="review" value="1"' in _text(change)

    saved = client.post(_url(invitation, "surveys:survey-page", 1), {"q1": "2", "review": "1", "go": "next"})

    assert saved.url == _url(invitation, "surveys:survey-review")
    assert _review_rows(client.get(saved.url))[0] == ("1. Statement 1.", "Strongly disagree")


def test_sending_stores_the_answers_on_the_web_channel_and_shows_thanks(client, invitation):
    _page(client, invitation, 1, q1="4", q2="6", q3="skip", q4="3", q5="1")
    _page(client, invitation, 2, q6="2", q7="4")
    _page(client, invitation, 3, q11="5")

    sent = client.post(_url(invitation, "surveys:survey-review"))

    assert sent.status_code == 302
    assert sent.url == reverse("surveys:survey-thanks")
    response = Response.objects.get()
    assert response.answers == [4, 6, None, 3, 1, 2, 4, None, None, None, 5, None]
    assert (response.channel, response.language, response.answered) == ("web", "en", 7)
    assert response.district_id == invitation.district_id
    invitation.refresh_from_db()
    assert invitation.responded
    thanks = _text(client.get(sent.url))
    assert "Your answers have been received." in thanks


def test_after_sending_the_session_holds_nothing_about_the_invitation(client, invitation):
    _page(client, invitation, 1, q1="4")
    session_before = client.session.session_key
    assert client.session[f"survey:{invitation.pk}"] == {"1": 4, "2": None, "3": None, "4": None, "5": None}

    client.post(_url(invitation, "surveys:survey-review"))

    session = client.session
    assert session.session_key != session_before  # the row that held the answers is gone, not emptied
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=session_before).exists()
    stored = repr(dict(session.items()))
    assert str(invitation.pk) not in stored.replace("survey_thanks_language", "")
    assert invitation.code not in stored and invitation.paper_code not in stored
    assert "survey:" not in stored
    assert dict(session.items()) == {"survey_thanks_language": "en"}


def test_the_survey_pages_say_nothing_about_who_answered_in_the_logs(client, invitation, caplog):
    _page(client, invitation, 1, q1="4")
    with caplog.at_level("DEBUG"):
        client.post(_url(invitation, "surveys:survey-review"))
        client.get(reverse("surveys:survey-thanks"))

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert invitation.code not in logged
    assert invitation.paper_code not in logged
    assert "Rosa Ortega" not in logged


def test_a_used_code_says_already_answered_and_shows_no_answers(client, invitation):
    answer(invitation, [6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6])

    for url in [
        _url(invitation),
        _url(invitation, "surveys:survey-page", 2),
        _url(invitation, "surveys:survey-review"),
    ]:
        text = _text(client.get(url))
        assert "This survey has already been answered" in text, url
        assert "Very strongly agree" not in text and "Statement" not in text


def test_a_second_send_and_a_second_tab_see_already_answered_and_store_nothing_more(client, invitation):
    _page(client, invitation, 1, q1="4")
    client.post(_url(invitation, "surveys:survey-review"))
    _page(client, invitation, 1, q1="4")  # the other tab, a page behind

    again = client.post(_url(invitation, "surveys:survey-review"))

    assert again.status_code == 200
    assert "This survey has already been answered" in _text(again)
    assert Response.objects.count() == 1
    assert _survey_keys(client.session) == []


def test_answers_kept_on_two_devices_only_the_first_sent_counts(client, invitation, django_user_model):
    from django.test import Client

    other = Client()
    _page(client, invitation, 1, q1="4")
    _page(other, invitation, 1, q1="1")
    client.post(_url(invitation, "surveys:survey-review"))

    late = other.post(_url(invitation, "surveys:survey-review"))

    assert "This survey has already been answered" in _text(late)
    assert Response.objects.get().answers[0] == 4


def test_a_closed_cycle_says_the_day_it_closed(client, invitation, time_machine):
    _page(client, invitation, 1, q1="4")
    time_machine.move_to("2026-12-01 09:00-06:00")

    for url in [
        _url(invitation),
        _url(invitation, "surveys:survey-page", 1),
        _url(invitation, "surveys:survey-review"),
    ]:
        text = _text(client.get(url))
        assert "This survey closed on Nov. 30, 2026" in text, url
    sent = client.post(_url(invitation, "surveys:survey-review"))
    assert "This survey closed on Nov. 30, 2026" in _text(sent)
    assert Response.objects.count() == 0
    assert _survey_keys(client.session) == []


def test_a_cycle_not_yet_open_says_when_it_opens(client):
    cycle = CycleFactory(opens_on="2026-11-02")
    invitation = InvitationFactory(cycle=cycle, district=DistrictFactory())

    text = _text(client.get(_url(invitation)))

    assert "This survey opens on Nov. 2, 2026" in text
    assert "Start the survey" not in text
    assert _page(client, invitation, 1, q1="4").status_code == 200
    assert Response.objects.count() == 0


def _not_found_page(response) -> str:
    """What the page says (its main part: the header's forms carry the address and a fresh CSRF token)."""
    assert response.status_code == 404
    return re.search(r"<main.*</main>", _text(response)).group(0)


def test_an_unknown_a_tampered_and_a_deleted_code_get_the_same_neutral_page(client, invitation):
    gone = InvitationFactory(cycle=invitation.cycle, district=invitation.district)
    gone_code = gone.code
    gone.delete()
    unknown = "A" * 43
    tampered = invitation.code[:-1] + ("A" if invitation.code[-1] != "A" else "B")

    survey_root = reverse("surveys:survey", args=["x"])[: -len("x/")]
    pages = [
        _not_found_page(client.get(f"{survey_root}{quote(code)}/"))
        for code in [unknown, tampered, gone_code, invitation.code[:20], invitation.code + "x", "<b>hi"]
    ]

    assert all(page == pages[0] for page in pages)
    assert "We cannot open a survey with this link" in pages[0]
    assert reverse("surveys:survey-code") in pages[0]


def test_a_page_number_that_is_not_one_is_the_neutral_page(client, invitation):
    assert client.get(_url(invitation, "surveys:survey-page", 4)).status_code == 404
    assert client.get(_url(invitation, "surveys:survey-page", 0)).status_code == 404


def test_an_answer_that_is_not_a_choice_is_refused_with_a_summary_that_leads_to_it(client, invitation):
    response = _page(client, invitation, 1, q1="9", q2="4")

    text = _text(response)
    assert response.status_code == 200
    assert 'id="error-summary"' in text and "autofocus" in text
    assert 'href="#id_q1_0">Question 1: Choose one of the answers, or “Skip this question”.' in text
    assert 'aria-describedby="id_q1_error"' in text
    assert f"survey:{invitation.pk}" not in client.session


def test_item_text_with_markup_is_shown_as_text(client):
    instrument = make_instrument(items=2)
    instrument.items.filter(number=1).update(text_en="<b>Bold</b> & <script>alert(1)</script>")
    invitation = InvitationFactory(cycle=CycleFactory(instrument=instrument), district=DistrictFactory())

    page = client.get(_url(invitation, "surveys:survey-page", 1)).content.decode()
    _page(client, invitation, 1, q1="4")
    review = client.get(_url(invitation, "surveys:survey-review")).content.decode()

    for text in (page, review):
        assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert "<script>alert(1)" not in text


def test_a_filled_honeypot_sends_nothing(client, invitation):
    _page(client, invitation, 1, q1="4")

    response = client.post(_url(invitation, "surveys:survey-review"), {"website": "http://spam.example"})

    assert response.url == reverse("surveys:survey-thanks")
    assert Response.objects.count() == 0
    assert not Invitation.objects.get(pk=invitation.pk).responded


def test_the_review_with_nothing_answered_yet_goes_back_to_the_start(client, invitation):
    response = client.post(_url(invitation, "surveys:survey-review"))

    assert response.url == _url(invitation)
    assert Response.objects.count() == 0


def test_posts_past_the_hourly_limit_of_one_code_are_refused(client, invitation, settings):
    settings.SURVEY_POSTS_PER_HOUR_PER_CODE = 3
    codes = [_page(client, invitation, 1, q1="4").status_code for _ in range(4)]

    assert codes == [302, 302, 302, 429]


def test_the_pages_keep_their_address_out_of_referers_and_caches(client, invitation):
    response = client.get(_url(invitation))

    assert response["Referrer-Policy"] == "strict-origin"
    assert "no-store" in response["Cache-Control"]


# --- Spanish ---


def test_a_spanish_invitation_opens_in_spanish_with_the_instruments_spanish_words(client):
    invitation = InvitationFactory(language="es", district=DistrictFactory())

    page = client.get(_url(invitation, "surveys:survey-page", 1))

    text = _text(page)
    assert '<html lang="es">' in text
    assert page["Content-Language"] == "es"
    assert "1. Afirmación 1." in text
    assert ">Muy de acuerdo</label>" in text and ">Muy en desacuerdo</label>" in text
    assert "30 de noviembre de 2026" in _text(client.get(_url(invitation)))


def test_the_language_switch_wins_and_keeps_the_answers(client):
    invitation = InvitationFactory(language="es", district=DistrictFactory())
    _page(client, invitation, 1, q1="4")

    client.post(reverse("set_language"), {"language": "en", "next": _url(invitation, "surveys:survey-page", 1)})
    page = _text(client.get(_url(invitation, "surveys:survey-page", 1)))

    assert '<html lang="en">' in page
    assert "1. Statement 1." in page
    assert re.search(r'name="q1" id="id_q1_3" value="4" checked', page)
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    client.post(_url(invitation, "surveys:survey-review"))
    assert Response.objects.get().language == "es"


def test_an_english_invitation_answered_in_spanish_thanks_in_spanish(client):
    invitation = InvitationFactory(language="en", district=DistrictFactory())
    client.cookies.load({settings.LANGUAGE_COOKIE_NAME: "es"})
    _page(client, invitation, 1, q1="4")

    client.post(_url(invitation, "surveys:survey-review"))

    assert Response.objects.get().language == "es"
    assert '<html lang="es">' in client.get(reverse("surveys:survey-thanks")).content.decode()


def test_thanks_speaks_the_language_the_parent_answered_in(client):
    invitation = InvitationFactory(language="es", district=DistrictFactory())
    _page(client, invitation, 1, q1="4")

    client.post(_url(invitation, "surveys:survey-review"), HTTP_ACCEPT_LANGUAGE="en")

    thanks = client.get(reverse("surveys:survey-thanks"), HTTP_ACCEPT_LANGUAGE="en")
    assert thanks["Content-Language"] == "es"
    assert Response.objects.get().language == "es"


# --- the paper code page ---


def test_the_code_from_the_letter_leads_to_the_survey_whatever_its_case_spaces_or_dashes(client, invitation):
    typed = f" {invitation.paper_code[:5].lower()}-{invitation.paper_code[5:]} "

    response = client.post(reverse("surveys:survey-code"), {"code": typed})

    assert response.status_code == 302
    assert response.url == _url(invitation)


def test_a_code_that_opens_nothing_says_so_and_asks_again(client, invitation):
    for typed, message in [
        ("ACDEFGHJKM" if invitation.paper_code != "ACDEFGHJKM" else "MKJHGFEDCA", "No survey has this code."),
        ("", "Type the code printed on your letter."),
        ("%%%", "No survey has this code."),
    ]:
        response = client.post(reverse("surveys:survey-code"), {"code": typed})
        text = _text(response)
        assert response.status_code == 200
        assert message in text
        assert 'href="#id_code"' in text and 'aria-invalid="true"' in text


def test_the_code_page_is_limited_like_every_public_form(client, invitation, settings):
    settings.PUBLIC_POSTS_PER_HOUR_PER_ADDRESS = 2
    codes = [client.post(reverse("surveys:survey-code"), {"code": "AAAAAAAAAA"}).status_code for _ in range(3)]

    assert codes == [200, 200, 429]


def test_a_filled_honeypot_on_the_code_page_opens_nothing(client, invitation):
    response = client.post(reverse("surveys:survey-code"), {"code": invitation.paper_code, "website": "x"})

    assert response.status_code == 200
    assert "No survey has this code." in _text(response)


# --- queries ---


@pytest.mark.parametrize("items", [4, 25])
def test_the_survey_pages_run_the_same_queries_however_long_the_survey(client, items, django_assert_max_num_queries):
    invitation = InvitationFactory(
        cycle=CycleFactory(instrument=make_instrument(items=items)), district=DistrictFactory()
    )
    _page(client, invitation, 1, q1="4")

    # The session, the invitation with its cycle and instrument, the items.
    for url in [
        _url(invitation),
        _url(invitation, "surveys:survey-page", 1),
        _url(invitation, "surveys:survey-review"),
    ]:
        with django_assert_max_num_queries(3):
            assert client.get(url).status_code == 200


# --- logs ---


def test_the_access_log_hides_the_survey_code(invitation):
    from pep.gunicorn_logging import redact

    line = redact(f"GET /surveys/s/{invitation.code}/2/?review=1 HTTP/1.1")

    assert line == "GET /surveys/s/[hidden]/2/?review=1 HTTP/1.1"


def test_a_code_that_opens_nothing_is_not_logged(client, caplog):
    code = "B" * 43
    with caplog.at_level("DEBUG"):
        assert client.get(reverse("surveys:survey", args=[code])).status_code == 404
        assert client.get(reverse("surveys:survey-page", args=[code, 1])).status_code == 404

    assert code not in "\n".join(record.getMessage() for record in caplog.records)
