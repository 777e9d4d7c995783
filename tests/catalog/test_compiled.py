"""A query compiled once gives what its queryset gives, for every program of the real catalog."""

from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.db.models.sql.compiler import SQLCompiler

from catalog.compiled import CompiledQuery, as_prefetched
from catalog.models import Course, CreditPathway, Program, ProgramFigures
from catalog.views import PROGRAM_COURSES, PROGRAM_PAGE, PROGRAM_PATHWAYS

pytestmark = pytest.mark.django_db


def field_values(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


def test_the_program_page_queries_give_what_their_querysets_give(real_catalog):
    programs = list(Program.objects.with_figures().order_by("slug"))
    assert len(programs) > 70 and any(program.pathways.exists() for program in programs)
    for expected in programs:
        (compiled,) = PROGRAM_PAGE(slug=expected.slug)
        assert field_values(compiled) == field_values(expected)
        assert {name: getattr(compiled, name) for name in ProgramFigures.STORED} == {
            name: getattr(expected, name) for name in ProgramFigures.STORED
        }

        pathways = PROGRAM_PATHWAYS(program=expected.pk)
        wanted = (
            CreditPathway.objects.filter(program=expected).select_related("degree").order_by("degree__title")
        )
        assert list(map(field_values, pathways)) == list(map(field_values, wanted))
        # the degrees come with the row, as select_related gives them: no query to read them
        assert all(CreditPathway.degree.is_cached(pathway) for pathway in pathways)
        assert [field_values(pathway.degree) for pathway in pathways] == [
            field_values(w.degree) for w in wanted
        ]

        courses = PROGRAM_COURSES(program=expected.pk)
        wanted = Course.objects.filter(program=expected).order_by("position")
        assert list(map(field_values, courses)) == list(map(field_values, wanted))


def test_typed_values_come_out_typed(real_catalog):
    """Converters apply: JSON as Python objects, decimals as Decimal, dates as dates (SQLite hands
    back text for all three)."""
    program = Program.objects.exclude(figure_sources={}).filter(exam_fee__isnull=False).first()
    (compiled,) = PROGRAM_PAGE(slug=program.slug)
    assert compiled.figure_sources == program.figure_sources and isinstance(compiled.figure_sources, dict)
    assert compiled.exam_fee == program.exam_fee and type(compiled.exam_fee) is type(program.exam_fee)
    assert compiled.verified_on == program.verified_on
    assert type(compiled.verified_on) is type(program.verified_on)


def test_an_unknown_value_finds_nothing(real_catalog):
    assert PROGRAM_PAGE(slug="no-such-program") == []
    assert PROGRAM_PATHWAYS(program=0) == []


def test_the_sql_is_built_once_and_run_with_each_value(real_catalog):
    by_slug = CompiledQuery(lambda slug: Program.objects.filter(slug=slug), slug=str)
    first, second = Program.objects.order_by("slug")[:2]
    with mock.patch.object(SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql) as as_sql:
        assert by_slug(slug=first.slug) == [first]
        assert as_sql.call_count == 1
        assert by_slug(slug=second.slug) == [second]
        assert by_slug(slug=first.slug) == [first]
        assert as_sql.call_count == 1


def test_a_value_must_reach_the_sql_exactly_once(real_catalog):
    unused = CompiledQuery(lambda slug: Program.objects.all(), slug=str)
    twice = CompiledQuery(lambda slug: Program.objects.filter(Q(slug=slug) | Q(title=slug)), slug=str)
    for query in (unused, twice):
        with pytest.raises(ImproperlyConfigured, match="'slug' reaches the SQL"):
            query(slug="x")


def test_only_values_that_reach_the_sql_as_given_are_taken():
    with pytest.raises(ImproperlyConfigured, match="not for day"):
        CompiledQuery(lambda day: Program.objects.filter(verified_on=day), day=object)
    by_slug = CompiledQuery(lambda slug: Program.objects.filter(slug=slug), slug=str)
    with pytest.raises(TypeError):
        by_slug(title="x")


def test_rows_given_as_prefetched_are_what_the_relation_reads(real_catalog, django_assert_num_queries):
    program = Program.objects.filter(courses__isnull=False).distinct().first()
    courses = list(Course.objects.filter(program=program).order_by("-position"))  # not the default order
    as_prefetched(program, "courses", courses)
    with django_assert_num_queries(0):
        assert list(program.courses.all()) == courses
        assert all(course.program is program for course in courses)
    # anything chained on the relation still asks the database
    with django_assert_num_queries(1):
        assert list(program.courses.filter(position=courses[-1].position)) == [courses[-1]]
