"""Catalog pages: read the request, ask a QuerySet, render."""

import re
from itertools import chain

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.db.models.functions import Lower
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers

from catalog import costs, estimates, exchange, history, search, structured_data
from catalog.caching import cached_page, per_version
from catalog.citations import Citations
from catalog.degree_filters import DegreeFilter
from catalog.filters import ProgramFilter
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

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")
PAGE_SIZE = 20
COMPARE_MAX = 4


@cached_page(params=["page"], params_from=ProgramFilter)
def program_list(request):
    program_filter = ProgramFilter(request.GET or None, queryset=Program.objects.for_listing())
    chips = program_filter.applied()
    paginator = Paginator(program_filter.qs, PAGE_SIZE)
    if not chips and not program_filter.form.errors:  # every program: a count the catalog alone sets
        paginator.count = per_version("program count", paginator.object_list.count)
    page = paginator.get_page(request.GET.get("page"))
    found = page.paginator.count
    context = {
        "filter": program_filter,
        "options": program_filter.choice_options(),
        "page_obj": page,
        "chips": chips,
        "relax": narrowest_filter(chips) if not found else None,
        "search_help": search.suggestions(program_filter.search_text()) if not found else None,
        "nav": "programs",
    }
    response = render(request, "catalog/program_list.html", context)
    if program_filter.form.errors:  # an answer for this visitor's mistake, not one to share
        add_never_cache_headers(response)
    return response


def narrowest_filter(chips):
    """Of the filters in use, the one whose removal brings back the most programs."""
    best = None
    for _, label, query in chips:
        without = ProgramFilter(QueryDict(query), queryset=Program.objects.for_listing())
        count = without.qs.count()
        if count and (best is None or count > best["count"]):
            best = {"label": label, "query": query, "count": count}
    return best


def _citations_and_rates(*source_lists):
    """The numbered notes of a page citing these sources and the exchange rates' own."""
    rates, rate_sources = per_version("exchange rates", _rates_and_their_sources)
    return Citations(chain(*source_lists, rate_sources)), rates


def _rates_and_their_sources():
    rates = exchange.rates_by_currency()
    rate_keys = {rate.source_key for currency_rates in rates.values() for rate in currency_rates}
    return rates, list(Source.objects.filter(key__in=rate_keys))


def pathways_with_costs(pathways, program):
    """(pathway, its cost via the pathway, the degree's tuition taken directly), best credit first.

    `program` must carry the with_totals() figures.
    """
    rows = [
        (pathway, costs.pathway_cost(pathway, program), costs.degree_total_tuition(pathway.degree))
        for pathway in pathways
    ]
    return sorted(
        rows, key=lambda row: (row[0].status == Status.RETIRED, -(row[1].share.high if row[1].share else 0))
    )


@cached_page
def program_detail(request, slug):
    program = get_object_or_404(
        Program.objects.for_listing().prefetch_related(
            # Prerequisites are courses of the same program: by position, without joining programs.
            Prefetch(
                "courses",
                queryset=Course.objects.prefetch_related(
                    Prefetch("prerequisites", queryset=Course.objects.order_by("position"))
                ),
            ),
            Prefetch(
                "pathways",
                queryset=CreditPathway.objects.select_related("degree__university").prefetch_related(
                    "sources", "degree__sources"
                ),
            ),
            "sources",
        ),
        slug=slug,
    )
    pathways = pathways_with_costs(program.pathways.all(), program)
    citations, rates = _citations_and_rates(
        program.sources.all(), *(pathway.degree.sources.all() for pathway in program.pathways.all())
    )
    context = {
        "program": program,
        "income_range": costs.income_price_range(program),
        "estimate": estimates.price_estimate(program),
        "paid_count": sum(course.kind in PAID_KINDS for course in program.courses.all()),
        "citations": citations,
        "rates": rates,
        "pathways": pathways,
        "jsonld": structured_data.to_script(structured_data.program_data(program, request)),
        "last_changed": history.program_last_changed(program),
        "nav": "programs",
    }
    return render(request, "catalog/program_detail.html", context)


@cached_page
def university_list(request):
    counted = {
        "program_count": Count("programs", distinct=True),
        "degree_count": Count("degrees", distinct=True),
    }
    context = {
        "universities": University.objects.offering_programs().annotate(**counted).order_by("name"),
        "degree_schools": University.objects.degrees_only().annotate(**counted).order_by("name"),
        "nav": "programs",
    }
    return render(request, "catalog/university_list.html", context)


@cached_page
def university_detail(request, slug):
    university = get_object_or_404(University, slug=slug)
    programs = Program.objects.for_listing().filter(university=university).prefetch_related("sources")
    degrees = degrees_with_tuition(Degree.objects.filter(university=university).prefetch_related("sources"))
    citations, rates = _citations_and_rates(
        *(program.sources.all() for program in programs), *(degree.sources.all() for degree, _ in degrees)
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


def degrees_with_tuition(degrees):
    return [(degree, costs.degree_total_tuition(degree)) for degree in degrees.select_related("university")]


@cached_page
def field_list(request):
    fields = Field.objects.annotate(program_count=Count("programs")).filter(program_count__gt=0)
    return render(request, "catalog/field_list.html", {"fields": fields, "nav": "programs"})


@cached_page
def field_detail(request, slug):
    field = get_object_or_404(Field, slug=slug)
    context = {
        "field": field,
        "programs": Program.objects.for_listing().filter(field=field),
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
        "rates": exchange.rates_by_currency(),
        "nav": "degrees",
    }
    return render(request, "catalog/degree_list.html", context)


@cached_page
def degree_detail(request, slug):
    degree = get_object_or_404(
        Degree.objects.select_related("university", "field").prefetch_related("sources"), slug=slug
    )
    programs = {
        program.pk: program for program in Program.objects.for_listing().filter(pathways__degree=degree)
    }
    pathways = degree.pathways.prefetch_related("sources").order_by("program__title")
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
        "pathways": [
            (
                pathway,
                programs[pathway.program_id],
                costs.pathway_cost(pathway, programs[pathway.program_id]),
            )
            for pathway in pathways
        ],
    }
    return render(request, "catalog/degree_detail.html", context)


@cached_page(params=["programs"], keep_value_order=True)
def compare(request):
    slugs = list(dict.fromkeys(slug for slug in request.GET.getlist("programs") if slug))
    messages = []
    if len(slugs) > COMPARE_MAX:
        messages.append(f"Up to {COMPARE_MAX} programs can be compared; the first {COMPARE_MAX} are shown.")
        slugs = slugs[:COMPARE_MAX]
    found = {
        program.slug: program
        for program in Program.objects.for_listing()
        .filter(slug__in=[slug for slug in slugs if SLUG.fullmatch(slug)])
        .prefetch_related(
            "sources",
            Prefetch(
                "pathways",
                queryset=CreditPathway.objects.select_related("degree__university").prefetch_related(
                    "sources"
                ),
            ),
        )
    }
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        messages.append("No program matches " + ", ".join(f"“{slug}”" for slug in unknown) + ".")
    columns = [compare_column(found[slug]) for slug in slugs if slug in found]
    citations, rates = _citations_and_rates(
        *(column["program"].sources.all() for column in columns),
        *(pathway.sources.all() for column in columns for pathway in column["program"].pathways.all()),
    )
    choices = Program.objects.exclude(slug__in=found).only("slug", "title").order_by("title")
    context = {
        "columns": columns,
        "messages_for_user": messages,
        "citations": citations,
        "rates": rates,
        "choices": choices if len(columns) < COMPARE_MAX else [],
        "nav": "programs",
    }
    return render(request, "catalog/compare.html", context)


def compare_column(program):
    open_pathways = [pathway for pathway in program.pathways.all() if pathway.status != Status.RETIRED]
    best = next(iter(pathways_with_costs(open_pathways, program)), None)
    return {
        "program": program,
        "income_range": costs.income_price_range(program),
        "course_count": program.course_count
        or sum(1 for c in program.courses.all() if c.kind != "exam")
        or None,
        "best": best,
    }
