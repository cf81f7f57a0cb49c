"""Printable paper packets: for each invitation, a letter in the parent's language, the survey with its
form code on every page and a return page, as tagged PDFs.

A cycle can hold 60,000 invitations, so packets are built by a background job, a few hundred per
WeasyPrint document (a document's layout is held in memory until it is written). A district with more
invitations than one document holds comes as numbered part files rather than one joined PDF: joining
tagged PDFs would need another library, and part files print the same.
"""

import io
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


def _file_stem(cycle: SurveyCycle, district: District) -> str:
    return f"packets-{cycle.slug}-{slugify(district.code) or district.pk}"


@dataclass(frozen=True)
class PacketFile:
    name: str
    content: bytes


def district_packet_files(
    *, cycle: SurveyCycle, district: District, count: int, wording: PacketWording, progress: JobProgress
):
    """The district's packet files, one at a time: one PDF, or numbered parts when it holds many."""
    parts = max(1, math.ceil(count / PACKETS_PER_DOCUMENT))
    stem = _file_stem(cycle, district)
    batch: list[Invitation] = []
    part = 0

    def file_of(invitations: list[Invitation]) -> PacketFile:
        nonlocal part
        part += 1
        name = f"{stem}.pdf" if parts == 1 else f"{stem}-part-{part:0{len(str(parts))}}-of-{parts}.pdf"
        content = packets_pdf(cycle=cycle, invitations=invitations, wording=wording, district=district)
        progress(len(invitations))
        return PacketFile(name, content)

    for invitation in _invitations_of(cycle, district.pk).iterator(chunk_size=PACKETS_PER_DOCUMENT):
        batch.append(invitation)
        if len(batch) == PACKETS_PER_DOCUMENT:
            yield file_of(batch)
            batch = []
    if batch:
        yield file_of(batch)


def _zip(files) -> bytes:
    buffer = io.BytesIO()
    # PDFs are compressed already: stored as they are, the archive is made at once.
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for packet_file in files:
            archive.writestr(packet_file.name, packet_file.content)
    return buffer.getvalue()


def _districts_in(cycle: SurveyCycle, district: District | None) -> list[tuple[District, int]]:
    invitations = Invitation.objects.filter(cycle=cycle)
    if district is not None:
        invitations = invitations.filter(district=district)
    counts = dict(invitations.values_list("district").annotate(count=Count("pk")).order_by())
    districts = District.objects.filter(pk__in=counts).order_by("name", "pk")
    return [(found, counts[found.pk]) for found in districts]


@job_work(SurveyJob.Kind.PACKETS)
def packets_build(job: SurveyJob, progress: JobProgress) -> JobOutcome:
    """The job's packets: for one district, its PDF (a ZIP of part files when it is large); for the whole
    cycle, a ZIP holding each district's PDF."""
    cycle = SurveyCycle.objects.select_related("instrument").get(pk=job.cycle_id)
    district = District.objects.get(pk=job.district_id) if job.district_id else None
    districts = _districts_in(cycle, district)
    total = sum(count for _district, count in districts)
    if not total:
        return JobOutcome(errors=[(0, _("No invitations to print: the cycle has no roster here."))])
    progress.total(total)
    wording = PacketWording(cycle.instrument)

    def files():
        for found, count in districts:
            yield from district_packet_files(
                cycle=cycle, district=found, count=count, wording=wording, progress=progress
            )

    summary = ngettext("%(packets)d packet", "%(packets)d packets", total) % {"packets": total}
    summary += " · " + ngettext("%(districts)d district", "%(districts)d districts", len(districts)) % {
        "districts": len(districts)
    }
    if district is not None and total <= PACKETS_PER_DOCUMENT:
        packet_file = next(files())
        return JobOutcome(summary=summary, output=packet_file.content, output_name=packet_file.name)
    stem = _file_stem(cycle, district) if district else f"packets-{cycle.slug}"
    return JobOutcome(summary=summary, output=_zip(files()), output_name=f"{stem}.zip")


@transaction.atomic
def packets_request(*, cycle: SurveyCycle, district: District | None = None, actor) -> SurveyJob:
    """Queue the building of a cycle's packets, for one district or the whole cycle."""
    coordinator_only(actor)
    invitations = Invitation.objects.filter(cycle=cycle)
    if district is not None:
        invitations = invitations.filter(district=district)
    if not invitations.exists():
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
        details={"cycle": cycle.slug},
    )
    return job_start(kind=SurveyJob.Kind.PACKETS, actor=actor, cycle=cycle, district=district)
