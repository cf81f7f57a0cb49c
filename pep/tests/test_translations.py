"""The Spanish catalogue is complete: families must never meet half-translated pages."""

import subprocess
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "es" / "LC_MESSAGES" / "django.po"


def test_every_message_has_a_spanish_translation():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "translated" in result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr
