"""The invitations CSV for mail houses: codes and whether each answered, never anyone's answers."""

import csv
import io

import pytest
from django.urls import reverse

from pep.models import AuditEntry
from surveys.services.imports import INVITATION_EXPORT_COLUMNS, invitation_export_rows
from surveys.tests.factories import CycleFactory, InvitationFactory, answer, make_instrument


@pytest.fixture
def cycle(people):
    return CycleFactory(slug="export-cycle")


def test_it_lists_each_invitation_with_its_codes_and_whether_it_answered(people, cycle):
    answered = InvitationFactory(cycle=cycle, district=people.district_b, student_ref="ST2", language="es")
    waiting = InvitationFactory(cycle=cycle, district=people.district_a, school=people.school_a, student_ref="ST1")
    InvitationFactory(cycle=CycleFactory(), district=people.district_a, student_ref="OTHER-CYCLE")
    answer(answered, [6, 6, 6, 6])

    rows = list(invitation_export_rows(cycle))

    assert rows == [
        ["ST1", "A-1", people.school_a.code, waiting.code, waiting.paper_code, "en", 0],
        ["ST2", "B-2", "", answered.code, answered.paper_code, "es", 1],
    ]


def test_a_coordinator_downloads_it_and_the_download_is_noted(client, people, cycle):
    invitation = InvitationFactory(cycle=cycle, district=people.district_a, parent_name="Rosa Díaz")
    answer(invitation, [5, 5, 5, 5])
    client.force_login(people.coordinator)

    response = client.get(reverse("surveys:invitations-export", args=[cycle.slug]))

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="invitations-export-cycle.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        INVITATION_EXPORT_COLUMNS,
        [invitation.student_ref, "A-1", "", invitation.code, invitation.paper_code, "en", "1"],
    ]
    text = response.content.decode()
    assert "Rosa" not in text and "@" not in text  # no names or contacts
    assert "[5, 5, 5, 5]" not in text and "5,5,5,5" not in text  # and never an answer
    assert AuditEntry.objects.filter(action="survey.invitations_export", actor=people.coordinator).exists()


def test_a_cycle_without_a_roster_has_no_invitations_to_download(client, people):
    perceptions = CycleFactory(instrument=make_instrument(kind="perceptions"))
    client.force_login(people.coordinator)

    assert client.get(reverse("surveys:invitations-export", args=[perceptions.slug])).status_code == 404
