"""Form widgets every app shares: compact checkbox grids, a searchable checkbox list, dates typed in the
reader's format, and the limit of every free-text field shown under it.

The grids and the searchable list draw their own fieldset-free markup; a form template puts them in a
fieldset with a legend (templates/includes/choice_group.html), since crispy-forms would draw its own list.
"""

import datetime
import unicodedata
from pathlib import Path

from django import forms
from django.conf import settings
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.formats import get_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext

# Letters of Django's date formats that a typed date may use, with strftime's code for each.
DATE_PARTS = {"d": "%d", "m": "%m", "Y": "%Y"}


def reader_date_format() -> str:
    """The strftime format of a typed date in the active language: the site's short date (en 10/15/2026,
    es 15/10/2026), so a date is typed as it is shown everywhere else; ISO when the format has other parts."""
    short = get_format("SHORT_DATE_FORMAT")
    if any(part.isalpha() and part not in DATE_PARTS for part in short):
        return "%Y-%m-%d"
    return "".join(DATE_PARTS.get(part, part) for part in short)


def reader_date_hint() -> str:
    """The format of a typed date as a reader sees it: MM/DD/YYYY in English, DD/MM/AAAA in Spanish."""
    letters = {
        "%d": pgettext("letters of a date format", "DD"),
        "%m": pgettext("letters of a date format", "MM"),
        "%Y": pgettext("letters of a date format", "YYYY"),
    }
    hint = reader_date_format()
    for code, text in letters.items():
        hint = hint.replace(code, text)
    return hint


class ReaderDateInput(forms.DateInput):
    """A date typed as text in the reader's format; the same format is shown, hinted and read back.

    A text box rather than the browser's date picker: the picker follows the browser's language,
    not the page's, so its order of day and month could contradict the hint. ISO dates (2026-10-15)
    are still understood, by the form field's own formats.
    """

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, str):
            # A date typed back (read as ISO by value_from_datadict) is shown again as the reader wrote it.
            try:
                value = datetime.date.fromisoformat(value.strip())
            except ValueError:
                return value
        if isinstance(value, datetime.date):
            return value.strftime(reader_date_format())
        return value

    def value_from_datadict(self, data, files, name):
        typed = super().value_from_datadict(data, files, name)
        if isinstance(typed, str) and typed.strip():
            try:
                return datetime.datetime.strptime(typed.strip(), reader_date_format()).date().isoformat()
            except ValueError:
                pass  # left to the field, which reports what it cannot read
        return typed


def reader_date(value: datetime.date) -> str:
    """A date written as the reader types it, for hints such as "between 07/01/2026 and 06/30/2027"."""
    return value.strftime(reader_date_format())


class CheckboxGrid(forms.CheckboxSelectMultiple):
    """Visible checkboxes in a compact grid: `columns` on a desktop (fewer on a phone), `min_width` in
    rem for each box so short labels (grades, months) sit many to a row."""

    template_name = "widgets/checkbox_grid.html"
    renders_choices = True  # drawn in a fieldset by templates/includes/form_field.html, not by crispy-forms

    def __init__(self, attrs=None, choices=(), *, columns: int = 3, narrow: bool = False):
        super().__init__(attrs, choices)
        self.columns = columns
        self.narrow = narrow

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["grid_class"] = f"checkbox-grid checkbox-grid-{self.columns}" + (
            " checkbox-grid-narrow" if self.narrow else ""
        )
        return context


class SearchableCheckboxes(CheckboxGrid):
    """A long multiple choice as a checkbox list with a box to filter it by name; the `common` values
    (say, the languages families of a district speak) come first under their own heading.

    Without JavaScript every box is listed and the filter box stays hidden; static/js/choice-filter.js
    shows it and hides the boxes whose labels do not contain what is typed.
    """

    template_name = "widgets/searchable_checkboxes.html"

    def __init__(self, attrs=None, choices=(), *, columns: int = 3, common=(), common_label="", other_label=""):
        super().__init__(attrs, choices, columns=columns)
        self.common = set(common)
        self.common_label = common_label
        self.other_label = other_label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        options = sorted(
            (option for _group, group_options, _index in context["widget"]["optgroups"] for option in group_options),
            key=lambda option: _sort_key(str(option["label"])),
        )
        common = [option for option in options if _plain(option["value"]) in self.common]
        other = [option for option in options if _plain(option["value"]) not in self.common]
        groups = []
        if common:
            groups.append((self.common_label, common))
        if other:
            groups.append((self.other_label if common else "", other))
        context["widget"]["groups"] = groups
        context["widget"]["filter_label"] = gettext("Filter the list by name")
        context["widget"]["none_label"] = gettext("Nothing matches.")
        # The script counts the boxes it shows; it fills in {shown} and {total}.
        context["widget"]["status_text"] = gettext("%(shown)s of %(total)s shown") % {
            "shown": "{shown}",
            "total": "{total}",
        }
        return context


def _sort_key(label: str) -> str:
    """Labels in the reader's alphabetical order: accents and case do not move a name (Árabe by A)."""
    return "".join(c for c in unicodedata.normalize("NFKD", label.casefold()) if not unicodedata.combining(c))


def _plain(value):
    """A choice's value as stored: ModelChoiceIteratorValue wraps model choices."""
    return getattr(value, "value", value)


def field_rows(form: forms.Form, layout: list[list[tuple[str, str]]]) -> list[list[tuple[BoundField, str]]]:
    """A form's visible fields in rows of (field, Bootstrap column classes) following `layout`; a field the
    layout does not name gets a row of its own at the end, so no field is ever left out."""
    rows, placed = [], set()
    for row in layout:
        cells = [(form[name], width) for name, width in row if name in form.fields]
        placed.update(name for name, _width in row)
        if cells:
            rows.append(cells)
    rows += [[(field, "col-12")] for field in form.visible_fields() if field.name not in placed]
    return rows


# Free text: every text box and text area shows its limit under it.


def text_limit(field: forms.Field) -> int | None:
    """The maximum length of a field a person types free text into, or None.

    Fields the browser fills in from who the person is (those with an `autocomplete` attribute such as
    username or email), search boxes (type-ahead ones included: what is typed there is looked for, not
    kept) and boxes that are not text (numbers, dates, passwords) show no limit.
    """
    widget = field.widget
    max_length = getattr(field, "max_length", None)
    if not max_length or widget.is_hidden or widget.attrs.get("autocomplete", "off") != "off":
        return None
    if "data-suggestions-url" in widget.attrs:
        return None
    if isinstance(widget, forms.Textarea) or getattr(widget, "input_type", None) == "text":
        return max_length
    return None


class LimitShownBoundField(BoundField):
    """A form field whose help text ends with its limit ("Up to 2,000 characters."), so the limit is read
    with the field's description by screen readers; static/js/text-limits.js adds a live count."""

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        limit = text_limit(field)
        if limit:
            note = format_html(
                '<span class="text-limit" data-limit-of="{}" data-max-length="{}" data-left-text="{}">{}</span>',
                self.auto_id or "",
                limit,
                gettext("%(count)s left") % {"count": "{count}"},  # filled in as the person types
                gettext("Up to %(count)s characters.") % {"count": f"{limit:,}"},
            )
            self.help_text = format_html("{} {}", self.help_text, note) if self.help_text else note


class FormRenderer(DjangoTemplates):
    """The project's form renderer (settings.FORM_RENDERER): Django's, with the limits shown, and the
    project's templates/widgets/ found beside Django's own widget templates."""

    bound_field_class = LimitShownBoundField

    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [settings.BASE_DIR / "templates", Path(forms.__file__).parent / "templates"],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )
