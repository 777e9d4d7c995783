#!/usr/bin/env python3
"""Build fixtures/catalog.json from the MicroMasters research data.

Reads ``micromasters_programs.json`` and ``degree_benchmarks.json`` (documented in the data set's
README.md) and writes one catalog file in the format of docs/catalog-format.md, plus a report of
what it could not place. Standard library only; running it twice gives byte-identical output.

    python scripts/build_catalog.py [--data DIR] [--out PATH] [--report PATH]

The judgement calls (fields, caveats, which records are one degree, what a tuition figure is per)
live in ``catalog_rules.toml`` beside this script; the exchange rates, with their sources, in
``exchange_rates.toml``. The logic is here (sources, universities, assembly), in
``catalog_programs.py`` (programs, courses) and in ``catalog_degrees.py`` (degrees, pathways), with
shared helpers in ``catalog_common.py``:

* Nothing is invented: a missing fact stays null and the site says "not published".
* Several dated figures for one fact: the newest is the figure, the others its history.
* Every figure keeps the sources that state it (``figure_sources``); research notes go to the
  staff-only ``notes``; learners read only ``caveat``.
* A record that cannot be placed (a subject with no field) is left out and listed in the report by
  id with the reason. Data that breaks an invariant raises ``CatalogError`` naming the record.
"""

import argparse
import json
import sys
import tomllib
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from catalog_common import RULES, CatalogError, program_field, slugify
from catalog_degrees import SKIPPED_BENCHMARKS, build_degrees, build_pathway
from catalog_programs import build_program, enrichment_titles

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data"
DEFAULT_OUT = REPO_ROOT / "fixtures" / "catalog.json"
DEFAULT_REPORT = REPO_ROOT / "fixtures" / "catalog-report.json"
RATES_FILE = HERE / "exchange_rates.toml"

FORMAT_NAME = "micromasters-catalog"
FORMAT_VERSION = 1


# Loading and sources


def load_json(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle, parse_float=Decimal)  # 985.5 or 33.3 stay exact


def build_sources(programs_data: dict, bench_data: dict, rates: dict) -> dict:
    """All sources of both files and of the exchange rates, by id (one id, one source)."""
    raw = {}
    for source in programs_data["sources"] + bench_data["sources"] + rates["sources"]:
        known = raw.get(source["id"])
        if known is not None and known != source:
            raise CatalogError(f"source {source['id']}: two different records with this id")
        raw[source["id"]] = source
    return raw


def source_record(source: dict) -> dict:
    url = source.get("url") or ""
    record = {"key": source["id"], "url": url, "locator": "" if url else source.get("locator") or ""}
    shown = RULES["source_titles"].get(source["id"], {})
    record["title"] = shown.get("title", source["title"])
    if shown.get("publisher") or source.get("publisher"):
        record["publisher"] = shown.get("publisher", source.get("publisher"))
    record["year"] = source["year"]
    if source.get("type"):
        record["kind"] = source["type"]
    return record


def exchange_rates(rates: dict, raw_sources: dict) -> list[dict]:
    """Units per US dollar, 6 places, from the figures as their publishers quote them."""
    out = []
    for rate in rates["rates"]:
        if "per_usd" in rate:
            value = Decimal(rate["per_usd"])
        elif "usd_per_unit" in rate:
            value = 1 / Decimal(rate["usd_per_unit"])
        else:
            value = Decimal(rate["per_eur"]) / Decimal(rate["usd_per_eur"])
        if rate["source"] not in raw_sources:
            raise CatalogError(f"rate {rate['currency']} {rate['date']}: unknown source")
        out.append(
            {
                "currency": rate["currency"],
                "date": date.fromisoformat(rate["date"]).isoformat(),
                "period": rate["period"],
                "units_per_usd": str(value.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)),
                "source": rate["source"],
            }
        )
    return sorted(out, key=lambda r: (r["currency"], r["date"]))


# Universities and fields


def build_universities(programs_data: dict, bench_data: dict) -> tuple[dict, dict]:
    """University records, plus the benchmark institution name -> slug map."""
    universities, by_name = {}, {}
    for uni in programs_data["universities"]:
        universities[uni["id"]] = {
            "slug": uni["id"],
            "name": uni["name"],
            "short_name": uni["edx_org"] or "",
            "country": uni["country"] or "",  # "" = not established by the sources
            "website": "",  # no home pages in the data
        }
        by_name[uni["name"]] = uni["id"]
    institution_slugs = {}
    for bench in bench_data["degree_benchmarks"]:
        if bench["id"] in SKIPPED_BENCHMARKS:
            continue
        name = bench["institution"]
        slug = RULES["institution_aliases"].get(name) or by_name.get(name)
        if slug is None:  # a benchmark-only institution, as the benchmark names it
            slug = slugify(name)
            if not bench.get("country"):
                raise CatalogError(f"benchmark {bench['id']}: new institution without country")
            universities.setdefault(
                slug,
                {"slug": slug, "name": name, "short_name": "", "country": bench["country"], "website": ""},
            )
        if slug not in universities:
            raise CatalogError(f"benchmark {bench['id']}: alias points to unknown {slug}")
        institution_slugs[name] = slug
    return universities, institution_slugs


# Assembly


def build_catalog(data_dir: Path) -> tuple[dict, dict]:
    """The whole catalog, and the report of the records it could not place."""
    programs_data = load_json(data_dir / "micromasters_programs.json")
    bench_data = load_json(data_dir / "degree_benchmarks.json")
    with RATES_FILE.open("rb") as handle:
        rates = tomllib.load(handle)
    raw_sources = build_sources(programs_data, bench_data, rates)
    universities, institution_slugs = build_universities(programs_data, bench_data)

    unplaced = [
        {
            "kind": "program",
            "id": p["id"],
            "reason": f"subject {p['subject']!r} has no field in catalog_rules.toml",
        }
        for p in programs_data["programs"]
        if program_field(p) is None
    ]
    left_out = {item["id"] for item in unplaced}
    unplaced += [
        {"kind": kind, "id": record["id"], "reason": f"its program {record['program_id']} is left out"}
        for kind, key in (("course", "courses"), ("pathway", "pathways"))
        for record in programs_data[key]
        if record["program_id"] in left_out
    ]
    placed = [p for p in programs_data["programs"] if p["id"] not in left_out]
    degrees, pathway_degree = build_degrees(
        programs_data, bench_data, institution_slugs, raw_sources, {p["id"] for p in placed}
    )
    degrees_by_slug = {d["slug"]: d for d in degrees}
    verified = programs_data["generated_on"]
    titles = enrichment_titles(programs_data)
    programs = [
        build_program(p, programs_data["courses"], universities, raw_sources, verified, titles)
        for p in placed
    ]
    pathways = [
        build_pathway(p, degrees_by_slug[pathway_degree[p["id"]]], raw_sources, verified)
        for p in programs_data["pathways"]
        if p["program_id"] not in left_out
    ]
    used_fields = {p["field"] for p in programs} | {d["field"] for d in degrees if d["field"]}
    catalog = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "sources": sorted((source_record(s) for s in raw_sources.values()), key=lambda s: s["key"]),
        "fields": [{"slug": slug, "name": RULES["fields"][slug]} for slug in sorted(used_fields)],
        "universities": sorted(universities.values(), key=lambda u: u["slug"]),
        "exchange_rates": exchange_rates(rates, raw_sources),
        "degrees": sorted(degrees, key=lambda d: d["slug"]),
        "programs": sorted(programs, key=lambda p: p["slug"]),
        "pathways": sorted(pathways, key=lambda p: p["slug"]),
    }
    report = {
        "unplaced": sorted(unplaced, key=lambda r: (r["kind"], r["id"])),
        "skipped_benchmarks": SKIPPED_BENCHMARKS,
    }
    return catalog, report


def render(document: dict) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="research data folder (%(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="catalog file to write (%(default)s)")
    parser.add_argument("--report", type=Path, default=None, help="report file (default: beside --out)")
    args = parser.parse_args(argv)
    try:
        catalog, report = build_catalog(args.data)
    except CatalogError as error:
        print(f"build_catalog: {error}", file=sys.stderr)
        return 1
    report_path = args.report or args.out.with_name(args.out.stem + "-report.json")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(catalog), encoding="utf-8")
    report_path.write_text(render(report), encoding="utf-8")
    counts = ", ".join(
        f"{len(catalog[k])} {k}" for k in ("sources", "universities", "degrees", "programs", "pathways")
    )
    print(f"wrote {args.out}: {counts}; {len(report['unplaced'])} records not placed (see {report_path})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
