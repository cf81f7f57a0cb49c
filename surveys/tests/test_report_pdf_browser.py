"""The district report's print page in a real browser on a phone: it fits, its charts are named images,
and it passes axe-core."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from pep.tests.browser import PHONE, expect_no_axe_violations, expect_no_horizontal_scrolling, log_in, on_a_phone
from surveys.tests.test_report_pdf import district_scene

pytestmark = pytest.mark.browser

FACILITATED = "Percent of parents reporting that schools facilitated their involvement"


def test_the_print_page_fits_a_phone_and_passes_axe(page, people, password):
    cycle = district_scene(people)
    on_a_phone(page)
    log_in(page, people.leader_a.username, password)
    page.goto(reverse("surveys:district-report-print", args=[cycle.slug, people.district_a.pk]))

    expect(page.get_by_role("heading", level=1)).to_have_text("Alder District")
    groups = page.get_by_role("img", name=f"{FACILITATED}, Alder District and the state")
    expect(groups).to_be_visible()
    expect(page.get_by_role("img", name=f"{FACILITATED}, cycle by cycle")).to_be_visible()
    assert groups.bounding_box()["width"] <= PHONE["width"]
    expect_no_horizontal_scrolling(page)
    expect_no_axe_violations(page)
