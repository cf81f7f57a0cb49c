"""Spanish as PEP writes it: numbers and money as in the United States ($1,650.00), since families
read amounts next to English ones on the same forms and letters. Dates keep Django's Spanish
formats (1 de marzo de 2027, 01/03/2027), which this module does not repeat."""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
