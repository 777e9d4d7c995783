import socket
from decimal import Decimal

import pytest
import redis
from django.core.cache import cache
from django.forms.models import model_to_dict
from django.urls import reverse

from catalog.caching import catalog_version
from catalog.models import Course, Program

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
    location = "redis://127.0.0.1:6379/15"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location}
    }
    cache.clear()
    make_program(slug="shared")
    url = reverse("catalog:program_detail", args=["shared"])

    first = client.get(url)
    with django_assert_num_queries(1):  # the catalog version only
        second = client.get(url)

    assert second.content == first.content
    assert redis.Redis.from_url(location).keys("*page:*")  # another worker would find it there
    cache.clear()
