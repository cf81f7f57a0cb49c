"""Languages families speak, named in the reader's language."""

import pytest
from django.utils import translation

from pep.models import Language


@pytest.mark.django_db
def test_spanish_readers_read_language_names_in_spanish_and_english_readers_in_english():
    polish, chinese, asl = (Language.objects.get(code=code) for code in ("pl", "zh", "ase"))

    with translation.override("es"):
        assert (polish.display_name, chinese.display_name, asl.display_name) == (
            "Polaco",
            "Chino",
            "Lengua de señas americana",
        )
        assert str(polish) == "Polaco (polski)"
        assert str(Language.objects.get(code="es")) == "Español"
    with translation.override("en"):
        assert (polish.display_name, chinese.display_name) == ("Polish", "Chinese")
        assert str(polish) == "Polish (polski)"


@pytest.mark.django_db
def test_every_home_language_has_a_spanish_name_of_its_own():
    with translation.override("es"):
        untranslated = [language.code for language in Language.objects.all() if language.display_name == language.name]
    # names written the same in both languages (Urdu, Hindi, Telugu, Tamil) are right as they are
    assert set(untranslated) <= {"ur", "hi", "te", "ta"}


@pytest.mark.django_db
def test_a_coordinator_names_a_new_language_in_spanish():
    hmong = Language.objects.create(code="hmn", name="Hmong", name_local="Hmoob", name_es="Hmong (hmoob)")

    with translation.override("es"):
        assert hmong.display_name == "Hmong (hmoob)"
