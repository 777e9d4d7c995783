"""Build fixtures/reference.json: the sourced figures the advisor's method page cites.

Reads ../shared/data/degree_benchmarks.json and keeps, with their sources:
- the BLS earnings tables that give both the master's and the bachelor's median weekly earnings
  and come from a government statistics source (secondary copies are left out);
- the general MicroMasters facts (`micromasters_context`).
Nothing is computed but the weekly difference and its yearly equivalent (x 52), labelled so.

Usage: python scripts/build_reference.py [--data DIR] [--out PATH]
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULT_OUT = ROOT / "fixtures" / "reference.json"


def source(sources: dict, key: str) -> dict:
    item = sources[key]
    return {
        "key": key,
        "url": item.get("url") or "",
        "title": item["title"],
        "publisher": item.get("publisher") or "",
        "year": item.get("year"),
    }


def build(data: dict) -> dict:
    sources = {item["id"]: item for item in data["sources"]}
    earnings = []
    for table in data["earnings_by_education"]:
        weekly = table.get("median_weekly_earnings") or {}
        keys = table.get("sources") or []
        official = keys and all(sources[key].get("type") == "government_statistics" for key in keys)
        if (
            weekly.get("masters") is None
            or weekly.get("bachelors") is None
            or not official
            or not table.get("data_year")
        ):
            continue
        difference = weekly["masters"] - weekly["bachelors"]
        earnings.append(
            {
                "data_year": table["data_year"],
                "population": table.get("population") or "",
                "masters_weekly": weekly["masters"],
                "bachelors_weekly": weekly["bachelors"],
                "difference_weekly": difference,
                "difference_yearly": difference * 52,
                "sources": [source(sources, key) for key in keys],
            }
        )
    context = [
        {
            "fact": item["fact"],
            "year": item.get("year"),
            "sources": [source(sources, key) for key in item["sources"]],
        }
        for item in data["micromasters_context"]
    ]
    return {
        "earnings": sorted(earnings, key=lambda table: table["data_year"], reverse=True),
        "context": sorted(context, key=lambda item: -(item["year"] or 0)),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    data = json.loads((args.data / "degree_benchmarks.json").read_text(encoding="utf-8"))
    args.out.write_text(json.dumps(build(data), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
