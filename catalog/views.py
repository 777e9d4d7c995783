"""Catalog pages: read the request, ask a QuerySet, render."""

from dataclasses import dataclass
from decimal import Decimal
from itertools import chain

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers

from catalog import costs, estimates, exchange, history, search, structured_data
from catalog.caching import cached_page, per_version, per_version_items
from catalog.cards import program_cards
from catalog.citations import Citations
from catalog.compiled import CompiledQuery, as_prefetched
from catalog.degree_filters import DegreeFilter
from catalog.filters import ProgramFilter
from catalog.forms import COMPARE_MAX, CompareForm
from catalog.models import (
    PAID_KINDS,
    Course,
    CreditPathway,
    Degree,
    Field,
    Program,
    Source,
    Status,
    University,
)

PAGE_SIZE = 20


def listed_ids(program_filter):
    """The ids of the programs the list shows, in its order: what its count and pages read. A search
    alone is read from the stored search rows, which hold the titles its order breaks ties on: only
    the page's programs are joined."""
    if program_filter.searches_alone() and program_filter.current_sort() == "relevance":
        ranked = search.ranked_ids(program_filter.search_text())
        if ranked is not None:
            return ranked
    return program_filter.qs.values_list("id", flat=True)


@cached_page(params=["page"], params_from=ProgramFilter)
def program_list(request):
    # The page's programs by id, joining the figures only to filter or sort by them: their cards are
    # kept per catalog version (cards.program_cards).
    program_filter = ProgramFilter(request.GET or None, queryset=Program.objects.all())
    chips = program_filter.applied()
    paginator = Paginator(listed_ids(program_filter), PAGE_SIZE)
    if not chips and not program_filter.form.errors:  # every program: a count the catalog alone sets
        paginator.count = per_version("program count", paginator.object_list.count)
    elif program_filter.searches_alone():  # counted in the stored search documents
        searched = search.count(program_filter.search_text())
        if searched is not None:
            paginator.count = searched
    page = paginator.get_page(request.GET.get("page"))
    found = page.paginator.count
    context = {
        "filter": program_filter,
        "options": program_filter.choice_options(),
        "page_obj": page,
        "cards": program_cards(page, compare=True),
        "chips": chips,
        "relax": program_filter.narrowest_to_relax() if not found else None,
        "search_help": _search_help(program_filter) if not found else None,
        "nav": "programs",
    }
    response = render(request, "catalog/program_list.html", context)
    if program_filter.form.errors:  # an answer for this visitor's mistake, not one to share
        add_never_cache_headers(response)
    return response


def _search_help(program_filter):
    """Suggestions for a search that found nothing, checked among the programs the other filters
    keep; the corrected spelling's link keeps those filters too."""
    others = program_filter.without("q")
    kept = type(program_filter)(others, queryset=Program.objects.all())
    suggested = search.suggestions(program_filter.search_text(), kept.qs if kept.is_valid() else None)
    if suggested and suggested["spelling"]:
        query = others.copy()
        query["q"] = suggested["spelling"]
        suggested["spelling_query"] = query.urlencode()
    return suggested


def _citations_and_rates(*source_lists):
    """The numbered notes of a page citing these sources and the exchange rates' own."""
    rates, rate_sources = per_version("exchange rates", _rates_and_their_sources)
    return Citations(chain(*source_lists, rate_sources)), rates


def _rates_and_their_sources():
    rates = exchange.rates_by_currency()
    rate_keys = {rate.source_key for currency_rates in rates.values() for rate in currency_rates}
    return rates, list(Source.objects.filter(key__in=rate_keys))


@dataclass(frozen=True)
class _PathwayRow:
    pathway: CreditPathway
    program: Program  # with the with_totals() figures
    cost: costs.PathwayCost  # via the pathway
    direct: Decimal | None  # the degree's tuition taken directly, without the credential


def _pathway_row(pathway, program) -> _PathwayRow:
    return _PathwayRow(
        pathway, program, costs.pathway_cost(pathway, program), costs.degree_total_tuition(pathway.degree)
    )


def _best_credit_first(pathways, program) -> list[_PathwayRow]:
    """A program's pathways, open ones with the largest credit share first."""
    rows = [_pathway_row(pathway, program) for pathway in pathways]
    return sorted(
        rows,
        key=lambda row: (
            row.pathway.status == Status.RETIRED,
            -(row.cost.share.high if row.cost.share else 0),
        ),
    )


@dataclass(frozen=True)
class _CourseRow:
    course: Course
    requires: list[str]  # its prerequisites by code, else by position


def _course_rows(program) -> list[_CourseRow]:
    """The program's courses (prefetched), each with its prerequisites' labels in position order:
    one query over the prerequisite links, no course loaded twice. In plain SQL, as
    `_program_sources`: the ORM's building of the join cost more than running it."""
    courses = program.courses.all()
    if not courses:
        return []
    quote = connection.ops.quote_name
    course_table = quote(Course._meta.db_table)
    links = quote(Course.prerequisites.through._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT link.{quote('from_course_id')}, required.{quote('code')}, required.{quote('position')} "
            f"FROM {links} link "
            f"JOIN {course_table} course ON course.{quote('id')} = link.{quote('from_course_id')} "
            f"JOIN {course_table} required ON required.{quote('id')} = link.{quote('to_course_id')} "
            f"WHERE course.{quote('program_id')} = %s ORDER BY required.{quote('position')}",
            [program.pk],
        )
        requires = {}
        for course_id, code, position in cursor.fetchall():
            requires.setdefault(course_id, []).append(code or str(position))
    return [_CourseRow(course, requires.get(course.pk, [])) for course in courses]


def _program_sources(program, degree_ids) -> tuple[list[Source], list[Source]]:
    """The program's own sources, and every source its page may cite (its own and its pathways'
    degrees'), in one query.

    In plain SQL, as `history.latest_change`: building this union of subqueries through the ORM
    cost several times the query itself, on every view of a program page.
    """
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in Source._meta.concrete_fields)
    own_links = Program.sources.through._meta
    degree_links = Degree.sources.through._meta
    union = (
        f"SELECT {columns}, 1 AS own FROM {quote(Source._meta.db_table)} WHERE {quote('id')} IN "
        f"(SELECT {quote('source_id')} FROM {quote(own_links.db_table)} WHERE {quote('program_id')} = %s)"
    )
    if degree_ids:
        union += (
            f" UNION ALL SELECT {columns}, 0 AS own FROM {quote(Source._meta.db_table)} WHERE {quote('id')} IN "
            f"(SELECT {quote('source_id')} FROM {quote(degree_links.db_table)} "
            f"WHERE {quote('degree_id')} IN ({', '.join(['%s'] * len(degree_ids))}))"
        )
    sources = list(Source.objects.raw(union, [program.pk, *degree_ids]))
    return [source for source in sources if source.own], sources


# Compiled to SQL once per process (catalog.compiled): building these queries cost several times
# running them. The program's university and field, and its degrees' universities, are kept for the
# catalog version (`_name_schools_and_fields`).
PROGRAM_PAGE = CompiledQuery(lambda slug: Program.objects.with_figures().filter(slug=slug), slug=str)
PROGRAM_PATHWAYS = CompiledQuery(
    lambda program: (
        CreditPathway.objects.filter(program=program).select_related("degree").order_by("degree__title")
    ),
    program=int,
)
PROGRAM_COURSES = CompiledQuery(
    lambda program: Course.objects.filter(program=program).order_by("position"), program=int
)
UNIVERSITIES_KEPT = 5_000


def _name_schools_and_fields(program, pathways) -> None:
    """Give the program its university and field, and each pathway's degree its university, from
    those kept for the catalog version: small records that many pages name, read once (at most
    UNIVERSITIES_KEPT universities, every field) instead of joined to each page's queries."""
    wanted = list({program.university_id, *(pathway.degree.university_id for pathway in pathways)})
    universities = dict(
        zip(
            wanted,
            per_version_items("universities", wanted, University.objects.in_bulk, UNIVERSITIES_KEPT),
            strict=True,
        )
    )
    program.university = universities[program.university_id]
    program.field = per_version("fields", Field.objects.in_bulk)[program.field_id]
    for pathway in pathways:
        pathway.degree.university = universities[pathway.degree.university_id]


@cached_page
def program_detail(request, slug):
    found = PROGRAM_PAGE(slug=slug)
    if not found:
        raise Http404("No program has this address.")
    program = found[0]
    as_prefetched(program, "courses", PROGRAM_COURSES(program=program.pk))
    course_rows = _course_rows(program)
    pathways = PROGRAM_PATHWAYS(program=program.pk)
    _name_schools_and_fields(program, pathways)
    pathway_rows = _best_credit_first(pathways, program)
    own_sources, sources = _program_sources(program, {row.pathway.degree_id for row in pathway_rows})
    citations, rates = _citations_and_rates(sources)
    context = {
        "program": program,
        "course_rows": course_rows,
        "program_sources": own_sources,
        "income_range": costs.income_price_range(program),
        "estimate": estimates.price_estimate(program),
        "paid_count": sum(course.kind in PAID_KINDS for course in program.courses.all()),
        "citations": citations,
        "rates": rates,
        "pathways": pathway_rows,
        "jsonld": structured_data.to_script(structured_data.program_data(program, request)),
        "last_changed": history.program_last_changed(program),
        "nav": "programs",
    }
    return render(request, "catalog/program_detail.html", context)


@cached_page
def university_list(request):
    counted = {"degree_count": Count("degrees", distinct=True)}
    context = {
        "universities": University.objects.with_program_count().annotate(**counted).order_by("name"),
        "degree_schools": University.objects.degrees_only().annotate(**counted).order_by("name"),
        "nav": "programs",
    }
    return render(request, "catalog/university_list.html", context)


@cached_page
def university_detail(request, slug):
    university = get_object_or_404(University, slug=slug)
    programs = Program.objects.for_listing().filter(university=university).prefetch_related("sources")
    degrees = [
        {"degree": degree, "tuition": costs.degree_total_tuition(degree)}
        for degree in Degree.objects.filter(university=university)
        .select_related("university")
        .prefetch_related("sources")
    ]
    citations, rates = _citations_and_rates(
        *(program.sources.all() for program in programs), *(row["degree"].sources.all() for row in degrees)
    )
    context = {
        "university": university,
        "programs": programs,
        "degrees": degrees,
        "citations": citations,
        "rates": rates,
        "nav": "programs",
    }
    return render(request, "catalog/university_detail.html", context)


@cached_page
def field_list(request):
    fields = Field.objects.with_program_count()
    return render(request, "catalog/field_list.html", {"fields": fields, "nav": "programs"})


@cached_page
def field_detail(request, slug):
    field = get_object_or_404(Field, slug=slug)
    context = {
        "field": field,
        # cited nowhere on the page: the cards kept for the catalog version (cards.program_cards)
        "cards": program_cards(Program.objects.filter(field=field).values_list("id", flat=True)),
        "nav": "programs",
    }
    return render(request, "catalog/field_detail.html", context)


@cached_page(params=["page"], params_from=DegreeFilter)
def degree_list(request):
    degree_filter = DegreeFilter(
        request.GET or None,
        queryset=Degree.objects.select_related("university", "field").order_by(Lower("title"), "title", "pk"),
    )
    page = Paginator(degree_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    degrees = list(page.object_list)
    counting = CreditPathway.objects.open().select_related("program").order_by("program__title")
    prefetch_related_objects(degrees, Prefetch("pathways", queryset=counting, to_attr="open_pathways"))
    context = {
        "filter": degree_filter,
        "page_obj": page,
        "rows": [
            {
                "degree": degree,
                "tuition": costs.degree_total_tuition(degree),
                "programs": [pathway.program for pathway in degree.open_pathways],
            }
            for degree in degrees
        ],
        "rates": per_version("exchange rates", _rates_and_their_sources)[0],
        "nav": "degrees",
    }
    return render(request, "catalog/degree_list.html", context)


@cached_page
def degree_detail(request, slug):
    degree = get_object_or_404(
        Degree.objects.select_related("university", "field").prefetch_related("sources"), slug=slug
    )
    programs = {
        # Their figures only: the page names no program's university or field.
        program.pk: program
        for program in Program.objects.with_figures().filter(pathways__degree=degree)
    }
    pathways = degree.pathways.order_by("program__title")
    tuition = costs.degree_total_tuition(degree)
    citations, rates = _citations_and_rates(degree.sources.all())
    # A name only third parties give (no official source names the degree) is shown as theirs.
    listers = {pathway.degree_name_lister for pathway in pathways}
    context = {
        "degree": degree,
        "tuition": tuition,
        "citations": citations,
        "rates": rates,
        "listed_by": listers.pop() if len(listers) == 1 and "" not in listers else "",
        "jsonld": structured_data.to_script(structured_data.degree_data(degree, tuition, request)),
        "last_changed": history.degree_last_changed(degree),
        "nav": "degrees",
        "pathways": [_pathway_row(pathway, programs[pathway.program_id]) for pathway in pathways],
    }
    return render(request, "catalog/degree_detail.html", context)


@cached_page(params=["programs"], keep_value_order=True)
def compare(request):
    form = CompareForm(request.GET)
    found = {
        program.slug: program
        for program in Program.objects.for_listing()
        .filter(slug__in=form.lookup_slugs)
        .prefetch_related(Prefetch("pathways", queryset=CreditPathway.objects.select_related("degree")))
    }
    shown = [found[slug] for slug in form.slugs if slug in found]
    columns = [_compare_column(program, shown) for program in shown]
    citations, rates = _citations_and_rates(_compared_sources(shown))
    choices = []
    if len(columns) < COMPARE_MAX:
        choices = [
            choice
            for choice in per_version("programs to compare", _programs_by_title)
            if choice.slug not in found
        ]
    context = {
        "columns": columns,
        "messages_for_user": form.notices(found),
        "citations": citations,
        "rates": rates,
        "choices": choices,
        "nav": "programs",
    }
    return render(request, "catalog/compare.html", context)


def _compared_sources(programs) -> list[Source]:
    """The sources the compared programs and their pathways cite, in one query."""
    if not programs:
        return []
    ids = [program.pk for program in programs]
    own = Program.sources.through.objects.filter(program_id__in=ids).values("source_id")
    pathways = CreditPathway.sources.through.objects.filter(creditpathway__program_id__in=ids).values(
        "source_id"
    )
    return list(Source.objects.filter(Q(pk__in=own) | Q(pk__in=pathways)).order_by())


def _programs_by_title() -> list:
    """Every program's slug and title, by title: the programs the compare page offers to add."""
    return list(Program.objects.order_by("title").values_list("slug", "title", named=True))


def _compare_column(program, shown) -> dict:
    """A program's column: the program, its best open pathway (a _PathwayRow, or None) and the
    other programs' slugs, which its "Remove" link keeps."""
    open_pathways = [pathway for pathway in program.pathways.all() if pathway.status != Status.RETIRED]
    return {
        "program": program,
        "best": next(iter(_best_credit_first(open_pathways, program)), None),
        "others": [other.slug for other in shown if other is not program],
    }
