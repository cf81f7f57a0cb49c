"""Writes: survey cycles (an instrument given in a school year, with its dates, target and reporting limits).

The page, the admin and `create_survey_cycle` all go through these, so the same checks hold everywhere.
"""

import re
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pep.access import coordinator_only
from pep.edit_checks import apply_changes, claim_submission, locked
from pep.services import audit_record
from surveys.models import Instrument, Invitation, Response, SurveyCycle

CYCLE_FIELDS = [
    "instrument",
    "school_year",
    "slug",
    "opens_on",
    "closes_on",
    "target",
    "min_cell",
    "representativeness_pp",
    "reminder_days",
]
# Paths under cycles/ that are pages, not cycles: a cycle with one of these slugs could not be opened.
RESERVED_SLUGS = {"new"}
CYCLE_REMOVED = gettext_lazy("This survey cycle was removed meanwhile; nothing was saved.")


def _version_order(instrument: Instrument) -> tuple:
    """Versions compared as people read them: "2026" after "2025", "10" after "9", "2026b" after "2026"."""
    parts = re.findall(r"\d+|\D+", instrument.version)
    return (tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in parts), instrument.imported_at)


def instrument_latest(slug: str) -> Instrument | None:
    """The latest version of the instrument `slug`, or None."""
    return max(Instrument.objects.filter(slug=slug), key=_version_order, default=None)


def cycle_in_use(cycle: SurveyCycle) -> bool:
    """True once anyone was invited to the cycle or answered it: from then on its instrument is fixed."""
    return Invitation.objects.filter(cycle=cycle).exists() or Response.objects.filter(cycle=cycle).exists()


def cycle_problems(cycle: SurveyCycle) -> dict[str, list[str]]:
    """Every reason the cycle cannot be saved, by field, in the program's words."""
    problems: dict[str, list[str]] = {}
    if cycle.slug in RESERVED_SLUGS:
        problems["slug"] = [_("“%(slug)s” names a page; choose another slug.") % {"slug": cycle.slug}]
    elif cycle.slug and SurveyCycle.objects.filter(slug=cycle.slug).exclude(pk=cycle.pk).exists():
        problems["slug"] = [_("A survey cycle with the slug “%(slug)s” already exists.") % {"slug": cycle.slug}]
    if cycle.opens_on and cycle.closes_on and cycle.closes_on < cycle.opens_on:
        problems["closes_on"] = [_("The cycle must close on or after the day it opens.")]
    if cycle.target is not None and not Decimal("0") <= Decimal(cycle.target) <= Decimal("100"):
        problems["target"] = [_("The target must be a percent from 0 to 100.")]
    try:
        # The checks above say it better than the table's own unique and check constraints would.
        cycle.full_clean(exclude=list(problems), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            problems.setdefault(name, []).extend(messages)
    return problems


def _save(cycle: SurveyCycle) -> None:
    problems = cycle_problems(cycle)
    if problems:
        raise ValidationError(problems)
    try:
        with transaction.atomic():
            cycle.save()
    except IntegrityError:
        # Another cycle took the slug between the check and the save.
        raise ValidationError(
            {"slug": [_("A survey cycle with the slug “%(slug)s” already exists.") % {"slug": cycle.slug}]}
        ) from None


def _summary(cycle: SurveyCycle) -> str:
    return f"{cycle.slug}: {cycle.instrument} in {cycle.school_year}, {cycle.opens_on} to {cycle.closes_on}"


@transaction.atomic
def cycle_create(*, actor=None, data: dict, once: uuid.UUID | None = None) -> SurveyCycle:
    """Add a survey cycle; raises ValidationError with every problem by field.

    `actor` is None only for the command line, which the server's operators run."""
    if actor is not None:
        coordinator_only(actor)
    claim_submission(once)
    cycle = SurveyCycle(**{name: data[name] for name in CYCLE_FIELDS if name in data})
    _save(cycle)
    audit_record(
        actor=actor,
        action="survey.cycle.create",
        summary=_summary(cycle),
        details={"cycle": cycle.pk, "instrument": cycle.instrument_id},
    )
    return cycle


@transaction.atomic
def cycle_update(*, cycle: SurveyCycle, actor=None, data: dict) -> SurveyCycle:
    """Change a cycle's dates, target and limits; its instrument only while nobody is invited or has answered."""
    if actor is not None:
        coordinator_only(actor)
    cycle = locked(SurveyCycle.objects.select_related("instrument", "school_year"), cycle.pk, CYCLE_REMOVED)
    if "instrument" in data and data["instrument"].pk != cycle.instrument_id and cycle_in_use(cycle):
        raise ValidationError(
            {
                "instrument": [
                    _(
                        "Parents are already invited to this cycle or have answered it, "
                        "so its instrument can no longer change."
                    )
                ]
            }
        )
    changed = apply_changes(cycle, data, CYCLE_FIELDS)
    if changed:
        _save(cycle)
        audit_record(
            actor=actor,
            action="survey.cycle.update",
            summary=_summary(cycle),
            details={"cycle": cycle.pk, "changed": changed},
        )
    return cycle
