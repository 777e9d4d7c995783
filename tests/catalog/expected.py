"""Expected figures computed straight from the catalog file, following docs/catalog-format.md,
without the ORM: the tests compare the site's derivations with these."""

import datetime
import json
import math
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

PAID = ("required", "capstone", "exam")
REQUIRED = ("required", "capstone")
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "catalog.json"
RATES = json.loads(FIXTURE.read_text(encoding="utf-8"))["exchange_rates"]


def money(value):
    return None if value is None else Decimal(str(value))


def in_dollars(amount, currency, year):
    """The format's rule, read from docs/catalog-format.md: the rate of the currency whose day (or,
    for a yearly average, 1 July of its year) is nearest to 1 July of the figure's year, later
    wins a tie; amount / units per dollar, rounded half up to cents. None without a rate."""
    amount = money(amount)
    if amount is None or currency == "USD":
        return amount
    rates = [r for r in RATES if r["currency"] == currency]
    if not rates:
        return None

    def stands_for(rate):
        day = datetime.date.fromisoformat(rate["date"])
        return datetime.date(day.year, 7, 1) if rate["period"] == "year" else day

    if year is None:
        rate = max(rates, key=lambda r: r["date"])
    else:
        middle = datetime.date(year, 7, 1)
        rate = min(rates, key=lambda r: (abs((stands_for(r) - middle).days), -stands_for(r).toordinal()))
    return (amount / Decimal(rate["units_per_usd"])).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def course_price(course):
    return in_dollars(course["price"], course["price_currency"], course["price_year"])


def total_price(program):
    summed = summed_total(program)
    return summed if summed is not None else money(program["published_total"])


def summed_total(program):
    """The sum of the course prices and fees, when every one needed is known; else None."""
    courses = program["courses"]
    required = [c for c in courses if c["kind"] in REQUIRED]
    paid = [c for c in courses if c["kind"] in PAID]
    electives = [c for c in courses if c["kind"] == "elective"]
    listed = bool(required) and (program["course_count"] is None or len(required) >= program["course_count"])
    electives_ok = program["electives_required"] == 0 or (
        electives and all(course_price(c) is not None for c in electives)
    )
    fee = in_dollars(program["exam_fee"], program["exam_fee_currency"], program["exam_fee_year"])
    fee_ok = program["exam_fee"] is None or fee is not None
    if listed and electives_ok and fee_ok and all(course_price(c) is not None for c in paid):
        cheapest = min((course_price(c) for c in electives), default=Decimal(0))
        return (
            sum((course_price(c) for c in paid), Decimal(0))
            + (fee or Decimal(0))
            + program["electives_required"] * cheapest
        )
    return None


def price_from(program):
    total = total_price(program)
    if total is not None:
        return total
    if program["income_price_min"] is not None and program["course_count"]:
        fee = in_dollars(program["exam_fee"], program["exam_fee_currency"], program["exam_fee_year"])
        return program["course_count"] * money(program["income_price_min"]) + (fee or 0)
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


def program_slugs(data, keep=lambda program: True):
    return {program["slug"] for program in data["programs"] if keep(program)}


def degree_slugs(data, keep=lambda degree: True):
    return {degree["slug"] for degree in data["degrees"] if keep(degree)}


def open_pathways(data):
    return [pathway for pathway in data["pathways"] if pathway["status"] != "retired"]


def programs_with_open_pathway(data):
    return {pathway["program"] for pathway in open_pathways(data)}


def university(data, slug):
    return next(u for u in data["universities"] if u["slug"] == slug)


def field(data, slug):
    return next(f for f in data["fields"] if f["slug"] == slug)
