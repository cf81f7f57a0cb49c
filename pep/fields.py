"""Model fields every app shares: free text always has a maximum, checked in forms and models."""

from django.core.validators import MaxLengthValidator
from django.db import models

# Maximum lengths of free text, in characters. A page of typed text is about 3,000 characters.
NOTE = 2_000
TEXT = 4_000
ESSAY = 10_000


class LimitedTextField(models.TextField):
    """A TextField whose `max_length` is enforced by model validation, not only by the form's widget."""

    def __init__(self, *args, max_length: int = TEXT, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))
