"""Workshop feedback: who may give it, once; the public form in the family's language; the request
command that asks each family once; and the coordinators' summaries counted by the database."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from pep.refusals import Refused
from workshops.models import (
    Attendance,
    Feedback,
    FeedbackRequested,
    LanguageSupport,
    OfferingStatus,
    Registration,
    RegistrationStatus,
    Usefulness,
)
from workshops.selectors.feedback import feedback_open, feedback_summary
from workshops.services.feedback import FeedbackAlreadyGiven, FeedbackData, feedback_give
from workshops.services.seats import attendee_cancel, registration_cancel
from workshops.tests.factories import OfferingFactory, register

pytestmark = pytest.mark.django_db

ENDED = [(datetime.date(2026, 10, 10), 9, 12)]  # the clock is pinned at 15 Oct 2026
COMING = [(datetime.date(2026, 11, 7), 9, 12)]


def _before(registration) -> datetime.datetime:
    """A moment before the workshop, when a family may still cancel."""
    return registration.offering.first_starts_at - datetime.timedelta(days=1)


def _ended(**fields):
    return OfferingFactory(sessions=ENDED, **fields)


def _answers(**fields) -> FeedbackData:
    values = {
        "usefulness": Usefulness.VERY,
        "will_use": "Reading together every night.",
        "to_improve": "",
        "language_support": LanguageSupport.ENOUGH,
        "language": "en",
    }
    return FeedbackData(**(values | fields))


def _url(registration: Registration) -> str:
    return reverse("workshops:registration-feedback", args=[registration.token])


def _form(**fields) -> dict:
    return {"usefulness": "4", "will_use": "", "to_improve": "", "language_support": "enough", "website": ""} | fields


# --- who may give it


def test_feedback_opens_only_once_the_last_session_is_over():
    assert not feedback_open(register(OfferingFactory(sessions=COMING)))
    assert feedback_open(register(_ended()))


def test_a_series_opens_feedback_after_its_last_session_not_its_first():
    series = OfferingFactory(sessions=[(datetime.date(2026, 10, 3), 9, 12), (datetime.date(2026, 11, 7), 9, 12)])
    assert not feedback_open(register(series))


def test_a_family_still_waiting_or_cancelled_gives_no_feedback():
    offering = _ended(seat_capacity=1)
    register(offering, "Ana Pérez")
    waiting = register(offering, "Luis Soto")
    assert waiting.status == RegistrationStatus.WAITING
    cancelled = register(_ended())
    registration_cancel(registration=cancelled, now=_before(cancelled))
    assert not feedback_open(Registration.objects.get(pk=waiting.pk))
    assert not feedback_open(Registration.objects.get(pk=cancelled.pk))


def test_a_family_that_was_marked_present_may_answer_even_if_one_of_them_cancelled():
    registration = register(_ended(), "Ana Pérez", "Luis Pérez")
    ana, luis = registration.attendees.order_by("pk")
    attendee_cancel(attendee=luis, now=_before(registration))
    Attendance.objects.create(attendee=ana, session=registration.offering.sessions.get())
    assert feedback_open(Registration.objects.get(pk=registration.pk))


def test_a_family_that_did_not_come_where_attendance_was_taken_is_neither_offered_the_form_nor_asked(
    client, django_capture_on_commit_callbacks
):
    offering = _ended()
    came = register(offering, "Ana Pérez", contact_email="ana@example.org")
    absent = register(offering, "Luis Soto", contact_email="soto@example.org")
    Attendance.objects.create(attendee=came.attendees.get(), session=offering.sessions.get())

    assert feedback_open(came)
    assert not feedback_open(absent)
    page = client.get(_url(absent)).content.decode()
    assert "This form is for the families who came to the workshop." in page
    assert 'type="radio"' not in page
    client.post(_url(absent), _form())
    assert not Feedback.objects.exists()
    with pytest.raises(Refused):
        feedback_give(registration=absent, data=_answers())
    with django_capture_on_commit_callbacks(execute=True):
        assert _run() == "Feedback requests queued: 1\n"
    assert _asked() == [["ana@example.org"]]


def test_feedback_is_given_once_and_the_database_holds_to_it():
    registration = register(_ended())
    feedback_give(registration=registration, data=_answers())
    with pytest.raises(FeedbackAlreadyGiven):
        feedback_give(registration=registration, data=_answers(usefulness=Usefulness.NOT))
    assert not feedback_open(registration)
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(
            registration=registration, offering=registration.offering, usefulness=1, language_support="enough"
        )
    assert Feedback.objects.get().usefulness == Usefulness.VERY


def test_feedback_before_the_end_is_refused_and_nothing_is_saved():
    with pytest.raises(Refused):
        feedback_give(registration=register(OfferingFactory(sessions=COMING)), data=_answers())
    assert not Feedback.objects.exists()


# --- the public form


def test_the_form_speaks_the_familys_language_and_saves_the_answers(client):
    registration = register(_ended(), language="es")
    page = client.get(_url(registration))
    assert page.status_code == 200
    assert page.headers["Content-Language"] == "es"
    assert 'type="radio"' in page.content.decode()
    response = client.post(
        _url(registration), _form(usefulness="3", will_use="Leer juntos", language_support="not_enough")
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get(registration=registration)
    assert (feedback.usefulness, feedback.will_use, feedback.language_support, feedback.language) == (
        3,
        "Leer juntos",
        "not_enough",
        "es",
    )
    assert client.get(response.url).status_code == 200


def test_the_readers_own_choice_of_language_wins(client):
    registration = register(_ended(), language="es")
    client.cookies["django_language"] = "en"
    page = client.get(_url(registration))
    assert page.headers["Content-Language"] == "en"
    assert "How useful was the workshop for you?" in page.content.decode()


def test_a_second_answer_is_thanked_and_not_saved(client):
    registration = register(_ended())
    client.post(_url(registration), _form())
    again = client.post(_url(registration), _form(usefulness="1"))
    assert again.status_code == 200
    assert "We have received your answers" in again.content.decode()
    assert Feedback.objects.get().usefulness == 4


def test_missing_answers_are_named_in_a_summary_linked_to_the_questions(client):
    registration = register(_ended())
    response = client.post(_url(registration), _form(usefulness="", language_support="maybe"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_usefulness_0"' in body
    assert 'href="#id_language_support_0"' in body
    assert "Choose how useful the workshop was." in body
    assert not Feedback.objects.exists()


def test_a_filled_honeypot_is_thanked_and_nothing_is_kept(client):
    registration = register(_ended())
    response = client.post(_url(registration), _form(website="http://spam.example"))
    assert "Thank you" in response.content.decode()
    assert not Feedback.objects.exists()


def test_the_form_waits_for_the_last_session_and_says_when(client):
    registration = register(OfferingFactory(sessions=COMING))
    response = client.get(_url(registration))
    assert "This form opens after the last session" in response.content.decode()
    client.post(_url(registration), _form())
    assert not Feedback.objects.exists()


def test_a_tampered_link_finds_nothing(client):
    registration = register(_ended())
    assert client.get(_url(registration)[:-12] + "x/feedback/").status_code == 404
    assert client.get(reverse("workshops:registration-feedback", args=["a" * 43])).status_code == 404


def test_too_many_posts_from_one_address_are_turned_away(client, settings):
    settings.PUBLIC_POSTS_PER_HOUR_PER_ADDRESS = 2
    registration = register(_ended())
    codes = [client.post(_url(registration), _form(usefulness="")).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_the_form_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    registration = register(_ended(), "Ana Pérez", "Luis Pérez", "Eva Pérez")
    with django_assert_max_num_queries(6):
        client.get(_url(registration))


# --- asking for it


def _run() -> str:
    out = io.StringIO()
    call_command("send_workshop_feedback_requests", stdout=out)
    return out.getvalue()


def _asked() -> list[list[str]]:
    return [message.to for message in mail.outbox if message.subject.startswith("How was")]


def test_the_command_asks_each_confirmed_family_once_however_often_it_runs(django_capture_on_commit_callbacks):
    offering = _ended(seat_capacity=2)
    confirmed = register(offering, "Ana Pérez", contact_email="ana@example.org")
    register(offering, "Luis Soto", "Eva Soto", contact_email="soto@example.org")  # waiting: no seat
    register(offering, "Sin Correo", contact_email="", contact_phone="+13125550100")  # waiting, no email
    with django_capture_on_commit_callbacks(execute=True):
        assert _run() == "Feedback requests queued: 1\n"
    with django_capture_on_commit_callbacks(execute=True):
        assert _run() == "Feedback requests queued: 0\n"
    assert _asked() == [["ana@example.org"]]
    assert FeedbackRequested.objects.get().registration == confirmed
    assert reverse("workshops:registration-feedback", args=[confirmed.token]) in mail.outbox[-1].body


def test_the_command_leaves_alone_coming_old_and_cancelled_offerings(django_capture_on_commit_callbacks):
    register(OfferingFactory(sessions=COMING))
    register(OfferingFactory(sessions=[(datetime.date(2026, 9, 20), 9, 12)]))  # ended 25 days ago
    cancelled = _ended()
    register(cancelled)
    cancelled.status = OfferingStatus.CANCELLED
    cancelled.save(update_fields=["status"])
    with django_capture_on_commit_callbacks(execute=True):
        _run()
    assert _asked() == []


def test_a_family_that_already_answered_is_not_asked(django_capture_on_commit_callbacks):
    registration = register(_ended())
    feedback_give(registration=registration, data=_answers())
    with django_capture_on_commit_callbacks(execute=True):
        _run()
    assert _asked() == []


# --- summaries


def _answered(offering, usefulness: int, language_support: str = "enough", **fields) -> Feedback:
    return feedback_give(
        registration=register(offering),
        data=_answers(usefulness=usefulness, language_support=language_support, **fields),
    )


def test_the_summary_counts_shares_and_mean_in_the_database():
    offering = _ended()
    _answered(offering, 4)
    _answered(offering, 4, "not_needed")
    _answered(offering, 3, "not_enough")
    _answered(offering, 1)
    summary = feedback_summary(Feedback.objects.filter(offering=offering))
    assert summary.answers == 4
    assert str(summary.usefulness_mean) == "3.0"
    assert [(share.count, share.percent) for share in summary.usefulness] == [(2, 50), (1, 25), (0, 0), (1, 25)]
    assert [share.count for share in summary.language_support] == [2, 1, 1]


def test_no_answers_make_an_empty_summary_not_an_error(client, people):
    offering = _ended()
    client.force_login(people.coordinator)
    response = client.get(reverse("workshops:offering-feedback", args=[offering.pk]))
    assert response.status_code == 200
    assert "No one has answered yet" in response.content.decode()


@pytest.mark.parametrize("answers", [2, 60])
def test_the_offering_and_program_summaries_show_figures_and_written_answers_in_constant_queries(
    client, people, django_assert_max_num_queries, answers
):
    offering = _ended(seat_capacity=100)
    other = _ended(title="Parent Leadership 101, spring")
    for number in range(answers):
        _answered(offering, 1 + number % 4, to_improve=f"Idea number {number}")
    _answered(other, 4, will_use="Questions for the teacher")
    client.force_login(people.coordinator)
    with django_assert_max_num_queries(8):
        offering_page = client.get(reverse("workshops:offering-feedback", args=[offering.pk]))
    with django_assert_max_num_queries(8):
        program_page = client.get(reverse("workshops:program-feedback", args=[offering.program_id]))
    body = offering_page.content.decode()
    assert f"{answers} answers" in body
    assert f"Idea number {answers - 1}" in body
    assert "Questions for the teacher" not in body
    assert f"{answers + 1} answers" in program_page.content.decode()
    assert "Questions for the teacher" in program_page.content.decode()
    if answers > 50:
        assert "Page 1 of 2" in body
