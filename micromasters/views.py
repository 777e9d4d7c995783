"""Site-wide pages: home, health check, robots.txt and the error pages."""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Count
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from catalog.caching import cached_page
from catalog.models import CreditPathway, Field, Program, University
from micromasters.site import site_origin

logger = logging.getLogger(__name__)


@cached_page
def home(request):
    context = {
        "fields": Field.objects.annotate(program_count=Count("programs")).filter(program_count__gt=0),
        "counts": {
            "programs": Program.objects.count(),
            "universities": University.objects.offering_programs().count(),
            "pathways": CreditPathway.objects.count(),
        },
    }
    return render(request, "home.html", context)


@never_cache
@require_safe  # load balancers probe with HEAD
def healthz(request):
    """The database is required (503 without it); the cache is only reported, since pages render without it."""
    database = _database_state()
    cache_state = _cache_state()
    if database != "ok":
        status, http_status = "error", 503
    else:
        status, http_status = ("ok" if cache_state == "ok" else "degraded"), 200
    return JsonResponse({"status": status, "database": database, "cache": cache_state}, status=http_status)


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Health check: database unreachable: %s", error)
        return "unavailable"
    return "ok"


def _cache_state() -> str:
    try:
        cache.get("healthz")
    except Exception as error:
        logger.warning("Health check: cache unreachable: %s: %s", type(error).__name__, error)
        return "unavailable"
    return "ok"


@require_GET
def favicon(request):
    # Browsers ask for /favicon.ico whatever the page says (the admin's pages say nothing).
    return redirect(static("img/favicon.svg"), permanent=True)


@require_safe  # crawlers and monitors may ask with HEAD
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /advisor/result/",
        f"Sitemap: {site_origin(request)}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
