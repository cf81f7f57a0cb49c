"""Printable paper packets: for each invitation, a letter in the parent's language, the survey with its
form code on every page and a return page, as tagged PDFs.

A cycle can hold 60,000 invitations, so packets are built by background jobs, a few hundred per
WeasyPrint document (a document's layout is held in memory until it is written). A district with more
invitations than one document holds comes as numbered part files rather than one joined PDF: joining
tagged PDFs would need another library, and part files print the same. A job keeps its file in its
row, and 60,000 packets make over a gigabyte of PDF (more than PostgreSQL keeps in one value), so a
request larger than PACKETS_PER_FILE packets is built as several jobs, one file each, which several
workers can build side by side.
"""

import io
import json
import math
import zipfile
from dataclasses import dataclass

import segno
from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pep.access import coordinator_only
from pep.models import District
from pep.pdf import html_to_pdf
from pep.refusals import Refused
from pep.services import audit_record
from surveys.models import Instrument, Invitation, SurveyCycle, SurveyJob
from surveys.services.jobs import JobOutcome, JobProgress, job_start, job_work

PACKETS_PER_DOCUMENT = 200
# One job's file, kept in its row: about 100 MB of PDFs (a packet of 25 statements is some 20 kB).
PACKETS_PER_FILE = 5_000
PACKETS_TEMPLATE = "surveys/pdf/packets.html"


def web_survey_url(invitation: Invitation) -> str:
    """The invitation's private link to the web survey, as printed on its letter."""
    return settings.SITE_URL + reverse("surveys:survey", args=[invitation.code])


def qr_svg(url: str, title: str) -> SafeString:
    """A QR code of `url` as inline SVG, sized by the stylesheet."""
    code = segno.make(url, error="m", micro=False)
    return mark_safe(code.svg_inline(omitsize=True, border=2, title=title, svgclass="qr-code"))


def grouped_code(paper_code: str) -> str:
    """A paper code in two groups of five, easier to read off a form (typing it either way works)."""
    return f"{paper_code[:5]} {paper_code[5:]}"


@dataclass(frozen=True)
class Packet:
    """What one packet shows: its invitation, its language's items and scale, its link and QR code."""

    invitation: Invitation
    language: str
    code: str
    survey_url: str
    qr_svg: SafeString
    items: list[tuple[int, str]]
    scale: list[tuple[int, str]]
    boxes: SafeString


class PacketWording:
    """An instrument's items and scale in each language, read once for every packet."""

    def __init__(self, instrument: Instrument):
        items = list(instrument.items.order_by("number").values_list("number", "text_en", "text_es"))
        self.items = {
            "en": [(number, text_en) for number, text_en, _text_es in items],
            "es": [(number, text_es) for number, _text_en, text_es in items],
        }
        self.scale = {language: list(instrument.scale_labels(language).items()) for language in ("en", "es")}
        # A row's boxes are the same for every statement: written once, not once per cell and packet.
        self.boxes = mark_safe("<td></td>" * len(instrument.scale))
        self.qr_titles = {}
        for language in ("en", "es"):
            with translation.override(language):
                self.qr_titles[language] = _("QR code: the link to the survey on the web")

    def packet(self, invitation: Invitation) -> Packet:
        language = "es" if invitation.language == "es" else "en"
        url = web_survey_url(invitation)
        return Packet(
            invitation=invitation,
            language=language,
            code=grouped_code(invitation.paper_code),
            survey_url=url,
            qr_svg=qr_svg(url, self.qr_titles[language]),
            items=self.items[language],
            scale=self.scale[language],
            boxes=self.boxes,
        )


def packets_html(*, cycle: SurveyCycle, invitations: list[Invitation], wording: PacketWording, district=None) -> str:
    """The HTML of the packets of these invitations, in their order."""
    context = {
        "cycle": cycle,
        "district": district,
        "packets": [wording.packet(invitation) for invitation in invitations],
        "printed_on": timezone.localdate(),
        "code_page": settings.SITE_URL + reverse("surveys:survey-code"),
        "document_language": settings.LANGUAGE_CODE,
    }
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(PACKETS_TEMPLATE, context)


def packets_pdf(*, cycle: SurveyCycle, invitations: list[Invitation], wording: PacketWording, district=None) -> bytes:
    """One tagged PDF of the packets of these invitations."""
    return html_to_pdf(packets_html(cycle=cycle, invitations=invitations, wording=wording, district=district))


def _invitations_of(cycle: SurveyCycle, district_id: int):
    # The order the packets are printed in: by parent, so a stack is easy to check by hand.
    return (
        Invitation.objects.filter(cycle=cycle, district_id=district_id)
        .select_related("district")
        .order_by("parent_name", "pk")
    )


def _district_stem(cycle: SurveyCycle, district: District) -> str:
    return f"packets-{cycle.slug}-{slugify(district.code) or district.pk}"


@dataclass(frozen=True)
class Part:
    """One PDF to build: packets `first` to `first + count` of a district's roster, part `number` of `parts`."""

    district_id: int
    number: int
    parts: int
    first: int
    count: int


def _district_counts(cycle: SurveyCycle, district: District | None) -> dict[int, int]:
    invitations = Invitation.objects.filter(cycle=cycle)
    if district is not None:
        invitations = invitations.filter(district=district)
    return dict(invitations.values_list("district").annotate(count=Count("pk")).order_by())


def packets_plan(cycle: SurveyCycle, district: District | None = None) -> tuple[list[list[Part]], dict[int, int]]:
    """The PDFs to build, in files of at most PACKETS_PER_FILE packets (districts by name, a district's
    parts of PACKETS_PER_DOCUMENT packets in order, a large district running over files), and each
    district's number of invitations."""
    counts = _district_counts(cycle, district)
    files: list[list[Part]] = [[]]
    size = 0
    for district_id in District.objects.filter(pk__in=counts).order_by("name", "pk").values_list("pk", flat=True):
        count = counts[district_id]
        parts = math.ceil(count / PACKETS_PER_DOCUMENT)
        for number in range(1, parts + 1):
            first = (number - 1) * PACKETS_PER_DOCUMENT
            part = Part(district_id, number, parts, first, min(PACKETS_PER_DOCUMENT, count - first))
            if files[-1] and size + part.count > PACKETS_PER_FILE:
                files.append([])
                size = 0
            files[-1].append(part)
            size += part.count
    return (files if files[-1] else []), counts


@dataclass(frozen=True)
class WorkOrder:
    """What one packets job builds: its parts, which of the request's files it is, and the number of
    invitations of each of its districts when it was planned (to notice a roster changed since)."""

    parts: list[Part]
    counts: dict[int, int]
    file_number: int = 1
    files: int = 1

    @classmethod
    def of(cls, parts: list[Part], counts: dict[int, int], file_number: int = 1, files: int = 1) -> "WorkOrder":
        mine = {part.district_id for part in parts}
        return cls(parts, {pk: count for pk, count in counts.items() if pk in mine}, file_number, files)

    def encoded(self) -> bytes:
        parts = [[p.district_id, p.number, p.parts, p.first, p.count] for p in self.parts]
        counts = [[pk, count] for pk, count in self.counts.items()]
        return json.dumps({"file": self.file_number, "files": self.files, "parts": parts, "counts": counts}).encode()

    @classmethod
    def decoded(cls, data: bytes) -> "WorkOrder":
        order = json.loads(bytes(data))
        parts = [Part(*part) for part in order["parts"]]
        return cls(parts, dict(order["counts"]), order["file"], order["files"])

    def is_stale(self, cycle: SurveyCycle) -> bool:
        """Whether one of its districts has more or fewer invitations than when it was planned."""
        invitations = Invitation.objects.filter(cycle=cycle, district_id__in=self.counts)
        current = dict(invitations.values_list("district").annotate(count=Count("pk")).order_by())
        return any(current.get(pk, 0) != count for pk, count in self.counts.items())


@dataclass(frozen=True)
class PacketFile:
    name: str
    content: bytes


def _part_files(*, cycle: SurveyCycle, parts: list[Part], wording: PacketWording, progress: JobProgress):
    """Each part's PDF, one at a time (a document's layout is held in memory only while it is written)."""
    districts = District.objects.in_bulk({part.district_id for part in parts})
    for part in parts:
        district = districts[part.district_id]
        invitations = list(_invitations_of(cycle, district.pk)[part.first : part.first + part.count])
        stem = _district_stem(cycle, district)
        width = len(str(part.parts))
        name = f"{stem}.pdf" if part.parts == 1 else f"{stem}-part-{part.number:0{width}}-of-{part.parts}.pdf"
        content = packets_pdf(cycle=cycle, invitations=invitations, wording=wording, district=district)
        progress(len(invitations))
        yield PacketFile(name, content)


def _zip(files) -> bytes:
    buffer = io.BytesIO()
    # PDFs are compressed already: stored as they are, the archive is made at once.
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for packet_file in files:
            archive.writestr(packet_file.name, packet_file.content)
    return buffer.getvalue()


def _summary(order: WorkOrder) -> str:
    packets = sum(part.count for part in order.parts)
    districts = len({part.district_id for part in order.parts})
    summary = ngettext("%(packets)d packet", "%(packets)d packets", packets) % {"packets": packets}
    summary += " · " + ngettext("%(districts)d district", "%(districts)d districts", districts) % {
        "districts": districts
    }
    if order.files > 1:
        summary = _("File %(number)d of %(files)d: ") % {"number": order.file_number, "files": order.files} + summary
    return summary


@job_work(SurveyJob.Kind.PACKETS)
def packets_build(job: SurveyJob, progress: JobProgress) -> JobOutcome:
    """The job's packets: one district's PDF (a ZIP of numbered parts when it is large), or a ZIP holding
    each district's PDF; a request too large for one file is built as several jobs, one file each."""
    cycle = SurveyCycle.objects.select_related("instrument").get(pk=job.cycle_id)
    district = District.objects.get(pk=job.district_id) if job.district_id else None
    if job.upload:  # the job's input: its work order (see packets_request)
        order = WorkOrder.decoded(job.upload)
        if order.is_stale(cycle):
            return JobOutcome(errors=[(0, _("The roster changed after the packets were asked for: ask again."))])
    else:  # asked for without a plan (from the shell, say): everything in one file
        files, counts = packets_plan(cycle, district)
        order = WorkOrder.of([part for parts in files for part in parts], counts)
    if not order.parts:
        return JobOutcome(errors=[(0, _("No invitations to print: the cycle has no roster here."))])
    progress.total(sum(part.count for part in order.parts))
    files = _part_files(cycle=cycle, parts=order.parts, wording=PacketWording(cycle.instrument), progress=progress)
    stem = _district_stem(cycle, district) if district else f"packets-{cycle.slug}"
    if district is not None and len(order.parts) == 1 and order.files == 1:
        packet_file = next(files)
        return JobOutcome(summary=_summary(order), output=packet_file.content, output_name=packet_file.name)
    if order.files > 1:
        stem += f"-file-{order.file_number:0{len(str(order.files))}}-of-{order.files}"
    return JobOutcome(summary=_summary(order), output=_zip(files), output_name=f"{stem}.zip")


@transaction.atomic
def packets_request(*, cycle: SurveyCycle, district: District | None = None, actor) -> list[SurveyJob]:
    """Queue the building of a cycle's packets, for one district or the whole cycle: one job per file of
    at most PACKETS_PER_FILE packets (a file lives in its job's row, and several jobs run side by side)."""
    coordinator_only(actor)
    plan, counts = packets_plan(cycle, district)
    if not plan:
        if district is not None:
            raise Refused(_("No one in %(district)s is on this cycle's roster.") % {"district": district.name})
        raise Refused(_("This cycle has no roster yet: import one first."))
    audit_record(
        actor=actor,
        action="survey.packets",
        summary=(
            _("Paper packets requested for %(cycle)s, %(district)s") % {"cycle": cycle.slug, "district": district.name}
            if district
            else _("Paper packets requested for %(cycle)s, every district") % {"cycle": cycle.slug}
        ),
        district=district,
        details={"cycle": cycle.slug, "files": len(plan)},
    )
    return [
        job_start(
            kind=SurveyJob.Kind.PACKETS,
            actor=actor,
            upload=WorkOrder.of(parts, counts, number, len(plan)).encoded(),
            cycle=cycle,
            district=district,
        )
        for number, parts in enumerate(plan, start=1)
    ]
