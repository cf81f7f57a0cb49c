"""English as PEP writes it: U.S. numbers and money ($1,650.00), as in Spanish (see ../es). Dates keep
Django's English formats."""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
