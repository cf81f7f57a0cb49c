"""Reads of the family-engagement perceptions survey: its shared links and its profile.

A profile is the mean agreement with the statements of each type of involvement (the items' tags), for
family members beside staff. The database adds up the answers: one query gives every district of a page
(or the state) its sums, whatever the number of districts. Only scored responses count (those with the
instrument's minimum of answered items), as everywhere else in the surveys.

The mean of a cell is the mean of every answer given to the type's statements by the cell's people
(1 = very strongly disagree … 6 = very strongly agree); its N is the number of people who answered at
least one of those statements. District-facing views hide a cell describing fewer people than the
cycle's minimum cell size.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pep.models import District
from surveys.models import InstrumentKind, PerceptionsLink, RespondentRole, Response, SurveyCycle

ROLES = (RespondentRole.FAMILY, RespondentRole.STAFF)
# Links' tokens are URL-safe base64 (secrets.token_urlsafe), 64 characters at most.
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")

# The six types of involvement the demo instrument tags its statements with; another instrument's
# tags are shown as written.
INVOLVEMENT_TYPES = {
    "parenting": _("Parenting"),
    "communicating": _("Communicating"),
    "volunteering": _("Volunteering"),
    "learning-at-home": _("Learning at home"),
    "decision-making": _("Decision making"),
    "collaborating-with-community": _("Collaborating with the community"),
}


def involvement_label(tag: str) -> str:
    """A tag's name for people: the type of involvement, or the tag itself spelled out."""
    return str(INVOLVEMENT_TYPES.get(tag, tag.replace("-", " ").replace("_", " ").capitalize()))


@dataclass(frozen=True)
class ProfileCell:
    """One type of involvement for one group of respondents. In a district-facing view, `hidden` when it
    describes fewer people than the cycle's minimum (`small`), or, for the state's cells, when the rest of
    the state does: then it carries no numbers at all."""

    people: int | None
    answers: int | None
    total: int | None
    small: bool
    hidden: bool

    @property
    def mean(self) -> Decimal | None:
        if self.hidden or not self.answers:
            return None
        return Decimal(self.total) / Decimal(self.answers)


@dataclass(frozen=True)
class ProfileRow:
    """A type of involvement: its tag, name, and the cells of families, staff (and the state, when shown)."""

    tag: str
    label: str
    family: ProfileCell
    staff: ProfileCell
    state_family: ProfileCell | None = None
    state_staff: ProfileCell | None = None


@dataclass(frozen=True)
class PerceptionsProfile:
    """A district's (or the state's) profile in a cycle: respondents by role and a row per type."""

    cycle: SurveyCycle
    district: District | None
    respondents: dict[str, ProfileCell]
    returned: int
    rows: list[ProfileRow]
    suppressed: bool

    @property
    def any_shown(self) -> bool:
        """Whether at least one mean can be shown (else the page says there are not enough answers yet)."""
        return any(cell.mean is not None for row in self.rows for cell in (row.family, row.staff))

    @property
    def has_state(self) -> bool:
        return any(row.state_family is not None for row in self.rows)


# --- cycles and links ---------------------------------------------------------------------------


def perceptions_cycles() -> QuerySet[SurveyCycle]:
    """Every perceptions cycle, latest first."""
    return SurveyCycle.objects.filter(instrument__kind=InstrumentKind.PERCEPTIONS).select_related(
        "instrument", "school_year"
    )


def perceptions_cycle(slug: str) -> SurveyCycle | None:
    """The perceptions cycle with this slug, or None (an Indicator 8 cycle is not one)."""
    return perceptions_cycles().filter(slug=slug).first()


def link_for_page(token: str) -> PerceptionsLink | None:
    """The shared link with this token, its cycle, instrument and items loaded; None when there is none."""
    if not TOKEN.fullmatch(token):
        return None  # not a token we make (a NUL would even upset PostgreSQL): unknown, like any other
    return (
        PerceptionsLink.objects.select_related("cycle__instrument", "district")
        .prefetch_related("cycle__instrument__items")
        .filter(token=token, cycle__instrument__kind=InstrumentKind.PERCEPTIONS)
        .first()
    )


def link_pages(cycle: SurveyCycle) -> QuerySet[PerceptionsLink]:
    """The cycle's links by district name (for the lists of 50 a page)."""
    return PerceptionsLink.objects.filter(cycle=cycle).select_related("district").order_by("district__name", "pk")


def responses_by_district(cycle: SurveyCycle, district_ids: list[int]) -> dict[int, dict[str, int]]:
    """For each district: its responses returned from families and from staff (one query)."""
    rows = (
        Response.objects.filter(cycle=cycle, district_id__in=district_ids, respondent_role__in=ROLES)
        .values("district_id", "respondent_role")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = {pk: dict.fromkeys(ROLES, 0) for pk in district_ids}
    for row in rows:
        counts[row["district_id"]][row["respondent_role"]] = row["n"]
    return counts


@dataclass(frozen=True)
class CycleCounts:
    """What a perceptions cycle's section says: districts with a link, of how many, and responses."""

    linked: int
    districts: int
    families: int
    staff: int
    scored: int


def cycle_counts(cycle: SurveyCycle) -> CycleCounts:
    """The numbers of the cycle's section (three queries whatever the size of the state)."""
    totals = Response.objects.filter(cycle=cycle).aggregate(
        families=Count("pk", filter=Q(respondent_role=RespondentRole.FAMILY)),
        staff=Count("pk", filter=Q(respondent_role=RespondentRole.STAFF)),
        scored=Count("pk", filter=Q(scored=True)),
    )
    return CycleCounts(
        linked=PerceptionsLink.objects.filter(cycle=cycle).count(),
        districts=District.objects.count(),
        **totals,
    )


def links_of_district(district: District) -> list[PerceptionsLink]:
    """Every perceptions link the district has, latest cycle first, with its cycle (one query)."""
    return list(
        PerceptionsLink.objects.filter(district=district, cycle__instrument__kind=InstrumentKind.PERCEPTIONS)
        .select_related("cycle__instrument", "cycle__school_year")
        .order_by("-cycle__opens_on", "-cycle__pk")
    )


def still_open(links: list[PerceptionsLink], today: datetime.date | None = None) -> list[PerceptionsLink]:
    """The links of cycles that are open or still to open, soonest closing first."""
    today = today or timezone.localdate()
    return sorted((link for link in links if link.cycle.closes_on >= today), key=lambda link: link.cycle.closes_on)


def latest_opened(links: list[PerceptionsLink], today: datetime.date | None = None) -> SurveyCycle | None:
    """The latest cycle of these links that has opened (links as `links_of_district` orders them)."""
    today = today or timezone.localdate()
    return next((link.cycle for link in links if link.cycle.opens_on <= today), None)


def latest_cycle_of(district: District, *, until: datetime.date | None = None) -> SurveyCycle | None:
    """The latest perceptions cycle the district took part in that had opened by `until` (today by default)."""
    today = timezone.localdate()
    until = min(until, today) if until else today
    link = (
        PerceptionsLink.objects.filter(
            district=district, cycle__instrument__kind=InstrumentKind.PERCEPTIONS, cycle__opens_on__lte=until
        )
        .select_related("cycle__instrument", "cycle__school_year")
        .order_by("-cycle__opens_on", "-cycle__pk")
        .first()
    )
    return link.cycle if link else None


# --- the profile ---------------------------------------------------------------------------------


def instrument_tags(cycle: SurveyCycle) -> list[tuple[str, list[int]]]:
    """The instrument's tags in the order of their first statement, each with its statements' positions
    in a response's answers (0 for item 1). Untagged statements belong to no type."""
    tags: dict[str, list[int]] = {}
    for number, tag in cycle.instrument.items.order_by("number").values_list("number", "tag"):
        if tag:
            tags.setdefault(tag, []).append(number - 1)
    return list(tags.items())


def _answer(position: int):
    # A skipped item is JSON null. PostgreSQL reads it as SQL NULL, but Django on SQLite as the text "null"
    # (which CAST would make 0): both become NULL here, which SUM and COUNT pass over.
    text = NullIf(KeyTextTransform(str(position), "answers"), Value("null"))
    return Cast(text, IntegerField())


def _aggregates(tags: list[tuple[str, list[int]]]) -> dict:
    """Per tag: the sum of its answers, how many answers, and how many people gave at least one."""
    scored = Q(scored=True)
    aggregates: dict = {"returned": Count("pk"), "respondents": Count("pk", filter=scored)}
    for index, (_tag, positions) in enumerate(tags):
        values = [_answer(position) for position in positions]
        anyone = Coalesce(*values) if len(values) > 1 else values[0]
        total = sum((Coalesce(value, Value(0)) for value in values[1:]), Coalesce(values[0], Value(0)))
        aggregates[f"t{index}_total"] = Sum(total, filter=scored)
        aggregates[f"t{index}_answers"] = sum(
            (Count(value, filter=scored) for value in values[1:]), Count(values[0], filter=scored)
        )
        aggregates[f"t{index}_people"] = Count(anyone, filter=scored)
    return aggregates


@dataclass(frozen=True)
class _Sums:
    returned: int
    respondents: int
    tags: list[tuple[int, int, int]]  # (people, answers, total) per tag

    @classmethod
    def of(cls, row: dict | None, tag_count: int) -> "_Sums":
        row = row or {}
        return cls(
            returned=row.get("returned") or 0,
            respondents=row.get("respondents") or 0,
            tags=[
                (row.get(f"t{i}_people") or 0, row.get(f"t{i}_answers") or 0, row.get(f"t{i}_total") or 0)
                for i in range(tag_count)
            ],
        )


def _sums_by(cycle: SurveyCycle, tags, group: list[str], **filters) -> dict[tuple, dict[str, _Sums]]:
    """One query: the sums of each group (such as each district) and role, keyed by the group's values."""
    rows = (
        Response.objects.filter(cycle=cycle, respondent_role__in=ROLES, **filters)
        .values(*group, "respondent_role")
        .annotate(**_aggregates(tags))
        .order_by()
    )
    found: dict[tuple, dict[str, _Sums]] = {}
    for row in rows:
        key = tuple(row[name] for name in group)
        found.setdefault(key, {})[row["respondent_role"]] = _Sums.of(row, len(tags))
    return found


def _cell(people: int, answers: int, total: int, min_cell: int, suppress: bool) -> ProfileCell:
    # Nobody is no one's secret: a district sees that no one has answered yet.
    small = 0 < people < min_cell
    if small and suppress:
        return ProfileCell(people=None, answers=None, total=None, small=True, hidden=True)
    return ProfileCell(people=people, answers=answers, total=total, small=small, hidden=False)


# A state's cell kept from a district because the rest of the state is small: not shown, though not small.
WITHHELD = ProfileCell(people=None, answers=None, total=None, small=False, hidden=True)


def _state_shown(state: tuple[int, int, int], district: tuple[int, int, int], min_cell: int) -> bool:
    """A district-facing view shows the state's cell beside the district's only when the rest of the state
    counts none or at least the minimum: otherwise state minus district would reveal small districts."""
    rest = state[0] - district[0]
    return rest == 0 or rest >= min_cell


def _profile(
    cycle: SurveyCycle,
    district: District | None,
    tags,
    sums: dict[str, _Sums],
    *,
    suppress: bool,
    state: dict[str, _Sums] | None = None,
) -> PerceptionsProfile:
    min_cell = cycle.min_cell
    by_role = {role: sums.get(role) or _Sums.of(None, len(tags)) for role in ROLES}
    state_by_role = {role: (state or {}).get(role) or _Sums.of(None, len(tags)) for role in ROLES}
    rows = []
    for index, (tag, _positions) in enumerate(tags):
        cells = {role: _cell(*by_role[role].tags[index], min_cell, suppress) for role in ROLES}
        state_cells: dict[str, ProfileCell | None] = dict.fromkeys(ROLES)
        if state is not None:
            for role in ROLES:
                figures = state_by_role[role].tags[index]
                shown = not suppress or _state_shown(figures, by_role[role].tags[index], min_cell)
                state_cells[role] = _cell(*figures, min_cell, suppress) if shown else WITHHELD
        rows.append(
            ProfileRow(
                tag=tag,
                label=involvement_label(tag),
                family=cells[RespondentRole.FAMILY],
                staff=cells[RespondentRole.STAFF],
                state_family=state_cells[RespondentRole.FAMILY],
                state_staff=state_cells[RespondentRole.STAFF],
            )
        )
    return PerceptionsProfile(
        cycle=cycle,
        district=district,
        respondents={role: _cell(by_role[role].respondents, 0, 0, min_cell, suppress) for role in ROLES},
        returned=sum(by_role[role].returned for role in ROLES),
        rows=rows,
        suppressed=suppress,
    )


def state_profile(cycle: SurveyCycle, *, tags=None) -> PerceptionsProfile:
    """The whole state's profile in the cycle (for coordinators: nothing hidden)."""
    tags = instrument_tags(cycle) if tags is None else tags
    sums = _sums_by(cycle, tags, []).get((), {})
    return _profile(cycle, None, tags, sums, suppress=False)


def district_profiles(
    cycle: SurveyCycle, districts: list[District], *, suppress: bool, tags=None
) -> list[PerceptionsProfile]:
    """The profile of each district (for a page of districts), in the order given: one query for all."""
    tags = instrument_tags(cycle) if tags is None else tags
    sums = _sums_by(cycle, tags, ["district_id"], district_id__in=[district.pk for district in districts])
    return [_profile(cycle, district, tags, sums.get((district.pk,), {}), suppress=suppress) for district in districts]


def district_profile(
    cycle: SurveyCycle, district: District, *, suppress: bool = True, with_state: bool = False, tags=None
) -> PerceptionsProfile:
    """One district's profile; with the state's cells beside it when asked (a few queries)."""
    tags = instrument_tags(cycle) if tags is None else tags
    sums = _sums_by(cycle, tags, [], district_id=district.pk).get((), {})
    state = _sums_by(cycle, tags, []).get((), {}) if with_state else None
    return _profile(cycle, district, tags, sums, suppress=suppress, state=state)


def latest_profile(district: District, *, until: datetime.date | None = None) -> PerceptionsProfile | None:
    """The district's profile in its latest perceptions cycle opened by `until`, cells under the minimum
    hidden; None when it has taken part in none."""
    cycle = latest_cycle_of(district, until=until)
    return district_profile(cycle, district) if cycle else None
