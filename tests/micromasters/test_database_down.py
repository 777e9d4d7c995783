"""With the database gone the site answers a friendly 503, and it recovers by itself.

Both tests run the real stack: gunicorn in a subprocess, over HTTP.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.micromasters.test_views import BASE_DIR, free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_for(url, deadline=30):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            return get(url)
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """Collected static files, as the production image has them."""
    root = tmp_path_factory.mktemp("static")
    env = {**os.environ, "DEBUG": "1", "STATIC_ROOT": str(root)}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True
    )
    return root


def serve(database_url, static_root, **settings):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(static_root),
        **settings,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "micromasters.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--no-control-socket"],
        cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return process, f"http://127.0.0.1:{port}"


def test_pages_answer_a_friendly_503_when_the_database_is_unreachable(static_root):
    process, url = serve(f"postgres://postgres@127.0.0.1:{free_port()}/gone?connect_timeout=2", static_root)
    try:
        wait_for(url + "/robots.txt")

        for path in ("/programs/", "/programs/some-program/", "/advisor/result/?goal=skills", "/"):
            status, body = get(url + path)
            assert status == 503, path
            assert "We are back in a moment" in body, path
            assert "Traceback" not in body and "OperationalError" not in body
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def private_postgres():
    """A throwaway PostgreSQL cluster of our own, so the test may stop and start it."""
    if not (PG_BIN / "initdb").exists() or shutil.which("runuser") is None or os.geteuid() != 0:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"this test needs PostgreSQL's server programs in {PG_BIN} and root to run them")
        pytest.skip(f"needs PostgreSQL's server programs in {PG_BIN}")
    # Under /tmp itself: pytest's own temporary folders are closed to other users.
    folder = Path(tempfile.mkdtemp(prefix="micromasters-pg-"))
    folder.chmod(0o755)
    data, sockets = folder / "data", folder / "sockets"
    sockets.mkdir()
    shutil.chown(folder, "postgres")
    shutil.chown(sockets, "postgres")
    port = free_port()

    def pg(*args):
        subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, capture_output=True)

    pg(str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres")
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets}"

    def start():
        pg(str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(folder / "log"), "start")

    def stop():
        pg(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")

    start()
    url = f"postgres://postgres@127.0.0.1:{port}/postgres?connect_timeout=2"
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=BASE_DIR, env=env, check=True)
    yield url, start, stop
    stop()
    shutil.rmtree(folder, ignore_errors=True)


def test_the_site_recovers_by_itself_when_the_database_returns(private_postgres, static_root):
    database_url, start, stop = private_postgres
    # A page already cached is served for up to CATALOG_VERSION_MAX_AGE after the database goes (the
    # version a process read is still fresh): read it on every view, so the first request after the
    # stop meets the outage.
    process, url = serve(database_url, static_root, CATALOG_VERSION_MAX_AGE="0")
    try:
        assert wait_for(url + "/programs/")[0] == 200

        stop()
        down = [get(url + path)[0] for path in ("/programs/", "/healthz")]
        start()
        back = [get(url + path)[0] for path in ("/programs/", "/healthz")]

        assert down == [503, 503]
        assert back == [200, 200]
    finally:
        process.terminate()
        process.wait(timeout=10)
