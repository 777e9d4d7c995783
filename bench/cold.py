"""Cold page timings on the real catalog: `make bench-cold` (or `python bench/cold.py --help`).

Imports fixtures/catalog.json into a scratch SQLite file, then renders each page type through the
Django test client with DEBUG off and no page cache (CACHE_URL=dummy://), one request at a time:
a few warm-up requests, then --requests timed ones. Prints each page's median and 90th percentile in
milliseconds of wall-clock time and of this process's CPU time, and its number of queries, and
writes the table to bench/results/<timestamp>-real-catalog-cold.md. The CPU column is the steadier
one on a busy machine: it leaves out the time spent waiting for other processes. The warm-up leaves
the process holding what it keeps per catalog version (`caching.per_version`) and the version read
of the last second, as a running server does: the queries counted are a page's own, fewer than the
first view after a catalog edit makes.
"""

import argparse
import datetime
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
ADVISOR = (
    "/advisor/result/?goal=skills&budget=2000&hours_per_week=10&months=12&has_bachelors=yes&needs_degree=no"
)
ADVISOR_DEGREE = (
    "/advisor/result/?goal=degree&budget=5000&hours_per_week=10&months=24&has_bachelors=yes&needs_degree=yes"
)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=25, help="timed requests per page (default 25)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="micromasters-cold-"))
    try:
        os.environ.update(
            DATABASE_URL=f"sqlite:///{workdir / 'catalog.sqlite3'}",
            CACHE_URL="dummy://",
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(64),
            ALLOWED_HOSTS="testserver",
            STATIC_ROOT=str(workdir / "static"),
            DJANGO_SETTINGS_MODULE="micromasters.settings",
        )
        for command in (
            ["migrate", "--noinput", "-v0"],
            ["import_catalog", str(ROOT / "fixtures" / "catalog.json")],
            ["collectstatic", "--noinput", "-v0"],
        ):
            subprocess.run(
                [sys.executable, str(ROOT / "manage.py"), *command], check=True, stdout=subprocess.DEVNULL
            )
        rows = measure(args.requests)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    table = render(rows)
    title = (
        f"Cold pages on the real catalog, {datetime.datetime.now():%Y-%m-%d %H:%M}: SQLite, DEBUG off, "
        f"no page cache, the Django test client, {args.requests} requests per page, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{title}\n\n{table}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = RESULTS / f"{datetime.datetime.now():%Y%m%d-%H%M%S}-real-catalog-cold.md"
    report.write_text(f"# {title}\n\n{table}\n", encoding="utf-8")
    print(f"\nWrote {report.relative_to(ROOT)}")
    return 0


def pages() -> list[tuple[str, str]]:
    from catalog.models import Degree, Program, University

    with_pathway = Program.objects.filter(pathways__isnull=False).order_by("slug").first()
    compared = "&".join(
        f"programs={slug}" for slug in Program.objects.order_by("slug").values_list("slug", flat=True)[:3]
    )
    return [
        ("home", "/"),
        ("programs list", "/programs/"),
        ("filtered + sorted by price", "/programs/?credit=yes&price_max=2000&sort=price"),
        ("search", "/programs/?q=data"),
        ("program page", with_pathway.get_absolute_url()),
        ("compare", f"/compare/?{compared}"),
        (
            "university page",
            University.objects.filter(programs__isnull=False).order_by("slug").first().get_absolute_url(),
        ),
        ("degree page", Degree.objects.order_by("slug").first().get_absolute_url()),
        ("advisor result", ADVISOR),
        ("advisor result, degree", ADVISOR_DEGREE),
    ]


def measure(requests: int) -> list[dict]:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    rows = []
    for name, url in pages():
        for _ in range(3):
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        wall, cpu = [], []
        for _ in range(requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        rows.append({"name": name, "url": url, "wall": wall, "cpu": cpu, "queries": len(queries)})
    return rows


def render(rows: list[dict]) -> str:
    lines = [
        "| page | median ms | p90 ms | CPU median ms | queries | URL |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        p90 = statistics.quantiles(row["wall"], n=10)[-1]
        lines.append(
            f"| {row['name']} | {statistics.median(row['wall']):.1f} | {p90:.1f} | "
            f"{statistics.median(row['cpu']):.1f} | {row['queries']} | `{row['url']}` |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
