"""The programs list against the research data itself (../shared/data), not the fixture built from it:
the count, and which programs a price filter keeps, recomputed here from the raw records."""

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from tests.catalog import lists
from tests.catalog.expected import in_dollars

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "micromasters_programs.json"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not DATA.is_file(), reason=f"the research data is not at {DATA} (it sits beside the repository)"
    ),
]

PAID_ROLES = {None, "required", "core", "capstone", "capstone_exam"}  # roles a learner pays for
LISTED_ROLES = {None, "required", "core", "capstone"}  # capstone exams are not counted as courses


def newest(observations):
    dated = [o for o in observations if o and o.get("amount") is not None]
    return max(dated, key=lambda o: o.get("year") or 0, default=None)


def raw_total(program, courses):
    """A program's total in US dollars from the raw records: every paid course's newest price (converted
    at the shipped rates), plus an exam fee not sold as a course; else the published total."""
    paid = [c for c in courses if c["role"] in PAID_ROLES]
    listed = [c for c in courses if c["role"] in LISTED_ROLES]
    prices = [
        newest([c["verified_certificate_price"], *(c.get("other_price_observations") or [])]) for c in paid
    ]
    fee = program["price"]["capstone_or_exam_fee"] or (program.get("capstone") or {}).get("fee")
    has_exam_course = any(c["role"] == "capstone_exam" for c in courses)
    if listed and (program["num_courses"] is None or len(listed) >= program["num_courses"]) and all(prices):
        total = sum(in_dollars(p["amount"], p["currency"], p.get("year")) for p in prices)
        if fee and not has_exam_course:
            total += in_dollars(fee["amount"], fee["currency"], fee.get("year"))
        return total
    published = program["price"]["total_program"]
    return Decimal(str(published["amount"])) if published else None


def test_the_list_counts_and_filters_by_price_as_the_research_data_says(client, real_catalog):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    courses = {}
    for course in data["courses"]:
        courses.setdefault(course["program_id"], []).append(course)
    # Electives and income-based prices follow rules of their own (tested against the fixture).
    plain = [
        p
        for p in data["programs"]
        if not p["price"]["income_based_pricing"]
        and not any(
            c["role"] == "elective" or (c["role"] or "").startswith("track") for c in courses.get(p["id"], [])
        )
    ]
    totals = {p["id"]: raw_total(p, courses.get(p["id"], [])) for p in plain}

    response, _ = lists.listed(client, reverse("catalog:program_list"))
    assert response.context["page_obj"].paginator.count == len(data["programs"]) == 80

    for limit in ("500", "1000", "2000", "5000", "1000000"):
        _, kept = lists.listed(client, reverse("catalog:program_list"), {"price_max": limit})
        expected = {slug for slug, total in totals.items() if total is not None and total <= Decimal(limit)}
        assert set(kept) & set(totals) == expected, limit
    assert Decimal("1991.64") == totals["mitx-supply-chain-management"].quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )
