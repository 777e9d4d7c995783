"""The catalog converter (scripts/build_catalog.py) loaded for its tests, the files it writes, and
helpers that read the raw research data or change a copy of it."""

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "build_catalog.py"
FIXTURE = REPO / "fixtures" / "catalog.json"
REPORT = REPO / "fixtures" / "catalog-report.json"


def load_converter():
    sys.path.insert(0, str(SCRIPT.parent))  # its sibling modules, as when run as a script
    spec = importlib.util.spec_from_file_location("build_catalog", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, importlib.import_module("catalog_degrees")


build_catalog, catalog_degrees = load_converter()
DATA = build_catalog.DEFAULT_DATA
NEEDS_DATA = pytest.mark.skipif(not DATA.is_dir(), reason=f"research data not found at {DATA}")


def by_slug(records):
    return {record["slug"]: record for record in records}


def newest_price(raw_course):
    """The newest dated price of a raw course, with the others newest first (ties: data order)."""
    found = [raw_course["verified_certificate_price"]] + (raw_course.get("other_price_observations") or [])
    found = [item for item in found if item and item.get("amount") is not None]
    found.sort(key=lambda item: -(item.get("year") or 0))
    return found


def converted_courses(catalog, programs):
    """(raw course, the course the converter made of it, the raw course's prices newest first), for
    every course of the raw data."""
    converted = by_slug(catalog["programs"])
    for raw_course in programs["courses"]:
        course = next(
            c for c in converted[raw_course["program_id"]]["courses"] if c["position"] == raw_course["order"]
        )
        yield raw_course, course, newest_price(raw_course)


def copy_data(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("micromasters_programs.json", "degree_benchmarks.json"):
        shutil.copy(DATA / name, data / name)
    return data


def edit(path, change):
    content = json.loads(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(json.dumps(content), encoding="utf-8")
