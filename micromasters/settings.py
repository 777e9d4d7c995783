"""Settings for micromasters, read from the environment.

Every variable has a default that makes a fresh checkout run (`make run`) and test (`make test`)
with nothing else installed; production sets DEBUG off and provides the rest. README.md lists
every variable.
"""

import datetime
import logging
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off."
    )


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY to a long random string, "
            "or set DEBUG=1 for local development (a throwaway key is then generated)."
        )
    # A fresh key per process: sessions do not survive a restart, which is fine while developing.
    SECRET_KEY = "django-insecure-dev-" + secrets.token_urlsafe(48)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "csp",
    "axes",
    "simple_history",
    "catalog",
    "advisor",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "micromasters.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Names the signed-in editor in the history of every record a request changes (admin inlines too).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username or address before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin sign-in (micromasters/signin.py): after 5 failures for one username from one address,
# locked for an hour. Keyed on the pair, so one client's failures never lock out another.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_VERBOSE = False
# Behind N proxies, the client's address is the Nth X-Forwarded-For entry from the right; with 0
# (no proxy) the header is ignored, since any client can send it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT={TRUSTED_PROXY_COUNT} cannot be negative.")
AXES_CLIENT_IP_CALLABLE = "micromasters.signin.client_ip_address"
# Guessing one account from many addresses: past this many failures within the window, the account
# is refused at addresses it has never signed in from (AdminSignInForm).
SIGN_IN_ACCOUNT_FAILURE_LIMIT = env_int("SIGN_IN_ACCOUNT_FAILURE_LIMIT", 20)
SIGN_IN_ACCOUNT_WINDOW = datetime.timedelta(minutes=15)
# Record history (catalog/history.py) is read, never replayed: a revert would skip the admin's checks
# of inline rows and edits made since, so staff restore an old value by typing it in the form.
SIMPLE_HISTORY_REVERT_DISABLED = True

ROOT_URLCONF = "micromasters.urls"
WSGI_APPLICATION = "micromasters.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "libraries": {"form_fields": "micromasters.form_fields"},
        },
    },
]

# No DATABASE_URL: a SQLite file in the project folder, so the first run needs no server.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the listing's many small subqueries for seconds and saves
    # milliseconds: measured, the advisor took 1.7 s with it and 0.24 s without. A random read
    # costs about as little as a sequential one for a catalog that fits in memory (or on an SSD):
    # PostgreSQL's default of 4 made it hash every program's title for a search of a few hundred,
    # where reading those few from an index takes a third of the time (PG_RANDOM_PAGE_COST).
    random_page_cost = float(os.environ.get("PG_RANDOM_PAGE_COST", "1.1"))
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c jit=off -c random_page_cost={random_page_cost:g}"
    )
    # Prepared statements: a connection plans each of a page's queries once, not on every view.
    # Planning was most of PostgreSQL's work for a program page (1.6 of its 2 ms of CPU at 10,000
    # programs). psycopg prepares a query on its PG_PREPARE_THRESHOLD-th run, and only with
    # server-side binding. PG_PREPARE_THRESHOLD=0 turns both off, as a transaction-pooling
    # PgBouncer in front of the database needs.
    prepare_threshold = env_int("PG_PREPARE_THRESHOLD", 2)
    if prepare_threshold > 0:
        DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=prepare_threshold)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


REDIS_TIMEOUT_SECONDS = 0.25  # generous: a 32 KB page comes from a local Redis in under a millisecond


def cache_from_url(url: str) -> dict:
    """CACHE_URL -> a CACHES entry: locmem:// (the default), redis://host:port/db, or dummy:// (off)."""
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}}
    if scheme in ("redis", "rediss"):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            # Pages render without the cache when Redis fails (catalog/caching.py), so a Redis that
            # does not answer must cost a page a fraction of a second; without timeouts it waits forever.
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
            },
        }
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(f"CACHE_URL={url!r}: use locmem://, redis://host:port/db or dummy://.")


# Rendered pages (catalog/caching.py). Several processes or machines share Redis.
CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL") or "locmem://")}
# How long a process may go on using the catalog version it read (catalog/caching.py): a catalog
# edit shows at once in the process that made it and within this many seconds in the others.
CATALOG_VERSION_MAX_AGE = float(os.environ.get("CATALOG_VERSION_MAX_AGE") or 1)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Simple widgets written in Python, byte for byte as Django's templates write them (much cheaper).
FORM_RENDERER = "micromasters.form_rendering.PythonWidgetRenderer"

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security: strict by default, relaxed only by DEBUG for local http development.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
if env_bool("SECURE_PROXY_SSL_HEADER"):
    # Only behind a proxy that sets this header itself and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script reads it: the site has no JavaScript of its own
X_FRAME_OPTIONS = "DENY"

# No inline script or style anywhere: templates use the stylesheet and server-rendered SVG.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Request bodies: Django's limit of fields per POST, stated here because the admin's largest form
# must fit under it: a program with its inlines full (INLINE_MAX_ROWS in catalog/admin_base.py) sends
# about 770 fields, which tests/catalog/test_admin.py checks.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000


class ShortenedLogLine(logging.Filter):
    """Cut a message written from request headers to LOGGED_CHARACTERS, without its traceback.

    A rejected Host header is quoted twice in its message and again in the traceback, so a
    5,000-character Host would be logged whole three times; the traceback of a bad header says
    nothing about the code.
    """

    LOGGED_CHARACTERS = 300

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if len(message) > self.LOGGED_CHARACTERS:
            record.msg = f"{message[: self.LOGGED_CHARACTERS]}… (shortened from {len(message)} characters)"
            record.args = ()
        record.exc_info = record.exc_text = None
        return True


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"shortened": {"()": ShortenedLogLine}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "loggers": {
        # Django's records reach the console through the root handler alone: with Django's default
        # console handler as well, DEBUG printed each twice. Configuring "django" resets its
        # children, so runserver's request log is declared again as Django's defaults have it.
        "django": {"handlers": [], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django.security.DisallowedHost": {"filters": ["shortened"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
