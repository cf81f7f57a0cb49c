"""Writes that matter in the core: the audit trail and the state directory import."""

from collections.abc import Callable
from dataclasses import dataclass, field

from axes.utils import reset as axes_reset
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from .csv_import import RollBack, RowError, all_or_nothing, read_csv, sentence
from .models import AuditEntry, District, Membership, Profile, School, SchoolYear, grade_band_normalize

DIRECTORY_COLUMNS = [
    "district_code",
    "district_name",
    "region",
    "school_code",
    "school_name",
    "grade_band",
]
SCHOOL_COLUMNS = ["school_code", "school_name", "grade_band"]
CODE_MAX, NAME_MAX, REGION_MAX = 20, 200, 100
DIRECTORY_IMPORT_LOCK = 7_301_001  # PostgreSQL advisory lock key for the directory import


def audit_record(*, actor, action: str, summary: str, district=None, details: dict | None = None) -> AuditEntry:
    """Write one audit entry; call it inside the service's transaction."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        summary=summary[:300],
        district=district,
        details=details or {},
    )


@transaction.atomic
def school_year_make_current(*, school_year: SchoolYear, actor) -> SchoolYear:
    """Make `school_year` the one current year; the previous current year stops being current."""
    list(SchoolYear.objects.select_for_update().order_by("pk"))  # one change of year at a time
    SchoolYear.objects.filter(is_current=True).exclude(pk=school_year.pk).update(is_current=False)
    SchoolYear.objects.filter(pk=school_year.pk).update(is_current=True)
    school_year.is_current = True
    audit_record(
        actor=actor,
        action="school_year.make_current",
        summary=_("%(year)s is now the current school year.") % {"year": school_year.label},
    )
    return school_year


@transaction.atomic
def membership_save(*, membership: Membership, actor) -> Membership:
    """Give a person a role in a scope, or change it; who sees which district depends on this."""
    adding = membership._state.adding
    membership.full_clean()
    membership.save()
    audit_record(
        actor=actor,
        action="membership.grant" if adding else "membership.change",
        summary=_("%(person)s: %(role)s, %(scope)s")
        % {"person": membership.user, "role": membership.get_role_display(), "scope": membership.scope or _("all")},
        district=membership.scope_district,
    )
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, actor) -> None:
    """Take a role away from a person."""
    audit_record(
        actor=actor,
        action="membership.revoke",
        summary=_("%(person)s is no longer %(role)s, %(scope)s")
        % {"person": membership.user, "role": membership.get_role_display(), "scope": membership.scope or _("all")},
        district=membership.scope_district,
    )
    membership.delete()


@transaction.atomic
def sign_in_unlock(*, usernames, actor) -> list[str]:
    """Lift a pause after wrong passwords now, instead of when it runs out; one audit entry each."""
    unlocked = sorted(name for name in usernames if name)
    for username in unlocked:
        cleared = axes_reset(username=username)
        audit_record(
            actor=actor,
            action="sign_in.unlock",
            summary=_("Sign-in unlocked for %(username)s.") % {"username": username},
            details={"username": username, "attempts_cleared": cleared},
        )
    return unlocked


def profile_set_language(*, user, language: str) -> None:
    """Messages to this person come in `language` from now on (English and Spanish while unset)."""
    Profile.objects.update_or_create(user=user, defaults={"language": language})


@dataclass
class DirectoryImportResult:
    rows: int = 0
    districts_created: int = 0
    districts_updated: int = 0
    districts_unchanged: int = 0
    schools_created: int = 0
    schools_updated: int = 0
    schools_unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> bool:
        return bool(self.districts_created + self.districts_updated + self.schools_created + self.schools_updated)


@dataclass
class _DirectoryRow:
    line: int
    district: dict
    school: dict | None


def directory_import(
    *,
    data: bytes,
    actor=None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> DirectoryImportResult:
    """Upsert districts and schools from the state directory CSV: all rows, or none with every error."""
    result = DirectoryImportResult(dry_run=dry_run)
    rows = _directory_rows(data, result.errors, progress)
    result.rows = len(rows)
    if result.errors:
        return result
    with all_or_nothing():
        _directory_lock()
        result.errors = _directory_conflicts_with_database(rows)
        if result.errors:
            raise RollBack
        _directory_apply(rows, result)
        if dry_run:
            raise RollBack
        if result.changed:
            audit_record(
                actor=actor,
                action="directory.import",
                summary=_("Directory import: %(districts)d districts and %(schools)d schools added or changed")
                % {
                    "districts": result.districts_created + result.districts_updated,
                    "schools": result.schools_created + result.schools_updated,
                },
                details={key: value for key, value in vars(result).items() if type(value) is int},
            )
    return result


def _directory_lock() -> None:
    """One import at a time: a second one waits, then checks codes against what the first wrote."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [DIRECTORY_IMPORT_LOCK])


def _directory_rows(data: bytes, errors: list[RowError], progress) -> list[_DirectoryRow]:
    """Parse and check every row; collect every problem rather than stopping at the first."""
    read = read_csv(
        data, DIRECTORY_COLUMNS, progress, no_rows=_("The file has a header row but no districts or schools.")
    )
    errors += read.errors
    rows = [row for row in (_directory_row(line.line, line.cells, errors) for line in read.rows) if row]
    _directory_check_consistency(rows, errors)  # and sorts the errors by line
    return rows


def _text_problems(cells: dict, limits: dict[str, int], required: bool = True) -> list[str]:
    """What is wrong with these text cells: empty when required, or too long."""
    problems = []
    for name, limit in limits.items():
        if required and not cells[name]:
            problems.append(_("the %(column)s column is empty") % {"column": name})
        elif len(cells[name]) > limit:
            problems.append(
                _("the %(column)s column is longer than %(limit)d characters") % {"column": name, "limit": limit}
            )
    return problems


def _directory_row(line: int, cells: dict, errors: list[RowError]) -> _DirectoryRow | None:
    problems = _text_problems(cells, {"district_code": CODE_MAX, "district_name": NAME_MAX})
    problems += _text_problems(cells, {"region": REGION_MAX}, required=False)
    school = None
    if any(cells[name] for name in SCHOOL_COLUMNS):
        problems += _text_problems(cells, {"school_code": CODE_MAX, "school_name": NAME_MAX})
        try:
            grade_band = grade_band_normalize(cells["grade_band"])
        except ValidationError:
            problems.append(
                _("the grade band “%(value)s” is not FIRST-LAST with grades PK, K, 1 to 12")
                % {"value": cells["grade_band"]}
            )
            grade_band = ""
        school = {"code": cells["school_code"], "name": cells["school_name"], "grade_band": grade_band}
    if problems:
        errors.append(RowError(line, sentence(problems)))
        return None
    district = {
        "code": cells["district_code"],
        "name": cells["district_name"],
        "region": cells["region"],
    }
    return _DirectoryRow(line, district, school)


def _directory_check_consistency(rows: list[_DirectoryRow], errors: list[RowError]) -> None:
    """One code, one meaning within the file."""
    districts_seen: dict[str, tuple[int, dict]] = {}
    schools_seen: dict[str, tuple[int, dict, str]] = {}
    for row in rows:
        code = row.district["code"]
        first = districts_seen.setdefault(code, (row.line, row.district))
        if first[1] != row.district:
            errors.append(
                RowError(
                    row.line,
                    _("District %(code)s is written differently on line %(first)d (name or region).")
                    % {"code": code, "first": first[0]},
                )
            )
        if row.school:
            first_school = schools_seen.setdefault(row.school["code"], (row.line, row.school, code))
            if first_school[1:] != (row.school, code):
                errors.append(
                    RowError(
                        row.line,
                        _("School %(code)s also appears on line %(first)d with other details.")
                        % {"code": row.school["code"], "first": first_school[0]},
                    )
                )
    errors.sort(key=lambda error: error.line)


def _directory_conflicts_with_database(rows: list[_DirectoryRow]) -> list[RowError]:
    """School codes that the database already gives to another district."""
    codes = [row.school["code"] for row in rows if row.school]
    taken = {school.code: school for school in School.objects.filter(code__in=codes).select_related("district")}
    errors = []
    for row in rows:
        school = row.school and taken.get(row.school["code"])
        if school and school.district.code != row.district["code"]:
            errors.append(
                RowError(
                    row.line,
                    _("School code %(code)s is already used by %(district)s (district %(district_code)s).")
                    % {"code": school.code, "district": school.district.name, "district_code": school.district.code},
                )
            )
    return errors


def _upsert_by_code(model, wanted: dict[str, dict], fields: list[str]) -> tuple[int, int, int]:
    """Create the rows whose code is new, update `fields` where they changed; count (new, changed, same)."""
    existing = model.objects.in_bulk(list(wanted), field_name="code")
    to_create, to_update = [], []
    for code, values in wanted.items():
        row = existing.get(code)
        if row is None:
            to_create.append(model(code=code, **values))
        elif any(getattr(row, name) != values[name] for name in fields):
            for name in fields:
                setattr(row, name, values[name])
            to_update.append(row)
    model.objects.bulk_create(to_create, batch_size=500)
    model.objects.bulk_update(to_update, fields, batch_size=500)
    return len(to_create), len(to_update), len(wanted) - len(to_create) - len(to_update)


def _directory_apply(rows: list[_DirectoryRow], result: DirectoryImportResult) -> None:
    """Create what is new and update what changed, in a fixed number of queries."""
    districts = {row.district["code"]: {"name": row.district["name"], "region": row.district["region"]} for row in rows}
    (result.districts_created, result.districts_updated, result.districts_unchanged) = _upsert_by_code(
        District, districts, ["name", "region"]
    )
    district_ids = dict(District.objects.filter(code__in=list(districts)).values_list("code", "pk"))
    schools = {
        row.school["code"]: {
            "name": row.school["name"],
            "grade_band": row.school["grade_band"],
            "district_id": district_ids[row.district["code"]],
        }
        for row in rows
        if row.school
    }
    # A school never moves district here: _directory_check_consistency refuses that.
    (result.schools_created, result.schools_updated, result.schools_unchanged) = _upsert_by_code(
        School, schools, ["name", "grade_band"]
    )
