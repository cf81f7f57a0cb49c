"""Months of the school year, July first, with their names in the reader's language."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MONTHS = [
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
]
MONTH_NAMES = dict(MONTHS)


def month_names(months: list[int]) -> list[str]:
    """Month numbers as names, in school-year order (July first)."""
    return [str(MONTH_NAMES[month]) for month in sorted(months, key=lambda m: (m < 7, m)) if month in MONTH_NAMES]


def validate_months(value) -> None:
    if not isinstance(value, list) or any(month not in MONTH_NAMES for month in value):
        raise ValidationError(_("Choose months from the list."), code="months")
