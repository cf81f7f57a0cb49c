"""The kept district tallies the reports read: after every kind of write they equal a fresh count of the
roster and the responses, parents answering at once in one district are all counted, and a cycle with no
tallies kept yet is counted when read and kept whole at its next write."""

import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection

from pep.tests.factories import DistrictFactory
from surveys.models import DistrictTally
from surveys.selectors import reports
from surveys.selectors.tallies import count_districts
from surveys.services.imports import responses_import, roster_import
from surveys.services.paper import paper_key
from surveys.tests.factories import CycleFactory, InvitationFactory, answer

pytestmark = pytest.mark.django_db

ROSTER_HEADER = (
    "student_ref,parent_name,parent_email,parent_phone,mailing_address,language,district_code,school_code,"
    "grade,age,disability_category,race_ethnicity,gender\n"
)


def _kept(cycle) -> dict[int, tuple[int, ...]]:
    return {
        district_id: tuple(counts)
        for district_id, counts in DistrictTally.objects.filter(cycle=cycle).values_list("district_id", "counts")
    }


def test_every_write_leaves_the_tallies_equal_to_a_fresh_count(people):
    cycle = CycleFactory(slug="tallied")
    roster = ROSTER_HEADER + "".join(
        f"S{number},Parent {number},,,,en,{district.code},,{grade},{age},SLD,HI,F\n"
        for number, (district, grade, age) in enumerate(
            [(people.district_a, "3", 8), (people.district_a, "PK", 4), (people.district_b, "7", 12)] * 3
        )
    )
    assert roster_import(cycle=cycle, data=roster.encode()).ok
    assert _kept(cycle) == count_districts(cycle.pk) and _kept(cycle)[people.district_a.pk][0] == 6

    codes = list(cycle.invitations.order_by("pk").values_list("paper_code", flat=True))
    returned = "paper_code,channel,language,q1,q2,q3,q4\n" + f"{codes[0]},paper,en,4,4,4,4\n"
    assert responses_import(cycle=cycle, data=returned.encode()).ok
    assert _kept(cycle) == count_districts(cycle.pk)

    answer(cycle.invitations.get(paper_code=codes[1]), [1, 2, None, 2])  # on the web
    assert _kept(cycle) == count_districts(cycle.pk)
    assert _kept(cycle)[people.district_a.pk][1] == 2  # returned

    keyed = cycle.invitations.get(paper_code=codes[2])
    for _ in range(2):  # double entry: the response is stored at the second matching keying
        paper_key(cycle=cycle, typed_code=keyed.paper_code, answers=[5, 5, 5, 5], actor=people.coordinator)
    assert _kept(cycle) == count_districts(cycle.pk)
    assert sum(counts[1] for counts in _kept(cycle).values()) == 3


def test_a_cycle_with_no_tallies_kept_yet_is_counted_when_read(people):
    cycle = CycleFactory(slug="untallied")
    for _ in range(3):
        answer(InvitationFactory(cycle=cycle, district=people.district_a), [4, 4, 4, 4])
    DistrictTally.objects.filter(cycle=cycle).delete()  # as for a cycle from before tallies were kept

    alder = reports.indicator8_report(cycle).district(people.district_a.pk)
    assert (alder.all.invited, alder.all.returned, alder.all.respondents) == (3, 3, 3)

    answer(InvitationFactory(cycle=cycle, district=people.district_b), [4, 4, 4, 4])  # the next write counts all
    assert _kept(cycle) == count_districts(cycle.pk) and set(_kept(cycle)) == {
        people.district_a.pk,
        people.district_b.pk,
    }


def test_the_recount_command_mends_tallies_changed_outside_pep(people):
    cycle = CycleFactory(slug="mended")
    answer(InvitationFactory(cycle=cycle, district=people.district_a), [4, 4, 4, 4])
    DistrictTally.objects.filter(cycle=cycle).update(counts=[0] * 40)  # as after a change made in SQL
    out = io.StringIO()

    call_command("recount_survey_tallies", "mended", stdout=out)

    assert _kept(cycle) == count_districts(cycle.pk) and _kept(cycle)[people.district_a.pk][:3] == (1, 1, 1)
    assert "Counted the tallies of 1 cycle." in out.getvalue()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parents_of_one_district_answering_at_once_are_all_counted():
    cycle = CycleFactory(slug="tallied-race")
    district = DistrictFactory()
    parents = [InvitationFactory(cycle=cycle, district=district) for _ in range(12)]
    start, errors = threading.Barrier(len(parents)), []

    def one(invitation):
        start.wait()
        try:
            answer(invitation, [4, 5, 4, 5])
        except Exception as error:  # the test reports whatever went wrong
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(parent,)) for parent in parents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert _kept(cycle)[district.pk][:4] == (12, 12, 12, 12)
    assert _kept(cycle) == count_districts(cycle.pk)
