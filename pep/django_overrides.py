"""Django's own messages that PEP shows people, so that PEP's catalog can say them in its Spanish.

Django's Spanish is written for Spain ("Introduzca una fecha válida", "fichero", "clave"); PEP writes
the Latin American Spanish its families read ("Ingrese una fecha válida", "archivo", "contraseña").
A translation in locale/ wins over Django's own, and `makemessages` keeps only the messages it finds
in PEP's code: hence this list, which nothing imports. Each message is copied exactly from Django
(pep/tests/test_django_overrides.py checks that Django still uses it).
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    # form fields: dates, numbers, choices (django/forms/fields.py, django/core/validators.py)
    gettext_noop("Enter a valid value."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a number."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a valid time."),
    gettext_noop("Enter a valid date/time."),
    gettext_noop("Enter a list of values."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    # files (the directory import)
    gettext_noop("The submitted file is empty."),
    gettext_noop("No file was submitted."),
    # signing in and passwords (django/contrib/auth/forms.py, password_validation.py)
    gettext_noop("Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("Old password"),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
]

PLURAL_MESSAGES = [
    # every free-text field has a limit, so this one is read often ("menos de" in Django's Spanish)
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
]
