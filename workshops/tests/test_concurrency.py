"""A registration rush at a live server on PostgreSQL: real HTTP requests released together never
oversell, every family gets an answer, and the waiting list keeps the order in which they arrived."""

import http.client
import threading
from urllib.parse import urlencode, urlsplit

import pytest
from django.urls import reverse

from bench.registration_form import cookie_header, opened_form, private_link_token, registration_fields
from workshops.models import Attendee, Registration, RegistrationStatus
from workshops.services.seats import places_left
from workshops.tests.factories import OfferingFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SEATS = 20
FAMILIES = 50
SIZES = [(1, 2, 3)[number % 3] for number in range(FAMILIES)]  # 1 to 3 people each, 100 seats asked for


class Family:
    """One browser: it opens the form (CSRF cookie and token) and a connection, then posts when told to.

    The connections are opened one after another beforehand: the test server accepts only a short
    queue of new connections, and the rush this test is about is in the database, not in TCP.
    """

    def __init__(self, server: str, path: str, number: int, size: int):
        self.host, self.port = urlsplit(server).hostname, urlsplit(server).port
        self.path, self.number, self.size = path, number, size
        self.cookies, self.token = {}, ""
        self.status, self.location, self.error = None, "", None
        self.connection = None

    def _connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=30)

    def open_form(self) -> None:
        connection = self._connection()
        connection.request("GET", self.path)
        response = connection.getresponse()
        page = response.read().decode()
        assert response.status == 200, page[:500]
        self.cookies, self.token = opened_form(response.headers.get_all("Set-Cookie") or [], page)
        assert "csrftoken" in self.cookies
        connection.close()
        self.connection = self._connection()
        self.connection.connect()

    def register(self, start: threading.Barrier) -> None:
        body = urlencode(registration_fields(self.token, self.number, self.size))
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie_header(self.cookies)}
        connection = self.connection
        try:
            start.wait()
            connection.request("POST", self.path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            self.status, self.location = response.status, response.getheader("Location", "")
        except Exception as error:  # the test reports whatever went wrong
            self.error = error
        finally:
            connection.close()


def test_fifty_families_at_once_never_oversell_and_wait_in_the_order_they_arrived(live_server, settings):
    settings.PUBLIC_POSTS_PER_HOUR_PER_ADDRESS = 10_000  # every family posts from the same address here
    offering = OfferingFactory(seat_capacity=SEATS)
    path = reverse("workshops:offering-register", args=[offering.pk])
    families = [Family(live_server.url, path, number, size) for number, size in enumerate(SIZES, start=1)]
    for family in families:
        family.open_form()

    start = threading.Barrier(FAMILIES, timeout=30)
    threads = [threading.Thread(target=family.register, args=(start,)) for family in families]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # Every family got an answer: its private page, confirmed or waiting; never an error.
    assert [family.error for family in families if family.error] == []
    assert [(family.number, family.status) for family in families if family.status != 302] == []
    tokens = {family.number: private_link_token(family.location) for family in families}
    assert [family.location for family in families if tokens[family.number] is None] == []
    registrations = {
        registration.token: registration
        for registration in Registration.objects.filter(offering=offering).prefetch_related("attendees")
    }
    assert sorted(registrations) == sorted(tokens.values())
    for family in families:  # each block kept whole
        assert registrations[tokens[family.number]].attendees.count() == family.size

    # Never oversold, and nothing left that a waiting family could have had.
    confirmed_seats = Attendee.objects.filter(
        offering=offering, registration__status=RegistrationStatus.CONFIRMED, cancelled_at__isnull=True
    ).count()
    assert confirmed_seats <= SEATS
    seats_left = places_left(offering).seats
    waiting = list(
        Registration.objects.filter(offering=offering, status=RegistrationStatus.WAITING)
        .order_by("waiting_since", "pk")
        .prefetch_related("attendees")
    )
    assert waiting, "100 seats asked for 20: some families must wait"
    assert all(len(registration.attendees.all()) > seats_left for registration in waiting)

    # The waiting list follows arrival: the order of the waiting list is the order the rows were made.
    assert [registration.pk for registration in waiting] == sorted(registration.pk for registration in waiting)
    times = [registration.waiting_since for registration in waiting]
    assert len(set(times)) == len(times)
