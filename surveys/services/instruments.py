"""Loading an instrument file (`import_instrument`): every rule checked, every problem listed, all or nothing."""

import json
import re
from dataclasses import dataclass, field

from django.db import transaction

from pep.fields import NOTE
from pep.services import audit_record
from surveys.models import HIGHEST_VALUE, LOWEST_VALUE, MAX_ITEMS, Instrument, InstrumentKind, Item, ScoringRule

SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")
TOP_KEYS = {"slug", "kind", "version", "name", "scale", "agree_from", "items", "scoring"}
SCORING_KEYS = {
    ScoringRule.SHARE_AGREE: {"rule", "min_answered", "threshold", "inclusive"},
    ScoringRule.MEAN: {"rule", "min_answered", "threshold"},
    ScoringRule.MEASURE: {"rule", "min_answered", "steps", "slope", "intercept", "cut", "extreme"},
}
SCALE_VALUES = list(range(LOWEST_VALUE, HIGHEST_VALUE + 1))


class InstrumentRefused(Exception):
    """The file breaks the format; `problems` lists every rule it breaks."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class _Check:
    problems: list[str] = field(default_factory=list)

    def require(self, condition: bool, problem: str) -> bool:
        if not condition:
            self.problems.append(problem)
        return condition


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(check: _Check, value, where: str, limit: int) -> None:
    if check.require(isinstance(value, str) and value.strip() != "", f"{where} must be non-empty text"):
        check.require(len(value) <= limit, f"{where} is longer than {limit} characters")


def _unknown_keys(check: _Check, data: dict, allowed: set, where: str) -> None:
    extra = sorted(set(data) - allowed)
    check.require(not extra, f"{where} has unknown key(s): {', '.join(extra)}")


def instrument_problems(data) -> list[str]:
    """Every rule of the instrument format this data breaks (empty when it is a valid instrument)."""
    check = _Check()
    if not check.require(isinstance(data, dict), "the file must hold one JSON object"):
        return check.problems
    missing = sorted(TOP_KEYS - set(data))
    check.require(not missing, f"missing key(s): {', '.join(missing)}")
    _unknown_keys(check, data, TOP_KEYS, "the instrument")
    if "slug" in data:
        check.require(
            isinstance(data["slug"], str) and bool(SLUG.match(data["slug"])),
            "slug must be 1 to 80 letters, digits, hyphens or underscores",
        )
    if "kind" in data:
        check.require(data["kind"] in InstrumentKind.values, f"kind must be one of {', '.join(InstrumentKind.values)}")
    if "version" in data:
        _text(check, data["version"], "version (a string)", 40)
    if "name" in data:
        _check_name(check, data["name"])
    if "scale" in data:
        _check_scale(check, data["scale"])
    if "agree_from" in data:
        check.require(
            _is_integer(data["agree_from"]) and LOWEST_VALUE < data["agree_from"] <= HIGHEST_VALUE,
            f"agree_from must be a whole number from {LOWEST_VALUE + 1} to {HIGHEST_VALUE}",
        )
    items = data.get("items")
    if "items" in data:
        _check_items(check, items)
    if "scoring" in data:
        _check_scoring(check, data["scoring"], items if isinstance(items, list) else [])
    return check.problems


def _check_name(check: _Check, name) -> None:
    if check.require(isinstance(name, dict), "name must be an object with en and es"):
        _unknown_keys(check, name, {"en", "es"}, "name")
        for language in ("en", "es"):
            _text(check, name.get(language), f"name.{language}", 200)


def _check_scale(check: _Check, scale) -> None:
    if not check.require(
        isinstance(scale, list) and all(isinstance(point, dict) for point in scale),
        "scale must be a list of points, each with value, en and es",
    ):
        return
    values = [point.get("value") for point in scale]
    check.require(
        sorted(value for value in values if _is_integer(value)) == SCALE_VALUES and len(values) == len(SCALE_VALUES),
        f"scale must have exactly the values {', '.join(map(str, SCALE_VALUES))}, each once (1 is the least agreement)",
    )
    for number, point in enumerate(scale, start=1):
        _unknown_keys(check, point, {"value", "en", "es"}, f"scale point {number}")
        for language in ("en", "es"):
            _text(check, point.get(language), f"scale point {number} {language}", 100)


def _check_items(check: _Check, items) -> None:
    if not check.require(
        isinstance(items, list) and 0 < len(items) <= MAX_ITEMS and all(isinstance(item, dict) for item in items),
        f"items must be a list of 1 to {MAX_ITEMS} objects",
    ):
        return
    numbers = [item.get("number") for item in items]
    check.require(
        numbers == list(range(1, len(items) + 1)),
        "items must be numbered 1, 2, 3… in order, with no gaps or repeats",
    )
    for position, item in enumerate(items, start=1):
        where = f"item {item.get('number', position)}"
        _unknown_keys(check, item, {"number", "en", "es", "tag", "difficulty"}, where)
        for language in ("en", "es"):
            _text(check, item.get(language), f"{where} {language}", NOTE)
        if "tag" in item:
            check.require(
                isinstance(item["tag"], str) and bool(SLUG.match(item["tag"])) and len(item["tag"]) <= 60,
                f"{where} tag must be letters, digits, hyphens or underscores (at most 60)",
            )
        if "difficulty" in item:
            check.require(
                _is_number(item["difficulty"]) and abs(item["difficulty"]) <= 20,
                f"{where} difficulty must be a number of logits between -20 and 20",
            )


def _check_scoring(check: _Check, scoring, items: list) -> None:
    if not check.require(isinstance(scoring, dict), "scoring must be an object"):
        return
    rule = scoring.get("rule")
    if not check.require(rule in ScoringRule.values, f"scoring.rule must be one of {', '.join(ScoringRule.values)}"):
        return
    allowed = SCORING_KEYS[rule]
    missing = sorted(allowed - set(scoring) - {"inclusive"})
    check.require(not missing, f"scoring ({rule}) lacks {', '.join(missing)}")
    _unknown_keys(check, scoring, allowed, f"scoring ({rule})")
    if "min_answered" in scoring:
        check.require(
            _is_integer(scoring["min_answered"]) and 1 <= scoring["min_answered"] <= max(len(items), 1),
            "scoring.min_answered must be a whole number from 1 to the number of items",
        )
    if rule == ScoringRule.SHARE_AGREE:
        if "threshold" in scoring:
            check.require(
                _is_number(scoring["threshold"]) and 0 <= scoring["threshold"] <= 1,
                "scoring.threshold must be a share from 0 to 1",
            )
        if "inclusive" in scoring:
            check.require(isinstance(scoring["inclusive"], bool), "scoring.inclusive must be true or false")
    elif rule == ScoringRule.MEAN:
        if "threshold" in scoring:
            check.require(
                _is_number(scoring["threshold"]) and LOWEST_VALUE <= scoring["threshold"] <= HIGHEST_VALUE,
                f"scoring.threshold must be a value from {LOWEST_VALUE} to {HIGHEST_VALUE}",
            )
    else:
        _check_measure(check, scoring, items)


def _check_measure(check: _Check, scoring: dict, items: list) -> None:
    if "steps" in scoring:
        steps = scoring["steps"]
        check.require(
            isinstance(steps, list) and len(steps) == len(SCALE_VALUES) - 1 and all(_is_number(s) for s in steps),
            f"scoring.steps must be {len(SCALE_VALUES) - 1} numbers (one per step between scale points)",
        )
    for key in ("slope", "intercept", "cut"):
        if key in scoring:
            check.require(_is_number(scoring[key]), f"scoring.{key} must be a number")
    if "slope" in scoring and _is_number(scoring["slope"]):
        check.require(scoring["slope"] > 0, "scoring.slope must be above 0 (a higher measure means more agreement)")
    if "extreme" in scoring:
        check.require(
            _is_number(scoring["extreme"]) and 0 < scoring["extreme"] < 1,
            "scoring.extreme must be a number of score points above 0 and below 1",
        )
    without = [str(item.get("number", "?")) for item in items if isinstance(item, dict) and "difficulty" not in item]
    check.require(
        not without, f"under the measure rule every item needs a difficulty; item(s) {', '.join(without)} lack one"
    )


def instrument_load(*, data: bytes | str, actor=None) -> tuple[Instrument, bool]:
    """Load an instrument file; (instrument, created). The same slug and version again changes nothing.

    Raises InstrumentRefused with every problem when the file breaks a rule."""
    try:
        parsed = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InstrumentRefused([f"the file is not JSON in UTF-8: {error}"]) from None
    problems = instrument_problems(parsed)
    if problems:
        raise InstrumentRefused(problems)
    with transaction.atomic():
        existing = Instrument.objects.select_for_update().filter(slug=parsed["slug"], version=parsed["version"]).first()
        if existing:
            if existing.source != parsed:
                raise InstrumentRefused(
                    [f"{existing} is already loaded with other content; a changed instrument needs a new version"]
                )
            return existing, False
        return _instrument_create(parsed, actor), True


def _instrument_create(parsed: dict, actor) -> Instrument:
    scoring = dict(parsed["scoring"])
    if scoring["rule"] == ScoringRule.SHARE_AGREE:
        scoring.setdefault("inclusive", False)
    instrument = Instrument.objects.create(
        slug=parsed["slug"],
        version=parsed["version"],
        kind=parsed["kind"],
        name_en=parsed["name"]["en"],
        name_es=parsed["name"]["es"],
        scale=sorted(parsed["scale"], key=lambda point: point["value"]),
        agree_from=parsed["agree_from"],
        scoring=scoring,
        source=parsed,
    )
    Item.objects.bulk_create(
        Item(
            instrument=instrument,
            number=item["number"],
            text_en=item["en"],
            text_es=item["es"],
            tag=item.get("tag", ""),
            difficulty=item.get("difficulty"),
        )
        for item in parsed["items"]
    )
    audit_record(
        actor=actor,
        action="survey.instrument.import",
        summary=f"Instrument {instrument} loaded ({len(parsed['items'])} items, rule {scoring['rule']})",
    )
    return instrument
