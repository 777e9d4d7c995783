"""A cache backend that fails every call, as Redis does when it is down, for the outage tests.

Configure it with `override_settings(CACHES=BROKEN_CACHE)` (or the `settings` fixture).
"""

from django.core.cache.backends.base import BaseCache


class BrokenCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise ConnectionError("the cache does not answer")

    add = get = set = touch = delete = has_key = incr = decr = clear = _fail
    get_many = set_many = delete_many = _fail


BROKEN_CACHE = {"default": {"BACKEND": f"{__name__}.BrokenCache"}}
