"""Tests of scripts/build_catalog.py: the converter from the research data to fixtures/catalog.json.

Plain functions, no database. Facts are checked against the raw research data read here, so a
wrong mapping in the converter cannot hide behind a fixture built by the same converter. The
programs and the degrees it builds are tested in test_catalog_programs.py and test_catalog_degrees.py.
"""

from tests.scripts.converter import (
    DATA,
    FIXTURE,
    NEEDS_DATA,
    REPORT,
    SCRIPT,
    build_catalog,
    by_slug,
    catalog_degrees,
    converted_courses,
    copy_data,
    edit,
)

pytestmark = NEEDS_DATA


# The file itself


def test_converter_reproduces_the_committed_fixture_and_report(tmp_path):
    out, report = tmp_path / "catalog.json", tmp_path / "report.json"
    assert build_catalog.main(["--data", str(DATA), "--out", str(out), "--report", str(report)]) == 0
    assert out.read_bytes() == FIXTURE.read_bytes()
    assert report.read_bytes() == REPORT.read_bytes()


def test_running_twice_gives_identical_bytes(tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    build_catalog.main(["--data", str(DATA), "--out", str(first)])
    build_catalog.main(["--data", str(DATA), "--out", str(second)])
    assert first.read_bytes() == second.read_bytes()
    assert first.read_text(encoding="utf-8").endswith("}\n")


def test_the_converter_is_logic_and_its_judgement_calls_are_data():
    for module in ("build_catalog.py", "catalog_programs.py", "catalog_degrees.py", "catalog_common.py"):
        assert len((SCRIPT.parent / module).read_text(encoding="utf-8").splitlines()) < 420, module
    rules = catalog_degrees.RULES
    assert {"fields", "subject_fields", "degrees", "program_caveats", "tuition"} <= set(rules)


def test_top_level_and_order(catalog):
    assert list(catalog) == [
        "format", "version", "sources", "fields", "universities", "exchange_rates", "degrees",
        "programs", "pathways",
    ]  # fmt: skip
    assert (catalog["format"], catalog["version"]) == ("micromasters-catalog", 1)
    for name in ("fields", "universities", "degrees", "programs", "pathways"):
        slugs = [record["slug"] for record in catalog[name]]
        assert slugs == sorted(slugs), name
        assert len(slugs) == len(set(slugs)), name
    keys = [source["key"] for source in catalog["sources"]]
    assert keys == sorted(keys)
    rates = [(rate["currency"], rate["date"]) for rate in catalog["exchange_rates"]]
    assert rates == sorted(rates) and len(rates) == len(set(rates))


def test_money_is_written_as_strings_with_two_decimals(catalog):
    def money_values():
        for program in catalog["programs"]:
            for key in ("exam_fee", "published_total", "income_price_min", "income_price_max"):
                yield program[key]
            for course in program["courses"]:
                yield course["price"]
                yield from (item["amount"] for item in course["price_history"])
        for degree in catalog["degrees"]:
            yield degree["tuition_amount"]

    for value in money_values():
        assert value is None or (
            isinstance(value, str) and value.count(".") == 1 and len(value.split(".")[1]) == 2
        )


# Everything in the data is placed or reported


def test_every_program_course_and_pathway_is_in_the_fixture_or_the_report(catalog, report, raw):
    programs, _ = raw
    reported = {(item["kind"], item["id"]) for item in report["unplaced"]}
    converted = by_slug(catalog["programs"])
    for raw_program in programs["programs"]:
        assert (raw_program["id"] in converted) != (("program", raw_program["id"]) in reported)
    for raw_course in programs["courses"]:
        program = converted.get(raw_course["program_id"])
        kept = program is not None and raw_course["order"] in [c["position"] for c in program["courses"]]
        assert kept != (("course", raw_course["id"]) in reported), raw_course["id"]
    kept_pathways = [p for p in programs["pathways"] if ("pathway", p["id"]) not in reported]
    assert len(catalog["pathways"]) == len(kept_pathways)
    assert sorted((p["program"], p["degree"].split("-")[0]) for p in catalog["pathways"]) == sorted(
        (p["program_id"], p["institution_id"].split("-")[0]) for p in kept_pathways
    )
    assert len(catalog["programs"]) == 80  # the data set's README: at least 80 programs


def test_an_unknown_subject_is_reported_with_its_courses_and_pathways(tmp_path):
    data = copy_data(tmp_path)

    def new_subject(content):
        program = next(p for p in content["programs"] if p["id"] == "iux-accounting")
        program["subject"] = "Astrology / Horoscopes"

    edit(data / "micromasters_programs.json", new_subject)
    catalog, report = build_catalog.build_catalog(data)
    reported = {(item["kind"], item["id"]) for item in report["unplaced"]}
    assert ("program", "iux-accounting") in reported
    assert ("course", "iux-accounting--taxes-and-decision-making") in reported
    assert any(kind == "pathway" and key.startswith("iux-accounting--") for kind, key in reported)
    assert "iux-accounting" not in by_slug(catalog["programs"])
    assert all(p["program"] != "iux-accounting" for p in catalog["pathways"])


# Provenance


def test_every_referenced_source_exists(catalog, raw):
    keys = {source["key"] for source in catalog["sources"]}
    for name in ("degrees", "programs", "pathways"):
        for record in catalog[name]:
            assert set(record["sources"]) <= keys, record["slug"]
            for figure, cited in record["figure_sources"].items():
                assert set(cited) <= set(record["sources"]), (record["slug"], figure)
    for program in catalog["programs"]:
        for course in program["courses"]:
            for cited in course["figure_sources"].values():
                assert set(cited) <= set(program["sources"]), program["slug"]
    programs, benchmarks = raw
    rate_sources = {rate["source"] for rate in catalog["exchange_rates"]}
    assert rate_sources <= keys
    data_keys = {s["id"] for s in programs["sources"]} | {s["id"] for s in benchmarks["sources"]}
    assert data_keys <= keys and keys - data_keys <= rate_sources | {"src-rate-hkma-lers"}


def test_sources_without_url_keep_their_locator(catalog, raw):
    programs, _ = raw
    for source in programs["sources"]:
        record = next(s for s in catalog["sources"] if s["key"] == source["id"])
        if source["url"] is None:
            assert record["url"] == "" and record["locator"] == source["locator"]
        else:
            assert record["url"] == source["url"] and record["locator"] == ""


def test_verified_on_is_the_data_sets_date(catalog, raw):
    programs, _ = raw
    for name in ("programs", "pathways"):
        assert {record["verified_on"] for record in catalog[name]} == {programs["generated_on"]}


def test_a_course_price_cites_the_source_of_that_price(catalog, raw):
    programs, _ = raw
    for raw_course, course, prices in converted_courses(catalog, programs):
        if prices:
            assert course["figure_sources"]["price"] == sorted(set(prices[0]["sources"])), raw_course["id"]


# Exchange rates


def test_exchange_rates_are_units_per_dollar_from_the_published_quotes(catalog):
    rates = {(r["currency"], r["date"]): r for r in catalog["exchange_rates"]}
    # The Federal Reserve quotes 1.1194 US dollars per euro for 2019: 1 / 1.1194 = 0.8933357...
    assert rates[("EUR", "2019-12-31")]["units_per_usd"] == "0.893336"
    assert rates[("EUR", "2019-12-31")]["period"] == "year"
    # ECB, 31 Dec 2024: 8.0686 HKD and 1.0389 USD per euro: 8.0686 / 1.0389 = 7.7664837...
    assert rates[("HKD", "2024-12-31")]["units_per_usd"] == "7.766484"
    # The peso prices were shown on 29-30 Sep 2021: that day's H.10 rate, as published.
    assert rates[("MXN", "2021-09-30")] == {
        "currency": "MXN",
        "date": "2021-09-30",
        "period": "day",
        "units_per_usd": "20.562000",
        "source": "src-rate-fed-h10-dexmxus",
    }
    quoted = {
        price_currency
        for p in catalog["programs"]
        for c in p["courses"]
        for price_currency in [c["price_currency"]]
    }
    quoted |= {d["tuition_currency"] for d in catalog["degrees"] if d["tuition_currency"]}
    assert quoted - {"USD"} <= {r["currency"] for r in catalog["exchange_rates"]}
