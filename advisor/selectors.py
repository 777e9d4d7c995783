"""Catalog rows -> the engine's inputs: the only code that turns the database into ProgramOptions.

Every figure comes from the catalog's own derivations (the stored `with_totals()` figures and `catalog.costs`), so
the advisor prices a program exactly as its catalog page does.
"""

from functools import cache
from types import SimpleNamespace

from django.db.models import Case, F, IntegerField, Prefetch, Subquery, Value, When

from advisor.engine import Answers, CourseLoad, DegreeOption, PathwayOption, ProgramOption
from catalog import costs, exchange, formatting
from catalog.caching import per_version, per_version_items
from catalog.models import Course, CreditPathway, Degree, Program, Status

# A degree studied on campus asks full-time hours (see the method page); so does a blended degree
# whose catalog note puts a stretch of it on campus after the online part, in these words. A blended
# degree with one on-campus course or component ("online with 1 required on-campus course") does not.
CAMPUS_STRETCH_WORDS = ("micromasters +", "months on campus", "residential")


def studied_full_time(degree: Degree) -> bool:
    if degree.format == Degree.Format.ON_CAMPUS:
        return True
    note = degree.format_note.lower()
    return degree.format == Degree.Format.BLENDED and any(words in note for words in CAMPUS_STRETCH_WORDS)


REQUIRED_KINDS = (Course.Kind.REQUIRED, Course.Kind.CAPSTONE)
CANDIDATES = 60  # more than any field holds today; bounds the work on a catalog of any size
KEPT_OPTIONS_MAX = 2_000  # options kept per process (a few kilobytes each); past that, the oldest go
KEPT_CANDIDATE_LISTS = 500  # lists of candidates kept per process: one per field, wish, program named


# What the advisor reads of a program: its facts, and the figures `with_totals()` derives (stored).
FIGURES = (
    "id",
    "slug",
    "title",
    "total_price",
    "income_total_min",
    "income_total_max",
    "price_from",
    "calendar_months_min",
    "calendar_months_max",
    "pacing",
    "status",
    "status_note",
    "currency",
    "course_count",
    "effort_hours_min",
    "effort_hours_max",
    "months_min",
    "months_max",
)


@cache
def _with_figures():
    """`Program.objects.with_figures()` (the stored `with_totals()` figures), built once per
    process. Only ever chained into new querysets, never run."""
    return Program.objects.with_figures()


def _order(answers: Answers) -> list:
    """How candidates are ordered (see `candidate_slugs`)."""
    order = [F("has_pathway").desc()] if answers.wants_degree else []
    if answers.program and not answers.field:
        retired_field = Subquery(
            Program.objects.filter(slug=answers.program, status=Status.RETIRED).values("field_id")[:1]
        )
        order.insert(
            0,
            Case(When(field_id=retired_field, then=Value(0)), default=Value(1), output_field=IntegerField()),
        )
    return [
        *order,
        F("price_from").asc(nulls_last=True),
        F("calendar_months_max").asc(nulls_last=True),
        "slug",
    ]


def candidate_slugs(answers: Answers) -> list[str]:
    """The programs worth pricing for these answers, in one query (two with a field).

    The open programs in the learner's field (all, when the field has none; for a learner naming
    a retired program without a field, that program's field first), ordered as far as SQL can
    tell how well they fit: a credit pathway first for a learner who wants a degree, then
    cheaper, then shorter; at most CANDIDATES of them, plus the program the learner named. The
    order never reads the budget, hours, months or bachelor's degree, so the thresholds the engine
    finds by re-running on these candidates hold on the page a threshold's link opens.
    """
    programs = _with_figures().exclude(status=Status.RETIRED)
    if answers.field and programs.filter(field__slug=answers.field).exists():
        programs = programs.filter(field__slug=answers.field)
    slugs = list(programs.order_by(*_order(answers)).values_list("slug", flat=True)[:CANDIDATES])
    if answers.program and answers.program not in slugs:
        slugs.append(answers.program)
    return slugs


class ProgramRow(SimpleNamespace):
    """A program as `candidates` reads it (one `values()` row of FIGURES), with the attributes of
    a Program that the catalog's derivations (`catalog.costs`, `catalog.estimates`) read; its
    university's and field's names are added (`named`) only when its option is built."""

    def __init__(self, row: dict):
        super().__init__(**row, pk=row["id"])

    def named(self, university: str, field_slug: str, field_name: str) -> None:
        self.university = SimpleNamespace(name=university)
        self.field = SimpleNamespace(slug=field_slug, name=field_name)

    def get_absolute_url(self) -> str:
        return page_url(Program, self.slug)


SLUG_MARK = "--slug--"


@cache
def _page_urls(model) -> tuple[str, str]:
    """A model's page address around its slug, from the model's own get_absolute_url()."""
    before, _, after = model(slug=SLUG_MARK).get_absolute_url().partition(SLUG_MARK)
    return before, after


def page_url(model, slug: str) -> str:
    """`model(slug=slug).get_absolute_url()` without reversing the URL each time (a slug needs no quoting)."""
    before, after = _page_urls(model)
    return f"{before}{slug}{after}"


def candidates(answers: Answers) -> tuple[list[ProgramOption], dict[str, ProgramRow]]:
    """The candidates of `candidate_slugs` as engine options, and the programs they come from.

    The same programs as `program_options(slugs=candidate_slugs(answers))`, in five queries
    (one more for a field without open programs, or a named program outside the first
    CANDIDATES): the candidates with their figures, their required courses, their open pathways
    with degrees, the exchange rates, the names of their universities and fields. Only the figures
    the advisor reads are selected, and a candidate's row joins nothing but its figures: the names
    are read for the options built only.

    A program's option depends on the catalog alone, and the candidates on the catalog and three
    answers (a degree wished for, the field, the program named), so while a page is served each
    process keeps both for the catalog version (`caching.per_version_items`, at most
    KEPT_OPTIONS_MAX options and KEPT_CANDIDATE_LISTS lists): a later result with those three
    answers, whatever its budget, hours and months, queries nothing; with others, it reads the
    candidates' rows and builds the options of programs it has not weighed yet.
    """
    chosen_by = (answers.wants_degree, answers.field, answers.program)
    (found,) = per_version_items(
        "advisor candidates",
        [chosen_by],
        lambda _: {chosen_by: _candidate_rows(answers)},
        KEPT_CANDIDATE_LISTS,
    )

    def build(missing):
        courses = {key: [] for key in missing}
        listed = (
            Course.objects.filter(program_id__in=missing, kind__in=REQUIRED_KINDS)
            .order_by("position")
            .values_list("program_id", "weeks", "effort_hours_max", "effort_hours_min")
        )
        for key, weeks, hours_max, hours_min in listed:
            courses[key].append(CourseLoad(weeks=weeks, hours_per_week=hours_max, hours_min=hours_min))
        pathways = {key: [] for key in missing}
        for pathway in (
            CreditPathway.objects.open()
            .filter(program_id__in=missing)
            .select_related("degree__university")
            .order_by("degree__title")
        ):
            pathways[pathway.program_id].append(pathway)
        rates = per_version("exchange rates by currency", exchange.rates_by_currency)
        names = Program.objects.filter(pk__in=missing).values_list(
            "pk", "university__name", "field__slug", "field__name"
        )
        for key, *named in names:
            found[key].named(*named)
        return {key: _option(found[key], courses[key], pathways[key], rates) for key in missing}

    programs = sorted(found.values(), key=lambda row: row.title)  # as program_options lists them
    options = per_version_items("advisor options", [row.id for row in programs], build, KEPT_OPTIONS_MAX)
    return options, {row.slug: row for row in programs}


def _candidate_rows(answers: Answers) -> dict[int, ProgramRow]:
    """The rows of `candidate_slugs(answers)` by id, with the figures the advisor reads."""
    programs = _with_figures().exclude(status=Status.RETIRED).order_by(*_order(answers))
    rows = []
    if answers.field:
        rows = list(programs.filter(field__slug=answers.field).values(*FIGURES)[:CANDIDATES])
    if not rows:  # no field, or none of its programs is open: every field
        rows = list(programs.values(*FIGURES)[:CANDIDATES])
    if answers.program and all(row["slug"] != answers.program for row in rows):
        rows += list(_with_figures().filter(slug=answers.program).values(*FIGURES))
    return {row["id"]: ProgramRow(row) for row in rows}


def program_options(*, slugs: list[str] | None = None) -> list[ProgramOption]:
    """Every program (or those with `slugs`) as engine options, in four queries."""
    programs = Program.objects.for_listing().prefetch_related(
        Prefetch("courses", queryset=Course.objects.filter(kind__in=REQUIRED_KINDS).order_by("position")),
        Prefetch(
            "pathways",
            queryset=CreditPathway.objects.open()
            .select_related("degree__university")
            .order_by("degree__title"),
        ),
    )
    if slugs is not None:
        programs = programs.filter(slug__in=slugs)
    rates = exchange.rates_by_currency()
    return [program_option(program, rates) for program in programs]


def program_option(program: Program, rates=None) -> ProgramOption:
    courses = [
        CourseLoad(
            weeks=course.weeks, hours_per_week=course.effort_hours_max, hours_min=course.effort_hours_min
        )
        for course in program.courses.all()
    ]
    return _option(program, courses, program.pathways.all(), rates or {})


def _option(program, courses: list[CourseLoad], pathways, rates) -> ProgramOption:
    """A Program (or a ProgramRow) with its required courses and open pathways, as the engine weighs it."""
    income = costs.income_price_range(program)
    price = program.total_price if program.total_price is not None else (income.high if income else None)
    return ProgramOption(
        slug=program.slug,
        title=program.title,
        university=program.university.name,
        field=program.field.slug,
        field_name=program.field.name,
        price=price,
        income_based=program.total_price is None and income is not None,
        price_floor=income.low if program.total_price is None and income is not None else None,
        pacing=program.pacing,
        retired=program.status == Status.RETIRED,
        status_note=program.status_note if program.status == Status.RETIRED else "",
        currency=program.currency,
        courses=tuple(courses),
        course_count=program.course_count,
        effort_hours_min=program.effort_hours_min,
        effort_hours_max=program.effort_hours_max,
        months_min=program.months_min,
        months_max=program.months_max,
        pathways=tuple(pathway_option(pathway, program, rates) for pathway in pathways),
        url=program.get_absolute_url(),
    )


def pathway_option(pathway: CreditPathway, program: Program, rates) -> PathwayOption:
    """A pathway as the engine weighs it. Tuition quoted in another currency is converted to US
    dollars at its dated rate (catalog/exchange.py), and the learner is told so; the learner reads
    the pathway's caveat, never its staff notes."""
    cost = costs.pathway_cost(pathway, program)
    degree = pathway.degree
    tuition = costs.degree_total_tuition(degree)
    remaining = cost.remaining_tuition.high if cost.remaining_tuition else None
    remaining_low = cost.remaining_tuition.low if cost.remaining_tuition else None
    currency = degree.tuition_currency or program.currency
    notes = [pathway.caveat]
    converted = exchange.usd_amount(tuition, currency, degree.tuition_year, rates) if tuition else None
    if converted is not None and converted.rate is not None:
        rate = converted.rate
        notes.append(
            f"The degree's tuition of {formatting.money(tuition, currency)} is counted as about "
            f"{formatting.rounded_money(converted.amount_usd)}, at {formatting.rate_basis(rate.date, rate.period)} "
            f"({rate.source_title})."
        )
        if remaining is not None:
            remaining = exchange.usd_amount(remaining, currency, degree.tuition_year, rates).amount_usd
            remaining_low = exchange.usd_amount(
                remaining_low, currency, degree.tuition_year, rates
            ).amount_usd
        tuition, currency = converted.amount_usd, exchange.USD
    return PathwayOption(
        degree=DegreeOption(
            slug=degree.slug,
            title=degree.title,
            university=degree.university.name,
            tuition=tuition,
            currency=currency,
            months=degree.months_max,
            url=page_url(Degree, degree.slug),
            full_time=studied_full_time(degree),
        ),
        share_low=cost.share.low if cost.share else None,
        share_high=cost.share.high if cost.share else None,
        remaining_tuition=remaining,
        remaining_tuition_low=remaining_low,
        remaining_months=cost.remaining_months,
        conditions=" ".join(note for note in notes if note),
    )
