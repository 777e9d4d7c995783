"""Search on the real catalog, on whichever database the run uses (CI runs SQLite and PostgreSQL).

The expectations come from fixtures/catalog.json read here: a program matches when every word typed
begins a word of its title, summary, university name or edX code, field name, or a course's title
or code, with case and accents folded (catalog/search.py states the rule; this file re-reads the
data by it).
"""

import re
import unicodedata
from itertools import chain

import pytest
from django.core.cache import cache
from django.urls import reverse

from catalog import search
from catalog.models import Course, Program, University
from tests.catalog import expected

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
        slugs += [program.slug for program in response.context["page_obj"]]
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
    assert len(mit) == sum(1 for p in catalog_data["programs"] if p["university"] == "mit") > 1
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
    assert {p.slug for p in response.context["page_obj"]} <= matching(catalog_data, query) | set()
    assert response.context["page_obj"].paginator.count == len(matching(catalog_data, query))
