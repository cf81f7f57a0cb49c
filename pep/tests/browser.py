"""Helpers every browser test shares: logging in and out, fields by label, messages, axe-core, phone width."""

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


def log_out(page):
    page.get_by_role("button", name=re.compile(r"^Log out")).click()
    expect(page.get_by_role("banner").get_by_role("link", name="Log in")).to_be_visible()


def field(page, label):
    """A form field by its label; a required field's label ends in an asterisk."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def expect_message(page, text):
    """A message shown after an action (Django's messages, in a live region)."""
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def expect_no_axe_violations(page):
    """axe-core is injected with page.evaluate, which the site's CSP does not block. It runs once the page
    has loaded: before its style sheets apply, colours would be measured against the browser's defaults."""
    page.wait_for_load_state("load")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def on_a_phone(page):
    """The page as a small phone shows it (320 px wide)."""
    page.set_viewport_size(PHONE)
    return page


WIDER_THAN_THE_PAGE = """width => [...document.querySelectorAll("body *")]
    .filter(element => element.getBoundingClientRect().right > width + 1)
    .slice(0, 5)
    .map(element => `${element.tagName.toLowerCase()}.${element.className}: `
        + element.textContent.trim().slice(0, 60))"""


def expect_no_horizontal_scrolling(page):
    """The page, once laid out (the page has loaded), is no wider than the phone; if not, say what sticks out."""
    page.wait_for_load_state("load")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    wider = page.evaluate(WIDER_THAN_THE_PAGE, PHONE["width"]) if scroll_width > PHONE["width"] else []
    assert scroll_width <= PHONE["width"], f"{page.url} is {scroll_width} px wide at {PHONE['width']} px: {wider}"
