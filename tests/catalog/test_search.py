"""Search on the real catalog, on whichever database the run uses (CI runs SQLite and PostgreSQL).

The expectations come from fixtures/catalog.json read here: a program matches when every word typed
begins a word of its title, summary, university name or edX code, field name, or a course's title
or code, with case and accents folded (catalog/search.py states the rule; this file re-reads the
data by it).
"""

import html
import io
import json
import re
import unicodedata
from itertools import chain
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.db import connection
from django.db.models import F
from django.db.models.functions import Lower
from django.http import QueryDict
from django.urls import reverse

from catalog import search
from catalog.models import Course, Field, Program, ProgramSearchRow, University
from tests.catalog import expected
from tests.catalog.lists import shown

pytestmark = pytest.mark.django_db

LIST = reverse("catalog:program_list")


def folded_words(text):
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.findall(r"[^\W_]+", plain.casefold())


def texts(data, program):
    university = expected.university(data, program["university"])
    return {
        "title": [program["title"]],
        "university": [university["name"], university["short_name"]],
        "field": [expected.field(data, program["field"])["name"]],
        "courses": [c["title"] for c in program["courses"]] + [c["code"] for c in program["courses"]],
        "summary": [program["summary"]],
    }


def found_in(strings, word):
    return any(known.startswith(word) for text in strings for known in folded_words(text))


def matching(data, query):
    wanted = folded_words(query)
    return {
        program["slug"]
        for program in data["programs"]
        if all(found_in(chain.from_iterable(texts(data, program).values()), word) for word in wanted)
    }


def results(client, query):
    """Every slug the list shows for this search, in order, across all pages."""
    slugs, page = [], 1
    while True:
        cache.clear()  # a cached page carries no context to read
        response = client.get(LIST, {"q": query, "page": page})
        assert response.status_code == 200
        slugs += [program.slug for program in shown(response)]
        if not response.context["page_obj"].has_next():
            return slugs
        page += 1


def a_course_code(data):
    return next(c["code"] for p in data["programs"] for c in p["courses"] if "." in c["code"])


QUERIES = ["cyber", "robot", "MIT", "MITx", "UBC", "montreal", "supply chain", "mitx-finance", "Data Science"]


@pytest.mark.parametrize("query", QUERIES)
def test_search_finds_the_programs_whose_words_begin_with_each_word_typed(
    client, real_catalog, catalog_data, query
):
    slugs = results(client, query)

    assert slugs, "each case finds something in the real catalog"
    assert set(slugs) == matching(catalog_data, query)
    assert len(slugs) == len(set(slugs))


@pytest.mark.parametrize("query", [*QUERIES, "cyber robot", "zzzz"])
def test_a_search_alone_shows_the_number_of_programs_it_finds(client, real_catalog, catalog_data, query):
    # Counted in the stored search documents alone (search.count), not by the page's own query.
    response = client.get(LIST, {"q": query})
    wanted = len(matching(catalog_data, query))

    assert response.context["page_obj"].paginator.count == wanted
    assert f'data-count="{wanted}"' in response.content.decode()


@pytest.mark.parametrize("query", QUERIES)
def test_a_search_alone_lists_its_programs_in_the_order_of_a_filtered_search(client, real_catalog, query):
    # A search alone is ordered on the stored search rows (search.ranked_ids); a search with any
    # other filter, on the programs. Both orders must be the same: best match, then title.
    with_a_filter = list(
        Program.objects.search(query)
        .order_by(F("search_rank").desc(nulls_last=True), Lower("title"), "title", "pk")
        .values_list("slug", flat=True)
    )

    assert results(client, query) == with_a_filter


def test_a_renamed_program_moves_in_a_search_s_order(client, make_program):
    alpha = make_program(title="Alpha Quokka Studies")
    make_program(title="Beta Quokka Studies")
    assert [p.title for p in shown(client.get(LIST, {"q": "quokka"}))] == [
        "Alpha Quokka Studies",
        "Beta Quokka Studies",
    ]

    Program.objects.filter(pk=alpha.pk).update(title="Zeta Quokka Studies")  # one statement: its triggers
    cache.clear()

    assert [p.title for p in shown(client.get(LIST, {"q": "quokka"}))] == [
        "Beta Quokka Studies",
        "Zeta Quokka Studies",
    ]


def test_a_word_prefix_finds_the_whole_word(client, real_catalog, catalog_data):
    cyber = results(client, "cyber")
    robot = results(client, "robot")

    titles = {p["slug"]: p["title"] for p in catalog_data["programs"]}
    assert any("Cybersecurity" in titles[slug] for slug in cyber)
    assert "Robotics" in titles[robot[0]]


@pytest.mark.parametrize("query", ["MIT", "mit", "MITx"])
def test_the_university_code_lists_every_program_of_that_university_first(
    client, real_catalog, catalog_data, query
):
    slugs = results(client, query)

    mit = {p["slug"] for p in catalog_data["programs"] if p["university"] == "mit"}
    assert len(mit) > 1
    assert set(slugs[: len(mit)]) == mit


def test_the_university_name_finds_its_programs(client, real_catalog, catalog_data):
    slugs = results(client, "UBC")

    ubc = {p["slug"] for p in catalog_data["programs"] if p["university"] == "ubc"}
    assert ubc and set(slugs) >= ubc


def test_accents_are_folded_both_ways(client, real_catalog, catalog_data):
    montreal = {
        p["slug"]
        for p in catalog_data["programs"]
        if "Montréal" in expected.university(catalog_data, p["university"])["name"]
    }

    assert montreal
    assert set(results(client, "montreal")) >= montreal
    assert set(results(client, "MONTRÉAL")) == set(results(client, "montreal"))


def test_supply_chain_puts_supply_chain_management_first(client, real_catalog, catalog_data):
    slugs = results(client, "supply chain")

    first = next(p for p in catalog_data["programs"] if p["slug"] == slugs[0])
    assert "Supply Chain Management" in first["title"]
    assert len(slugs) > 1  # others mention a supply chain further down their text


def test_a_course_code_finds_its_program_first(client, real_catalog, catalog_data):
    code = a_course_code(catalog_data)
    owner = next(p["slug"] for p in catalog_data["programs"] if any(c["code"] == code for c in p["courses"]))

    assert results(client, code)[0] == owner


def test_a_program_slug_typed_as_a_search_finds_that_program_first(client, real_catalog):
    assert results(client, "mitx-supply-chain-management")[0] == "mitx-supply-chain-management"


def test_a_title_match_ranks_above_a_match_in_course_titles_only(client, real_catalog, catalog_data):
    slugs = results(client, "robot")

    where = {
        slug: [place for place, strings in texts(catalog_data, program).items() if found_in(strings, "robot")]
        for program in catalog_data["programs"]
        if (slug := program["slug"]) in slugs
    }
    in_title = [slug for slug in slugs if "title" in where[slug]]
    elsewhere = [slug for slug in slugs if "title" not in where[slug]]
    assert in_title and elsewhere
    assert slugs == in_title + elsewhere


def test_the_search_table_follows_edits_to_universities_and_courses(real_catalog):
    program = Program.objects.get(slug="mitx-finance")
    University.objects.filter(slug="mit").update(short_name="ZQMITx")  # an UPDATE, as the admin's save

    assert program in Program.objects.search("zqmit")
    Course.objects.create(program=program, position=99, code="ZQ.777x", title="Quokka studies")
    assert list(Program.objects.search("quokka")) == [program]
    Course.objects.filter(code="ZQ.777x").delete()
    assert not Program.objects.search("quokka").exists()


def test_no_result_suggests_the_nearest_spelling_and_the_field(real_catalog, catalog_data):
    field = next(f for f in catalog_data["fields"] if f["name"] == "Finance")

    assert not Program.objects.search("robtics").exists()
    assert search.suggestions("robtics")["spelling"] == "robotics"
    suggested = search.suggestions("quantum finance")
    assert [f.slug for f in suggested["fields"]] == [field["slug"]]


def test_the_list_offers_the_suggestions_when_nothing_matches(client, real_catalog):
    response = client.get(LIST, {"q": "robtics"})

    assert response.context["page_obj"].paginator.count == 0
    assert response.context["search_help"]["spelling"] == "robotics"
    assert client.get(LIST, {"q": "robotics"}).context["search_help"] is None


def test_the_suggested_spelling_keeps_the_other_filters_and_must_find_something_with_them(
    client, real_catalog, catalog_data
):
    robotics = next(p for p in catalog_data["programs"] if "robotics" in p["title"].lower())
    elsewhere = next(f["slug"] for f in catalog_data["fields"] if f["slug"] != robotics["field"])

    in_its_field = client.get(LIST, {"q": "robtics", "field": robotics["field"], "sort": "price"})
    in_another = client.get(LIST, {"q": "robtics", "field": elsewhere})

    link = re.search(r'Did you mean <a href="([^"]+)"', in_its_field.content.decode())[1]
    query = QueryDict(urlsplit(html.unescape(link)).query)
    assert (query["q"], query.getlist("field"), query["sort"]) == ("robotics", [robotics["field"]], "price")
    assert robotics["slug"] in [program.slug for program in shown(client.get(link))]
    assert in_another.context["search_help"]["spelling"] is None  # "robotics" finds nothing there
    assert "Did you mean" not in in_another.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "'",
        '"',
        "*",
        "robot*",
        "NEAR(robot cyber)",
        "robot OR cyber",
        "-robot",
        "robot:*",
        "😀",
        "ß",
        "İstanbul",
        "x" * 200,
    ],
)
def test_search_syntax_of_either_database_is_only_words_here(client, real_catalog, catalog_data, query):
    response = client.get(LIST, {"q": query})

    assert response.status_code == 200
    assert {p.slug for p in shown(response)} <= matching(catalog_data, query)
    assert response.context["page_obj"].paginator.count == len(matching(catalog_data, query))


# The stored search rows: each place's weight, and the triggers keeping the rows current.


def found(query):
    return list(
        Program.objects.search(query).order_by("-search_rank", "title").values_list("slug", flat=True)
    )


def test_each_place_ranks_by_its_weight(make_program, make_university, make_field):
    summary = "A program of three parts."
    make_program(slug="in-summary", title="Alpha", summary="A program on zorblax parts.")
    make_program(slug="in-courses", title="Beta", summary=summary, courses=[{"title": "Zorblax today"}])
    make_program(slug="in-field", title="Gamma", summary=summary, field=make_field(name="Zorblax Studies"))
    make_program(
        slug="in-university",
        title="Delta",
        summary=summary,
        university=make_university(name="Zorblax Institute"),
    )
    make_program(slug="in-title", title="Zorblax Engineering", summary=summary)
    make_program(slug="nowhere", title="Epsilon", summary=summary)

    slugs = found("zorblax")

    assert slugs[0] == "in-title"  # 8
    assert set(slugs[1:3]) == {"in-university", "in-field"}  # 4 each
    assert slugs[3:] == ["in-courses", "in-summary"]  # 2, then 1
    if connection.vendor == "postgresql":  # SQLite's bm25 orders alike, in numbers of its own
        ranks = dict(Program.objects.search("zorblax").values_list("slug", "search_rank"))
        assert ranks == {"in-title": 8, "in-university": 4, "in-field": 4, "in-courses": 2, "in-summary": 1}


def test_each_word_counts_its_best_place_and_the_words_add_up(make_program):
    make_program(slug="both-in-title", title="Zorblax Quenbit", summary="Zorblax quenbit.")
    make_program(
        slug="title-and-courses",
        title="Zorblax methods",
        summary="Zorblax for all.",
        courses=[{"title": "Zorblax and quenbit"}],  # zorblax counts its title's 8, not 8 + 2
    )
    make_program(slug="both-in-summary", title="Other methods", summary="Zorblax and quenbit.")
    make_program(slug="one-word-only", title="Zorblax alone", summary="Nothing more.")

    assert found("zorblax quenbit") == ["both-in-title", "title-and-courses", "both-in-summary"]
    if connection.vendor == "postgresql":
        ranks = dict(Program.objects.search("zorblax quenbit").values_list("slug", "search_rank"))
        assert ranks == {"both-in-title": 16, "title-and-courses": 10, "both-in-summary": 2}


def test_the_search_rows_follow_a_university_and_a_field_renamed(make_program):
    program = make_program(title="Plain")
    university, field = program.university, program.field

    university.name = "Quokka Institute of Technology"
    university.save()
    field.name = "Wombat Studies"
    field.save()

    assert found("quokka") == found("wombat") == [program.slug]
    University.objects.filter(pk=university.pk).update(name="Elsewhere")
    Field.objects.filter(pk=field.pk).update(name="Other")
    assert found("quokka") == found("wombat") == []


def test_the_search_rows_follow_a_course_edited_moved_and_deleted(make_program):
    first = make_program(title="First", courses=[{"title": "Quokka basics", "code": "QK.101x"}])
    second = make_program(title="Second")
    course = first.courses.get()

    course.title = "Wombat basics"
    course.save()
    assert found("quokka") == []
    assert found("wombat") == found("qk 101x") == [first.slug]

    Course.objects.filter(pk=course.pk).update(program=second, code="WB.202x")
    assert found("wombat") == found("wb") == [second.slug]
    assert found("qk") == []

    course.delete()
    assert found("wombat") == []


def test_a_program_edited_or_deleted_takes_its_search_row_along(make_program):
    program = make_program(title="Quokka Engineering", summary="About wombats.")

    Program.objects.filter(pk=program.pk).update(title="Numbat Engineering")
    assert found("numbat") == [program.slug]
    assert found("quokka") == []

    program.delete()
    assert found("numbat wombat") == []
    assert not ProgramSearchRow.objects.filter(pk=program.pk).exists()


def test_bulk_loaded_programs_each_get_a_search_row(db):
    call_command("seed_synthetic", "--programs", "30", "--seed", "3", stdout=io.StringIO())
    course = Course.objects.filter(code__contains=".").order_by("pk").first()

    assert ProgramSearchRow.objects.count() == Program.objects.count() == 30
    assert course.program.slug in found(course.code)


def test_imported_catalogs_leave_a_search_row_per_program(catalog_data, tmp_path):
    for number, programs in enumerate([catalog_data["programs"][:3], catalog_data["programs"][1:5]]):
        path = tmp_path / f"catalog-{number}.json"
        path.write_text(json.dumps({**catalog_data, "programs": programs, "degrees": [], "pathways": []}))
        call_command("import_catalog", str(path), stdout=io.StringIO())

        assert ProgramSearchRow.objects.count() == Program.objects.count() >= len(programs)
        assert stored_rows() == rebuilt_rows()
    assert found(catalog_data["programs"][4]["slug"])[0] == catalog_data["programs"][4]["slug"]


def test_emptying_the_tables_as_between_tests_empties_the_search_rows(make_program):
    make_program(title="Quokka Engineering")
    if connection.vendor == "postgresql":
        # The foreign keys of the rows just written are checked now: a TRUNCATE waits for no check.
        connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")

    connection.ops.execute_sql_flush(sql_flush(no_style(), connection))  # TRUNCATE on PostgreSQL

    assert not ProgramSearchRow.objects.exists()
    program = make_program(title="Quokka Again")
    assert found("quokka") == [program.slug]


def stored_rows():
    """Every program's stored search row as text, by program id."""
    table = search.FTS_TABLE
    columns = f"{table}, title" if connection.vendor == "postgresql" else search.FTS_COLUMNS
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid, {columns} FROM {table} ORDER BY rowid")
        return [tuple(map(str, row)) for row in cursor.fetchall()]


def rebuilt_rows():
    """The rows written afresh from the catalog, whatever the triggers did."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {search.FTS_TABLE}")
            cursor.execute(f"SELECT {search.FTS_TABLE}_write(ARRAY(SELECT id FROM catalog_program))")
    else:
        search.install_sqlite_search()
    return stored_rows()


def test_the_rows_kept_by_the_triggers_equal_rows_written_afresh(real_catalog):
    program = Program.objects.get(slug="mitx-finance")
    Program.objects.filter(pk=program.pk).update(title="Finance of Quokkas")
    University.objects.filter(slug="mit").update(short_name="ZQMITx")
    Field.objects.filter(programs=program).update(name="Quantitative Finance")
    Course.objects.filter(program=program, position=1).update(title="Quokka studies", code="ZQ.1x")
    Course.objects.create(program=program, position=99, code="ZQ.777x", title="Numbat studies")
    Course.objects.filter(program=program, position=2).delete()
    Program.objects.filter(slug="mitx-supply-chain-management").delete()
    kept = stored_rows()

    assert kept == rebuilt_rows()
    assert len(kept) == Program.objects.count()


@pytest.mark.parametrize(
    ("page", "which"),
    [
        ("1", 1),
        ("2", 2),
        ("3", 3),
        ("4", 4),
        ("99", "last"),
        ("0", "last"),
        ("-1", "last"),
        ("abc", 1),
        ("2.0", 1),
        ("", 1),
    ],
)
def test_every_page_of_a_long_search_shows_its_programs_and_the_whole_count(
    client, real_catalog, catalog_data, page, which
):
    # "s" begins words of most programs: four pages, read from the stored search rows
    # (search.ranked_ids). As a Paginator does, a number past either end shows the last page and
    # anything else the first.
    order = results(client, "s")
    wanted = sorted(matching(catalog_data, "s"))
    assert sorted(order) == wanted and len(wanted) > 3 * 20
    number = (len(wanted) - 1) // 20 + 1 if which == "last" else which

    cache.clear()
    response = client.get(LIST, {"q": "s", "page": page})

    assert response.context["page_obj"].number == number
    assert response.context["page_obj"].paginator.count == len(wanted)
    assert [program.slug for program in shown(response)] == order[(number - 1) * 20 : number * 20]


def test_the_ranked_ids_read_bounded_slices_only(real_catalog):
    ranked = search.ranked_ids("s")
    if ranked is None:
        pytest.skip("this SQLite has no FTS5: the list searches the programs themselves")
    # the order of a search with another filter (the programs' own query), as the list pages it
    wanted = list(
        Program.objects.search("s")
        .order_by(F("search_rank").desc(nulls_last=True), Lower("title"), "title", "pk")
        .values_list("id", flat=True)
    )
    assert ranked.count() == len(wanted) > 60
    assert ranked[0:3] + ranked[3:5] == wanted[0:5]
    assert ranked[60:1000] == wanted[60:]
    assert ranked[5:5] == []
    for unbounded in (slice(3, None), slice(0, 10, 2)):
        with pytest.raises(TypeError):
            ranked[unbounded]
    with pytest.raises(TypeError):
        ranked[0]
