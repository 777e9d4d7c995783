"""Site-wide pages: home, health check, robots.txt and the error pages."""

import logging

from django.db import DatabaseError, connection
from django.db.models import Count
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from catalog.caching import cached_page
from catalog.models import CreditPathway, Field, Program, University

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
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Health check: database unreachable: %s", error)
        return JsonResponse({"status": "error", "error": "database unreachable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_GET
def favicon(request):
    # Browsers ask for /favicon.ico whatever the page says (the admin's pages say nothing).
    return redirect(static("img/favicon.svg"), permanent=True)


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /advisor/result/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
