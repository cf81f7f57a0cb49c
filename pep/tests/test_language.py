"""English and Spanish: the browser's language first, then the visitor's own choice, kept."""

from django.urls import reverse


def test_a_first_visit_follows_the_browsers_language(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9,en;q=0.5")

    assert '<html lang="es">' in response.text
    assert "Iniciar sesión" in response.text


def test_an_english_browser_gets_english(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US")

    assert '<html lang="en">' in response.text


def test_the_switch_keeps_the_choice_over_the_browsers_language(client, db):
    client.post(reverse("set_language"), {"language": "es", "next": reverse("home")})

    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US")

    assert '<html lang="es">' in response.text
    assert client.cookies["django_language"]["max-age"] == 365 * 24 * 60 * 60


def test_the_switch_returns_to_the_page_it_was_used_on(client, people):
    client.force_login(people.leader_a)
    page = reverse("district-detail", args=[people.district_a.pk])

    response = client.post(reverse("set_language"), {"language": "es", "next": page})

    assert response["Location"] == page


def test_the_switch_does_not_send_visitors_to_other_sites(client, db):
    response = client.post(reverse("set_language"), {"language": "es", "next": "https://evil.example/"})

    assert "evil.example" not in response["Location"]


def test_every_page_states_its_language_and_has_a_skip_link_and_main_landmark(client, people):
    client.force_login(people.leader_a)

    for url in [reverse("home"), reverse("district-detail", args=[people.district_a.pk]), reverse("password_change")]:
        text = client.get(url).text
        assert '<html lang="en">' in text
        assert 'href="#main"' in text and '<main id="main"' in text
