"""Files in and out of survey cycles: the roster, the child count and returned responses come in; the
invitations go out to mail houses.

Every import is all or nothing: the file is read by `pep.csv_import.read_csv`, every row's meaning is
checked (codes, categories, duplicates, what the database already holds), and only a file without a
single bad line is saved. The work is done in a fixed number of queries however long the file (code maps
loaded once, lookups and writes in large batches), so a state's 60,000 rows take seconds. The same
services run from the upload pages (as background jobs, registered at the end of this module) and from
the management commands.
"""

import csv
import functools
import random
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pep.bulk import WRITE_BATCH, advisory_lock, one_of, save_all, without_cycle_collector
from pep.csv_import import CsvRow, RollBack, RowError, all_or_nothing, read_csv, sentence
from pep.csv_writer import safe_cell
from pep.models import District, School, SchoolYear
from pep.refusals import Refused
from pep.services import audit_record
from surveys.models import (
    DIMENSION_CATEGORIES,
    HIGHEST_VALUE,
    LOWEST_VALUE,
    PAPER_CODE_ALPHABET,
    PAPER_CODE_LENGTH,
    Channel,
    ChildCount,
    DisabilityCategory,
    Gender,
    Grade,
    Instrument,
    InstrumentKind,
    Invitation,
    PaperEntry,
    RaceEthnicity,
    Response,
    SurveyCycle,
    SurveyJob,
    SurveyLanguage,
    grade_band_of,
    normalize_paper_code,
)
from surveys.services.jobs import JobOutcome, JobProgress, job_work
from surveys.services.report_figures import report_figures_changed
from surveys.services.responses import Scorer, invitation_response_values

ROSTER_COLUMNS = [
    "student_ref",
    "parent_name",
    "parent_email",
    "parent_phone",
    "mailing_address",
    "language",
    "district_code",
    "school_code",
    "grade",
    "age",
    "disability_category",
    "race_ethnicity",
    "gender",
]
CHILD_COUNT_COLUMNS = ["district_code", "dimension", "category", "count"]
RESPONSE_FIXED_COLUMNS = ["paper_code", "channel", "language"]
INVITATION_EXPORT_COLUMNS = [
    "student_ref",
    "district_code",
    "school_code",
    "code",
    "paper_code",
    "language",
    "responded",
]

# Longest text each roster column takes (the invitation's own limits).
ROSTER_LIMITS = {
    "student_ref": 40,
    "parent_name": 200,
    "parent_email": 254,
    "parent_phone": 32,
    "mailing_address": 500,
}
YOUNGEST, OLDEST = 2, 25  # ages of children served, with room on either side of 3 to 21
LARGEST_COUNT = 10_000_000

# PostgreSQL advisory lock keys: one roster import at a time (paper codes are unique across cycles),
# one response import per cycle at a time, one child count import at a time.
ROSTER_IMPORT_LOCK = 7_309_001
RESPONSE_IMPORT_LOCK = 7_309_002
CHILD_COUNT_IMPORT_LOCK = 7_309_003

_email = EmailValidator()
_shuffle = random.SystemRandom().shuffle


@dataclass
class ImportResult:
    """What an import did (or, for a dry run, would do): rows read, rows saved, rows replaced, problems."""

    rows: int = 0
    saved: int = 0
    replaced: int = 0
    districts: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def progress_total(data: bytes) -> int:
    """The steps an import of `data` reports: each line once when it is read and once when it is saved."""
    return 2 * max(data.count(b"\n"), 1)


def _text_problems(cells: dict[str, str], limits: dict[str, int], required: Iterable[str]) -> list[str]:
    problems = []
    for name, limit in limits.items():
        if name in required and not cells[name]:
            problems.append(_("the %(column)s column is empty") % {"column": name})
        elif len(cells[name]) > limit:
            problems.append(
                _("the %(column)s column is longer than %(limit)d characters") % {"column": name, "limit": limit}
            )
    return problems


def _choice(cells: dict[str, str], column: str, choices, problems: list[str], upper: bool = True) -> str:
    """The cell as one of the code list's values (any case), or "" with the problem noted."""
    value = cells[column].upper() if upper else cells[column].lower()
    if value in _allowed(choices):
        return value
    if not value:
        problems.append(_("the %(column)s column is empty") % {"column": column})
    else:
        problems.append(
            _("the %(column)s “%(value)s” is not one of %(allowed)s")
            % {"column": column, "value": cells[column][:40], "allowed": ", ".join(choices.values)}
        )
    return ""


@functools.cache
def _allowed(choices) -> frozenset[str]:
    return frozenset(choices.values)


def _whole_number(text: str) -> int | None:
    """A whole number written with digits only (no sign, point or spaces), else None."""
    return int(text) if text.isascii() and text.isdigit() else None


def _refuse_unless_indicator8(cycle: SurveyCycle) -> None:
    if cycle.instrument.kind != InstrumentKind.INDICATOR8:
        raise Refused(
            _("The cycle %(cycle)s is a %(kind)s; only Indicator 8 cycles have a roster of invited parents.")
            % {"cycle": cycle.slug, "kind": cycle.instrument.get_kind_display()}
        )


# The roster ------------------------------------------------------------------------------------------


@dataclass
class _RosterRow:
    line: int
    values: dict


@without_cycle_collector
def roster_import(
    *,
    cycle: SurveyCycle,
    data: bytes,
    actor=None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Invite every parent of the roster file to the Indicator 8 cycle, each with a web code and a paper
    code: every row, or none with every bad line and its reason."""
    _refuse_unless_indicator8(cycle)
    result = ImportResult(dry_run=dry_run)
    csv_file = read_csv(data, ROSTER_COLUMNS, progress)
    result.errors = csv_file.errors
    result.rows = len(csv_file.rows)
    if result.errors and not csv_file.rows:
        return result
    districts = dict(District.objects.values_list("code", "pk"))
    schools = {
        code: (pk, district_id) for code, pk, district_id in School.objects.values_list("code", "pk", "district_id")
    }
    with all_or_nothing():
        advisory_lock(ROSTER_IMPORT_LOCK)
        on_roster = set(Invitation.objects.filter(cycle=cycle).values_list("student_ref", flat=True))
        rows = _roster_rows(csv_file.rows, cycle.pk, districts, schools, on_roster, result.errors)
        if result.errors:
            raise RollBack
        for row, paper_code in zip(rows, _new_paper_codes(len(rows)), strict=True):
            row.values["paper_code"] = paper_code
        save_all(Invitation, [row.values for row in rows], progress)
        result.saved = len(rows)
        result.districts = len({row.values["district_id"] for row in rows})
        if dry_run:
            raise RollBack
        report_figures_changed(cycle_ids=[cycle.pk])
        audit_record(
            actor=actor,
            action="survey.roster_import",
            summary=_("Roster of %(cycle)s: %(count)d parents invited in %(districts)d districts")
            % {"cycle": cycle.slug, "count": result.saved, "districts": result.districts},
            details={"cycle": cycle.pk, "invited": result.saved, "districts": result.districts},
        )
    result.errors.sort(key=lambda error: error.line)
    return result


def _roster_rows(
    csv_rows: list[CsvRow],
    cycle_id: int,
    districts: dict[str, int],
    schools: dict[str, tuple[int, int]],
    on_roster: set[str],
    errors: list[RowError],
) -> list[_RosterRow]:
    """Check every row's meaning against the code lists, the file and the cycle's roster."""
    rows, first_line = [], {}
    for csv_row in csv_rows:
        cells, problems = csv_row.cells, []
        problems += _text_problems(cells, ROSTER_LIMITS, required=("student_ref", "parent_name"))
        student_ref = cells["student_ref"]
        if student_ref:
            earlier = first_line.setdefault(student_ref, csv_row.line)
            if earlier != csv_row.line:
                problems.append(
                    _("student %(student)s is also on line %(line)d") % {"student": student_ref[:40], "line": earlier}
                )
            elif student_ref in on_roster:
                problems.append(
                    _("student %(student)s is already on this cycle's roster") % {"student": student_ref[:40]}
                )
        email = cells["parent_email"]
        if email and len(email) <= ROSTER_LIMITS["parent_email"]:
            try:
                _email(email)
            except ValidationError:
                problems.append(_("the parent_email “%(email)s” is not an email address") % {"email": email[:80]})
        language = _choice(cells, "language", SurveyLanguage, problems, upper=False)
        district_id = districts.get(cells["district_code"])
        if district_id is None:
            problems.append(
                _("the district_code “%(code)s” is not a district of the directory")
                % {"code": cells["district_code"][:20]}
                if cells["district_code"]
                else _("the district_code column is empty")
            )
        school_id = None
        if cells["school_code"]:
            school = schools.get(cells["school_code"])
            if school is None:
                problems.append(
                    _("the school_code “%(code)s” is not a school of the directory")
                    % {"code": cells["school_code"][:20]}
                )
            elif district_id is not None and school[1] != district_id:
                problems.append(
                    _("school %(school)s is not in district %(district)s")
                    % {"school": cells["school_code"], "district": cells["district_code"]}
                )
            else:
                school_id = school[0]
        grade = _choice(cells, "grade", Grade, problems)
        age = _whole_number(cells["age"])
        if age is None or not YOUNGEST <= age <= OLDEST:
            problems.append(
                _("the age “%(age)s” is not a whole number from %(youngest)d to %(oldest)d")
                % {"age": cells["age"][:10], "youngest": YOUNGEST, "oldest": OLDEST}
            )
        disability = _choice(cells, "disability_category", DisabilityCategory, problems)
        race = _choice(cells, "race_ethnicity", RaceEthnicity, problems)
        gender = _choice(cells, "gender", Gender, problems)
        if problems:
            errors.append(RowError(csv_row.line, sentence(problems)))
            continue
        rows.append(
            _RosterRow(
                csv_row.line,
                {
                    "cycle_id": cycle_id,
                    "student_ref": student_ref,
                    "parent_name": cells["parent_name"],
                    "parent_email": email,
                    "parent_phone": cells["parent_phone"],
                    "mailing_address": cells["mailing_address"],
                    "language": language,
                    "district_id": district_id,
                    "school_id": school_id,
                    "grade": grade,
                    "age": age,
                    "disability_category": disability,
                    "race_ethnicity": race,
                    "gender": gender,
                },
            )
        )
    return rows


# Random bytes below 250 (ten times the alphabet's 25 characters) map evenly onto the alphabet; the
# others are dropped, so every character is equally likely, as with `new_paper_code`.
_EVEN_BYTES = 10 * len(PAPER_CODE_ALPHABET)
_BYTE_TO_CHARACTER = bytes.maketrans(bytes(range(_EVEN_BYTES)), (PAPER_CODE_ALPHABET * 10).encode())
_UNEVEN_BYTES = bytes(range(_EVEN_BYTES, 256))


def _paper_codes(count: int) -> list[str]:
    """`count` paper codes drawn as `new_paper_code` draws one, from one read of the system's random source
    instead of one per character (a roster of 60,000 draws 600,000 characters)."""
    wanted = count * PAPER_CODE_LENGTH
    characters = ""
    while len(characters) < wanted:
        more = secrets.token_bytes(wanted - len(characters) + 64)
        characters += more.translate(_BYTE_TO_CHARACTER, _UNEVEN_BYTES).decode()
    return [characters[start : start + PAPER_CODE_LENGTH] for start in range(0, wanted, PAPER_CODE_LENGTH)]


def _new_paper_codes(count: int) -> list[str]:
    """`count` paper codes used by no invitation of any cycle and by none other of the batch.

    A clash is rare (25¹⁰ codes), but a code is typed by people and must name one form: clashing codes
    are drawn again until none is left."""
    codes = _paper_codes(count)
    clashing = set(range(count))
    while clashing:
        wanted = [codes[index] for index in clashing]
        taken = set()
        for condition in one_of("paper_code", wanted):
            taken.update(Invitation.objects.filter(condition).values_list("paper_code", flat=True))
        seen: set[str] = set()
        still = set()
        for index, code in enumerate(codes):
            if code in seen or (index in clashing and code in taken):
                still.add(index)
            seen.add(code)
        for index, code in zip(still, _paper_codes(len(still)), strict=True):
            codes[index] = code
        clashing = still
    return codes


# The child count --------------------------------------------------------------------------------------


@without_cycle_collector
def child_count_import(
    *,
    school_year: SchoolYear,
    data: bytes,
    actor=None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Replace the year's child counts of every district in the file with the file's: all rows, or none
    with every bad line and its reason. Districts not in the file keep their counts."""
    result = ImportResult(dry_run=dry_run)
    csv_file = read_csv(data, CHILD_COUNT_COLUMNS, progress)
    result.errors = csv_file.errors
    result.rows = len(csv_file.rows)
    if result.errors and not csv_file.rows:
        return result
    districts = dict(District.objects.values_list("code", "pk"))
    counts = _child_count_rows(csv_file.rows, districts, school_year, result.errors)
    result.errors.sort(key=lambda error: error.line)
    if result.errors:
        return result
    with all_or_nothing():
        advisory_lock(CHILD_COUNT_IMPORT_LOCK)
        district_ids = sorted({count["district_id"] for count in counts})
        for condition in one_of("district_id", district_ids):
            deleted, _by_model = ChildCount.objects.filter(condition, school_year=school_year).delete()
            result.replaced += deleted
        save_all(ChildCount, counts, progress)
        result.saved, result.districts = len(counts), len(district_ids)
        if dry_run:
            raise RollBack
        report_figures_changed(school_year_id=school_year.pk)
        audit_record(
            actor=actor,
            action="survey.child_count_import",
            summary=_("Child count %(year)s: %(count)d counts for %(districts)d districts")
            % {"year": school_year.label, "count": result.saved, "districts": result.districts},
            details={"school_year": school_year.pk, "counts": result.saved, "replaced": result.replaced},
        )
    return result


def _child_count_rows(
    csv_rows: list[CsvRow], districts: dict[str, int], school_year: SchoolYear, errors: list[RowError]
) -> list[dict]:
    counts, first_line = [], {}
    for csv_row in csv_rows:
        cells, problems = csv_row.cells, []
        district_id = districts.get(cells["district_code"])
        if district_id is None:
            problems.append(
                _("the district_code “%(code)s” is not a district of the directory")
                % {"code": cells["district_code"][:20]}
                if cells["district_code"]
                else _("the district_code column is empty")
            )
        dimension = cells["dimension"].lower()
        categories = DIMENSION_CATEGORIES.get(dimension)
        category = ""
        if categories is None:
            problems.append(
                _("the dimension “%(value)s” is not one of %(allowed)s")
                % {"value": cells["dimension"][:40], "allowed": ", ".join(DIMENSION_CATEGORIES)}
            )
        else:
            category = _choice(cells, "category", categories, problems)
        number = _whole_number(cells["count"])
        if number is None or number > LARGEST_COUNT:
            problems.append(
                _("the count “%(count)s” is not a whole number from 0 to %(largest)s")
                % {"count": cells["count"][:20], "largest": f"{LARGEST_COUNT:,}"}
            )
        if district_id is not None and category:
            earlier = first_line.setdefault((district_id, dimension, category), csv_row.line)
            if earlier != csv_row.line:
                problems.append(
                    _("%(district)s %(dimension)s %(category)s is also on line %(line)d")
                    % {
                        "district": cells["district_code"],
                        "dimension": dimension,
                        "category": category,
                        "line": earlier,
                    }
                )
        if problems:
            errors.append(RowError(csv_row.line, sentence(problems)))
            continue
        counts.append(
            {
                "school_year_id": school_year.pk,
                "district_id": district_id,
                "dimension": dimension,
                "category": category,
                "count": number,
            }
        )
    return counts


# Returned responses -----------------------------------------------------------------------------------


@dataclass
class _ResponseRow:
    line: int
    paper_code: str
    channel: str
    language: str
    answers: list


def response_columns(instrument: Instrument) -> list[str]:
    """The columns of a response file for this instrument: paper_code, channel, language, q1 … qN."""
    return RESPONSE_FIXED_COLUMNS + [f"q{number}" for number in range(1, instrument.items.count() + 1)]


@without_cycle_collector
def responses_import(
    *,
    cycle: SurveyCycle,
    data: bytes,
    actor=None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Store the answers of returned forms (paper, web or phone, collected by a mail house or vendor),
    each matched to an invitation of this cycle by its paper code: every row, or none with every bad line.

    A code already answered (on the web, on paper or by an earlier import), or a form being keyed by
    double entry, is a bad line: nothing is ever overwritten."""
    _refuse_unless_indicator8(cycle)
    result = ImportResult(dry_run=dry_run)
    scorer = Scorer.of(cycle.instrument)
    questions = [f"q{number}" for number in range(1, scorer.item_count + 1)]
    csv_file = read_csv(data, RESPONSE_FIXED_COLUMNS + questions, progress)
    result.errors = csv_file.errors
    result.rows = len(csv_file.rows)
    if result.errors and not csv_file.rows:
        return result
    rows = _response_rows(csv_file.rows, questions, result.errors)
    with all_or_nothing():
        advisory_lock(RESPONSE_IMPORT_LOCK, cycle.pk)
        invitations = _locked_invitations(cycle, sorted({row.paper_code for row in rows}))
        being_keyed = set(
            PaperEntry.objects.filter(invitation__cycle=cycle).order_by().values_list("invitation_id", flat=True)
        )
        matched = _match(rows, invitations, being_keyed, result.errors)
        if result.errors:
            raise RollBack
        responses = [
            {
                "cycle_id": cycle.pk,
                **invitation_response_values(
                    invitation, answers=row.answers, channel=row.channel, language=row.language, scorer=scorer
                ),
            }
            for row, invitation in matched
        ]
        # Saved in a random order, so the order of the file (and of the invitations) cannot be read
        # back from the order the responses were written in.
        _shuffle(responses)
        save_all(Response, responses, progress)
        answered = sorted(invitation.pk for _row, invitation in matched)
        for condition in one_of("pk", answered):
            Invitation.objects.filter(condition).update(responded=True)
        result.saved = len(responses)
        result.districts = len({invitation.district_id for _row, invitation in matched})
        if dry_run:
            raise RollBack
        report_figures_changed(cycle_ids=[cycle.pk])
        audit_record(
            actor=actor,
            action="survey.responses_import",
            summary=_("Responses to %(cycle)s: %(count)d imported") % {"cycle": cycle.slug, "count": result.saved},
            details={"cycle": cycle.pk, "responses": result.saved},
        )
    result.errors.sort(key=lambda error: error.line)
    return result


def _response_rows(csv_rows: list[CsvRow], questions: list[str], errors: list[RowError]) -> list[_ResponseRow]:
    """Check each row's shape: a paper code given once in the file, a channel, a language, values 1 to 6."""
    rows, first_line = [], {}
    values = {str(value): value for value in range(LOWEST_VALUE, HIGHEST_VALUE + 1)}
    for csv_row in csv_rows:
        cells, problems = csv_row.cells, []
        paper_code = cells["paper_code"].upper()
        if not (paper_code.isascii() and paper_code.isalnum()):  # most codes are written as printed
            paper_code = normalize_paper_code(paper_code)
        if not paper_code:
            problems.append(_("the paper_code column is empty"))
        elif len(paper_code) != PAPER_CODE_LENGTH:
            problems.append(
                _("the paper code “%(code)s” does not have %(length)d letters and digits")
                % {"code": cells["paper_code"][:20], "length": PAPER_CODE_LENGTH}
            )
        else:
            earlier = first_line.setdefault(paper_code, csv_row.line)
            if earlier != csv_row.line:
                problems.append(
                    _("the paper code %(code)s is also on line %(line)d") % {"code": paper_code, "line": earlier}
                )
        channel = _choice(cells, "channel", Channel, problems, upper=False)
        language = _choice(cells, "language", SurveyLanguage, problems, upper=False)
        answers = [values.get(cells[question]) for question in questions]
        wrong = (
            [
                f"{question} “{cells[question][:10]}”"
                for question, value in zip(questions, answers, strict=True)
                if value is None and cells[question]
            ]
            if None in answers
            else []
        )
        if wrong:
            problems.append(
                ngettext(
                    "the answer %(answers)s is not a value from %(low)d to %(high)d (or empty for a skipped item)",
                    "the answers %(answers)s are not values from %(low)d to %(high)d (or empty for skipped items)",
                    len(wrong),
                )
                % {"answers": ", ".join(wrong), "low": LOWEST_VALUE, "high": HIGHEST_VALUE}
            )
        if problems:
            errors.append(RowError(csv_row.line, sentence(problems)))
            continue
        rows.append(_ResponseRow(csv_row.line, paper_code, channel, language, answers))
    return rows


class _Invited(NamedTuple):
    """What a response takes from its invitation (`invitation_response_values` reads these), without the
    cost of a model instance for each of a state's 60,000 invitations."""

    pk: int
    district_id: int
    paper_code: str
    responded: bool
    grade: str
    disability_category: str
    race_ethnicity: str
    gender: str
    grade_band: str


def _locked_invitations(cycle: SurveyCycle, paper_codes: list[str]) -> dict[str, _Invited]:
    """The cycle's invitations with these paper codes, locked until the import commits.

    Locked in order of paper code, the same order for every import, so two imports never wait on each
    other crosswise; a web answer or a keyed form for one of them waits until the import is done."""
    found = {}
    columns = ["pk", "district_id", "paper_code", "responded", "grade", "disability_category"]
    columns += ["race_ethnicity", "gender"]
    for condition in one_of("paper_code", paper_codes):
        locked = (
            Invitation.objects.select_for_update()
            .filter(condition, cycle=cycle)
            .order_by("paper_code")
            .values_list(*columns)
        )
        for row in locked:
            found[row[2]] = _Invited(*row, grade_band=grade_band_of(row[4]))
    return found


def _match(
    rows: list[_ResponseRow], invitations: dict[str, _Invited], being_keyed: set[int], errors: list[RowError]
) -> list[tuple[_ResponseRow, _Invited]]:
    matched = []
    for row in rows:
        invitation = invitations.get(row.paper_code)
        if invitation is None:
            errors.append(
                RowError(
                    row.line, _("No invitation of this cycle has the paper code %(code)s.") % {"code": row.paper_code}
                )
            )
        elif invitation.responded:
            errors.append(
                RowError(
                    row.line,
                    _("The paper code %(code)s has already answered; nothing was overwritten.")
                    % {"code": row.paper_code},
                )
            )
        elif invitation.pk in being_keyed:
            errors.append(
                RowError(
                    row.line,
                    _(
                        "The form with paper code %(code)s is being keyed by double entry; finish or clear its "
                        "keying first. Nothing was overwritten."
                    )
                    % {"code": row.paper_code},
                )
            )
        else:
            matched.append((row, invitation))
    return matched


# The invitations, for mail houses ---------------------------------------------------------------------


def invitation_export_rows(cycle: SurveyCycle) -> Iterator[list]:
    """The cycle's invitations as rows of INVITATION_EXPORT_COLUMNS, by district and student: codes and
    whether each answered, never what anyone answered."""
    rows = (
        Invitation.objects.filter(cycle=cycle)
        .order_by("district__code", "student_ref")
        .values_list("student_ref", "district__code", "school__code", "code", "paper_code", "language", "responded")
    )
    for student_ref, district_code, school_code, code, paper_code, language, responded in rows.iterator(
        chunk_size=WRITE_BATCH
    ):
        yield [student_ref, district_code, school_code or "", code, paper_code, language, int(responded)]


@transaction.atomic
def invitation_export_record(*, cycle: SurveyCycle, actor) -> None:
    """Note in the audit trail that the cycle's codes left the program (they let anyone answer)."""
    audit_record(
        actor=actor,
        action="survey.invitations_export",
        summary=_("Invitations of %(cycle)s exported") % {"cycle": cycle.slug},
        details={"cycle": cycle.pk},
    )


def write_invitations_csv(cycle: SurveyCycle, out) -> int:
    """Write the invitations CSV to an open text file (the command's); the number of rows written."""
    writer = csv.writer(out)
    writer.writerow(INVITATION_EXPORT_COLUMNS)
    written = 0
    for row in invitation_export_rows(cycle):
        writer.writerow([safe_cell(value) for value in row])
        written += 1
    return written


# Background jobs (SurveyJob kinds) --------------------------------------------------------------------


def result_summary(result: ImportResult, kind: str) -> str:
    """One line that says what an import did, would do, or why nothing was saved."""
    if result.errors:
        return ngettext(
            "Refused: %(count)s bad line; nothing was saved.",
            "Refused: %(count)s bad lines; nothing was saved.",
            len(result.errors),
        ) % {"count": f"{len(result.errors):,}"}
    saved, districts = result.saved, result.districts
    figures = {"count": f"{saved:,}", "districts": f"{districts:,}", "replaced": f"{result.replaced:,}"}
    where = ngettext("%(districts)s district", "%(districts)s districts", districts) % figures
    if kind == SurveyJob.Kind.ROSTER:
        what = ngettext("%(count)s parent invited", "%(count)s parents invited", saved) % figures
        text = _("%(what)s in %(where)s.") % {"what": what, "where": where}
    elif kind == SurveyJob.Kind.RESPONSES:
        what = ngettext("%(count)s response stored", "%(count)s responses stored", saved) % figures
        text = _("%(what)s in %(where)s.") % {"what": what, "where": where}
    else:
        what = ngettext("%(count)s child count saved", "%(count)s child counts saved", saved) % figures
        text = _("%(what)s for %(where)s (earlier counts replaced: %(replaced)s).") % {
            "what": what,
            "where": where,
            "replaced": figures["replaced"],
        }
    return _("Check only, nothing was saved: %(text)s") % {"text": text} if result.dry_run else text


def _job_outcome(job: SurveyJob, progress: JobProgress, run: Callable[..., ImportResult]) -> JobOutcome:
    data = bytes(job.upload or b"")
    progress.total(progress_total(data))
    try:
        result = run(data=data, actor=job.requested_by, progress=progress)
    except Refused as refusal:
        return JobOutcome(summary=str(refusal), errors=[(0, str(refusal))])
    return JobOutcome(
        summary=result_summary(result, job.kind), errors=[(error.line, error.message) for error in result.errors]
    )


@job_work(SurveyJob.Kind.ROSTER)
def roster_job(job: SurveyJob, progress: JobProgress) -> JobOutcome:
    """A roster uploaded on the cycle's page."""
    return _job_outcome(job, progress, lambda **kwargs: roster_import(cycle=job.cycle, **kwargs))


@job_work(SurveyJob.Kind.RESPONSES)
def responses_job(job: SurveyJob, progress: JobProgress) -> JobOutcome:
    """A file of returned responses uploaded on the cycle's page."""
    return _job_outcome(job, progress, lambda **kwargs: responses_import(cycle=job.cycle, **kwargs))


@job_work(SurveyJob.Kind.CHILD_COUNT)
def child_count_job(job: SurveyJob, progress: JobProgress) -> JobOutcome:
    """A child count uploaded for a school year."""
    return _job_outcome(job, progress, lambda **kwargs: child_count_import(school_year=job.school_year, **kwargs))
