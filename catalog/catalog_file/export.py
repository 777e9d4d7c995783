"""Exporting the catalog in the file format, every key included, so that import -> export -> import
changes nothing (or refusing to, with the stored rows that keep it from that: checking.py)."""

from decimal import Decimal

from catalog import figures
from catalog.catalog_file.checking import CatalogInvalid, prerequisite_problems
from catalog.catalog_file.spec import FORMAT, SPECS, VERSION
from catalog.models import Course, CreditPathway, Degree, ExchangeRate, Field, Program, Source, University


def money_text(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


def decimal_text(number: Decimal | None) -> str | None:
    return None if number is None else format(number.normalize(), "f")


def figure_sources_of(obj) -> dict[str, list[str]]:
    """The record's figure -> sources, figures in the order the model lists them.

    A database may hand JSON objects back with their keys reordered (PostgreSQL's jsonb does), so
    the export puts them in order; anything unexpected is still written, for the import to report.
    """
    stored = obj.figure_sources
    return {**{figure: stored[figure] for figure in obj.FIGURES if figure in stored}, **stored}


def history_of(entries: list[dict]) -> list[dict]:
    """Older figures with their keys in the documented order (see figure_sources_of)."""
    return [
        {**{key: entry[key] for key in figures.HISTORY_KEYS if key in entry}, **entry} for entry in entries
    ]


def provenance(obj) -> dict:
    return {
        "url": obj.url,
        "sources": sorted(source.key for source in obj.sources.all()),
        "verified_on": obj.verified_on.isoformat(),
        "facts_year": obj.facts_year,
        "caveat": obj.caveat,
    }


def export_catalog() -> dict:
    """The whole catalog in the file format; CatalogInvalid if the file could not import as stored."""
    problems = prerequisite_problems()
    if problems:
        raise CatalogInvalid(problems)

    def values(obj, keys):
        return {key: getattr(obj, key) for key in keys}

    requires = prerequisite_positions()

    return {
        "format": FORMAT,
        "version": VERSION,
        "sources": [values(source, SPECS["sources"]) for source in Source.objects.order_by("key")],
        "fields": [values(item, ["slug", "name"]) for item in Field.objects.order_by("slug")],
        "universities": [
            values(university, SPECS["universities"]) for university in University.objects.order_by("slug")
        ],
        "exchange_rates": [
            export_rate(rate)
            for rate in ExchangeRate.objects.order_by("currency", "date").select_related("source")
        ],
        "degrees": [
            export_degree(degree)
            for degree in Degree.objects.order_by("slug")
            .select_related("university", "field")
            .prefetch_related("sources")
        ],
        "programs": [
            export_program(program, requires)
            for program in Program.objects.order_by("slug")
            .select_related("university", "field")
            .prefetch_related("sources", "courses")
        ],
        "pathways": [
            export_pathway(pathway)
            for pathway in CreditPathway.objects.order_by("slug")
            .select_related("program", "degree")
            .prefetch_related("sources")
        ],
    }


def export_degree(degree: Degree) -> dict:
    return {
        "slug": degree.slug,
        "title": degree.title,
        "university": degree.university.slug,
        "field": degree.field.slug if degree.field else None,
        "format": degree.format,
        "format_note": degree.format_note,
        "tuition_amount": money_text(degree.tuition_amount),
        "tuition_currency": degree.tuition_currency,
        "tuition_unit": degree.tuition_unit,
        "tuition_count": decimal_text(degree.tuition_count),
        "tuition_year": degree.tuition_year,
        "tuition_note": degree.tuition_note,
        "tuition_history": history_of(degree.tuition_history),
        "credits_total": decimal_text(degree.credits_total),
        "credit_unit": degree.credit_unit,
        "months_min": degree.months_min,
        "months_max": degree.months_max,
        "figure_sources": figure_sources_of(degree),
        **provenance(degree),
    }


def prerequisite_positions() -> dict[int, list[int]]:
    """Course id -> the positions of the courses it requires, from one read of the link table.

    Not a prefetch: SQLite plans a prefetch's IN list of every course id as a scan of the courses
    that probes the whole list for each, which takes minutes at 10,000 programs.
    """
    positions: dict[int, list[int]] = {}
    links = Course.prerequisites.through.objects.values_list("from_course_id", "to_course__position")
    for course_id, position in links:
        positions.setdefault(course_id, []).append(position)
    return positions


def export_program(program: Program, requires: dict[int, list[int]]) -> dict:
    plain = [
        "slug", "title", "summary", "status", "status_note", "pacing", "pacing_note",
        "effort_hours_min", "effort_hours_max", "months_min", "months_max", "currency",
        "course_count", "electives_required", "exam_fee_currency", "exam_fee_label", "exam_fee_year",
        "published_total_year", "notes",
    ]  # fmt: skip
    record = {key: getattr(program, key) for key in plain}
    record["figure_sources"] = figure_sources_of(program)
    record["other_course_prices"] = [
        {"title": entry["title"], **history_of([entry])[0]} for entry in program.other_course_prices
    ]
    for key in ("exam_fee", "published_total", "income_price_min", "income_price_max"):
        record[key] = money_text(getattr(program, key))
    record["university"] = program.university.slug
    record["field"] = program.field.slug
    record["courses"] = [
        export_course(course, requires.get(course.pk, [])) for course in program.courses.all()
    ]
    record.update(provenance(program))
    return {key: record[key] for key in SPECS["programs"]}


def export_course(course: Course, prerequisites: list[int]) -> dict:
    return {
        "position": course.position,
        "code": course.code,
        "title": course.title,
        "kind": course.kind,
        "weeks": course.weeks,
        "effort_hours_min": course.effort_hours_min,
        "effort_hours_max": course.effort_hours_max,
        "price": money_text(course.price),
        "price_currency": course.price_currency,
        "price_year": course.price_year,
        "price_history": history_of(course.price_history),
        "prerequisites": sorted(prerequisites),
        "notes": course.notes,
        "figure_sources": figure_sources_of(course),
    }


def export_pathway(pathway: CreditPathway) -> dict:
    return {
        "slug": pathway.slug,
        "program": pathway.program.slug,
        "degree": pathway.degree.slug,
        "degree_name_as_listed": pathway.degree_name_as_listed,
        "degree_name_lister": pathway.degree_name_lister,
        "credits_granted": decimal_text(pathway.credits_granted),
        "credits_required": decimal_text(pathway.credits_required),
        "credit_unit": pathway.credit_unit,
        "share_min": decimal_text(pathway.share_min),
        "share_max": decimal_text(pathway.share_max),
        "share_text": pathway.share_text,
        "conditions": pathway.conditions,
        "status": pathway.status,
        "figure_sources": figure_sources_of(pathway),
        **provenance(pathway),
    }


def export_rate(rate: ExchangeRate) -> dict:
    return {
        "currency": rate.currency,
        "units_per_usd": f"{rate.units_per_usd:.6f}",
        "date": rate.date.isoformat(),
        "period": rate.period,
        "source": rate.source.key,
    }
