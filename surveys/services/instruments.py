"""Loading an instrument file (`import_instrument`): every rule checked, every problem listed, all or nothing."""

import json
import math
import re
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from pep.fields import NOTE
from pep.services import audit_record
from surveys.models import HIGHEST_VALUE, LOWEST_VALUE, MAX_ITEMS, Instrument, InstrumentKind, Item, ScoringRule

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")
TOP_KEYS = {"slug", "kind", "version", "name", "scale", "agree_from", "items", "scoring"}
SCORING_KEYS = {
    ScoringRule.SHARE_AGREE: {"rule", "min_answered", "threshold", "inclusive"},
    ScoringRule.MEAN: {"rule", "min_answered", "threshold"},
    ScoringRule.MEASURE: {"rule", "min_answered", "steps", "slope", "intercept", "cut", "extreme"},
}
SCALE_VALUES = list(range(LOWEST_VALUE, HIGHEST_VALUE + 1))
LOGIT_LIMIT = 20  # difficulties and steps: far beyond any calibration, and safe from overflow when scoring


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
    # JSON may spell NaN and Infinity; neither scores, and PostgreSQL's jsonb cannot hold them.
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_logit(value) -> bool:
    return _is_number(value) and abs(value) <= LOGIT_LIMIT


def _is_integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(check: _Check, value, where: str, limit: int) -> None:
    if check.require(
        isinstance(value, str) and value.strip() != "", _("%(where)s must be non-empty text") % {"where": where}
    ):
        check.require(
            len(value) <= limit,
            _("%(where)s is longer than %(limit)d characters") % {"where": where, "limit": limit},
        )


def _unknown_keys(check: _Check, data: dict, allowed: set, where: str) -> None:
    extra = sorted(map(str, set(data) - allowed))
    check.require(not extra, _("%(where)s has unknown key(s): %(keys)s") % {"where": where, "keys": ", ".join(extra)})


def instrument_problems(data) -> list[str]:
    """Every rule of the instrument format this data breaks (empty when it is a valid instrument)."""
    check = _Check()
    if not check.require(isinstance(data, dict), _("the file must hold one JSON object")):
        return check.problems
    missing = sorted(TOP_KEYS - set(data))
    check.require(not missing, _("missing key(s): %(keys)s") % {"keys": ", ".join(missing)})
    _unknown_keys(check, data, TOP_KEYS, _("the instrument"))
    if "slug" in data:
        check.require(
            isinstance(data["slug"], str) and bool(SLUG.fullmatch(data["slug"])),
            _("slug must be 1 to 80 letters, digits, hyphens or underscores"),
        )
    if "kind" in data:
        check.require(
            isinstance(data["kind"], str) and data["kind"] in InstrumentKind.values,
            _("kind must be one of %(kinds)s") % {"kinds": ", ".join(InstrumentKind.values)},
        )
    if "version" in data:
        _text(check, data["version"], _("version (a string)"), 40)
    if "name" in data:
        _check_name(check, data["name"])
    if "scale" in data:
        _check_scale(check, data["scale"])
    if "agree_from" in data:
        check.require(
            _is_integer(data["agree_from"]) and LOWEST_VALUE < data["agree_from"] <= HIGHEST_VALUE,
            _("agree_from must be a whole number from %(low)d to %(high)d")
            % {"low": LOWEST_VALUE + 1, "high": HIGHEST_VALUE},
        )
    items = data.get("items")
    if "items" in data:
        _check_items(check, items)
    if "scoring" in data:
        _check_scoring(check, data["scoring"], items if isinstance(items, list) else [])
    return check.problems


def _check_name(check: _Check, name) -> None:
    if check.require(isinstance(name, dict), _("name must be an object with en and es")):
        _unknown_keys(check, name, {"en", "es"}, "name")
        for language in ("en", "es"):
            _text(check, name.get(language), f"name.{language}", 200)


def _check_scale(check: _Check, scale) -> None:
    if not check.require(
        isinstance(scale, list) and all(isinstance(point, dict) for point in scale),
        _("scale must be a list of points, each with value, en and es"),
    ):
        return
    values = [point.get("value") for point in scale]
    check.require(
        sorted(value for value in values if _is_integer(value)) == SCALE_VALUES and len(values) == len(SCALE_VALUES),
        _("scale must have exactly the values %(values)s, each once (1 is the least agreement)")
        % {"values": ", ".join(map(str, SCALE_VALUES))},
    )
    for number, point in enumerate(scale, start=1):
        where = _("scale point %(number)d") % {"number": number}
        _unknown_keys(check, point, {"value", "en", "es"}, where)
        for language in ("en", "es"):
            _text(check, point.get(language), f"{where} {language}", 100)


def _check_items(check: _Check, items) -> None:
    if not check.require(
        isinstance(items, list) and 0 < len(items) <= MAX_ITEMS and all(isinstance(item, dict) for item in items),
        _("items must be a list of 1 to %(most)d objects") % {"most": MAX_ITEMS},
    ):
        return
    numbers = [item.get("number") for item in items]
    check.require(
        numbers == list(range(1, len(items) + 1)),
        _("items must be numbered 1, 2, 3… in order, with no gaps or repeats"),
    )
    for position, item in enumerate(items, start=1):
        where = _("item %(number)s") % {"number": item.get("number", position)}
        _unknown_keys(check, item, {"number", "en", "es", "tag", "difficulty"}, where)
        for language in ("en", "es"):
            _text(check, item.get(language), f"{where} {language}", NOTE)
        if "tag" in item:
            check.require(
                isinstance(item["tag"], str) and bool(SLUG.fullmatch(item["tag"])) and len(item["tag"]) <= 60,
                _("%(where)s tag must be letters, digits, hyphens or underscores (at most 60)") % {"where": where},
            )
        if "difficulty" in item:
            check.require(
                _is_logit(item["difficulty"]),
                _("%(where)s difficulty must be a number of logits from -%(limit)d to %(limit)d")
                % {"where": where, "limit": LOGIT_LIMIT},
            )


def _check_scoring(check: _Check, scoring, items: list) -> None:
    if not check.require(isinstance(scoring, dict), _("scoring must be an object")):
        return
    rule = scoring.get("rule")
    if not check.require(
        isinstance(rule, str) and rule in ScoringRule.values,
        _("scoring.rule must be one of %(rules)s") % {"rules": ", ".join(ScoringRule.values)},
    ):
        return
    allowed = SCORING_KEYS[rule]
    missing = sorted(allowed - set(scoring) - {"inclusive"})
    check.require(not missing, _("scoring (%(rule)s) lacks %(keys)s") % {"rule": rule, "keys": ", ".join(missing)})
    _unknown_keys(check, scoring, allowed, f"scoring ({rule})")
    if "min_answered" in scoring:
        check.require(
            _is_integer(scoring["min_answered"]) and 1 <= scoring["min_answered"] <= max(len(items), 1),
            _("scoring.min_answered must be a whole number from 1 to the number of items"),
        )
    if rule == ScoringRule.SHARE_AGREE:
        if "threshold" in scoring:
            check.require(
                _is_number(scoring["threshold"]) and 0 <= scoring["threshold"] <= 1,
                _("scoring.threshold must be a share from 0 to 1"),
            )
        if "inclusive" in scoring:
            check.require(isinstance(scoring["inclusive"], bool), _("scoring.inclusive must be true or false"))
    elif rule == ScoringRule.MEAN:
        if "threshold" in scoring:
            check.require(
                _is_number(scoring["threshold"]) and LOWEST_VALUE <= scoring["threshold"] <= HIGHEST_VALUE,
                _("scoring.threshold must be a value from %(low)d to %(high)d")
                % {"low": LOWEST_VALUE, "high": HIGHEST_VALUE},
            )
    else:
        _check_measure(check, scoring, items)


def _check_measure(check: _Check, scoring: dict, items: list) -> None:
    if "steps" in scoring:
        steps = scoring["steps"]
        check.require(
            isinstance(steps, list) and len(steps) == len(SCALE_VALUES) - 1 and all(_is_logit(s) for s in steps),
            _(
                "scoring.steps must be %(count)d numbers of logits from -%(limit)d to %(limit)d "
                "(one per step between scale points)"
            )
            % {"count": len(SCALE_VALUES) - 1, "limit": LOGIT_LIMIT},
        )
    for key in ("slope", "intercept", "cut"):
        if key in scoring:
            check.require(_is_number(scoring[key]), _("scoring.%(key)s must be a number") % {"key": key})
    if "slope" in scoring and _is_number(scoring["slope"]):
        check.require(scoring["slope"] > 0, _("scoring.slope must be above 0 (a higher measure means more agreement)"))
    if "extreme" in scoring:
        check.require(
            _is_number(scoring["extreme"]) and 0 < scoring["extreme"] < 1,
            _("scoring.extreme must be a number of score points above 0 and below 1"),
        )
    without = [str(item.get("number", "?")) for item in items if isinstance(item, dict) and "difficulty" not in item]
    check.require(
        not without,
        _("under the measure rule every item needs a difficulty; item(s) %(numbers)s lack one")
        % {"numbers": ", ".join(without)},
    )


def instrument_load(*, data: bytes | str, actor=None) -> tuple[Instrument, bool]:
    """Load an instrument file; (instrument, created). The same slug and version again changes nothing.

    Raises InstrumentRefused with every problem when the file breaks a rule."""
    try:
        parsed = json.loads(data)
    except (UnicodeDecodeError, ValueError) as error:  # JSONDecodeError is a ValueError
        raise InstrumentRefused([_("the file is not JSON in UTF-8: %(error)s") % {"error": error}]) from None
    except RecursionError:
        raise InstrumentRefused([_("the file is not an instrument: it is nested too deeply")]) from None
    problems = instrument_problems(parsed)
    if problems:
        raise InstrumentRefused(problems)
    try:
        with transaction.atomic():
            return _instrument_load_valid(parsed, actor)
    except IntegrityError:
        # Someone loaded the same slug and version at this moment: compare with theirs.
        with transaction.atomic():
            return _instrument_load_valid(parsed, actor)


def _instrument_load_valid(parsed: dict, actor) -> tuple[Instrument, bool]:
    existing = Instrument.objects.select_for_update().filter(slug=parsed["slug"], version=parsed["version"]).first()
    if existing:
        if existing.source != parsed:
            raise InstrumentRefused(
                [
                    _("%(instrument)s is already loaded with other content; a changed instrument needs a new version")
                    % {"instrument": existing}
                ]
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
