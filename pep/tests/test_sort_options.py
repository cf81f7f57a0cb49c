"""Sort options say which way they sort, instead of "(descending)"."""

import re

from django.urls import reverse


def sort_options(html: str) -> list[str]:
    select = re.search(r'<select name="order"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


def test_the_plan_list_sorts_in_words_that_say_which_way(client, people):
    client.force_login(people.coordinator)

    options = sort_options(client.get(reverse("partnerships:plan-list")).text)

    assert options[0] == "Usual order"
    assert "Cost, highest first" in options and "School year, newest first" in options
    assert not [option for option in options if "descending" in option or "---" in option]


def test_the_district_list_sorts_in_words_that_say_which_way(client, people):
    client.force_login(people.coordinator)

    options = sort_options(client.get(reverse("home")).text)

    assert options == [
        "Usual order",
        "Name, A to Z",
        "Name, Z to A",
        "State code, lowest first",
        "State code, highest first",
        "Region, A to Z",
        "Region, Z to A",
        "Schools, fewest first",
        "Schools, most first",
    ]
