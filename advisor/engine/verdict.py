"""The verdict: which rule applies to the learner and the program in focus (no words here).

`decide()` is cheap to run again with other answers, which is how the thresholds are found.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.engine.answers import Answers, ProgramOption
from advisor.engine.paths import PathCost, fits, judged, time_ok
from advisor.engine.pricer import Pricer
from advisor.engine.ranking import ProgramMatch, best_pathway, in_field, rank


@dataclass(frozen=True)
class Focus:
    option: ProgramOption
    micromasters: PathCost
    pathway: PathCost | None  # its best pathway
    masters: PathCost | None  # that pathway's degree, directly
    audit: PathCost
    degree: str  # the best pathway's degree title; "a master's" without one

    @property
    def paths(self) -> tuple[PathCost, ...]:
        return tuple(p for p in (self.micromasters, self.pathway, self.masters, self.audit) if p is not None)

    def judged(self, answers: Answers) -> Focus:
        def judge(path):
            return None if path is None else judged(path, answers)

        return Focus(
            self.option,
            judge(self.micromasters),
            judge(self.pathway),
            judge(self.masters),
            judge(self.audit),
            self.degree,
        )


@dataclass(frozen=True)
class Decision:
    verdict: str  # one of VERDICTS
    rule: str  # the rule that applied (see the package docstring)
    focus: Focus | None
    ranked: list[ProgramMatch]
    candidates: list[ProgramOption]
    field_fallback: bool  # the learner's field had no open program, so every field was searched
    named: ProgramOption | None  # the program the learner named, when it is open
    retired: ProgramOption | None  # the program the learner named, when it is retired
    unknown_named: bool  # the learner named a program that isn't among the options

    @property
    def pool(self) -> list[ProgramOption]:
        """Every option whose figures can decide the verdict: the candidates and the named program."""
        if self.named is None or self.named in self.candidates:
            return self.candidates
        return [*self.candidates, self.named]

    @property
    def chosen(self) -> PathCost | None:
        if self.focus is None:
            return None
        return next((path for path in self.focus.paths if path.path == self.verdict), None)


def degree_title(option: ProgramOption, path: PathCost) -> str:
    return next(p.degree.title for p in option.pathways if p.degree.slug == path.degree_slug)


def focus_paths(answers: Answers, option: ProgramOption, pricer: Pricer) -> Focus:
    paths = pricer.paths(answers, option)
    pathway = best_pathway(paths, answers)
    if pathway is None:
        return Focus(option, paths[0], None, None, paths[-1], "a master's")
    masters = next(p for p in paths if p.path == "masters" and p.degree_slug == pathway.degree_slug)
    return Focus(option, paths[0], pathway, masters, paths[-1], degree_title(option, pathway))


def rule(answers: Answers, focus: Focus) -> tuple[str, str]:
    """(verdict, rule): the first rule of the package docstring that applies."""
    mm, pw, ma = focus.micromasters, focus.pathway, focus.masters
    if not answers.wants_degree:
        return ("micromasters", "micromasters") if fits(mm, answers) else ("audit", "audit")
    if not answers.has_bachelors:
        return "audit", "no_bachelors"
    if pw is None:
        return "audit", "no_pathway"
    routes = [path for path in (pw, ma) if fits(path, answers)]
    if routes:
        route = min(routes, key=lambda path: (path.out_of_pocket, path.path != "pathway"))
        return route.path, route.path
    if fits(mm, answers) and pw.load_ok and time_ok(pw, answers.months) is True:
        return "pathway", "first_step"
    return "audit", "degree_audit"


def decide(answers: Answers, options: list[ProgramOption], pricer: Pricer, matches: bool = True) -> Decision:
    """The verdict and its focus; `matches` off ranks only as far as the verdict needs (a re-run)."""
    named_any = None
    if answers.program:
        named_any = next((option for option in options if option.slug == answers.program), None)
    retired = named_any if named_any is not None and named_any.retired else None
    named = named_any if retired is None else None
    field = answers.field or (retired.field if retired else None)
    # The same list for every re-run, so that the ranking can keep its work per list of candidates.
    known = pricer.tables.get((id(options), field))
    if known is None:
        known = pricer.tables[id(options), field] = (options, *in_field(answers, options, field))
    _, candidates, fallback = known
    if matches:
        ranked = rank(answers, candidates, pricer)
    elif named is not None:
        ranked = []  # the named program is the focus: the ranking changes no verdict
    else:
        ranked = rank(answers, candidates, pricer, limit=1)
    focus_option = named or (ranked[0].option if ranked else None)
    unknown = bool(answers.program) and named_any is None
    if focus_option is None:
        return Decision("audit", "empty", None, ranked, candidates, fallback, None, retired, unknown)
    focus = focus_paths(answers, focus_option, pricer)
    verdict, applied = rule(answers, focus)
    return Decision(verdict, applied, focus, ranked, candidates, fallback, named, retired, unknown)
