"""Writes that matter for workshops."""

import uuid

from django.db import transaction
from django.utils.translation import gettext_lazy

from pep.access import coordinator_only
from pep.edit_checks import apply_changes, check_version, claim_submission, locked, save_versioned
from pep.services import audit_record
from workshops.models import Program

PROGRAM_FIELDS = [
    "code",
    "name_en",
    "name_es",
    "description_en",
    "description_es",
    "audience",
    "usual_format",
    "pd_hours",
    "is_active",
    "order",
]

PROGRAM_REMOVED = gettext_lazy("This program was removed meanwhile; nothing was saved.")


@transaction.atomic
def program_create(*, actor, data: dict, once: uuid.UUID | None = None) -> Program:
    """A coordinator adds a program to the catalog."""
    coordinator_only(actor)
    claim_submission(once)
    program = Program(**{name: data[name] for name in PROGRAM_FIELDS if name in data})
    program.full_clean()
    save_versioned(program, actor)
    audit_record(actor=actor, action="program.create", summary=program.name_en, details={"code": program.code})
    return program


@transaction.atomic
def program_update(*, program: Program, actor, version: int, data: dict) -> Program:
    """A coordinator changes a program; a change someone else saved meanwhile is not overwritten."""
    coordinator_only(actor)
    program = locked(Program.objects.all(), program.pk, PROGRAM_REMOVED)
    check_version(program, version, data, PROGRAM_FIELDS)
    changed = apply_changes(program, data, PROGRAM_FIELDS)
    if changed:
        program.full_clean()
        save_versioned(program, actor)
        audit_record(
            actor=actor,
            action="program.update",
            summary=program.name_en,
            details={"code": program.code, "changed": changed},
        )
    return program
