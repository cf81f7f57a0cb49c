"""Check-in: marking who came to a session, and adding the people who walk in.

Marking is idempotent: the database keeps one attendance row per attendee and session (a unique
constraint), so a double click, a reload or two coordinators marking the same person leave one row.
"""

import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pep.access import is_coordinator
from pep.edit_checks import claim_submission
from pep.refusals import Refused
from workshops.models import Attendance, Attendee, RegistrantRole, Session

NAME_LENGTH = Attendee._meta.get_field("name").max_length


def checkin_refusal(session: Session, now=None) -> str:
    """Why attendance cannot be taken for `session`, or "" when it can (from the day it takes place)."""
    if session.offering.is_cancelled:
        return _("This offering was cancelled.")
    now = now or timezone.now()
    if timezone.localdate(now) < timezone.localdate(session.starts_at):
        return _("Attendance can be taken from the day of the session.")
    return ""


def _check(session: Session, actor, now=None) -> None:
    if not is_coordinator(actor):
        raise Refused(_("Only PEP coordinators take attendance."))
    refusal = checkin_refusal(session, now)
    if refusal:
        raise Refused(refusal)


def attendance_mark(*, session: Session, attendee: Attendee, present: bool, actor, now=None) -> bool:
    """Mark `attendee` present at `session` (or not present any more); returns whether they are present.

    Marking twice keeps one row; undoing what is not marked does nothing.
    """
    _check(session, actor, now)
    if attendee.offering_id != session.offering_id:
        raise Refused(_("This person is not registered for this offering."))
    if present and attendee.cancelled_at is not None:
        raise Refused(_("This person's place was cancelled. Add them as a walk-in if they came."))
    if not present:
        Attendance.objects.filter(session=session, attendee=attendee).delete()
        return False
    try:
        with transaction.atomic():
            Attendance.objects.get_or_create(
                session=session,
                attendee=attendee,
                defaults={"marked_by": actor, "marked_at": now or timezone.now()},
            )
    except IntegrityError:
        pass  # marked at the same moment by another request: the row exists, which is all we want
    return True


@transaction.atomic
def walk_in_add(*, session: Session, name: str, role: str, actor, once: uuid.UUID | None = None, now=None) -> Attendee:
    """Add someone who came without registering, marked present at `session`; a form sent twice adds one."""
    _check(session, actor, now)
    name = " ".join((name or "").split())
    if not name:
        raise Refused(_("Give the name of the person who walked in."))
    if len(name) > NAME_LENGTH:
        raise Refused(_("A name has at most %(limit)d characters.") % {"limit": NAME_LENGTH})
    if role not in RegistrantRole.values:
        raise Refused(_("Choose the person's role."))
    claim_submission(once)
    attendee = Attendee.objects.create(offering=session.offering, name=name, role=role, is_walk_in=True)
    Attendance.objects.create(session=session, attendee=attendee, marked_by=actor, marked_at=now or timezone.now())
    return attendee
