"""Every URL pattern by every role: who gets in, who is sent to log in, who is refused.

Each app declares who its URLs are for in `<app>/tests/url_rules.py` (RULES, ADMIN_NEVER, scene);
a new URL fails `test_every_url_is_classified` until its app lists it with the people it is meant
for. People of district B must never open district A's pages.
"""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import made_once, make_people
from pep.models import District
from pep.plugins import app_modules, program_apps
from pep.tests.url_rules import EVERYONE, ROLES, Rule

URL_RULES = app_modules("tests.url_rules")
RULES: dict[str, Rule] = {name: rule for module in URL_RULES for name, rule in module.RULES.items()}
ADMIN_NEVER: set[str] = {name for module in URL_RULES for name in getattr(module, "ADMIN_NEVER", set())}


def _url_names(patterns, namespace="") -> list[tuple[str, URLPattern]]:
    """(namespaced name, pattern) of every URL; Django's own unnamed admin redirects are left out."""
    names = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += _url_names(pattern.url_patterns, inner)
        elif pattern.name or namespace != "admin:":
            names.append((f"{namespace}{pattern.name or ''}", pattern))
    return names


ALL_URLS = _url_names(get_resolver().url_patterns)


def _admin_rule(name: str, people) -> Rule:
    if name == "admin:logout":
        return Rule(EVERYONE, method="post")
    if name == "admin:login":  # visitors are sent to the site's login; others are refused
        return Rule({"coordinator"}, others="refused")
    model_views = {
        f"admin:{m._meta.app_label}_{m._meta.model_name}_{action}": m
        for m in admin.site._registry
        for action in ("changelist", "add", "change", "delete", "history")
    }
    if name in model_views:
        instance = model_views[name].objects.order_by("pk").first()
        needs_id = name.rsplit("_", 1)[1] in ("change", "delete", "history")
        assert instance or not needs_id, f"{name}: add a {model_views[name].__name__} to a url_rules scene()"
        kwargs = {"object_id": instance.pk} if needs_id else {}
        return Rule(set() if name in ADMIN_NEVER else {"coordinator"}, kwargs=kwargs)
    kwargs = {
        "admin:app_list": {"app_label": "pep"},
        "admin:auth_user_password_change": {"id": people.coordinator.pk},
        "admin:view_on_site": {
            "content_type_id": ContentType.objects.get_for_model(District).pk,
            "object_id": people.district_a.pk,
        },
    }.get(name, {})
    query = "app_label=pep&model_name=school&field_name=district" if name == "admin:autocomplete" else ""
    return Rule({"coordinator"}, kwargs=kwargs, query=query)


def _rule_for(name: str, people) -> Rule:
    if name.startswith("admin:"):
        return _admin_rule(name, people)
    return RULES[name]


def _outcome(response) -> str:
    if response.status_code in (301, 302) and "/login/" in response.headers.get("Location", ""):
        return "login"
    if response.status_code in (403, 404):
        return "refused"
    if response.status_code < 400:
        return "open"
    return f"error {response.status_code}"


def test_every_url_is_classified():
    unnamed = [str(pattern.pattern) for name, pattern in ALL_URLS if not name or name.endswith(":")]
    assert not unnamed, f"URL patterns without a name cannot be checked: {unnamed}"
    unclassified = [name for name, _ in ALL_URLS if not name.startswith("admin:") and name not in RULES]
    assert not unclassified, f"Add these URLs to RULES with the roles they are for: {unclassified}"
    stale = set(RULES) - {name for name, _ in ALL_URLS}
    assert not stale, f"RULES names URLs that no longer exist: {stale}"


def test_every_project_view_declares_its_access():
    """Views of our apps go through `public`, `signed_in` or `require_role` from pep.access.

    Admin views are guarded by PepAdminSite.has_permission, which asks pep.access too.
    """
    ours = tuple(f"{app.name}." for app in program_apps())
    undeclared = [
        name
        for name, pattern in ALL_URLS
        if pattern.callback.__module__.startswith(ours)
        and not name.startswith("admin:")
        and not hasattr(pattern.callback, "pep_access")
    ]
    assert not undeclared, f"These views bypass pep.access: {undeclared}"


def _scene():
    """The people, and what every app's URLs and admin pages need, made by each app's url_rules.scene."""
    people = make_people()
    for module in URL_RULES:
        if hasattr(module, "scene"):
            module.scene(people)
    return people


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    """Made once for the hundreds of URLs below; each test's requests are undone after it."""
    yield from made_once(django_db_blocker, _scene)


@pytest.mark.parametrize("name", [name for name, _ in ALL_URLS if name])
def test_each_role_gets_the_expected_outcome(client, db, scene, name):
    people = scene
    rule = _rule_for(name, people)
    kwargs = rule.kwargs(people) if callable(rule.kwargs) else rule.kwargs
    url = reverse(name, kwargs=kwargs) + (f"?{rule.query}" if rule.query else "")
    users = people.by_role()
    failures = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        response = getattr(client, rule.method)(url)
        if role in rule.allowed:
            expected = "open"
        elif role == "anonymous":
            expected = "login"
        elif rule.others:
            expected = rule.others
        elif name.startswith("admin:"):  # the admin refuses coordinators, and sends others to log in
            expected = "refused" if role == "coordinator" else "login"
        else:
            expected = "refused"
        got = _outcome(response)
        if got != expected:
            failures.append(f"{role}: expected {expected}, got {got} ({response.status_code})")
    assert not failures, f"{name} ({url}):\n" + "\n".join(failures)
