"""Who each URL of the surveys app is for (read by pep/tests/test_access_by_url.py).

Each area of the app declares its own rules in `rules_<area>.py` (RULES, ADMIN_NEVER, scene);
this module gathers them.
"""

import importlib
import pkgutil

from pep.tests.url_rules import Rule
from surveys import tests

AREAS = [
    importlib.import_module(f"surveys.tests.{info.name}")
    for info in pkgutil.iter_modules(tests.__path__)
    if info.name.startswith("rules_")
]

RULES: dict[str, Rule] = {name: rule for area in AREAS for name, rule in area.RULES.items()}
ADMIN_NEVER: set[str] = {name for area in AREAS for name in getattr(area, "ADMIN_NEVER", set())}


def scene(people) -> None:
    """Each area's scene, in order of name."""
    for area in AREAS:
        area.scene(people)
