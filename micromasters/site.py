"""The site's own address, for the absolute URLs it writes (robots.txt, the sitemap, JSON-LD).

Django accepts any port after an allowed host, and cached pages are shared by everyone whatever the
Host header was, so an absolute URL never echoes the request's host: it uses the first ALLOWED_HOSTS
entry naming a single host, or else the request's host without its port, and https whenever the
site redirects to it.
"""

from django.conf import settings
from django.http.request import split_domain_port


def site_host(requested_host: str) -> str:
    configured = (entry for entry in settings.ALLOWED_HOSTS if "*" not in entry and not entry.startswith("."))
    return next(configured, "") or split_domain_port(requested_host)[0]


def site_scheme(requested_scheme: str) -> str:
    return "https" if settings.SECURE_SSL_REDIRECT else requested_scheme


def site_origin(request) -> str:
    return f"{site_scheme(request.scheme)}://{site_host(request.get_host())}"


def site_url(request, path: str) -> str:
    return site_origin(request) + path
