"""Whole rendered pages, cached per catalog version.

Every public page is a function of the catalog and the URL, so a rendered page can be reused
until the catalog changes. Any write to a catalog table replaces one version token stored in the
database (signals in apps.py; bulk loaders call `bump_catalog_version()` themselves), and the
version is part of every cache key: a change shows on every page at once, in every worker
process, whatever the cache backend (local memory per process, or Redis shared by all).
Reading the version costs one indexed single-row query per page view.
"""

import hashlib
import uuid
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse

PAGE_TIMEOUT = 60 * 60 * 24  # a day: versions, not expiry, keep pages fresh


def catalog_version() -> str:
    from catalog.models import CatalogVersion

    return CatalogVersion.objects.filter(pk=1).values_list("token", flat=True).first() or ""


def bump_catalog_version(**_signal_arguments) -> None:
    from catalog.models import CatalogVersion

    CatalogVersion.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


def page_key(request) -> str:
    address = f"{catalog_version()}|{request.method}|{request.build_absolute_uri()}"
    return "page:" + hashlib.sha256(address.encode()).hexdigest()


def cached_page(view):
    """Serve a GET from the cache when this catalog version has rendered it; else render and keep it."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = page_key(request)
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (response.content, response["Content-Type"]), PAGE_TIMEOUT)
        return response

    return wrapper
