"""Logs without the secrets some links carry (invitations, password resets, registrations, surveys): gunicorn's
access log and Django's own request log."""

import logging
import re

from gunicorn.glogging import Logger

# The token of an invitation link and of a password-reset link; once in the session they become "set-password".
# A token ends at a slash, a query, a space or the end: a link whose last slash was lost still hides it.
SECRETS_IN_PATHS = [
    re.compile(r"(/accounts/invitation/)(?!set-password(?:[/?\s]|$))[^/?\s]+"),
    re.compile(r"(/accounts/reset/[^/?\s]+/)(?!set-password(?:[/?\s]|$))[^/?\s]+"),
    # A workshop registration's private link.
    re.compile(r"(/workshops/r/)[^/?\s]+"),
    # A parent's web survey link (surveys): the code alone opens the survey.
    re.compile(r"(/surveys/s/)[^/?\s]+"),
    # A district's shared perceptions survey link: whoever has it may answer for the district.
    re.compile(r"(/surveys/p/)[^/?\s]+"),
    # The name a coordinator searched for at check-in.
    re.compile(r"(/check-in/\?)[^\s]+"),
]


def redact(text: str | None) -> str | None:
    """`text` with the tokens of links replaced by [hidden]."""
    for pattern in SECRETS_IN_PATHS:
        text = pattern.sub(r"\1[hidden]", text) if text else text
    return text


class RedactingLogger(Logger):
    """Writes `/accounts/invitation/[hidden]/` where the request line names a link's token."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f", "{referer}i"):
            if key in atoms:
                atoms[key] = redact(atoms[key])
        return atoms


class SecretsRedacted(logging.Filter):
    """Django's own log lines ("Not Found: /workshops/r/…/") name the path: hide the tokens in it too."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(arg) if isinstance(arg, str) else arg for arg in record.args)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True
