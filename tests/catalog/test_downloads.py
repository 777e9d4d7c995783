"""Open data: the CSV and JSON downloads hold exactly the list for the same parameters, figure for
figure; bad parameters are refused as the list flags them; the whole catalog comes back in its import
format; the queries stay a fixed few at any size; a second download comes from the cache."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given, settings

from catalog import catalog_file
from catalog.models import Program
from tests.catalog import expected
from tests.catalog.lists import shown
from tests.catalog.test_filters import BAD_PARAMETERS
from tests.catalog.test_hostile_input import (
    FUZZ,
    queries,
    query_pairs,
    small_catalog,  # noqa: F401 (a fixture)
)
from tests.catalog.test_queries import build_catalog

LIST = reverse("catalog:program_list")
CSV = reverse("catalog:programs_csv")
JSON = reverse("catalog:programs_json")
CATALOG = reverse("catalog:catalog_json")

QUERIES = [
    {},
    {"university": "mit", "sort": "price"},
    {"field": "data-science", "price_max": "3000", "sort": "-price"},
    {"q": "supply chain"},
    {"credit": "on", "sort": "credit"},
    {"months_max": "12", "sort": "months", "page": "2"},
]


def body(response):
    return b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()


def csv_rows(client, params):
    response = client.get(CSV, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(body(response))))


def json_rows(client, params):
    response = client.get(JSON, params)
    assert response.status_code == 200
    return json.loads(body(response))["programs"]


def listed_programs(client, params):
    """Every program the list shows for these parameters, page after page, as the page shows them."""
    params = {key: value for key, value in params.items() if key != "page"}
    first = client.get(LIST, params).context["page_obj"]
    programs = []
    for number in first.paginator.page_range:
        programs.extend(shown(client.get(LIST, {**params, "page": number})))
    assert len(programs) == first.paginator.count
    return programs


def money_text(amount):
    return "" if amount is None else f"{Decimal(amount):.2f}"


def as_text(value):
    return "" if value is None else str(value)


@pytest.mark.parametrize("params", QUERIES, ids=lambda params: "&".join(params) or "all")
def test_the_csv_holds_the_list_for_the_same_parameters_figure_for_figure(
    client, real_catalog, catalog_data, params
):
    rows = csv_rows(client, params)

    programs = listed_programs(client, params)
    assert [row["slug"] for row in rows] == [program.slug for program in programs]
    by_slug = {program["slug"]: program for program in catalog_data["programs"]}
    for row, program in zip(rows, programs, strict=True):
        data = by_slug[row["slug"]]
        assert row["price_from"] == money_text(expected.price_from(data))
        assert row["total_price"] == money_text(expected.total_price(data))
        assert row["total_price"] == money_text(program.total_price)
        assert row["calendar_months_max"] == as_text(expected.months_max(data))
        assert row["effort_hours_min"] == as_text(data["effort_hours_min"])
        assert row["effort_hours_max"] == as_text(data["effort_hours_max"])
        assert row["pacing"] == data["pacing"]
        assert row["has_pathway"] == ("true" if program.has_pathway else "false")
        assert row["university_slug"] == data["university"]
        assert row["url"].endswith(f"/programs/{data['slug']}/")


@pytest.mark.parametrize("params", QUERIES, ids=lambda params: "&".join(params) or "all")
def test_the_json_holds_the_same_rows_as_the_csv(client, real_catalog, params):
    rows = json_rows(client, params)

    table = csv_rows(client, params)
    assert [row["slug"] for row in rows] == [row["slug"] for row in table]
    for row, line in zip(rows, table, strict=True):
        assert {name: as_csv(value) for name, value in row.items()} == line


def as_csv(value):
    """A JSON value as the CSV writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(value)
    return "" if value is None else str(value)


def test_every_source_of_a_figure_is_named_by_its_address(client, real_catalog, catalog_data):
    rows = {row["slug"]: row for row in json_rows(client, {"university": "mit"})}

    data = next(p for p in catalog_data["programs"] if p["slug"] == "mitx-supply-chain-management")
    urls = {source["key"]: source["url"] or source["title"] for source in catalog_data["sources"]}
    row = rows[data["slug"]]
    course_keys = {key for course in data["courses"] for key in course["figure_sources"].get("price", [])}
    fee_keys = set(data["figure_sources"].get("exam_fee", []))
    assert row["price_sources"] == sorted({urls[key] for key in course_keys | fee_keys})
    assert row["sources"] == sorted({urls[key] for key in data["sources"]})
    assert row["total_price"] == "1991.64"  # by hand in test_views.py


@pytest.mark.parametrize(("params", "name"), BAD_PARAMETERS)
@pytest.mark.parametrize("url", [CSV, JSON])
def test_a_parameter_the_list_flags_is_refused_with_a_400_naming_it(client, real_catalog, params, name, url):
    response = client.get(url, params)

    assert response.status_code == 400
    assert f"{name}:" in response.content.decode()
    assert name in client.get(LIST, params).context["filter"].form.errors


def test_a_query_matching_nothing_gives_an_empty_file_as_the_list_gives_an_empty_page(client, real_catalog):
    params = {"q": "no-program-has-this-name"}

    assert client.get(LIST, params).context["page_obj"].paginator.count == 0
    assert csv_rows(client, params) == []
    assert json_rows(client, params) == []


def test_the_list_links_to_its_downloads_with_its_parameters(client, real_catalog):
    html = client.get(LIST, {"university": "mit", "sort": "price", "page": "2"}).content.decode()

    assert f'href="{CSV}?university=mit&amp;sort=price"' in html
    assert f'href="{JSON}?university=mit&amp;sort=price"' in html


def test_the_whole_catalog_comes_back_in_the_import_format_without_staff_notes(
    client, real_catalog, catalog_data
):
    response = client.get(CATALOG)

    data = json.loads(body(response))
    assert response.status_code == 200
    assert catalog_file.read_catalog(data).problems == []
    assert {p["slug"] for p in data["programs"]} == {p["slug"] for p in catalog_data["programs"]}
    assert any(program["notes"] for program in catalog_data["programs"])  # the file has notes to hide
    assert not any(program["notes"] for program in data["programs"])
    assert not any(degree["tuition_note"] for degree in data["degrees"])
    assert not any(pathway["conditions"] for pathway in data["pathways"])
    stored = catalog_file.export_catalog()
    for list_name in ("programs", "degrees", "pathways"):
        for record in stored[list_name]:
            record.update({"notes": ""} if list_name == "programs" else {})
            record.update({"tuition_note": ""} if list_name == "degrees" else {})
            record.update({"conditions": ""} if list_name == "pathways" else {})
    assert data == stored


def test_the_whole_catalog_imports_back_into_an_empty_database_unchanged(client, real_catalog, tmp_path):
    downloaded = body(client.get(CATALOG))
    path = tmp_path / "catalog.json"
    path.write_text(downloaded, encoding="utf-8")
    Program.objects.all().delete()
    from django.core.management import call_command

    call_command("import_catalog", str(path), stdout=io.StringIO())

    assert json.loads(body(client.get(CATALOG))) == json.loads(downloaded)


@pytest.mark.parametrize("url", [CSV, JSON])
def test_a_second_download_comes_from_the_cache(client, real_catalog, django_assert_num_queries, url):
    first = body(client.get(url, {"university": "mit"}))

    with django_assert_num_queries(1):  # the catalog version, for the cache key
        second = client.get(url, {"university": "mit"})
        again = body(second)

    assert again == first
    assert second["Content-Type"] == client.get(url)["Content-Type"]


@pytest.mark.parametrize("url", [CSV, JSON])
@pytest.mark.parametrize("size", [3, 300])
def test_a_download_costs_the_same_queries_at_any_size(client, db, django_assert_num_queries, url, size):
    build_catalog(size)

    # 1 the catalog version (cache key), then while streaming: 2 the sources, 3 the courses' price
    # sources, 4 the programs' source links, 5 the programs (fetched CHUNK at a time from one query)
    with django_assert_num_queries(5):
        content = body(client.get(url, {"sort": "price"}))

    rows = json.loads(content)["programs"] if url == JSON else list(csv.DictReader(io.StringIO(content)))
    assert len(rows) == size


def test_ten_thousand_programs_stream_within_the_query_budget(client, db, django_assert_num_queries):
    build_catalog(10_000)

    with django_assert_num_queries(5):  # the five above, at any size
        response = client.get(CSV)
        rows = list(csv.DictReader(io.StringIO(body(response))))

    assert response.streaming
    assert len(rows) == 10_000
    assert rows[0]["slug"] == "program-0000"
    assert rows[-1]["total_price"] == "200.00"


@settings(FUZZ, max_examples=50)  # two downloads per example
@given(query=queries)
def test_a_download_never_fails_on_any_query(client, small_catalog, query):  # noqa: F811
    for url in (CSV, JSON):
        response = client.get(url, query_pairs(query))

        assert response.status_code in (200, 400)
        body(response)  # streaming: the rows are only read here
