"""Core pages: home per role, district and school pages, directory upload, health check."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.i18n import set_language as switch_language

from . import selectors
from .access import ANY_ROLE, districts_visible_to, is_coordinator, public, require_role
from .filters import DistrictFilter, search_districts
from .forms import DirectoryImportForm
from .lists import in_stable_order, page_of
from .models import Role
from .plugins import family_pages, home_panels
from .services import directory_import, profile_set_language


@public
def home(request):
    """The welcome page for visitors; for people signed in, their own corner of the program."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "pep/welcome.html", {"family_pages": family_pages()})
    context = {
        "led_districts": selectors.home_districts(user),
        "member_schools": selectors.home_schools(user),
        "app_panels": home_panels(request),
    }
    if is_coordinator(user):
        district_filter = DistrictFilter(request.GET, queryset=selectors.districts_with_counts(user))
        page = page_of(request, in_stable_order(district_filter.qs, ["name"], tie_break="code"))
        context.update(district_filter=district_filter, district_page=page)
    return render(request, "pep/home.html", context)


@require_role(*ANY_ROLE)
def district_detail(request, pk: int):
    district = selectors.district_detail(request.user, pk)
    return render(request, "pep/district_detail.html", {"district": district})


@require_role(*ANY_ROLE)
def school_detail(request, pk: int):
    school = selectors.school_detail(request.user, pk)
    return render(request, "pep/school_detail.html", {"school": school})


SUGGESTIONS = 10


def suggested_districts(request, districts) -> JsonResponse:
    """The type-ahead's answer: the first of `districts` whose name or code contains what was typed (`q`),
    each as "Name (CODE)", which the district fields find again by its code."""
    typed = request.GET.get("q", "").strip()[:200]
    found = search_districts(districts, typed).order_by("name", "code")[:SUGGESTIONS] if typed else []
    names = [f"{district.name} ({district.code})" for district in found]
    return JsonResponse({"results": [{"label": name, "value": name} for name in names]})


@require_role(*ANY_ROLE)
def district_suggestions(request):
    """Districts this person may see whose name or code contains what they typed, for type-ahead fields."""
    return suggested_districts(request, districts_visible_to(request.user))


@require_role(Role.COORDINATOR)
def directory_import_upload(request):
    """Coordinators upload the state directory; the same checks and report as the command."""
    result = None
    form = DirectoryImportForm(request.POST, request.FILES) if request.method == "POST" else DirectoryImportForm()
    if form.is_bound and form.is_valid():
        result = directory_import(
            data=form.cleaned_data["file"].read(),
            actor=request.user,
            dry_run=form.cleaned_data["dry_run"],
        )
    return render(request, "pep/directory_import.html", {"form": form, "result": result})


@public
def set_language(request):
    """The English/Español switch: kept in a cookie, and for people signed in, for their messages too."""
    response = switch_language(request)
    language = request.POST.get("language")
    if request.method == "POST" and request.user.is_authenticated and language in dict(settings.LANGUAGES):
        profile_set_language(user=request.user, language=language)
    return response


@public
@never_cache
def healthz(request):
    """200 `ok` when the database answers, 503 otherwise; for load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
