"""A parent answers the survey in Spanish on a phone: skips two questions, reviews, changes an answer, sends;
every page of the way is axe-core clean and fits the screen."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from pep.tests.browser import PHONE, expect_no_axe_violations, expect_no_horizontal_scrolling
from pep.tests.factories import DistrictFactory
from surveys.models import Invitation, Response
from surveys.tests.factories import CycleFactory, InvitationFactory, make_instrument

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}


def _check_the_page(page):
    """Spanish, no axe-core violation, and nothing wider than the screen at 390 px nor at 320 px."""
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"], page.url
    page.set_viewport_size(PHONE)
    expect_no_horizontal_scrolling(page)
    page.set_viewport_size(PHONE_390)


def _question(page, number: int):
    """A question's group of answers, found by its legend as a screen reader announces it."""
    return page.get_by_role("group", name=re.compile(rf"^{number}\. Afirmación {number}\.$"))


def _next(page):
    with page.expect_navigation():
        page.locator('button[name="go"][value="next"]').click()


def test_a_parent_answers_in_spanish_on_a_phone_skipping_two_questions(page, live_server):
    cycle = CycleFactory(instrument=make_instrument(items=8))
    invitation = InvitationFactory(cycle=cycle, district=DistrictFactory(), language="es")
    page.set_viewport_size(PHONE_390)

    page.goto(reverse("surveys:survey", args=[invitation.code]))
    expect(page.get_by_role("heading", level=1)).to_have_text(cycle.instrument.name_es)
    _check_the_page(page)
    page.locator(f'a[href="{reverse("surveys:survey-page", args=[invitation.code, 1])}"]').click()

    expect(page.locator("progress")).to_have_attribute("value", "1")
    _check_the_page(page)
    _question(page, 1).get_by_label("De acuerdo", exact=True).check()
    _question(page, 2).locator('input[value="skip"]').check()  # skipped on purpose
    _question(page, 3).get_by_label("Muy de acuerdo", exact=True).check()
    _question(page, 4).get_by_label("En desacuerdo", exact=True).check()
    _question(page, 5).get_by_label("Bastante de acuerdo", exact=True).check()
    _next(page)

    expect(page.locator("progress")).to_have_attribute("value", "2")
    _check_the_page(page)
    _question(page, 6).get_by_label("Muy en desacuerdo", exact=True).check()
    # Question 7 is left without an answer: skipped too.
    _question(page, 8).get_by_label("De acuerdo", exact=True).check()
    _next(page)

    expect(page).to_have_url(re.compile(re.escape(reverse("surveys:survey-review", args=[invitation.code])) + "$"))
    _check_the_page(page)
    answers = page.locator("dd strong")
    expect(answers).to_have_count(8)
    expect(answers.nth(0)).to_have_text("De acuerdo")
    expect(answers.nth(2)).to_have_text("Muy de acuerdo")
    skipped = answers.nth(1).inner_text()
    expect(answers.nth(6)).to_have_text(skipped)  # both skipped questions say so alike

    page.locator('a[href$="?review=1#q1"]').click()
    _check_the_page(page)
    _question(page, 1).get_by_label("Bastante en desacuerdo", exact=True).check()
    _next(page)
    expect(page).to_have_url(re.compile(r"/review/#q1$"))  # back at the row just changed
    expect(page.locator("dd strong").nth(0)).to_have_text("Bastante en desacuerdo")

    with page.expect_navigation():
        page.locator("main form").get_by_role("button").click()

    expect(page).to_have_url(re.compile(re.escape(reverse("surveys:survey-thanks")) + "$"))
    _check_the_page(page)
    response = Response.objects.get()
    assert response.answers == [2, None, 6, 3, 5, 1, None, 4]
    assert (response.channel, response.language, response.answered) == ("web", "es", 6)
    assert Invitation.objects.get(pk=invitation.pk).responded

    page.goto(reverse("surveys:survey", args=[invitation.code]))
    _check_the_page(page)
    expect(page.locator("main")).not_to_contain_text("Bastante en desacuerdo")


def test_the_paper_code_page_and_the_neutral_page_are_clean_on_a_phone(page, live_server):
    invitation = InvitationFactory(district=DistrictFactory(), language="es")
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])
    page.set_viewport_size(PHONE_390)

    page.goto(reverse("surveys:survey", args=["A" * 43]))
    _check_the_page(page)
    page.locator(f'main a[href="{reverse("surveys:survey-code")}"]').click()
    _check_the_page(page)

    page.locator('input[name="code"]').fill("nothing-here")
    with page.expect_navigation():
        page.locator("main form").get_by_role("button").click()
    expect(page.locator("#error-summary")).to_be_focused()
    _check_the_page(page)

    page.locator('input[name="code"]').fill(f"{invitation.paper_code[:5].lower()} {invitation.paper_code[5:]}")
    with page.expect_navigation():
        page.locator("main form").get_by_role("button").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("surveys:survey", args=[invitation.code])) + "$"))


MARKUP = "<b>Bold</b> & <script>alert(1)</script>"
LONG_WORD = "https://families.example.org/engagement/a-very-long-address-that-has-no-space-anywhere-in-it"


def _on_the_phone(page, language: str):
    """In `language`, axe-core clean, and no wider than the screen at 390 px nor at 320 px."""
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"], page.url
    page.set_viewport_size(PHONE)
    expect_no_horizontal_scrolling(page)
    page.set_viewport_size(PHONE_390)


def _submit(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_page_of_the_survey_in_each_language_by_keyboard_alone_on_a_phone(page, live_server, language):
    instrument = make_instrument(items=6)
    instrument.items.filter(number=1).update(text_en=MARKUP, text_es=MARKUP)
    instrument.items.filter(number=2).update(text_en=LONG_WORD, text_es=LONG_WORD)
    cycle = CycleFactory(instrument=instrument)
    invitation = InvitationFactory(cycle=cycle, district=DistrictFactory(), language=language)
    page.set_viewport_size(PHONE_390)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(reverse("surveys:survey", args=[invitation.code]))
    _on_the_phone(page, language)
    page.locator("main a.btn").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Page 1: the markup is shown as text; answers chosen with the arrow keys and Tab, sent with Enter.
    _on_the_phone(page, language)
    expect(page.locator("legend").first).to_have_text(f"1. {MARKUP}")
    page.locator('input[name="q1"]').first.focus()
    page.keyboard.press("ArrowDown")  # the second answer
    page.keyboard.press("ArrowDown")  # the third
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # question 2: the first answer
    for _ in range(3):
        page.keyboard.press("Tab")  # questions 3 to 5 left alone: skipped
    page.keyboard.press("Tab")
    expect(page.locator('button[value="next"]')).to_be_focused()
    _submit(page)

    # Page 2, the last: one answer, then the review.
    _on_the_phone(page, language)
    page.locator('input[name="q6"][value="6"]').focus()
    page.keyboard.press("Space")
    page.locator('button[value="next"]').focus()
    _submit(page)

    _on_the_phone(page, language)
    answers = page.locator("dd strong")
    labels = cycle.instrument.scale_labels(language)
    expect(answers.nth(0)).to_have_text(labels[3])
    expect(answers.nth(1)).to_have_text(labels[1])
    expect(answers.nth(5)).to_have_text(labels[6])
    expect(page.locator("dt").first).to_have_text(f"1. {MARKUP}")

    # "Change" for question 2 opens its page with the answer kept, and leads back to the review.
    page.locator('a[href$="?review=1#q2"]').focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _on_the_phone(page, language)
    expect(page.locator('input[name="q2"][value="1"]')).to_be_checked()
    expect(page.locator('input[name="q1"][value="3"]')).to_be_checked()
    page.locator('input[name="q2"][value="1"]').focus()
    page.keyboard.press("ArrowDown")
    page.locator('button[value="next"]').focus()
    _submit(page)
    expect(answers.nth(1)).to_have_text(labels[2])

    page.locator("main form button").focus()
    _submit(page)
    _on_the_phone(page, language)
    response = Response.objects.get()
    assert response.answers == [3, 2, None, None, None, 6]
    assert response.language == language

    # The back button: already answered, and no answer shown.
    page.go_back()
    page.reload()
    _on_the_phone(page, language)
    expect(page.locator("main")).not_to_contain_text(labels[6])
    assert dialogs == []  # nothing in the item text ran as script


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_closed_the_not_yet_open_and_the_unknown_pages_in_each_language_on_a_phone(page, live_server, language):
    closed = InvitationFactory(
        cycle=CycleFactory(opens_on="2026-09-01", closes_on="2026-10-01"), district=DistrictFactory(), language=language
    )
    later = InvitationFactory(cycle=CycleFactory(opens_on="2026-11-02"), district=DistrictFactory(), language=language)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.set_viewport_size(PHONE_390)

    for url in [
        reverse("surveys:survey", args=[closed.code]),
        reverse("surveys:survey", args=[later.code]),
        reverse("surveys:survey", args=["A" * 43]),
        reverse("surveys:survey-code"),
    ]:
        page.goto(url)
        _on_the_phone(page, language)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
