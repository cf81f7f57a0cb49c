"""Months of the school year, July first, with their names in the reader's language.

The names are Django's own month names for dates (django.utils.dates.MONTHS_ALT), which Spanish writes
in lower case ("el 1 de marzo", "septiembre, marzo"); Spanish dates use the same names (pep/formats/es).
Choice labels start with a capital, as labels do.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS_ALT as DJANGO_MONTHS
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

SCHOOL_YEAR_ORDER = [7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6]
# (number, label) for a form's choices: "March" / "Marzo"
MONTHS = [(month, capfirst(DJANGO_MONTHS[month])) for month in SCHOOL_YEAR_ORDER]
# number -> name as written in a sentence: "March" / "marzo"
MONTH_NAMES = {month: DJANGO_MONTHS[month] for month in SCHOOL_YEAR_ORDER}


def month_names(months: list[int]) -> list[str]:
    """Month numbers as names, in school-year order (July first), as written in a sentence."""
    return [str(MONTH_NAMES[month]) for month in sorted(months, key=lambda m: (m < 7, m)) if month in MONTH_NAMES]


def day_and_month(day: datetime.date) -> str:
    """A day in a sentence, in the reader's language: "March 1", "1 de marzo"."""
    return date_format(day, "MONTH_DAY_FORMAT")


def validate_months(value) -> None:
    if not isinstance(value, list) or any(month not in MONTH_NAMES for month in value):
        raise ValidationError(_("Choose months from the list."), code="months")
