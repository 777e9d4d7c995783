"""Catalog rows -> the engine's inputs: the only code that turns the database into ProgramOptions.

Every figure comes from the catalog's own derivations (`with_totals()` and `catalog.pricing`), so
the advisor prices a program exactly as its catalog page does.
"""

from django.db.models import Case, F, IntegerField, Prefetch, Value, When

from advisor.engine import Answers, CourseLoad, DegreeOption, PathwayOption, ProgramOption
from catalog import exchange, formatting, pricing
from catalog.models import Course, CreditPathway, Program

REQUIRED_KINDS = (Course.Kind.REQUIRED, Course.Kind.CAPSTONE)
CANDIDATES = 60  # more than any field holds today; bounds the work on a catalog of any size


def candidate_slugs(answers: Answers) -> list[str]:
    """The programs worth pricing for these answers, in two queries.

    The ones in the learner's field (all, when the field has none), ordered as far as SQL can
    tell how well they fit: a credit pathway first for a learner who wants a degree and can be
    admitted, then within the budget, then cheaper, then shorter; at most CANDIDATES of them,
    plus the program the learner named. The engine then prices and ranks these exactly.
    """
    programs = Program.objects.with_totals()
    if answers.field and programs.filter(field__slug=answers.field).exists():
        programs = programs.filter(field__slug=answers.field)
    wants_degree = answers.has_bachelors and (answers.needs_degree == "yes" or answers.goal == "degree")
    affordable = answers.budget + (answers.employer_support or 0)
    order = [F("has_pathway").desc()] if wants_degree else []
    order += [
        Case(When(price_from__lte=affordable, then=Value(0)), default=Value(1), output_field=IntegerField()),
        F("price_from").asc(nulls_last=True),
        F("calendar_months_max").asc(nulls_last=True),
        "slug",
    ]
    slugs = list(programs.order_by(*order).values_list("slug", flat=True)[:CANDIDATES])
    if answers.program and answers.program not in slugs:
        slugs.append(answers.program)
    return slugs


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
    return ProgramOption(
        slug=program.slug,
        title=program.title,
        university=program.university.name,
        field=program.field.slug,
        field_name=program.field.name,
        price=program.price_from,
        income_based=program.total_price is None and program.income_total_min is not None,
        currency=program.currency,
        courses=tuple(
            CourseLoad(weeks=course.weeks, hours_per_week=course.effort_hours_max)
            for course in program.courses.all()
        ),
        course_count=program.course_count,
        effort_hours_min=program.effort_hours_min,
        effort_hours_max=program.effort_hours_max,
        months_min=program.months_min,
        months_max=program.months_max,
        pathways=tuple(pathway_option(pathway, program, rates or {}) for pathway in program.pathways.all()),
        url=program.get_absolute_url(),
    )


def pathway_option(pathway: CreditPathway, program: Program, rates) -> PathwayOption:
    """A pathway as the engine weighs it. Tuition quoted in another currency is converted to US
    dollars at its dated rate (catalog/exchange.py), and the learner is told so; the learner reads
    the pathway's caveat, never its staff notes."""
    cost = pricing.pathway_cost(pathway, program)
    degree = pathway.degree
    tuition = pricing.degree_total_tuition(degree)
    remaining = cost.remaining_tuition.high if cost.remaining_tuition else None
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
        tuition, currency = converted.amount_usd, exchange.USD
    return PathwayOption(
        degree=DegreeOption(
            slug=degree.slug,
            title=degree.title,
            university=degree.university.name,
            tuition=tuition,
            currency=currency,
            months=degree.months_max,
            url=degree.get_absolute_url(),
        ),
        share_low=cost.share.low if cost.share else None,
        share_high=cost.share.high if cost.share else None,
        remaining_tuition=remaining,
        remaining_months=cost.remaining_months,
        conditions=" ".join(note for note in notes if note),
    )
