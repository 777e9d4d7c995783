"""The programs list's FilterSet (catalog/filters.py): each filter and sort against the catalog file,
bad values as form errors, the chips that remove a filter, and the university choices."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.catalog import expected
from tests.catalog.expected import program_slugs
from tests.catalog.lists import listed, shown

pytestmark = pytest.mark.django_db

LIST = reverse("catalog:program_list")


@pytest.mark.parametrize(
    ("params", "keep"),
    [
        ({"university": "mit"}, lambda p, d: p["university"] == "mit"),
        ({"field": "data-science"}, lambda p, d: p["field"] == "data-science"),
        (
            {"country": "Australia"},
            lambda p, d: expected.university(d, p["university"])["country"] == "Australia",
        ),
        ({"price_max": "1000"}, lambda p, d: (expected.price_from(p) or Decimal("Infinity")) <= 1000),
        ({"price_max": "1350"}, lambda p, d: (expected.price_from(p) or Decimal("Infinity")) <= 1350),
        ({"months_max": "12"}, lambda p, d: (expected.months_max(p) or 10**6) <= 12),
        ({"effort_max": "10"}, lambda p, d: (p["effort_hours_max"] or 10**6) <= 10),
        ({"pacing": "self_paced"}, lambda p, d: p["pacing"] == "self_paced"),
        ({"credit": "on"}, lambda p, d: p["slug"] in expected.programs_with_open_pathway(d)),
        (
            {"university": "mit", "price_max": "2000"},
            lambda p, d: p["university"] == "mit" and (expected.price_from(p) or Decimal("Infinity")) <= 2000,
        ),
        (
            {"field": ["data-science", "computer-science"], "credit": "on"},
            lambda p, d: (
                p["field"] in ("data-science", "computer-science")
                and p["slug"] in expected.programs_with_open_pathway(d)
            ),
        ),
    ],
    ids=lambda value: json.dumps(value) if isinstance(value, dict) else "",
)
def test_each_filter_returns_the_programs_the_fixture_data_says(
    client, real_catalog, catalog_data, params, keep
):
    response, slugs = listed(client, LIST, params)

    wanted = program_slugs(catalog_data, lambda program: keep(program, catalog_data))
    assert wanted, "the case should select something in the real catalog"
    assert set(slugs) == wanted
    assert len(slugs) == len(wanted)
    assert response.context["page_obj"].paginator.count == len(wanted)


def test_the_fixture_filters_are_not_trivial(catalog_data):
    # Guards the cases above: each must leave some programs out, or it would test nothing.
    everything = program_slugs(catalog_data)
    assert program_slugs(catalog_data, lambda p: (expected.price_from(p) or 10**9) <= 1000) < everything
    assert (
        program_slugs(catalog_data, lambda p: p["slug"] in expected.programs_with_open_pathway(catalog_data))
        < everything
    )


@pytest.mark.parametrize(
    ("sort", "key", "descending"),
    [
        ("price", expected.price_from, False),
        ("-price", expected.price_from, True),
        ("months", expected.months_max, False),
        ("effort", lambda p: p["effort_hours_max"], False),
    ],
)
def test_sorts_order_known_values_and_put_unknown_ones_last(
    client, real_catalog, catalog_data, sort, key, descending
):
    _, slugs = listed(client, LIST, {"sort": sort})

    by_slug = {program["slug"]: program for program in catalog_data["programs"]}
    values = [key(by_slug[slug]) for slug in slugs]
    known = [value for value in values if value is not None]
    assert known == sorted(known, reverse=descending)
    assert values == known + [None] * (len(values) - len(known))
    assert len(slugs) == len(by_slug)


def test_most_credit_sort_puts_the_largest_share_first(client, real_catalog):
    response = client.get(LIST, {"sort": "credit"})

    shares = [program.best_credit_share for program in shown(response)]
    known = [share for share in shares if share is not None]
    assert known and known == sorted(known, reverse=True)


def test_title_sort_is_alphabetical_whatever_the_case(client, real_catalog, catalog_data):
    _, slugs = listed(client, LIST, {"sort": "title"})

    by_title = sorted(
        catalog_data["programs"], key=lambda program: (program["title"].lower(), program["title"])
    )
    assert slugs == [program["slug"] for program in by_title]
    assert slugs.index("adelaidex-big-data") < slugs.index("anux-evidence-based-management")


def test_the_default_order_is_the_title_sort_and_the_form_says_so(client, real_catalog):
    default = client.get(LIST)
    titled = client.get(LIST, {"sort": "title"})

    assert list(default.context["page_obj"]) == list(titled.context["page_obj"])
    assert '<option value="title" selected>' in default.content.decode()


# (parameters, the filter that flags them): the list ignores them, the downloads refuse them
BAD_PARAMETERS = [
    ({"price_max": "cheap"}, "price_max"),
    ({"price_max": "-5"}, "price_max"),
    ({"price_max": "1e400"}, "price_max"),
    ({"months_max": "NaN"}, "months_max"),
    ({"university": "no-such-university"}, "university"),
    ({"field": "<script>"}, "field"),
    ({"pacing": "whenever"}, "pacing"),
    ({"sort": "random"}, "sort"),
    ({"country": "Atlantis"}, "country"),
]


@pytest.mark.parametrize(("params", "field"), BAD_PARAMETERS)
def test_a_bad_parameter_gets_a_form_error_and_is_ignored(client, real_catalog, catalog_data, params, field):
    response = client.get(LIST, params)

    assert response.status_code == 200
    assert field in response.context["filter"].form.errors
    assert response.context["page_obj"].paginator.count == len(catalog_data["programs"])
    assert "Some filters could not be used" in response.content.decode()


def test_chips_remove_one_filter_each(client, real_catalog):
    response = client.get(LIST, {"university": ["mit", "ubc"], "credit": "on"})

    chips = {chip.label: chip.query.urlencode() for chip in response.context["chips"]}
    assert chips["Counts toward a master's"] == "university=mit&university=ubc"
    assert chips["University: The University of British Columbia"] == "university=mit&credit=on"


def test_the_university_list_leads_with_the_ten_with_most_programs_and_folds_the_rest(
    client, real_catalog, catalog_data
):
    response = client.get(LIST, {"university": "wur"})  # Wageningen: 3 programs, not in the first ten

    counts = {}
    for program in catalog_data["programs"]:
        counts[program["university"]] = counts.get(program["university"], 0) + 1
    names = {university["slug"]: university["name"] for university in catalog_data["universities"]}
    by_count = sorted(counts, key=lambda slug: (-counts[slug], names[slug]))
    options = response.context["options"]["university"]
    common = [option.value for option in options["common"]]
    more = [option.value for option in options["more"]]
    assert "wur" not in by_count[:10]
    assert common == [*by_count[:10], "wur"]
    rest = [slug for slug in by_count[10:] if slug != "wur"]
    assert more == sorted(rest, key=lambda slug: names[slug].lower())
    assert [option.count for option in options["common"]] == [counts[slug] for slug in common]
    html = response.content.decode()
    assert f"<summary>{len(more)} more universities</summary>" in html
    assert 'value="wur" id="id_university_10" checked>' in html
    assert response.context["page_obj"].paginator.count == counts["wur"]


def test_past_the_shown_limit_the_university_list_keeps_those_with_most_programs_and_the_chosen(
    client, make_program, make_university, monkeypatch
):
    monkeypatch.setattr("catalog.filters.UNIVERSITIES_COMMON", 1)
    monkeypatch.setattr("catalog.filters.UNIVERSITIES_SHOWN", 2)
    for index, count in enumerate([3, 1, 2, 1]):
        university = make_university(slug=f"u{index}", name=f"Uni {index}")
        for _ in range(count):
            make_program(university=university)

    response = client.get(LIST, {"university": "u3"})
    filtered = client.get(LIST, {"price_max": "1000", "sort": "price", "q": "program"})

    options = response.context["options"]["university"]
    assert [(o.value, o.count) for o in options["common"]] == [("u0", 3), ("u3", None)]
    assert [(o.value, o.count) for o in options["more"]] == [("u2", 2)]
    assert options["truncated"]
    assert "Every university is on the universities page" in response.content.decode()
    assert response.context["page_obj"].paginator.count == 1
    assert filtered.status_code == 200
