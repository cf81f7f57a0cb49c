"""Helpers every browser test shares: logging in, axe-core, phone width."""

import re

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

PHONE = {"width": 320, "height": 640}


def log_in(page, username, password):
    page.goto(reverse("login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    # On a phone the logout button sits in the collapsed menu, hidden until it opens.
    expect(page.get_by_role("button", name=re.compile(r"^Log out"), include_hidden=True)).to_be_attached()


def expect_no_axe_violations(page):
    """axe-core is injected with page.evaluate, which the site's CSP does not block."""
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def expect_no_horizontal_scrolling(page):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], f"{page.url} is {scroll_width} px wide at {PHONE['width']} px"
