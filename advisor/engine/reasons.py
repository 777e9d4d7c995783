"""Headlines and reasons: the words for a decision, citing the learner's answers and the figures."""

from __future__ import annotations

from advisor.engine.answers import FULL_TIME_HOURS, GOAL_WORDS, Answers
from advisor.engine.arithmetic import study_years
from advisor.engine.paths import PathCost
from advisor.engine.verdict import Decision
from advisor.engine.wording import debt_words, hours, money, months, sentence

FREE = "Auditing its courses is free; it gives no certificate and no credit."


def headline(decision: Decision) -> str:
    focus = decision.focus
    if focus is None:
        return "Audit free courses"
    title = focus.option.title
    if decision.verdict == "micromasters":
        return f"Take the {title}"
    if decision.verdict == "pathway":
        return f"Start with the MicroMasters, then apply to the {focus.degree}"
    if decision.verdict == "masters":
        return f"Apply to the {focus.degree} directly"
    return f"Audit the courses of the {title} for free"


def _need_words(answers: Answers) -> str:
    return "You said you need a master's degree" if answers.needs_degree == "yes" else "You want a degree"


def budget_text(answers: Answers, path: PathCost, what: str) -> str:
    """How `path` stands against the budget: "Your budget of $2,000 covers the $1,350 <what>."."""
    budget = money(answers.budget)
    if path.cost is None and path.known is None:
        return f"The price of the {what} isn't published, so it can't be checked against your budget of {budget}."
    if path.cost is None:
        return f"The {what} costs {path.amount_words}, so it can't be shown to fit your budget of {budget}."
    if path.fits_budget is None:
        return f"The {what} costs {path.amount_words}, so it isn't compared with your budget of {budget}."
    price = money(path.cost, path.currency)
    support = ""
    if path.income_based:
        support = ", at the top of its income-based range"
    if answers.employer_support and path.out_of_pocket != path.cost:
        years = study_years(path.months)
        support += (
            f", after your employer's {money(answers.employer_support)} a year for {years} "
            f"year{'s' if years > 1 else ''} (you pay {money(path.out_of_pocket)})"
        )
    if path.fits_budget:
        return f"Your budget of {budget} covers the {price} {what}{support}."
    short = money(path.out_of_pocket - answers.budget)
    return f"Your budget of {budget} is {short} short of the {price} {what}{support}."


def time_text(answers: Answers, path: PathCost, what: str) -> str:
    if path.months is None:
        return f"How long the {what} takes isn't published, so it can't be shown to fit your {months(answers.months)}."
    at = {
        "micromasters": f"at your {hours(answers.hours_per_week)} a week ",
        "pathway": f"with the MicroMasters at your {hours(answers.hours_per_week)} a week, ",
    }.get(path.path, "")
    within = "within" if path.fits_time else "more than"
    return sentence(
        f"{at}the {what} takes {months(path.months)}, {within} the {months(answers.months)} you gave."
    )


def load_text(answers: Answers, path: PathCost, what: str) -> list[str]:
    if path.load_ok:
        return []
    if path.path in ("masters", "pathway") and path.hours_per_week == FULL_TIME_HOURS:
        return [
            f"The {what} is studied on campus, full time (about {hours(FULL_TIME_HOURS)} a week): more than "
            f"your {hours(answers.hours_per_week)}."
        ]
    return [
        f"The {what} runs its courses in fixed terms that ask more than your {hours(answers.hours_per_week)} "
        "a week: below their hours you are at risk of failing them, and they give no extra weeks."
    ]


def status(answers: Answers, path: PathCost) -> str:
    """Why a path does not fit, in a few words ("is $3,000 over your budget and takes 30 months")."""
    words = []
    if path.fits_budget is False:
        words.append(f"is {money(path.out_of_pocket - answers.budget)} over your budget")
    elif path.fits_budget is None and path.amount is None and path.cost is None:
        words.append("has no published price")
    elif path.fits_budget is None:
        words.append(f"costs {path.amount_words}")
    if path.fits_time is False:
        words.append(f"takes {months(path.months)}, more than your {months(answers.months)}")
    elif path.fits_time is None:
        words.append("has no published length")
    if not path.load_ok:
        words.append(f"asks more than your {hours(answers.hours_per_week)} a week")
    if not words:
        return "fits"
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def payback_text(answers: Answers, path: PathCost) -> list[str]:
    if answers.salary is None or answers.expected_salary is None:
        return []
    now, then = money(answers.salary), money(answers.expected_salary)
    if answers.expected_salary <= answers.salary:
        return [f"You expect no raise ({now} now, {then} after), so the cost doesn't pay back in salary."]
    if path.payback_months is None:
        return []
    monthly = money((answers.expected_salary - answers.salary) / 12)
    forgone = f" ({money(path.forgone)} of it salary forgone)" if path.forgone else ""
    return [
        f"With a raise from {now} to {then} ({monthly} a month), the {path.amount_words}{forgone} is paid back "
        f"{months(path.payback_months)} from now: the {months(path.months)} of study, then the raise."
    ]


def debt_text(answers: Answers, path: PathCost | None) -> list[str]:
    if path is None or path.path != "pathway" or path.parts[1:] == ():
        return []
    rest = path.parts[-1]
    if path.debt is None:
        if rest.currency == "USD" and rest.value > 0:
            return [
                f"Give your salary to check whether borrowing the {money(rest.value)} left after credit "
                "would be affordable."
            ]
        return []
    return [debt_words(path.debt)]


def reasons(answers: Answers, decision: Decision, needs: list[str]) -> list[str]:
    """Every reason for the decision, the learner's inputs and the figures cited."""
    notes = _notes(answers, decision)
    focus = decision.focus
    if focus is None:
        return [*notes, "No program is in the catalog to price, so auditing free courses is the only advice."]
    mm, pw, ma = focus.micromasters, focus.pathway, focus.masters
    title = focus.option.title
    applied = decision.rule
    if applied == "micromasters":
        body = _micromasters(answers, decision)
    elif applied == "audit":
        which = "the program you named" if decision.named else "the best match"
        lead = f"You {GOAL_WORDS[answers.goal]}, and the {title} is {which}, but it {status(answers, mm)}."
        body = [
            lead,
            budget_text(answers, mm, title),
            time_text(answers, mm, "MicroMasters"),
            *load_text(answers, mm, "MicroMasters"),
            FREE,
        ]
    elif applied == "no_bachelors":
        body = [
            f"{_need_words(answers)} but don't have a bachelor's degree, which master's admission usually needs.",
            f"A MicroMasters is not a degree and its credit counts toward one only on admission, so the {title} "
            f"({mm.amount_words}) alone would not get you the master's. {FREE}",
        ]
    elif applied == "no_pathway":
        body = [
            f"{_need_words(answers)}; the {title} counts toward no master's degree on file and is not a degree "
            f"itself, so its certificate ({mm.amount_words}) would not get you one. {FREE}"
        ]
    elif applied in ("pathway", "first_step"):
        body = _pathway(answers, decision)
    elif applied == "masters":
        body = [
            f"{_need_words(answers)} and have a bachelor's degree; "
            + (
                f"the pathway {status(answers, pw)}."
                if not pw.fits
                else f"the master's directly costs you less: {money(ma.out_of_pocket)} against "
                f"{money(pw.out_of_pocket)} through the pathway."
            ),
            budget_text(answers, ma, f"{focus.degree} directly"),
            time_text(answers, ma, "master's"),
            *payback_text(answers, ma),
        ]
    else:  # degree_audit: nothing paid fits
        body = [
            f"{_need_words(answers)} and have a bachelor's degree, but no paid path fits: the pathway into the "
            f"{focus.degree} {status(answers, pw)}; the master's directly {status(answers, ma)}; the MicroMasters "
            f"alone {status(answers, mm)}.",
            FREE,
        ]
    return [*notes, *body, *needs]


def _notes(answers: Answers, decision: Decision) -> list[str]:
    notes = []
    if decision.retired is not None:
        retired = decision.retired
        said = f" (its source says “{retired.status_note}”)" if retired.status_note else ""
        notes.append(
            f"The {retired.title} is retired{said}: it can't be taken or audited any more, so the advice is about "
            "the nearest open programs in its field."
        )
    if decision.unknown_named:
        notes.append(
            f"The program you named ({answers.program}) isn't in the catalog, so the best match is shown."
        )
    if decision.field_fallback:
        notes.append(
            f"No open program matches the field you chose ({answers.field}), so the matches come from every field."
        )
    focus = decision.focus
    if focus is not None and decision.named is None:
        field = f" in {focus.option.field_name}" if len({c.field for c in decision.candidates}) == 1 else ""
        count = len(decision.candidates)
        if count == 1:
            notes.append(f"The {focus.option.title} is the only open program{field} in the catalog.")
        else:
            yours = f"your budget of {money(answers.budget)}, {hours(answers.hours_per_week)} a week and {months(answers.months)}"
            if decision.ranked and decision.ranked[0].fits:
                notes.append(
                    f"The {focus.option.title} ranks first of the {count} open programs{field} for {yours}."
                )
            else:
                notes.append(
                    f"Of the {count} open programs{field}, none fits {yours}; the {focus.option.title} comes closest."
                )
    return notes


def _micromasters(answers: Answers, decision: Decision) -> list[str]:
    focus = decision.focus
    mm, pw, ma = focus.micromasters, focus.pathway, focus.masters
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
        share = f", {f'{percent}%' if percent >= 1 else 'under 1%'} of the {money(ma.cost, ma.currency)} master's tuition"
    credit = f"; it counts toward the {focus.degree} if you are admitted later" if pw else ""
    reasons = [
        f"{lead}: {money(mm.cost)}{f' ({mm.amount_note})' if mm.amount_note else ''}{share}, over "
        f"{months(mm.months)} at your hours{credit}.",
        budget_text(answers, mm, focus.option.title),
        time_text(answers, mm, "MicroMasters"),
        *[risk for risk in mm.risks if "fixed terms" in risk],
        *payback_text(answers, mm),
    ]
    if pw is not None and pw.amount is not None:
        reasons.append(
            f"If you need a master's later, the pathway into the {focus.degree} costs {pw.amount_words} and takes "
            f"{months(pw.months)}, if you are admitted."
        )
    return reasons


def _pathway(answers: Answers, decision: Decision) -> list[str]:
    focus = decision.focus
    mm, pw, ma = focus.micromasters, focus.pathway, focus.masters
    who = f"{_need_words(answers)} and have a bachelor's degree"
    if decision.rule == "pathway":
        versus = ""
        if ma is not None and ma.amount is not None and pw.amount is not None and ma.amount > pw.amount:
            versus = f", {money(ma.amount - pw.amount)} less than the master's directly ({ma.amount_words})"
        parts = " + ".join(money(part.value, part.currency) for part in pw.parts)
        if pw.forgone:
            parts = f"{parts} tuition + {money(pw.forgone)} of salary forgone"
        reasons = [
            f"{who}: the credit pathway gets you there for {pw.amount_words} ({parts}){versus}.",
            budget_text(answers, pw, f"pathway into the {focus.degree}"),
        ]
    else:
        reasons = [
            f"{who}. Your budget of {money(answers.budget)} covers the {mm.amount_words} MicroMasters, but the "
            f"whole pathway {status(answers, pw) if pw.fits_budget is not True else 'fits'}: start with the "
            f"MicroMasters, the first part of the {focus.degree} if you are admitted, and plan the rest.",
        ]
    return [
        *reasons,
        time_text(answers, pw, "pathway"),
        f"Admission isn't guaranteed: the MicroMasters counts toward the {focus.degree} only if you are admitted.",
        *payback_text(answers, pw),
        *debt_text(answers, pw),
    ]
