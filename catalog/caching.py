"""Whole rendered pages, cached per catalog version and day.

Every public page is a function of the catalog, the URL and the day: the day because a page marks
a record or an exchange rate checked more than STALE_AFTER_MONTHS ago as "may be out of date"
(catalog/models/), against today's date. So a rendered page is reused until the catalog changes
or the day ends, whichever comes first: today's date (`timezone.localdate()`, as the staleness
marks read it) is part of every key, and a page's Last-Modified is never before the day began.

Any write to a catalog table replaces one version token stored in the database (signals in
apps.py; bulk loaders call `bump_catalog_version()` themselves), and the version is part of every
cache key: a change shows on every page at once in the process that made it, and within
CATALOG_VERSION_MAX_AGE (a second) in every other worker process, whatever the cache backend
(local memory per process, or Redis shared by all). Reading the version costs one indexed
single-row query, at most once a second per process (`current_version`).

The cache is an optimisation, never a dependency: when the backend fails (Redis down or not
answering), one warning is logged and the page is rendered as if nothing were cached.

A page declares the query parameters it reads, and the key holds the path and only those, in
the order declared, with values sorted and blank or repeated values dropped: tracking parameters
(utm_*, fbclid), the order of parameters, the Host's port or the scheme cannot multiply entries,
or let anyone fill the cache with copies of one page. The view is handed the same normalised
parameters, so what is stored under a key is exactly what that key describes: a junk parameter
never reaches a cached page's links.

The same version, day and URL make the page's HTTP validators: an `ETag` and a `Last-Modified`
(when the version last changed, or the day began). A conditional GET of a page whose catalog and
day have not changed since is answered 304 Not Modified from the version alone, without a cache
read or a render. `Cache-Control` lets browsers keep a page but revalidate it on every view
(max-age=0), and a shared cache (a CDN) serve it for SHARED_SECONDS. A view whose response must not be shared (a form with errors) sets its own
`Cache-Control` (`django.utils.cache.add_never_cache_headers`): it is then neither stored nor given
validators.

While a page is served, `per_version()` keeps values that depend on the catalog alone (the filter
form's universities, fields and countries), computed once per catalog version in each process: every
page and every combination of filters shares them, so they cost nothing on most cold renders. They
live in process memory, not in the cache backend, and go with the next version.
"""

import datetime
import hashlib
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from itertools import islice
from typing import Any, NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

logger = logging.getLogger(__name__)

PAGE_TIMEOUT = 60 * 60 * 24  # a day: the version and the day in the key, not expiry, keep pages fresh
SHARED_SECONDS = 60  # how long a shared cache may serve a page without asking again
CACHE_CONTROL = f"public, max-age=0, s-maxage={SHARED_SECONDS}"
# A larger response (a download) is made again every time rather than kept. At 10,000 programs the
# CSV is 4 MB, the JSON 12 MB and the whole catalog 37 MB: all kept.
MAX_CACHED_BYTES = 64 * 1024 * 1024
KEPT_HEADERS = ("Content-Type", "Content-Disposition")  # what a kept response is served with
PAGE_KEY_PREFIX = "page:2:"  # 2: entries of (content, headers)


class Version(NamedTuple):
    token: str
    changed_at: datetime.datetime | None


# The version this process read last, and when (time.monotonic()).
_last_read: list = [None, 0.0]


def current_version() -> Version:
    """The catalog's version token and when it changed.

    One single-row query, in plain SQL (the ORM would spend several times the query's own cost
    building it), at most once per `settings.CATALOG_VERSION_MAX_AGE` seconds in each process: a
    cached page is then served without a database round trip, which is most of its cost. A write
    in this process is seen at once (`bump_catalog_version` forgets the version read); another
    process sees it within that many seconds. 0 reads the version on every page view.
    """
    max_age = settings.CATALOG_VERSION_MAX_AGE
    version, read_at = _last_read
    if version is not None and time.monotonic() - read_at < max_age:
        return version
    version = _read_version()
    _last_read[:] = [version, time.monotonic()]
    return version


def forget_version() -> None:
    _last_read[:] = [None, 0.0]


def _read_version() -> Version:
    from catalog.models import CatalogVersion

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT token, changed_at FROM {connection.ops.quote_name(CatalogVersion._meta.db_table)} "
            "WHERE id = 1"
        )
        row = cursor.fetchone()
    if row is None:
        return Version("", None)
    token, changed_at = row
    if isinstance(changed_at, str):  # SQLite hands back the stored text (UTC)
        changed_at = datetime.datetime.fromisoformat(changed_at).replace(tzinfo=datetime.UTC)
    return Version(token, changed_at)


def catalog_version() -> str:
    return current_version().token


# Inside `one_bump()`: whether a write inside has asked for a new version yet.
_bump_owed: ContextVar[list[bool] | None] = ContextVar("catalog_version_bump_owed", default=None)


def bump_catalog_version(**_signal_arguments) -> None:
    """Give the catalog a new version: now, or once when `one_bump()` ends."""
    owed = _bump_owed.get()
    if owed is not None:
        owed[0] = True
        return
    from catalog.models import CatalogVersion

    CatalogVersion.objects.update_or_create(
        pk=1, defaults={"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    )
    forget_version()


@contextmanager
def one_bump():
    """Collect the version bumps of the writes inside (an import's thousand saves) into one, made on
    the way out when any was asked for. Use it inside the writes' transaction, so that the new
    version commits with them."""
    if _bump_owed.get() is not None:  # already collecting: the outer block bumps
        yield
        return
    owed = [False]
    token = _bump_owed.set(owed)
    try:
        yield
    finally:
        _bump_owed.reset(token)
    if owed[0]:
        bump_catalog_version()


# The version of the page being served, and the values kept for one version (per_version).
_serving_version: ContextVar[str] = ContextVar("serving_catalog_version", default="")
_kept: dict[str, dict] = {}


def per_version(name: str, compute: Callable[[], Any]) -> Any:
    """`compute()`, kept for the catalog version of the page being served in this process.

    Outside a page view, or before the catalog has a version (nothing written yet), it is simply
    computed. Only the newest version's values are kept.
    """
    version = _serving_version.get()
    if not version:
        return compute()
    kept = _kept.get(version)
    if kept is None:
        _kept.clear()
        kept = _kept[version] = {}
    if name not in kept:
        kept[name] = compute()
    return kept[name]


def per_version_items(name: str, keys: Iterable, compute: Callable[[list], dict], limit: int) -> list:
    """The values for `keys`, in their order, each kept for the catalog version like `per_version`.

    `compute(missing)` returns a dict of the values for the keys not kept yet, all in one go (one
    query for them all, say); a key it has no value for (a record deleted meanwhile) is left out.
    At most `limit` values are kept for a name: past that the oldest go first, so a process holds
    what its recent pages showed.
    """
    kept = per_version(name, dict)
    keys = list(keys)
    found = {}
    missing = [key for key in keys if key not in kept]
    if missing:
        found = compute(missing)
        kept.update(found)
        for oldest in list(islice(kept, max(0, len(kept) - limit))):
            del kept[oldest]
    return [value for key in keys if (value := kept.get(key, found.get(key))) is not None]


def forget_kept_values() -> None:
    _kept.clear()


def parameter_names(form_class) -> list[str]:
    """The query parameters a FilterSet or form class reads: the names of its filters or fields.

    Deriving them from the class keeps one list: a filter added to the FilterSet is part of the
    cache key without anyone remembering to declare it twice.
    """
    filters = getattr(form_class, "base_filters", None)
    return list(filters if filters is not None else form_class.base_fields)


def declared_query(query: QueryDict, params: Iterable[str], *, keep_value_order: bool = False) -> QueryDict:
    """The declared parameters of `query` in one canonical form, as an immutable QueryDict.

    Names come in the order of `params` (filters, then `page`: page links read that way);
    blank and repeated values are dropped; the values of a repeated parameter
    (university=b&university=a) are sorted, unless their order changes the page.
    """
    declared = QueryDict(mutable=True)
    for name in params:
        if name not in query:  # most are absent: skip the list copy
            continue
        values = list(dict.fromkeys(value for value in query.getlist(name) if value))
        if values:
            declared.setlist(name, values if keep_value_order else sorted(values))
    declared._mutable = False
    return declared


def page_key(request, version: str | None = None) -> str:
    """The key of a GET or HEAD request whose parameters are already normalised.

    HEAD renders the same page as GET, so both share an entry.
    """
    version = catalog_version() if version is None else version
    address = f"{version}|{timezone.localdate().isoformat()}|{request.path}|{request.GET.urlencode()}"
    return PAGE_KEY_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def etag(key: str) -> str:
    """A page's entity tag: its key, which names the catalog version, the day and the URL."""
    return f'"{key.removeprefix(PAGE_KEY_PREFIX)[:40]}"'


def last_modified(version: Version) -> int | None:
    """When the page last changed, in whole seconds (as HTTP dates go): the catalog's last change, or
    the start of today if that came before (the staleness marks read today's date)."""
    if version.changed_at is None:
        return None
    day_began = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    return int(max(version.changed_at.timestamp(), day_began.timestamp()))


def with_validators(response, key: str, version: Version):
    """The page's ETag, Last-Modified and Cache-Control."""
    response["ETag"] = etag(key)
    modified = last_modified(version)
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = CACHE_CONTROL
    return response


def cached_page(view=None, *, params: Iterable[str] = (), params_from=None, keep_value_order: bool = False):
    """Serve a GET from the cache when this catalog version has rendered it; else render and keep it.

    Used bare (`@cached_page`) for a page that reads no query parameter. A page that reads some
    declares them: `params` names them, `params_from` takes them from a FilterSet or form class,
    and `keep_value_order` keeps a repeated parameter's values in the order given (the compare
    page shows its columns in that order). Parameters not declared are invisible to the view.
    A streamed response (a download) is kept once its last chunk is sent, up to MAX_CACHED_BYTES.
    """
    declared = tuple(dict.fromkeys([*(parameter_names(params_from) if params_from else ()), *params]))

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            request.GET = declared_query(request.GET, declared, keep_value_order=keep_value_order)
            version = current_version()
            serving = _serving_version.set(version.token)
            try:
                return serve(request, version, *args, **kwargs)
            finally:
                _serving_version.reset(serving)

        def serve(request, version, *args, **kwargs):
            key = page_key(request, version.token)
            unchanged = get_conditional_response(
                request, etag=etag(key), last_modified=last_modified(version)
            )
            if unchanged is not None:  # 304: the visitor's copy is this version's page
                return with_validators(unchanged, key, version)
            try:
                hit = cache.get(key)
            except Exception as error:
                _warn_cache_failed(error)
                return _shared(view(request, *args, **kwargs), key, version)  # not stored either
            if hit is not None:
                content, headers = hit
                response = HttpResponse(content)
                for name, value in headers.items():
                    response[name] = value
                return with_validators(response, key, version)
            response = view(request, *args, **kwargs)
            if _shareable(response):
                headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
                if response.streaming:  # kept once every chunk has been sent
                    response.streaming_content = _stored_when_sent(response.streaming_content, key, headers)
                elif len(response.content) <= MAX_CACHED_BYTES:
                    _store(key, response.content, headers)
            return _shared(response, key, version)

        return wrapper

    return decorate(view) if view is not None else decorate


def _stored_when_sent(chunks, key: str, headers: dict):
    """The chunks of a streamed response, stored once the last is sent if they add up to no more
    than MAX_CACHED_BYTES (a download whose client went away is not kept)."""
    kept, size = [], 0
    for chunk in chunks:
        if kept is not None:
            size += len(chunk)
            if size <= MAX_CACHED_BYTES:
                kept.append(chunk)
            else:
                kept = None
        yield chunk
    if kept is not None:
        _store(key, b"".join(kept), headers)


def _store(key: str, content: bytes, headers: dict) -> None:
    try:
        cache.set(key, (content, headers), PAGE_TIMEOUT)
    except Exception as error:
        _warn_cache_failed(error)


def _shareable(response) -> bool:
    """A page anyone may be given: a plain 200 without cookies whose view did not set its own
    Cache-Control (as one does for a form with errors)."""
    return response.status_code == 200 and not response.cookies and not response.has_header("Cache-Control")


def _shared(response, key: str, version: Version):
    return with_validators(response, key, version) if _shareable(response) else response


def _warn_cache_failed(error: Exception) -> None:
    # One line without a traceback: during an outage every page view logs this.
    logger.warning("Page cache unavailable, page rendered without it: %s: %s", type(error).__name__, error)
