"""The perceptions pages: the public form at a district's link, coordinators' links and report, a district
leader's report and poster, and the district's page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from pep.gunicorn_logging import redact
from pep.models import District
from pep.tests.factories import DistrictFactory
from surveys.models import RespondentRole, Response
from surveys.tests.factories import CycleFactory
from surveys.tests.perceptions_factories import answer_at, demo_instrument, link_for, perceptions_cycle

FAMILY, STAFF = RespondentRole.FAMILY, RespondentRole.STAFF


def form_url(link) -> str:
    return reverse("surveys:perceptions-answer", args=[link.token])


def posted(role: str | None = "staff", answers=(4, 5, None, 6), **extra) -> dict:
    data = {"website": "", **extra}
    if role is not None:
        data["respondent_role"] = role
    data.update({f"q{number}": value for number, value in enumerate(answers, start=1) if value is not None})
    return data


@pytest.fixture
def link(people):
    return link_for(perceptions_cycle(), people.district_a)


# --- the public form ----------------------------------------------------------------------------


def test_the_form_asks_who_is_answering_and_every_statement_with_six_labelled_choices(client, db):
    link = link_for(perceptions_cycle(instrument=demo_instrument()), DistrictFactory(name="Cedar District"))
    response = client.get(form_url(link))
    body = response.text
    assert response.status_code == 200
    assert "Cedar District" in body
    assert body.count("<fieldset") == 19  # who is answering, then 18 statements
    assert body.count('type="radio" name="respondent_role"') == 2
    assert body.count('type="radio" name="q18"') == 6
    assert '<label class="form-check-label" for="id_q18_5">Very strongly agree</label>' in body
    assert "Families know what their children are learning in class this year." in body
    assert response["Referrer-Policy"] == "strict-origin"


def test_the_form_speaks_spanish_when_the_reader_does(client, db):
    link = link_for(perceptions_cycle(instrument=demo_instrument()), DistrictFactory())
    client.cookies["django_language"] = "es"
    body = client.get(form_url(link)).text
    assert '<html lang="es">' in body
    assert "Las familias saben lo que sus hijos están aprendiendo en clase este año." in body
    assert "Totalmente de acuerdo" in body
    client.post(form_url(link), posted(answers=[4] * 18))
    assert Response.objects.get().language == "es"


def test_a_staff_member_answers_skipping_a_statement_and_is_thanked(client, link):
    response = client.post(form_url(link), posted("staff", (4, 5, None, 6)))
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:perceptions-thanks", args=[link.token])
    stored = Response.objects.get()
    assert (stored.respondent_role, stored.district_id, stored.answers) == (STAFF, link.district_id, [4, 5, None, 6])
    assert (stored.channel, stored.language, stored.scored) == ("web", "en", True)
    thanks = client.get(response["Location"])
    assert "Your answers were saved." in thanks.text


def test_without_saying_who_is_answering_nothing_is_saved_and_the_answers_stay_chosen(client, link):
    response = client.post(form_url(link), posted(None, (4, 5, None, 6)))
    assert response.status_code == 200
    assert not Response.objects.exists()
    body = response.text
    assert "Please check your answers: nothing was saved yet" in body
    assert 'href="#id_respondent_role_0"' in body
    assert "Choose whether you are a family member or school or district staff." in body
    assert re.search(r'name="q2" id="id_q2_4" value="5"\s+checked', body)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (posted("parent"), "Choose whether you are a family member or school or district staff."),
        (posted("staff", (9, 4, 4, 4)), "Statement 1: Choose one of the six answers, or leave the statement blank."),
        (posted("staff", ("four", 4, 4, 4)), "Statement 1: Choose one of the six answers"),
        (posted("staff", (4, 4, 4, "0x4")), "Statement 4: Choose one of the six answers"),
    ],
)
def test_junk_is_refused_with_what_to_fix_and_nothing_is_saved(client, link, data, problem):
    response = client.post(form_url(link), data)
    assert response.status_code == 200
    assert problem in response.text
    assert not Response.objects.exists()


def test_a_form_filled_by_a_program_is_thanked_and_not_kept(client, link):
    response = client.post(form_url(link), posted(website="https://spam.example"))
    assert response.status_code == 302
    assert not Response.objects.exists()


def test_answers_past_the_hourly_limit_are_refused(client, link, settings):
    settings.PUBLIC_POSTS_PER_HOUR_PER_ADDRESS = 2
    for _ in range(2):
        assert client.post(form_url(link), posted()).status_code == 302
    assert client.post(form_url(link), posted()).status_code == 429
    assert Response.objects.count() == 2


def test_one_person_can_answer_twice_at_a_shared_link(client, link):
    """A shared link cannot tell people apart, and the page does not pretend it can."""
    client.post(form_url(link), posted())
    client.post(form_url(link), posted())
    assert Response.objects.count() == 2


@pytest.mark.parametrize(
    ("opens_on", "closes_on", "says"),
    [
        (datetime.date(2026, 9, 1), datetime.date(2026, 10, 14), "This survey closed on {date}."),
        (datetime.date(2026, 10, 20), datetime.date(2026, 11, 30), "This survey opens on {date}."),
    ],
)
def test_a_cycle_that_is_not_open_says_when_and_takes_nothing(client, people, opens_on, closes_on, says):
    link = link_for(perceptions_cycle(opens_on=opens_on, closes_on=closes_on), people.district_a)
    day = closes_on if "closed" in says else opens_on
    message = says.format(date=date_format(day, "DATE_FORMAT"))
    page = client.get(form_url(link))
    assert message in page.text
    assert "respondent_role" not in page.text
    answered = client.post(form_url(link), posted())
    assert message in answered.text
    assert not Response.objects.exists()


@pytest.mark.parametrize("token", ["no-such-token", "x" * 65, "%00"])
def test_an_unknown_link_is_a_plain_not_found(client, link, token):
    response = client.get(f"/surveys/p/{token}/")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert link.district.name not in response.text
    assert client.post(f"/surveys/p/{token}/", posted()).status_code == 404
    assert client.get(f"/surveys/p/{token}/thanks/").status_code == 404


def test_a_statement_with_markup_is_shown_as_text(client, db):
    cycle = perceptions_cycle()
    cycle.instrument.items.filter(number=1).update(text_en="Families <b>matter</b> here.")
    link = link_for(cycle, DistrictFactory())
    body = client.get(form_url(link)).text
    assert "Families &lt;b&gt;matter&lt;/b&gt; here." in body


def test_the_form_runs_the_same_queries_for_4_or_18_statements(client, db, django_assert_num_queries):
    small = link_for(perceptions_cycle(), DistrictFactory())
    large = link_for(perceptions_cycle(instrument=demo_instrument()), DistrictFactory())
    with django_assert_num_queries(2):  # the link with its cycle and instrument, its items
        client.get(form_url(small))
    with django_assert_num_queries(2):
        client.get(form_url(large))


# --- coordinators: links, the report, the cycle's page ---------------------------------------------


def test_a_coordinator_adds_a_district_by_typing_it(client, people, link):
    cycle = link.cycle
    client.force_login(people.coordinator)
    url = reverse("surveys:perceptions-links", args=[cycle.slug])
    response = client.post(url, {"district": "Birch District (B-2)"}, follow=True)
    assert "Birch District has its link." in response.text
    assert cycle.links.filter(district=people.district_b).exists()
    assert 'name="district"' in response.text and "<select" not in response.text


def test_a_district_typed_that_names_none_or_several_is_refused(client, people, link):
    client.force_login(people.coordinator)
    url = reverse("surveys:perceptions-links", args=[link.cycle.slug])
    for typed in ("Nowhere", "District"):
        response = client.post(url, {"district": typed})
        assert "No single district matches" in response.text
    assert client.post(url, {"district": ""}).status_code == 200
    assert link.cycle.links.count() == 1


def test_add_every_district_makes_the_missing_links(client, people, link):
    DistrictFactory.create_batch(3)
    client.force_login(people.coordinator)
    response = client.post(reverse("surveys:perceptions-links-all", args=[link.cycle.slug]), follow=True)
    assert "4 districts got their links." in response.text
    assert link.cycle.links.count() == District.objects.count() == 5


def test_links_pages_refuse_an_indicator8_cycle(client, people):
    cycle = CycleFactory()
    client.force_login(people.coordinator)
    assert client.get(reverse("surveys:perceptions-links", args=[cycle.slug])).status_code == 404
    assert client.get(reverse("surveys:perceptions-report", args=[cycle.slug])).status_code == 404


def test_the_cycle_page_shows_links_counts_and_the_report(client, people, link):
    answer_at(link, FAMILY, [4, 4, 4, 4])
    answer_at(link, STAFF, [4, None, None, None])
    client.force_login(people.coordinator)
    body = client.get(link.cycle.get_absolute_url()).text
    assert "Shared links and answers" in body
    assert reverse("surveys:perceptions-report", args=[link.cycle.slug]) in body
    assert re.search(r"Districts with a link</dt><dd[^>]*>1 of 2<", body)
    assert re.search(r"Answers complete enough to count</dt><dd[^>]*>1<", body)


def test_the_cycle_page_of_an_indicator8_cycle_has_no_links_section(client, people):
    client.force_login(people.coordinator)
    assert "Shared links and answers" not in client.get(CycleFactory().get_absolute_url()).text


def test_coordinators_see_every_figure_with_small_ones_starred(client, people, link):
    answer_at(link, FAMILY, [2, 5, 4, None])
    client.force_login(people.coordinator)
    body = client.get(reverse("surveys:perceptions-report", args=[link.cycle.slug])).text
    assert "Alder District" in body
    # communicating: 2 and 4; volunteering: 5; one person, under the minimum of 10
    assert '<span class="fw-semibold">3.0</span>' in body
    assert '<span class="fw-semibold">5.0</span>' in body
    assert "fewer than 10 people: hidden from districts" in body


# --- district leaders -------------------------------------------------------------------------------


def _district_report(link) -> str:
    return reverse("surveys:perceptions-district-report", args=[link.cycle.slug, link.district_id])


def test_a_district_leader_sees_their_district_with_small_cells_hidden(client, people, link):
    link.cycle.min_cell = 2
    link.cycle.save()
    answer_at(link, FAMILY, [2, 5, 4, None])
    answer_at(link, FAMILY, [6, 5, 6, 4])
    answer_at(link, STAFF, [3, 3, 3, 3])
    client.force_login(people.leader_a)
    body = client.get(_district_report(link)).text
    # families, communicating: 2, 4, 6, 6 → 4.5; volunteering: 5, 5, 4 → 4.7
    assert '<span class="fw-semibold">4.5</span>' in body
    assert '<span class="fw-semibold">4.7</span>' in body
    assert "Fewer than 2 people" in body  # the one staff member
    assert '<span class="fw-semibold">3.0</span>' not in body
    assert link.token in body and "<svg" in body


def test_a_district_leader_cannot_open_another_districts_report(client, people, link):
    other = link_for(link.cycle, people.district_b)
    client.force_login(people.leader_a)
    assert client.get(_district_report(other)).status_code == 404
    poster = reverse("surveys:perceptions-poster", args=[other.cycle.slug, other.district_id])
    assert client.get(poster).status_code == 404


def test_a_district_in_no_link_of_the_cycle_has_no_report(client, people, link):
    client.force_login(people.coordinator)
    url = reverse("surveys:perceptions-district-report", args=[link.cycle.slug, people.district_b.pk])
    assert client.get(url).status_code == 404


def test_the_poster_carries_the_link_and_its_qr_code_in_both_languages(client, people, link, settings):
    client.force_login(people.leader_a)
    body = client.get(reverse("surveys:perceptions-poster", args=[link.cycle.slug, link.district_id])).text
    assert f"{settings.SITE_URL}/surveys/p/{link.token}/" in body
    assert '<section lang="en"' in body and '<section lang="es"' in body
    assert '<svg role="img"' in body


# --- the district's page -------------------------------------------------------------------------------


def test_the_district_page_shows_the_link_with_its_qr_code_and_the_latest_profile(client, people, link):
    answer_at(link, FAMILY, [4, 4, 4, 4])
    client.force_login(people.leader_a)
    body = client.get(reverse("district-detail", args=[people.district_a.pk])).text
    assert "Family-engagement perceptions survey" in body
    assert f"/surveys/p/{link.token}/" in body
    assert '<svg role="img" viewBox=' in body
    assert "not enough answers yet" in body  # 1 family member, fewer than 10


def test_the_district_page_of_a_district_without_a_link_has_no_survey_section(client, people, link):
    client.force_login(people.leader_b)
    body = client.get(reverse("district-detail", args=[people.district_b.pk])).text
    assert "Family-engagement perceptions survey" not in body


def test_a_closed_cycles_link_leaves_the_page_and_its_profile_stays(client, people):
    cycle = perceptions_cycle(opens_on=datetime.date(2026, 9, 1), closes_on=datetime.date(2026, 9, 30), min_cell=1)
    link = link_for(cycle, people.district_a)
    Response.objects.bulk_create(
        [
            Response(
                cycle=cycle,
                district=people.district_a,
                channel="web",
                language="en",
                respondent_role=STAFF,
                answers=[5, 5, 5, 5],
                answered=4,
                scored=True,
                score=5,
                counts_yes=True,
            )
        ]
    )
    client.force_login(people.leader_a)
    body = client.get(reverse("district-detail", args=[people.district_a.pk])).text
    assert link.token not in body
    assert '<span class="fw-semibold">5.0</span>' in body


def test_the_links_token_is_hidden_in_the_logs(link):
    line = f"GET /surveys/p/{link.token}/thanks/ HTTP/1.1"
    assert redact(line) == "GET /surveys/p/[hidden]/thanks/ HTTP/1.1"
