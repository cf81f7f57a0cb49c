"""PDFs from the same HTML templates the browser shows: data → template → tagged PDF.

The page is rendered here; WeasyPrint turns it into a PDF in a separate process with a deadline
(PDF_SECONDS), so a very long document can never hold a web worker past its timeout: past the
deadline the process is stopped and the person is pointed to the print view instead.
"""

import multiprocessing
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from weasyprint import HTML, URLFetcher

STATIC_PREFIX = "/static/"
STATIC_REFERENCE = re.compile(r"/static/([^\"'?#)\s]+)")
# The server process forks each PDF's process with WeasyPrint already loaded.
PROCESSES = multiprocessing.get_context("forkserver")
PROCESSES.set_forkserver_preload(["weasyprint"])


class TooLongForPdf(Exception):
    """The PDF was not finished within PDF_SECONDS."""


class StaticFilesOnly(URLFetcher):
    """Give WeasyPrint the site's own static files, and nothing from any network."""

    def __init__(self, files: dict[str, str]):
        super().__init__()
        self.files = files

    def fetch(self, url, headers=None):
        path = url.split(STATIC_PREFIX, 1)[1].split("?")[0] if STATIC_PREFIX in url else ""
        if path not in self.files:
            raise ValueError(f"a PDF may use only the site's static files, not {url}")
        return super().fetch(Path(self.files[path]).as_uri(), headers)


def _static_files(html: str) -> dict[str, str]:
    """The site's static files the page refers to (and those its stylesheets refer to), by path."""
    files: dict[str, str] = {}
    pending = STATIC_REFERENCE.findall(html)
    while pending:
        path = pending.pop()
        found = finders.find(path) if path not in files else None
        if found:
            files[path] = found
            if path.endswith(".css"):
                pending += STATIC_REFERENCE.findall(Path(found).read_text(encoding="utf-8"))
    return files


def _write_pdf(html: str, base_url: str, files: dict[str, str], sender) -> None:
    """In the PDF's own process: a tagged PDF (PDF/UA-1), so screen readers can read it."""
    try:
        document = HTML(string=html, base_url=base_url, url_fetcher=StaticFilesOnly(files))
        sender.send((True, document.write_pdf(pdf_variant="pdf/ua-1")))
    except Exception as error:  # reported to the request, which raises it
        sender.send((False, repr(error)))
    finally:
        sender.close()


def render_pdf(request, template_name: str, context: dict) -> bytes:
    """The PDF of the template, or TooLongForPdf once PDF_SECONDS have passed."""
    html = render_to_string(template_name, context, request=request)
    receiver, sender = PROCESSES.Pipe(duplex=False)
    process = PROCESSES.Process(
        target=_write_pdf, args=(html, request.build_absolute_uri("/"), _static_files(html), sender), daemon=True
    )
    process.start()
    sender.close()
    try:
        if not receiver.poll(settings.PDF_SECONDS):
            raise TooLongForPdf
        done, result = receiver.recv()
    except EOFError:  # the process ended without a word
        done, result = False, f"exit code {process.exitcode}"
    finally:
        process.kill()
        process.join()
        receiver.close()
    if not done:
        raise RuntimeError(f"the PDF could not be written: {result}")
    return result


def pdf_response(request, template_name: str, context: dict, filename: str, print_view: str) -> HttpResponse:
    """The PDF as a download; a document too long to finish in time sends the person to `print_view`."""
    try:
        pdf = render_pdf(request, template_name, context)
    except TooLongForPdf:
        return render(request, "pdf_too_long.html", {"print_view": print_view}, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def html_to_pdf(html: str, base_url: str = "") -> bytes:
    """A tagged PDF (PDF/UA-1) of a rendered page, in this process and without a deadline: for background
    tasks, which have no request (links resolve against SITE_URL) and no web worker to hold up."""
    document = HTML(
        string=html, base_url=base_url or f"{settings.SITE_URL}/", url_fetcher=StaticFilesOnly(_static_files(html))
    )
    return document.write_pdf(pdf_variant="pdf/ua-1")
