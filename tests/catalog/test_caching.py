import datetime
import re
import socket
import uuid
from decimal import Decimal

import pytest
import redis
from django.core.signals import request_finished
from django.db import close_old_connections
from django.forms.models import model_to_dict
from django.http import QueryDict, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from catalog import caching
from catalog.caching import cached_page, catalog_version, declared_query
from catalog.models import STALE_AFTER_MONTHS, CatalogVersion, Course, Program, add_months
from micromasters.settings import cache_from_url

pytestmark = pytest.mark.django_db


def test_a_second_view_of_a_page_comes_from_the_cache(client, make_program, django_assert_num_queries):
    make_program(slug="cached", courses=[{"price": Decimal(100)}])
    url = reverse("catalog:program_detail", args=["cached"])
    first = client.get(url)

    with django_assert_num_queries(1):  # the catalog version; the page itself comes from the cache
        second = client.get(url)

    assert second.content == first.content
    assert second["Content-Security-Policy"]  # headers are still added on the way out


def test_every_catalog_write_bumps_the_version(make_program):
    before = catalog_version()
    program = make_program(courses=[{"price": Decimal(100)}])
    after_create = catalog_version()
    course = program.courses.get()
    course.price = Decimal(120)
    course.save()

    assert len({before, after_create, catalog_version()}) == 3


def test_a_price_changed_in_the_admin_shows_at_once_on_the_list_and_the_program_page(
    admin_client, make_program
):
    program = make_program(
        slug="scm", title="Supply Chains", course_count=1, courses=[{"price": Decimal("150.00")}]
    )
    course = program.courses.get()
    list_url, page_url = reverse("catalog:program_list"), reverse("catalog:program_detail", args=["scm"])
    assert "$150" in client_text(admin_client, list_url) and "$150" in client_text(admin_client, page_url)

    data = {key: value for key, value in model_to_dict(course).items() if value is not None}
    data.update(price="175.00", prerequisites=[])
    response = admin_client.post(reverse("admin:catalog_course_change", args=[course.pk]), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Course.objects.get().price == Decimal("175.00")
    assert "$175" in client_text(admin_client, list_url)
    assert "$175" in client_text(admin_client, page_url)
    assert Program.objects.with_totals().get().total_price == Decimal("175.00")


def client_text(client, url):
    return client.get(url).content.decode()


def redis_reachable():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def test_pages_are_shared_through_redis(client, settings, make_program, django_assert_num_queries):
    if not redis_reachable():
        pytest.skip("no Redis on 127.0.0.1:6379")
    # A prefix of its own: the SQLite and PostgreSQL runs share this Redis, side by side in CI.
    location, prefix = "redis://127.0.0.1:6379/15", f"shared-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
        }
    }
    make_program(slug="shared")
    url = reverse("catalog:program_detail", args=["shared"])

    first = client.get(url)
    with django_assert_num_queries(1):  # the catalog version only
        second = client.get(url)

    keys = redis.Redis.from_url(location).keys(f"{prefix}:*")
    if keys:
        redis.Redis.from_url(location).delete(*keys)
    assert second.content == first.content
    assert any(b"page:" in key for key in keys)  # another worker would find it there


def test_junk_parameters_their_order_blank_values_and_the_host_port_share_one_entry(
    client, make_program, django_assert_num_queries
):
    make_program(pacing="self_paced", courses=[{"price": Decimal(100)}])
    first = client.get("/programs/?pacing=self_paced&price_max=500")

    with django_assert_num_queries(1):  # the catalog version; the page comes from the cache
        again = client.get(
            "/programs/?utm_source=x&price_max=500&fbclid=y&q=&pacing=self_paced&gclid=z&sort=",
            HTTP_HOST="testserver:8443",
            secure=True,
        )

    assert again.content == first.content


def test_a_declared_parameter_that_changes_the_page_gets_its_own_entry(client, make_program):
    make_program(title="Cheap", courses=[{"price": Decimal(100)}])
    make_program(title="Dear", courses=[{"price": Decimal(9000)}])
    everything = client.get("/programs/")

    cheap = client.get("/programs/?price_max=500")

    assert b"Dear" in everything.content
    assert b"Cheap" in cheap.content and b"Dear" not in cheap.content


def test_repeated_values_in_any_order_share_one_entry(
    client, make_program, make_university, django_assert_num_queries
):
    harvard, mit = make_university(slug="harvard"), make_university(slug="mit")
    make_program(university=harvard)
    make_program(university=mit)
    first = client.get("/programs/?university=mit&university=harvard")

    with django_assert_num_queries(1):  # the catalog version; the page comes from the cache
        again = client.get("/programs/?university=harvard&university=mit&university=mit")

    assert again.content == first.content


def test_compare_keeps_its_columns_in_the_order_asked(client, make_program):
    make_program(slug="alpha", title="Alpha")
    make_program(slug="beta", title="Beta")

    alpha_first = client.get("/compare/?programs=alpha&programs=beta").content.decode()
    beta_first = client.get("/compare/?programs=beta&programs=alpha").content.decode()

    assert alpha_first.index("Alpha") < alpha_first.index("Beta")
    assert beta_first.index("Beta") < beta_first.index("Alpha")


def test_a_page_that_reads_no_parameters_ignores_them(client, make_program, django_assert_num_queries):
    make_program(slug="plain")
    first = client.get("/programs/plain/")

    with django_assert_num_queries(1):  # the catalog version; the page comes from the cache
        again = client.get("/programs/plain/?utm_campaign=spring&ref=newsletter&page=2")

    assert again.content == first.content


def test_head_and_get_share_an_entry(client, make_program, django_assert_num_queries):
    make_program(slug="probed")
    client.head("/programs/probed/")

    with django_assert_num_queries(1):  # the catalog version; the page comes from the cache
        response = client.get("/programs/probed/")

    assert b"<main" in response.content


def test_a_junk_parameter_never_reaches_the_links_of_a_cached_page(client, make_program):
    make_program(pacing="self_paced")

    first = client.get("/programs/?pacing=self_paced&utm_source=leak")
    for_the_next_visitor = client.get("/programs/?pacing=self_paced")

    assert first.status_code == 200
    assert b"leak" not in first.content  # the chip's "remove this filter" link would carry it
    assert for_the_next_visitor.content == first.content


def test_the_declared_query_keeps_declared_names_in_order_and_sorts_repeated_values():
    query = QueryDict("utm_source=x&b=2&a=z&c=&a=y&a=z&d=1")

    assert declared_query(query, ["a", "b", "c"]).urlencode() == "a=y&a=z&b=2"
    assert declared_query(query, ["b", "a"], keep_value_order=True).urlencode() == "b=2&a=z&a=y"


def test_junk_urls_add_no_keys_to_redis(client, settings, make_program):
    if not redis_reachable():
        pytest.skip("no Redis on 127.0.0.1:6379")
    location, prefix = "redis://127.0.0.1:6379/14", f"junk-{uuid.uuid4().hex}"  # apart from other test runs
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
        }
    }
    make_program(slug="one")

    for number in range(50):
        client.get(f"/programs/one/?utm_source={number}", HTTP_HOST=f"testserver:{8000 + number}")
        client.get(f"/programs/?fbclid={number}&q=")

    keys = redis.Redis.from_url(location).keys(f"{prefix}:*")
    redis.Redis.from_url(location).delete(*keys)
    assert len(keys) == 2  # the program page and the list, once each


# HTTP validators: a browser or a CDN revalidates a page for the price of the version read.


def test_a_page_carries_validators_and_lets_a_shared_cache_keep_it_briefly(client, make_program):
    make_program(slug="validated")

    response = client.get("/programs/validated/")

    assert re.fullmatch(r'"[0-9a-f]{40}"', response["ETag"])
    assert parse_http_date(response["Last-Modified"]) == int(
        CatalogVersion.objects.get().changed_at.timestamp()
    )
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=60"


@pytest.mark.parametrize("cache_url", ["locmem://", "dummy://"])
def test_an_unchanged_page_answers_304_from_the_version_alone(
    client, settings, make_program, django_assert_num_queries, cache_url
):
    settings.CACHES = {"default": cache_from_url(cache_url)}
    make_program(slug="unchanged", courses=[{"price": Decimal(100)}])
    first = client.get("/programs/?price_max=500")

    with django_assert_num_queries(1):  # the catalog version; nothing rendered, nothing read from a cache
        again = client.get("/programs/?price_max=500&utm_source=x", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert again.templates == []
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == first["Cache-Control"]


def test_after_a_catalog_change_the_same_validator_gets_the_new_page(client, make_program):
    program = make_program(slug="changing", title="Before", courses=[{"price": Decimal(100)}])
    first = client.get("/programs/changing/")
    program.title = "After"
    program.save()

    again = client.get("/programs/changing/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert b"After" in again.content
    assert again["ETag"] != first["ETag"]


def test_if_modified_since_answers_304_until_the_catalog_changes(client, make_program):
    make_program(slug="dated")
    first = client.get("/programs/dated/")
    changed_at = parse_http_date(first["Last-Modified"])

    same = client.get("/programs/dated/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    earlier = client.get("/programs/dated/", HTTP_IF_MODIFIED_SINCE=http_date(changed_at - 60))

    assert same.status_code == 304
    assert earlier.status_code == 200 and b"<main" in earlier.content


def test_another_pages_validator_does_not_match(client, make_program):
    make_program(slug="one")
    make_program(slug="two")
    one = client.get("/programs/one/")

    two = client.get("/programs/two/", HTTP_IF_NONE_MATCH=one["ETag"])

    assert two.status_code == 200
    assert two["ETag"] != one["ETag"]


@pytest.mark.parametrize(
    "url",
    [
        "/programs/?price_max=plenty",
        "/advisor/result/?goal=degree&budget=plenty&hours_per_week=10&months=24&has_bachelors=yes",
    ],
)
def test_a_form_with_errors_is_neither_shared_nor_stored(client, make_program, url):
    make_program()

    first = client.get(url)
    again = client.get(url)

    assert first.status_code == 200 and b"error-summary" in first.content
    assert "ETag" not in first
    assert "private" in first["Cache-Control"] and "no-store" in first["Cache-Control"]
    assert again.templates  # rendered again: the page cache did not keep it


@pytest.mark.parametrize("url", ["/healthz", "/admin/login/"])
def test_health_and_admin_pages_are_never_shared(client, url):
    response = client.get(url)

    assert "public" not in response.get("Cache-Control", "")
    assert "ETag" not in response


def test_a_process_keeps_the_version_it_read_for_a_while(
    client, settings, make_program, monkeypatch, django_assert_num_queries
):
    settings.CATALOG_VERSION_MAX_AGE = 1
    now = [1000.0]
    monkeypatch.setattr(caching.time, "monotonic", lambda: now[0])
    program = make_program(slug="kept", title="Before")
    first = client.get("/programs/kept/")

    with django_assert_num_queries(0):  # the version this process read, the page from the cache
        again = client.get("/programs/kept/")
    program.title = "After"
    program.save()  # a write in this process: seen at once
    after_edit = client.get("/programs/kept/")
    # Another process's write: CatalogVersion changed behind this process's back.
    CatalogVersion.objects.update(token="elsewhere")
    within_a_second = client.get("/programs/kept/")
    now[0] += 1
    a_second_later = client.get("/programs/kept/")

    assert again.content == first.content
    assert b"After" in after_edit.content and after_edit["ETag"] != first["ETag"]
    assert within_a_second["ETag"] == after_edit["ETag"]
    assert a_second_later["ETag"] != after_edit["ETag"]


def test_a_page_cached_yesterday_is_not_served_today_with_yesterdays_staleness(
    client, monkeypatch, make_degree
):
    checked = datetime.date(2025, 1, 10)
    last_fresh_day = add_months(checked, STALE_AFTER_MONTHS)  # stale from the day after
    make_degree(slug="aging", verified_on=checked, facts_year=last_fresh_day.year)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: last_fresh_day)
    yesterday = client.get("/degrees/aging/")
    monkeypatch.setattr(
        timezone, "localdate", lambda *args, **kwargs: last_fresh_day + datetime.timedelta(days=1)
    )

    today = client.get("/degrees/aging/")
    revalidated = client.get("/degrees/aging/", HTTP_IF_NONE_MATCH=yesterday["ETag"])

    assert b"May be out of date" not in yesterday.content
    assert b"May be out of date" in today.content
    assert today["ETag"] != yesterday["ETag"]
    assert revalidated.status_code == 200


def test_last_modified_is_never_before_the_day_began(client, monkeypatch, make_program):
    make_program(slug="dated")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)

    response = client.get("/programs/dated/")

    day_began = datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=datetime.UTC)
    assert parse_http_date(response["Last-Modified"]) == int(day_began.timestamp())


def streamed_view(calls):
    """A view streaming three chunks of ten bytes, counting its calls."""

    @cached_page
    def view(request):
        calls.append(request.path)
        return StreamingHttpResponse(
            (f"chunk {index:03d}\n".encode() for index in range(3)),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="programs.csv"'},
        )

    return view


def test_a_streamed_response_is_kept_once_every_chunk_is_sent(rf):
    calls = []
    view = streamed_view(calls)

    first = view(rf.get("/streamed/"))
    sent = b"".join(first.streaming_content)
    again = view(rf.get("/streamed/"))

    assert calls == ["/streamed/"]
    assert again.content == sent == b"chunk 000\nchunk 001\nchunk 002\n"
    assert again["Content-Type"] == "text/csv; charset=utf-8"
    assert again["Content-Disposition"] == 'attachment; filename="programs.csv"'
    assert again["ETag"] == first["ETag"]


def test_a_stream_cut_short_or_too_large_is_not_kept(rf, monkeypatch):
    calls = []
    view = streamed_view(calls)

    cut_short = view(rf.get("/streamed/"))
    next(iter(cut_short.streaming_content))  # the client went away after a chunk: the server closes
    request_finished.disconnect(close_old_connections)  # as Django's test client does, keeping the
    try:  # test's database connection open
        cut_short.close()
    finally:
        request_finished.connect(close_old_connections)
    view(rf.get("/streamed/"))
    monkeypatch.setattr(caching, "MAX_CACHED_BYTES", 25)
    too_large = view(rf.get("/larger/"))
    b"".join(too_large.streaming_content)
    view(rf.get("/larger/"))

    assert calls == ["/streamed/", "/streamed/", "/larger/", "/larger/"]
