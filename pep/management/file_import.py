"""What the file-taking commands share (the state directory, the survey roster, child count and responses):
reading the file, a progress bar on stderr for big files, and refusing a bad file whole with every bad
line, as the upload pages do."""

import sys
from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from pep.refusals import Refused

PROGRESS_FROM_LINES = 500  # smaller files finish before a bar would be worth drawing


def _lines(data: bytes) -> int:
    return data.count(b"\n")


def file_import(command: BaseCommand, path: Path, run: Callable, steps: Callable[[bytes], int] = _lines):
    """Run an import service on the file at `path` (`run(data=..., progress=...)`, returning a result with
    `ok` and `errors`); `steps` says how many steps it reports for the file's content (one per line unless
    given). A refused file prints every bad line as `line N: reason` on stderr and ends the command with
    CommandError (nothing was written)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}") from error
    quick = _lines(data) < PROGRESS_FROM_LINES
    try:
        with tqdm(total=steps(data), unit="steps", file=sys.stderr, disable=quick, leave=False) as bar:
            result = run(data=data, progress=bar.update)
    except Refused as refusal:
        raise CommandError(str(refusal)) from refusal
    if not result.ok:
        for error in result.errors:
            command.stderr.write(f"line {error.line}: {error.message}" if error.line else error.message)
        raise CommandError(f"{len(result.errors)} bad line(s) in {path}; nothing was imported.")
    return result
