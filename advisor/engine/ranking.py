"""Which programs fit the learner best: candidates, each one's route, and their order."""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter

from advisor.engine.answers import BUDGET_CURRENCY, ZERO, Answers, ProgramOption
from advisor.engine.paths import PathCost, budget_ok, fits
from advisor.engine.pricer import Pricer, money_answers

UNPAID = (1, ZERO)  # what an unknown amount sorts as: after every known one


@dataclass(frozen=True)
class ProgramMatch:
    option: ProgramOption
    micromasters: PathCost
    best_pathway: PathCost | None
    rank: int  # 1 = best fit
    fits: bool  # its route fits
    route: PathCost | None = None  # what it is ranked on: the MicroMasters, or for a degree-minded
    # learner the better of its best pathway and that degree directly

    @property
    def shown(self) -> tuple[PathCost, ...]:
        """Its MicroMasters, its best pathway, and its route when that is another path."""
        paths = [self.micromasters, self.best_pathway]
        if self.route is not None and self.route not in paths:
            paths.append(self.route)
        return tuple(path for path in paths if path is not None)


def path_key(path: PathCost, answers: Answers) -> tuple:
    """(fit class, what the learner pays, months), unknowns last. The fit classes: 0 fits (budget,
    time and load); 1 within budget, known to miss the time or load; 2 within budget, time not
    published; 3 over budget; 4 can't be checked. A known figure before an unknown."""
    # `budget_ok`, written out: the ranking asks this thousands of times a page.
    months, paid = path.months, path.out_of_pocket
    if paid is None or path.currency != BUDGET_CURRENCY:
        return (4, UNPAID, math.inf if months is None else months)
    if months is None:
        return (3 if paid > answers.budget else 2 if path.load_ok else 1, (0, paid), math.inf)
    if paid > answers.budget:
        rank = 3
    elif path.load_ok:
        rank = 0 if months <= answers.months else 1
    else:
        rank = 1
    return (rank, (0, paid), months)


def best_pathway(paths: list[PathCost], answers: Answers) -> PathCost | None:
    """The first of the pathways by (`path_key`, degree slug)."""
    best = best_key = None
    for path in paths:
        if path.path == "pathway":
            key = (*path_key(path, answers), path.degree_slug)
            if best is None or key < best_key:
                best, best_key = path, key
    return best


def _standing(answers: Answers, paths: list[PathCost], pricer: Pricer, marks: tuple | None = None) -> tuple:
    """An option's place in the ranking (less its slug), its MicroMasters, best pathway and route.

    It depends on the budget and months only through which of the option's own costs and lengths
    they reach, so it is kept per position among those: a re-run at another budget or number of
    months that crosses none of them reads it back instead of working it out again. `marks`:
    `pricer.marks(paths)`, when the caller has them.
    """
    costs, lengths = marks or pricer.marks(paths)
    minded, unsure = answers.degree_minded, answers.needs_degree == "unsure"
    position = (
        id(paths),
        bisect_right(costs, answers.budget),
        bisect_right(lengths, answers.months),
        minded,
        unsure,
    )
    found = pricer.standings.get(position)
    if found is not None:
        return found
    micromasters, pathway = paths[0], best_pathway(paths, answers)
    route = micromasters
    if minded and pathway:
        # The better of the pathway and its degree taken directly: either answers the learner.
        masters = next(p for p in paths if p.path == "masters" and p.degree_slug == pathway.degree_slug)
        route = min((pathway, masters), key=lambda path: path_key(path, answers))
    no_pathway = int(pathway is None)
    standing, paid, months = path_key(route, answers)
    key = (no_pathway if minded else 0, standing, no_pathway if unsure else 0, paid, months)
    found = pricer.standings[position] = (key, micromasters, pathway, route)
    return found


def in_field(
    answers: Answers, options: list[ProgramOption], field: str | None
) -> tuple[list[ProgramOption], bool]:
    """The open options in `field`, else every open option (and True: the field had none)."""
    open_options = [option for option in options if not option.retired]
    if not field:
        return open_options, False
    chosen = [option for option in open_options if option.field == field]
    return (chosen, False) if chosen else (open_options, True)


def rank(
    answers: Answers, options: list[ProgramOption], pricer: Pricer, limit: int | None = None
) -> list[ProgramMatch]:
    """Ordered by: a pathway exists (degree-minded only), how the route fits (for the degree-minded,
    the better of the best pathway and its degree directly), a pathway exists
    ('unsure' only), what the learner pays (unknown last), months (unknown last), slug."""
    if limit == 1:
        rows = [_first(answers, options, pricer)] if options else []
    else:
        rows = []
        for option in options:
            key, micromasters, pathway, route = _standing(answers, pricer.paths(answers, option), pricer)
            rows.append(((*key, option.slug), option, micromasters, pathway, route))
        rows.sort(key=lambda row: row[0])
    return [
        ProgramMatch(option, micromasters, pathway, position, fits(route, answers), route)
        for position, (_, option, micromasters, pathway, route) in enumerate(rows, start=1)
    ]


def _first(answers: Answers, options: list[ProgramOption], pricer: Pricer) -> tuple:
    """The first row of the ranking alone, as `rank` orders them.

    A re-run that changes only the budget or the months prices nothing again: each option's
    paths and the points where their fit can change are laid out once per set of the other
    answers (a `Table`), and each re-run works out again only the rows of the options it moves.
    """
    hours = answers.hours_per_week
    # The tables of one set of the other answers, by hours.
    tables = pricer.tables.setdefault(
        (id(options), answers.goal, answers.needs_degree, *money_answers(answers)), {}
    )
    table = tables.get(hours)
    if table is None:
        # From the table at the nearest hours, when it tells which options' plans differ from it.
        nearest = min(tables, key=lambda other: abs(other - hours), default=None)
        moved = None if nearest is None else pricer.moved(options, nearest, hours)
        if moved is None and nearest is not None and not answers.employer_support:
            moved = range(len(options))  # every option may differ, and each keeps its floor
        if moved is None:
            table = Table(options, [_entry(answers, option, pricer) for option in options])
        else:
            table = tables[nearest].derived(answers, pricer, moved)
        tables[hours] = table
    return table.first(answers, pricer)


def _entry(answers: Answers, option: ProgramOption, pricer: Pricer) -> tuple:
    """The option's paths at these answers' hours, with their marks and the standings worked out
    for them: an option whose paths are the same as at other hours keeps its entry."""
    entries = pricer.tables.setdefault((answers.degree_minded, answers.needs_degree == "unsure"), {})
    paths = pricer.paths(answers, option)
    found = entries.get(id(paths))
    if found is None:
        found = entries[id(paths)] = (option, paths, *pricer.marks(paths), {})
    return found


def _floor(answers: Answers, option: ProgramOption, paths: list[PathCost], pricer: Pricer) -> tuple:
    """The least an option's place in the ranking can be at any hours, with no employer support:
    the first four parts of its key.

    With no employer support, what each path costs the learner is the same at any hours: a path
    within the budget is at best a fit (class 0), one over it stays over (3), one with no dollar
    price stays unchecked (4), and each pays what it pays. The hours move only months and loads,
    so the option's fit class and what it pays are at least the least of those of the paths that
    can be its route. Kept per option and set of answers but the hours.
    """
    minded = answers.degree_minded
    key = (id(option), answers.budget, answers.goal, answers.needs_degree, *money_answers(answers))
    if key in pricer.floors:
        return pricer.floors[key]
    pathways = [path for path in paths if path.path == "pathway"]
    no_pathway = int(not pathways)
    routes = [*pathways, *(p for p in paths if p.path == "masters")] if minded and pathways else [paths[0]]
    parts = []
    for path in routes:
        within = budget_ok(path, answers.budget)
        parts.append((4, UNPAID) if within is None else (0 if within else 3, (0, path.out_of_pocket)))
    least_class, least_paid = min(parts)
    found = pricer.floors[key] = (
        no_pathway if minded else 0,
        least_class,
        no_pathway if answers.needs_degree == "unsure" else 0,
        least_paid,
    )
    return found


class Table:
    """Every option's row of the ranking at one set of answers but the budget and the months.

    A row depends on the budget and the months only through which of the option's own costs and
    lengths (its marks) they reach. The rows are kept at the budget and months last asked for;
    moving to others works out again only the rows of options with a mark in between.

    At other hours, a table is derived from the one at the nearest hours. With no employer
    support, an option whose plan changes in between is left unpriced (`pending`, by index, with
    its `_floor`) until the first place could be its.
    """

    def __init__(self, options: list[ProgramOption], entries: list[tuple | None]):
        self.options = options  # kept alive, so that their id stays theirs
        self.entries = entries
        self.rows: list[tuple | None] = []
        self.pending: dict[int, tuple] = {}
        self.budget = self.months = None

    def derived(self, answers: Answers, pricer: Pricer, moved: list[int]) -> Table:
        """The table at other hours, where only the options at the indexes `moved` differ: the
        others keep their rows, brought to these answers' budget and months first."""
        self.first(answers, pricer)
        table = Table(self.options, list(self.entries))
        table.rows, table.pending = list(self.rows), dict(self.pending)
        for index in moved:
            if answers.employer_support:  # what a path costs then depends on its months
                table._price(index, answers, pricer)
                continue
            if index not in table.pending:  # an option left unpriced keeps its floor
                option, paths = self.entries[index][:2]
                table.pending[index] = _floor(answers, option, paths, pricer)
            table.entries[index] = table.rows[index] = None
        table.budget, table.months = answers.budget, answers.months
        return table

    def _price(self, index: int, answers: Answers, pricer: Pricer) -> None:
        entry = self.entries[index] = _entry(answers, self.options[index], pricer)
        self.rows[index] = self._row(entry, answers, pricer)

    def first(self, answers: Answers, pricer: Pricer) -> tuple | None:
        if self.budget is None:
            moved = range(len(self.entries))
            self.rows = [None] * len(self.entries)
        elif (self.budget, self.months) == (answers.budget, answers.months):
            moved = ()
        else:
            for index in list(self.pending):  # the marks of every option are read
                del self.pending[index]
                self._price(index, answers, pricer)
            moved = _between(self.costs, self.budget, answers.budget) | _between(
                self.lengths, self.months, answers.months
            )
        for index in moved:
            self.rows[index] = self._row(self.entries[index], answers, pricer)
        self.budget, self.months = answers.budget, answers.months
        if not self.pending:
            return min(self.rows, key=itemgetter(0), default=None)  # the first of the best, as `rank` sorts
        while True:
            best = min((row for row in self.rows if row is not None), key=itemgetter(0), default=None)
            if best is None:  # nothing priced yet: the option with the least floor first
                near = [min(self.pending, key=self.pending.__getitem__)]
            else:
                near = [index for index, floor in self.pending.items() if floor <= best[0][:4]]
            if not near:
                return best
            for index in near:
                del self.pending[index]
                self._price(index, answers, pricer)

    # Laid out on the first move only: a table at other hours is mostly asked once.
    @cached_property
    def costs(self) -> tuple[list, list[int]]:
        return _marks_of(self.entries, 2)

    @cached_property
    def lengths(self) -> tuple[list, list[int]]:
        return _marks_of(self.entries, 3)

    @staticmethod
    def _row(entry: tuple, answers: Answers, pricer: Pricer) -> tuple:
        option, paths, costs, lengths, seen = entry
        position = (bisect_right(costs, answers.budget), bisect_right(lengths, answers.months))
        row = seen.get(position)
        if row is None:
            standing, micromasters, pathway, route = _standing(answers, paths, pricer, (costs, lengths))
            row = seen[position] = ((*standing, option.slug), option, micromasters, pathway, route)
        return row


def _marks_of(entries: list[tuple], field: int) -> tuple[list, list[int]]:
    """Every entry's marks of one kind (costs or lengths), sorted, with the index of its entry."""
    marks = sorted((mark, index) for index, entry in enumerate(entries) for mark in entry[field])
    return [mark for mark, _ in marks], [index for _, index in marks]


def _between(marks: tuple[list, list[int]], old, new) -> set[int]:
    """The entries with a mark that one of `old` and `new` reaches and the other doesn't."""
    values, indexes = marks
    low, high = (old, new) if old <= new else (new, old)
    return set(indexes[bisect_right(values, low) : bisect_right(values, high)])
