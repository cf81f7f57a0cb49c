"""Instrument files: every rule checked and every problem listed, loaded once, new versions, the demo files,
the import_instrument command and the instruments pages."""

import copy
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from pep.models import AuditEntry
from surveys.models import Instrument, Item
from surveys.services.instruments import InstrumentRefused, instrument_load, instrument_problems
from surveys.tests.factories import CycleFactory, instrument_data

INSTRUMENTS = Path(__file__).resolve().parent.parent / "instruments"
LIST = reverse("surveys:instrument-list")

MEASURE = {
    "rule": "measure",
    "min_answered": 2,
    "steps": [-1.9, -0.8, 0.1, 0.9, 1.7],
    "slope": 100.0,
    "intercept": 600.0,
    "cut": 600.0,
    "extreme": 0.3,
}


def measure_data(**changes) -> dict:
    data = instrument_data(items=3, rule="measure")
    data["scoring"] = {**MEASURE, **changes}
    return data


def _without(key):
    def change(data):
        del data[key]

    return change


def _set(*path_and_value):
    *path, value = path_and_value

    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


BROKEN = [
    (_without("items"), "missing key(s): items"),
    (_set("colour", "blue"), "the instrument has unknown key(s): colour"),
    (_set("slug", "has spaces"), "slug must be 1 to 80 letters, digits, hyphens or underscores"),
    (_set("slug", "ends-with-a-newline\n"), "slug must be 1 to 80 letters, digits, hyphens or underscores"),
    (_set("kind", "quiz"), "kind must be one of indicator8, perceptions, feedback"),
    (_set("version", 2026), "version (a string) must be non-empty text"),
    (_set("name", "Survey"), "name must be an object with en and es"),
    (_set("name", "es", ""), "name.es must be non-empty text"),
    (_set("scale", [{"value": 1, "en": "No", "es": "No"}]), "scale must have exactly the values 1, 2, 3, 4, 5, 6"),
    (_set("scale", 2, "es", ""), "scale point 3 es must be non-empty text"),
    (_set("agree_from", 1), "agree_from must be a whole number from 2 to 6"),
    (_set("agree_from", 4.5), "agree_from must be a whole number from 2 to 6"),
    (_set("items", []), "items must be a list of 1 to 200 objects"),
    (_set("items", 1, "number", 7), "items must be numbered 1, 2, 3… in order"),
    (_set("items", 0, "en", " "), "item 1 en must be non-empty text"),
    (_set("items", 0, "tag", "two words"), "item 1 tag must be letters, digits, hyphens or underscores"),
    (_set("items", 0, "difficulty", "hard"), "item 1 difficulty must be a number of logits from -20 to 20"),
    (_set("scoring", "rule", "vote"), "scoring.rule must be one of share_agree, mean, measure"),
    (_without("scoring"), "missing key(s): scoring"),
]

SCORING_BROKEN = [
    ({"min_answered": 0}, "scoring.min_answered must be a whole number from 1 to the number of items"),
    ({"min_answered": 5}, "scoring.min_answered must be a whole number from 1 to the number of items"),
    ({"threshold": 1.5}, "scoring.threshold must be a share from 0 to 1"),
    ({"inclusive": "yes"}, "scoring.inclusive must be true or false"),
    ({"cutoff": 3}, "scoring (share_agree) has unknown key(s): cutoff"),
]

MEASURE_BROKEN = [
    ({"steps": [-1, 0, 1]}, "scoring.steps must be 5 numbers of logits"),
    ({"steps": [-1, 0, 1, 2, float("nan")]}, "scoring.steps must be 5 numbers of logits"),
    ({"steps": [-1, 0, 1, 2, 1e300]}, "scoring.steps must be 5 numbers of logits"),
    ({"slope": 0}, "scoring.slope must be above 0"),
    ({"cut": float("inf")}, "scoring.cut must be a number"),
    ({"extreme": 1}, "scoring.extreme must be a number of score points above 0 and below 1"),
]


@pytest.mark.parametrize(("change", "problem"), BROKEN)
def test_each_broken_rule_is_named(change, problem):
    data = copy.deepcopy(instrument_data(items=4))  # the factory's scale is shared by every instrument
    change(data)

    problems = instrument_problems(data)

    assert any(problem in found for found in problems), problems


@pytest.mark.parametrize(("changes", "problem"), SCORING_BROKEN)
def test_each_broken_scoring_rule_is_named(changes, problem):
    data = instrument_data(items=4)
    data["scoring"].update(changes)

    assert any(problem in found for found in instrument_problems(data)), instrument_problems(data)


@pytest.mark.parametrize(("changes", "problem"), MEASURE_BROKEN)
def test_each_broken_measure_rule_is_named(changes, problem):
    assert any(problem in found for found in instrument_problems(measure_data(**changes)))


def test_the_measure_rule_needs_a_difficulty_for_every_item():
    data = measure_data()
    del data["items"][1]["difficulty"]

    assert "under the measure rule every item needs a difficulty; item(s) 2 lack one" in instrument_problems(data)


def test_the_mean_rule_needs_a_threshold_on_the_scale():
    data = instrument_data(items=4, rule="mean", threshold=7)

    assert instrument_problems(data) == ["scoring.threshold must be a value from 1 to 6"]


@pytest.mark.django_db
def test_a_file_breaking_many_rules_is_refused_whole_with_every_problem_at_once():
    data = instrument_data(items=4)
    data["kind"] = "quiz"
    data["agree_from"] = 9
    data["items"][2]["es"] = ""
    data["scoring"]["threshold"] = 2

    with pytest.raises(InstrumentRefused) as refusal:
        instrument_load(data=json.dumps(data))

    assert refusal.value.problems == [
        "kind must be one of indicator8, perceptions, feedback",
        "agree_from must be a whole number from 2 to 6",
        "item 3 es must be non-empty text",
        "scoring.threshold must be a share from 0 to 1",
    ]
    assert not Instrument.objects.exists()
    assert not Item.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\xff\xfe not text", "the file is not JSON in UTF-8"),
        (b"{not json", "the file is not JSON in UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "the file is not"),
        (b"[1, 2]", "the file must hold one JSON object"),
    ],
)
def test_a_file_that_is_not_an_instrument_object_is_refused_with_a_reason(content, problem):
    with pytest.raises(InstrumentRefused) as refusal:
        instrument_load(data=content)

    assert refusal.value.problems[0].startswith(problem)


@pytest.mark.django_db
def test_the_same_slug_and_version_again_changes_nothing():
    data = instrument_data(items=4)
    first, created = instrument_load(data=json.dumps(data))

    again, created_again = instrument_load(data=json.dumps(data, indent=2))

    assert (created, created_again) == (True, False)
    assert again == first
    assert Instrument.objects.count() == 1
    assert Item.objects.count() == 4
    assert AuditEntry.objects.filter(action="survey.instrument.import").count() == 1


@pytest.mark.django_db
def test_the_same_slug_and_version_with_other_content_is_refused():
    data = instrument_data(items=4)
    instrument_load(data=json.dumps(data))
    changed = copy.deepcopy(data)
    changed["items"][0]["en"] = "Reworded."

    with pytest.raises(InstrumentRefused) as refusal:
        instrument_load(data=json.dumps(changed))

    assert "needs a new version" in refusal.value.problems[0]
    assert Item.objects.get(number=1).text_en == "Statement 1."


@pytest.mark.django_db
def test_a_new_version_is_a_new_instrument():
    data = instrument_data(items=4)
    old, _ = instrument_load(data=json.dumps(data))
    data["version"] = "2"
    data["items"][0]["en"] = "Reworded."

    new, created = instrument_load(data=json.dumps(data))

    assert created and new != old
    assert new.items.get(number=1).text_en == "Reworded."
    assert old.items.get(number=1).text_en == "Statement 1."


@pytest.mark.django_db
def test_a_scale_written_from_most_to_least_agreement_is_stored_by_value():
    data = instrument_data(items=4)
    data["scale"] = list(reversed(data["scale"]))

    instrument, _ = instrument_load(data=json.dumps(data))

    assert [point["value"] for point in instrument.scale] == [1, 2, 3, 4, 5, 6]
    assert instrument.scale_labels("es")[1] == "Muy en desacuerdo"


@pytest.mark.django_db
def test_the_indicator8_demo_file_loads_with_25_items_in_both_languages():
    instrument, created = instrument_load(data=(INSTRUMENTS / "indicator8-demo.json").read_bytes())

    assert created
    assert (instrument.slug, instrument.kind, instrument.agree_from) == ("indicator8-demo", "indicator8", 4)
    assert instrument.scoring == {"rule": "share_agree", "min_answered": 13, "threshold": 0.5, "inclusive": False}
    items = list(instrument.items.all())
    assert len(items) == 25
    assert all(item.text_en and item.text_es and item.tag for item in items)
    assert len({item.text_en for item in items}) == 25
    assert len({item.text_es for item in items}) == 25


@pytest.mark.django_db
def test_the_perceptions_demo_file_loads():
    instrument, created = instrument_load(data=(INSTRUMENTS / "perceptions-demo.json").read_bytes())

    assert created
    assert instrument.kind == "perceptions"
    assert instrument.items.count() >= 18


# The command.


def _file(tmp_path, data, name="instrument.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_the_command_says_what_it_loaded_and_that_a_second_load_changed_nothing(tmp_path, capsys):
    path = INSTRUMENTS / "indicator8-demo.json"

    call_command("import_instrument", str(path))
    first = capsys.readouterr().out
    call_command("import_instrument", str(path))
    second = capsys.readouterr().out

    assert "Loaded indicator8-demo (2026)" in first
    assert "25 items, scoring rule share_agree, at least 13 answered to score" in first
    assert "indicator8-demo (2026) is already loaded, nothing changed." in second
    assert Instrument.objects.count() == 1


@pytest.mark.django_db
def test_the_command_lists_every_problem_of_a_bad_file_and_fails(tmp_path, capsys):
    data = instrument_data(items=4)
    data["kind"] = "quiz"
    data["scoring"]["min_answered"] = 0

    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_instrument", str(_file(tmp_path, data)))

    errors = capsys.readouterr().err
    assert "kind must be one of indicator8, perceptions, feedback" in errors
    assert "scoring.min_answered must be a whole number from 1 to the number of items" in errors
    assert not Instrument.objects.exists()


@pytest.mark.django_db
def test_the_command_says_when_the_file_cannot_be_read(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_instrument", str(tmp_path / "missing.json"))


# The pages.


def _upload(data, name="instrument.json") -> SimpleUploadedFile:
    content = data if isinstance(data, bytes) else json.dumps(data).encode()
    return SimpleUploadedFile(name, content, content_type="application/json")


def test_a_coordinator_loads_an_instrument_from_the_page(client, people):
    client.force_login(people.coordinator)
    data = instrument_data(items=4)

    response = client.post(LIST, {"file": _upload(data)}, follow=True)

    instrument = Instrument.objects.get()
    assert response.redirect_chain[-1][0] == reverse("surveys:instrument-detail", args=[instrument.pk])
    assert f"Instrument {instrument} loaded." in response.text
    assert AuditEntry.objects.filter(action="survey.instrument.import", actor=people.coordinator).exists()


def test_loading_the_same_file_again_from_the_page_says_nothing_changed(client, people):
    client.force_login(people.coordinator)
    data = instrument_data(items=4)
    client.post(LIST, {"file": _upload(data)})

    response = client.post(LIST, {"file": _upload(data)}, follow=True)

    assert "is already loaded; nothing changed." in response.text
    assert Instrument.objects.count() == 1


def test_a_bad_file_on_the_page_lists_every_problem_and_loads_nothing(client, people):
    client.force_login(people.coordinator)
    data = instrument_data(items=4)
    data["agree_from"] = 0
    data["items"][1]["number"] = 5

    response = client.post(LIST, {"file": _upload(data)})

    assert response.status_code == 200
    assert "2 problems found; nothing was loaded" in response.text
    assert "agree_from must be a whole number from 2 to 6" in response.text
    assert "items must be numbered 1, 2, 3… in order, with no gaps or repeats" in response.text
    assert not Instrument.objects.exists()


def test_a_file_that_is_not_json_is_refused_on_the_page(client, people):
    client.force_login(people.coordinator)

    response = client.post(LIST, {"file": _upload(b"\x00\x01binary")})
    wrong_name = client.post(LIST, {"file": _upload(b"{}", name="instrument.csv")})

    assert "the file is not JSON in UTF-8" in response.text
    assert "File extension “csv” is not allowed" in wrong_name.text
    assert not Instrument.objects.exists()


def test_the_instrument_page_shows_the_scale_the_rule_in_words_and_the_items(client, people):
    data = measure_data()
    data["items"][0]["en"] = "<b>My</b> child's team listens."
    data["items"][0]["tag"] = "decision-making"
    data["items"][0]["difficulty"] = -0.42
    instrument, _ = instrument_load(data=json.dumps(data))
    client.force_login(people.coordinator)

    response = client.get(reverse("surveys:instrument-detail", args=[instrument.pk]))

    text = response.text
    assert "Very strongly disagree" in text and "Muy en desacuerdo" in text
    assert "An answer agrees when its value is 4 or more." in text
    assert "the steps -1.9; -0.8; 0.1; 0.9; 1.7" in text
    assert "first moved 0.3 score points toward the middle" in text
    assert "counts as “yes” when 600 + 100 × θ is at least 600." in text
    assert "A response is scored when at least 2 items are answered" in text
    assert "&lt;b&gt;My&lt;/b&gt; child&#x27;s team listens." in text
    assert "decision-making" in text and "-0.42" in text


@pytest.mark.parametrize(
    ("scoring", "sentence"),
    [
        ({"inclusive": False}, "when more than 50% of the items answered are answered “Agree” or higher."),
        ({"inclusive": True}, "when 50% or more of the items answered are answered “Agree” or higher."),
        ({"threshold": 0.667}, "when more than 66.7% of the items answered"),
    ],
)
def test_the_share_rule_is_written_out(client, people, scoring, sentence):
    instrument, _ = instrument_load(data=json.dumps(instrument_data(items=4, **scoring)))
    client.force_login(people.coordinator)

    response = client.get(reverse("surveys:instrument-detail", args=[instrument.pk]))

    assert sentence in response.text


def test_the_mean_rule_is_written_out(client, people):
    data = instrument_data(items=4, rule="mean", threshold=4.5)
    instrument, _ = instrument_load(data=json.dumps(data))
    client.force_login(people.coordinator)

    response = client.get(reverse("surveys:instrument-detail", args=[instrument.pk]))

    assert "when the mean of the values answered is at least 4.5." in response.text


def test_the_instrument_list_shows_items_and_cycles_in_the_same_queries_for_few_or_many(
    client, people, django_assert_max_num_queries
):
    client.force_login(people.coordinator)
    for _number in range(3):
        CycleFactory()
    with django_assert_max_num_queries(20) as few:
        client.get(LIST)
    for _number in range(30):
        CycleFactory()

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST)

    assert response.context["page"].paginator.count == 33
    assert all(instrument.cycle_count == 1 and instrument.item_count == 4 for instrument in response.context["page"])


def test_the_instrument_page_runs_the_same_queries_for_few_or_many_items(
    client, people, django_assert_max_num_queries, django_assert_num_queries
):
    client.force_login(people.coordinator)
    small, _ = instrument_load(data=json.dumps(instrument_data(items=2)))
    large, _ = instrument_load(data=json.dumps(instrument_data(items=60)))
    CycleFactory(instrument=large)
    CycleFactory(instrument=large)

    with django_assert_max_num_queries(20) as few:
        client.get(reverse("surveys:instrument-detail", args=[small.pk]))
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("surveys:instrument-detail", args=[large.pk]))

    assert response.text.count('data-label="Tag"') == 60
