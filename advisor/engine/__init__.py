"""The advisor's reasoning: a learner's answers and candidate programs in, a verdict out.

Pure Python: no Django, no database. Frozen dataclasses in and out; money is Decimal in the
currency it was quoted in (quantized to cents), time is whole months. `recommend()` is the entry
point. Modules by topic: `answers` (inputs, options and the fixed assumptions), `arithmetic` and
`paths` (the figures of each path; `pricer` keeps them for re-runs), `ranking`, `verdict` (the
rules, no words), `thresholds` (what would change it), `reasons` and `wording` (the words, through
catalog.formatting).

Paths, for one program (`cost_paths`)
-------------------------------------
- micromasters: cost = the program's total with every fee (`ProgramOption.price`). An income-based
  price uses the tier for the learner's salary where the program publishes tiers; else the top of
  its range, with the lowest (`price_floor`) shown as the best case. Months at the learner's h
  hours a week (`schedule`):
    * every required course listed with its weeks: weeks = sum(course weeks x max(1, course hours / h))
      for self-paced courses and those whose pacing isn't published; instructor-led courses keep
      their weeks. months = ceil(weeks x 12 / 52), never shorter than the stated calendar;
    * else, with a stated calendar: ceil(stated months x max(1, effort_hours_max / h)) (no stretch
      for instructor-led programs);
    * else None: "not published". Never a guess.
  Weekly load: instructor-led courses below the hours they state at the lower end are not
  possible (at risk of failing, no extra weeks); below the upper end, a risk says so.
- pathway (one per credit pathway): cost = MicroMasters total + the catalog's remaining tuition
  (both ends come from the catalog); months = MicroMasters months + the catalog's remaining months.
  A part not published leaves the cost not whole: shown as "at least $X (the rest is not
  published)", never as a total, and never within a budget. A degree on campus (or blended) needs
  full-time hours (FULL_TIME_HOURS) for its remaining months.
- masters (one per degree a pathway leads to): the degree's tuition and months; on campus or
  blended: full-time hours.
- audit: no credential, cost 0; months = the MicroMasters months.

Money, for every path
---------------------
- out_of_pocket = max(0, cost - employer_support x years), years = max(1, ceil(months / 12)).
- Tuition in another currency comes converted to dollars at the catalog's dated rate (the
  selector says so); a currency with no rate on file is not compared with the budget.
- forgone = salary / 12 x the full-time months, when a salary is given (full-time degrees only).
- The amount shown for a path (`PathCost.amount`, `amount_label`) = out_of_pocket + forgone; the
  page, the table and the chart all show that one amount.
- payback_months = study months + ceil((out_of_pocket + forgone) / ((expected - salary) / 12)),
  counted from today; None without a raise or a known time.
- A pathway's remaining tuition, borrowed over LOAN_YEARS at LOAN_RATE, passes the affordability
  check when a year's payments are at most DEBT_SHARE_MAX of the expected salary (else the current
  one). It is reported, not a rule of the verdict.

A path fits when the budget covers its out_of_pocket (whole and in dollars), its months are within
the learner's months (known), and its weekly load is possible at the learner's hours.

Matches and focus
-----------------
Candidates are the open (not retired) options in `answers.field` (for a learner who named a
retired program without a field, that program's field); when none, all open options, with a
reason saying so. Each candidate's route is, for a degree-minded learner (wants a degree and has a bachelor's),
the better of its best pathway and that pathway's degree directly, else its MicroMasters. Ranked
by: a pathway exists (degree-minded only), then fit (fits < within budget but known to miss the
time or hours < within budget, length not published < over budget < can't be checked), then a
pathway exists ('unsure' only), then out_of_pocket (unknown last), months (unknown last), slug. The first
MAX_MATCHES are the matches. The focus is the named program when it is open, else the first match;
a retired program is never the focus, a match or a threshold. A program's best pathway is ranked
the same way (fit, out_of_pocket, months, degree slug).

Verdict (the first rule that applies; `verdict.rule`)
-----------------------------------------------------
1. No open program to price: audit.
2. Not wanting a degree (skills, career change, promotion, explore, or not needing one): the
   MicroMasters when it fits; else audit.
3. Wanting a degree (needs_degree "yes" or goal "degree"):
   a. no bachelor's: audit (admission usually needs one; MicroMasters credit counts only on admission);
   b. the focus has no credit pathway: audit (a change names a program with one);
   c. of the best pathway and its degree directly, those that fit: the one the learner pays less
      for (the pathway on a tie);
   d. the MicroMasters fits, and the whole pathway fits the time and the weekly load but not (or
      not provably) the budget: pathway, the MicroMasters as the first step;
   e. otherwise: audit, saying how each paid path misses.
An audit verdict says what would make the best paid path fit (budget, hours or months).

What would change it (`thresholds`)
-----------------------------------
The nearest budget, months and hours a week above and below the learner's at which re-running the
engine gives another verdict, and a bachelor's degree for a degree-minded learner without one;
each with its URL parameter, value and verdict, so that the stated value gives the stated verdict
and one unit nearer the learner's answer does not. Other programs to look at (one with a pathway,
or a retired program's open neighbours) carry the verdict the engine gives for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.engine.answers import (
    BUDGET_CURRENCY,
    BUDGET_MAX,
    DEBT_SHARE_MAX,
    FULL_TIME_HOURS,
    GOALS,
    HOURS_MAX,
    LOAN_RATE,
    LOAN_YEARS,
    MAX_MATCHES,
    MONTHS_MAX,
    NEEDS_DEGREE,
    VERDICTS,
    Answers,
    CourseLoad,
    DegreeOption,
    IncomeTier,
    PathwayOption,
    ProgramOption,
)
from advisor.engine.arithmetic import (
    debt_check,
    monthly_payment,
    months_at_hours,
    out_of_pocket,
    payback_months,
    schedule,
)
from advisor.engine.paths import Amount, PathCost, cost_paths, judged
from advisor.engine.pricer import Pricer
from advisor.engine.ranking import ProgramMatch
from advisor.engine.reasons import headline
from advisor.engine.reasons import reasons as reasons_for
from advisor.engine.thresholds import Change, changes, needs
from advisor.engine.verdict import Decision, decide, focus_paths

__all__ = [
    "BUDGET_CURRENCY",
    "BUDGET_MAX",
    "DEBT_SHARE_MAX",
    "FULL_TIME_HOURS",
    "GOALS",
    "HOURS_MAX",
    "LOAN_RATE",
    "LOAN_YEARS",
    "MAX_MATCHES",
    "MONTHS_MAX",
    "NEEDS_DEGREE",
    "VERDICTS",
    "Amount",
    "Answers",
    "Change",
    "CourseLoad",
    "DegreeOption",
    "IncomeTier",
    "PathCost",
    "PathwayOption",
    "ProgramMatch",
    "ProgramOption",
    "Recommendation",
    "cost_paths",
    "debt_check",
    "decide",
    "monthly_payment",
    "months_at_hours",
    "out_of_pocket",
    "payback_months",
    "recommend",
    "schedule",
]


@dataclass(frozen=True)
class Recommendation:
    verdict: str  # one of VERDICTS
    headline: str
    reasons: tuple[str, ...]
    changes: tuple[Change, ...]  # what would change the verdict
    paths: tuple[PathCost, ...]  # the focus's micromasters, best pathway, its master's, audit
    matches: tuple[ProgramMatch, ...]
    focus: ProgramOption | None
    retired: ProgramOption | None = None  # the program the learner named, when it is retired

    @property
    def chosen(self) -> PathCost | None:
        """The path the verdict names."""
        return next((path for path in self.paths if path.path == self.verdict), None)


def _needs(answers: Answers, decision: Decision, pricer: Pricer) -> list[str]:
    """For an audit verdict: what would make the best paid path fit."""
    focus = decision.focus
    if decision.verdict != "audit" or focus is None or decision.rule in ("no_bachelors", "no_pathway"):
        return []
    if answers.degree_minded and focus.pathway is not None:
        found = needs(answers, focus.pathway, focus.option, pricer, "pathway")
        if "not published" in found[0]:  # nothing published to aim at: try the degree directly
            return needs(answers, focus.masters, focus.option, pricer, "master's directly") or found
        return found
    return needs(answers, focus.micromasters, focus.option, pricer, "MicroMasters")


def _worded(figures: list[PathCost], words: list[PathCost], path: PathCost | None) -> PathCost | None:
    """`path`, one of `figures`, as `words` has it: both are the same paths in the same order."""
    return None if path is None else words[next(i for i, p in enumerate(figures) if p is path)]


def recommend(answers: Answers, options: list[ProgramOption]) -> Recommendation:
    """The verdict for `answers` over the catalog's `options` (rules in the module docstring).

    The verdict, the ranking and the re-runs read figures only; the words (labels, risks,
    breakdowns) are worked out afterwards for what the page shows: the focus and the first
    MAX_MATCHES matches.
    """
    lean = Pricer(words=False)
    decision = decide(answers, options, lean)
    found = changes(answers, options, lean, decision)
    words = Pricer()
    focus = None
    if decision.focus is not None:
        focus = focus_paths(answers, decision.focus.option, words).judged(answers)
    shown = Decision(**{**decision.__dict__, "focus": focus})
    ranked = []
    for match in decision.ranked[:MAX_MATCHES]:
        figures, worded = lean.paths(answers, match.option), words.paths(answers, match.option)
        micromasters, pathway, route = (
            _worded(figures, worded, path) for path in (match.micromasters, match.best_pathway, match.route)
        )
        ranked.append(
            ProgramMatch(
                match.option,
                judged(micromasters, answers),
                None if pathway is None else judged(pathway, answers),
                match.rank,
                match.fits,
                judged(route, answers),
            )
        )
    return Recommendation(
        verdict=decision.verdict,
        headline=headline(shown),
        reasons=tuple(reasons_for(answers, shown, _needs(answers, decision, lean))),
        changes=tuple(found),
        paths=focus.paths if focus else (),
        matches=tuple(ranked),
        focus=focus.option if focus else None,
        retired=decision.retired,
    )
