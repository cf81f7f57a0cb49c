"""Spanish as PEP writes it.

Numbers and money as in the United States ($1,650.00), since families read amounts next to English
ones on the same forms and letters. Dates in Django's Spanish order (1 de marzo de 2027, 01/03/2027),
with the month written as in a sentence, in lower case: Django's name for a month in a date ("E",
translated with the "alt. month" context), which a capitalised month label in a catalog cannot change.
"""

DATE_FORMAT = r"j \d\e E \d\e Y"
DATETIME_FORMAT = r"j \d\e E \d\e Y \a \l\a\s H:i"
YEAR_MONTH_FORMAT = r"E \d\e Y"
MONTH_DAY_FORMAT = r"j \d\e E"

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
