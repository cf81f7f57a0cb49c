"""The site in a real browser: a district leader's visit, accessibility, phone width, keyboard."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from pep.tests.browser import expect_no_axe_violations, expect_no_horizontal_scrolling, log_in, on_a_phone

pytestmark = pytest.mark.browser


def switch_language(page, button_name):
    page.get_by_role("button", name=button_name, exact=True).click()


@pytest.fixture
def phone_page(page):
    return on_a_phone(page)


# A district leader's visit


def test_district_leader_sees_only_their_district_switches_to_spanish_and_logs_out(page, people, password):
    district_a_url = reverse("district-detail", args=[people.district_a.pk])
    district_b_url = reverse("district-detail", args=[people.district_b.pk])

    log_in(page, "leader_a", password)
    main = page.locator("main")
    expect(main).to_contain_text("Alder District")
    expect(main).to_contain_text("Alder Elementary")
    expect(page.locator("body")).not_to_contain_text("Birch District")
    expect(page.locator("body")).not_to_contain_text("Birch Middle")

    page.get_by_role("link", name="My district").click()
    expect(page).to_have_url(re.compile(re.escape(district_a_url) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Alder District")
    expect(page.get_by_role("link", name="My district")).to_have_attribute("aria-current", "page")

    response = page.goto(district_b_url)
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator("body")).not_to_contain_text("Birch")

    page.goto(district_a_url)
    switch_language(page, "Español")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page).to_have_url(re.compile(re.escape(district_a_url) + "$"))
    expect(page.get_by_role("link", name="Mi distrito")).to_be_attached()
    expect(page.get_by_role("button", name="Español", exact=True)).to_have_attribute("aria-pressed", "true")

    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("link", name="Inicio", exact=True)).to_be_attached()

    page.get_by_role("button", name=re.compile(r"Lena")).click()
    expect(page.get_by_role("banner").get_by_role("link", name="Iniciar sesión")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"Lena"))).to_have_count(0)
    page.goto(district_a_url)
    expect(page).to_have_url(re.compile(re.escape(reverse("login")) + r"\?next="))


# Accessibility (axe-core)


def test_login_page_has_no_axe_violations(page):
    page.goto(reverse("login"))
    expect_no_axe_violations(page)


def test_welcome_page_has_no_axe_violations(page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect_no_axe_violations(page)


def test_district_leader_home_has_no_axe_violations(page, people, password):
    log_in(page, "leader_a", password)
    expect_no_axe_violations(page)


def test_coordinator_home_has_no_axe_violations(page, people, password):
    log_in(page, "coordinator", password)
    expect(page.get_by_role("heading", name="All districts")).to_be_visible()
    expect_no_axe_violations(page)


def test_spanish_login_page_has_no_axe_violations(page):
    page.goto(reverse("login"))
    switch_language(page, "Español")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect_no_axe_violations(page)


# Phone width (320 px)


def test_login_page_fits_a_phone(phone_page):
    phone_page.goto(reverse("login"))
    expect_no_horizontal_scrolling(phone_page)


def test_welcome_page_fits_a_phone(phone_page):
    phone_page.goto("/")
    expect_no_horizontal_scrolling(phone_page)


def test_district_leader_home_fits_a_phone(phone_page, people, password):
    log_in(phone_page, "leader_a", password)
    expect(phone_page.get_by_role("table")).to_be_visible()
    expect_no_horizontal_scrolling(phone_page)


def test_menu_button_opens_the_menu_on_a_phone(phone_page, people, password):
    log_in(phone_page, "leader_a", password)
    my_district = phone_page.get_by_role("link", name="My district")
    expect(my_district).to_be_hidden()
    phone_page.get_by_role("button", name="Menu").click()
    expect(my_district).to_be_visible()


# Keyboard


def expect_first_tab_reaches_the_skip_link_which_moves_focus_to_main(page):
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_first_tab_on_the_login_page_focuses_the_skip_link_which_moves_focus_to_main(page):
    page.goto(reverse("login"))
    expect_first_tab_reaches_the_skip_link_which_moves_focus_to_main(page)


def test_first_tab_on_the_welcome_page_focuses_the_skip_link_which_moves_focus_to_main(page):
    page.goto("/")
    expect_first_tab_reaches_the_skip_link_which_moves_focus_to_main(page)


# A coordinator loads the state directory


def test_coordinator_uploads_a_directory_fixes_the_bad_rows_and_imports_it(page, people, password, tmp_path):
    header = "district_code,district_name,region,school_code,school_name,grade_band\n"
    bad = tmp_path / "directory.csv"
    bad.write_text(header + "0101,Prairie Valley CUSD 7,Central,0101-01,Lincoln Elementary,K-13\n,Nameless,,,,\n")
    good = tmp_path / "directory-fixed.csv"
    good.write_text(header + "0101,Prairie Valley CUSD 7,Central,0101-01,Lincoln Elementary,K-5\n")

    log_in(page, "coordinator", password)
    page.get_by_role("link", name="Import directory").click()
    page.get_by_label("State directory file (CSV)").set_input_files(bad)
    page.get_by_role("button", name="Upload").click()

    expect(page.get_by_role("heading", name="2 problems found; nothing was saved")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="K-13")).to_contain_text("2")
    expect_no_axe_violations(page)

    page.get_by_label("State directory file (CSV)").set_input_files(good)
    page.get_by_role("button", name="Upload").click()

    expect(page.get_by_role("heading", name="Directory imported")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Schools: 1 new, 0 changed, 0 unchanged")
    page.get_by_role("link", name="Home", exact=True).click()
    expect(page.get_by_role("link", name="Prairie Valley CUSD 7")).to_be_visible()
