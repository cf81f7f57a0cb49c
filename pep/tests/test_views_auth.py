"""Logging in and out, changing and resetting a password."""

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from pep.tests.factories import signs_in


def test_logging_in_leads_to_the_home_page(client, people, password):
    response = client.post(reverse("login"), {"username": "leader_a", "password": password}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Alder District" in response.text


def test_a_wrong_password_is_refused_with_a_clear_message(client, people):
    response = client.post(reverse("login"), {"username": "leader_a", "password": "wrong"})

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text
    assert "wrong" not in response.text


def test_logging_out_ends_the_session(client, people):
    client.force_login(people.leader_a)

    client.post(reverse("logout"))

    response = client.get(reverse("district-detail", args=[people.district_a.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_password_reset_email_leads_to_a_new_password(client, people):
    client.post(reverse("password_reset"), {"email": people.leader_a.email})

    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "A-new-pass-2026!", "new_password2": "A-new-pass-2026!"}
    )

    assert signs_in(client, "leader_a", "A-new-pass-2026!")


def test_a_password_reset_email_is_written_in_the_visitors_language(client, people):
    client.post(reverse("password_reset"), {"email": people.leader_a.email}, HTTP_ACCEPT_LANGUAGE="es")

    assert "contraseña" in mail.outbox[0].subject.lower()


def test_an_unknown_email_gets_the_same_answer_and_no_mail(client, people):
    response = client.post(reverse("password_reset"), {"email": "someone@nowhere.example"}, follow=True)

    assert "Check your email" in response.text
    assert not mail.outbox


def test_a_signed_in_person_can_change_their_password(client, people, password):
    client.force_login(people.team_a)

    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": "Another-pass-2026!", "new_password2": "Another-pass-2026!"},
        follow=True,
    )

    assert "Password changed" in response.text
    people.team_a.refresh_from_db()
    assert people.team_a.check_password("Another-pass-2026!")


def test_a_form_sent_without_its_security_token_gets_a_plain_explanation(db):
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert "Please try again" in response.text
