"""Double entry of returned paper forms: each form keyed twice, agreeing keyings stored, differing ones
reconciled item by item; codes answered elsewhere, unknown codes and bad values refused with a clear
message and nothing changed."""

import pytest
from django.urls import reverse

from pep.models import AuditEntry
from pep.refusals import Refused
from surveys.models import PaperEntry, Response
from surveys.services import paper as services
from surveys.services.responses import AlreadyAnswered
from surveys.tests.factories import CycleFactory, InvitationFactory, answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(people):
    """The factory's cycle: four items on the six-point scale."""
    return CycleFactory(slug="paper-cycle")


@pytest.fixture
def invitation(cycle, people):
    return InvitationFactory(cycle=cycle, district=people.district_a, language="es", grade="PK", age=4)


@pytest.fixture
def clerk(client, people):
    client.force_login(people.coordinator)
    return client


def key_url(cycle) -> str:
    return reverse("surveys:paper-key", args=[cycle.slug])


def reconcile_url(cycle) -> str:
    return reverse("surveys:paper-reconcile", args=[cycle.slug])


def key(client, cycle, code: str, *values: str, follow: bool = True):
    data = {"paper_code": code, **{f"q{number}": value for number, value in enumerate(values, start=1)}}
    return client.post(key_url(cycle), data, follow=follow)


def grouped(code: str) -> str:
    return f"{code[:5]} {code[5:]}"


def test_the_first_keying_is_kept_and_counts_as_keyed_once(clerk, cycle, invitation, people):
    page = key(clerk, cycle, invitation.paper_code, "4", "4", "", "2")

    text = page.content.decode()
    assert f"Form {grouped(invitation.paper_code)}: first keying saved." in text
    assert "Keyed once: <strong>1</strong> · waiting for reconciliation: <strong>0</strong>" in text
    entry = PaperEntry.objects.get()
    assert (entry.invitation, entry.pass_number, entry.answers, entry.keyed_by) == (
        invitation,
        1,
        [4, 4, None, 2],
        people.coordinator,
    )
    assert not Response.objects.exists()
    invitation.refresh_from_db()
    assert invitation.responded is False


def test_a_second_keying_that_agrees_stores_the_response_and_forgets_the_keyings(clerk, cycle, invitation):
    key(clerk, cycle, invitation.paper_code, "4", "4", "", "2")
    page = key(clerk, cycle, invitation.paper_code.lower(), "4", "4", "", "2")

    assert (
        f"Form {grouped(invitation.paper_code)}: both keyings agree; its answers are stored." in page.content.decode()
    )
    response = Response.objects.get()
    assert (response.channel, response.language, response.answers, response.age_group) == (
        "paper",
        "es",
        [4, 4, None, 2],
        "preschool",
    )
    assert response.scored and response.counts_yes  # 3 answered, all agree
    assert not PaperEntry.objects.exists()  # nothing links the stored answers back to the code
    invitation.refresh_from_db()
    assert invitation.responded is True


def test_a_second_keying_that_differs_waits_and_the_reconcile_page_shows_only_the_differing_items(
    clerk, cycle, invitation
):
    key(clerk, cycle, invitation.paper_code, "4", "4", "5", "2")
    page = key(clerk, cycle, invitation.paper_code, "4", "3", "5", "")

    text = page.content.decode()
    assert "the second keying differs from the first on items 2, 4. It waits for reconciliation." in text
    assert "waiting for reconciliation: <strong>1</strong>" in text
    assert not Response.objects.exists()

    listing = clerk.get(reconcile_url(cycle)).content.decode()
    assert f"Form {grouped(invitation.paper_code)}" in listing
    assert "Item 2: Statement 2." in listing and "Item 4: Statement 4." in listing
    assert "Item 1:" not in listing and "Item 3:" not in listing
    assert "4 · Agree (first keying)" in listing and "3 · Disagree (second keying)" in listing
    assert "2 · Strongly disagree (first keying)" in listing and "Blank (skipped) (second keying)" in listing
    assert invitation.paper_code not in reconcile_url(cycle)


def _waiting(cycle, invitation, client):
    key(client, cycle, invitation.paper_code, "4", "4", "5", "2")
    key(client, cycle, invitation.paper_code, "4", "3", "5", "")
    return PaperEntry.objects.get(pass_number=2)


def test_a_reconciled_form_is_stored_with_the_values_chosen_or_typed(clerk, cycle, invitation):
    second = _waiting(cycle, invitation, clerk)

    page = clerk.post(
        reconcile_url(cycle),
        {"action": "reconcile", "entry": second.pk, "choice-2": "3", "choice-4": "2", "typed-4": "6"},
        follow=True,
    )

    assert f"Form {grouped(invitation.paper_code)} is reconciled; its answers are stored." in page.content.decode()
    assert "No form is waiting" in page.content.decode()
    response = Response.objects.get()
    assert (response.answers, response.channel, response.language) == ([4, 3, 5, 6], "paper", "es")
    assert not PaperEntry.objects.exists()
    invitation.refresh_from_db()
    assert invitation.responded is True
    audit = AuditEntry.objects.get(action="survey.paper_reconcile")
    assert invitation.paper_code not in audit.summary and invitation.paper_code not in str(audit.details)


def test_a_reconciliation_may_choose_blank_for_an_item(clerk, cycle, invitation):
    second = _waiting(cycle, invitation, clerk)

    clerk.post(
        reconcile_url(cycle), {"action": "reconcile", "entry": second.pk, "choice-2": "skip", "choice-4": "skip"}
    )

    assert Response.objects.get().answers == [4, None, 5, None]


def test_a_reconciliation_missing_an_item_is_refused_and_keeps_the_choices(clerk, cycle, invitation):
    second = _waiting(cycle, invitation, clerk)

    page = clerk.post(reconcile_url(cycle), {"action": "reconcile", "entry": second.pk, "choice-2": "3"})

    text = page.content.decode()
    assert page.status_code == 200
    assert "Decide item 4." in text and "Nothing was saved." in text
    assert f'id="choice-{second.pk}-2-2" checked' in text
    assert not Response.objects.exists()
    assert PaperEntry.objects.count() == 2


def test_a_reconciliation_with_a_bad_typed_value_is_refused(clerk, cycle, invitation):
    second = _waiting(cycle, invitation, clerk)

    page = clerk.post(
        reconcile_url(cycle), {"action": "reconcile", "entry": second.pk, "typed-2": "7", "choice-4": "2"}
    )

    assert "Item 2: type 1 to 6." in page.content.decode()
    assert not Response.objects.exists()


def test_a_form_reconciled_already_says_so(clerk, cycle, invitation):
    second = _waiting(cycle, invitation, clerk)
    data = {"action": "reconcile", "entry": second.pk, "choice-2": "3", "choice-4": "2"}
    clerk.post(reconcile_url(cycle), data)

    page = clerk.post(reconcile_url(cycle), data)

    assert "This form has been reconciled already, or is no longer waiting." in page.content.decode()
    assert Response.objects.count() == 1


def test_both_keyings_of_a_waiting_form_can_be_thrown_away_to_key_it_again(clerk, cycle, invitation):
    second = _waiting(cycle, invitation, clerk)

    page = clerk.post(reconcile_url(cycle), {"action": "discard", "entry": second.pk}, follow=True)

    assert "Both keyings of form" in page.content.decode()
    assert not PaperEntry.objects.exists()
    key(clerk, cycle, invitation.paper_code, "1", "2", "3", "4")
    assert PaperEntry.objects.get().pass_number == 1


def test_a_third_keying_is_refused_until_the_form_is_reconciled(clerk, cycle, invitation):
    _waiting(cycle, invitation, clerk)

    page = key(clerk, cycle, invitation.paper_code, "4", "4", "5", "2")

    text = page.content.decode()
    assert "has been keyed twice and its keyings differ; reconcile it." in text
    assert "Nothing was saved." in text
    assert PaperEntry.objects.count() == 2
    assert not Response.objects.exists()


def test_a_code_answered_on_the_web_cannot_be_keyed(clerk, cycle, invitation):
    answer(invitation, [6, 6, 6, 6])

    page = key(clerk, cycle, invitation.paper_code, "1", "1", "1", "1")

    assert "has already been answered (on the web, on paper or in an import): nothing was changed." in (
        page.content.decode()
    )
    assert not PaperEntry.objects.exists()
    assert Response.objects.get().answers == [6, 6, 6, 6]


def test_a_keyed_code_cannot_be_answered_on_the_web(clerk, cycle, invitation):
    key(clerk, cycle, invitation.paper_code, "4", "4", "5", "2")
    with pytest.raises(AlreadyAnswered):
        answer(invitation, [1, 1, 1, 1])  # its paper form is being keyed

    key(clerk, cycle, invitation.paper_code, "4", "4", "5", "2")
    with pytest.raises(AlreadyAnswered):
        answer(invitation, [1, 1, 1, 1])
    assert Response.objects.get().answers == [4, 4, 5, 2]


def test_an_unknown_code_says_so_on_the_code_field(clerk, cycle, invitation):
    page = key(clerk, cycle, "ACDEF-GHJKM", "4", "4", "5", "2")

    text = page.content.decode()
    assert "No invitation has the paper code “ACDEF-GHJKM”. Check the code on the form." in text
    assert 'aria-invalid="true" autofocus' in text  # back on the code field, with the values kept
    assert 'name="q3" id="id_q3" value="5"' in text
    assert not PaperEntry.objects.exists()


def test_a_code_of_another_cycle_is_refused(clerk, cycle, people):
    other = InvitationFactory(cycle=CycleFactory(slug="other-cycle"), district=people.district_a)

    page = key(clerk, cycle, other.paper_code, "4", "4", "5", "2")

    assert f"The paper code {other.paper_code} belongs to another survey cycle, not to paper-cycle." in (
        page.content.decode()
    )
    assert not PaperEntry.objects.exists()


@pytest.mark.parametrize("bad", ["7", "0", "x", "12", "-1"])
def test_a_value_outside_one_to_six_is_refused_on_its_box(clerk, cycle, invitation, bad):
    page = key(clerk, cycle, invitation.paper_code, "4", bad, "5", "2")

    text = page.content.decode()
    assert "Item 2: type 1 to 6, or leave it blank." in text
    assert 'href="#id_q2"' in text
    assert not PaperEntry.objects.exists()


def test_a_form_with_every_box_blank_is_not_keyed(clerk, cycle, invitation):
    page = key(clerk, cycle, invitation.paper_code, "", "", "", "")

    assert "Every box is blank: type the number marked for each statement." in page.content.decode()
    assert not PaperEntry.objects.exists()


def test_the_same_page_sent_twice_keys_the_form_once(clerk, cycle, invitation):
    data = {"paper_code": invitation.paper_code, "q1": "4", "q2": "4", "q3": "5", "q4": "2"}
    data["once"] = "9b2f6a8e-1c3d-4e5f-8a7b-0c1d2e3f4a5b"

    clerk.post(key_url(cycle), data)
    second = clerk.post(key_url(cycle), data)

    assert second.status_code == 302
    assert PaperEntry.objects.get().pass_number == 1  # not taken for an agreeing second keying
    assert not Response.objects.exists()


def test_two_clerks_keying_one_form_at_once_get_a_message_not_an_error(clerk, cycle, invitation, monkeypatch):
    key(clerk, cycle, invitation.paper_code, "4", "4", "5", "2")
    # The other clerk's first keying committed after this one read the form's keyings.
    monkeypatch.setattr(services, "_keyings", lambda invitation_id: {})

    page = key(clerk, cycle, invitation.paper_code, "4", "3", "5", "2")

    assert page.status_code == 200
    assert "was keyed by someone else at the same moment" in page.content.decode()
    assert PaperEntry.objects.count() == 1


def test_the_service_refuses_anyone_but_a_coordinator(cycle, invitation, people):
    with pytest.raises(Exception) as refused:
        services.paper_key(cycle=cycle, typed_code=invitation.paper_code, answers=[4, 4, 5, 2], actor=people.leader_a)
    assert not isinstance(refused.value, Refused)  # PermissionDenied: a 403, not a message
    assert not PaperEntry.objects.exists()


@pytest.mark.parametrize("user", ["leader_a", "team_a", "nobody"])
def test_only_coordinators_may_key_or_reconcile(client, cycle, invitation, people, user):
    client.force_login(getattr(people, user))
    data = {"paper_code": invitation.paper_code, "q1": "4", "q2": "4", "q3": "5", "q4": "2"}

    assert client.post(key_url(cycle), data).status_code == 403
    assert client.post(reconcile_url(cycle), {"action": "discard", "entry": "1"}).status_code == 403
    assert not PaperEntry.objects.exists()


def test_a_perceptions_cycle_has_no_paper_pages(clerk, people):
    from surveys.tests.factories import make_instrument

    perceptions = CycleFactory(instrument=make_instrument(kind="perceptions"))

    assert clerk.get(key_url(perceptions)).status_code == 404
    assert clerk.get(reconcile_url(perceptions)).status_code == 404


def test_the_cycle_page_shows_the_counts_of_keyed_and_waiting_forms(clerk, cycle, invitation, people):
    _waiting(cycle, invitation, clerk)
    other = InvitationFactory(cycle=cycle, district=people.district_b)
    key(clerk, cycle, other.paper_code, "1", "2", "3", "4")

    text = clerk.get(cycle.get_absolute_url()).content.decode()

    assert "Returned forms keyed once: <strong>1</strong>. Waiting for reconciliation: <strong>1</strong>." in text
    assert "Reconcile 1 form" in text
    assert reverse("surveys:paper-packets", args=[cycle.slug]) in text


def test_the_keying_page_costs_the_same_queries_with_many_forms(clerk, cycle, people, django_assert_max_num_queries):
    first = InvitationFactory(cycle=cycle, district=people.district_a)
    key(clerk, cycle, first.paper_code, "1", "2", "3", "4")
    with django_assert_max_num_queries(12) as few:
        clerk.get(key_url(cycle))
    for _number in range(30):
        invitation = InvitationFactory(cycle=cycle, district=people.district_a)
        PaperEntry.objects.create(invitation=invitation, pass_number=1, answers=[1, 2, 3, 4])

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = clerk.get(key_url(cycle))

    assert "Keyed once: <strong>31</strong>" in page.content.decode()


def _mismatched(cycle, district, clerk_user):
    invitation = InvitationFactory(cycle=cycle, district=district)
    PaperEntry.objects.create(invitation=invitation, pass_number=1, answers=[1, 2, 3, 4], keyed_by=clerk_user)
    PaperEntry.objects.create(invitation=invitation, pass_number=2, answers=[1, 2, 4, 4], keyed_by=clerk_user)
    return invitation


def test_the_reconcile_page_costs_the_same_queries_with_many_forms(clerk, cycle, people, django_assert_max_num_queries):
    _mismatched(cycle, people.district_a, people.coordinator)
    with django_assert_max_num_queries(12) as few:
        clerk.get(reconcile_url(cycle))
    waiting = [_mismatched(cycle, people.district_a, people.coordinator) for _number in range(25)]

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = clerk.get(reconcile_url(cycle))

    text = page.content.decode()
    assert "26 forms&#x27; two keyings differ." in text or "26 forms' two keyings differ." in text
    assert "Page 1 of 2" in text
    assert grouped(waiting[-1].paper_code) not in text  # the newest waits on the next page
