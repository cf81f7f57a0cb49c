"""The invitation: each parent with an email is sent, once and in their language, the private link and the
paper code; from `send_survey_invitations` or the cycle page's button, which shows where invitations stand."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from pep.models import AuditEntry
from pep.tests.factories import DistrictFactory
from surveys.models import Invitation
from surveys.services.invitations import invitations_send
from surveys.tests.factories import CycleFactory, InvitationFactory, answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle():
    return CycleFactory(slug="i8-2026")


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    """Run `action` with the messages sent as they are once each invitation's transaction commits."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def _command(name: str, *args: str) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue().strip()


def _invite(cycle, **fields):
    return InvitationFactory(cycle=cycle, district=fields.pop("district", None) or DistrictFactory(), **fields)


def test_each_parent_with_an_email_gets_the_private_link_and_the_paper_code(cycle, sending, settings):
    settings.SITE_URL = "https://pep.example.org"
    parent = _invite(cycle, parent_name="Rosa Ortega", parent_email="rosa@example.org", paper_code="ACDEFGHJKM")

    assert sending(invitations_send, cycle=cycle) == 1

    (message,) = mail.outbox
    assert message.to == ["rosa@example.org"]
    assert message.subject == f"Please answer the {cycle.instrument.name_en}"
    assert "Hello Rosa Ortega," in message.body
    assert f"https://pep.example.org/surveys/s/{parent.code}/" in message.body
    assert "https://pep.example.org/surveys/answer/ and type this code: ACDEF GHJKM" in message.body
    assert "You can answer until Nov. 30, 2026" in message.body
    assert "anonymous" in message.body
    parent.refresh_from_db()
    assert parent.invited_at is not None


def test_a_spanish_speaking_parent_gets_the_message_in_spanish(cycle, sending):
    parent = _invite(cycle, language="es", parent_email="ana@example.org")

    sending(invitations_send, cycle=cycle)

    (message,) = mail.outbox
    assert cycle.instrument.name_es in message.subject
    assert cycle.instrument.name_en not in message.body
    assert "30 de noviembre de 2026" in message.body
    assert parent.code in message.body
    assert "---" not in message.body  # one language, not both


def test_each_message_of_a_run_carries_only_its_own_parents_link_code_and_name(cycle, sending):
    parents = [
        _invite(cycle, parent_name="Rosa Ortega", parent_email="rosa@example.org", language="en"),
        _invite(cycle, parent_name="Ana Ruiz", parent_email="ana@example.org", language="es"),
        _invite(cycle, parent_name="Lee Park", parent_email="lee@example.org", language="en"),
        _invite(cycle, parent_name="Sin Correo", parent_email="", language="es"),
    ]

    sending(invitations_send, cycle=cycle)

    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["ana@example.org", "lee@example.org", "rosa@example.org"]
    assert all(len(message.to) == 1 and not message.cc and not message.bcc for message in mail.outbox)
    for parent in parents[:3]:
        body = by_address[parent.parent_email].body
        for other in parents:
            mine = other.pk == parent.pk
            for detail in [other.code, reverse("surveys:survey", args=[other.code]), other.parent_name]:
                assert (detail in body) is mine, (parent.parent_name, detail)
            assert (f"{other.paper_code[:5]} {other.paper_code[5:]}" in body) is mine
            assert other.student_ref not in body
            assert not other.parent_email or other.parent_email not in body
    assert "Sin Correo" not in "".join(message.body for message in mail.outbox)


def test_an_invitation_sent_before_the_survey_opens_says_from_which_day(sending):
    cycle = CycleFactory(opens_on=datetime.date(2026, 11, 2))
    _invite(cycle, parent_email="rosa@example.org")
    _invite(cycle, parent_email="ana@example.org", language="es")

    sending(invitations_send, cycle=cycle)

    by_address = {message.to[0]: message.body for message in mail.outbox}
    assert "You can answer from Nov. 2, 2026 until Nov. 30, 2026" in by_address["rosa@example.org"]
    assert "2 de noviembre de 2026" in by_address["ana@example.org"]


def test_nobody_gets_the_invitation_twice_and_those_without_email_or_who_answered_get_none(cycle, sending):
    district = DistrictFactory()
    first = _invite(cycle, district=district, parent_email="first@example.org")
    _invite(cycle, district=district, parent_email="")
    answered = _invite(cycle, district=district, parent_email="answered@example.org")
    answer(answered, [4, 4, 4, 4], channel="paper")

    assert _command_sending(sending, "i8-2026") == "Queued 1 invitation."
    later = _invite(cycle, district=district, parent_email="later@example.org")
    assert _command_sending(sending, "i8-2026") == "Queued 1 invitation."
    assert _command_sending(sending, "i8-2026") == "Queued 0 invitations."

    assert sorted(address for message in mail.outbox for address in message.to) == [
        "first@example.org",
        "later@example.org",
    ]
    assert Invitation.objects.filter(pk__in=[first.pk, later.pk], invited_at__isnull=False).count() == 2
    assert not Invitation.objects.get(pk=answered.pk).invited_at


def _command_sending(sending, *args):
    return sending(_command, "send_survey_invitations", *args)


def test_no_invitations_go_out_once_the_survey_has_closed(cycle, time_machine):
    _invite(cycle)
    time_machine.move_to("2026-12-01 08:00-06:00")

    with pytest.raises(CommandError, match=r"This survey closed on Nov\. 30, 2026"):
        _command("send_survey_invitations", "i8-2026")
    assert mail.outbox == []
    assert not Invitation.objects.filter(invited_at__isnull=False).exists()


def test_an_unknown_cycle_is_named(db):
    with pytest.raises(CommandError, match="No survey cycle has the slug 'nope'"):
        _command("send_survey_invitations", "nope")


def test_an_invitation_another_run_marked_meanwhile_is_not_sent_again(cycle, sending, monkeypatch):
    from surveys.services import invitations

    parents = [_invite(cycle, parent_email=f"p{n}@example.org") for n in range(3)]
    # This run listed all three; another run has since sent the second parent's invitation.
    monkeypatch.setattr(invitations, "invitations_to_send", lambda cycle: Invitation.objects.filter(cycle=cycle))
    Invitation.objects.filter(pk=parents[1].pk).update(invited_at=timezone.now())

    assert sending(invitations_send, cycle=cycle) == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["p0@example.org", "p2@example.org"]


# --- the cycle page and its button ---


def test_the_cycle_page_counts_invitations_and_offers_the_send_buttons(client, people, cycle, sending):
    district = DistrictFactory()
    for email in ["a@example.org", "b@example.org", ""]:
        _invite(cycle, district=district, parent_email=email)
    web = _invite(cycle, district=district, parent_email="")
    answer(web, [4, 4, 4, 4])
    client.force_login(people.coordinator)

    page = client.get(reverse("surveys:cycle-detail", args=[cycle.slug])).content.decode()

    assert "Invitations and reminders" in page
    assert '<dt class="col-sm-5">With an email address</dt><dd class="col-sm-7">2</dd>' in page
    assert '<dt class="col-sm-5">Answered on the web</dt><dd class="col-sm-7">1</dd>' in page
    assert "Send the invitations (2 to send)…" in page
    assert reverse("surveys:survey-reminders-send", args=[cycle.slug]) in page


def test_the_button_asks_first_then_sends_in_the_background(client, people, cycle, sending):
    _invite(cycle, parent_email="a@example.org", language="es")
    _invite(cycle, parent_email="b@example.org")
    client.force_login(people.coordinator)
    url = reverse("surveys:survey-invitations-send", args=[cycle.slug])

    confirm = client.get(url).content.decode()
    assert "2 parents will each get an email" in confirm
    assert mail.outbox == []

    response = sending(client.post, url, follow=True)

    assert response.redirect_chain[-1][0] == reverse("surveys:cycle-detail", args=[cycle.slug])
    assert "The invitations are on their way to 2 parents." in response.content.decode()
    assert len(mail.outbox) == 2
    assert AuditEntry.objects.get(action="survey.invitations_send").actor == people.coordinator
    assert (
        'Sent the invitation by email</dt><dd class="col-sm-7">2</dd>'
        in client.get(reverse("surveys:cycle-detail", args=[cycle.slug])).content.decode()
    )


def test_the_button_after_the_close_says_why_and_sends_nothing(client, people, cycle, time_machine):
    _invite(cycle)
    time_machine.move_to("2026-12-02 08:00-06:00")
    client.force_login(people.coordinator)
    url = reverse("surveys:survey-invitations-send", args=[cycle.slug])

    assert "This survey closed on Nov. 30, 2026" in client.get(url).content.decode()
    response = client.post(url, follow=True)

    assert "This survey closed on Nov. 30, 2026" in response.content.decode()
    assert mail.outbox == []


def test_only_coordinators_send(client, people, cycle):
    _invite(cycle)
    client.force_login(people.leader_a)

    assert client.post(reverse("surveys:survey-invitations-send", args=[cycle.slug])).status_code == 403
    assert not Invitation.objects.filter(invited_at__isnull=False).exists()


@pytest.mark.parametrize("parents", [2, 30])
def test_the_cycle_page_section_runs_the_same_queries_however_many_parents(
    client, people, cycle, parents, django_assert_max_num_queries
):
    district = DistrictFactory()
    for _ in range(parents):
        _invite(cycle, district=district)
    client.force_login(people.coordinator)
    from surveys.views.survey import cycle_section

    request = client.get(reverse("surveys:cycle-detail", args=[cycle.slug])).wsgi_request
    with django_assert_max_num_queries(2):
        panel = cycle_section(request, cycle)
    assert panel.context["counts"].total == parents
