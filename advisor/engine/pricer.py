"""Paths priced once per set of the answers they depend on, for the engine's many re-runs."""

from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal

from advisor.engine.answers import FULL_TIME_HOURS, HOURS_MIN, Answers, ProgramOption
from advisor.engine.arithmetic import Schedule, schedule
from advisor.engine.paths import Figures, PathCost, budget_ok, cost_paths


def money_answers(answers: Answers) -> tuple:
    """The answers besides the hours, budget and months that a program's paths are priced by: with
    the hours, what a kept set of paths is keyed on."""
    return (answers.has_bachelors, answers.salary, answers.expected_salary, answers.employer_support)


class Pricer:
    """Paths of each option, worked out once per set of the answers they depend on.

    Budget and months only decide whether a path fits (`fits`, `budget_ok`, `time_ok`), so
    re-running the engine at another budget or number of months prices nothing again.
    """

    def __init__(self, words: bool = True) -> None:
        self.words = words
        self._paths: dict[tuple, list[PathCost] | list[Figures]] = {}
        self._marks: dict[int, tuple] = {}
        self._steps: dict[int, tuple] = {}
        self._degrees: dict[tuple, list[Figures]] = {}
        self.standings: dict[tuple, tuple] = {}  # ranking.py's, per position among the marks
        self.floors: dict[tuple, tuple] = {}  # ranking.py's, per option and answers but the hours
        self.tables: dict[tuple, object] = {}  # ranking.py's and verdict.py's, per set of answers

    def marks(self, paths: list[Figures]) -> tuple[list[Decimal], list[int]]:
        """The dollar amounts paid and the months of `paths`, sorted: where their fit can change."""
        found = self._marks.get(id(paths))
        if found is None:
            costs = sorted(p.out_of_pocket for p in paths if budget_ok(p, Decimal(0)) is not None)
            lengths = sorted(p.months for p in paths if p.months is not None)
            found = self._marks[id(paths)] = (costs, lengths)
        return found

    def plan(self, option: ProgramOption, hours: int) -> tuple[int | None, bool]:
        """The MicroMasters' months and whether its load is possible at `hours` (figures only).

        They depend on the program alone, so they are kept with the option, for later pages too."""
        plans = option.plans
        found = plans.get(hours)
        if found is None:
            steps = self._steps.get(id(option))
            if steps is not None and hours <= steps[0]:
                found = plans.get(steps[1][bisect_right(steps[1], hours) - 1])
            if found is None:
                plan = schedule(option, hours, words=False)
                found = (plan.months, plan.load_ok)
            plans[hours] = found
        return found

    def steps(self, option: ProgramOption, top: int, changes: list[int]) -> None:
        """Keep where `option`'s plan changes, from HOURS_MIN up to `top` (each hour in `changes`
        has a plan unlike the hour before; the plans at HOURS_MIN and at each change are known):
        its plan at any hour up to `top` is then the plan at the last change at or below it."""
        self._steps[id(option)] = (top, [HOURS_MIN, *changes])

    def moved(self, options: list[ProgramOption], before: int, after: int) -> list[int] | None:
        """The indexes of `options` whose paths at `after` hours may differ from theirs at `before`:
        those with a plan change in between (`steps`). None when that can't be told: an option's
        changes aren't kept that far, or full time begins in between, which moves every path."""
        low, high = sorted((before, after))
        if low < FULL_TIME_HOURS <= high:
            return None
        moved = []
        for index, option in enumerate(options):
            steps = self._steps.get(id(option))
            if steps is None or high > steps[0]:
                return None
            changes = steps[1]
            if bisect_right(changes, high) != bisect_right(changes, low):
                moved.append(index)
        return moved

    def paths(self, answers: Answers, option: ProgramOption) -> list[PathCost] | list[Figures]:
        """The option's paths at these answers: worded, or with `words` off their figures alone."""
        hours, plan = answers.hours_per_week, None
        if not self.words:
            # Figures only: the hours count through the months and loads they lead to, so hours
            # past what a program asks reuse its paths instead of pricing them again.
            months, load_ok = self.plan(option, hours)
            hours, plan = (months, load_ok, hours >= FULL_TIME_HOURS), (months, load_ok)
        key = (id(option), hours, *money_answers(answers))
        found = self._paths.get(key)
        if found is None:
            # A degree taken directly doesn't depend on the MicroMasters' months or load: with
            # figures only, one priced at other hours (full time or not, as these) is kept.
            same = (id(option), hours[-1], *key[2:]) if not self.words else None
            known = None if plan is None else Schedule(*plan, ())
            found = self._paths[key] = cost_paths(answers, option, self.words, self._degrees.get(same), known)
            if same is not None:
                self._degrees.setdefault(same, [path for path in found if path.path == "masters"])
        return found
