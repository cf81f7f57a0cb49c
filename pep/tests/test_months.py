"""Months in the reader's language: lower case in Spanish sentences, capitalised as labels."""

import datetime

from django.template import Context, Template
from django.utils import translation

from pep.months import MONTHS, day_and_month, month_names


def test_spanish_sentences_write_months_in_lower_case():
    opens = datetime.date(2027, 3, 1)
    sentence = Template('Abre el {{ day|date:"MONTH_DAY_FORMAT" }}; cierra el {{ end|date:"DATE_FORMAT" }}.')

    with translation.override("es"):
        assert day_and_month(opens) == "1 de marzo"
        assert sentence.render(Context({"day": opens, "end": datetime.date(2027, 6, 30)})) == (
            "Abre el 1 de marzo; cierra el 30 de junio de 2027."
        )
        assert month_names([3, 9]) == ["septiembre", "marzo"]
        assert [str(label) for _, label in MONTHS[:2]] == ["Julio", "Agosto"]  # labels start with a capital
    with translation.override("en"):
        assert day_and_month(opens) == "March 1"
        assert month_names([3, 9]) == ["September", "March"]
