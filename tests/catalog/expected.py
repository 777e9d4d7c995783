"""Expected figures computed straight from the catalog file, following docs/catalog-format.md,
without the ORM: the tests compare the site's derivations with these."""

import math
import re
from decimal import Decimal

PAID = ("required", "capstone", "exam")
REQUIRED = ("required", "capstone")


def money(value):
    return None if value is None else Decimal(str(value))


def total_price(program):
    courses = program["courses"]
    required = [c for c in courses if c["kind"] in REQUIRED]
    paid = [c for c in courses if c["kind"] in PAID]
    electives = [c for c in courses if c["kind"] == "elective"]
    listed = bool(required) and (program["course_count"] is None or len(required) >= program["course_count"])
    electives_ok = program["electives_required"] == 0 or (
        electives and all(c["price"] is not None for c in electives)
    )
    if listed and electives_ok and all(c["price"] is not None for c in paid):
        cheapest = min((money(c["price"]) for c in electives), default=Decimal(0))
        return (
            sum((money(c["price"]) for c in paid), Decimal(0))
            + (money(program["exam_fee"]) or Decimal(0))
            + program["electives_required"] * cheapest
        )
    return money(program["published_total"])


def price_from(program):
    total = total_price(program)
    if total is not None:
        return total
    if program["income_price_min"] is not None and program["course_count"]:
        return program["course_count"] * money(program["income_price_min"]) + (
            money(program["exam_fee"]) or 0
        )
    return None


def total_weeks(program):
    required = [c for c in program["courses"] if c["kind"] in REQUIRED]
    if not required or (program["course_count"] and len(required) < program["course_count"]):
        return None
    if any(c["weeks"] is None for c in required):
        return None
    return sum(c["weeks"] for c in required)


def months_max(program):
    if program["months_max"] is not None or program["months_min"] is not None:
        return program["months_max"] if program["months_max"] is not None else program["months_min"]
    weeks = total_weeks(program)
    return None if weeks is None else math.ceil(weeks * 12 / 52)


def programs_with_open_pathway(data):
    return {pathway["program"] for pathway in data["pathways"] if pathway["status"] != "retired"}


def university(data, slug):
    return next(u for u in data["universities"] if u["slug"] == slug)


def field(data, slug):
    return next(f for f in data["fields"] if f["slug"] == slug)


def searchable_text(data, program):
    uni = university(data, program["university"])
    parts = [
        program["title"],
        program["summary"],
        uni["name"],
        uni["short_name"],
        field(data, program["field"])["name"],
    ]
    parts += [c["title"] for c in program["courses"]] + [c["code"] for c in program["courses"]]
    return " ".join(parts).lower()


def words(text):
    """Lowercase words with a plural 's' dropped, as English full-text stemming would."""
    return {
        word[:-1] if word.endswith("s") and len(word) > 3 else word
        for word in re.findall(r"\w+", text.lower())
    }
