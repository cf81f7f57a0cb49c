"""Files in and out of survey cycles (coordinators only): uploading a roster, returned responses or a
child count, each checked and saved by a background job whose page shows its progress and every refused
line; downloading the invitations for a mail house; and the cycle page's section with all of it.

The job pages serve every kind of `SurveyJob` (imports and paper packets alike)."""

import mimetypes
import re

from django import forms
from django.core.validators import FileExtensionValidator
from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pep.access import is_coordinator, require_role
from pep.csv_writer import csv_response
from pep.models import Role, SchoolYear
from pep.plugins import Panel
from surveys.models import (
    DIMENSION_CATEGORIES,
    DisabilityCategory,
    Gender,
    Grade,
    InstrumentKind,
    Invitation,
    RaceEthnicity,
    SurveyCycle,
    SurveyJob,
    SurveyLanguage,
)
from surveys.services import imports as services
from surveys.services.jobs import job_start

UPLOAD_MAX_MB = 50
ERRORS_SHOWN = 500  # refused lines listed on a job's page; the command lists them all
RECENT_JOBS = 5
REFRESH_SECONDS = 2


class ImportFileForm(forms.Form):
    """A CSV file to import, at most 50 MB (a state's roster of 60,000 parents is about 10 MB)."""

    file = forms.FileField(
        label=gettext_lazy("File (CSV, UTF-8)"),
        validators=[FileExtensionValidator(["csv", "txt"])],
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > UPLOAD_MAX_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB. Split it, or use the import command on the server.")
                % {"limit": UPLOAD_MAX_MB}
            )
        return upload


class ChildCountForm(ImportFileForm):
    school_year = forms.ModelChoiceField(
        label=gettext_lazy("School year"),
        queryset=SchoolYear.objects.order_by("-starts_on"),
        empty_label=None,
        help_text=gettext_lazy(
            "The counts of every district in the file replace that district's counts for this year."
        ),
    )
    field_order = ["school_year", "file"]


def _indicator8_cycle(slug: str) -> SurveyCycle:
    """The Indicator 8 cycle of the URL; other cycles have no roster (a 404)."""
    return get_object_or_404(
        SurveyCycle.objects.select_related("instrument", "school_year"),
        slug=slug,
        instrument__kind=InstrumentKind.INDICATOR8,
    )


def _trail(*steps: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Home"), reverse("home")), (_("Survey cycles"), reverse("surveys:cycle-list")), *steps]


def _cycle_step(cycle: SurveyCycle) -> tuple[str, str]:
    return (cycle.slug, cycle.get_absolute_url())


def _upload_page(request, form, *, title: str, columns: list[str], explanation: str, trail, codes=None):
    context = {
        "form": form,
        "title": title,
        "columns": columns,
        "explanation": explanation,
        "codes": codes or [],
        "trail": trail,
        "limit_mb": UPLOAD_MAX_MB,
    }
    return render(request, "surveys/imports/upload.html", context)


def _started(request, form, **scope):
    job = job_start(actor=request.user, upload=form.cleaned_data["file"].read(), **scope)
    return redirect("surveys:job-detail", job.pk)


@require_role(Role.COORDINATOR)
def roster_upload(request, slug: str):
    """Upload the cycle's roster: one invitation per row, each given a web code and a paper code."""
    cycle = _indicator8_cycle(slug)
    form = ImportFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return _started(request, form, kind=SurveyJob.Kind.ROSTER, cycle=cycle)
    return _upload_page(
        request,
        form,
        title=_("Upload the roster"),
        columns=services.ROSTER_COLUMNS,
        explanation=_(
            "One row per parent to invite. Each is given a private web link and a paper code. Students "
            "already on this cycle's roster are refused, so a file is loaded once; if any row is wrong, "
            "nothing is saved and every wrong row is listed."
        ),
        codes=_roster_codes(),
        trail=_trail(_cycle_step(cycle)),
    )


def _roster_codes() -> list[tuple[str, str]]:
    return [
        ("language", ", ".join(SurveyLanguage.values)),
        ("grade", ", ".join(Grade.values)),
        (
            "age",
            _("a whole number from %(youngest)d to %(oldest)d")
            % {"youngest": services.YOUNGEST, "oldest": services.OLDEST},
        ),
        ("disability_category", ", ".join(DisabilityCategory.values)),
        ("race_ethnicity", ", ".join(RaceEthnicity.values)),
        ("gender", ", ".join(Gender.values)),
        ("school_code", _("may be empty; otherwise a school of the district")),
    ]


@require_role(Role.COORDINATOR)
def responses_upload(request, slug: str):
    """Upload returned forms collected by a mail house or vendor, matched to invitations by paper code."""
    cycle = _indicator8_cycle(slug)
    form = ImportFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return _started(request, form, kind=SurveyJob.Kind.RESPONSES, cycle=cycle)
    columns = services.response_columns(cycle.instrument)
    return _upload_page(
        request,
        form,
        title=_("Upload returned responses"),
        columns=columns,
        explanation=_(
            "One row per returned form, found by its paper code. A code that has already answered (on the "
            "web, on paper or in an earlier file) is refused and nothing is overwritten; if any row is "
            "wrong, nothing is saved and every wrong row is listed."
        ),
        codes=[
            ("channel", "paper, web, phone"),
            ("language", "en, es"),
            (f"q1 … q{len(columns) - 3}", _("1 (least agreement) to 6, or empty for a skipped item")),
        ],
        trail=_trail(_cycle_step(cycle)),
    )


@require_role(Role.COORDINATOR)
def child_count_upload(request):
    """Upload a school year's child count: the children served by district and category."""
    initial = {}
    year = request.GET.get("year", "")
    if year.isdigit():
        initial["school_year"] = SchoolYear.objects.filter(pk=int(year)).first()
    else:
        initial["school_year"] = SchoolYear.objects.current()
    form = ChildCountForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        return _started(request, form, kind=SurveyJob.Kind.CHILD_COUNT, school_year=form.cleaned_data["school_year"])
    return _upload_page(
        request,
        form,
        title=_("Upload a child count"),
        columns=services.CHILD_COUNT_COLUMNS,
        explanation=_(
            "The number of children served in each category, by district: what representativeness compares "
            "respondents with. If any row is wrong, nothing is saved and every wrong row is listed."
        ),
        codes=[(f"{dimension}", ", ".join(categories.values)) for dimension, categories in DIMENSION_CATEGORIES.items()]
        + [("count", _("a whole number, 0 or more"))],
        trail=_trail(),
    )


def _jobs():
    """Jobs without their files (an upload or a packet may be tens of megabytes)."""
    return (
        SurveyJob.objects.select_related("cycle", "school_year", "district", "requested_by")
        .defer("upload", "output")
        .annotate(has_output=ExpressionWrapper(Q(output__isnull=False), output_field=BooleanField()))
    )


@require_role(Role.COORDINATOR)
def job_detail(request, pk: int):
    """A background job: its progress while it runs, then what it did or every line that refused it."""
    job = get_object_or_404(_jobs(), pk=pk)
    refreshing = not job.is_finished and request.GET.get("refresh") != "off"
    steps = [_cycle_step(job.cycle)] if job.cycle else []
    context = {
        "job": job,
        "errors": job.errors[:ERRORS_SHOWN],
        "errors_more": max(len(job.errors) - ERRORS_SHOWN, 0),
        "refreshing": refreshing,
        "refresh_seconds": REFRESH_SECONDS,
        "trail": _trail(*steps) if steps else [(_("Home"), reverse("home"))],
    }
    return render(request, "surveys/jobs/detail.html", context)


SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@require_role(Role.COORDINATOR)
def job_download(request, pk: int):
    """The file a job built (such as a PDF of paper packets)."""
    job = get_object_or_404(SurveyJob.objects.only("pk", "output", "output_name", "kind"), pk=pk)
    if job.output is None:
        raise Http404
    name = SAFE_NAME.sub("-", job.output_name).strip("-.") or f"survey-job-{job.pk}"
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = HttpResponse(bytes(job.output), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_role(Role.COORDINATOR)
def invitations_export(request, slug: str):
    """The cycle's invitations for a mail house: student, district, school, codes, language, answered or not."""
    cycle = _indicator8_cycle(slug)
    services.invitation_export_record(cycle=cycle, actor=request.user)
    return csv_response(
        f"invitations-{cycle.slug}.csv", services.INVITATION_EXPORT_COLUMNS, services.invitation_export_rows(cycle)
    )


def cycle_section(request, cycle):
    """This area's section of the cycle's page: the roster and responses in files, the export, recent jobs."""
    if not is_coordinator(request.user) or cycle.instrument.kind != InstrumentKind.INDICATOR8:
        return None
    counts = Invitation.objects.filter(cycle=cycle).aggregate(
        invited=Count("pk"), responded=Count("pk", filter=Q(responded=True))
    )
    jobs = list(_jobs().filter(cycle=cycle).defer("errors")[:RECENT_JOBS])
    return Panel("surveys/imports/_cycle_section.html", {"cycle": cycle, "counts": counts, "jobs": jobs})
