"""Open data: the programs list as CSV and JSON, and the whole catalog in its import format.

`/programs.csv` and `/programs.json` take exactly the list's parameters (ProgramFilter: the same
filters and sort, in the same order) and hold every program the list would show on all its pages,
one row each, with every figure, its currency and year and the URLs of its sources. A parameter
the list would flag as an error is refused here with a 400 naming it: a file filtered other than
asked would be worse than no file. Rows are streamed, so a catalog of 10,000 programs starts
arriving at once and never holds the worker until a timeout; the queries are a fixed few whatever
the count (the programs, then their courses' price sources, their source links and the sources).
`/catalog.json` is the whole catalog in the import format (catalog_file.export_catalog), staff
notes left empty. All three are cached per catalog version like the pages (`cached_page`).
"""

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import wraps

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from catalog import catalog_file, costs, gaps
from catalog.caching import cached_page
from catalog.filters import ProgramFilter
from catalog.models import Course, Program, Source
from catalog.templatetags.catalog_format import price_years
from micromasters.site import site_origin, site_url

CHUNK = 2000  # programs fetched per round trip while streaming
STAFF_NOTES = {"programs": "notes", "degrees": "tuition_note", "pathways": "conditions"}


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str
    value: Callable | None = None  # (program, SourceUrls) -> a str, int, Decimal, bool, None or list of URLs

    def read(self, program, sources):
        """The column's value for a program; without `value`, its attribute of the column's name."""
        return getattr(program, self.name) if self.value is None else self.value(program, sources)


def _money(amount) -> Decimal | None:
    """To the cent: SQLite hands sums back with a tail of zeros (1394.80000000000)."""
    return None if amount is None else costs.cents(Decimal(amount))


def _share(share) -> Decimal | None:
    return None if share is None else Decimal(share).quantize(Decimal("0.0001")).normalize()


def _sources(figure: str):
    return lambda program, sources: sources.of_figure(program, figure)


COLUMNS = [
    Column("slug", "The program's identifier in this catalog and in its URL."),
    Column("title", "The program's name."),
    Column("url", "The program's page on this site.", lambda p, s: s.page_url(p)),
    Column("university", "The university that offers it.", lambda p, s: p.university.name),
    Column("university_slug", "The university's identifier.", lambda p, s: p.university.slug),
    Column(
        "country", "The university's country; empty when not published.", lambda p, s: p.university.country
    ),
    Column("field", "The subject field.", lambda p, s: p.field.name),
    Column("field_slug", "The field's identifier.", lambda p, s: p.field.slug),
    Column("status", "active, retired, or unknown (not confirmed by a source)."),
    Column("pacing", "self_paced, instructor_led or mixed; empty when not published."),
    Column(
        "total_price",
        "Every fee of the credential: the course prices and exam fee summed, else the published "
        "total; empty when not published.",
        lambda p, s: _money(p.total_price),
    ),
    Column(
        "total_price_currency",
        "The currency of total_price and the income-based totals.",
        lambda p, s: p.currency,
    ),
    Column(
        "total_price_basis",
        "sum (our sum of the course prices and fees listed), published (the source's total) or empty.",
        lambda p, s: ("sum" if p.total_summed else "published") if p.total_price is not None else "",
    ),
    Column(
        "total_price_converted",
        "true when the sum converts prices quoted in other currencies at dated exchange rates.",
        lambda p, s: p.total_converted,
    ),
    Column("price_years", "The year or years of the prices behind total_price.", lambda p, s: price_years(p)),
    Column(
        "income_total_min",
        "The lowest total where courses are priced by income.",
        lambda p, s: _money(p.income_total_min),
    ),
    Column(
        "income_total_max",
        "The highest total where courses are priced by income.",
        lambda p, s: _money(p.income_total_max),
    ),
    Column(
        "price_from",
        "The least a learner can pay for the credential (total_price, else income_total_min): what "
        "the list filters and sorts by.",
        lambda p, s: _money(p.price_from),
    ),
    Column("price_sources", "Sources of the prices behind the total.", lambda p, s: s.of_price(p)),
    Column("exam_fee", "An exam or capstone fee not listed as a course."),
    Column(
        "exam_fee_currency",
        "The exam fee's currency.",
        lambda p, s: p.exam_fee_currency if p.exam_fee is not None else "",
    ),
    Column("exam_fee_year", "The year the exam fee was published."),
    Column("course_count", "Courses the credential requires, capstone exams not counted."),
    Column("electives_required", "How many of the courses are electives of the learner's choice."),
    Column("total_weeks", "The weeks of the required courses taken one after another."),
    Column("calendar_months_min", "Calendar months, as stated or from total_weeks (lowest)."),
    Column("calendar_months_max", "Calendar months, highest."),
    Column("months_sources", "Sources of the calendar months.", _sources("months")),
    Column("effort_hours_min", "Hours of study a week, lowest."),
    Column("effort_hours_max", "Hours of study a week, highest."),
    Column("effort_sources", "Sources of the weekly effort.", _sources("effort")),
    Column("pacing_sources", "Sources of the pacing.", _sources("pacing")),
    Column(
        "best_credit_share",
        "The largest share of a master's degree the credential counts for, over pathways not retired (0.25 = 25%).",
        lambda p, s: _share(p.best_credit_share),
    ),
    Column("has_pathway", "true when a credit pathway not known to be retired exists."),
    Column(
        "unpublished",
        "The facts no source gives, as the program's card names them.",
        lambda p, s: gaps.unpublished_program_facts(p),
    ),
    Column(
        "verified_on",
        "When the record was last checked against its sources.",
        lambda p, s: p.verified_on.isoformat(),
    ),
    Column("facts_year", "The year of the newest figure the record uses."),
    Column("may_be_out_of_date", "true when checked or dated over 18 months ago.", lambda p, s: p.is_stale()),
    Column("official_page", "The program's official page.", lambda p, s: p.url),
    Column("sources", "Every source the record cites.", lambda p, s: s.of_record(p)),
]


class SourceUrls:
    """Source URLs for the programs of one download, read in three queries whatever their number."""

    def __init__(self, request, programs):
        self.request = request
        ids = programs.order_by().values("pk")
        self.where = {
            source.key: source.url or source.title for source in Source.objects.only("key", "url", "title")
        }
        self.prices: dict[int, set[str]] = {}
        for program_id, figure_sources in Course.objects.filter(program__in=ids).values_list(
            "program_id", "figure_sources"
        ):
            self.prices.setdefault(program_id, set()).update(figure_sources.get("price", []))
        self.cited: dict[int, list[str]] = {}
        links = Program.sources.through.objects.filter(program__in=ids).values_list(
            "program_id", "source__key"
        )
        for program_id, key in links:
            self.cited.setdefault(program_id, []).append(key)

    def urls(self, keys) -> list[str]:
        """The addresses of these sources, once each, in alphabetical order."""
        return sorted({self.where[key] for key in keys if key in self.where})

    def of_figure(self, program, figure: str) -> list[str]:
        return self.urls(program.figure_sources.get(figure, []))

    def of_price(self, program) -> list[str]:
        if program.total_summed:
            return self.urls([*self.prices.get(program.pk, ()), *program.figure_sources.get("exam_fee", [])])
        if program.total_price is not None:
            return self.of_figure(program, "published_total")
        return self.of_figure(program, "income_price") if program.income_total_min is not None else []

    def of_record(self, program) -> list[str]:
        return self.urls(self.cited.get(program.pk, []))

    def page_url(self, program) -> str:
        return site_url(self.request, program.get_absolute_url())


def program_rows(request, programs) -> Iterator[dict]:
    """One dict per program, column name -> value, in the list's order."""
    sources = SourceUrls(request, programs)
    for program in programs.iterator(chunk_size=CHUNK):
        yield {column.name: column.read(program, sources) for column in COLUMNS}


def _bad_parameters(program_filter) -> HttpResponse:
    lines = [f"{name}: {error}" for name, errors in program_filter.form.errors.items() for error in errors]
    message = "These parameters cannot be used, so nothing was filtered:\n" + "\n".join(lines) + "\n"
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def _program_download(stream):
    """A download of the programs the list would show for the same parameters, `stream(request,
    programs)`: refused with a 400 naming any parameter the list would flag, cached like a page."""

    @require_safe
    @cached_page(params_from=ProgramFilter)
    @wraps(stream)
    def view(request):
        program_filter = ProgramFilter(request.GET or None, queryset=Program.objects.for_listing())
        if program_filter.is_bound and not program_filter.form.is_valid():
            return _bad_parameters(program_filter)
        return stream(request, program_filter.qs)

    return view


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(str(item) for item in value)
    return str(value)


class _Line:
    """A file-like object whose write returns what it was given, for csv.writer to stream through."""

    def write(self, value):
        return value


@_program_download
def programs_csv(request, programs):
    writer = csv.writer(_Line())

    def lines():
        yield writer.writerow([column.name for column in COLUMNS])
        for row in program_rows(request, programs):
            yield writer.writerow([_text(value) for value in row.values()])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="micromasters-programs.csv"'
    return response


def _json_value(value):
    if isinstance(value, Decimal):
        return format(value, "f")  # exact, as the catalog file writes money
    return value


@_program_download
def programs_json(request, programs):
    def pieces():
        about = {
            "format": "micromasters-programs",
            "version": 1,
            "about": site_url(request, reverse("catalog:data")),
        }
        yield json.dumps(about)[:-1] + ', "programs": ['
        for index, row in enumerate(program_rows(request, programs)):
            text = json.dumps({name: _json_value(value) for name, value in row.items()}, ensure_ascii=False)
            yield ("," if index else "") + "\n" + text
        yield "\n]}\n"

    return StreamingHttpResponse(pieces(), content_type="application/json; charset=utf-8")


@require_safe
@cached_page
def catalog_json(request):
    try:
        catalog = catalog_file.export_catalog()
    except catalog_file.CatalogInvalid as error:
        message = "The catalog cannot be written as a file right now:\n" + "\n".join(error.problems) + "\n"
        return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    for list_name, key in STAFF_NOTES.items():
        for record in catalog[list_name]:
            record[key] = ""
    response = HttpResponse(
        json.dumps(catalog, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="micromasters-catalog.json"'
    return response


@cached_page
def data(request):
    """The "Use the data" page: the downloads, their columns, the licence and how to cite."""
    context = {"columns": COLUMNS, "origin": site_origin(request), "nav": "programs"}
    return render(request, "catalog/data.html", context)
