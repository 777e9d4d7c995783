import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.catalog import expected

pytestmark = pytest.mark.django_db

LIST = reverse("catalog:program_list")


def listed(client, params):
    """Every program the list returns for these parameters, across all pages."""
    slugs, page = [], 1
    while True:
        response = client.get(LIST, {**params, "page": page})
        assert response.status_code == 200
        slugs += [program.slug for program in response.context["page_obj"]]
        if not response.context["page_obj"].has_next():
            return response, slugs
        page += 1


def programs(data, keep=lambda program: True):
    return {program["slug"] for program in data["programs"] if keep(program)}


def test_the_list_shows_every_program_with_its_count_hook(client, real_catalog, catalog_data):
    response = client.get(LIST)

    count = len(catalog_data["programs"])
    assert f'id="result-count" data-count="{count}"' in response.content.decode()
    assert set(re.findall(r'href="/programs/([-a-z0-9_]+)/"', response.content.decode())) <= programs(
        catalog_data
    )
    assert len(response.context["page_obj"]) == min(count, 20)


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
    response, slugs = listed(client, params)

    wanted = programs(catalog_data, lambda program: keep(program, catalog_data))
    assert wanted, "the case should select something in the real catalog"
    assert set(slugs) == wanted
    assert len(slugs) == len(wanted)
    assert response.context["page_obj"].paginator.count == len(wanted)


def test_the_fixture_filters_are_not_trivial(catalog_data):
    # Guards the cases above: each must leave some programs out, or it would test nothing.
    everything = programs(catalog_data)
    assert programs(catalog_data, lambda p: (expected.price_from(p) or 10**9) <= 1000) < everything
    assert (
        programs(catalog_data, lambda p: p["slug"] in expected.programs_with_open_pathway(catalog_data))
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
    _, slugs = listed(client, {"sort": sort})

    by_slug = {program["slug"]: program for program in catalog_data["programs"]}
    values = [key(by_slug[slug]) for slug in slugs]
    known = [value for value in values if value is not None]
    assert known == sorted(known, reverse=descending)
    assert values == known + [None] * (len(values) - len(known))
    assert len(slugs) == len(by_slug)


def test_most_credit_sort_puts_the_largest_share_first(client, real_catalog):
    response = client.get(LIST, {"sort": "credit"})

    shares = [program.best_credit_share for program in response.context["page_obj"]]
    known = [share for share in shares if share is not None]
    assert known and known == sorted(known, reverse=True)


def test_title_sort_is_alphabetical_whatever_the_case(client, real_catalog, catalog_data):
    _, slugs = listed(client, {"sort": "title"})

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


def test_pages_keep_the_filters(client, real_catalog, catalog_data):
    response = client.get(LIST, {"sort": "price", "page": 1})

    assert 'href="?sort=price&amp;page=2"' in response.content.decode()
    second = client.get(LIST, {"sort": "price", "page": 2}).context["page_obj"]
    assert second.start_index() == 21


@pytest.mark.parametrize("page", ["999", "abc", "-1", "0", "1e9", ""])
def test_odd_page_numbers_still_show_a_page(client, real_catalog, page):
    response = client.get(LIST, {"page": page})

    assert response.status_code == 200
    assert len(response.context["page_obj"]) > 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"price_max": "cheap"}, "price_max"),
        ({"price_max": "-5"}, "price_max"),
        ({"price_max": "1e400"}, "price_max"),
        ({"months_max": "NaN"}, "months_max"),
        ({"university": "no-such-university"}, "university"),
        ({"field": "<script>"}, "field"),
        ({"pacing": "whenever"}, "pacing"),
        ({"sort": "random"}, "sort"),
        ({"country": "Atlantis"}, "country"),
    ],
)
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


def test_an_empty_result_suggests_the_filter_to_relax(client, real_catalog, catalog_data):
    response = client.get(LIST, {"university": "mit", "price_max": "1"})

    assert response.context["page_obj"].paginator.count == 0
    relax = response.context["relax"]
    mit = len(programs(catalog_data, lambda p: p["university"] == "mit"))
    assert relax["count"] == mit
    assert relax["query"].urlencode() == "university=mit"


def test_program_page_shows_totals_courses_and_pathway_arithmetic(client, real_catalog, catalog_data):
    data = next(p for p in catalog_data["programs"] if p["slug"] == "mitx-supply-chain-management")

    response = client.get(reverse("catalog:program_detail", args=[data["slug"]]))

    html = response.content.decode()
    assert response.status_code == 200
    # By hand: the newest course prices, $199 and $299 (2020) and three of MX$6,125 (2021), each
    # 6,125 / 20.562 pesos per dollar (30 Sep 2021) = $297.88, plus the $600 CFx exam.
    total = Decimal("199") + Decimal("299") + 3 * Decimal("297.88") + Decimal("600")
    assert expected.total_price(data) == total == Decimal("1991.64")
    assert "$1,991.64" in html
    for course in data["courses"]:
        assert course["title"] in html
    row = next(
        row
        for row in response.context["pathways"]
        if row.pathway.degree.tuition_amount and row.cost.share and row.cost.total
    )
    degree = next(d for d in catalog_data["degrees"] if d["slug"] == row.pathway.degree.slug)
    share = row.cost.share.low
    remaining = (Decimal(degree["tuition_amount"]) * (1 - share)).quantize(Decimal("0.01"))
    assert row.cost.remaining_tuition.high == remaining
    assert row.cost.total.high == total + remaining
    assert "Free: every course can be audited" in html


def structured_data(client, slug):
    response = client.get(reverse("catalog:program_detail", args=[slug]))
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    return json.loads(block.group(1))


def test_program_page_carries_schema_org_data(client, real_catalog, catalog_data):
    data = structured_data(client, "iimbx-entrepreneurship")
    program = next(p for p in catalog_data["programs"] if p["slug"] == "iimbx-entrepreneurship")
    assert {c["price_currency"] for c in program["courses"]} == {"USD"}

    assert data["@type"] == "EducationalOccupationalProgram"
    assert data["offers"] == {
        "@type": "Offer",
        "price": f"{expected.total_price(program):.2f}",
        "priceCurrency": "USD",
        "category": "total incl. fees",
    }
    assert data["provider"]["name"] == "Indian Institute of Management Bangalore"


def test_a_total_converted_from_other_currencies_is_no_offer(client, real_catalog):
    data = structured_data(client, "mitx-supply-chain-management")

    assert "offers" not in data  # three of its prices are in pesos: the total is our conversion
    assert data["provider"]["name"] == "Massachusetts Institute of Technology"
    assert re.fullmatch(r"P\d+M", data["timeToComplete"])


def test_unknown_pages_are_404(client, real_catalog):
    for name in ("program_detail", "degree_detail", "university_detail", "field_detail"):
        assert client.get(reverse(f"catalog:{name}", args=["no-such-thing"])).status_code == 404


def test_a_missing_fact_reads_not_published(client, real_catalog, catalog_data):
    data = next(p for p in catalog_data["programs"] if expected.price_from(p) is None)

    response = client.get(reverse("catalog:program_detail", args=[data["slug"]]))

    assert "not published" in response.content.decode()
    assert "$0" not in response.content.decode()


def test_university_field_and_degree_pages_list_what_belongs_to_them(client, real_catalog, catalog_data):
    mit = client.get(reverse("catalog:university_detail", args=["mit"]))
    pathway = next(p for p in catalog_data["pathways"] if p["program"] == "mitx-supply-chain-management")
    degree = client.get(reverse("catalog:degree_detail", args=[pathway["degree"]]))
    field = client.get(reverse("catalog:field_detail", args=["data-science"]))

    assert {p.slug for p in mit.context["programs"]} == programs(
        catalog_data, lambda p: p["university"] == "mit"
    )
    assert "mitx-supply-chain-management" in {row.program.slug for row in degree.context["pathways"]}
    assert {p.slug for p in field.context["programs"]} == programs(
        catalog_data, lambda p: p["field"] == "data-science"
    )
    assert client.get(reverse("catalog:university_list")).status_code == 200
    assert client.get(reverse("catalog:field_list")).status_code == 200


def test_compare_shows_up_to_four_programs_side_by_side(client, real_catalog, catalog_data):
    slugs = sorted(programs(catalog_data))[:5]

    two = client.get(reverse("catalog:compare"), {"programs": slugs[:2]})
    five = client.get(reverse("catalog:compare"), {"programs": slugs})
    unknown = client.get(reverse("catalog:compare"), {"programs": [slugs[0], "nope"]})

    assert [c["program"].slug for c in two.context["columns"]] == slugs[:2]
    assert [c["program"].slug for c in five.context["columns"]] == slugs[:4]
    assert "Up to 4 programs" in five.content.decode()
    assert unknown.status_code == 200
    assert "No program matches “nope”" in unknown.content.decode()


def test_sitemap_lists_every_program(client, real_catalog, catalog_data):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    for slug in programs(catalog_data):
        assert f"/programs/{slug}/</loc>" in response.content.decode()


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
    common = [option["value"] for option in options["common"]]
    more = [option["value"] for option in options["more"]]
    assert "wur" not in by_count[:10]
    assert common == [*by_count[:10], "wur"]
    rest = [slug for slug in by_count[10:] if slug != "wur"]
    assert more == sorted(rest, key=lambda slug: names[slug].lower())
    assert [option["count"] for option in options["common"]] == [counts[slug] for slug in common]
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
    assert [(o["value"], o["count"]) for o in options["common"]] == [("u0", 3), ("u3", None)]
    assert [(o["value"], o["count"]) for o in options["more"]] == [("u2", 2)]
    assert options["truncated"]
    assert "Every university is on the universities page" in response.content.decode()
    assert response.context["page_obj"].paginator.count == 1
    assert filtered.status_code == 200


def test_each_compare_column_removes_itself_and_keeps_the_others_in_order(client, make_program):
    for slug in ("alpha", "beta", "gamma"):
        make_program(slug=slug)

    response = client.get(reverse("catalog:compare"), {"programs": ["gamma", "alpha", "beta"]})

    html = response.content.decode()
    assert 'href="/compare/?programs=alpha&amp;programs=beta"' in html
    assert 'href="/compare/?programs=gamma&amp;programs=beta"' in html
    assert 'href="/compare/?programs=gamma&amp;programs=alpha"' in html
