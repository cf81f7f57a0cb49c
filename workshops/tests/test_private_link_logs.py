"""A private link's token never reaches the logs, even when Django logs the page it refused."""

import logging

import pytest
from django.urls import reverse

from workshops.tests.factories import OfferingFactory, register

pytestmark = pytest.mark.django_db


def test_a_refused_certificate_of_a_real_link_does_not_log_the_token(client, caplog):
    registration = register(OfferingFactory())

    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("workshops:registration-certificate", args=[registration.token, 999_999]))

    assert response.status_code == 404
    assert caplog.records, "Django logs the refused page"
    logged = "\n".join(handler_record.getMessage() for handler_record in caplog.records)
    assert registration.token not in logged
    assert "/workshops/r/[hidden]" in logged


def test_a_priorities_page_with_a_non_ascii_digit_is_not_an_error(client, people):
    offering = OfferingFactory(program_code="pt3")
    client.force_login(people.coordinator)

    response = client.get(reverse("workshops:offering-priorities", args=[offering.pk]), {"school": "²", "edit": "²"})

    assert response.status_code == 200


def test_the_access_log_hides_the_name_searched_for_at_check_in():
    from pep.gunicorn_logging import redact

    line = redact("GET /workshops/sessions/4/check-in/?q=Rosa+D%C3%ADaz&page=2 HTTP/1.1")

    assert "Rosa" not in line
    assert line == "GET /workshops/sessions/4/check-in/?[hidden] HTTP/1.1"
