"""Junk in the invitation page's address is answered, never a server error."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("district", ["²", "٣", "abc", "-1"])
def test_a_district_that_is_not_a_number_is_ignored(client, people, district):
    client.force_login(people.coordinator)

    response = client.get(reverse("invitation-new"), {"district": district})

    assert response.status_code == 200
