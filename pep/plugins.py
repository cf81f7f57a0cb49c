"""How an app plugs into PEP. pep names no app: it asks each installed `ProgramApp` for

- `menu`: the header links it offers, each shown to the people it is for;
- `home_panels(request)`: its sections of a signed-in person's home page;
- `family_pages`: the public pages it offers families, listed on the welcome page;

and runs, by module name, `<app>.demo.seed(stdout)` for demo data. The URL-by-role test reads
each app's `<app>.tests.url_rules`.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import AppConfig, apps
from django.urls import reverse


@dataclass(frozen=True)
class MenuEntry:
    """A link in the header, placed by `position` (smaller first)."""

    label: str
    url_name: str
    position: int
    shown_to: Callable[[object], bool]
    args: Callable[[object], list] = field(default=lambda user: [])

    def url(self, user) -> str:
        return reverse(self.url_name, args=self.args(user))


@dataclass(frozen=True)
class Panel:
    """A section of the home page: a template and what it shows."""

    template: str
    context: dict


class ProgramApp(AppConfig):
    """An app of the program; override what it offers."""

    menu: list[MenuEntry] = []
    family_pages: list[MenuEntry] = []

    def home_panels(self, request) -> list[Panel]:
        return []


def program_apps() -> list[ProgramApp]:
    """The program's apps, in the order of INSTALLED_APPS (which is their order of dependency)."""
    return [config for config in apps.get_app_configs() if isinstance(config, ProgramApp)]


def menu_for(user) -> list[tuple[str, str]]:
    """(url, label) of each header link this person may use, in order."""
    entries = sorted((entry for app in program_apps() for entry in app.menu), key=lambda entry: entry.position)
    return [(entry.url(user), entry.label) for entry in entries if entry.shown_to(user)]


def section_label(url_name: str) -> str:
    """The menu's name for a list page, for breadcrumbs."""
    for app in program_apps():
        for entry in app.menu:
            if entry.url_name == url_name:
                return entry.label
    raise LookupError(f"no menu entry for {url_name}")


def home_panels(request) -> list[Panel]:
    return [panel for app in program_apps() for panel in app.home_panels(request)]


def family_pages() -> list[MenuEntry]:
    return [entry for app in program_apps() for entry in app.family_pages]


def app_modules(name: str) -> list:
    """Each program app's module `<app>.<name>` (such as "demo"), where the app has one."""
    found = []
    for app in program_apps():
        module_name = f"{app.name}.{name}"
        try:
            found.append(importlib.import_module(module_name))
        except ModuleNotFoundError as missing:
            if not (module_name == missing.name or module_name.startswith(f"{missing.name}.")):
                raise  # the module exists but something it imports does not
    return found
