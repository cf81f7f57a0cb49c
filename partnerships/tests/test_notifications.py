"""Plan emails go through pep.notifications: each person in their language, both when it is unknown."""

from django.core import mail

from partnerships import services
from partnerships.tests.factories import advance, complete_plan
from pep.services import profile_set_language
from pep.tests.factories import district_leader

SPANISH_SUBJECT = "Su plan fue aprobado"


def test_each_owner_gets_the_approval_in_their_language_or_in_both(people, django_capture_on_commit_callbacks):
    profile_set_language(
        user=district_leader(people.district_a, username="luis", email="luis@example.org"), language="es"
    )
    plan = advance(complete_plan(district=people.district_a), "submitted")

    with django_capture_on_commit_callbacks(execute=True):
        services.plan_approve(plan=plan, actor=people.coordinator)

    by_address = {message.to[0]: message for message in mail.outbox}
    assert by_address["luis@example.org"].subject == SPANISH_SUBJECT
    assert "Open the plan in PEP" not in by_address["luis@example.org"].body
    assert by_address[people.leader_a.email].subject == f"Your plan was approved / {SPANISH_SUBJECT}"
