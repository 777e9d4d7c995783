"""Catalog-based price ranges for programs whose price is not published.

An estimate is what the programs of the catalog with a known total and the same number of courses
cost: lowest to highest and the median, in whole dollars, how many programs and the years of their
prices (the newest figure of each program's record). It is never a
fact about the program: pages label it "estimate, not this program's price", and filters, sorts
and structured data never read it.
"""

import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from catalog.caching import per_version
from catalog.models import REQUIRED_KINDS, Program


@dataclass(frozen=True)
class PriceEstimate:
    course_count: int
    low: Decimal
    high: Decimal
    median: Decimal
    programs: int
    first_year: int | None
    last_year: int | None


def dollars(amount: Decimal) -> Decimal:
    """An estimate claims no cents."""
    return amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def courses_to_price(program) -> int | None:
    """How many courses a learner pays for: the stated count, else the required courses listed."""
    if program.course_count:
        return program.course_count
    listed = sum(course.kind in REQUIRED_KINDS for course in program.courses.all())
    return listed or None


def priced_programs(count: int) -> list[tuple]:
    """(pk, total price, facts year) of every program of `count` courses with a total, once per
    catalog version."""
    return per_version(
        f"priced programs of {count} courses",
        lambda: list(
            Program.objects.with_figures()
            .filter(course_count=count, total_price__isnull=False)
            .values_list("pk", "total_price", "facts_year")
        ),
    )


def price_estimate(program) -> PriceEstimate | None:
    """The range of known totals of programs with as many courses; None when the program has a
    price of its own or no other program of that size has one. `program` carries with_totals()."""
    if program.total_price is not None or program.income_total_min is not None:
        return None
    count = courses_to_price(program)
    if count is None:
        return None
    rows = [(total, year) for pk, total, year in priced_programs(count) if pk != program.pk]
    if not rows:
        return None
    totals = sorted(total for total, _ in rows)
    years = [year for _, year in rows if year]
    return PriceEstimate(
        course_count=count,
        low=dollars(totals[0]),
        high=dollars(totals[-1]),
        median=dollars(Decimal(statistics.median(totals))),
        programs=len(rows),
        first_year=min(years, default=None),
        last_year=max(years, default=None),
    )
