"""Who each URL of the core is for; every app keeps the same kind of list in `<app>/tests/url_rules.py`.

The URL-by-role test (test_access_by_url) reads `RULES` of every program app, calls its `scene(people)`
to create what the URLs need, and refuses any URL that no app has classified.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from pep.models import AuditEntry, Invitation, Membership, Profile, Role

ROLES = ["anonymous", "coordinator", "leader_a", "team_a", "parent_a", "leader_b", "team_b", "nobody"]
SIGNED_IN = set(ROLES) - {"anonymous"}
EVERYONE = set(ROLES)
MEMBERS = SIGNED_IN - {"nobody"}


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


def _invitation_a(people):
    return {"pk": Invitation.objects.get(email="invited@example.org").pk}


def _team_a_role(people):
    return {"pk": Membership.objects.get(user=people.team_a, role=Role.SCHOOL_TEAM).pk}


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
    "district-suggestions": Rule(MEMBERS, query="q=Alder"),
    "directory-import": Rule({"coordinator"}),
    "people": Rule({"coordinator", "leader_a", "leader_b"}),
    "district-people": Rule({"coordinator", "leader_a"}, kwargs=_district_a),
    "invitation-new": Rule({"coordinator", "leader_a", "leader_b"}),
    "invitation-resend": Rule({"coordinator", "leader_a"}, kwargs=_invitation_a, method="post"),
    "invitation-cancel": Rule({"coordinator", "leader_a"}, kwargs=_invitation_a),
    "role-change": Rule({"coordinator", "leader_a"}, kwargs=_team_a_role),
    "role-end": Rule({"coordinator", "leader_a"}, kwargs=_team_a_role),
    "invitation-accept": Rule(EVERYONE, kwargs={"token": "no-such-token"}),
}

# Admin pages nobody may open, not even coordinators: the audit log and the task results are read-only.
ADMIN_NEVER = {
    "admin:pep_auditentry_add",
    "admin:pep_auditentry_delete",
    "admin:django_tasks_database_dbtaskresult_add",
    "admin:django_tasks_database_dbtaskresult_delete",
}


def scene(people) -> None:
    """One row of each core model the admin shows, so its change pages have something to open."""
    Group.objects.create(name="Reviewers")
    AuditEntry.objects.create(action="test", summary="A row for the admin pages")
    DBTaskResult.objects.create(
        task_path="pep.tasks.send_message", backend_name="default", args_kwargs={"args": [], "kwargs": {}}
    )
    Profile.objects.create(user=people.leader_a, language="es")
    Invitation.objects.create(
        name="Ines Invited",
        email="invited@example.org",
        role=Role.SCHOOL_TEAM,
        school=people.school_a,
        language="en",
        expires_at=timezone.now() + datetime.timedelta(days=7),
        token_hash="0" * 64,
    )
