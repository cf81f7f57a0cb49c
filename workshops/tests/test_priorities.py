"""PT3 priorities: recorded per school for a PT3 offering, ranked 1..n, reordered, edited and removed
(audited); refused for other programs; shown on the school's page. Workshops never imports partnerships."""

import datetime
import pathlib

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pep.models import AuditEntry
from pep.refusals import Refused
from pep.tests.factories import SchoolFactory
from workshops.models import OfferingStatus, Pt3Priority
from workshops.selectors.priorities import priorities_for_school, schools_found
from workshops.services.priorities import priority_add, priority_delete, priority_move, priority_update
from workshops.tests.factories import OfferingFactory

pytestmark = pytest.mark.django_db


def _pt3(**fields):
    return OfferingFactory(program_code="pt3", title=fields.pop("title", "PT3 at Alder"), **fields)


def _ranked(offering, school) -> list[str]:
    return list(
        Pt3Priority.objects.filter(offering=offering, school=school).order_by("rank").values_list("text", flat=True)
    )


def _add(offering, school, actor, *texts):
    return [priority_add(offering=offering, school=school, text=text, actor=actor) for text in texts]


def test_priorities_are_ranked_in_the_order_they_are_added_per_school(people):
    offering = _pt3()
    _add(offering, people.school_a, people.coordinator, "Homework help", "Bus routes")
    _add(offering, people.school_b, people.coordinator, "Spanish newsletters")
    assert _ranked(offering, people.school_a) == ["Homework help", "Bus routes"]
    assert list(Pt3Priority.objects.filter(school=people.school_b).values_list("rank", flat=True)) == [1]
    assert AuditEntry.objects.filter(action="pt3_priority.add", district=people.district_a).count() == 2


def test_moving_a_priority_swaps_it_with_its_neighbour_and_the_ends_stay_put(people):
    offering = _pt3()
    first, second, third = _add(offering, people.school_a, people.coordinator, "One", "Two", "Three")
    priority_move(priority=third, direction="up", actor=people.coordinator)
    assert _ranked(offering, people.school_a) == ["One", "Three", "Two"]
    priority_move(priority=first, direction="up", actor=people.coordinator)
    priority_move(priority=Pt3Priority.objects.get(pk=second.pk), direction="down", actor=people.coordinator)
    assert _ranked(offering, people.school_a) == ["One", "Three", "Two"]
    with pytest.raises(Refused):
        priority_move(priority=first, direction="sideways", actor=people.coordinator)


def test_removing_a_priority_moves_those_below_it_up(people):
    offering = _pt3()
    _first, second, _third = _add(offering, people.school_a, people.coordinator, "One", "Two", "Three")
    priority_delete(priority=second, actor=people.coordinator)
    assert list(Pt3Priority.objects.order_by("rank").values_list("rank", "text")) == [(1, "One"), (2, "Three")]
    assert AuditEntry.objects.filter(action="pt3_priority.delete").exists()


def test_editing_keeps_the_rank_and_a_blank_priority_is_refused(people):
    offering = _pt3()
    (priority,) = _add(offering, people.school_a, people.coordinator, "Homework")
    priority_update(priority=priority, text="  Homework   help nights ", actor=people.coordinator)
    assert Pt3Priority.objects.get().text == "Homework help nights"
    with pytest.raises(Refused):
        priority_update(priority=priority, text="   ", actor=people.coordinator)
    with pytest.raises(Refused):
        priority_add(offering=offering, school=people.school_a, text="", actor=people.coordinator)


def test_only_pt3_offerings_and_only_coordinators_record_priorities(people):
    with pytest.raises(Refused):
        priority_add(offering=OfferingFactory(), school=people.school_a, text="x", actor=people.coordinator)
    with pytest.raises(PermissionDenied):
        priority_add(offering=_pt3(), school=people.school_a, text="x", actor=people.leader_a)
    assert not Pt3Priority.objects.exists()


def test_a_schools_priorities_come_latest_conversation_first_in_one_query(people, django_assert_num_queries):
    spring = _pt3(title="PT3 spring", sessions=[(datetime.date(2026, 4, 10), 17, 19)])
    autumn = _pt3(title="PT3 autumn", sessions=[(datetime.date(2026, 10, 8), 17, 19)])
    cancelled = _pt3(title="PT3 cancelled", sessions=[(datetime.date(2026, 10, 1), 17, 19)])
    _add(spring, people.school_a, people.coordinator, "Spring one")
    _add(autumn, people.school_a, people.coordinator, "Autumn one", "Autumn two")
    _add(cancelled, people.school_a, people.coordinator, "Never held")
    cancelled.status = OfferingStatus.CANCELLED
    cancelled.save(update_fields=["status"])
    with django_assert_num_queries(1):
        texts = [(p.offering.title, p.text) for p in priorities_for_school(people.school_a.pk)]
    assert texts == [("PT3 autumn", "Autumn one"), ("PT3 autumn", "Autumn two"), ("PT3 spring", "Spring one")]
    since_summer = priorities_for_school(people.school_a.pk, held_from=datetime.date(2026, 7, 1))
    assert [p.text for p in since_summer] == ["Autumn one", "Autumn two"]
    until_spring = priorities_for_school(people.school_a.pk, held_until=datetime.date(2026, 4, 10))
    assert [p.text for p in until_spring] == ["Spring one"]


def test_the_school_search_puts_the_host_districts_schools_first(people):
    SchoolFactory(district=people.district_b, name="Alder Academy")
    found = [school.name for school in schools_found("alder", host_district_id=people.district_a.pk)]
    assert found == ["Alder Elementary", "Alder Academy"]
    assert list(schools_found("   ")) == []


# --- the page


def _page(offering) -> str:
    return reverse("workshops:offering-priorities", args=[offering.pk])


def test_a_coordinator_finds_a_school_and_records_edits_reorders_and_removes_its_priorities(client, people):
    offering = _pt3(host_district=people.district_a)
    client.force_login(people.coordinator)
    found = client.get(_page(offering), {"q": "Alder"}).content.decode()
    assert "Alder Elementary" in found
    chosen = client.get(_page(offering), {"school": people.school_a.pk}).content.decode()
    assert "No priorities for this school yet" in chosen
    for text in ("Homework help", "Family nights"):
        response = client.post(_page(offering), {"action": "add", "school": people.school_a.pk, "text": text})
        assert response.status_code == 302
    first, second = Pt3Priority.objects.order_by("rank")
    client.post(_page(offering), {"action": "move", "priority": second.pk, "direction": "up"})
    assert _ranked(offering, people.school_a) == ["Family nights", "Homework help"]
    edit = client.get(_page(offering), {"edit": first.pk}).content.decode()
    assert 'value="Homework help"' in edit
    client.post(_page(offering), {"action": "edit", "priority": first.pk, "text": "Homework help nights"})
    assert _ranked(offering, people.school_a) == ["Family nights", "Homework help nights"]
    confirm = client.get(_page(offering), {"remove": second.pk}).content.decode()
    assert "Remove this priority?" in confirm
    client.post(_page(offering), {"action": "remove", "priority": second.pk})
    assert list(Pt3Priority.objects.values_list("rank", "text")) == [(1, "Homework help nights")]


def test_bad_input_on_the_page_is_explained_never_a_500(client, people):
    offering = _pt3()
    client.force_login(people.coordinator)
    blank = client.post(_page(offering), {"action": "add", "school": people.school_a.pk, "text": ""})
    assert blank.status_code == 200 and "is-invalid" in blank.content.decode()
    no_school = client.post(_page(offering), {"action": "add", "school": "999999", "text": "x"})
    assert no_school.status_code == 200 and "Find the school again." in no_school.content.decode()
    gone = client.post(_page(offering), {"action": "move", "priority": "999999", "direction": "up"}, follow=True)
    assert "removed meanwhile" in gone.content.decode()
    assert not Pt3Priority.objects.exists()


def test_the_page_refuses_offerings_of_other_programs(client, people):
    offering = OfferingFactory()
    client.force_login(people.coordinator)
    page = client.get(_page(offering)).content.decode()
    assert "only for PT3 conversations" in page
    client.post(_page(offering), {"action": "add", "school": people.school_a.pk, "text": "x"})
    assert not Pt3Priority.objects.exists()


@pytest.mark.parametrize("schools", [1, 12])
def test_the_page_runs_a_constant_number_of_queries(client, people, django_assert_max_num_queries, schools):
    offering = _pt3(host_district=people.district_a)
    for number in range(schools):
        school = SchoolFactory(district=people.district_a, name=f"Alder School {number}")
        _add(offering, school, people.coordinator, "One", "Two", "Three")
    client.force_login(people.coordinator)
    with django_assert_max_num_queries(8):
        response = client.get(_page(offering), {"q": "Alder", "school": people.school_a.pk, "edit": 1})
    assert response.status_code == 200


def test_the_schools_page_shows_its_priorities_to_its_team(client, people):
    offering = _pt3(title="PT3 at Alder, October")
    _add(offering, people.school_a, people.coordinator, "Homework help", "Bus routes")
    client.force_login(people.team_a)
    body = client.get(reverse("school-detail", args=[people.school_a.pk])).content.decode()
    assert "Priorities from PT3 conversations" in body
    assert body.index("Homework help") < body.index("Bus routes")
    other = client.get(reverse("school-detail", args=[people.school_b.pk]))
    assert "Homework help" not in other.content.decode()


def test_the_workshops_app_never_imports_partnerships():
    package = pathlib.Path(__file__).resolve().parents[1]
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.name != pathlib.Path(__file__).name
        and any(
            line.strip().startswith(("import partnerships", "from partnerships"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []
