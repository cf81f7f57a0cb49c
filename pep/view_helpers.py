"""View helpers every app shares: a refusal or an edit conflict becomes the page, never a 500."""

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from .edit_checks import AlreadySaved, EditConflict
from .refusals import Incomplete, Refused


def save_or_conflict(form, save: Callable) -> bool:
    """Run `save`; on a refusal or an edit conflict, put the reason on the form and keep what was typed.

    The form's template includes `includes/edit_conflict.html` and `includes/form_errors.html`.
    """
    try:
        save()
    except AlreadySaved:
        return True  # sent twice: the first request saved it
    except EditConflict as conflict:
        form.conflict = conflict
        data = form.data.copy()
        data["version"] = conflict.current.version  # saving again now keeps this person's version
        form.data = data
        return False
    except Refused as refusal:
        form.add_error(None, str(refusal))
        return False
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
        return False
    return True


def refusal_or(request, back_to, action: Callable, success: str = ""):
    """Run a one-click action; show its refusal as a message; back to `back_to` either way."""
    try:
        action()
    except AlreadySaved:
        pass  # sent twice: the first request did it and said so
    except Incomplete as incomplete:
        messages.error(request, str(incomplete))
        for problem in incomplete.problems:
            messages.error(request, problem)
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        if success:
            messages.success(request, success)
    return redirect(back_to)


def form_errors_as_messages(request, form, back_to):
    """A one-click form was wrong: say why on the page it came from."""
    for problems in form.errors.values():
        for problem in problems:
            messages.error(request, problem)
    return redirect(back_to)


def once_token(request) -> uuid.UUID | None:
    """The one-time token a one-click form carries (`{% once_field %}`), if it is one."""
    try:
        return uuid.UUID(request.POST.get("once", ""))
    except ValueError:
        return None
