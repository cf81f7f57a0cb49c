from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def person(user) -> str:
    """A person's full name, else their username; a dash when nobody (e.g. an account since deleted)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username() or _("someone")
