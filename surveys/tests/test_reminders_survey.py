"""`send_survey_reminders`: parents sent the invitation who have not answered are reminded at most once per
the cycle's interval, only while the survey is open, however often and on however many machines it runs."""

import datetime
import io
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from pep.tests.factories import DistrictFactory
from surveys.models import Invitation
from surveys.services.invitations import invitations_send
from surveys.services.reminders import reminders_send
from surveys.tests.factories import CycleFactory, InvitationFactory, answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle():
    """Open 1 Oct to 30 Nov 2026, a reminder at most every 7 days."""
    return CycleFactory(slug="i8-2026", reminder_days=7)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """`send_survey_reminders CYCLE`, with the messages sent as they are once each reminder commits."""

    def go(slug: str = "i8-2026") -> str:
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_survey_reminders", slug, stdout=out)
        return out.getvalue().strip()

    return go


def _at(day: str, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.fromisoformat(f"{day}T{hour:02d}:00:00-05:00")


def _invited(cycle, when: str = "2026-10-01", **fields) -> Invitation:
    """A parent sent the invitation on `when`."""
    fields.setdefault("district", DistrictFactory())
    return InvitationFactory(cycle=cycle, invited_at=_at(when), **fields)


def _reminded() -> list[str]:
    return sorted(message.to[0] for message in mail.outbox if message.subject.startswith("Reminder:"))


def test_a_parent_who_has_not_answered_is_reminded_with_the_link_in_their_language(cycle, run):
    parent = _invited(cycle, parent_email="rosa@example.org", parent_name="Rosa Ortega")
    spanish = _invited(cycle, parent_email="ana@example.org", language="es")

    assert run() == "Queued 2 reminders."

    by_address = {message.to[0]: message for message in mail.outbox}
    english = by_address["rosa@example.org"]
    assert english.subject == f"Reminder: please answer the {cycle.instrument.name_en} by Nov. 30, 2026"
    assert "Hello Rosa Ortega," in english.body
    assert reverse("surveys:survey", args=[parent.code]) in english.body
    assert f"{parent.paper_code[:5]} {parent.paper_code[5:]}" in english.body
    assert cycle.instrument.name_es in by_address["ana@example.org"].subject
    assert "30 de noviembre de 2026" in by_address["ana@example.org"].body
    assert reverse("surveys:survey", args=[spanish.code]) in by_address["ana@example.org"].body
    parent.refresh_from_db()
    assert parent.reminded_at is not None


def test_at_most_one_reminder_per_interval_however_often_it_runs(cycle, run, time_machine):
    _invited(cycle, parent_email="rosa@example.org")

    assert run() == "Queued 1 reminder."
    assert run() == "Queued 0 reminders."
    time_machine.move_to(_at("2026-10-21"))  # six days later
    assert run() == "Queued 0 reminders."
    time_machine.move_to(_at("2026-10-22", 11))  # seven days later
    assert run() == "Queued 1 reminder."
    assert run() == "Queued 0 reminders."

    assert _reminded() == ["rosa@example.org", "rosa@example.org"]


def test_the_interval_is_the_cycles(cycle, run, time_machine):
    cycle.reminder_days = 2
    cycle.save(update_fields=["reminder_days"])
    _invited(cycle, parent_email="rosa@example.org")

    run()
    time_machine.move_to(_at("2026-10-17", 11))

    assert run() == "Queued 1 reminder."


def test_a_parent_invited_within_the_interval_is_not_reminded_yet(cycle, run):
    _invited(cycle, when="2026-10-10", parent_email="recent@example.org")

    assert run() == "Queued 0 reminders."


def test_those_who_answered_those_without_email_and_those_never_invited_are_not_reminded(cycle, run):
    answered = _invited(cycle, parent_email="answered@example.org")
    answer(answered, [4, 4, 4, 4], channel="paper")
    _invited(cycle, parent_email="")
    InvitationFactory(cycle=cycle, district=DistrictFactory(), parent_email="never@example.org")

    assert run() == "Queued 0 reminders."
    assert mail.outbox == []


def test_no_reminder_before_the_survey_opens_or_after_it_closes(cycle, run, time_machine):
    _invited(cycle, parent_email="rosa@example.org")
    cycle.opens_on = datetime.date(2026, 10, 20)
    cycle.save(update_fields=["opens_on"])

    assert run() == "Queued 0 reminders: This survey opens on Oct. 20, 2026."

    time_machine.move_to(_at("2026-11-30", 23))  # the last day still counts
    assert run() == "Queued 1 reminder."
    time_machine.move_to(_at("2026-12-09"))
    assert run() == "Queued 0 reminders: This survey closed on Nov. 30, 2026."
    assert _reminded() == ["rosa@example.org"]


def test_a_parent_who_answers_after_the_listing_is_not_reminded(cycle, django_capture_on_commit_callbacks, monkeypatch):
    from surveys.services import reminders

    parents = [_invited(cycle, parent_email=f"p{n}@example.org") for n in range(2)]
    listed = reminders.reminders_due

    def answered_meanwhile(cycle, now):
        due = list(listed(cycle, now).values_list("pk", flat=True))
        answer(parents[0], [4, 4, 4, 4])
        return Invitation.objects.filter(pk__in=due)

    monkeypatch.setattr(reminders, "reminders_due", answered_meanwhile)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(cycle=cycle) == 1

    assert _reminded() == ["p1@example.org"]


def test_the_reminder_button_asks_first_then_reminds(client, people, cycle, django_capture_on_commit_callbacks):
    _invited(cycle, parent_email="rosa@example.org")
    client.force_login(people.coordinator)
    url = reverse("surveys:survey-reminders-send", args=[cycle.slug])

    assert "1 parent who has not answered will get a reminder" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)

    assert "The reminder is on its way to 1 parent." in response.content.decode()
    assert _reminded() == ["rosa@example.org"]
    page = client.get(reverse("surveys:cycle-detail", args=[cycle.slug])).content.decode()
    assert 'Reminded at least once</dt><dd class="col-sm-7">1</dd>' in page
    assert "Send reminders (0 due)…" in page


def test_the_reminder_button_is_not_offered_after_the_close(client, people, cycle, time_machine):
    _invited(cycle)
    time_machine.move_to(_at("2026-12-03"))
    client.force_login(people.coordinator)

    page = client.get(reverse("surveys:cycle-detail", args=[cycle.slug])).content.decode()
    refused = client.post(reverse("surveys:survey-reminders-send", args=[cycle.slug]), follow=True)

    assert reverse("surveys:survey-reminders-send", args=[cycle.slug]) not in page
    assert "This survey closed on Nov. 30, 2026" in refused.content.decode()
    assert mail.outbox == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_invitation_and_each_reminder_once(time_machine):
    cycle = CycleFactory(slug="i8-race", reminder_days=7)
    district = DistrictFactory()
    parents = [InvitationFactory(cycle=cycle, district=district) for _ in range(30)]
    runs = 4

    def race(action) -> list[int]:
        start = threading.Barrier(runs)
        counts, errors = [], []

        def one():
            start.wait()
            try:
                counts.append(action(cycle=cycle))
            except Exception as error:  # the test reports whatever went wrong
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=one) for _ in range(runs)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        return counts

    assert sum(race(invitations_send)) == len(parents)
    invitations = [message for message in mail.outbox if not message.subject.startswith("Reminder:")]
    assert len(invitations) == len(parents)

    time_machine.move_to(_at("2026-10-23"))
    assert sum(race(reminders_send)) == len(parents)
    assert len(_reminded()) == len(parents)
    assert Invitation.objects.filter(reminded_at__isnull=False).count() == len(parents)


def test_reminders_queued_on_the_last_evening_that_run_after_midnight_send_nothing(cycle, time_machine):
    from surveys.services.reminders import reminders_send_task

    _invited(cycle, parent_email="rosa@example.org")
    # The button was pressed on the last evening; the queue reached the work after midnight in Chicago.
    time_machine.move_to(datetime.datetime.fromisoformat("2026-12-01T00:30:00-06:00"))

    assert reminders_send_task.call(cycle_id=cycle.pk) == 0
    assert mail.outbox == []
    assert Invitation.objects.get(cycle=cycle).reminded_at is None
