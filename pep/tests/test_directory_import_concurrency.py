"""Two coordinators importing at the same moment: both finish, nothing is written twice."""

import threading

import pytest
from django.db import connection

from pep.models import AuditEntry, District, School
from pep.services import directory_import
from pep.tests.test_directory_import import GOOD

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _import_at_once(data: bytes, imports: int) -> list:
    """Run `imports` imports in threads released together; return their results or exceptions."""
    start = threading.Barrier(imports)
    outcomes = []

    def run():
        start.wait()
        try:
            outcomes.append(directory_import(data=data))
        except Exception as exc:  # the test reports whatever went wrong
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(imports)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_simultaneous_imports_of_one_file_both_succeed_and_write_once():
    outcomes = _import_at_once(GOOD.encode(), imports=4)

    assert all(getattr(outcome, "ok", False) for outcome in outcomes), outcomes
    assert sorted(outcome.schools_created for outcome in outcomes) == [0, 0, 0, 3]
    assert (District.objects.count(), School.objects.count()) == (3, 3)
    assert AuditEntry.objects.filter(action="directory.import").count() == 1


def test_a_school_moved_by_a_simultaneous_import_is_reported_not_crashed():
    moved = GOOD.replace("0101,Prairie Valley CUSD 7,Central,0101-01", "0202,Riverbend SD 112,North,0101-01")

    outcomes = _import_at_once(GOOD.encode(), imports=1) + _import_at_once(moved.encode(), imports=1)

    assert outcomes[0].ok
    assert [error.line for error in outcomes[1].errors] == [2]
