"""The protection every public form shares (pages anyone may post to without an account).

A limit per client address on posts (django-ratelimit, counted in the shared cache), and a honeypot
field that people never see. No CAPTCHA: families on phones and screen readers must get through.
"""

from collections.abc import Callable
from functools import wraps

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

HONEYPOT = "website"
THROTTLED_TEMPLATE = "pep/public_post_throttled.html"


def unlogged(response):
    """Keep Django from logging this answer: its address may carry a private link's token."""
    response._has_been_logged = True
    return response


def too_many_posts(request):
    """The page for an address that posted too often: what happened and what to do, in plain words."""
    return unlogged(render(request, THROTTLED_TEMPLATE, status=429))


def posts_limited(
    request, group: str, *, key: str | Callable = "ip", per_hour: int | None = None, increment: bool = True
) -> bool:
    """Count this post against the address's hourly limit for `group`; True once the limit is passed.

    Every post counts, refused ones too, so a flood cannot keep trying. `key` and `per_hour` count by
    something other than the address (django-ratelimit's key: a callable `(group, request) -> str`), at
    another rate than PUBLIC_POSTS_PER_HOUR_PER_ADDRESS; `increment=False` only asks whether the limit is
    passed already, for a page that counts only the posts it refuses.
    """
    rate = f"{per_hour or settings.PUBLIC_POSTS_PER_HOUR_PER_ADDRESS}/h"
    return is_ratelimited(request, group=f"public-post:{group}", key=key, rate=rate, increment=increment)


def protected_post(group: str) -> Callable[[Callable], Callable]:
    """Wrap a public view: its POSTs are limited per client address (one counter per `group`).

    A GET passes untouched. A POST over the limit gets a translated 429 page and never reaches the view.
    Put it under `pep.access.public`, which marks the view as open to everyone.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and posts_limited(request, group):
                return too_many_posts(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def honeypot_filled(request, field: str = HONEYPOT) -> bool:
    """True when the hidden field people never see came back filled: a program filled the form."""
    return bool(request.POST.get(field, "").strip())


class HoneypotForm(forms.Form):
    """A form with the hidden `website` field. Render it inside `<div class="visually-hidden" aria-hidden="true">`:
    neither eyes nor screen readers nor the Tab key (tabindex -1) reach it, and browsers do not fill it in."""

    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
