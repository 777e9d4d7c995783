"""What would change the verdict: thresholds found by running the engine again.

For the budget, the months and the hours, the search walks away from the learner's answer, one
boundary at a time, to the nearest value at which `decide()` gives another verdict. Budget and
months only matter through comparisons with what each path costs and takes, so the verdict can
only change at those boundaries: the search tries each in order and misses none. Hours matter
only where some candidate's months or weekly load change (or full time begins), up to the most
any candidate asks (past that nothing changes): those hours are tried in order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from advisor.engine.answers import (
    BUDGET_CURRENCY,
    BUDGET_MAX,
    FULL_TIME_HOURS,
    HOURS_MAX,
    HOURS_MIN,
    MONTHS_MAX,
    MONTHS_MIN,
    Answers,
    ProgramOption,
)
from advisor.engine.arithmetic import dollars_up
from advisor.engine.paths import PathCost, budget_ok, cost_paths, fits, time_ok
from advisor.engine.pricer import Pricer
from advisor.engine.reasons import headline
from advisor.engine.verdict import Decision, decide
from advisor.engine.wording import hours, money, months, whole_dollars

MAX_TRIES = 400  # a bound on re-runs per direction; far above the boundaries of 60 candidates
COUNTED = ("the fewest that change", "the most that change")  # months and hours: counted in whole units


@dataclass(frozen=True)
class Change:
    """One item of "What would change it": the URL parameter, its value there, the verdict, words."""

    param: str  # a questionnaire parameter: budget, hours_per_week, months, has_bachelors, program
    value: str  # the boundary, as the parameter is written in the URL
    verdict: str  # the verdict at that value
    text: str


class Search:
    def __init__(self, answers: Answers, options: list[ProgramOption], pricer: Pricer, current: Decision):
        self.answers, self.options, self.pricer, self.current = answers, options, pricer, current

    def verdict_at(self, **changed) -> tuple[Answers, Decision]:
        answers = dataclasses.replace(self.answers, **changed)
        return answers, decide(answers, self.options, self.pricer, matches=False)

    def first_change(self, field: str, values: Iterable) -> tuple[object, Answers, Decision] | None:
        for tries, value in enumerate(values):
            if tries >= MAX_TRIES:
                return None
            answers, decision = self.verdict_at(**{field: value})
            if decision.verdict != self.current.verdict:
                return value, answers, decision
        return None

    def hours_changes(self, top: int) -> set[int]:
        """The hours h up to `top` at which some option's months or weekly load differ from those at
        h - 1. More hours never lengthen a program and never make its load impossible
        (`arithmetic.schedule`), so where an option's plan is the same at two hours it is the same
        at every hour between: each option's changes are found by halving, not hour by hour, and
        the pricer reads its plan at any hour up to `top` from them."""
        found = set()
        for option in self.current.pool:
            # They depend on the program alone: kept with the option, for later pages too.
            changes = option.plan_changes.get(top)
            if changes is None:
                changes = option.plan_changes[top] = self._plan_changes(option, top)
            self.pricer.steps(option, top, changes)
            found.update(changes)
        return found

    def _plan_changes(self, option: ProgramOption, top: int) -> list[int]:
        changes = []
        spans = [(HOURS_MIN, top)]
        while spans:
            low, high = spans.pop()
            if high <= low or self.pricer.plan(option, low) == self.pricer.plan(option, high):
                continue
            if high - low == 1:
                changes.append(high)
                continue
            middle = (low + high) // 2
            spans += [(low, middle), (middle, high)]
        return sorted(changes)

    def where_hours_matter(self, values: range, step: int, changes: set[int]) -> Iterable[int]:
        """The hours among `values` at which some option's months or weekly load differ from those
        one hour nearer the learner's answer (or full time begins): between them every path, and
        so the verdict, stays the same, and the engine need not run again."""
        for value in values:
            if (
                value == FULL_TIME_HOURS
                or value + step == FULL_TIME_HOURS
                or max(value, value + step) in changes
            ):
                yield value

    def all_paths(self) -> list[PathCost]:
        return [path for option in self.current.pool for path in self.pricer.paths(self.answers, option)]


def _describe(answers: Answers, decision: Decision) -> str:
    """The headline at changed answers, with the chosen path's amount and months (priced with words)."""
    text = headline(decision)
    chosen = decision.chosen
    if chosen is not None and decision.verdict != "audit":
        worded = next(
            p
            for p in cost_paths(answers, decision.focus.option)
            if p.path == chosen.path and p.degree_slug == chosen.degree_slug
        )
        text += f" ({worded.amount_words}, {months(worded.months)})"
    return text + "."


def changes(
    answers: Answers, options: list[ProgramOption], pricer: Pricer, current: Decision
) -> list[Change]:
    if current.focus is None:
        return []
    search = Search(answers, options, pricer, current)
    paths = search.all_paths()
    found: list[Change] = []
    # A learner who doesn't want a degree is told "micromasters" exactly when the program in focus
    # fits, and it is the first-ranked one, so one that fits when any does. A path that fits still
    # fits with more budget or months; with more hours too when no employer support is given (the
    # months only shorten, and what the learner pays stays). So more of these keep a
    # "micromasters" verdict and less keeps an "audit" one: no search that way.
    settled = None
    if not answers.wants_degree:
        settled = {"micromasters": "up", "audit": "down"}.get(current.verdict)
    # A learner who wants a degree without a bachelor's is told "audit" whatever they answer else.
    # With one, an "audit" verdict where no option's degree route fits, nor its MicroMasters beside
    # a pathway the hours and months allow, stays "audit" with less budget or fewer months: those
    # fit no path that doesn't fit now (a path's figures depend on neither).
    elif not answers.has_bachelors:
        settled = "both"
    elif current.verdict == "audit" and not _could_leave_audit(search):
        settled = "down"

    def unless_settled(up, down, hours=False):
        if settled == "both":
            return [], []
        if hours and (answers.employer_support or answers.wants_degree):
            return up, down
        return ([] if settled == "up" else up), ([] if settled == "down" else down)

    def add(param: str, result, phrase: Callable[[object], str], url: Callable[[object], str]) -> None:
        if result is not None:
            value, changed, decision = result
            found.append(
                Change(
                    param, url(value), decision.verdict, f"{phrase(value)}: {_describe(changed, decision)}"
                )
            )

    def add_either_way(param: str, up, down, phrase, nearest: tuple[str, str], url=str) -> None:
        """The nearest values above and below the answer that change the advice, each worded with its
        `nearest` qualifier ("the fewest that change", "the most that change")."""
        for candidates, qualifier in zip((up, down), nearest, strict=True):
            add(
                param,
                search.first_change(param, candidates),
                lambda v, qualifier=qualifier: f"{phrase(v)} ({qualifier} the advice)",
                url,
            )

    budgets = {
        dollars_up(p.out_of_pocket)
        for p in paths
        if p.out_of_pocket is not None and p.currency == BUDGET_CURRENCY
    }
    up = sorted(b for b in budgets if answers.budget < b <= BUDGET_MAX)
    down = sorted((b - 1 for b in budgets if 0 <= b - 1 < answers.budget), reverse=True)
    up, down = unless_settled(up, down)
    add_either_way(
        "budget",
        up,
        down,
        lambda v: f"With a budget of {money(v)}",
        ("the least that changes", "the most that changes"),
        whole_dollars,
    )

    lengths = {p.months for p in paths if p.months is not None}
    up = sorted(m for m in lengths if answers.months < m <= MONTHS_MAX)
    down = sorted((m - 1 for m in lengths if MONTHS_MIN <= m - 1 < answers.months), reverse=True)
    up, down = unless_settled(up, down)
    add_either_way("months", up, down, lambda v: f"With {months(v)} to finish", COUNTED)

    # Full-time hours matter only where a degree can be the verdict: a degree-minded learner.
    asked = [answers.hours_per_week, *([FULL_TIME_HOURS] if answers.degree_minded else [])]
    for option in current.pool:
        asked += [h for h in (option.peak_hours, option.floor_hours) if h]
    ceiling = min(HOURS_MAX, max(asked))
    moves = search.hours_changes(max(ceiling, answers.hours_per_week))
    up = search.where_hours_matter(range(answers.hours_per_week + 1, ceiling + 1), -1, moves)
    down = search.where_hours_matter(range(answers.hours_per_week - 1, HOURS_MIN - 1, -1), 1, moves)
    up, down = unless_settled(up, down, hours=True)
    add_either_way("hours_per_week", up, down, lambda v: f"With {hours(v)} a week", COUNTED)

    if answers.wants_degree and not answers.has_bachelors:
        add(
            "has_bachelors",
            search.first_change("has_bachelors", [True]),
            lambda v: "With a bachelor's degree",
            lambda v: "yes",
        )
    found += _other_programs(search)
    return found


def _could_leave_audit(search: Search) -> bool:
    """For a degree-minded learner with a bachelor's: whether some option of the pool has a degree
    route (a pathway or the degree directly) that fits, or a MicroMasters that fits beside a pathway
    whose load and months the learner's answers allow; the verdict's rules ask no less of its focus
    to give anything but "audit"."""
    answers = search.answers
    for option in search.current.pool:
        paths = search.pricer.paths(answers, option)
        if any(path.path in ("pathway", "masters") and fits(path, answers) for path in paths):
            return True
        if fits(paths[0], answers) and any(
            path.path == "pathway" and path.load_ok and time_ok(path, answers.months) is True
            for path in paths
        ):
            return True
    return False


def _other_programs(search: Search) -> list[Change]:
    """Open programs to look at instead: one with a credit pathway, or the retired one's neighbours."""
    current = search.current
    focus = current.focus.option
    if current.rule == "no_pathway":
        others = [m.option for m in current.ranked if m.best_pathway and m.option.slug != focus.slug][:1]
    elif current.retired is not None:
        others = [m.option for m in current.ranked if m.option.slug != focus.slug][:2]
    else:
        return []
    items = []
    for other in others:
        changed, decision = search.verdict_at(program=other.slug)
        items.append(
            Change(
                "program",
                other.slug,
                decision.verdict,
                f"Looking at the {other.title} instead: {_describe(changed, decision)}",
            )
        )
    return items


def needs(answers: Answers, path: PathCost, option: ProgramOption, pricer: Pricer, what: str) -> list[str]:
    """What would make `path` (the best paid path) fit, one answer at a time or together; or why
    no answer can, when its price or length isn't published."""
    unknown = []
    if budget_ok(path, answers.budget) is None:
        unknown.append("price")
    if path.months is None:
        unknown.append("length")
    if unknown:
        return [
            f"The {' and '.join(unknown)} of the {what} {'is' if len(unknown) == 1 else 'are'} not published, so "
            "no budget, hours or months can be shown to make it fit."
        ]
    wanted = []
    if budget_ok(path, answers.budget) is False:
        wanted.append(f"a budget of {money(dollars_up(path.out_of_pocket))}")
    on_time = time_ok(path, answers.months)
    if not on_time or not path.load_ok:
        faster = None
        for more in range(answers.hours_per_week + 1, HOURS_MAX + 1):
            again = dataclasses.replace(answers, hours_per_week=more)
            same = next(
                (
                    p
                    for p in pricer.paths(again, option)
                    if p.path == path.path and p.degree_slug == path.degree_slug
                ),
                None,
            )
            if same is not None and same.load_ok and time_ok(same, answers.months):
                faster = (more, same.months)
                break
        options = []
        if faster:
            options.append(f"{hours(faster[0])} a week (it then takes {months(faster[1])})")
        if path.load_ok and path.months <= MONTHS_MAX:
            options.append(f"{months(path.months)} to finish at your hours")
        if not options:
            return [f"No number of hours or months within the questionnaire's range makes the {what} fit."]
        wanted.append(" or ".join(options))
    if not wanted:
        return []
    return [f"For the {what} to fit you would need " + ", and ".join(wanted) + "."]
