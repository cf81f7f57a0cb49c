"""Paper (coordinators only): printing a cycle's packets, keying returned forms twice from the keyboard,
and reconciling the forms whose two keyings differ.

Paper codes never travel in addresses: they are typed into forms, and a waiting form is named by the
number of its keying.
"""

import re

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pep.access import is_coordinator, require_role
from pep.edit_checks import AlreadySaved, SubmittedOnceForm
from pep.filters import DistrictSearchInput, one_district
from pep.lists import page_of
from pep.models import District, Role
from pep.plugins import Panel
from pep.refusals import Refused
from pep.view_helpers import refusal_or
from surveys.models import HIGHEST_VALUE, LOWEST_VALUE, InstrumentKind, Invitation, SurveyCycle
from surveys.selectors.paper import disagreements_of, forms_to_reconcile, keying_counts, packet_jobs
from surveys.services import packets as packet_services
from surveys.services import paper as services

RECONCILE_PER_PAGE = 20
PACKET_JOBS_SHOWN = 30
PACKETS_PREFIX = "packets"  # the form also sits on the cycle's page, among other sections' forms
ONE_VALUE = re.compile(rf"^[{LOWEST_VALUE}-{HIGHEST_VALUE}]$")
SKIPPED = "skip"
WHOLE_CYCLE, ONE_DISTRICT = "cycle", "district"


def _paper_cycle(slug: str) -> SurveyCycle:
    """The Indicator 8 cycle of the URL: only its parents have codes and paper forms (others are a 404)."""
    return get_object_or_404(
        SurveyCycle.objects.select_related("instrument", "school_year"),
        slug=slug,
        instrument__kind=InstrumentKind.INDICATOR8,
    )


def _trail(cycle: SurveyCycle) -> list[tuple[str, str]]:
    return [
        (_("Home"), reverse("home")),
        (_("Survey cycles"), reverse("surveys:cycle-list")),
        (cycle.slug, cycle.get_absolute_url()),
    ]


def _value(typed: str) -> int | None:
    """A value typed for an item: 1 to 6, or None for blank; ValueError for anything else."""
    typed = typed.strip()
    if not typed:
        return None
    if not ONE_VALUE.match(typed):
        raise ValueError(typed)
    return int(typed)


# --- packets ---


class PacketsForm(forms.Form):
    """The packets to print: the whole cycle, or one district found by typing part of its name or code."""

    scope = forms.ChoiceField(
        label=gettext_lazy("Packets for"),
        choices=[
            (WHOLE_CYCLE, gettext_lazy("The whole cycle: a ZIP file with one PDF per district")),
            (ONE_DISTRICT, gettext_lazy("One district: a PDF")),
        ],
        initial=WHOLE_CYCLE,
        widget=forms.RadioSelect,
    )
    district = forms.CharField(
        label=gettext_lazy("District"),
        max_length=200,
        required=False,
        widget=DistrictSearchInput,
        help_text=gettext_lazy("For one district: type part of its name or code and choose it."),
    )

    def __init__(self, *args, cycle: SurveyCycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.cycle = cycle

    def clean(self):
        data = super().clean()
        typed = (data.get("district") or "").strip()
        if data.get("scope") == WHOLE_CYCLE:
            if typed:
                self.add_error(
                    "district",
                    _("For the whole cycle, leave the district empty; for one district, choose “One district”."),
                )
            data["district"] = None
            return data
        if not typed:
            self.add_error("district", _("Type the district to print."))
            return data
        on_roster = District.objects.filter(pk__in=Invitation.objects.filter(cycle=self.cycle).values("district_id"))
        found = one_district(on_roster, typed)
        if found is None:
            elsewhere = one_district(District.objects.all(), typed)
            if elsewhere is not None:
                message = _("No one in %(district)s is on this cycle's roster.") % {"district": elsewhere.name}
            else:
                message = _(
                    "No single district of this cycle matches “%(typed)s”; choose one from the suggestions."
                ) % {"typed": typed}
            self.add_error("district", message)
        data["district"] = found
        return data


@require_role(Role.COORDINATOR)
def paper_packets(request, slug: str):
    """Print the cycle's paper packets: a background job builds them; its page shows the progress."""
    cycle = _paper_cycle(slug)
    form = PacketsForm(request.POST or None, cycle=cycle, prefix=PACKETS_PREFIX)
    if request.method == "POST" and form.is_valid():
        try:
            jobs = packet_services.packets_request(
                cycle=cycle, district=form.cleaned_data["district"], actor=request.user
            )
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            if len(jobs) == 1:
                return redirect("surveys:job-detail", jobs[0].pk)
            messages.success(
                request,
                _(
                    "The packets come in %(files)d files of at most %(size)s packets, each built by its own "
                    "job: they are listed below."
                )
                % {"files": len(jobs), "size": number_format(packet_services.PACKETS_PER_FILE, force_grouping=True)},
            )
            return redirect("surveys:paper-packets", cycle.slug)
    context = {
        "cycle": cycle,
        "form": form,
        "trail": _trail(cycle),
        "per_document": packet_services.PACKETS_PER_DOCUMENT,
        "per_file": packet_services.PACKETS_PER_FILE,
        # Listed above the form too: the type-ahead wraps the district's field, away from its message.
        "field_errors": [(field, error) for field in form.visible_fields() for error in field.errors],
        "jobs": list(packet_jobs(cycle)[:PACKET_JOBS_SHOWN]),
    }
    return render(request, "surveys/paper/packets.html", context)


# --- keying ---


class KeyingForm(SubmittedOnceForm):
    """A returned form: its paper code and one value per item (blank for an item left blank)."""

    paper_code = forms.CharField(label=gettext_lazy("Paper code"), max_length=30)

    def __init__(self, *args, item_count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.item_count = item_count
        for number in range(1, item_count + 1):
            self.fields[f"q{number}"] = forms.CharField(label=str(number), required=False, max_length=20, strip=True)

    def item_fields(self):
        return [self[f"q{number}"] for number in range(1, self.item_count + 1)]

    def clean(self):
        data = super().clean()
        answers = []
        for number in range(1, self.item_count + 1):
            try:
                answers.append(_value(data.get(f"q{number}") or ""))
            except ValueError:
                self.add_error(f"q{number}", _("Item %(number)d: type 1 to 6, or leave it blank.") % {"number": number})
        if not self.errors and all(answer is None for answer in answers):
            # Most likely Enter pressed after the code: a form with nothing marked is not keyed.
            self.add_error(None, _("Every box is blank: type the number marked for each statement."))
        data["answers"] = answers
        return data


def _keyed_message(keying: services.Keying) -> tuple[int, str]:
    code = packet_services.grouped_code(keying.paper_code)
    if keying.outcome == services.STORED:
        return messages.SUCCESS, _("Form %(code)s: both keyings agree; its answers are stored.") % {"code": code}
    if keying.outcome == services.KEYED_ONCE:
        return messages.SUCCESS, _("Form %(code)s: first keying saved. It counts once it has been keyed again.") % {
            "code": code
        }
    return messages.WARNING, _(
        "Form %(code)s: the second keying differs from the first on items %(items)s. It waits for reconciliation."
    ) % {"code": code, "items": ", ".join(str(number) for number in keying.mismatches)}


@require_role(Role.COORDINATOR)
def paper_key(request, slug: str):
    """Key a returned form from the keyboard: the code, then one box per item; Enter sends it."""
    cycle = _paper_cycle(slug)
    item_count = cycle.instrument.items.count()
    form = KeyingForm(request.POST or None, item_count=item_count)
    if request.method == "POST" and form.is_valid():
        try:
            keying = services.paper_key(
                cycle=cycle,
                typed_code=form.cleaned_data["paper_code"],
                answers=form.cleaned_data["answers"],
                actor=request.user,
                once=form.once_token(),
            )
        except AlreadySaved:
            return redirect("surveys:paper-key", cycle.slug)  # sent twice: the first one said what it did
        except services.UnknownPaperCode as refusal:
            form.add_error("paper_code", str(refusal))
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            level, message = _keyed_message(keying)
            messages.add_message(request, level, message)
            return redirect("surveys:paper-key", cycle.slug)
    first_invalid = next((field.name for field in form.item_fields() if field.errors), "")
    context = {
        "cycle": cycle,
        "form": form,
        "items": form.item_fields(),
        "focus": first_invalid or "paper_code",
        "counts": keying_counts(cycle),
        "trail": _trail(cycle),
        "scale": cycle.instrument.scale_labels(),
    }
    return render(request, "surveys/paper/key.html", context)


# --- reconciliation ---


def _decided(post, item_count: int) -> tuple[dict[int, int | None], list[str]]:
    """The value chosen or typed for each item the form sent: a typed value wins over a chosen one."""
    decided, problems = {}, []
    for number in range(1, item_count + 1):
        typed = post.get(f"typed-{number}", "").strip()
        chosen = post.get(f"choice-{number}", "")
        if typed:
            try:
                decided[number] = _value(typed)
            except ValueError:
                problems.append(_("Item %(number)d: type 1 to 6.") % {"number": number})
        elif chosen == SKIPPED:
            decided[number] = None
        elif chosen:
            try:
                decided[number] = _value(chosen)
            except ValueError:
                problems.append(_("Item %(number)d: choose one of the values.") % {"number": number})
    return decided, problems


def _entry_id(post) -> int:
    try:
        return int(post.get("entry", ""))
    except ValueError:
        return 0


def _reconcile(request, cycle: SurveyCycle):
    """Store the form the clerk decided, or keep their choices on the page with what is wrong."""
    entry_id = _entry_id(request.POST)
    decided, problems = _decided(request.POST, cycle.instrument.items.count())
    if not problems:
        try:
            code = services.paper_reconcile(cycle=cycle, entry_id=entry_id, decided=decided, actor=request.user)
        except Refused as refusal:
            problems = [str(refusal)]
        else:
            messages.success(
                request,
                _("Form %(code)s is reconciled; its answers are stored.")
                % {"code": packet_services.grouped_code(code)},
            )
            return None
    return {"entry": entry_id, "problems": problems, "post": request.POST}


@require_role(Role.COORDINATOR)
def paper_reconcile(request, slug: str):
    """The forms whose two keyings differ, each with only the items that differ: the clerk picks the
    value on the paper (or types it) and the form is stored."""
    cycle = _paper_cycle(slug)
    here = reverse("surveys:paper-reconcile", args=[cycle.slug])
    failed = None
    if request.method == "POST":
        if request.POST.get("action") == "discard":

            def discard():
                code = services.paper_keyings_discard(cycle=cycle, entry_id=_entry_id(request.POST), actor=request.user)
                messages.success(
                    request,
                    _("Both keyings of form %(code)s were thrown away: key it again from the paper.")
                    % {"code": packet_services.grouped_code(code)},
                )

            return refusal_or(request, here, discard)
        failed = _reconcile(request, cycle)
        if failed is None:
            return redirect(here)
    page = page_of(request, forms_to_reconcile(cycle), per_page=RECONCILE_PER_PAGE)
    scale = cycle.instrument.scale_labels()
    waiting = [
        _form_view(form, scale, failed if failed and failed["entry"] == form.entry.pk else None)
        for form in disagreements_of(cycle, list(page.object_list))
    ]
    context = {
        "cycle": cycle,
        "page": page,
        "forms": waiting,
        "counts": keying_counts(cycle),
        "trail": _trail(cycle),
        "failed_elsewhere": failed if failed and not any(view["failed"] for view in waiting) else None,
    }
    return render(request, "surveys/paper/reconcile.html", context)


def _choice(value: int | None, scale: dict[int, str], which: str) -> dict:
    label = f"{value} · {scale.get(value, '')}" if value is not None else _("Blank (skipped)")
    return {"value": SKIPPED if value is None else str(value), "label": label, "which": which}


def _choices(disagreement, scale: dict[int, str]) -> list[dict]:
    """The two keyed values to pick from, and "blank" when neither keying left the item blank."""
    choices = [
        _choice(disagreement.first, scale, _("first keying")),
        _choice(disagreement.second, scale, _("second keying")),
    ]
    if disagreement.first is not None and disagreement.second is not None:
        choices.append(_choice(None, scale, ""))
    return choices


def _form_view(form, scale: dict[int, str], failed: dict | None) -> dict:
    """What the page shows of one waiting form, with the clerk's choices kept when it was refused."""
    post = failed["post"] if failed else {}
    rows = []
    for disagreement in form.disagreements:
        number = disagreement.number
        rows.append(
            {
                "number": number,
                "text": disagreement.text,
                "choices": _choices(disagreement, scale),
                "chosen": post.get(f"choice-{number}", ""),
                "typed": post.get(f"typed-{number}", "")[:2],
            }
        )
    return {
        "entry": form.entry,
        "code": packet_services.grouped_code(form.entry.invitation.paper_code),
        "first_keyed_by": form.first_keyed_by,
        "rows": rows,
        "failed": failed is not None,
        "problems": failed["problems"] if failed else [],
    }


# --- the cycle's page ---


def cycle_section(request, cycle):
    """This area's section of the cycle's page: print packets, key returned forms, reconcile them."""
    if not is_coordinator(request.user) or cycle.instrument.kind != InstrumentKind.INDICATOR8:
        return None
    context = {"cycle": cycle, "counts": keying_counts(cycle), "form": PacketsForm(cycle=cycle, prefix=PACKETS_PREFIX)}
    return Panel("surveys/paper/_cycle_section.html", context)
