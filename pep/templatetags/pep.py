import uuid
from decimal import Decimal, InvalidOperation

from django import template
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from pep.access import may_see_district
from pep.models import District
from pep.plugins import section_label

register = template.Library()


@register.filter
def person(user) -> str:
    """A person's full name, else their username; a dash when nobody (e.g. an account since deleted)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username() or _("someone")


def _trail(item, user) -> list[tuple[str, str]]:
    """(label, url) from the top down to `item`; a url is empty where the person may not open it.

    `item` is a URL name of a list page (labelled as in the menu) or an object with
    `get_absolute_url` and, optionally, `breadcrumb_parent` (another item).
    """
    if item == "home":
        return [(_("Home"), reverse("home"))]
    if isinstance(item, str):
        return [(section_label(item), reverse(item))]
    parent = getattr(item, "breadcrumb_parent", "home")
    url = item.get_absolute_url()
    if isinstance(item, District) and not may_see_district(user, item):
        url = ""  # a school's team sees its school, not the district's page
    return [*_trail(parent, user), (getattr(item, "title", str(item)), url)]


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, item, here: str = ""):
    """Home, then each step down to `item` (and `here`): where this page sits; the last is the current page."""
    trail = _trail(item, context["request"].user)
    if here:
        trail.append((here, ""))
    return {"trail": trail[:-1], "current": trail[-1][0]}


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def money(value) -> str:
    """An amount in dollars as in the U.S., in both languages: $1,650.00, -$20.00; a dash when none."""
    amount = _decimal(value)
    if amount is None:
        return "—"
    shown = number_format(abs(amount).quantize(Decimal("0.01")), decimal_pos=2, force_grouping=True)
    return f"-${shown}" if amount < 0 else f"${shown}"


@register.filter
def number(value) -> str:
    """A count with thousands separated as in the U.S., in both languages: 12,500; a dash when none."""
    amount = _decimal(value)
    if amount is None:
        return "—"
    return number_format(amount, force_grouping=True)


@register.simple_tag
def once_field() -> str:
    """A one-time token for a one-click form, so a double click acts once (see pep.edit_checks)."""
    return format_html('<input type="hidden" name="once" value="{}">', uuid.uuid4())
