from django.db import OperationalError
from django.urls import reverse


def test_it_answers_ok_when_the_database_answers(client, db):
    response = client.get(reverse("healthz"))

    assert (response.status_code, response.text) == (200, "ok")


def test_it_answers_503_when_the_database_does_not(client, db, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr("django.db.backends.utils.CursorWrapper.execute", unreachable)
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
