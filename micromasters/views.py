"""Site-wide pages: home, health check, robots.txt and the error pages."""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Count, Max, Min
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from catalog.caching import cached_page, per_version
from catalog.models import CreditPathway, Degree, Field, Program, Status, University
from micromasters.site import site_origin

logger = logging.getLogger(__name__)


HIGHLIGHTED = 3  # programs in each of the home page's short lists


@cached_page
def home(request):
    return render(request, "home.html", per_version("home page", _catalog_summary))


def _catalog_summary() -> dict:
    """What the home page says of the catalog: a function of the catalog alone, so each process
    works it out once per catalog version."""
    programs, pathways, degrees = (_counted_and_dated(model) for model in (Program, CreditPathway, Degree))
    # Programs with a total of every fee (summed from their courses or published), not retired: an
    # income-based range or an estimate is no total to rank by.
    priced = Program.objects.for_listing().exclude(status=Status.RETIRED).filter(total_price__isnull=False)
    counts = {
        "programs": programs["count"],
        "universities": University.objects.with_programs().count(),
        "pathways": pathways["count"],
    }
    return {
        "fields": [_with_url(field) for field in Field.objects.with_program_count()],
        "counts": counts,
        "cheapest": list(priced.order_by("total_price", "title", "pk")[:HIGHLIGHTED]),
        "shortest": list(
            priced.filter(calendar_months_max__isnull=False).order_by(
                "calendar_months_max", "total_price", "title", "pk"
            )[:HIGHLIGHTED]
        ),
        "freshness": _span(programs, pathways, degrees),
    }


def _with_url(record):
    """The record with its page's address worked out now, kept with it: not one reverse() per view."""
    record.url = record.get_absolute_url()
    return record


def _counted_and_dated(model) -> dict:
    """How many records of `model` there are, their oldest and newest check, their figures' years."""
    return model.objects.aggregate(
        count=Count("pk"), checked_from=Min("verified_on"), checked_to=Max("verified_on"),
        facts_from=Min("facts_year"), facts_to=Max("facts_year"),
    )  # fmt: skip


def _span(*aggregates):
    """The oldest and newest check date and figure year over the catalog's records (None where none)."""

    def extreme(pick, key):
        values = [row[key] for row in aggregates if row[key] is not None]
        return pick(values) if values else None

    return {
        "checked_from": extreme(min, "checked_from"),
        "checked_to": extreme(max, "checked_to"),
        "facts_from": extreme(min, "facts_from"),
        "facts_to": extreme(max, "facts_to"),
    }


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
