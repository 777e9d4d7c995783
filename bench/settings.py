"""The site's settings, with STATIC_ROOT from the environment: the benchmark collects static files
into a temporary folder instead of the project's staticfiles/. Nothing else differs."""

import os

from micromasters.settings import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
