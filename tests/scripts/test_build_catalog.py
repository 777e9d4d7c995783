"""Tests of scripts/build_catalog.py: the converter from the research data to fixtures/catalog.json.

Plain functions, no database. Facts are checked against the raw research data read here, so a
wrong mapping in the converter cannot hide behind a fixture built by the same converter.
"""

import importlib.util
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "build_catalog.py"
FIXTURE = REPO / "fixtures" / "catalog.json"


def load_converter():
    spec = importlib.util.spec_from_file_location("build_catalog", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_catalog = load_converter()
DATA = build_catalog.DEFAULT_DATA

pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason=f"research data not found at {DATA}")


@pytest.fixture(scope="module")
def catalog():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def raw():
    programs = json.loads((DATA / "micromasters_programs.json").read_text(encoding="utf-8"))
    benchmarks = json.loads((DATA / "degree_benchmarks.json").read_text(encoding="utf-8"))
    return programs, benchmarks


def by_slug(records):
    return {record["slug"]: record for record in records}


def program_total(program):
    """The program total as docs/catalog-format.md derives it."""
    courses = program["courses"]
    paid = [c for c in courses if c["kind"] in ("required", "capstone", "exam")]
    electives = [c for c in courses if c["kind"] == "elective"]
    listed = sum(c["kind"] in ("required", "capstone") for c in courses)
    electives_priced = program["electives_required"] == 0 or (
        electives and all(c["price"] for c in electives)
    )
    if (
        all(c["price"] for c in paid)
        and electives_priced
        and (program["course_count"] is None or listed >= program["course_count"])
    ):
        total = sum(Decimal(c["price"]) for c in paid) + Decimal(program["exam_fee"] or 0)
        if program["electives_required"]:
            total += program["electives_required"] * min(Decimal(c["price"]) for c in electives)
        return total
    return Decimal(program["published_total"]) if program["published_total"] else None


# The file itself


def test_converter_reproduces_the_committed_fixture(tmp_path):
    out = tmp_path / "catalog.json"
    assert build_catalog.main(["--data", str(DATA), "--out", str(out)]) == 0
    assert out.read_bytes() == FIXTURE.read_bytes()


def test_running_twice_gives_identical_bytes(tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    build_catalog.main(["--data", str(DATA), "--out", str(first)])
    build_catalog.main(["--data", str(DATA), "--out", str(second)])
    assert first.read_bytes() == second.read_bytes()
    assert first.read_text(encoding="utf-8").endswith("}\n")


def test_top_level_and_order(catalog):
    assert list(catalog) == [
        "format", "version", "sources", "fields", "universities", "degrees", "programs", "pathways",
    ]  # fmt: skip
    assert (catalog["format"], catalog["version"]) == ("micromasters-catalog", 1)
    for name in ("fields", "universities", "degrees", "programs", "pathways"):
        slugs = [record["slug"] for record in catalog[name]]
        assert slugs == sorted(slugs), name
        assert len(slugs) == len(set(slugs)), name
    keys = [source["key"] for source in catalog["sources"]]
    assert keys == sorted(keys)


def test_the_fixture_passes_the_converters_own_format_checks(catalog):
    build_catalog.validate(catalog)


def test_money_is_written_as_strings_with_two_decimals(catalog):
    def money_values():
        for program in catalog["programs"]:
            for key in ("exam_fee", "published_total", "income_price_min", "income_price_max"):
                yield program[key]
            for course in program["courses"]:
                yield course["price"]
        for degree in catalog["degrees"]:
            yield degree["tuition_amount"]

    for value in money_values():
        assert value is None or (
            isinstance(value, str) and value.count(".") == 1 and len(value.split(".")[1]) == 2
        )


# Provenance


def test_every_referenced_source_exists(catalog, raw):
    keys = {source["key"] for source in catalog["sources"]}
    for name in ("degrees", "programs", "pathways"):
        for record in catalog[name]:
            assert set(record["sources"]) <= keys, record["slug"]
    programs, benchmarks = raw
    assert keys == {s["id"] for s in programs["sources"]} | {s["id"] for s in benchmarks["sources"]}


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
    for name in ("degrees", "programs", "pathways"):
        assert {record["verified_on"] for record in catalog[name]} == {programs["generated_on"]}


# Programs, checked against the raw data


def test_mit_scm_prices(catalog, raw):
    programs, _ = raw
    raw_courses = [c for c in programs["courses"] if c["program_id"] == "mitx-supply-chain-management"]
    required = [c for c in raw_courses if c["role"] == "required"]
    exams = [c for c in raw_courses if c["role"] == "capstone_exam"]
    assert len(required) == 5
    assert {
        (c["verified_certificate_price"]["amount"], c["verified_certificate_price"]["year"]) for c in required
    } == {(150, 2017)}
    assert [c["verified_certificate_price"]["amount"] for c in exams] == [600]

    program = by_slug(catalog["programs"])["mitx-supply-chain-management"]
    kinds = [c["kind"] for c in program["courses"]]
    assert kinds == ["required"] * 5 + ["exam"]
    assert [c["price"] for c in program["courses"]] == ["150.00"] * 5 + ["600.00"]
    assert {c["price_year"] for c in program["courses"]} == {2017}
    assert program["exam_fee"] is None  # the CFx course carries the fee; never counted twice
    assert program["course_count"] == 5
    assert (program["published_total"], program["published_total_year"]) == ("1350.00", 2017)
    assert program_total(program) == Decimal("1350")
    assert program["currency"] == "USD"


def test_dedp_prices_by_income(catalog, raw):
    programs, _ = raw
    raw_program = next(p for p in programs["programs"] if p["id"] == "mitx-data-economics-design-of-policy")
    assert raw_program["price"]["income_based_pricing"] is True
    program = by_slug(catalog["programs"])["mitx-data-economics-design-of-policy"]
    assert (
        program["income_price_min"] == "100.00" == f"{raw_program['price']['per_course_min']['amount']:.2f}"
    )
    assert (
        program["income_price_max"] == "1000.00" == f"{raw_program['price']['per_course_max']['amount']:.2f}"
    )
    assert program["electives_required"] == 2
    assert program["published_total"] is None


def test_income_range_only_for_income_based_programs(catalog, raw):
    programs, _ = raw
    income_based = {p["id"] for p in programs["programs"] if p["price"].get("income_based_pricing")}
    for program in catalog["programs"]:
        has_range = program["income_price_min"] is not None
        assert has_range == (program["slug"] in income_based), program["slug"]


def test_a_capstone_fee_without_a_course_is_the_exam_fee(catalog, raw):
    programs, _ = raw
    raw_program = next(p for p in programs["programs"] if p["id"] == "iimbx-entrepreneurship")
    program = by_slug(catalog["programs"])["iimbx-entrepreneurship"]
    assert program["exam_fee"] == f"{raw_program['price']['capstone_or_exam_fee']['amount']:.2f}" == "249.00"
    assert program["exam_fee_label"] == raw_program["capstone"]["type"]
    assert program["exam_fee_year"] == 2017


def test_every_raw_program_and_course_is_kept(catalog, raw):
    programs, _ = raw
    converted = by_slug(catalog["programs"])
    assert set(converted) == {p["id"] for p in programs["programs"]}
    for raw_program in programs["programs"]:
        program = converted[raw_program["id"]]
        raw_courses = [c for c in programs["courses"] if c["program_id"] == raw_program["id"]]
        assert [c["position"] for c in program["courses"]] == sorted(c["order"] for c in raw_courses)
        assert program["course_count"] == raw_program["num_courses"]
        assert program["facts_year"] == raw_program["as_of"]
        assert program["university"] == raw_program["university_ids"][0]


def test_low_confidence_programs_show_a_caveat(catalog, raw):
    programs, _ = raw
    converted = by_slug(catalog["programs"])
    for raw_program in programs["programs"]:
        if raw_program["data_quality"].startswith(("low", "thin")):
            assert converted[raw_program["id"]]["caveat"], raw_program["id"]
    assert converted["pennx-robotics"]["caveat"]  # course lengths rest on a low-confidence note


def test_status_follows_the_sources_words(catalog):
    for program in catalog["programs"]:
        note = program["status_note"].lower()
        expected = (
            "active" if note.startswith("active")
            else "retired" if note.startswith(("retired", "discontinued"))
            else "unknown"
        )  # fmt: skip
        assert program["status"] == expected, program["slug"]


# Degrees and pathways


def test_each_raw_pathway_maps_to_exactly_one_pathway_record(catalog, raw):
    programs, _ = raw
    degree_of = {
        pid: slug for slug, spec in build_catalog.DEGREES.items() for pid in spec.get("pathways", [])
    }
    expected = sorted(f"{p['program_id']}--{degree_of[p['id']]}" for p in programs["pathways"])
    assert sorted(p["slug"] for p in catalog["pathways"]) == expected
    assert len(catalog["pathways"]) == len(programs["pathways"])


def test_every_degree_slug_referenced_exists(catalog):
    degrees = {degree["slug"] for degree in catalog["degrees"]}
    programs = {program["slug"] for program in catalog["programs"]}
    for pathway in catalog["pathways"]:
        assert pathway["degree"] in degrees, pathway["slug"]
        assert pathway["program"] in programs, pathway["slug"]
        assert pathway["slug"] == f"{pathway['program']}--{pathway['degree']}"


def test_no_degree_appears_twice(catalog):
    slugs = [degree["slug"] for degree in catalog["degrees"]]
    assert len(slugs) == len(set(slugs))
    named = [(d["university"], d["title"]) for d in catalog["degrees"]]
    assert len(named) == len(set(named))
    # Seven RIT pathways name the same degree: one record.
    rit = [d for d in catalog["degrees"] if d["title"] == "Master of Science in Professional Studies"]
    assert len(rit) == 1
    assert sum(p["degree"] == rit[0]["slug"] for p in catalog["pathways"]) == 7


def test_pathways_without_a_degree_name_get_an_unnamed_degree(catalog, raw):
    programs, _ = raw
    degree_of = {
        pid: slug for slug, spec in build_catalog.DEGREES.items() for pid in spec.get("pathways", [])
    }
    degrees = by_slug(catalog["degrees"])
    for pathway in programs["pathways"]:
        degree = degrees[degree_of[pathway["id"]]]
        if pathway["degree_name"] is None:
            assert degree["title"] == "Master's degree (not named by the source)"
            assert degree["university"] == pathway["institution_id"]
            assert degree["caveat"]
        else:
            assert degree["university"] == pathway["institution_id"]


def test_every_benchmark_degree_is_kept_or_skipped_on_purpose(catalog, raw):
    _, benchmarks = raw
    used = {b for spec in build_catalog.DEGREES.values() for b in spec.get("benchmarks", [])}
    for bench in benchmarks["degree_benchmarks"]:
        assert (bench["id"] in used) != (bench["id"] in build_catalog.SKIPPED_BENCHMARKS), bench["id"]
    universities = by_slug(catalog["universities"])
    assert universities["university-of-texas-at-austin"] == {
        "slug": "university-of-texas-at-austin",
        "name": "University of Texas at Austin",
        "short_name": "",
        "country": "United States",
        "website": "",
    }


def test_degree_tuition_prefers_the_newest_full_degree_total(catalog):
    degrees = by_slug(catalog["degrees"])
    scm = degrees["mit-scm"]
    assert (scm["tuition_amount"], scm["tuition_currency"], scm["tuition_unit"], scm["tuition_year"]) == (
        "74000.00", "USD", "total", 2018,
    )  # fmt: skip
    assert "67,938 (2017)" in scm["tuition_note"] and "65,446 (2015)" in scm["tuition_note"]
    zlog = degrees["zlc-zlog"]
    assert (zlog["tuition_amount"], zlog["tuition_currency"], zlog["tuition_year"]) == (
        "24300.00",
        "EUR",
        2026,
    )
    # A per-credit rate without the degree's credits keeps count null.
    umgc = degrees["umgc-ms-cloud-computing-systems"]
    assert (umgc["tuition_unit"], umgc["tuition_count"]) == ("per_credit", None)
    # An upper bound ("under US$25,000") is never the tuition.
    assert degrees["purdue-msece-online"]["tuition_amount"] == "34160.00"


def test_degrees_without_tuition_leave_currency_and_unit_empty(catalog):
    for degree in catalog["degrees"]:
        if degree["tuition_amount"] is None:
            assert (degree["tuition_currency"], degree["tuition_unit"]) == ("", ""), degree["slug"]


def test_credit_shares_and_credits_come_from_the_raw_pathways(catalog, raw):
    programs, _ = raw
    degree_of = {
        pid: slug for slug, spec in build_catalog.DEGREES.items() for pid in spec.get("pathways", [])
    }
    converted = by_slug(catalog["pathways"])
    for pathway in programs["pathways"]:
        record = converted[f"{pathway['program_id']}--{degree_of[pathway['id']]}"]
        credit = pathway["credit"]
        granted = credit["amount"]
        assert record["credits_granted"] == (
            None if granted is None else format(Decimal(str(granted)).normalize(), "f")
        )
        if record["credits_granted"] and record["credits_required"]:
            assert Decimal(record["credits_granted"]) <= Decimal(record["credits_required"])
            assert record["share_min"] is None  # the share is derived from the credits
        elif credit["share_percent_min"] is not None:
            assert Decimal(record["share_min"]) == Decimal(str(credit["share_percent_min"])) / 100
        for key in ("share_min", "share_max"):
            if record[key] is not None:
                assert Decimal("0") < Decimal(record[key]) <= Decimal("1")
    assert converted["adelaidex-big-data--adelaide-master-of-data-science"]["share_min"] == "0.25"
    msw = converted["michiganx-social-work--umich-msw"]
    assert (msw["credits_granted"], msw["credits_required"]) == ("15", "60")


def test_the_unconfirmed_penn_credit_carries_a_caveat(catalog):
    pathway = by_slug(catalog["pathways"])["pennx-robotics--penn-mse-robotics"]
    assert (pathway["credits_granted"], pathway["credits_required"]) == ("3", "10")
    assert "unidentified" in pathway["caveat"]


# Failing loudly


def copy_data(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("micromasters_programs.json", "degree_benchmarks.json"):
        shutil.copy(DATA / name, data / name)
    return data


def edit(path, change):
    content = json.loads(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(json.dumps(content), encoding="utf-8")


def test_a_share_above_one_fails_with_the_record_id(tmp_path):
    data = copy_data(tmp_path)

    def break_share(content):
        pathway = next(p for p in content["pathways"] if p["id"].startswith("adelaidex-big-data--adelaide"))
        pathway["credit"]["share_percent_min"] = pathway["credit"]["share_percent_max"] = 150

    edit(data / "micromasters_programs.json", break_share)
    with pytest.raises(build_catalog.CatalogError, match="adelaidex-big-data--adelaide"):
        build_catalog.build_catalog(data)


def test_more_credits_granted_than_required_fails(tmp_path, capsys):
    data = copy_data(tmp_path)

    def break_credits(content):
        pathway = next(p for p in content["pathways"] if p["id"].startswith("michiganx-social-work--"))
        pathway["credit"]["amount"] = 75

    edit(data / "micromasters_programs.json", break_credits)
    out = tmp_path / "catalog.json"
    assert build_catalog.main(["--data", str(data), "--out", str(out)]) == 1
    assert "michiganx-social-work--umich" in capsys.readouterr().err
    assert not out.exists()


def test_a_pathway_missing_from_the_degree_table_fails(tmp_path):
    data = copy_data(tmp_path)

    def add_pathway(content):
        extra = dict(content["pathways"][0], id="mitx-supply-chain-management--mit--new-degree")
        content["pathways"].append(extra)

    edit(data / "micromasters_programs.json", add_pathway)
    with pytest.raises(build_catalog.CatalogError, match="mitx-supply-chain-management--mit--new-degree"):
        build_catalog.build_catalog(data)
