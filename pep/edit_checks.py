"""Edit checks every app shares: a version that catches lost updates, saves that change only what
changed, locks taken in one order, and ordered lists that move up and down.

Services lock the object that owns a thing (a plan) before the thing itself (a goal, an activity),
always in that order, so two people working on one plan never deadlock each other.
"""

import datetime
import uuid
from dataclasses import dataclass

from django import forms
from django.db import IntegrityError, models, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import FormSubmission
from .months import month_names
from .refusals import Refused

MONTH_FIELDS = {"months"}


@dataclass(frozen=True)
class FieldChange:
    label: str
    saved: str
    yours: str


class EditConflict(Exception):
    """Someone saved this since the form was opened; nothing was overwritten."""

    def __init__(self, current: Model, changes: list[FieldChange], saved_by, saved_at):
        super().__init__(_("Someone else saved this while you were editing."))
        self.current, self.changes, self.saved_by, self.saved_at = current, changes, saved_by, saved_at


def shown(value) -> str:
    """A value as a person reads it: lists joined, nothing shown as a dash."""
    if isinstance(value, list | tuple | set):
        return ", ".join(str(item) for item in value) or "—"
    return "—" if value in (None, "") else str(value)


def readable(field: models.Field, value, names: dict[int, str] | None = None) -> str:
    """A stored value as a person reads it: names for links, choice labels, months, local times."""
    if hasattr(value, "all"):  # a many-to-many manager
        value = list(value.all())
    if value in (None, "", []):
        return "—"
    if names is not None:
        ids = value if isinstance(value, list) else [value]
        return shown([names.get(getattr(pk, "pk", pk), "?") for pk in ids])
    if field.name in MONTH_FIELDS:
        return shown(month_names(value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    return shown(value)


def label_of(model: type[Model], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name).capitalize()


def comparable(value):
    """A value in a form that compares equal when two saves mean the same thing."""
    if hasattr(value, "all"):  # a many-to-many manager
        return sorted(item.pk for item in value.all())
    if isinstance(value, list | tuple | set | QuerySet) and any(isinstance(item, Model) for item in value):
        return sorted(item.pk for item in value)
    if isinstance(value, list):
        return sorted(value, key=str)
    if isinstance(value, Model):
        return value.pk
    return value if value not in (None, "") else ""


def check_version(instance: Model, version: int, data: dict, fields: list[str]) -> None:
    """Refuse the save if the saved version moved on and differs from what this person typed.

    When both saves agree on every field, nothing anyone typed would be lost, so the save goes on.
    """
    if instance.version == version:
        return
    model = type(instance)
    changes = []
    for name in fields:
        if name in data and comparable(getattr(instance, name)) != comparable(data[name]):
            field = model._meta.get_field(name)
            changes.append(
                FieldChange(
                    label_of(model, name), readable(field, getattr(instance, name)), readable(field, data[name])
                )
            )
    if not changes:
        return
    last = instance.history.order_by("-history_date").select_related("history_user").first()
    raise EditConflict(instance, changes, last.history_user if last else None, last.history_date if last else None)


def apply_changes(instance: Model, data: dict, fields: list[str]) -> list[str]:
    """Set the fields given in `data`; return the names of those whose value changed.

    Many-to-many fields are compared but not set: they are set after the instance is saved.
    """
    changed = []
    for name in fields:
        if name not in data:
            continue
        field = instance._meta.get_field(name)
        if field.many_to_many:
            before = comparable(getattr(instance, name)) if instance.pk else []
            if before != comparable(data[name]):
                changed.append(name)
            continue
        if comparable(getattr(instance, name)) != comparable(data[name]):
            setattr(instance, name, data[name])
            changed.append(name)
    return changed


def save_versioned(instance: Model, actor) -> None:
    """Save with the author recorded in the history, and a new version number for edit checks."""
    instance._history_user = actor if actor is not None and actor.is_authenticated else None
    if instance.pk is not None:
        instance.version += 1
    instance.save()


def locked(queryset: QuerySet, pk: int, removed: str) -> Model:
    """The row, locked for this transaction; the refusal `removed` if someone removed it meanwhile.

    Lock the owning row (the plan) first, then call this for the row itself.
    """
    found = queryset.select_for_update(of=("self",)).filter(pk=pk).order_by("pk").first()
    if found is None:
        raise Refused(removed)
    return found


class AlreadySaved(Exception):
    """The same form was sent twice (a double click, a reload); the first one saved it."""


SUBMISSIONS_KEPT = datetime.timedelta(days=2)


def claim_submission(token: uuid.UUID | None) -> None:
    """Record a form's one-time token inside the service's transaction; a second use is refused.

    Should the service fail afterwards, its transaction rolls back and the token is free again.
    """
    if token is None:
        return
    try:
        with transaction.atomic():
            FormSubmission.objects.create(token=token)
    except IntegrityError:
        raise AlreadySaved from None
    FormSubmission.objects.filter(at__lt=timezone.now() - SUBMISSIONS_KEPT).delete()


class Direction(models.TextChoices):
    UP = "up", gettext_lazy("Move up")
    DOWN = "down", gettext_lazy("Move down")


def move(item: Model, siblings: QuerySet, direction: str, removed: str) -> None:
    """Swap `item` with its neighbour above or below in `siblings`; only their order changes.

    Lock the owner of the list first: the siblings are locked here, in their list order.
    """
    ordered = list(siblings.select_for_update(of=("self",)).order_by("order", "pk"))
    index = next((i for i, sibling in enumerate(ordered) if sibling.pk == item.pk), None)
    if index is None:
        raise Refused(removed)
    if direction not in Direction.values:
        raise Refused(_("Choose to move it up or down."))
    other = index - 1 if direction == Direction.UP else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, sibling in enumerate(ordered, start=1):
        sibling.order = position
    type(item).objects.bulk_update(ordered, ["order"])


class VersionedForm(forms.ModelForm):
    """Carries the version the person started from, so a later save can tell if someone else saved."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=0,
        error_messages={"required": gettext_lazy("This page is out of date; open it again.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True
        else:
            self.fields["version"].initial = 0  # nothing saved yet: someone else's first save is a change

    def started_from(self) -> int:
        """The version this person opened; 0 for something that did not exist yet."""
        version = self.cleaned_data.get("version")
        return version if version is not None else (self.instance.version if self.instance.pk else 0)


class SubmittedOnceForm(forms.Form):
    """Carries a one-time token, so the same form sent twice saves once (see `claim_submission`)."""

    once = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)

    def once_token(self) -> uuid.UUID | None:
        return self.cleaned_data.get("once")
