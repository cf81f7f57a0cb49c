"""Survey cycles: create_survey_cycle, the pages to add and change one, the list and the cycle's page."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from pep.models import AuditEntry
from pep.tests.factories import DistrictFactory, SchoolYearFactory
from surveys.models import SurveyCycle
from surveys.services.cycles import cycle_create
from surveys.services.instruments import instrument_load
from surveys.tests.factories import CycleFactory, InvitationFactory, answer, instrument_data, make_instrument

LIST = reverse("surveys:cycle-list")
NEW = reverse("surveys:cycle-new")


def _instrument(slug: str, version: str, items: int = 4):
    data = instrument_data(items=items)
    data.update(slug=slug, version=version)
    instrument, _created = instrument_load(data=json.dumps(data))
    return instrument


def _command(*extra, **options):
    arguments = {
        "instrument": "indicator8-state",
        "year": "2026-27",
        "slug": "indicator8-2026-27",
        "opens": "2027-02-01",
        "closes": "2027-04-30",
        **options,
    }
    return call_command(
        "create_survey_cycle", *[f"--{name.replace('_', '-')}={value}" for name, value in arguments.items()], *extra
    )


@pytest.fixture
def year(db):
    return SchoolYearFactory(first_year=2026, is_current=True)


# The command.


def test_the_command_creates_a_cycle_with_the_latest_version(year, capsys):
    _instrument("indicator8-state", "2025")
    newest = _instrument("indicator8-state", "2026")
    _instrument("other-survey", "2027")

    _command(target="73.0")

    cycle = SurveyCycle.objects.get(slug="indicator8-2026-27")
    assert cycle.instrument == newest
    assert (cycle.school_year, cycle.opens_on, cycle.closes_on) == (
        year,
        datetime.date(2027, 2, 1),
        datetime.date(2027, 4, 30),
    )
    assert (cycle.target, cycle.min_cell, cycle.representativeness_pp) == (Decimal("73.0"), 10, Decimal("3.0"))
    assert "Created cycle indicator8-2026-27: indicator8-state (2026) in 2026-27" in capsys.readouterr().out
    assert AuditEntry.objects.filter(action="survey.cycle.create").exists()


def test_the_latest_version_is_read_as_people_read_versions(year):
    _instrument("indicator8-state", "10")
    _instrument("indicator8-state", "9")

    _command()

    assert SurveyCycle.objects.get().instrument.version == "10"


def test_the_command_takes_a_version_minimum_cell_and_threshold(year):
    older = _instrument("indicator8-state", "2025")
    _instrument("indicator8-state", "2026")

    _command("--version=2025", min_cell=5, threshold="2.5")

    cycle = SurveyCycle.objects.get()
    assert (cycle.instrument, cycle.min_cell, cycle.representativeness_pp, cycle.target) == (
        older,
        5,
        Decimal("2.5"),
        None,
    )


def test_an_unknown_instrument_and_year_are_both_named(db, capsys):
    _instrument("indicator8-state", "2026")

    with pytest.raises(CommandError, match="2 problem"):
        _command(instrument="indicator8-stat", year="2031-32")

    errors = capsys.readouterr().err
    assert "no instrument 'indicator8-stat'; load it with import_instrument first" in errors
    assert "no school year '2031-32'; add it in the admin first" in errors
    assert not SurveyCycle.objects.exists()


def test_an_unknown_version_lists_the_loaded_ones(year, capsys):
    _instrument("indicator8-state", "2026")

    with pytest.raises(CommandError):
        _command("--version=2030")

    assert "no instrument 'indicator8-state' version '2030' (loaded versions: 2026)" in capsys.readouterr().err


def test_dates_and_numbers_that_cannot_be_read_are_named(year, capsys):
    _instrument("indicator8-state", "2026")

    with pytest.raises(CommandError, match="3 problem"):
        _command(opens="02/01/2027", closes="2027-02-30", target="high")

    errors = capsys.readouterr().err
    assert "--opens '02/01/2027' is not a date written like 2027-03-01" in errors
    assert "--closes '2027-02-30' is not a date written like 2027-03-01" in errors
    assert "--target 'high' is not a number" in errors


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({"closes": "2027-01-31"}, "--closes: The cycle must close on or after the day it opens."),
        ({"target": "100.5"}, "--target: The target must be a percent from 0 to 100."),
        ({"target": "-1"}, "--target: The target must be a percent from 0 to 100."),
        ({"target": "73.25"}, "--target: Ensure that there are no more than 1 decimal place."),
        ({"slug": "not a slug"}, "--slug: Enter a valid “slug”"),
        ({"slug": "new"}, "--slug: “new” names a page; choose another slug."),
        ({"min_cell": "0"}, "--min-cell: Ensure this value is greater than or equal to 1."),
        ({"threshold": "0"}, "--threshold: Ensure this value is greater than or equal to 0.1."),
    ],
)
def test_a_wrong_cycle_is_refused_with_the_reason(year, capsys, options, problem):
    _instrument("indicator8-state", "2026")

    with pytest.raises(CommandError, match="no cycle was created"):
        _command(**options)

    assert problem in capsys.readouterr().err
    assert not SurveyCycle.objects.exists()


def test_a_slug_already_taken_is_refused(year, capsys):
    _instrument("indicator8-state", "2026")
    _command()

    with pytest.raises(CommandError):
        _command(opens="2027-03-01")

    assert "--slug: A survey cycle with the slug “indicator8-2026-27” already exists." in capsys.readouterr().err
    assert SurveyCycle.objects.get().opens_on == datetime.date(2027, 2, 1)


def test_a_cycle_may_open_and_close_on_one_day(year):
    _instrument("indicator8-state", "2026")

    _command(opens="2027-02-01", closes="2027-02-01")

    assert SurveyCycle.objects.get().closes_on == datetime.date(2027, 2, 1)


def test_only_coordinators_create_cycles_through_the_service(people, year):
    with pytest.raises(PermissionDenied):
        cycle_create(
            actor=people.leader_a,
            data={
                "instrument": make_instrument(),
                "school_year": year,
                "slug": "by-a-leader",
                "opens_on": datetime.date(2027, 2, 1),
                "closes_on": datetime.date(2027, 3, 1),
            },
        )


# The pages.


def _form(instrument, year, **changes) -> dict:
    return {
        "instrument": instrument.pk,
        "school_year": year.pk,
        "slug": "indicator8-2026-27",
        "opens_on": "02/01/2027",
        "closes_on": "04/30/2027",
        "target": "73.0",
        "min_cell": "10",
        "representativeness_pp": "3.0",
        "reminder_days": "7",
        **changes,
    }


def test_a_coordinator_adds_a_cycle_on_the_page(client, people, year):
    instrument = make_instrument()
    client.force_login(people.coordinator)

    response = client.post(NEW, _form(instrument, year), follow=True)

    cycle = SurveyCycle.objects.get()
    assert response.redirect_chain[-1][0] == reverse("surveys:cycle-detail", args=[cycle.slug])
    assert "Survey cycle added." in response.text
    assert (cycle.opens_on, cycle.closes_on, cycle.target) == (
        datetime.date(2027, 2, 1),
        datetime.date(2027, 4, 30),
        Decimal("73.0"),
    )
    assert AuditEntry.objects.filter(action="survey.cycle.create", actor=people.coordinator).exists()


def test_the_new_cycle_page_starts_at_the_current_year(client, people, year):
    SchoolYearFactory(first_year=2027)
    client.force_login(people.coordinator)

    response = client.get(NEW)

    assert response.context["form"].initial["school_year"] == year.pk


def test_dates_are_typed_in_the_readers_format(client, people, year):
    instrument = make_instrument()
    client.force_login(people.coordinator)
    client.post(reverse("set_language"), {"language": "es"})

    client.post(NEW, _form(instrument, year, opens_on="01/02/2027", closes_on="30/04/2027"))

    assert SurveyCycle.objects.get().opens_on == datetime.date(2027, 2, 1)


def test_a_wrong_cycle_on_the_page_says_what_is_wrong_and_saves_nothing(client, people, year):
    instrument = make_instrument()
    CycleFactory(slug="taken")
    client.force_login(people.coordinator)

    response = client.post(
        NEW, _form(instrument, year, slug="taken", opens_on="04/30/2027", closes_on="02/01/2027", target="120")
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["slug"] == ["A survey cycle with the slug “taken” already exists."]
    assert form.errors["closes_on"] == ["The cycle must close on or after the day it opens."]
    assert form.errors["target"] == ["The target must be a percent from 0 to 100."]
    assert SurveyCycle.objects.count() == 1


def test_a_date_that_cannot_be_read_is_named_on_the_page(client, people, year):
    client.force_login(people.coordinator)

    response = client.post(NEW, _form(make_instrument(), year, opens_on="31/31/2027"))

    assert response.context["form"].errors["opens_on"] == ["Enter a valid date."]
    assert not SurveyCycle.objects.exists()


def test_a_form_sent_twice_adds_one_cycle(client, people, year):
    client.force_login(people.coordinator)
    data = _form(make_instrument(), year, once="6f1c1b1e-0000-4000-8000-000000000001")

    client.post(NEW, data)
    client.post(NEW, data)

    assert SurveyCycle.objects.count() == 1


def test_a_coordinator_changes_a_cycles_dates_and_target(client, people, year):
    cycle = CycleFactory(school_year=year)
    client.force_login(people.coordinator)

    response = client.post(
        reverse("surveys:cycle-edit", args=[cycle.slug]),
        _form(cycle.instrument, year, slug=cycle.slug, closes_on="12/15/2026", opens_on="10/01/2026", target="72.5"),
        follow=True,
    )

    cycle.refresh_from_db()
    assert "Survey cycle saved." in response.text
    assert (cycle.closes_on, cycle.target) == (datetime.date(2026, 12, 15), Decimal("72.5"))
    entry = AuditEntry.objects.get(action="survey.cycle.update")
    assert sorted(entry.details["changed"]) == ["closes_on", "target"]


def test_the_instrument_stays_once_parents_are_invited(client, people, year):
    cycle = CycleFactory(school_year=year)
    InvitationFactory(cycle=cycle, district=people.district_a)
    other = make_instrument()
    client.force_login(people.coordinator)
    url = reverse("surveys:cycle-edit", args=[cycle.slug])

    page = client.get(url)
    client.post(url, _form(other, year, slug=cycle.slug, opens_on="10/01/2026", closes_on="11/30/2026"))

    assert page.context["form"].fields["instrument"].disabled
    cycle.refresh_from_db()
    assert cycle.instrument != other


def test_the_service_refuses_a_new_instrument_once_parents_answered(people, year):
    from surveys.services.cycles import cycle_update

    cycle = CycleFactory(school_year=year)
    answer(InvitationFactory(cycle=cycle, district=people.district_a), [4, 4, 4, 4])

    with pytest.raises(ValidationError) as refusal:
        cycle_update(cycle=cycle, actor=people.coordinator, data={"instrument": make_instrument()})

    assert "its instrument can no longer change" in refusal.value.message_dict["instrument"][0]


def test_the_instrument_may_change_before_anyone_is_invited(client, people, year):
    cycle = CycleFactory(school_year=year)
    other = make_instrument()
    client.force_login(people.coordinator)

    client.post(
        reverse("surveys:cycle-edit", args=[cycle.slug]),
        _form(other, year, slug=cycle.slug, opens_on="10/01/2026", closes_on="11/30/2026"),
    )

    cycle.refresh_from_db()
    assert cycle.instrument == other


# The list and the cycle's page.


def _fill(cycle, districts, invited: int, answered: int) -> None:
    for number in range(invited):
        invitation = InvitationFactory(cycle=cycle, district=districts[number % len(districts)])
        if number < answered:
            answer(invitation, [4, 4, None, None] if number % 2 else [1, None, None, None])


def test_the_list_shows_each_cycle_with_its_counts_and_status(client, people, year):
    open_cycle = CycleFactory(slug="open-now", school_year=year)
    closed = CycleFactory(slug="last-spring", opens_on=datetime.date(2026, 3, 1), closes_on=datetime.date(2026, 4, 1))
    later = CycleFactory(slug="next-spring", opens_on=datetime.date(2027, 3, 1), closes_on=datetime.date(2027, 4, 1))
    _fill(open_cycle, [people.district_a, people.district_b], invited=5, answered=3)
    client.force_login(people.coordinator)

    response = client.get(LIST)

    rows = {cycle.slug: cycle for cycle in response.context["page"]}
    assert (rows["open-now"].invited, rows["open-now"].returned, rows["open-now"].respondents) == (5, 3, 1)
    assert (rows["last-spring"].invited, rows["last-spring"].returned) == (0, 0)
    assert [cycle.slug for cycle in response.context["page"]] == ["next-spring", "open-now", "last-spring"]
    text = response.text
    assert "Closed" in text and "Not open yet" in text and "<strong>Open</strong>" in text
    assert closed.instrument.name in text and later.school_year.label in text


def test_the_list_runs_the_same_queries_for_few_or_many_cycles(client, people, django_assert_max_num_queries):
    client.force_login(people.coordinator)
    districts = [DistrictFactory() for _ in range(3)]
    _fill(CycleFactory(), districts, invited=2, answered=1)
    with django_assert_max_num_queries(20) as few:
        client.get(LIST)
    for _number in range(55):
        _fill(CycleFactory(), districts, invited=3, answered=2)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST)

    assert response.context["page"].paginator.count == 56
    assert len(response.context["page"]) == 50


def test_the_cycle_page_sums_up_the_cycle(client, people, year):
    cycle = CycleFactory(slug="indicator8-2026-27", school_year=year, target=Decimal("73.0"), min_cell=12)
    _fill(cycle, [people.district_a, people.district_b], invited=8, answered=3)
    client.force_login(people.coordinator)

    response = client.get(reverse("surveys:cycle-detail", args=[cycle.slug]))

    summary = response.context["summary"]
    assert (summary.invited, summary.returned, summary.respondents, summary.response_rate) == (
        8,
        3,
        1,
        Decimal("37.5"),
    )
    text = response.text
    assert "37.5%" in text and "73.0%" in text and "±3.0 percentage points" in text
    assert reverse("surveys:cycle-edit", args=[cycle.slug]) in text
    assert reverse("surveys:instrument-detail", args=[cycle.instrument.pk]) in text


def test_a_cycle_nobody_was_invited_to_shows_no_response_rate(client, people):
    cycle = CycleFactory()
    client.force_login(people.coordinator)

    response = client.get(reverse("surveys:cycle-detail", args=[cycle.slug]))

    assert response.context["summary"].response_rate is None


def test_the_cycle_page_runs_the_same_queries_for_a_small_or_a_larger_cycle(
    client, people, django_assert_max_num_queries
):
    client.force_login(people.coordinator)
    small, larger = CycleFactory(), CycleFactory()
    _fill(small, [people.district_a], invited=2, answered=1)
    _fill(larger, [DistrictFactory() for _ in range(12)], invited=40, answered=25)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("surveys:cycle-detail", args=[small.slug]))

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("surveys:cycle-detail", args=[larger.slug]))


def test_a_cycle_slug_that_does_not_exist_is_a_404(client, people):
    client.force_login(people.coordinator)

    assert client.get(reverse("surveys:cycle-detail", args=["no-such-cycle"])).status_code == 404
    assert client.get(reverse("surveys:cycle-edit", args=["no-such-cycle"])).status_code == 404


def test_every_cycle_page_opens_in_spanish(client, people, year):
    cycle = CycleFactory(school_year=year)
    _fill(cycle, [people.district_a], invited=2, answered=1)
    client.force_login(people.coordinator)
    client.post(reverse("set_language"), {"language": "es"})

    pages = [
        LIST,
        NEW,
        reverse("surveys:cycle-detail", args=[cycle.slug]),
        reverse("surveys:cycle-edit", args=[cycle.slug]),
        reverse("surveys:instrument-list"),
        reverse("surveys:instrument-detail", args=[cycle.instrument.pk]),
        reverse("surveys:rotation"),
    ]

    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="es"' in response.text, url


@pytest.mark.django_db
def test_each_cycle_page_shows_only_the_sections_of_its_kind_of_survey(client, people):
    indicator8 = CycleFactory()
    perceptions = CycleFactory(instrument=make_instrument(kind="perceptions", rule="mean"))
    client.force_login(people.coordinator)

    indicator8_page = client.get(reverse("surveys:cycle-detail", args=[indicator8.slug])).text
    perceptions_page = client.get(reverse("surveys:cycle-detail", args=[perceptions.slug])).text

    assert "Invitations and reminders" in indicator8_page and "Shared links and answers" not in indicator8_page
    assert "Shared links and answers" in perceptions_page and "Invitations and reminders" not in perceptions_page
