"""Django's own messages read in PEP's Latin American Spanish, not in Django's Spanish of Spain."""

import gettext
from pathlib import Path

import django
import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from pep.django_overrides import MESSAGES, PLURAL_MESSAGES

DJANGO = Path(django.__file__).parent
DJANGO_CATALOGS = [
    DJANGO / "conf/locale/es/LC_MESSAGES/django.mo",
    DJANGO / "contrib/auth/locale/es/LC_MESSAGES/django.mo",
]


def django_msgids() -> set:
    msgids = set()
    for path in DJANGO_CATALOGS:
        with path.open("rb") as file:
            msgids |= set(gettext.GNUTranslations(file)._catalog)
    return msgids


def test_every_override_is_a_message_django_still_translates():
    known = django_msgids()

    missing = [message for message in MESSAGES if message not in known]
    missing += [plural._kw["singular"] for plural in PLURAL_MESSAGES if (plural._kw["singular"], 0) not in known]

    assert missing == []


def test_a_wrong_date_is_refused_in_latin_american_spanish():
    with translation.override("es"):
        with pytest.raises(ValidationError) as refusal:
            forms.DateField().clean("31/02/2027")
        messages = [str(message) for message in refusal.value.messages]  # read while Spanish is active

    assert messages == ["Ingrese una fecha válida."]


def test_a_wrong_password_is_refused_in_latin_american_spanish(client, people):
    response = client.post(
        reverse("login"),
        {"username": people.leader_a.username, "password": "not the password"},
        HTTP_ACCEPT_LANGUAGE="es",
    )

    page = response.text.lower()
    assert "ingrese un nombre de usuario y una contraseña correctos" in page
    assert "introduzca" not in page and "clave" not in page
