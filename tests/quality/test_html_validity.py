"""Every page type is valid HTML to the W3C Nu HTML Checker (vnu.jar, run offline with the machine's Java)."""

import json
import subprocess

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from tests.pages import PAGES
from tests.quality.tools import vnu_command


@pytest.fixture
def vnu():
    return vnu_command()


@pytest.fixture
def page_files(client, real_catalog, tmp_path):
    """{page name: its HTML, written to a file} for every page in PAGES, and the 500 page."""
    pages = {}
    for name, path in PAGES:
        response = client.get(path)
        assert response.status_code in (200, 404), f"{name} ({path}) answered {response.status_code}"
        pages[name] = response.content
    pages["server error"] = server_error(RequestFactory().get("/")).content
    files = {}
    for number, (name, html) in enumerate(pages.items()):
        files[name] = tmp_path / f"page-{number}.html"
        files[name].write_bytes(html)
    return files


def nu_errors(vnu, files):
    """{file name: [the checker's messages]}, from one vnu.jar run over all the files (one JVM start)."""
    command = [*vnu, "--errors-only", "--format", "json", *map(str, files)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    # vnu.jar prints its JSON report on stderr and exits 1 when it finds errors.
    try:
        report = json.loads(run.stderr)
    except json.JSONDecodeError:
        pytest.fail(f"vnu.jar gave no report (exit {run.returncode}):\n{run.stderr[-3000:]}")
    errors = {}
    for message in report["messages"]:
        errors.setdefault(message.get("url", "").rsplit("/", 1)[-1], []).append(message)
    return errors


def describe(name, messages):
    lines = [f"{name} ({dict(PAGES).get(name, 'rendered by the view')}): {len(messages)} error(s)"]
    for message in messages:
        lines.append(f"  line {message.get('lastLine', '?')}: {message['message']}")
        if message.get("extract"):
            lines.append(f"    {' '.join(message['extract'].split())}")
    return "\n".join(lines)


def test_every_page_type_is_valid_html(vnu, page_files):
    errors = nu_errors(vnu, page_files.values())

    checker_failures = {file: messages for file, messages in errors.items() if not file.startswith("page-")}
    assert not checker_failures, f"the checker itself failed: {checker_failures}"
    invalid = {name: errors[file.name] for name, file in page_files.items() if file.name in errors}
    assert not invalid, "\n".join(describe(name, messages) for name, messages in invalid.items())
