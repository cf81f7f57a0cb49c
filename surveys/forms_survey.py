"""Forms of the parent's web survey: one page of questions, and the paper code typed from a letter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pep.public_forms import HoneypotForm
from surveys.models import PAPER_CODE_LENGTH

SKIP = "skip"
# Ten characters with room for spaces and dashes typed between them, or the email's link pasted instead.
LONGEST_TYPED_CODE = 200
NO_SUCH_CODE = _("No survey has this code. Check the letters and numbers printed on your letter, and type them again.")
NOT_A_CHOICE = _("Choose one of the answers, or “Skip this question”.")


def field_name(item) -> str:
    return f"q{item.number}"


class SurveyPageForm(HoneypotForm):
    """A few questions, each the instrument's six answers plus a way to skip it (a radio button cannot be
    unchosen, so skipping is a choice of its own). Nothing is required."""

    def __init__(self, data=None, *, items: list, labels: dict[int, str], saved: dict[str, int | None]):
        super().__init__(data)
        choices = [(str(value), label) for value, label in labels.items()] + [(SKIP, _("Skip this question"))]
        self.items = items
        for item in items:
            field = forms.ChoiceField(
                label=item.text,
                required=False,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": NOT_A_CHOICE},
            )
            key = str(item.number)
            if key in saved:
                field.initial = SKIP if saved[key] is None else str(saved[key])
            self.fields[field_name(item)] = field

    def questions(self) -> list[tuple[object, forms.BoundField]]:
        """Each item with its field, in order."""
        return [(item, self[field_name(item)]) for item in self.items]

    def answers(self) -> dict[str, int | None]:
        """The page's answers by item number: the value chosen, or None where skipped or left empty."""
        found = {}
        for item in self.items:
            value = self.cleaned_data.get(field_name(item))
            found[str(item.number)] = int(value) if value and value != SKIP else None
        return found


class PaperCodeForm(HoneypotForm):
    """The code printed on a parent's letter, typed in any case, with or without spaces and dashes."""

    code = forms.CharField(
        label=_("Code on your letter"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
        error_messages={"required": _("Type the code printed on your letter.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No max_length on the field: a code is not free text, so the page shows no "Up to … characters".
        # Here, not on the field: the number is put in once the reader's language is known.
        self.fields["code"].help_text = _(
            "%(length)d letters and numbers. Capital or small letters, spaces and dashes do not matter."
        ) % {"length": PAPER_CODE_LENGTH}

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if len(code) > LONGEST_TYPED_CODE:
            raise forms.ValidationError(NO_SUCH_CODE)
        return code
