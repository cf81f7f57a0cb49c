"""PDFs from the same HTML templates the browser shows: data → template → tagged PDF."""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML, URLFetcher

STATIC_PREFIX = "/static/"


class StaticFilesOnly(URLFetcher):
    """Give WeasyPrint the site's own static files, and nothing from any network."""

    def fetch(self, url, headers=None):
        path = url.split(STATIC_PREFIX, 1)[1].split("?")[0] if STATIC_PREFIX in url else ""
        found = finders.find(path) if path else None
        if not found:
            raise ValueError(f"a PDF may use only the site's static files, not {url}")
        return super().fetch(Path(found).as_uri(), headers)


def render_pdf(request, template_name: str, context: dict) -> bytes:
    """A tagged PDF (PDF/UA-1), so screen readers can read it."""
    html = render_to_string(template_name, context, request=request)
    document = HTML(string=html, base_url=request.build_absolute_uri("/"), url_fetcher=StaticFilesOnly())
    return document.write_pdf(pdf_variant="pdf/ua-1")


def pdf_response(request, template_name: str, context: dict, filename: str) -> HttpResponse:
    response = HttpResponse(render_pdf(request, template_name, context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
