"""A database outage answers a friendly 503 page instead of a stack trace.

Django's persistent connections are health-checked (CONN_HEALTH_CHECKS), so once the database is
back the next request reconnects by itself: nothing here needs resetting.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

FALLBACK = (
    '<!doctype html><html lang="en"><title>Back in a moment</title>'
    "<h1>We are back in a moment</h1><p>The catalog cannot be reached right now; please try again in a minute.</p>"
)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("Database unavailable for %s: %s", request.path, exception)
        try:
            body = render_to_string("503.html")  # no request context: it would touch the database
        except Exception:  # the error page must not fail in turn
            logger.exception("The 503 page could not be rendered")
            body = FALLBACK
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "30"
        return response
