"""Request-level protections: unreadable forms, the Permissions-Policy, no caching of pages, 403 logs."""

import logging
import re

import pytest
from django.test import Client
from django.urls import reverse


def _form_token(client, path: str) -> str:
    page = client.get(path)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def _post_in_charset(client, path: str, body: str, charset: str):
    return client.generic(
        "POST",
        path,
        data=body.encode(),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )


@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "utf-999"])
def test_a_login_form_sent_in_a_charset_we_cannot_read_gets_a_bad_request_page(db, charset):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    token = _form_token(client, reverse("login"))

    response = _post_in_charset(client, reverse("login"), f"csrfmiddlewaretoken={token}&username=x&password=y", charset)

    assert response.status_code == 400
    assert "Bad request" in response.text
    assert 'class="navbar-brand' in response.text  # the site's layout


@pytest.mark.parametrize("charset", ["latin-1", "x-unknown"])
def test_a_form_sent_signed_in_in_a_charset_we_cannot_read_gets_a_bad_request_page(people, charset):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(people.leader_a)
    token = _form_token(client, reverse("home"))

    response = _post_in_charset(
        client, reverse("set_language"), f"csrfmiddlewaretoken={token}&language=es&next=/", charset
    )

    assert response.status_code == 400
    assert "Bad request" in response.text


def test_a_form_that_names_utf8_is_read_as_usual(people, password):
    client = Client(enforce_csrf_checks=True)
    token = _form_token(client, reverse("login"))

    response = _post_in_charset(
        client, reverse("login"), f"csrfmiddlewaretoken={token}&username=leader_a&password={password}", "UTF-8"
    )

    assert response.status_code == 302


def test_pages_tell_the_browser_to_leave_out_camera_microphone_and_location(client, db):
    policy = client.get(reverse("login"))["Permissions-Policy"]

    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert f"{feature}=()" in policy


def test_pages_about_people_are_never_stored_by_caches(client, people):
    client.force_login(people.leader_a)

    response = client.get(reverse("district-detail", args=[people.district_a.pk]))

    assert response["Cache-Control"] == "private, no-store"


def test_a_page_that_sets_its_own_caching_keeps_it(client, db):
    response = client.get(reverse("login"))  # Django's login view forbids caching in its own words

    assert "no-cache" in response["Cache-Control"]
    assert "must-revalidate" in response["Cache-Control"]


def test_a_refused_page_is_logged_as_one_line_without_a_traceback(client, people, caplog):
    client.force_login(people.team_a)
    caplog.clear()

    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("directory-import"))

    assert response.status_code == 403
    assert [record.name for record in caplog.records if record.levelno >= logging.WARNING] == ["django.request"]
    assert "Forbidden (Permission denied): /directory/import/" in caplog.text
    assert "Traceback" not in caplog.text
