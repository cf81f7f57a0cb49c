"""Who the public workshop pages are for: everyone, no account needed."""

from pep.tests.url_rules import Rule

RULES: dict[str, Rule] = {}

ADMIN_NEVER: set[str] = set()


def scene(people) -> None:
    """Nothing yet."""
