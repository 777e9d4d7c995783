"""The catalog: universities, MicroMasters programs and their courses, master's degrees and the
credit pathways between them.

Only facts are stored, each with the sources that state it (`figure_sources`). Everything a learner
sees that can be computed from them (a program's total price and weeks, a degree's total tuition,
the cost and time through a pathway) is derived in one place: the program totals in
`ProgramQuerySet.with_totals()` (SQL, so the list can filter and sort on them), the income-based
range, degree and pathway arithmetic in `costs.py`. Two kinds of derived figure are stored: the
US-dollar amount of a course price or exam fee quoted in another currency (`price_usd`,
`exam_fee_usd`), which the totals sum in SQL and only `exchange.py` writes; and each program's totals
(`ProgramFigures`), which `with_totals()` defines and only `program_figures.py` writes, so that pages
read them instead of deriving them again on every view.

One module a topic: `base` (limits, shared fields and constraints, the stored-figures mixins),
`sources` (sources, exchange rates, provenance), `universities` (fields, universities), `programs`,
`courses`, `degrees` (degrees, credit pathways) and `derived` (tables the site writes itself).
"""

from catalog.history import track
from catalog.models.base import (
    MONEY,
    STAFF_NOTES_MAX_LENGTH,
    STALE_AFTER_MONTHS,
    TEXT_MAX_LENGTH,
    ZERO,
    Status,
    add_months,
)
from catalog.models.courses import Course, CourseQuerySet, prerequisite_loop
from catalog.models.degrees import CreditPathway, CreditPathwayQuerySet, Degree
from catalog.models.derived import CatalogVersion, ProgramFigures, ProgramSearchRow
from catalog.models.programs import PAID_KINDS, REQUIRED_KINDS, Program, ProgramQuerySet
from catalog.models.sources import ExchangeRate, Provenance, Source
from catalog.models.universities import Field, University, UniversityQuerySet, WithProgramsQuerySet

__all__ = [
    "MONEY",
    "PAID_KINDS",
    "REQUIRED_KINDS",
    "STAFF_NOTES_MAX_LENGTH",
    "STALE_AFTER_MONTHS",
    "TEXT_MAX_LENGTH",
    "ZERO",
    "CatalogVersion",
    "Course",
    "CourseQuerySet",
    "CreditPathway",
    "CreditPathwayQuerySet",
    "Degree",
    "ExchangeRate",
    "Field",
    "Program",
    "ProgramFigures",
    "ProgramQuerySet",
    "ProgramSearchRow",
    "Provenance",
    "Source",
    "Status",
    "University",
    "UniversityQuerySet",
    "WithProgramsQuerySet",
    "add_months",
    "prerequisite_loop",
]

# History is registered here, once every model exists: the historical models live in this module.
track(Source, ExchangeRate, Field, University, Program, Course, Degree, CreditPathway)
