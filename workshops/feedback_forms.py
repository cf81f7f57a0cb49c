"""The public feedback form: four short questions, in plain words."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pep.fields import NOTE
from pep.public_forms import HoneypotForm
from workshops.models import LanguageSupport, Usefulness

RADIO = forms.RadioSelect(attrs={"class": "form-check-input"})


class FeedbackForm(HoneypotForm):
    usefulness = forms.TypedChoiceField(
        label=_("How useful was the workshop for you?"),
        choices=list(reversed(Usefulness.choices)),
        coerce=int,
        widget=RADIO,
        error_messages={"required": _("Choose how useful the workshop was.")},
    )
    will_use = forms.CharField(
        label=_("What will you use from the workshop?"),
        help_text=_("Optional."),
        required=False,
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    to_improve = forms.CharField(
        label=_("What should we do better next time?"),
        help_text=_("Optional."),
        required=False,
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    language_support = forms.ChoiceField(
        label=_("Was the help in your language (interpreting, translated papers) enough?"),
        choices=LanguageSupport.choices,
        widget=RADIO,
        error_messages={"required": _("Choose an answer about help in your language.")},
    )

    def answers(self):
        """The questions in order, for the template (the honeypot is drawn apart)."""
        return [self[name] for name in ("usefulness", "will_use", "to_improve", "language_support")]
