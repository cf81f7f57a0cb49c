"""Refusals every app shares: an action that is not allowed now, said in plain words."""

from django.utils.translation import gettext as _


class Refused(Exception):
    """The action is not allowed for this object now; the message says why, in plain words."""


class Incomplete(Refused):
    """Refused because something is missing: `problems` lists everything to fix, all at once."""

    def __init__(self, problems: list[str], message: str | None = None):
        super().__init__(message or _("Some things are still missing."))
        self.problems = problems
