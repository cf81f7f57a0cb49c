"""Importing returned responses: matched by paper code to this cycle's invitations, scored, never
overwriting an answer given on the web, on paper or by an earlier file."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pep.models import AuditEntry
from surveys.models import Invitation, PaperEntry, Response
from surveys.services import imports
from surveys.services.imports import responses_import
from surveys.services.responses import AlreadyAnswered, response_store
from surveys.tests.factories import CycleFactory, InvitationFactory, answer

QUESTIONS = ["q1", "q2", "q3", "q4"]  # the factory's instrument has four items


def responses_csv(*rows: list, columns: list[str] | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns or ["paper_code", "channel", "language", *QUESTIONS])
    writer.writerows(rows)
    return out.getvalue().encode()


@pytest.fixture
def cycle(people):
    return CycleFactory()


@pytest.fixture
def invitations(people, cycle):
    return [
        InvitationFactory(cycle=cycle, district=people.district_a, grade="PK", age=4, race_ethnicity="BL"),
        InvitationFactory(cycle=cycle, district=people.district_b, grade="7", age=12, gender="M"),
        InvitationFactory(cycle=cycle, district=people.district_a),
    ]


def test_it_stores_each_returned_form_scored_and_marks_its_invitation_answered(people, cycle, invitations):
    preschool, middle, _waiting = invitations
    spaced = f"{preschool.paper_code[:5].lower()}-{preschool.paper_code[5:].lower()}"  # as a clerk may type it
    data = responses_csv(
        [spaced, "paper", "es", "5", "", "6", "4"], [middle.paper_code, "phone", "en", "1", "2", "", ""]
    )

    result = responses_import(cycle=cycle, data=data, actor=people.coordinator)

    assert result.ok and (result.saved, result.districts) == (2, 2)
    assert set(Invitation.objects.filter(responded=True).values_list("pk", flat=True)) == {preschool.pk, middle.pk}
    stored = {response.channel: response for response in Response.objects.filter(cycle=cycle)}
    paper, phone = stored["paper"], stored["phone"]
    assert (paper.answers, paper.answered, paper.scored, paper.counts_yes) == ([5, None, 6, 4], 3, True, True)
    assert (paper.language, paper.district, paper.age_group, paper.grade_band, paper.race_ethnicity) == (
        "es",
        people.district_a,
        "preschool",
        "PK",
        "BL",
    )
    assert (phone.answers, phone.scored, phone.counts_yes, phone.age_group, phone.gender) == (
        [1, 2, None, None],
        True,
        False,
        "school_age",
        "M",
    )
    assert AuditEntry.objects.filter(action="survey.responses_import", actor=people.coordinator).count() == 1


def test_a_form_with_too_few_answers_counts_as_returned_but_not_scored(people, cycle, invitations):
    data = responses_csv([invitations[0].paper_code, "paper", "en", "5", "", "", ""])

    assert responses_import(cycle=cycle, data=data).ok

    response = Response.objects.get()
    assert (response.answered, response.scored, response.counts_yes) == (1, False, None)


def test_a_file_with_the_wrong_question_columns_is_refused_at_its_header(people, cycle, invitations):
    columns = ["paper_code", "channel", "language", "q1", "q2", "q3"]

    result = responses_import(
        cycle=cycle, data=responses_csv([invitations[0].paper_code, "paper", "en", "1", "2", "3"], columns=columns)
    )

    assert [error.line for error in result.errors] == [1]
    assert "q4" in result.errors[0].message
    assert not Response.objects.exists()


def test_every_bad_line_is_listed_and_nothing_is_saved(people, cycle, invitations):
    other_cycles = InvitationFactory(cycle=CycleFactory(), district=people.district_a)
    first, second, third = invitations
    data = responses_csv(
        [first.paper_code, "paper", "en", "4", "4", "4", "4"],  # line 2: good
        [second.paper_code, "paper", "en", "7", "0", "x", "4"],  # line 3: values outside 1 to 6
        ["ACDEFGHJKM", "paper", "en", "4", "4", "4", "4"],  # line 4: nobody's code
        [other_cycles.paper_code, "paper", "en", "4", "4", "4", "4"],  # line 5: another cycle's invitation
        [first.paper_code.lower(), "web", "en", "4", "4", "4", "4"],  # line 6: the code of line 2 again
        [third.paper_code, "fax", "fr", "4", "4", "4", "4"],  # line 7: bad channel and language
        ["", "paper", "en", "4", "4", "4", "4"],  # line 8: no code
        ["ABC", "paper", "en", "4", "4", "4", "4"],  # line 9: too short to be a code
        [third.paper_code, "paper", "en", "4.0", "4", "4", "4"],  # line 10: not a whole value
    )

    result = responses_import(cycle=cycle, data=data)

    reasons = {error.line: error.message for error in result.errors}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert "The answers q1 “7”, q2 “0”, q3 “x” are not values from 1 to 6" in reasons[3]
    assert reasons[4] == "No invitation of this cycle has the paper code ACDEFGHJKM."
    assert reasons[5] == f"No invitation of this cycle has the paper code {other_cycles.paper_code}."
    assert "is also on line 2" in reasons[6]
    assert "channel “fax”" in reasons[7] and "language “fr”" in reasons[7]
    assert "paper_code column is empty" in reasons[8]
    assert "does not have 10 letters and digits" in reasons[9]
    assert "also on line 7; the answer q1 “4.0” is not a value from 1 to 6" in reasons[10]
    assert not Response.objects.exists()
    assert not Invitation.objects.filter(responded=True).exists()


def test_a_code_answered_on_the_web_is_refused_and_its_answers_kept(people, cycle, invitations):
    first, second, _third = invitations
    answer(first, [1, 1, 1, 1])
    data = responses_csv(
        [first.paper_code, "paper", "en", "6", "6", "6", "6"], [second.paper_code, "paper", "en", "4", "4", "4", "4"]
    )

    result = responses_import(cycle=cycle, data=data)

    assert [(error.line, error.message) for error in result.errors] == [
        (2, f"The paper code {first.paper_code} has already answered; nothing was overwritten.")
    ]
    assert list(Response.objects.values_list("answers", "channel")) == [([1, 1, 1, 1], "web")]
    assert not Invitation.objects.get(pk=second.pk).responded


def test_a_code_imported_cannot_answer_again_on_the_web_or_in_another_file(people, cycle, invitations):
    first = invitations[0]
    data = responses_csv([first.paper_code, "paper", "en", "4", "5", "4", "5"])
    assert responses_import(cycle=cycle, data=data).ok

    with pytest.raises(AlreadyAnswered):
        response_store(invitation_id=first.pk, answers=[1, 1, 1, 1], channel="web", language="en")
    again = responses_import(cycle=cycle, data=data)

    assert [error.line for error in again.errors] == [2]
    assert "already answered" in again.errors[0].message
    assert list(Response.objects.values_list("answers", flat=True)) == [[4, 5, 4, 5]]


def test_a_form_being_keyed_on_paper_is_refused(people, cycle, invitations):
    first = invitations[0]
    PaperEntry.objects.create(invitation=first, pass_number=1, answers=[4, 4, 4, 4], keyed_by=people.coordinator)

    result = responses_import(cycle=cycle, data=responses_csv([first.paper_code, "paper", "en", "4", "4", "4", "4"]))

    assert "being keyed by double entry" in result.errors[0].message
    assert not Response.objects.exists()


def test_forms_come_in_after_the_cycle_closes(people, invitations):
    cycle = invitations[0].cycle
    cycle.opens_on, cycle.closes_on = datetime.date(2026, 9, 1), datetime.date(2026, 9, 30)
    cycle.save()

    assert responses_import(
        cycle=cycle, data=responses_csv([invitations[0].paper_code, "paper", "en", "4", "4", "4", "4"])
    ).ok


def test_responses_are_saved_in_a_shuffled_order(people, cycle, invitations, monkeypatch):
    shuffled = []

    def record(responses):
        shuffled.append([response["answers"] for response in responses])
        responses.reverse()

    monkeypatch.setattr(imports, "_shuffle", record)
    rows = [
        [invitation.paper_code, "paper", "en", str(number), "4", "4", "4"]
        for number, invitation in enumerate(invitations, 1)
    ]

    assert responses_import(cycle=cycle, data=responses_csv(*rows)).ok

    assert shuffled == [[[1, 4, 4, 4], [2, 4, 4, 4], [3, 4, 4, 4]]]  # every response, before any was saved


def test_a_dry_run_saves_nothing(people, cycle, invitations):
    result = responses_import(
        cycle=cycle, data=responses_csv([invitations[0].paper_code, "web", "en", "4", "4", "4", "4"]), dry_run=True
    )

    assert result.ok and result.saved == 1
    assert not Response.objects.exists() and not Invitation.objects.filter(responded=True).exists()


def test_a_large_file_is_saved_in_a_few_queries(people, cycle):
    invitations = [InvitationFactory(cycle=cycle, district=people.district_a) for _ in range(150)]
    data = responses_csv(*[[invitation.paper_code, "paper", "en", "4", "5", "", "2"] for invitation in invitations])

    with CaptureQueriesContext(connection) as queries:
        assert responses_import(cycle=cycle, data=data).saved == 150

    # SQLite takes about 60 responses per INSERT (its limit of 999 parameters); PostgreSQL takes them all.
    # Then the cycle's tallies are counted again: a lock, five counts, a delete and an insert.
    assert len(queries) <= 24
