"""Two requests accepting one invitation at the same moment: one account, one role, one acceptance."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from pep import people as services
from pep.models import AuditEntry, Invitation, Membership, Role
from pep.refusals import Refused

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _accept_at_once(token: str, requests: int, password: str | None = "maple-river-lantern-42") -> list:
    start = threading.Barrier(requests)
    outcomes = []

    def run():
        start.wait()
        try:
            outcomes.append(services.invitation_accept(token=token, password=password))
        except Exception as exc:  # the test reports whatever happened
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_a_link_sent_twice_at_once_makes_one_membership(people):
    token = services._new_token()
    Invitation.objects.create(
        name="Nora Nuevo",
        email="nora@example.org",
        role=Role.SCHOOL_TEAM,
        school=people.school_a,
        language="en",
        expires_at=services._expires_at(services.timezone.now()),
        token_hash=services.token_hash(token),
    )

    outcomes = _accept_at_once(token, requests=4)

    accepted = [outcome for outcome in outcomes if isinstance(outcome, get_user_model())]
    refused = [outcome for outcome in outcomes if isinstance(outcome, Refused)]
    assert (len(accepted), len(refused)) == (1, 3), outcomes
    assert Membership.objects.filter(user__email="nora@example.org").count() == 1
    assert get_user_model().objects.filter(email="nora@example.org").count() == 1
    assert AuditEntry.objects.filter(action="invitation.accept").count() == 1


def test_an_existing_account_accepting_twice_at_once_gets_one_membership(people):
    token = services._new_token()
    Invitation.objects.create(
        name="Team B",
        email=people.team_b.email.upper(),
        role=Role.SCHOOL_TEAM,
        school=people.school_a,
        language="en",
        expires_at=services._expires_at(services.timezone.now()),
        token_hash=services.token_hash(token),
    )

    outcomes = _accept_at_once(token, requests=4, password=None)

    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["Refused"] * 3 + ["User"], outcomes
    assert Membership.objects.filter(user=people.team_b, school=people.school_a).count() == 1
    assert AuditEntry.objects.filter(action="invitation.accept").count() == 1
