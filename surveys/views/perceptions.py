"""Pages of the family-engagement perceptions survey.

Public: the form a district's families and staff answer at its shared link, and the thanks. The link's
token is the only key to a district's form, so these pages keep it out of Referer headers and their 404s
out of the log, as the workshops' private pages do. Every POST goes through `protected_post`.

Coordinators: give districts their links (one typed district, or every district at once) and read the
cycle's report for all districts. District leaders: their district's report and a poster with the link's
QR code to print.
"""

import segno
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from pep.access import districts_visible_to, public, require_role
from pep.lists import page_of
from pep.models import Role
from pep.plugins import Panel
from pep.public_forms import honeypot_filled, protected_post, unlogged
from pep.refusals import Refused
from surveys.models import InstrumentKind, PerceptionsLink, SurveyCycle
from surveys.perceptions_forms import DistrictLinkForm, PerceptionsForm
from surveys.selectors import perceptions as selectors
from surveys.services.perceptions import perceptions_link_add, perceptions_links_add_all, perceptions_response_store
from surveys.services.responses import CycleNotOpen, open_refusal

PRIVATE_REFERRER_POLICY = "strict-origin"


def public_url(link: PerceptionsLink) -> str:
    """The full address of the link's form, as printed and sent."""
    return settings.SITE_URL + reverse("surveys:perceptions-answer", args=[link.token])


def qr_code(url: str, title: str) -> SafeString:
    """The address as a QR code in inline SVG (no image file, nothing fetched), named for screen readers."""
    svg = segno.make(url, error="m").svg_inline(scale=4, border=4, title=title, svgclass="qr-code", omitsize=True)
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # segno escapes the title it writes


def _private(response):
    """A page reached by a link's token: the address never leaves in a Referer header."""
    response["Referrer-Policy"] = PRIVATE_REFERRER_POLICY
    return response


def _not_found(request):
    return _private(unlogged(render(request, "404.html", status=404)))


def _language() -> str:
    return "es" if (translation.get_language() or "").startswith("es") else "en"


# --- the public form --------------------------------------------------------------------------


def _closed(request, link: PerceptionsLink, refusal: str):
    context = {"link": link, "cycle": link.cycle, "refusal": refusal}
    return _private(render(request, "surveys/perceptions/closed.html", context))


@public
@protected_post("perceptions-answer")
def perceptions_answer(request, token: str):
    """The survey at a district's shared link: who is answering, then every statement on one page."""
    link = selectors.link_for_page(token)
    if link is None:
        return _not_found(request)
    refusal = open_refusal(link.cycle)
    if refusal:
        return _closed(request, link, refusal)
    posted = request.method == "POST"
    form = PerceptionsForm(request.POST if posted else None, instrument=link.cycle.instrument)
    if posted:
        if honeypot_filled(request):
            # A program filled the field people never see: the same thanks, and nothing is kept.
            return _private(redirect("surveys:perceptions-thanks", token=token))
        if form.is_valid():
            try:
                perceptions_response_store(
                    link=link,
                    respondent_role=form.cleaned_data["respondent_role"],
                    answers=form.answers(),
                    language=_language(),
                )
            except CycleNotOpen as closed:
                return _closed(request, link, str(closed))
            except Refused as refused:
                form.add_error(None, str(refused))
            else:
                return _private(redirect("surveys:perceptions-thanks", token=token))
    context = {"link": link, "cycle": link.cycle, "district": link.district, "form": form}
    return _private(render(request, "surveys/perceptions/answer.html", context))


@public
def perceptions_thanks(request, token: str):
    """Thanks, once the answers are stored."""
    link = selectors.link_for_page(token)
    if link is None:
        return _not_found(request)
    return _private(render(request, "surveys/perceptions/thanks.html", {"link": link, "district": link.district}))


# --- coordinators: links and the report ---------------------------------------------------------


def _cycle_or_404(slug: str) -> SurveyCycle:
    cycle = selectors.perceptions_cycle(slug)
    if cycle is None:
        raise Http404
    return cycle


def _trail(cycle: SurveyCycle) -> list[tuple[str, str]]:
    """Home, the survey cycles, then this cycle (the steps above a page of the cycle's)."""
    return [
        (_("Home"), reverse("home")),
        (_("Survey cycles"), reverse("surveys:cycle-list")),
        (cycle.slug, cycle.get_absolute_url()),
    ]


@require_role(Role.COORDINATOR)
def perceptions_links(request, slug: str):
    """The cycle's districts with their links and numbers of answers; add a district by typing it."""
    cycle = _cycle_or_404(slug)
    form = DistrictLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        district = form.cleaned_data["district"]
        try:
            perceptions_link_add(cycle=cycle, district=district, actor=request.user)
        except Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("%(district)s has its link.") % {"district": district.name})
            return redirect("surveys:perceptions-links", slug=cycle.slug)
    page = page_of(request, selectors.link_pages(cycle))
    counts = selectors.responses_by_district(cycle, [link.district_id for link in page])
    rows = [(link, public_url(link), counts[link.district_id]) for link in page]
    context = {
        "cycle": cycle,
        "form": form,
        "page": page,
        "rows": rows,
        "trail": _trail(cycle),
        "current": _("Shared links"),
    }
    return render(request, "surveys/perceptions/links.html", context)


@require_role(Role.COORDINATOR)
@require_POST
def perceptions_links_all(request, slug: str):
    """Give every district without one its link, all at once."""
    cycle = _cycle_or_404(slug)
    try:
        made = perceptions_links_add_all(cycle=cycle, actor=request.user)
    except Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            ngettext("%(count)d district got its link.", "%(count)d districts got their links.", made)
            % {"count": made},
        )
    return redirect("surveys:perceptions-links", slug=cycle.slug)


@require_role(Role.COORDINATOR)
def perceptions_report(request, slug: str):
    """The cycle's report: the state, then every district with a link, 50 a page; nothing hidden, small
    cells marked (this page is for coordinators only)."""
    cycle = _cycle_or_404(slug)
    tags = selectors.instrument_tags(cycle)
    page = page_of(request, selectors.link_pages(cycle))
    profiles = selectors.district_profiles(cycle, [link.district for link in page], suppress=False, tags=tags)
    context = {
        "cycle": cycle,
        "state": selectors.state_profile(cycle, tags=tags),
        "page": page,
        "profiles": profiles,
        "tags": [selectors.involvement_label(tag) for tag, _positions in tags],
        "trail": _trail(cycle),
        "current": _("Perceptions report"),
    }
    return render(request, "surveys/perceptions/report.html", context)


# --- district leaders: their district's report and poster -----------------------------------------


def _district_link(request, slug: str, pk: int) -> PerceptionsLink:
    """The district's link in the cycle, for people who may see the district; 404 for anyone else."""
    district = get_object_or_404(districts_visible_to(request.user), pk=pk)
    return get_object_or_404(
        PerceptionsLink.objects.select_related("cycle__instrument", "cycle__school_year", "district"),
        cycle__slug=slug,
        cycle__instrument__kind=InstrumentKind.PERCEPTIONS,
        district=district,
    )


@require_role(Role.COORDINATOR, Role.DISTRICT_LEADER)
def perceptions_district_report(request, slug: str, pk: int):
    """One district's profile in the cycle, as the district sees it: cells under the minimum hidden."""
    link = _district_link(request, slug, pk)
    profile = selectors.district_profile(link.cycle, link.district, with_state=True)
    url = public_url(link)
    context = {
        "link": link,
        "cycle": link.cycle,
        "district": link.district,
        "profile": profile,
        "url": url,
        "qr": qr_code(url, _("QR code of the survey's address")),
        "here": _("Perceptions survey"),
    }
    return render(request, "surveys/perceptions/district_report.html", context)


@require_role(Role.COORDINATOR, Role.DISTRICT_LEADER)
def perceptions_poster(request, slug: str, pk: int):
    """A page to print and put up: the invitation to answer in English and Spanish, the address and its QR code."""
    link = _district_link(request, slug, pk)
    url = public_url(link)
    context = {"link": link, "cycle": link.cycle, "district": link.district, "url": url, "qr": qr_code(url, url)}
    return render(request, "surveys/perceptions/poster.html", context)


# --- the cycle's page ---------------------------------------------------------------------------


def cycle_section(request, cycle):
    """This area's section of the cycle's page (a pep.plugins.Panel), or None when it has none for this person."""
    if cycle.instrument.kind != InstrumentKind.PERCEPTIONS:
        return None
    context = {"cycle": cycle, "counts": selectors.cycle_counts(cycle), "form": DistrictLinkForm()}
    return Panel("surveys/perceptions/_cycle_section.html", context)
