"""Instruments: the list (with a form to load a new file) and each instrument's page."""

from decimal import Decimal

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from pep.access import require_role
from pep.lists import page_of
from pep.models import Role
from surveys.cycle_forms import InstrumentUploadForm
from surveys.models import Instrument, ScoringRule
from surveys.selectors.cycles import instrument_detail as instrument_with_items
from surveys.selectors.cycles import instruments_with_counts
from surveys.services.instruments import InstrumentRefused, instrument_load
from surveys.views.cycles import trail


def instruments_step() -> tuple[str, str]:
    return (_("Survey instruments"), reverse("surveys:instrument-list"))


@require_role(Role.COORDINATOR)
def instrument_list(request):
    """Every instrument loaded; a coordinator loads a new one (or a new version) from its JSON file here."""
    form = InstrumentUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            instrument, created = instrument_load(data=form.cleaned_data["file"].read(), actor=request.user)
        except InstrumentRefused as refusal:
            problems = refusal.problems
        else:
            if created:
                messages.success(request, _("Instrument %(instrument)s loaded.") % {"instrument": instrument})
            else:
                messages.info(
                    request, _("%(instrument)s is already loaded; nothing changed.") % {"instrument": instrument}
                )
            return redirect("surveys:instrument-detail", instrument.pk)
    context = {
        "page": page_of(request, instruments_with_counts()),
        "form": form,
        "problems": problems,
        "trail": trail(),
        "here": _("Survey instruments"),
    }
    return render(request, "surveys/instruments/list.html", context)


@require_role(Role.COORDINATOR)
def instrument_detail(request, pk: int):
    """An instrument as loaded: its scale, when an answer agrees, how a response is scored, and its items."""
    instrument = instrument_with_items(pk)
    context = {
        "instrument": instrument,
        "scale": instrument.scale_labels(),
        "scoring": scoring_in_words(instrument),
        "trail": trail(instruments_step()),
        "here": str(instrument),
    }
    return render(request, "surveys/instruments/detail.html", context)


def _number(value) -> str:
    """A number from the instrument file as written (0.5, 600, -1.9), in the reader's format."""
    exact = Decimal(str(value)).normalize()
    return number_format(exact, decimal_pos=max(0, -exact.as_tuple().exponent))


def scoring_in_words(instrument: Instrument) -> list[str]:
    """How a response to the instrument is scored, in sentences a coordinator can check against the state's rule."""
    scoring = instrument.scoring
    labels = instrument.scale_labels()
    agree = labels.get(instrument.agree_from, "")
    rule = scoring["rule"]
    if rule == ScoringRule.SHARE_AGREE:
        share = _number(Decimal(str(scoring["threshold"])) * 100)
        if scoring.get("inclusive"):
            verdict = _(
                "A response counts as “yes” when %(share)s%% or more of the items answered are answered "
                "“%(agree)s” or higher."
            )
        else:
            verdict = _(
                "A response counts as “yes” when more than %(share)s%% of the items answered are answered "
                "“%(agree)s” or higher."
            )
        sentences = [verdict % {"share": share, "agree": agree}]
    elif rule == ScoringRule.MEAN:
        sentences = [
            _("A response counts as “yes” when the mean of the values answered is at least %(threshold)s.")
            % {"threshold": _number(scoring["threshold"])}
        ]
    else:
        sentences = [
            _(
                "The person measure θ is the maximum-likelihood estimate under the Rasch rating-scale model, "
                "from the items' difficulties and the steps %(steps)s (in logits)."
            )
            % {"steps": "; ".join(_number(step) for step in scoring["steps"])},
            _(
                "A response with every answered item at the bottom or at the top of the scale is first moved "
                "%(extreme)s score points toward the middle."
            )
            % {"extreme": _number(scoring["extreme"])},
            _("A response counts as “yes” when %(intercept)s + %(slope)s × θ is at least %(cut)s.")
            % {
                "intercept": _number(scoring["intercept"]),
                "slope": _number(scoring["slope"]),
                "cut": _number(scoring["cut"]),
            },
        ]
    sentences.append(
        _(
            "A response is scored when at least %(count)d items are answered; one with fewer counts as returned, "
            "not as a respondent."
        )
        % {"count": scoring["min_answered"]}
    )
    return sentences
