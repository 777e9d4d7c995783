"""The paths for one program (its MicroMasters, each credit pathway, each degree directly, audit)
and their figures at the learner's hours: cost, what the learner pays, months, weekly load."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from advisor.engine import wording
from advisor.engine.answers import (
    BUDGET_CURRENCY,
    FULL_TIME_HOURS,
    ZERO,
    Answers,
    DegreeOption,
    IncomeTier,
    PathwayOption,
    ProgramOption,
)
from advisor.engine.arithmetic import (
    DebtCheck,
    Schedule,
    cents,
    debt_check,
    forgone_earnings,
    out_of_pocket,
    payback_months,
    schedule,
)


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
    cost: Decimal | None  # the whole price, when every part is published and in one currency
    known: Decimal | None  # when the cost isn't whole: the published part, in dollars ("at least")
    out_of_pocket: Decimal | None  # cost after employer support, in `currency`
    forgone: Decimal | None  # earnings given up while studying full time (salary given)
    currency: str
    months: int | None
    hours_per_week: int | None  # weekly hours the path asks of the learner
    load_ok: bool  # the weekly load is possible at the learner's hours
    credential: str
    risks: tuple[str, ...]
    fits_budget: bool | None  # None: cost not whole, or not in dollars
    fits_time: bool | None  # None: months unknown
    payback_months: int | None  # from today: the months of study, then the raise earning it back
    income_based: bool
    amount: Decimal | None  # the one amount shown for it (table, chart, headline); None: nothing to show
    amount_label: str  # that amount in words, e.g. "at least $1,350"
    amount_note: str = ""  # what qualifies it, e.g. "the rest is not published"
    breakdown: str = ""  # how the amount adds up, when it isn't a single price
    best_case: Decimal | None = None  # income-based: what the learner pays at the lowest price
    parts: tuple[Amount, ...] = ()  # the amounts the cost adds up, each in its own currency
    debt: DebtCheck | None = None  # pathway: the remaining tuition as a loan against earnings

    @property
    def amount_words(self) -> str:
        """The amount with what qualifies it: "at least $1,350 (the rest is not published)"."""
        return f"{self.amount_label} ({self.amount_note})" if self.amount_note else self.amount_label

    @property
    def fits(self) -> bool:
        return self.fits_budget is True and self.fits_time is True and self.load_ok


class Figures(NamedTuple):
    """A path's figures alone, as `PathCost` names them: all that the verdict, the ranking and the
    thresholds read (their hints say PathCost; either does). The engine's re-runs price hundreds
    of these a page, so they are a plain record, cheap to make (a 25-field frozen PathCost costs
    several times as much)."""

    path: str
    degree_slug: str | None
    cost: Decimal | None
    out_of_pocket: Decimal | None
    currency: str
    months: int | None
    load_ok: bool


def budget_ok(path: PathCost, budget: Decimal) -> bool | None:
    """Whether the learner's budget covers what they pay; None when that isn't known in dollars."""
    if path.out_of_pocket is None or path.currency != BUDGET_CURRENCY:
        return None
    return path.out_of_pocket <= budget


def within(months: int | None, limit: int) -> bool | None:
    """Whether `months` of study end within the learner's `limit`; None when they aren't published."""
    return None if months is None else months <= limit


def time_ok(path: PathCost, months: int) -> bool | None:
    return within(path.months, months)


def fits(path: PathCost | None, answers: Answers) -> bool:
    """A paid path fits when the budget covers it, it ends within the months, and its load is possible."""
    return (
        path is not None
        and path.load_ok
        and budget_ok(path, answers.budget) is True
        and time_ok(path, answers.months) is True
    )


def judged(path: PathCost, answers: Answers) -> PathCost:
    """The path with its fit against these answers' budget and months."""
    return dataclasses.replace(
        path, fits_budget=budget_ok(path, answers.budget), fits_time=time_ok(path, answers.months)
    )


def _amount_words(
    cost: Decimal | None,
    known: Decimal | None,
    paid: Decimal | None,
    forgone: Decimal | None,
    currency: str,
) -> tuple[Decimal | None, str, str]:
    """The path's one amount to show: (value, words, what qualifies them)."""
    if cost is not None and currency == BUDGET_CURRENCY:
        whole = paid + (forgone or ZERO)
        return whole, wording.money(whole), ""
    if cost is not None:
        return None, wording.money(cost, currency), "not converted: no exchange rate on file"
    if known is not None:
        return known, f"at least {wording.money(known)}", "the rest is not published"
    return None, "price not published", ""


def _paid(answers: Answers, cost: Decimal | None, currency: str, months: int | None) -> Decimal | None:
    """What the learner pays, after the employer's support; None when it isn't known in dollars."""
    if cost is None or currency != BUDGET_CURRENCY:
        return None
    if not answers.employer_support:
        return cost  # in whole cents already, as every path's cost: nothing to take off
    return out_of_pocket(cost, months, answers.employer_support)


def _settle(answers: Answers, cost: Decimal | None, currency: str, months: int | None, forgone=None) -> dict:
    """What the learner pays, the whole cost and the payback, as PathCost fields."""
    paid = _paid(answers, cost, currency, months)
    whole = None if paid is None else paid + (forgone or ZERO)
    return {
        "out_of_pocket": paid,
        "forgone": forgone,
        "fits_budget": None if paid is None else paid <= answers.budget,
        "payback_months": payback_months(whole, months, answers.salary, answers.expected_salary),
    }


def _priced(
    answers: Answers,
    cost: Decimal | None,
    known: Decimal | None,
    currency: str,
    months: int | None,
    forgone: Decimal | None,
) -> dict:
    """A paid path's money and time as PathCost fields, worked out alike for every such path: what
    the learner pays and whether it fits, the months and whether they fit, and the amount in words."""
    settled = _settle(answers, cost, currency, months, forgone)
    paid = settled["out_of_pocket"]
    amount, label, note = _amount_words(cost, known, paid, forgone, currency)
    return {
        "cost": cost,
        "known": known,
        "currency": currency,
        "months": months,
        "fits_time": within(months, answers.months),
        "amount": amount,
        "amount_label": label,
        "amount_note": note,
        "breakdown": _breakdown(paid, cost, forgone, answers),
        **settled,
    }


def _breakdown(paid: Decimal | None, cost: Decimal | None, forgone: Decimal | None, answers: Answers) -> str:
    words = []
    if paid is not None and cost is not None and paid != cost:
        words.append(f"{wording.money(paid)} after your employer's support ({wording.money(cost)} before)")
    if forgone:
        if not words and paid is not None:
            words.append(f"{wording.money(paid)} tuition")
        words.append(f"{wording.money(forgone)} of salary forgone while studying full time")
    return " + ".join(words)


def _tier(answers: Answers, option: ProgramOption) -> IncomeTier | None:
    """The published income tier for the learner's salary, where the price depends on income."""
    if not (option.income_based and option.income_tiers and answers.salary is not None):
        return None
    return next(
        (t for t in option.income_tiers if t.salary_up_to is None or answers.salary <= t.salary_up_to),
        option.income_tiers[-1],
    )


def micromasters_path(
    answers: Answers, option: ProgramOption, words: bool = True, plan: Schedule | None = None
) -> PathCost | Figures:
    """`plan`: its schedule at the learner's hours, when it is known already."""
    if plan is None:
        plan = schedule(option, answers.hours_per_week, words)
    tier = _tier(answers, option)
    price, floor = (tier.total, tier.total) if tier else (option.price, option.price_floor)
    cost = cents(price) if tier else option.price_in_cents
    if not words:
        paid = _paid(answers, cost, option.currency, plan.months)
        return Figures("micromasters", None, cost, paid, option.currency, plan.months, plan.load_ok)
    risks = ["Not a degree: a graduate-level certificate, worth credit only where a university admits you."]
    if tier:
        risks.append(f"Income-based price: {wording.money(price)} is the tier for your salary.")
    elif option.income_based and price is not None:
        risks.append(
            f"Income-based price from {wording.money(floor)} to {wording.money(price)}; no tiers by salary "
            "are published, so it is judged at the top and the lowest is the best case."
        )
    if cost is None:
        risks.append("The price isn't published.")
    priced = _priced(answers, cost, None, option.currency, plan.months, None)
    best_case = None
    if option.income_based and floor is not None and cost is not None and floor < cost:
        best_case = out_of_pocket(floor, plan.months, answers.employer_support)
        priced["amount_note"] = f"the top of its income-based range; {wording.money(best_case)} at the lowest"
    peak = option.peak_hours
    return PathCost(
        path="micromasters",
        label="MicroMasters only",
        program_slug=option.slug,
        degree_slug=None,
        hours_per_week=min(answers.hours_per_week, peak) if peak else answers.hours_per_week,
        load_ok=plan.load_ok,
        credential=f"{option.title} certificate from {option.university} (not a degree)",
        risks=(*risks, *plan.notes),
        income_based=option.income_based,
        best_case=best_case,
        parts=() if cost is None else (Amount(cost, option.currency),),
        **priced,
    )


def _admission_risks(answers: Answers, degree: DegreeOption) -> list[str]:
    bachelors = "." if answers.has_bachelors else "; you said you don't have one."
    return [
        f"Admission isn't guaranteed: {degree.university} decides who is admitted to the {degree.title}.",
        f"Admission usually needs a bachelor's degree{bachelors}",
    ]


def _full_time_ok(answers: Answers, degree: DegreeOption) -> bool:
    """Whether the learner's hours are enough for the degree: a full-time one asks FULL_TIME_HOURS."""
    return not degree.full_time or answers.hours_per_week >= FULL_TIME_HOURS


def _full_time_risk(answers: Answers, degree: DegreeOption, months: int | None) -> list[str]:
    if not degree.full_time:
        return [
            f"The weekly hours of the {degree.title} aren't published; the time assumes part-time study fits."
        ]
    during = f" for its {wording.months(months)}" if months else ""
    if _full_time_ok(answers, degree):
        return [f"Studied on campus, full time{during}."]
    return [
        f"Studied on campus, full time{during}: about {wording.hours(FULL_TIME_HOURS)} a week, more than "
        f"your {wording.hours(answers.hours_per_week)}."
    ]


def pathway_path(
    answers: Answers,
    option: ProgramOption,
    micromasters: PathCost | Figures,
    pathway: PathwayOption,
    words: bool = True,
) -> PathCost | Figures:
    degree = pathway.degree
    remaining = pathway.remaining_in_cents
    rest_months = pathway.remaining_months
    months = None
    if micromasters.months is not None and rest_months is not None:
        months = micromasters.months + rest_months
    both_priced = micromasters.cost is not None and remaining is not None
    cost = micromasters.cost + remaining if both_priced and option.currency == degree.currency else None
    currency = option.currency if cost is not None else degree.currency
    load_ok = micromasters.load_ok and _full_time_ok(answers, degree)
    if not words:
        return Figures(
            "pathway", degree.slug, cost, _paid(answers, cost, currency, months), currency, months, load_ok
        )

    risks = _admission_risks(answers, degree)
    risks.append("The MicroMasters credit counts toward the degree only once you are admitted.")
    if micromasters.cost is None:
        risks.append("The MicroMasters price isn't published.")
    if degree.tuition is None and remaining is None:
        risks.append(f"The tuition of the {degree.title} isn't published.")
    elif remaining is None:
        risks.append("The credit the MicroMasters counts for isn't stated, so the rest can't be worked out.")
    elif pathway.remaining_tuition_low is not None and pathway.remaining_tuition_low < remaining:
        least = wording.money(pathway.remaining_tuition_low, degree.currency)
        risks.append(f"If the credit counts for more, the rest costs as little as {least}.")
    if rest_months is None:
        risks.append(f"How long the rest of the {degree.title} takes isn't published.")
    risks += _full_time_risk(answers, degree, rest_months)
    if pathway.conditions:
        risks.append(pathway.conditions)
    if both_priced and cost is None:
        risks.append(
            f"The MicroMasters is priced in {option.currency} and the rest of the degree in "
            f"{degree.currency}; they aren't added up without a dated exchange rate."
        )

    parts = tuple(micromasters.parts)
    if remaining is not None:
        parts += (Amount(remaining, degree.currency),)
    known = None
    in_dollars = [part.value for part in parts if part.currency == BUDGET_CURRENCY]
    if cost is None and in_dollars:
        known = sum(in_dollars, ZERO)
    forgone = forgone_earnings(answers.salary, rest_months) if degree.full_time else None
    priced = _priced(answers, cost, known, currency, months, forgone)
    foreign = [part for part in parts if part.currency != BUDGET_CURRENCY]
    if cost is None and known is not None and foreign:
        amounts = " + ".join(wording.money(part.value, part.currency) for part in foreign)
        priced["amount_note"] = f"plus {amounts}, not converted: no exchange rate on file"
    debt = None
    if remaining is not None and degree.currency == BUDGET_CURRENCY:
        debt = debt_check(remaining, answers.expected_salary or answers.salary)
        if debt is not None:
            risks.append(wording.debt_words(debt))
    return PathCost(
        path="pathway",
        label=f"MicroMasters, then {degree.title}",
        program_slug=option.slug,
        degree_slug=degree.slug,
        hours_per_week=FULL_TIME_HOURS if degree.full_time else micromasters.hours_per_week,
        load_ok=load_ok,
        credential=f"{degree.title} from {degree.university}, with the MicroMasters counted toward it",
        risks=tuple(risks),
        income_based=option.income_based,
        parts=parts,
        debt=debt,
        **priced,
    )


def masters_path(
    answers: Answers, option: ProgramOption, degree: DegreeOption, words: bool = True
) -> PathCost | Figures:
    cost = None if degree.tuition is None else cents(degree.tuition)
    load_ok = _full_time_ok(answers, degree)
    if not words:
        paid = _paid(answers, cost, degree.currency, degree.months)
        return Figures("masters", degree.slug, cost, paid, degree.currency, degree.months, load_ok)
    risks = _admission_risks(answers, degree)
    if cost is None:
        risks.append(f"The tuition of the {degree.title} isn't published.")
    if degree.months is None:
        risks.append(f"The length of the {degree.title} isn't published.")
    risks += _full_time_risk(answers, degree, degree.months)
    forgone = forgone_earnings(answers.salary, degree.months) if degree.full_time else None
    return PathCost(
        path="masters",
        label=f"{degree.title} directly",
        program_slug=option.slug,
        degree_slug=degree.slug,
        hours_per_week=FULL_TIME_HOURS if degree.full_time else None,
        load_ok=load_ok,
        credential=f"{degree.title} from {degree.university}",
        risks=tuple(risks),
        income_based=False,
        parts=() if cost is None else (Amount(cost, degree.currency),),
        **_priced(answers, cost, None, degree.currency, degree.months, forgone),
    )


def audit_path(
    answers: Answers, option: ProgramOption, micromasters: PathCost | Figures, words: bool = True
) -> PathCost | Figures:
    if not words:
        return Figures("audit", None, ZERO, ZERO, BUDGET_CURRENCY, micromasters.months, True)
    return PathCost(
        path="audit",
        label="Audit for free",
        program_slug=option.slug,
        degree_slug=None,
        cost=ZERO,
        known=None,
        out_of_pocket=ZERO,
        forgone=None,
        currency=BUDGET_CURRENCY,
        months=micromasters.months,
        hours_per_week=micromasters.hours_per_week,
        load_ok=True,
        credential="None: you learn the material without a certificate or credit",
        risks=("No certificate and no credit toward a degree.",),
        fits_budget=True,
        fits_time=micromasters.fits_time,
        payback_months=None,
        income_based=False,
        amount=ZERO,
        amount_label="$0",
    )


def cost_paths(
    answers: Answers,
    option: ProgramOption,
    words: bool = True,
    masters: list[Figures] | None = None,
    plan: Schedule | None = None,
) -> list[PathCost] | list[Figures]:
    """Every path for one program: its MicroMasters, each pathway, each pathway's degree directly, audit.

    With `words` off, the figures only (`Figures`: no labels, risks or breakdowns): what a re-run
    of the verdict reads, at a fraction of the cost. `masters`: the degrees directly, as priced before
    for the same answers but the hours (which they read only as full time or not); `plan`: the
    MicroMasters' schedule at the learner's hours, as worked out before.
    """
    micromasters = micromasters_path(answers, option, words, plan)
    paths = [micromasters]
    paths += [pathway_path(answers, option, micromasters, pathway, words) for pathway in option.pathways]
    if masters is None:
        degrees = {pathway.degree.slug: pathway.degree for pathway in option.pathways}
        masters = [masters_path(answers, option, degree, words) for degree in degrees.values()]
    paths += masters
    paths.append(audit_path(answers, option, micromasters, words))
    return paths
