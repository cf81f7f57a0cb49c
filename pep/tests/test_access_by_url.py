"""Every URL pattern by every role: who gets in, who is sent to log in, who is refused.

A new URL fails `test_every_url_is_classified` until it is added to RULES below with the
people it is meant for. People of district B must never open district A's pages.
"""

from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from partnerships.models import ActivityEvaluation, Framework, Plan, PlanComment, PlanTransition
from partnerships.tests.factories import ActivityFactory, PlanFactory
from pep.models import AuditEntry, District, Language, Membership, School, SchoolYear

ROLES = ["anonymous", "coordinator", "leader_a", "team_a", "parent_a", "leader_b", "team_b", "nobody"]
SIGNED_IN = set(ROLES) - {"anonymous"}
EVERYONE = set(ROLES)


@dataclass
class Rule:
    """Who may open the URL; everyone else signed in is refused (403/404), visitors go to log in."""

    allowed: set[str]
    kwargs: object = field(default_factory=dict)  # dict, or a function of `people` returning one
    method: str = "get"
    query: str = ""
    others: str = ""  # what signed-in people who are not allowed get, where it is not the default


def _district_a(people):
    return {"pk": people.district_a.pk}


def _school_a(people):
    return {"pk": people.school_a.pk}


def _plan_a(people):
    return {"pk": people.plan_a.pk}


def _goal_a(people):
    return {"pk": people.plan_a.goals.get().pk}


def _activity_a(people):
    return {"pk": people.plan_a.activities.get().pk}


def _activity_a_version(people):
    activity = people.plan_a.activities.get()
    return {"pk": activity.pk, "history_id": activity.history.earliest("history_date").history_id}


MEMBERS = SIGNED_IN - {"nobody"}
PLAN_A_VIEWERS = {"coordinator", "leader_a"}
PLAN_A_OWNER = {"leader_a"}


RULES: dict[str, Rule] = {
    "home": Rule(EVERYONE),
    "healthz": Rule(EVERYONE),
    "set_language": Rule(EVERYONE, method="post"),
    "login": Rule(EVERYONE),
    "logout": Rule(EVERYONE, method="post"),
    "password_reset": Rule(EVERYONE),
    "password_reset_done": Rule(EVERYONE),
    "password_reset_confirm": Rule(EVERYONE, kwargs={"uidb64": "MQ", "token": "set-password"}),
    "password_reset_complete": Rule(EVERYONE),
    "password_change": Rule(SIGNED_IN),
    "password_change_done": Rule(SIGNED_IN),
    "district-detail": Rule({"coordinator", "leader_a"}, kwargs=_district_a),
    "school-detail": Rule({"coordinator", "leader_a", "team_a", "parent_a"}, kwargs=_school_a),
    "directory-import": Rule({"coordinator"}),
    "partnerships:plan-list": Rule(MEMBERS),
    "partnerships:plan-export": Rule({"coordinator", "leader_a", "leader_b"}),
    "partnerships:plan-coverage": Rule({"coordinator", "leader_a", "leader_b"}),
    "partnerships:plan-create": Rule(MEMBERS),
    "partnerships:plan-detail": Rule(PLAN_A_VIEWERS, kwargs=_plan_a),
    "partnerships:plan-history": Rule(PLAN_A_VIEWERS, kwargs=_plan_a),
    "partnerships:plan-print": Rule(PLAN_A_VIEWERS, kwargs=_plan_a),
    "partnerships:plan-pdf": Rule(PLAN_A_VIEWERS, kwargs=_plan_a),
    "partnerships:plan-comment": Rule(PLAN_A_VIEWERS, kwargs=_plan_a, method="post"),
    "partnerships:plan-edit": Rule(PLAN_A_OWNER, kwargs=_plan_a),
    "partnerships:goal-create": Rule(PLAN_A_OWNER, kwargs=_plan_a),
    "partnerships:activity-create": Rule(PLAN_A_OWNER, kwargs=_plan_a),
    "partnerships:plan-submit": Rule(PLAN_A_OWNER, kwargs=_plan_a, method="post"),
    "partnerships:plan-reflection": Rule(PLAN_A_OWNER, kwargs=_plan_a),
    "partnerships:plan-mark-evaluated": Rule(PLAN_A_OWNER, kwargs=_plan_a, method="post"),
    "partnerships:plan-carry-forward": Rule(PLAN_A_OWNER, kwargs=_plan_a, method="post"),
    "partnerships:plan-review": Rule({"coordinator"}, kwargs=_plan_a, method="post"),
    "partnerships:plan-reopen": Rule({"coordinator"}, kwargs=_plan_a, method="post"),
    "partnerships:goal-edit": Rule(PLAN_A_OWNER, kwargs=_goal_a),
    "partnerships:goal-delete": Rule(PLAN_A_OWNER, kwargs=_goal_a),
    "partnerships:goal-move": Rule(PLAN_A_OWNER, kwargs=_goal_a, method="post"),
    "partnerships:activity-edit": Rule(PLAN_A_OWNER, kwargs=_activity_a),
    "partnerships:activity-delete": Rule(PLAN_A_OWNER, kwargs=_activity_a),
    "partnerships:activity-move": Rule(PLAN_A_OWNER, kwargs=_activity_a, method="post"),
    "partnerships:activity-evaluate": Rule(PLAN_A_OWNER, kwargs=_activity_a),
    "partnerships:activity-restore": Rule({"coordinator"}, kwargs=_activity_a_version, method="post"),
}

# The admin is for coordinators (PepAdminSite.has_permission); its logout page is open to all.
ADMIN_MODELS = [
    get_user_model(),
    Group,
    District,
    School,
    SchoolYear,
    Language,
    Membership,
    AuditEntry,
    Framework,
    Plan,
]
# The audit log is read-only, for coordinators too.
ADMIN_NOBODY = {"admin:pep_auditentry_add", "admin:pep_auditentry_delete", "admin:partnerships_plan_add"}


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
        for m in ADMIN_MODELS
        for action in ("changelist", "add", "change", "delete", "history")
    }
    if name in model_views:
        instance = model_views[name].objects.order_by("pk").first()
        needs_id = name.rsplit("_", 1)[1] in ("change", "delete", "history")
        kwargs = {"object_id": instance.pk} if needs_id else {}
        return Rule(set() if name in ADMIN_NOBODY else {"coordinator"}, kwargs=kwargs)
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
    ours = ("pep.", "partnerships.", "surveys.", "workshops.")
    undeclared = [
        name
        for name, pattern in ALL_URLS
        if pattern.callback.__module__.startswith(ours)
        and not name.startswith("admin:")
        and not hasattr(pattern.callback, "pep_access")
    ]
    assert not undeclared, f"These views bypass pep.access: {undeclared}"


@pytest.fixture
def admin_objects(people):
    """One row of every model the admin shows, so its change pages have something to open."""
    Group.objects.create(name="Reviewers")
    AuditEntry.objects.create(action="test", summary="A row for the admin pages")
    people.plan_a = PlanFactory(district=people.district_a)
    ActivityFactory(plan=people.plan_a)
    ActivityEvaluation.objects.create(activity=people.plan_a.activities.get(), implemented="yes", quality=4)
    PlanTransition.objects.create(plan=people.plan_a, from_status="draft", to_status="submitted")
    PlanComment.objects.create(plan=people.plan_a, text="A comment for the admin pages")


@pytest.mark.parametrize("name", [name for name, _ in ALL_URLS if name])
def test_each_role_gets_the_expected_outcome(client, people, admin_objects, name):
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
