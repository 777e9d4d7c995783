"""What learners read on the real catalog's pages: figures with their own notes and years, amounts in
other currencies with a dated dollar figure, estimates that say so, counts that agree, and no
research bookkeeping anywhere."""

import html
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse

from tests.catalog import expected

pytestmark = pytest.mark.django_db

BOOKKEEPING = [
    re.compile(r"record id", re.I),
    re.compile(r"\b(first|second|third|fourth) pass\b|\bpass[- ]?\d\b", re.I),
    re.compile(r"not captured", re.I),
    re.compile(r"back-translated", re.I),
    re.compile(r"\bdata ?set\b", re.I),
    re.compile(r"\bsrc-[a-z0-9]"),
    re.compile(r"\b[a-z]+_[a-z]+(?:_[a-z]+)*\b"),  # a raw snake_case key
    re.compile(r"\bShown: "),
]
CITE = re.compile(r'<sup class="cite">\[(.*?)\]</sup>', re.S)


def visible_text(page: str) -> str:
    """The words a reader sees: no tags, scripts or URLs (an address may hold underscores)."""
    page = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    return re.sub(r"https?://\S+", " ", text)


def public_pages(data):
    yield reverse("home")
    yield reverse("catalog:program_list")
    yield reverse("catalog:university_list")
    yield reverse("catalog:field_list")
    yield reverse("catalog:compare") + "?programs=mitx-supply-chain-management&programs=iux-accounting"
    for name, view in (
        ("programs", "program_detail"),
        ("degrees", "degree_detail"),
        ("universities", "university_detail"),
        ("fields", "field_detail"),
    ):
        for record in data[name]:
            yield reverse(f"catalog:{view}", args=[record["slug"]])


def test_no_public_page_shows_research_bookkeeping(client, real_catalog, catalog_data):
    for url in public_pages(catalog_data):
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        for pattern in BOOKKEEPING:
            found = pattern.search(text)
            assert not found, (
                f"{url}: {found.group(0)!r} in …{text[max(found.start() - 80, 0) : found.end() + 80]}…"
            )


def source_list(page: str) -> dict[int, str]:
    """Number -> the text of each entry of the page's source list."""
    return {
        int(number): visible_text(item)
        for number, item in re.findall(r'<li id="source-(\d+)" value="\d+">(.*?)</li>', page, re.S)
    }


def test_every_note_beside_a_figure_leads_to_a_source_of_the_record(client, real_catalog, catalog_data):
    sources = {source["key"]: source for source in catalog_data["sources"]}
    rate_sources = {rate["source"] for rate in catalog_data["exchange_rates"]}
    degrees = {degree["slug"]: degree for degree in catalog_data["degrees"]}
    for program in catalog_data["programs"]:
        page = client.get(reverse("catalog:program_detail", args=[program["slug"]])).content.decode()
        listed = source_list(page)
        cited = {int(n) for group in CITE.findall(page) for n in re.findall(r'href="#source-(\d+)"', group)}
        assert cited <= set(listed), program["slug"]
        pathway_degrees = [
            degrees[p["degree"]] for p in catalog_data["pathways"] if p["program"] == program["slug"]
        ]
        allowed = set(program["sources"]) | rate_sources | {s for d in pathway_degrees for s in d["sources"]}
        titles = {html.unescape(sources[key]["title"]) for key in allowed}
        for number in cited:
            assert any(title in listed[number] for title in titles), (program["slug"], listed[number])


def test_a_course_price_shows_its_own_year_and_the_source_that_states_it(client, real_catalog, catalog_data):
    sources = {source["key"]: source for source in catalog_data["sources"]}
    program = next(p for p in catalog_data["programs"] if p["slug"] == "mitx-supply-chain-management")
    page = client.get(reverse("catalog:program_detail", args=[program["slug"]])).content.decode()
    listed = source_list(page)
    for course in program["courses"]:
        keys = course["figure_sources"]["price"]
        # A source cannot state a price of a year after its own publication.
        assert all(
            sources[key]["year"] is None or course["price_year"] <= sources[key]["year"] for key in keys
        )
        row = re.search(
            rf"<tr>\s*<td class=\"reflow-hide\">{course['position']}</td>.*?</tr>", page, re.S
        ).group(0)
        cell = re.search(r'<td class="figures price" data-label="Price">(.*?)</td>', row, re.S).group(1)
        assert f"({course['price_year']})" in cell, course["title"]
        numbers = re.findall(r'href="#source-(\d+)"', CITE.search(cell).group(1))
        cited = [listed[int(number)] for number in numbers]
        for key in keys:
            assert any(html.unescape(sources[key]["title"]) in entry for entry in cited), (
                course["title"],
                key,
            )


def test_an_amount_in_pesos_shows_a_dated_dollar_figure_computed_by_hand(client, real_catalog):
    page = client.get(
        reverse("catalog:program_detail", args=["mitx-supply-chain-management"])
    ).content.decode()
    text = " ".join(visible_text(page).split())

    # MX$6,125 on 29-30 Sep 2021, at the Federal Reserve's 20.562 pesos per dollar of 30 Sep 2021:
    # 6,125 / 20.562 = 297.88 -> about $298.
    assert "MX$6,125 (2021)" in text
    assert "(about $298 at the rate of 30 Sep 2021 [ source" in text
    assert "Mexican Pesos to U.S. Dollar Spot Exchange Rate" in text
    # Its total adds three such prices: the page says so and says "about".
    assert "about $1,991.64 computed from the 6 course prices" in text


def test_a_tuition_in_euros_shows_a_dated_dollar_figure_computed_by_hand(client, real_catalog, catalog_data):
    rates = {(r["currency"], r["date"]): Decimal(r["units_per_usd"]) for r in catalog_data["exchange_rates"]}
    page = client.get(reverse("catalog:degree_detail", args=["zlc-zlog"])).content.decode()
    text = " ".join(visible_text(page).split())

    # €24,300 (2026): the euro rate nearest to 1 July 2026 is the ECB's of 9 May 2025, 1.1252
    # dollars per euro, stored as 1 / 1.1252 = 0.888731 euros per dollar.
    assert rates[("EUR", "2025-05-09")] == Decimal("0.888731")
    dollars = (Decimal("24300") / Decimal("0.888731")).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    assert dollars == Decimal("27342")
    assert "€24,300 (2026)" in text
    assert "(about $27,342 at the rate of 9 May 2025" in text
    assert "rate may be out of date" in text  # 9 May 2025 + 18 months is before today


def test_an_estimate_is_labelled_and_never_a_price_filter_result(client, real_catalog, catalog_data):
    unpriced = [p for p in catalog_data["programs"] if expected.price_from(p) is None]
    assert unpriced
    shown = 0
    for program in unpriced:
        text = " ".join(
            visible_text(
                client.get(reverse("catalog:program_detail", args=[program["slug"]])).content.decode()
            ).split()
        )
        if "Estimate" in text:
            shown += 1
            assert "an estimate, not this program's price" in text
    assert shown  # some unpriced program has priced programs of its size to compare with

    response = client.get(reverse("catalog:program_list"), {"price_max": "100000"})
    count = int(re.search(r'data-count="(\d+)"', response.content.decode()).group(1))
    assert count == sum(expected.price_from(p) is not None for p in catalog_data["programs"])


def test_home_list_university_index_and_sitemap_count_the_same_things(client, real_catalog, catalog_data):
    programs = len(catalog_data["programs"])
    offering = {p["university"] for p in catalog_data["programs"]}
    with_degrees = {d["university"] for d in catalog_data["degrees"]} - offering

    home = " ".join(visible_text(client.get(reverse("home")).content.decode()).split())
    listing = client.get(reverse("catalog:program_list")).content.decode()
    index = client.get(reverse("catalog:university_list")).content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()

    assert programs == 80
    assert f"{programs} MicroMasters programs" in home
    assert f'data-count="{programs}"' in listing
    assert f"{len(offering)} universities" in home
    tables = index.split('id="degree-schools-title"')
    assert len(re.findall(r'<th scope="row"><a href="/universities/', tables[0])) == len(offering)
    assert len(re.findall(r'<th scope="row"><a href="/universities/', tables[1])) == len(with_degrees)
    assert len(set(re.findall(r"/universities/([-a-z0-9]+)/</loc>", sitemap))) == len(offering | with_degrees)
    assert len(set(re.findall(r"/programs/([-a-z0-9_]+)/</loc>", sitemap))) == programs


def test_every_note_on_degree_university_and_compare_pages_is_in_their_source_list(
    client, real_catalog, catalog_data
):
    urls = [reverse("catalog:degree_detail", args=[d["slug"]]) for d in catalog_data["degrees"]]
    urls += [reverse("catalog:university_detail", args=[u["slug"]]) for u in catalog_data["universities"]]
    slugs = [p["slug"] for p in catalog_data["programs"]]
    urls += [
        reverse("catalog:compare") + "?" + "&".join(f"programs={s}" for s in slugs[i : i + 4])
        for i in range(0, 80, 4)
    ]
    for url in urls:
        page = client.get(url).content.decode()
        cited = {int(n) for group in CITE.findall(page) for n in re.findall(r'href="#source-(\d+)"', group)}
        assert cited <= set(source_list(page)), url
    assert cited  # the last compare page cites something


def test_the_estimate_is_the_range_of_priced_programs_of_the_same_size(client, real_catalog, catalog_data):
    program = next(p for p in catalog_data["programs"] if p["slug"] == "pennx-robotics")
    assert expected.total_price(program) is None and program["course_count"] == 4
    totals = sorted(
        expected.total_price(p)
        for p in catalog_data["programs"]
        if p["course_count"] == 4 and expected.total_price(p) is not None
    )
    middle = len(totals) // 2
    median = totals[middle] if len(totals) % 2 else (totals[middle - 1] + totals[middle]) / 2

    def whole(amount):
        return f"${amount.quantize(Decimal('1'), rounding=ROUND_HALF_UP):,}"

    page = client.get(reverse("catalog:program_detail", args=[program["slug"]])).content.decode()
    text = " ".join(visible_text(page).split())
    assert f"Estimate {whole(totals[0])}–{whole(totals[-1])}, median {whole(median)}" in text
    assert f"the {len(totals)} programs of this catalog with 4 courses" in text


def test_a_degree_name_only_a_third_party_gives_is_shown_as_theirs(client, real_catalog, catalog_data):
    listers = {}
    for pathway in catalog_data["pathways"]:
        listers.setdefault(pathway["degree"], set()).add(pathway["degree_name_lister"])
    third_party = {slug for slug, names in listers.items() if names == {"Class Central"}}
    assert len(third_party) >= 10
    for degree in catalog_data["degrees"]:
        page = client.get(reverse("catalog:degree_detail", args=[degree["slug"]])).content.decode()
        heading = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
        assert ("(as listed by Class Central)" in heading) == (degree["slug"] in third_party), degree["slug"]


def test_cards_name_what_is_not_published_once(client, real_catalog, catalog_data):
    program = next(p for p in catalog_data["programs"] if p["slug"] == "iux-accounting")
    assert program["effort_hours_min"] is None and program["pacing"] == "" and program["months_min"] is None

    page = client.get(reverse("catalog:field_detail", args=[program["field"]])).content.decode()
    card = re.search(
        r'<article[^>]*aria-labelledby="program-iux-accounting">(.*?)</article>', page, re.S
    ).group(1)
    text = " ".join(visible_text(card).split())
    assert "Not published: duration, effort, pacing" in text
    assert "Effort" not in text and "Pacing" not in text


def test_priced_courses_without_a_course_record_show_apart_and_outside_the_total(
    client, real_catalog, catalog_data
):
    program = next(p for p in catalog_data["programs"] if p["slug"] == "ritx-project-management")
    assert program["other_course_prices"] and not program["courses"]

    page = client.get(reverse("catalog:program_detail", args=[program["slug"]])).content.decode()
    text = " ".join(visible_text(page).split())
    assert "they are not counted in the total" in text
    for listed in program["other_course_prices"]:
        price = f"{Decimal(listed['amount']):,.0f}"
        symbol = {"USD": "$", "MXN": "MX$"}[listed["currency"]]
        assert f"{listed['title']}: {symbol}{price} ({listed['year']})" in text
    assert expected.total_price(program) is None  # nothing listed apart enters a total
