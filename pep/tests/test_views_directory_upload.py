"""Coordinators upload the state directory from a page and get the same report as the command."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pep.forms import DIRECTORY_FILE_MAX_BYTES
from pep.models import School
from pep.tests.test_directory_import import GOOD, HEADER

URL = reverse("directory-import")


def _upload(client, text: str, name="directory.csv", **fields):
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(URL, {"file": file, **fields})


def test_the_page_offers_the_upload_form(client, people):
    client.force_login(people.coordinator)

    response = client.get(URL)

    assert response.status_code == 200
    assert 'type="file"' in response.text


def test_a_good_file_is_imported_and_counted(client, people):
    client.force_login(people.coordinator)

    response = _upload(client, GOOD)

    assert "Directory imported" in response.text
    assert "Schools: 3 new, 0 changed, 0 unchanged" in response.text
    assert School.objects.filter(code="0101-01").exists()


def test_a_bad_file_lists_every_bad_line_and_saves_nothing(client, people):
    client.force_login(people.coordinator)
    before = School.objects.count()

    response = _upload(client, HEADER + ",x,,,,\n0202,Riverbend,North,0202-01,High,9-13\n")

    assert "2 problems found; nothing was saved" in response.text
    assert "<td>2</td>" in response.text and "<td>3</td>" in response.text
    assert School.objects.count() == before


def test_only_checking_the_file_saves_nothing(client, people):
    client.force_login(people.coordinator)

    response = _upload(client, GOOD, dry_run="on")

    assert "The file is correct; nothing was saved" in response.text
    assert not School.objects.filter(code="0101-01").exists()


def test_the_form_says_what_is_wrong_with_a_missing_or_wrong_file(client, people):
    client.force_login(people.coordinator)

    missing = client.post(URL, {})
    wrong_type = _upload(client, GOOD, name="directory.xlsx")

    assert "This field is required." in missing.text
    assert "File extension “xlsx” is not allowed." in wrong_type.text


def test_a_file_over_the_size_limit_is_refused(client, people):
    client.force_login(people.coordinator)

    response = _upload(client, HEADER + "x" * DIRECTORY_FILE_MAX_BYTES)

    assert "larger than 5 MB" in response.text


def test_a_file_with_very_many_bad_rows_lists_the_first_200_and_counts_the_rest(client, people):
    client.force_login(people.coordinator)

    response = _upload(client, HEADER + ",no code,,,,\n" * 250)

    assert "250 problems found" in response.text
    assert response.text.count("<td>The district_code column is empty.</td>") == 200
    assert "and 50 more" in response.text
