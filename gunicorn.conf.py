"""gunicorn settings for production; every value can be overridden from the environment."""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
accesslog = "-"
errorlog = "-"
# gunicorn 27 opens a control socket under $HOME by default; a container's user may have no home.
control_socket_disable = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


# The garbage collector's thresholds in a worker (Python's default: 700,10,10). A page allocates tens
# of thousands of short-lived objects (the advisor's re-runs, a list's rows), so at the default the
# collector runs dozens of times a page, and every hundredth run scans everything the worker keeps
# (the catalog version's kept cards and advisor options). Reference counting frees nearly all of it;
# the collector is only for cycles, which pages rarely leave.
GC_THRESHOLDS = tuple(int(value) for value in os.environ.get("GC_THRESHOLDS", "20000,50,100").split(","))


def post_worker_init(worker):
    """Once a worker has loaded the site, keep what it loaded (Django, the site's modules, their
    settings and URL patterns) out of the garbage collector's scans: it lives as long as the worker,
    and scanning it again on every collection cost about a tenth of a cold page's time. Then collect
    less often (GC_THRESHOLDS)."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
