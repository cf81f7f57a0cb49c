"""The Spanish catalogue is complete: families must never meet half-translated pages."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from pep.plugins import program_apps

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["manage.py", "templates", "locale", *(Path(app.path).name for app in program_apps())]


def _untranslated(catalogue: Path) -> str:
    """Entries with no Spanish yet, or only a guess (fuzzy)."""
    found = [
        subprocess.run(
            ["msgattrib", selection, "--no-obsolete", str(catalogue)], capture_output=True, text=True, check=True
        ).stdout
        for selection in ("--untranslated", "--only-fuzzy")
    ]
    return "".join(found)


def test_every_message_in_the_code_has_a_spanish_translation(tmp_path):
    """Extract the messages afresh from a copy of the code, so a new string cannot slip through."""
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy(source, tmp_path / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "es", "--no-obsolete", "--verbosity", "0"],
        cwd=tmp_path,
        env={**os.environ, "DEBUG": "1", "DATABASE_URL": "sqlite://:memory:"},
        check=True,
    )

    missing = _untranslated(tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.po")

    assert not missing, f"Translate these in locale/es/LC_MESSAGES/django.po (make messages):\n{missing}"
