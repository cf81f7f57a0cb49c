"""How an app plugs into PEP. pep names no app: it asks each installed `ProgramApp` for

- `menu`: the header links it offers, each shown to the people it is for;
- `home_panels(request)`: its sections of a signed-in person's home page;
- `district_panels(request, district)` / `school_panels(request, school)`: its sections of a
  district's or a school's page;
- `school_columns(user, schools)`: its columns of the table of a district's schools on its
  leader's home page (one query or a few for all the schools, never one per school);
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


@dataclass(frozen=True)
class Cell:
    """One cell of a table an app adds a column to: its text and, when there is one, its link."""

    text: str
    url: str = ""


@dataclass(frozen=True)
class SchoolColumn:
    """A column of a table of schools: its heading, placed by `position` (smaller first), and a cell
    per school's pk (a school without one shows an empty cell)."""

    heading: str
    position: int
    cells: dict[int, Cell]


class ProgramApp(AppConfig):
    """An app of the program; override what it offers."""

    menu: list[MenuEntry] = []
    family_pages: list[MenuEntry] = []

    def home_panels(self, request) -> list[Panel]:
        return []

    def district_panels(self, request, district) -> list[Panel]:
        return []

    def school_panels(self, request, school) -> list[Panel]:
        return []

    def school_columns(self, user, schools: list) -> list[SchoolColumn]:
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


def district_panels(request, district) -> list[Panel]:
    return [panel for app in program_apps() for panel in app.district_panels(request, district)]


def school_panels(request, school) -> list[Panel]:
    return [panel for app in program_apps() for panel in app.school_panels(request, school)]


@dataclass(frozen=True)
class SchoolTable:
    """Schools with the columns every app adds: `headings`, and for each school its row of
    (heading, cell) pairs, so that on a phone each cell can say which column it is."""

    headings: list[str]
    rows: list[tuple[object, list[tuple[str, Cell | None]]]]


def school_table(user, schools: list) -> SchoolTable:
    """The apps' columns for these schools, in order of position, as rows ready to show."""
    columns = sorted(
        (column for app in program_apps() for column in app.school_columns(user, schools)),
        key=lambda column: column.position,
    )
    return SchoolTable(
        headings=[column.heading for column in columns],
        rows=[(school, [(column.heading, column.cells.get(school.pk)) for column in columns]) for school in schools],
    )


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
