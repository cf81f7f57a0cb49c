"""Reads for paper forms: how many forms are keyed once or wait for reconciliation, the waiting forms
with the items their keyings disagree on, and the jobs that built a cycle's packets."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import get_language

from surveys.models import Item, PaperEntry, SurveyCycle, SurveyJob
from surveys.services.paper import FIRST, SECOND, differing_items

# What the pages show of who keyed a form: their name (pep's `person` filter).
KEYER_FIELDS = ("keyed_by__username", "keyed_by__first_name", "keyed_by__last_name")


@dataclass(frozen=True)
class KeyingCounts:
    """Forms keyed once (waiting for their second keying) and forms whose keyings differ."""

    keyed_once: int
    waiting: int


def keying_counts(cycle: SurveyCycle) -> KeyingCounts:
    """One query: a form with a second keying waits for reconciliation (agreeing keyings are stored at once)."""
    counts = PaperEntry.objects.filter(invitation__cycle=cycle).aggregate(
        first=Count("pk", filter=Q(pass_number=FIRST)), second=Count("pk", filter=Q(pass_number=SECOND))
    )
    return KeyingCounts(keyed_once=counts["first"] - counts["second"], waiting=counts["second"])


def forms_to_reconcile(cycle: SurveyCycle) -> QuerySet[PaperEntry]:
    """The second keyings of the cycle's forms waiting for reconciliation, oldest first (to page through)."""
    return (
        PaperEntry.objects.filter(invitation__cycle=cycle, pass_number=SECOND)
        .select_related("invitation", "keyed_by")
        .only("pk", "answers", "keyed_at", "invitation__paper_code", *KEYER_FIELDS)
        .order_by("keyed_at", "pk")
    )


@dataclass(frozen=True)
class Disagreement:
    """One item two keyings of a form disagree on."""

    number: int
    text: str
    first: int | None
    second: int | None


@dataclass(frozen=True)
class FormToReconcile:
    """A form waiting for reconciliation: its second keying (which names it) and the items that differ."""

    entry: PaperEntry
    first_keyed_by: object
    disagreements: list[Disagreement]


def disagreements_of(cycle: SurveyCycle, second_keyings: list[PaperEntry]) -> list[FormToReconcile]:
    """Each form's disagreeing items, with the first keyings and the item texts read in two queries."""
    firsts = {
        entry.invitation_id: entry
        for entry in PaperEntry.objects.filter(
            invitation_id__in=[entry.invitation_id for entry in second_keyings], pass_number=FIRST
        )
        .select_related("keyed_by")
        .only("pk", "invitation_id", "answers", *KEYER_FIELDS)
    }
    spanish = get_language() == "es"
    texts = {
        number: text_es if spanish else text_en
        for number, text_en, text_es in Item.objects.filter(instrument_id=cycle.instrument_id).values_list(
            "number", "text_en", "text_es"
        )
    }
    forms = []
    for second in second_keyings:
        first = firsts.get(second.invitation_id)
        if first is None:  # reconciled by someone else between the two reads
            continue
        disagreements = [
            Disagreement(number, texts.get(number, ""), first.answers[number - 1], second.answers[number - 1])
            for number in differing_items(first.answers, second.answers)
        ]
        forms.append(FormToReconcile(second, first.keyed_by, disagreements))
    return forms


def packet_jobs(cycle: SurveyCycle) -> QuerySet[SurveyJob]:
    """The cycle's packet jobs, newest first, without their files (each may be a hundred megabytes)."""
    return (
        SurveyJob.objects.filter(cycle=cycle, kind=SurveyJob.Kind.PACKETS)
        .select_related("district", "requested_by")
        .defer("upload", "output", "errors")
        .order_by("-requested_at", "-pk")
    )
