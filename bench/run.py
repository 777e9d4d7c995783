"""Load-test the site with 10,000 synthetic programs: `make bench` (or `python bench/run.py --help`).

Builds a scratch database (PostgreSQL database `micromasters_bench_<pid>` on the server
DATABASE_URL names, else a SQLite file in a temporary folder), migrates it, seeds it with
`seed_synthetic`, collects static files into a temporary folder, serves it with gunicorn (2 sync
workers, DEBUG off, a fresh server for each page) on a free loopback port, and drives each page
with wrk. Prints a table with every page's requests/s as a ratio of the baseline (/robots.txt)
measured in the same run, writes it to bench/results/<timestamp>.md, then drops the scratch
database. Everything is bounded: wrk runs for --duration, every wait has a limit.

`--cache off` runs the site with CACHE_URL=dummy:// (no caching); `--cache on` (the default) leaves
CACHE_URL as the environment has it, so the site's default cache applies.
"""

import argparse
import datetime
import functools
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from profiling import profile

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
VENV_BIN = Path(sys.executable).parent
BENCH_DATABASE = f"micromasters_bench_{os.getpid()}"  # its own, should two runs share a server
ADVISOR_RESULT = (
    "/advisor/result/?goal=skills&budget=2000&hours_per_week=10&months=12&has_bachelors=yes&needs_degree=no"
)
ADVISOR_DEGREE = (
    "/advisor/result/?goal=degree&budget=5000&hours_per_week=10&months=24&has_bachelors=yes&needs_degree=yes"
)
PAGES = ("baseline", "list", "filtered", "search", "program", "advisor", "advisor-degree")
LEGEND = (
    "alone ms: the median of 9 requests one at a time with the server otherwise idle, after 4 "
    "warm-up ones. req/s, p50, p99, non-2xx/3xx and socket errors: wrk's, under load. x baseline: "
    "req/s over /robots.txt's in this run. A page slower than the run (10 s) completes no request "
    "under load: req/s 0."
)
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--programs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", choices=["on", "off"], default="on")
    parser.add_argument("--duration", default="10s", help="wrk -d (default 10s)")
    parser.add_argument("--connections", type=int, default=16, help="wrk -c (default 16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk -t (default 2)")
    parser.add_argument(
        "--timeout", default="30s", help="wrk --timeout (default 30s: slow pages are measured, not cut off)"
    )
    parser.add_argument("--search-word", default="robotics", help="q for the search page (a synthetic topic)")
    parser.add_argument(
        "--pages",
        nargs="+",
        choices=PAGES,
        default=PAGES,
        metavar="PAGE",
        help=f"Only these pages (the baseline is always measured): any of {', '.join(PAGES)}",
    )
    parser.add_argument(
        "--no-jit",
        action="store_true",
        help="PostgreSQL: ALTER DATABASE ... SET jit = off on the scratch database",
    )
    parser.add_argument(
        "--profile",
        nargs="*",
        metavar="PAGE",
        help="Afterwards, profile pages under load with py-spy: the slowest when none is named, "
        "else any of the pages",
    )
    args = parser.parse_args()

    wrk = shutil.which("wrk") or install_wrk()
    if not wrk:
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="micromasters-bench-"))
    given_url = os.environ.get("DATABASE_URL", "")
    try:
        database_url = create_database(given_url, workdir, no_jit=args.no_jit)
        env = site_environment(database_url, workdir, args.cache)
        manage(env, "migrate", "--noinput", "-v0")
        started = time.perf_counter()
        seed_output = manage(
            env, "seed_synthetic", "--programs", str(args.programs), "--seed", str(args.seed)
        )
        seed_seconds = time.perf_counter() - started
        print(seed_output.strip(), f"(wall clock {seed_seconds:.1f} s)")
        manage(env, "collectstatic", "--noinput", "-v0")
        program = manage(
            env,
            "shell",
            "--verbosity",
            "0",
            "-c",
            "from catalog.models import Program; "
            "print(Program.objects.filter(pathways__isnull=False).order_by('slug').values_list('slug', flat=True)[0])",
        ).split()[-1]
        pages = [
            ("baseline", "/robots.txt"),
            ("list", "/programs/"),
            ("filtered", "/programs/?field=synthetic-data-science&price_max=1000&sort=price"),
            ("search", f"/programs/?q={urllib.parse.quote(args.search_word)}"),
            ("program", f"/programs/{program}/"),
            ("advisor", ADVISOR_RESULT),
            ("advisor-degree", ADVISOR_DEGREE),
        ]
        pages = [page for page in pages if page[0] == "baseline" or page[0] in args.pages]
        rows = []
        for name, path in pages:
            # A fresh server per page: requests wrk leaves queued when its time is up would
            # otherwise still be keeping the workers busy during the next page's run.
            with serving(env, workdir) as (base, _):
                status, single = warm_up(base + path)
                result = run_wrk(wrk, base + path, args)
            rows.append({"name": name, "path": path, "status": status, "single": single, **result})
            print(f"  {name}: {result['rps']:.1f} req/s, status {status}, alone {single:.0f} ms", flush=True)
        title = describe(database_url, args, seed_seconds)
        table = render_table(rows) + "\n\n" + LEGEND
        print("\n" + title + "\n\n" + table)
        RESULTS.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        report = RESULTS / f"{stamp}.md"
        report.write_text(f"# {title}\n\n{seed_output.strip()}\n\n{table}\n", encoding="utf-8")
        print(f"\nWrote {report.relative_to(ROOT)}")
        if args.profile is not None:
            slowest = min(rows[1:], key=lambda row: row["rps"])
            for row in [row for row in rows if row["name"] in args.profile] or [slowest]:
                with serving(env, workdir) as (base, server):
                    warm_up(base + row["path"], requests=2)
                    profile(
                        functools.partial(run_wrk, wrk, base + row["path"], args),
                        row,
                        server.pid,
                        args.duration,
                        RESULTS / f"{stamp}-profile-{row['name']}",
                    )
    finally:
        drop_database(given_url)
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def install_wrk() -> str | None:
    if os.geteuid() != 0:
        print(
            "wrk is not installed: run `sudo apt-get install -y wrk`, then `make bench` again.",
            file=sys.stderr,
        )
        return None
    print("Installing wrk with apt-get...")
    install = ["apt-get", "install", "-y", "-q", "wrk"]
    if subprocess.run(install, stdout=subprocess.DEVNULL).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], stdout=subprocess.DEVNULL, check=False)
        subprocess.run(install, stdout=subprocess.DEVNULL, check=False)
    found = shutil.which("wrk")
    if not found:
        print("Could not install wrk; install it (Debian package `wrk`) and retry.", file=sys.stderr)
    return found


def create_database(given_url: str, workdir: Path, *, no_jit: bool) -> str:
    """The scratch database's URL: a fresh PostgreSQL database beside the given one, or SQLite."""
    if not given_url:
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    parts = urllib.parse.urlsplit(given_url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(f"DATABASE_URL must be PostgreSQL (or unset for SQLite), not {parts.scheme}://")
    if parts.path.lstrip("/").startswith("micromasters_bench"):
        raise SystemExit("DATABASE_URL names a benchmark database: give the server's usual database.")
    with admin_connection(given_url) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {BENCH_DATABASE}")
        if no_jit:
            connection.execute(f"ALTER DATABASE {BENCH_DATABASE} SET jit = off")
    return urllib.parse.urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))


def drop_database(given_url: str) -> None:
    if given_url:
        with admin_connection(given_url) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")


def admin_connection(url: str):
    import psycopg

    return psycopg.connect(url, autocommit=True)


def site_environment(database_url: str, workdir: Path, cache: str) -> dict[str, str]:
    env = {
        key: value for key, value in os.environ.items() if key not in ("CACHE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SETTINGS_MODULE="micromasters.settings",
        STATIC_ROOT=str(workdir / "static"),  # collected into the scratch folder, not the project's
        PYTHONPATH=str(ROOT),
    )
    if cache == "off":
        env["CACHE_URL"] = "dummy://"
    elif "CACHE_URL" in os.environ:
        env["CACHE_URL"] = os.environ["CACHE_URL"]
    return env


def manage(env: dict[str, str], *command: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(command[:2])} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(env: dict[str, str], workdir: Path):
    """gunicorn on a free loopback port, answering /healthz: yields (base URL, process)."""
    port = free_port()
    server = start_gunicorn(env, port, workdir)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_healthy(base, server, workdir)
        yield base, server
    finally:
        stop(server)


def start_gunicorn(env: dict[str, str], port: int, workdir: Path) -> subprocess.Popen:
    # The project's gunicorn.conf.py (access log and all) with the benchmark's workers and address.
    command = [
        str(VENV_BIN / "gunicorn"),
        "micromasters.wsgi",
        "--config",
        str(ROOT / "gunicorn.conf.py"),
        "--workers",
        "2",
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--no-control-socket",
        "--access-logfile",
        str(workdir / "access.log"),
        "--error-logfile",
        str(workdir / "error.log"),
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_until_healthy(base: str, server: subprocess.Popen, workdir: Path, limit: int = 90) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    log = (workdir / "error.log").read_text(encoding="utf-8", errors="replace")[-2000:]
    state = (
        f"exited with status {server.returncode}" if server.poll() is not None else f"silent for {limit} s"
    )
    raise SystemExit(f"gunicorn {state} before /healthz answered. Its error log ends:\n{log}")


def warm_up(url: str, requests: int = 4, timed: int = 9) -> tuple[int, float]:
    """Fetch the page a few times (templates compiled, connections open, what each worker keeps
    per catalog version worked out), then `timed` times more: its HTTP status, and the median of
    those fetches with the server otherwise idle, in ms (one fetch can land on a worker that has
    not served the page yet)."""
    status, elapsed = 0, []
    for index in range(requests + timed):
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=300) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        if index >= requests:
            elapsed.append((time.perf_counter() - started) * 1000)
    return status, statistics.median(elapsed)


def run_wrk(wrk: str, url: str, args) -> dict:
    command = [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}", "--latency"]
    command += ["--timeout", args.timeout, url]
    output = subprocess.run(command, capture_output=True, text=True, timeout=600, check=True).stdout
    return parse_wrk(output)


def parse_wrk(output: str) -> dict:
    def latency(percent):
        found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        return float(found[1]) * UNITS_MS[found[2]] if found else None

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "rps": float(rps[1]) if rps else 0.0,
        "requests": int(total[1]) if total else 0,
        "p50": latency(50),
        "p99": latency(99),
        "non_2xx": int(non_2xx[1]) if non_2xx else 0,
        "socket_errors": sum(int(n) for n in sockets.groups()) if sockets else 0,
        "socket_detail": "connect {}, read {}, write {}, timeout {}".format(*sockets.groups())
        if sockets
        else "",
    }


def describe(database_url: str, args, seed_seconds: float) -> str:
    vendor = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    if vendor == "PostgreSQL" and args.no_jit:
        vendor += " (jit off)"
    when = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    return (
        f"Benchmark {when}: {vendor}, {args.programs:,} synthetic programs (seeded in {seed_seconds:.1f} s), "
        f"cache {args.cache}, gunicorn 2 sync workers, wrk -t{args.threads} -c{args.connections} "
        f"-d{args.duration} --timeout {args.timeout}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f} at the end"
    )


def render_table(rows: list[dict]) -> str:
    baseline = rows[0]["rps"] or 1.0
    lines = [
        "| page | status | alone ms | req/s | x baseline | p50 ms | p99 ms | requests | non-2xx/3xx "
        "| socket errors | URL |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['name']} | {row['status']} | {row['single']:.0f} | {row['rps']:.1f} | {row['rps'] / baseline:.3f} | "
            f"{milliseconds(row['p50'])} | {milliseconds(row['p99'])} | {row['requests']} | {row['non_2xx']} | "
            f"{row['socket_detail'] or 0} | `{row['path']}` |"
        )
    return "\n".join(lines)


def milliseconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def stop(server: subprocess.Popen) -> None:
    """Quick shutdown (SIGINT): workers drop what is still queued instead of answering it."""
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
