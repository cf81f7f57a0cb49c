"""The workshop catalog: seeded programs, and the coordinator's pages to list, add and edit them."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pep.models import AuditEntry
from pep.tests.factories import coordinator
from workshops.models import Program
from workshops.services.programs import program_update

SEEDED = {"pt3", "parent-leadership-101", "district-leadership-institute", "school-action-team", "parent-college"}


def _form_data(program: Program | None = None, **changes) -> dict:
    data = {
        "code": "parentcamp",
        "name_en": "ParentCamp",
        "name_es": "Campamento para padres",
        "description_en": "A day of short sessions chosen by the parents who come.",
        "description_es": "Un día de sesiones cortas que eligen los padres que asisten.",
        "audience": "everyone",
        "usual_format": "conference",
        "pd_hours": "4.5",
        "is_active": "on",
        "order": "60",
        "version": "0",
    }
    if program is not None:
        data.update(
            {
                "code": program.code,
                "name_en": program.name_en,
                "name_es": program.name_es,
                "description_en": program.description_en,
                "description_es": program.description_es,
                "audience": program.audience,
                "usual_format": program.usual_format,
                "pd_hours": "" if program.pd_hours is None else str(program.pd_hours),
                "is_active": "on" if program.is_active else "",
                "order": str(program.order),
                "version": str(program.version),
            }
        )
    data.update(changes)
    return data


@pytest.mark.django_db
def test_the_catalog_starts_with_the_five_programs_in_both_languages():
    programs = {program.code: program for program in Program.objects.all()}

    assert set(programs) >= SEEDED
    for code in SEEDED:
        program = programs[code]
        assert program.name_en and program.name_es
        assert program.description_en and program.description_es
        assert program.description_en != program.description_es
    assert programs["parent-leadership-101"].usual_format == "two_days"
    assert programs["district-leadership-institute"].audience == "district_leaders"
    assert programs["parent-college"].usual_format == "series"
    assert "Saturday" in programs["parent-college"].description_en


def test_a_coordinator_adds_a_program(client, people):
    client.force_login(people.coordinator)

    response = client.post(reverse("workshops:program-new"), _form_data(), follow=True)

    assert "Program added." in response.text
    program = Program.objects.get(code="parentcamp")
    assert (program.name_es, program.usual_format, program.pd_hours) == (
        "Campamento para padres",
        "conference",
        Decimal("4.5"),
    )
    assert "ParentCamp" in response.text
    assert AuditEntry.objects.filter(action="program.create", actor=people.coordinator).exists()


def test_a_coordinator_edits_a_program(client, people):
    client.force_login(people.coordinator)
    program = Program.objects.get(code="parent-college")

    response = client.post(
        reverse("workshops:program-edit", args=[program.pk]), _form_data(program, pd_hours="12"), follow=True
    )

    assert "Program saved." in response.text
    program.refresh_from_db()
    assert program.pd_hours == Decimal("12")
    assert program.version == 2
    assert AuditEntry.objects.filter(action="program.update", actor=people.coordinator).exists()


def test_an_edit_made_meanwhile_is_not_overwritten(client, people):
    client.force_login(people.coordinator)
    program = Program.objects.get(code="pt3")
    opened = _form_data(program)  # the form as it was when this coordinator opened it
    other = coordinator(username="olga", first_name="Olga")
    program_update(program=program, actor=other, version=program.version, data={"pd_hours": Decimal("3")})

    response = client.post(reverse("workshops:program-edit", args=[program.pk]), {**opened, "pd_hours": "5"})

    assert response.status_code == 200
    assert "Someone else saved this" in response.text
    assert "Olga" in response.text
    program.refresh_from_db()
    assert program.pd_hours == Decimal("3")


def test_hours_beyond_100_are_refused(client, people):
    client.force_login(people.coordinator)

    response = client.post(reverse("workshops:program-new"), _form_data(pd_hours="120"))

    assert response.status_code == 200
    assert response.context["form"].errors["pd_hours"] == ["Ensure this value is less than or equal to 100."]
    assert "Ensure this value is less than or equal to 100." in response.text
    assert not Program.objects.filter(code="parentcamp").exists()


@pytest.mark.parametrize("role", ["leader_a", "team_a", "parent_a", "nobody"])
def test_only_coordinators_may_open_or_change_the_catalog(client, people, role):
    client.force_login(people.by_role()[role])
    program = Program.objects.get(code="pt3")

    assert client.get(reverse("workshops:program-list")).status_code == 403
    assert client.post(reverse("workshops:program-new"), _form_data()).status_code == 403
    edit = client.post(reverse("workshops:program-edit", args=[program.pk]), _form_data(program, name_en="Changed"))
    assert edit.status_code == 403
    assert not Program.objects.filter(code="parentcamp").exists()
    program.refresh_from_db()
    assert program.name_en != "Changed"


def test_the_list_runs_the_same_queries_with_many_programs(client, people, django_assert_num_queries):
    client.force_login(people.coordinator)
    client.get(reverse("workshops:program-list"))  # warm up sessions and caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("workshops:program-list"))
    for number in range(20):
        Program.objects.create(
            code=f"extra-{number}",
            name_en=f"Extra {number}",
            name_es=f"Extra {number} ES",
            audience="everyone",
            usual_format="one_day",
        )

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("workshops:program-list"))

    assert "Extra 19" in response.text


def test_the_list_shows_spanish_names_to_spanish_readers(client, people):
    client.force_login(people.coordinator)

    spanish = client.get(reverse("workshops:program-list"), HTTP_ACCEPT_LANGUAGE="es").text
    english = client.get(reverse("workshops:program-list"), HTTP_ACCEPT_LANGUAGE="en").text

    assert "Universidad para padres" in spanish and "Parent College" not in spanish
    assert "Parent College" in english and "Universidad para padres" not in english
