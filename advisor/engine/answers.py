"""What the engine takes in: the learner's answers, the catalog's programs as options, and the
fixed assumptions every rule uses (each stated on the method page)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

GOALS = ("skills", "career_change", "promotion", "degree", "explore")
NEEDS_DEGREE = ("yes", "no", "unsure")
VERDICTS = ("micromasters", "pathway", "masters", "audit")

BUDGET_CURRENCY = "USD"
MAX_MATCHES = 5
CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def cents(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


# The questionnaire's bounds: a threshold outside them is never stated, since no link could carry it.
BUDGET_MAX = Decimal(10_000_000)
HOURS_MIN, HOURS_MAX = 1, 80
MONTHS_MIN, MONTHS_MAX = 1, 120

# A full-time degree asks a full working week: 35 hours, the line between part-time and full-time
# work in the U.S. Bureau of Labor Statistics' Current Population Survey.
FULL_TIME_HOURS = 35

# The affordability check of a pathway's remaining tuition, after Georgetown CEW's debt-to-earnings
# test (Graduate Degrees: Risky and Unequal Paths to the Top, 2024): master's debt repaid over 15
# years at 6.5% a year; payments above 10% of earnings fail.
LOAN_YEARS = 15
LOAN_RATE = Decimal("0.065")
DEBT_SHARE_MAX = Decimal("0.10")

GOAL_WORDS = {
    "skills": "want to build skills",
    "career_change": "want to change careers",
    "promotion": "are aiming for a promotion",
    "degree": "want a degree",
    "explore": "are exploring",
}


@dataclass(frozen=True)
class Answers:
    goal: str  # one of GOALS
    budget: Decimal  # total money available, USD, >= 0
    hours_per_week: int  # >= 1
    months: int  # months by which the learner wants to be done, >= 1
    has_bachelors: bool
    needs_degree: str  # one of NEEDS_DEGREE
    field: str | None = None  # a field slug
    program: str | None = None  # a program slug the learner is looking at
    salary: Decimal | None = None  # current yearly, USD
    expected_salary: Decimal | None = None  # yearly after the credential, USD
    employer_support: Decimal | None = None  # tuition help per year, USD

    @property
    def wants_degree(self) -> bool:
        return self.needs_degree == "yes" or self.goal == "degree"

    @property
    def degree_minded(self) -> bool:
        """Wants a degree and can be admitted to one."""
        return self.wants_degree and self.has_bachelors


@dataclass(frozen=True)
class CourseLoad:
    """One course of the credential: its length and the weekly hours it asks for."""

    weeks: int | None
    hours_per_week: int | None  # the upper end of the course's stated effort, or the program's
    hours_min: int | None = None  # the lower end, where stated


@dataclass(frozen=True)
class DegreeOption:
    """A full master's degree, as a learner would take it directly."""

    slug: str
    title: str
    university: str
    tuition: Decimal | None  # whole-degree tuition; None when not published
    currency: str
    months: int | None  # upper end of the stated length
    url: str  # the site's page for it
    full_time: bool = False  # on campus (or blended with time on campus): full-time hours


@dataclass(frozen=True)
class PathwayOption:
    """A credit pathway from the program into a degree, with the catalog's remainders."""

    degree: DegreeOption
    share_low: Decimal | None  # share of the degree the credential counts for (None: not stated)
    share_high: Decimal | None
    remaining_tuition: Decimal | None  # the catalog's: tuition x (1 - share_low), the most left to pay
    remaining_tuition_low: Decimal | None  # the catalog's: tuition x (1 - share_high), the least
    remaining_months: int | None  # the catalog's: ceil(degree months x (1 - share_low))
    conditions: str

    @cached_property
    def remaining_in_cents(self) -> Decimal | None:
        """`remaining_tuition` in whole cents, as every path adds it (worked out once: see ProgramOption)."""
        return None if self.remaining_tuition is None else cents(self.remaining_tuition)


@dataclass(frozen=True)
class IncomeTier:
    """One step of an income-based price: the total for learners earning up to `salary_up_to`."""

    salary_up_to: Decimal | None  # None: every salary above the previous tier
    total: Decimal


@dataclass(frozen=True)
class ProgramOption:
    slug: str
    title: str
    university: str
    field: str  # field slug
    field_name: str
    price: Decimal | None  # the total incl. every fee; for income-based pricing the top of the range
    income_based: bool  # True when the price depends on income (`price` is then the top)
    currency: str
    courses: tuple[CourseLoad, ...]  # required courses in order (may be incomplete: see course_count)
    course_count: int | None
    effort_hours_min: int | None  # program-level weekly effort from its sources
    effort_hours_max: int | None
    months_min: int | None  # the program's stated calendar, where sources give one
    months_max: int | None
    pathways: tuple[PathwayOption, ...]
    url: str  # the site's page for it
    price_floor: Decimal | None = None  # income-based: the lowest total (the best case)
    income_tiers: tuple[IncomeTier, ...] = ()  # published income tiers, lowest salary first
    pacing: str = ""  # "self_paced" | "instructor_led" | "mixed" | "" (not published)
    retired: bool = False
    status_note: str = ""  # the source's words on its status ("retired (last session summer 2021)")

    # Worked out once per option (it never changes): the engine's re-runs ask them hundreds of
    # times, and the site keeps each option for as long as its catalog version (selectors.py). A
    # cached_property keeps its value in the instance's __dict__, which a frozen dataclass's
    # equality and `dataclasses.replace` ignore.
    @cached_property
    def price_in_cents(self) -> Decimal | None:
        return None if self.price is None else cents(self.price)

    @cached_property
    def peak_hours(self) -> int | None:
        """The most weekly hours any course of the program asks for."""
        return self._most_hours("hours_per_week", "effort_hours_max")

    @cached_property
    def floor_hours(self) -> int | None:
        """The fewest weekly hours the most demanding course says it needs (the lower end of its effort)."""
        return self._most_hours("hours_min", "effort_hours_min")

    @cached_property
    def courses_complete(self) -> bool:
        """Every course is listed (as many as `course_count` says) with its length in weeks."""
        listed = self.courses
        return (
            bool(listed)
            and (self.course_count is None or len(listed) >= self.course_count)
            and all(course.weeks is not None for course in listed)
        )

    @cached_property
    def plans(self) -> dict[int, tuple[int | None, bool]]:
        """By weekly hours: the MicroMasters' months and whether its load is possible there, as the
        engine has worked them out so far (`Pricer.plan`)."""
        return {}

    @cached_property
    def plan_changes(self) -> dict[int, list[int]]:
        """By the most hours looked at: the hours up to them at which the plan changes, as the
        engine has found them so far (`thresholds.Search.hours_changes`)."""
        return {}

    def _most_hours(self, course_hours: str, program_hours: str) -> int | None:
        """The highest of the courses' `course_hours` and the program's `program_hours`, where stated."""
        stated = [getattr(course, course_hours) for course in self.courses]
        stated.append(getattr(self, program_hours))
        return max((hours for hours in stated if hours), default=None)
