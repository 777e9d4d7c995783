"""The advisor's reasoning: a learner's answers and candidate programs in, a verdict out.

Pure Python: no Django, no database. Frozen dataclasses in and out; money is Decimal in the
currency it was quoted in (quantized to cents), time is whole months. `recommend()` is the entry
point; the smaller functions are public so each formula can be tested on its own.

Paths, for one program (`cost_paths`)
-------------------------------------
- micromasters: cost = the program's total including every fee (`ProgramOption.price`); for
  income-based pricing that is the lowest total, and `income_based` labels it so.
  Months at the learner's h hours a week (`months_at_hours`):
    * every required course listed (at least `course_count`) with its weeks:
      weeks = sum(course weeks x max(1, course hours / h)), where course hours are the course's
      own, else the program's `effort_hours_max` (a course asking more than h stretches in
      proportion; unknown effort does not stretch, and a risk says so);
      months = ceil(weeks x 12 / 52), never shorter than the stated calendar (`months_min`,
      else `months_max`);
    * else, with a stated calendar: ceil(stated months x max(1, effort_hours_max / h));
    * else None: "not published", and fits_time is None. Never a guess.
  hours_per_week = min(h, the most any course asks); h when the effort is not published.
- pathway (one per credit pathway): cost = MicroMasters total + remaining tuition; months =
  MicroMasters months + remaining months. Both remainders come with the option, worked out by
  the catalog (degree tuition x (1 - lowest share); ceil(degree months x (1 - lowest share)));
  where the catalog has none, the pathway's cost or months are not published. When the two
  amounts are in different currencies nothing is added: cost is None, `currency` is the degree's
  and `parts` keeps each amount in its own currency.
- masters (one per degree a pathway leads to): the degree's tuition and months.
- audit: no credential, cost 0; months = the MicroMasters months (the same courses, same hours).

Money, for every path
---------------------
- out_of_pocket = max(0, cost - employer_support x years), years = max(1, ceil(months / 12));
  1 year when the months are unknown (the first year's support is the least that is certain).
- fits_budget = out_of_pocket <= budget, in USD only (the budget's currency). A cost in another
  currency gets None and a risk saying it is not converted (no dated exchange rate on file); USD
  employer support is not subtracted from it either (out_of_pocket None when support is given).
- payback_months = ceil(out_of_pocket / ((expected_salary - salary) / 12)) when both salaries are
  given and expected > salary, counted from when the higher salary starts; else None (a reason
  says "no raise, no payback"). Never for audit.
- fits_time = months <= the learner's months; None when the months are unknown.

Matches and focus
-----------------
Candidates are the options in `answers.field`; when none is in that field, all options, with a
reason saying so. Each candidate's route is its best pathway for a degree-minded learner (wants a
degree and has a bachelor's), else its MicroMasters. Ranked by: a pathway exists (degree-minded
only), then fit (fits budget and time < fits the budget only < over budget < can't be checked:
a known figure before an unknown one), then a pathway exists ('unsure' only), then out-of-pocket
in USD (unknown last), months (unknown last), slug. The first 5 are the matches. The focus is `answers.program` when it is among the options
(even outside the field), else the first match. A program's best pathway is ranked the same way
(fit, out-of-pocket, months, degree slug). The focus's paths are its MicroMasters, its best
pathway, the direct master's of that pathway's degree, and audit.

Verdict (the first rule that applies)
-------------------------------------
1. No program to price: audit.
2. Budget 0 and employer support (if any) doesn't cover the MicroMasters: audit; nothing but
   auditing is free.
3. The learner wants a degree (needs_degree "yes" or goal "degree", whatever the other answer
   says); a MicroMasters alone does not serve them, it is not a degree:
   a. no bachelor's: audit. Master's admission usually needs one and MicroMasters credit counts
      only on admission, so paying for it does not lead to the degree (the changes say what a
      bachelor's would open, and what the certificate alone would cost);
   b. the focus has no credit pathway: audit; its credential counts toward no master's on file
      (a change names the best-ranked match that has one);
   c. of the best pathway and its degree's direct master's, those fitting budget and time: the
      one with the lower out-of-pocket cost (the pathway on a tie; it usually is the cheaper
      route, since the credit removes 25-50% of the tuition);
   d. else of those two, the ones fitting the budget (not the time): the same choice;
   e. the MicroMasters fits the budget: pathway, the MicroMasters as the first, affordable step
      ("with a budget of at least $X the whole pathway fits");
   f. otherwise: audit.
4. Otherwise (skills, career change, promotion, explore, or 'unsure' about a degree): the
   MicroMasters fits the budget: micromasters (a fraction of a degree's cost and time; credit
   toward a master's if admitted later; 'explore' and 'unsure' take it as the low-risk step that
   keeps the degree open); else audit.
Time decides only between pathway and masters (3c-3d): auditing takes the same courses as the
MicroMasters, so a MicroMasters too long for the learner's months stays the verdict with a change
saying what it would take. When the time does not fit, a change says how many
hours a week would make it fit ("with N hours a week you would finish in M months").

Every verdict has reasons citing the learner's inputs and the numbers, and changes: the budget,
hours, months or bachelor's degree at which another verdict would apply.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from catalog import formatting

GOALS = ("skills", "career_change", "promotion", "degree", "explore")
NEEDS_DEGREE = ("yes", "no", "unsure")
VERDICTS = ("micromasters", "pathway", "masters", "audit")

BUDGET_CURRENCY = "USD"
MAX_MATCHES = 5
CENT = Decimal("0.01")
ZERO = Decimal("0.00")

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


@dataclass(frozen=True)
class CourseLoad:
    """One course of the credential: its length and the weekly hours it asks for."""

    weeks: int | None
    hours_per_week: int | None  # the upper end of the course's stated effort, or the program's


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


@dataclass(frozen=True)
class PathwayOption:
    """A credit pathway from the program into a degree."""

    degree: DegreeOption
    share_low: Decimal | None  # share of the degree the credential counts for (None: not stated)
    share_high: Decimal | None
    remaining_tuition: Decimal | None  # degree tuition x (1 - share_low): the most left to pay
    remaining_months: int | None  # degree months x (1 - share_low), rounded up
    conditions: str


@dataclass(frozen=True)
class ProgramOption:
    slug: str
    title: str
    university: str
    field: str  # field slug
    field_name: str
    price: Decimal | None  # the total incl. every fee; for income-based pricing the lowest total
    income_based: bool  # True when `price` is the low end of an income-based range
    currency: str
    courses: tuple[CourseLoad, ...]  # required courses in order (may be incomplete: see course_count)
    course_count: int | None
    effort_hours_min: int | None  # program-level weekly effort from its sources
    effort_hours_max: int | None
    months_min: int | None  # the program's stated calendar, where sources give one
    months_max: int | None
    pathways: tuple[PathwayOption, ...]
    url: str  # the site's page for it


@dataclass(frozen=True)
class Amount:
    value: Decimal
    currency: str


@dataclass(frozen=True)
class PathCost:
    """One way to go: what it costs, how long it takes, what it leads to and what can go wrong."""

    path: str  # one of VERDICTS
    label: str  # plain words for the path, e.g. "MicroMasters, then Master's in SCM"
    program_slug: str
    degree_slug: str | None  # the degree for pathway and masters
    cost: Decimal | None  # sticker price in `currency`; None when unpublished or in mixed currencies
    out_of_pocket: Decimal | None  # cost after employer support, in `currency`
    currency: str
    months: int | None
    hours_per_week: int | None  # weekly hours the MicroMasters part asks of the learner
    credential: str  # what the learner ends with, in plain words
    risks: tuple[str, ...]
    fits_budget: bool | None  # None: cost unknown or not in USD
    fits_time: bool | None  # None: months unknown
    payback_months: int | None
    income_based: bool  # the MicroMasters part is the lowest income-based price
    parts: tuple[Amount, ...] = ()  # the amounts the cost adds up, each in its own currency


@dataclass(frozen=True)
class ProgramMatch:
    option: ProgramOption
    micromasters: PathCost
    best_pathway: PathCost | None
    rank: int  # 1 = best fit
    fits: bool  # its route (see the module docstring) fits both budget and time


@dataclass(frozen=True)
class Recommendation:
    verdict: str  # one of VERDICTS
    headline: str
    reasons: tuple[str, ...]
    changes: tuple[str, ...]  # what would change the verdict
    paths: tuple[PathCost, ...]  # the focus's micromasters, best pathway, its master's, audit
    matches: tuple[ProgramMatch, ...]
    focus: ProgramOption | None

    @property
    def chosen(self) -> PathCost | None:
        """The path the verdict names."""
        return next((path for path in self.paths if path.path == self.verdict), None)


# Arithmetic


def cents(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def _peak_hours(option: ProgramOption) -> int | None:
    """The most weekly hours any course of the program asks for."""
    hours = [course.hours_per_week for course in option.courses if course.hours_per_week]
    if option.effort_hours_max:
        hours.append(option.effort_hours_max)
    return max(hours, default=None)


def _schedule(option: ProgramOption, hours_per_week: int) -> tuple[int | None, tuple[str, ...]]:
    """Months for the MicroMasters at the learner's hours, and notes on how they were found."""
    stated = option.months_min if option.months_min is not None else option.months_max
    listed = option.courses
    complete = (
        bool(listed)
        and (option.course_count is None or len(listed) >= option.course_count)
        and all(course.weeks is not None for course in listed)
    )
    notes = []
    if complete:
        weeks = Fraction(0)
        for course in listed:
            need = course.hours_per_week or option.effort_hours_max or hours_per_week
            weeks += course.weeks * max(Fraction(1), Fraction(need, hours_per_week))
        months = math.ceil(weeks * 12 / 52)
        if stated is not None and stated > months:
            months = stated
        if not all(course.hours_per_week or option.effort_hours_max for course in listed):
            notes.append("The weekly effort isn't published, so the time assumes your hours are enough.")
        return months, tuple(notes)
    if stated is None:
        return None, ("How long the program takes isn't published.",)
    notes.append(
        f"Not every course's length is published, so the time comes from the program's stated "
        f"calendar of {_months(stated)}."
    )
    factor = Fraction(1)
    if option.effort_hours_max:
        factor = max(factor, Fraction(option.effort_hours_max, hours_per_week))
    else:
        notes.append("The weekly effort isn't published, so the time assumes your hours are enough.")
    return math.ceil(stated * factor), tuple(notes)


def months_at_hours(option: ProgramOption, hours_per_week: int) -> int | None:
    """Calendar months of the MicroMasters at `hours_per_week` (rules in the module docstring)."""
    return _schedule(option, hours_per_week)[0]


def micromasters_months(answers: Answers, option: ProgramOption) -> int | None:
    return months_at_hours(option, answers.hours_per_week)


def hours_to_finish(option: ProgramOption, months: int) -> int | None:
    """The fewest hours a week that finish the MicroMasters within `months`; None if none can."""
    peak = _peak_hours(option)
    if peak is None:
        return None
    for hours in range(1, peak + 1):
        taken = months_at_hours(option, hours)
        if taken is None:
            return None
        if taken <= months:
            return hours
    return None


def study_years(months: int | None) -> int:
    return max(1, math.ceil(months / 12)) if months else 1


def out_of_pocket(cost: Decimal, months: int | None, employer_support: Decimal | None) -> Decimal:
    """Cost minus the employer's support for each (started) year of study, never below zero."""
    support = (employer_support or ZERO) * study_years(months)
    return cents(max(ZERO, cost - support))


def payback_months(
    out_of_pocket: Decimal | None, salary: Decimal | None, expected_salary: Decimal | None
) -> int | None:
    """Months of the raise it takes to earn back what the learner paid; None without a raise."""
    if out_of_pocket is None or salary is None or expected_salary is None or expected_salary <= salary:
        return None
    return math.ceil(out_of_pocket / ((expected_salary - salary) / 12))


# Paths


@dataclass(frozen=True)
class _Settled:
    out_of_pocket: Decimal | None
    fits_budget: bool | None
    payback_months: int | None
    risks: tuple[str, ...]


def _settle(answers: Answers, cost: Decimal | None, currency: str, months: int | None) -> _Settled:
    if cost is None:
        return _Settled(None, None, None, ())
    if currency != BUDGET_CURRENCY:
        risks = [
            f"Quoted in {currency} and not converted to dollars (no dated exchange rate on file), "
            "so it isn't compared with your budget."
        ]
        if answers.employer_support:
            risks.append("Your employer support is in dollars, so it isn't subtracted from it.")
            return _Settled(None, None, None, tuple(risks))
        return _Settled(cost, None, None, tuple(risks))
    paid = out_of_pocket(cost, months, answers.employer_support)
    payback = payback_months(paid, answers.salary, answers.expected_salary)
    return _Settled(paid, paid <= answers.budget, payback, ())


def _fits_time(answers: Answers, months: int | None) -> bool | None:
    return None if months is None else months <= answers.months


def _micromasters_path(answers: Answers, option: ProgramOption) -> PathCost:
    months, notes = _schedule(option, answers.hours_per_week)
    cost = None if option.price is None else cents(option.price)
    settled = _settle(answers, cost, option.currency, months)
    risks = ["Not a degree: a graduate-level certificate, worth credit only where a university admits you."]
    if cost is None:
        risks.append("The price isn't published.")
    if option.income_based and cost is not None:
        risks.append(
            f"Income-based price: {_money(cost, option.currency)} is the lowest total; "
            "what you pay depends on your income."
        )
    peak = _peak_hours(option)
    return PathCost(
        path="micromasters",
        label="MicroMasters only",
        program_slug=option.slug,
        degree_slug=None,
        cost=cost,
        out_of_pocket=settled.out_of_pocket,
        currency=option.currency,
        months=months,
        hours_per_week=min(answers.hours_per_week, peak) if peak else answers.hours_per_week,
        credential=f"{option.title} certificate from {option.university} (not a degree)",
        risks=(*risks, *notes, *settled.risks),
        fits_budget=settled.fits_budget,
        fits_time=_fits_time(answers, months),
        payback_months=settled.payback_months,
        income_based=option.income_based,
        parts=() if cost is None else (Amount(cost, option.currency),),
    )


def _admission_risks(answers: Answers, degree: DegreeOption) -> list[str]:
    bachelors = "." if answers.has_bachelors else "; you said you don't have one."
    return [
        f"Admission isn't guaranteed: {degree.university} decides who is admitted to the {degree.title}.",
        f"Admission usually needs a bachelor's degree{bachelors}",
    ]


def _pathway_path(
    answers: Answers, option: ProgramOption, micromasters: PathCost, pathway: PathwayOption
) -> PathCost:
    degree = pathway.degree
    # The catalog derives what is left (catalog.pricing); None there means not published here.
    remaining = None if pathway.remaining_tuition is None else cents(pathway.remaining_tuition)
    rest_months = pathway.remaining_months
    months = None
    if micromasters.months is not None and rest_months is not None:
        months = micromasters.months + rest_months

    risks = _admission_risks(answers, degree)
    risks.append("The MicroMasters credit counts toward the degree only once you are admitted.")
    if micromasters.cost is None:
        risks.append("The MicroMasters price isn't published.")
    if degree.tuition is None and remaining is None:
        risks.append(f"The tuition of the {degree.title} isn't published.")
    elif remaining is None:
        risks.append("The credit the MicroMasters counts for isn't stated, so the rest can't be worked out.")
    elif degree.tuition is not None and (pathway.share_high or 0) > (pathway.share_low or 0):
        least = cents(degree.tuition * (1 - pathway.share_high))
        risks.append(
            f"If the credit counts for more, the rest costs as little as {_money(least, degree.currency)}."
        )
    if pathway.conditions:
        risks.append(pathway.conditions)

    parts = tuple(micromasters.parts)
    if remaining is not None:
        parts += (Amount(remaining, degree.currency),)
    cost = None
    if micromasters.cost is not None and remaining is not None:
        if option.currency == degree.currency:
            cost = micromasters.cost + remaining
        else:
            risks.append(
                f"The MicroMasters is priced in {option.currency} and the rest of the degree in "
                f"{degree.currency}; they aren't added up without a dated exchange rate."
            )
    currency = option.currency if cost is not None else degree.currency
    settled = _settle(answers, cost, currency, months)
    return PathCost(
        path="pathway",
        label=f"MicroMasters, then {degree.title}",
        program_slug=option.slug,
        degree_slug=degree.slug,
        cost=cost,
        out_of_pocket=settled.out_of_pocket,
        currency=currency,
        months=months,
        hours_per_week=micromasters.hours_per_week,
        credential=f"{degree.title} from {degree.university}, with the MicroMasters counted toward it",
        risks=(*risks, *settled.risks),
        fits_budget=settled.fits_budget,
        fits_time=_fits_time(answers, months),
        payback_months=settled.payback_months,
        income_based=option.income_based,
        parts=parts,
    )


def _masters_path(answers: Answers, option: ProgramOption, degree: DegreeOption) -> PathCost:
    cost = None if degree.tuition is None else cents(degree.tuition)
    settled = _settle(answers, cost, degree.currency, degree.months)
    risks = _admission_risks(answers, degree)
    if cost is None:
        risks.append(f"The tuition of the {degree.title} isn't published.")
    if degree.months is None:
        risks.append(f"The length of the {degree.title} isn't published.")
    return PathCost(
        path="masters",
        label=f"{degree.title} directly",
        program_slug=option.slug,
        degree_slug=degree.slug,
        cost=cost,
        out_of_pocket=settled.out_of_pocket,
        currency=degree.currency,
        months=degree.months,
        hours_per_week=None,
        credential=f"{degree.title} from {degree.university}",
        risks=(*risks, *settled.risks),
        fits_budget=settled.fits_budget,
        fits_time=_fits_time(answers, degree.months),
        payback_months=settled.payback_months,
        income_based=False,
        parts=() if cost is None else (Amount(cost, degree.currency),),
    )


def _audit_path(answers: Answers, option: ProgramOption, micromasters: PathCost) -> PathCost:
    return PathCost(
        path="audit",
        label="Audit for free",
        program_slug=option.slug,
        degree_slug=None,
        cost=ZERO,
        out_of_pocket=ZERO,
        currency=BUDGET_CURRENCY,
        months=micromasters.months,
        hours_per_week=micromasters.hours_per_week,
        credential="None: you learn the material without a certificate or credit",
        risks=("No certificate and no credit toward a degree.",),
        fits_budget=True,
        fits_time=micromasters.fits_time,
        payback_months=None,
        income_based=False,
    )


def cost_paths(answers: Answers, option: ProgramOption) -> list[PathCost]:
    """Every path for one program: its MicroMasters, each pathway, each pathway's degree directly, audit."""
    micromasters = _micromasters_path(answers, option)
    paths = [micromasters]
    paths += [_pathway_path(answers, option, micromasters, pathway) for pathway in option.pathways]
    degrees = {pathway.degree.slug: pathway.degree for pathway in option.pathways}
    paths += [_masters_path(answers, option, degree) for degree in degrees.values()]
    paths.append(_audit_path(answers, option, micromasters))
    return paths


# Ranking


def _fit_class(path: PathCost) -> int:
    """0 fits budget and time, 1 the budget only, 2 over budget, 3 can't be checked (a known figure first)."""
    if path.fits_budget is None:
        return 3
    if not path.fits_budget:
        return 2
    return 0 if path.fits_time is True else 1


def _fits(path: PathCost | None) -> bool:
    return path is not None and path.fits_budget is True and path.fits_time is True


def _affordable(path: PathCost | None) -> bool:
    return path is not None and path.fits_budget is True


def _path_key(path: PathCost) -> tuple:
    in_dollars = path.out_of_pocket is not None and path.currency == BUDGET_CURRENCY
    return (
        _fit_class(path),
        (0, path.out_of_pocket) if in_dollars else (1, ZERO),
        path.months if path.months is not None else math.inf,
    )


def _best_pathway(paths: list[PathCost]) -> PathCost | None:
    pathways = [path for path in paths if path.path == "pathway"]
    return min(pathways, key=lambda path: (*_path_key(path), path.degree_slug), default=None)


def _wants_degree(answers: Answers) -> bool:
    return answers.needs_degree == "yes" or answers.goal == "degree"


def _rank(answers: Answers, options: list[ProgramOption]) -> list[ProgramMatch]:
    degree_minded = _wants_degree(answers) and answers.has_bachelors
    unsure = answers.needs_degree == "unsure"
    rows = []
    for option in options:
        paths = cost_paths(answers, option)
        micromasters, pathway = paths[0], _best_pathway(paths)
        route = pathway if degree_minded and pathway else micromasters
        no_pathway = int(pathway is None)
        key = (
            no_pathway if degree_minded else 0,
            _fit_class(route),
            no_pathway if unsure else 0,
            *_path_key(route)[1:],
            option.slug,
        )
        rows.append((key, option, micromasters, pathway, _fits(route)))
    rows.sort(key=lambda row: row[0])
    return [
        ProgramMatch(option, micromasters, pathway, rank, fits)
        for rank, (_, option, micromasters, pathway, fits) in enumerate(rows, start=1)
    ]


# Words


def _money(amount: Decimal | None, currency: str) -> str:
    """ "$1,350", "$1,350.50", "€24,300", "HK$242,000": the site's one money format."""
    if amount is None:
        return "an unpublished amount"
    return formatting.money(amount, currency)


def _dollars(amount: Decimal) -> str:
    return _money(amount, BUDGET_CURRENCY)


def _months(months: int | None) -> str:
    if months is None:
        return "an unpublished number of months"
    return "1 month" if months == 1 else f"{months} months"


def _hours(hours: int) -> str:
    return "1 hour" if hours == 1 else f"{hours} hours"


def _cost_text(path: PathCost) -> str:
    """The cost, or its amounts in their own currencies ("$1,350 + €12,150") when they can't be added."""
    if path.cost is None and len(path.parts) > 1:
        return " + ".join(_money(part.value, part.currency) for part in path.parts)
    return _money(path.cost, path.currency)


def _named(path: PathCost, title: str) -> str:
    """The path's cost and title: "the $1,350 <title>", or "the <title> (price not published)"."""
    if path.cost is None and len(path.parts) < 2:
        return f"the {title} (price not published)"
    return f"the {_cost_text(path)} {title}"


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:]


def _budget_text(answers: Answers, path: PathCost, what: str) -> str:
    """How `path` stands against the budget: "Your budget of $2,000 covers the $1,350 <what>."."""
    budget = _dollars(answers.budget)
    if path.cost is None and len(path.parts) < 2:
        return f"The price of the {what} isn't published, so it can't be checked against your budget of {budget}."
    if path.fits_budget is None:
        return (
            f"The {what} costs {_cost_text(path)}, not all in dollars, so it isn't compared with your "
            f"budget of {budget} (no dated exchange rate on file)."
        )
    price = _cost_text(path)
    support = ", at the lowest income-based price" if path.income_based else ""
    if answers.employer_support and path.out_of_pocket != path.cost:
        years = study_years(path.months)
        support += (
            f", after your employer's {_dollars(answers.employer_support)} a year for {years} "
            f"year{'s' if years > 1 else ''} (you pay {_dollars(path.out_of_pocket)})"
        )
    if path.fits_budget:
        return f"Your budget of {budget} covers the {price} {what}{support}."
    short = _dollars(path.out_of_pocket - answers.budget)
    return f"Your budget of {budget} is {short} short of the {price} {what}{support}."


def _time_text(answers: Answers, path: PathCost, what: str) -> str:
    """The path's months against the learner's, e.g. "At your 6 hours a week the MicroMasters takes 30 months"."""
    if path.months is None:
        return f"How long the {what} takes isn't published, so it can't be checked against your {_months(answers.months)}."
    at = {
        "micromasters": f"at your {_hours(answers.hours_per_week)} a week ",
        "pathway": f"with the MicroMasters at your {_hours(answers.hours_per_week)} a week, ",
    }.get(path.path, "")
    within = "within" if path.fits_time else "more than"
    return _sentence(
        f"{at}the {what} takes {_months(path.months)}, {within} the {_months(answers.months)} you gave."
    )


def _hours_change(answers: Answers, option: ProgramOption, micromasters: PathCost) -> list[str]:
    """The weekly hours that would make the MicroMasters fit the learner's months, or finish sooner."""
    peak = _peak_hours(option)
    if micromasters.months is None or peak is None:
        return []
    if micromasters.fits_time is False:
        hours = hours_to_finish(option, answers.months)
        if hours is None:
            fastest = months_at_hours(option, peak)
            return [
                f"Even at {_hours(peak)} a week (the most its courses ask) the MicroMasters takes "
                f"{_months(fastest)}; it fits a time frame of at least {_months(fastest)}."
            ]
        return [f"With {_hours(hours)} a week you would finish in {_months(months_at_hours(option, hours))}."]
    fastest = months_at_hours(option, peak)
    if answers.hours_per_week < peak and fastest < micromasters.months:
        return [f"With {_hours(peak)} a week you would finish in {_months(fastest)}."]
    return []


def _payback_text(answers: Answers, path: PathCost) -> list[str]:
    if answers.salary is None or answers.expected_salary is None:
        return []
    now, then = _dollars(answers.salary), _dollars(answers.expected_salary)
    if answers.expected_salary <= answers.salary:
        return [f"You expect no raise ({now} now, {then} after), so the cost doesn't pay back in salary."]
    if path.payback_months is None:
        return []
    monthly = _dollars((answers.expected_salary - answers.salary) / 12)
    return [
        f"With a raise from {now} to {then} ({monthly} a month), the {_dollars(path.out_of_pocket)} "
        f"you pay comes back in {_months(path.payback_months)}."
    ]


def _threshold(path: PathCost | None, what: str) -> list[str]:
    """The budget at which a path now over it would fit: "With a budget of at least $X <what> fits"."""
    if path is None or path.fits_budget is not False:
        return []
    return [f"With a budget of at least {_dollars(path.out_of_pocket)} {what} fits."]


# Verdict


@dataclass(frozen=True)
class _Focus:
    option: ProgramOption
    micromasters: PathCost
    pathway: PathCost | None
    masters: PathCost | None
    audit: PathCost
    degree: str  # the best pathway's degree title; "a master's" without one


@dataclass(frozen=True)
class _Outcome:
    verdict: str
    headline: str
    reasons: list[str]
    changes: list[str]


def _degree_title(option: ProgramOption, path: PathCost) -> str:
    return next(p.degree.title for p in option.pathways if p.degree.slug == path.degree_slug)


def _focus_paths(answers: Answers, option: ProgramOption) -> _Focus:
    paths = cost_paths(answers, option)
    pathway = _best_pathway(paths)
    if pathway is None:
        return _Focus(option, paths[0], None, None, paths[-1], "a master's")
    masters = next(p for p in paths if p.path == "masters" and p.degree_slug == pathway.degree_slug)
    return _Focus(option, paths[0], pathway, masters, paths[-1], _degree_title(option, pathway))


def _need_words(answers: Answers) -> str:
    return "You said you need a master's degree" if answers.needs_degree == "yes" else "You want a degree"


def _decide(answers: Answers, focus: _Focus, ranked: list[ProgramMatch]) -> _Outcome:
    """Rules 2-4 of the module docstring, in order."""
    mm, pw, ma = focus.micromasters, focus.pathway, focus.masters
    if answers.budget == 0 and not _affordable(mm):
        return _audit_verdict(answers, focus, _no_money_reasons(answers, focus))
    if not _wants_degree(answers):
        if _affordable(mm):
            return _micromasters_verdict(answers, focus)
        return _audit_verdict(answers, focus, [_budget_text(answers, mm, focus.option.title)])
    if not answers.has_bachelors:
        return _no_bachelors_verdict(answers, focus)
    if pw is None:
        return _no_pathway_verdict(answers, focus, ranked)
    for fit in (_fits, _affordable):
        routes = [path for path in (pw, ma) if fit(path)]
        if routes:
            route = min(routes, key=lambda path: (path.out_of_pocket, path.path != "pathway"))
            return _pathway_verdict(answers, focus) if route is pw else _masters_verdict(answers, focus)
    if _affordable(mm):
        return _pathway_verdict(answers, focus)
    reasons = [
        _budget_text(answers, mm, f"{focus.option.title}, the first step of the pathway"),
        f"{_need_words(answers)} and have a bachelor's degree, but neither the pathway ({_cost_text(pw)}) "
        f"nor the master's directly ({_cost_text(ma)}) is known to fit your budget of {_dollars(answers.budget)}.",
    ]
    return _audit_verdict(answers, focus, reasons)


def _no_money_reasons(answers: Answers, focus: _Focus) -> list[str]:
    if answers.employer_support:
        why = f"your employer's {_dollars(answers.employer_support)} a year doesn't cover"
    else:
        why = "you gave no employer support to cover"
    return [f"Your budget is $0 and {why} {_named(focus.micromasters, focus.option.title)}."]


def _audit_verdict(answers: Answers, focus: _Focus, reasons: list[str]) -> _Outcome:
    """Audit because the money isn't there: what the learner gets and the budget that would change it."""
    mm, pw = focus.micromasters, focus.pathway
    reasons = [*reasons, "Auditing its courses is free; it gives no certificate and no credit."]
    changes = _threshold(mm, "the MicroMasters")
    if mm.fits_budget is None:
        changes.append(
            f"If its price turns out to be at most your budget of {_dollars(answers.budget)}, the MicroMasters fits."
        )
    if _wants_degree(answers) and answers.has_bachelors:
        changes += _threshold(pw, f"the pathway into the {focus.degree}")
    changes += _hours_change(answers, focus.option, mm)
    return _Outcome("audit", f"Audit the courses of the {focus.option.title} for free", reasons, changes)


def _no_bachelors_verdict(answers: Answers, focus: _Focus) -> _Outcome:
    mm, pw = focus.micromasters, focus.pathway
    reasons = [
        f"{_need_words(answers)} but don't have a bachelor's degree, which master's admission usually needs.",
        f"A MicroMasters is not a degree and its credit counts toward one only on admission, so "
        f"{_named(mm, focus.option.title)} alone would not get you the master's. Auditing its courses "
        "is free; it gives no certificate.",
    ]
    if pw is not None:
        changes = [
            f"With a bachelor's degree, the pathway into the {focus.degree} would be open: {_cost_text(pw)} "
            f"and {_months(pw.months)}, if you are admitted."
        ]
    else:
        changes = [
            "With a bachelor's degree, a MicroMasters with a credit pathway could count toward a master's."
        ]
    if _affordable(mm):
        changes.append(
            f"If a certificate without a degree would do, the {_cost_text(mm)} MicroMasters fits your budget of "
            f"{_dollars(answers.budget)} and takes {_months(mm.months)}."
        )
    return _Outcome("audit", f"Audit the courses of the {focus.option.title} for free", reasons, changes)


def _no_pathway_verdict(answers: Answers, focus: _Focus, ranked: list[ProgramMatch]) -> _Outcome:
    reasons = [
        f"{_need_words(answers)}; the {focus.option.title} counts toward no master's degree on file and is not "
        f"a degree itself, so {_named(focus.micromasters, 'certificate')} would not get you one. Auditing its courses "
        "is free; it gives no certificate."
    ]
    other = next((m for m in ranked if m.best_pathway and m.option.slug != focus.option.slug), None)
    if other is None:
        changes = [
            "A MicroMasters with a credit pathway would change this: its credit lowers a master's tuition."
        ]
    else:
        changes = [
            f"The {other.option.title} counts toward the {_degree_title(other.option, other.best_pathway)}: "
            f"{_cost_text(other.best_pathway)} and {_months(other.best_pathway.months)} through its pathway."
        ]
    return _Outcome("audit", f"Audit the courses of the {focus.option.title} for free", reasons, changes)


def _micromasters_verdict(answers: Answers, focus: _Focus) -> _Outcome:
    option, mm, pw, ma = focus.option, focus.micromasters, focus.pathway, focus.masters
    if answers.goal == "explore":
        lead = "You are exploring, and the MicroMasters is the low-risk step"
    elif answers.needs_degree == "unsure" and pw is not None:
        lead = "You aren't sure you need a degree, and the MicroMasters keeps that option open"
    elif answers.needs_degree == "unsure":
        lead = "You aren't sure you need a degree, and the MicroMasters commits you to none"
    else:
        lead = f"You {GOAL_WORDS[answers.goal]} and said you don't need a degree; the MicroMasters fits that"
    share = ""
    if (
        ma is not None
        and ma.cost
        and mm.cost is not None
        and ma.currency == mm.currency
        and mm.cost < ma.cost
    ):
        percent = round(mm.cost / ma.cost * 100)
        share = f", {f'{percent}%' if percent >= 1 else 'under 1%'} of the {_money(ma.cost, ma.currency)} master's"
    time = "" if mm.months is None else f", over {_months(mm.months)} at your hours"
    credit = f"; it counts toward the {focus.degree} if you are admitted later" if pw else ""
    reasons = [
        f"{lead}: {_cost_text(mm)}{share}{time}{credit}.",
        _budget_text(answers, mm, option.title),
        _time_text(answers, mm, "MicroMasters"),
        *_payback_text(answers, mm),
    ]
    changes = []
    if mm.out_of_pocket:
        changes.append(
            f"With a budget below {_dollars(mm.out_of_pocket)}, auditing for free would be the advice."
        )
    changes += _hours_change(answers, option, mm)
    if pw is not None and (pw.cost is not None or len(pw.parts) > 1):
        changes.append(
            f"If you need a master's later, the pathway into the {focus.degree} costs {_cost_text(pw)} in all "
            f"and takes {_months(pw.months)}, if you are admitted."
        )
    return _Outcome("micromasters", f"Take the {option.title}", reasons, changes)


def _pathway_verdict(answers: Answers, focus: _Focus) -> _Outcome:
    mm, pw, ma = focus.micromasters, focus.pathway, focus.masters
    who = f"{_need_words(answers)} and have a bachelor's degree"
    if _affordable(pw):
        versus = ""
        if ma is not None and ma.cost is not None and ma.currency == pw.currency and ma.cost > pw.cost:
            versus = (
                f", {_money(ma.cost - pw.cost, ma.currency)} less than the {_cost_text(ma)} master's directly"
            )
        parts = " + ".join(_money(part.value, part.currency) for part in pw.parts)
        reasons = [
            f"{who}: the credit pathway gets you there for {_cost_text(pw)} in all ({parts}){versus}.",
            _budget_text(answers, pw, f"pathway into the {focus.degree}"),
        ]
    else:
        if pw.fits_budget is False:
            whole = f" but not the {_cost_text(pw)} pathway"
        else:
            whole = f"; the whole pathway ({_cost_text(pw)}) can't be checked against it"
        reasons = [
            f"{who}. Your budget of {_dollars(answers.budget)} covers the {_cost_text(mm)} MicroMasters{whole}, "
            f"so start with the MicroMasters: it is the first part of the {focus.degree} if you are admitted.",
        ]
    reasons += [
        _time_text(answers, pw, "pathway"),
        f"Admission isn't guaranteed: the MicroMasters counts toward the {focus.degree} only if you are admitted.",
        *_payback_text(answers, pw),
    ]
    changes = _threshold(pw, "the whole pathway") + _hours_change(answers, focus.option, mm)
    if ma is not None and ma.months is not None and pw.months is not None and ma.months < pw.months:
        changes.append(
            f"If you needed the degree within {_months(ma.months)}, only the master's directly is that fast: "
            f"{_cost_text(ma)}."
        )
    changes.append(
        f"If a certificate without a degree would do, the MicroMasters alone costs {_cost_text(mm)}."
    )
    return _Outcome(
        "pathway", f"Start with the MicroMasters, then apply to the {focus.degree}", reasons, changes
    )


def _masters_verdict(answers: Answers, focus: _Focus) -> _Outcome:
    pw, ma = focus.pathway, focus.masters
    if pw.fits_budget is None:
        why = f"the pathway's cost can't be checked against your budget ({_cost_text(pw)})"
    elif not pw.fits_budget:
        why = f"the pathway's {_cost_text(pw)} is over your budget"
    elif pw.fits_time is False:
        why = f"the pathway takes {_months(pw.months)}, more than the {_months(answers.months)} you gave"
    elif pw.fits_time is None and ma.fits_time:
        why = "how long the pathway takes isn't published"
    else:
        why = f"the pathway costs more: {_cost_text(pw)} against {_cost_text(ma)}"
    reasons = [
        f"{_need_words(answers)} and have a bachelor's degree; {why}.",
        _budget_text(answers, ma, f"{focus.degree} directly"),
        _time_text(answers, ma, "master's"),
        *_payback_text(answers, ma),
    ]
    changes = _threshold(pw, "the pathway")
    if pw.months is not None and pw.fits_time is False:
        changes.append(
            f"With at least {_months(pw.months)} to spare, the pathway would fit your time"
            + (f", for {_cost_text(pw)}." if _affordable(pw) else ".")
        )
    if pw.fits_budget is None:
        changes.append("Once the pathway's cost can be compared, it may be the cheaper route.")
    return _Outcome("masters", f"Apply to the {focus.degree} directly", reasons, changes)


def _in_field(answers: Answers, options: list[ProgramOption]) -> tuple[list[ProgramOption], list[str]]:
    """The options in the learner's field, else all of them with a note saying so."""
    if not answers.field:
        return list(options), []
    in_field = [option for option in options if option.field == answers.field]
    if in_field:
        return in_field, []
    note = f"No program matches the field you chose ({answers.field}), so the matches come from every field."
    return list(options), [note]


def _ranking_reason(answers: Answers, option: ProgramOption, candidates: list[ProgramOption]) -> str:
    field = f" in {option.field_name}" if answers.field == option.field else ""
    if len(candidates) == 1:
        return f"The {option.title} is the only program{field} in the catalog."
    return (
        f"The {option.title} ranks first of the {len(candidates)} programs{field} for your budget of "
        f"{_dollars(answers.budget)} and {_months(answers.months)}."
    )


def recommend(answers: Answers, options: list[ProgramOption]) -> Recommendation:
    """The verdict for `answers` over the catalog's `options` (rules in the module docstring)."""
    candidates, notes = _in_field(answers, options)
    ranked = _rank(answers, candidates)
    named = next((option for option in options if option.slug == answers.program), None)
    if answers.program and named is None:
        notes.append(
            f"The program you named ({answers.program}) isn't in the catalog, so the best match is shown."
        )
    focus_option = named or (ranked[0].option if ranked else None)
    if focus_option is None:
        return Recommendation(
            verdict="audit",
            headline="Audit free courses",
            reasons=("No program is in the catalog to price, so auditing free courses is the only advice.",),
            changes=("With programs in the catalog, the advice would weigh their cost and time.",),
            paths=(),
            matches=(),
            focus=None,
        )

    focus = _focus_paths(answers, focus_option)
    outcome = _decide(answers, focus, ranked)
    reasons = notes + outcome.reasons
    if named is None:
        reasons.append(_ranking_reason(answers, focus_option, candidates))
    paths = (focus.micromasters, focus.pathway, focus.masters, focus.audit)
    return Recommendation(
        verdict=outcome.verdict,
        headline=outcome.headline,
        reasons=tuple(reasons),
        changes=tuple(dict.fromkeys(outcome.changes)),
        paths=tuple(path for path in paths if path is not None),
        matches=tuple(ranked[:MAX_MATCHES]),
        focus=focus_option,
    )
