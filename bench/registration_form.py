"""The public registration form as a family's browser fills it in, for requests made over HTTP.

A family first opens the form: the answer sets the CSRF cookie and carries the form's CSRF token.
Then it posts the fields below, with the cookie. A registration was saved when the answer redirects
to its private link. Used by bench/registration_rush.py and by the registration-rush test; it imports
nothing from Django, so it can be loaded before Django is set up.
"""

import re
from http.cookies import SimpleCookie

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PRIVATE_LINK = re.compile(r"^(?:https?://[^/]+)?/workshops/r/([^/]+)/$")


def opened_form(set_cookie_headers: list[str], page: str) -> tuple[dict[str, str], str]:
    """The cookies (the CSRF cookie among them) and the CSRF token from the answer that showed the form.

    Raises ValueError when the page has no form token.
    """
    cookies = {}
    for header in set_cookie_headers:
        for name, morsel in SimpleCookie(header).items():
            cookies[name] = morsel.value
    found = CSRF_INPUT.search(page)
    if not found:
        raise ValueError("the page has no CSRF token in its form")
    return cookies, found.group(1)


def cookie_header(cookies: dict[str, str]) -> str:
    """The Cookie header sending `cookies` back."""
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def registration_fields(token: str, number: int, size: int) -> dict[str, str]:
    """Family `number`'s form: `size` people (a block of 1 to the block limit), no childcare, the
    honeypot left empty as a person leaves it."""
    fields = {
        "csrfmiddlewaretoken": token,
        "contact_name": f"Parent {number}",
        "contact_email": f"family{number}@example.org",
        "contact_phone": "",
        "role": "parent",
        "district": "",
        "school": "",
        "interpretation_language": "",
        "childcare_children": "0",
        "childcare_ages": "",
        "if_childcare_full": "wait",
        "accommodations": "",
        "dietary_needs": "",
        "consent_to_contact": "on",
        "website": "",
        "attendees-TOTAL_FORMS": str(size),
        "attendees-INITIAL_FORMS": "0",
        "attendees-MIN_NUM_FORMS": "0",
        "attendees-MAX_NUM_FORMS": "1000",
    }
    for person in range(size):
        fields[f"attendees-{person}-name"] = f"Person {person + 1} of family {number}"
        fields[f"attendees-{person}-role"] = "parent"
    return fields


def private_link_token(location: str) -> str | None:
    """The token of the private link a saved registration redirects to; None for any other address."""
    found = PRIVATE_LINK.match(location)
    return found.group(1) if found else None
