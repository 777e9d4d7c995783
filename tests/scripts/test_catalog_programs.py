"""The programs and courses of the catalog converter (scripts/catalog_programs.py), checked against the
raw research data."""

import re

from tests.scripts.converter import (
    NEEDS_DATA,
    build_catalog,
    by_slug,
    converted_courses,
    copy_data,
    edit,
)

pytestmark = NEEDS_DATA


# Programs, checked against the raw data


def test_every_course_shows_its_newest_price_and_keeps_the_others(catalog, raw):
    programs, _ = raw
    for raw_course, course, prices in converted_courses(catalog, programs):
        if not prices:
            continue
        newest = prices[0]
        assert (course["price"], course["price_currency"], course["price_year"]) == (
            f"{newest['amount']:.2f}",
            newest["currency"],
            newest.get("year"),
        ), raw_course["id"]
        assert [(h["amount"], h["currency"], h["year"]) for h in course["price_history"]] == [
            (f"{p['amount']:.2f}", p["currency"], p.get("year")) for p in prices[1:]
        ]


def test_mit_scm_prices(catalog, raw):
    programs, _ = raw
    raw_courses = [c for c in programs["courses"] if c["program_id"] == "mitx-supply-chain-management"]
    required = [c for c in raw_courses if c["role"] == "required"]
    assert len(required) == 5
    program = by_slug(catalog["programs"])["mitx-supply-chain-management"]
    assert [c["kind"] for c in program["courses"]] == ["required"] * 5 + ["exam"]
    # The FAQ's $150 (2017) is history now: edX listed $199 and $299 in 2020 and MX$6,125 in 2021.
    assert [(c["price"], c["price_currency"], c["price_year"]) for c in program["courses"]] == [
        ("199.00", "USD", 2020),
        ("6125.00", "MXN", 2021),
        ("6125.00", "MXN", 2021),
        ("299.00", "USD", 2020),
        ("6125.00", "MXN", 2021),
        ("600.00", "USD", 2017),
    ]
    assert all(c["price_history"][-1]["amount"] == "150.00" for c in program["courses"][:5])
    assert program["exam_fee"] is None  # the CFx course carries the fee; never counted twice
    assert program["course_count"] == 5
    assert (program["published_total"], program["published_total_year"]) == ("1350.00", 2017)


def test_a_fee_in_pesos_keeps_its_currency(catalog, raw):
    programs, _ = raw
    raw_program = next(p for p in programs["programs"] if p["id"] == "ritx-project-management")
    fee = raw_program["price"]["capstone_or_exam_fee"]
    program = by_slug(catalog["programs"])["ritx-project-management"]
    assert (program["exam_fee"], program["exam_fee_currency"], program["exam_fee_year"]) == (
        f"{fee['amount']:.2f}",
        "MXN",
        fee["year"],
    )
    assert program["figure_sources"]["exam_fee"] == sorted(fee["sources"])


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


def test_programs_keep_their_facts(catalog, raw):
    programs, _ = raw
    converted = by_slug(catalog["programs"])
    for raw_program in programs["programs"]:
        program = converted[raw_program["id"]]
        raw_courses = [c for c in programs["courses"] if c["program_id"] == raw_program["id"]]
        assert [c["position"] for c in program["courses"]] == sorted(c["order"] for c in raw_courses)
        assert program["course_count"] == raw_program["num_courses"]
        assert program["facts_year"] == raw_program["as_of"]
        assert program["university"] == raw_program["university_ids"][0]


def test_research_notes_stay_out_of_learner_text(catalog):
    forbidden = re.compile(
        r"pass-?\d|second pass|third pass|not captured|record id|back-translated|[a-z]+_[a-z_]+"
    )
    for name in ("programs", "degrees", "pathways"):
        for record in catalog[name]:
            assert not forbidden.search(record["caveat"]), record["slug"]
    for program in catalog["programs"]:
        assert not forbidden.search(program["summary"]), program["slug"]


def test_low_confidence_programs_show_a_caveat(catalog, raw):
    programs, _ = raw
    converted = by_slug(catalog["programs"])
    for raw_program in programs["programs"]:
        if raw_program["data_quality"].startswith(("low", "thin")):
            assert converted[raw_program["id"]]["caveat"], raw_program["id"]
    assert converted["pennx-robotics"]["caveat"]  # course lengths rest on a low-confidence note


def test_course_lists_from_class_central_say_they_may_be_incomplete(catalog, raw):
    programs, _ = raw
    converted = by_slug(catalog["programs"])
    for raw_program in programs["programs"]:
        courses = [c for c in programs["courses"] if c["program_id"] == raw_program["id"]]
        listed_only = (
            raw_program["num_courses"] is None
            and courses
            and all("src-p3-fcc-classcentral-2023" in c["sources"] for c in courses)
        )
        assert ("may be incomplete" in converted[raw_program["id"]]["caveat"]) == bool(listed_only)


def test_status_follows_the_sources_words(catalog):
    for program in catalog["programs"]:
        note = program["status_note"].lower()
        expected = (
            "active" if note.startswith("active")
            else "retired" if note.startswith(("retired", "discontinued"))
            else "unknown"
        )  # fmt: skip
        assert program["status"] == expected, program["slug"]


def test_a_null_course_title_is_filled_from_enrichments_in_program_order(tmp_path):
    data = copy_data(tmp_path)
    titles = ["First course", "Second course", "Third course"]

    def untitle(content):
        for course in content["courses"]:
            if course["program_id"] == "iux-accounting":
                course["title"] = None
        content["enrichments"].append(
            {"existing_program_id": "iux-accounting", "course_titles_found": titles, "sources": []}
        )

    edit(data / "micromasters_programs.json", untitle)
    catalog, _ = build_catalog.build_catalog(data)
    program = by_slug(catalog["programs"])["iux-accounting"]
    assert [c["title"] for c in program["courses"]] == titles


def test_priced_courses_no_course_record_names_are_kept_apart_from_the_courses(catalog, raw):
    programs, _ = raw
    converted = by_slug(catalog["programs"])
    unmatched = [p for p in programs["programs"] if p.get("course_prices_unmatched")]
    assert unmatched
    for raw_program in unmatched:
        listed = converted[raw_program["id"]]["other_course_prices"]
        assert [(entry["title"], entry["amount"], entry["currency"], entry["year"]) for entry in listed] == [
            (
                item["course_title"],
                f"{item['price']['amount']:.2f}",
                item["price"]["currency"],
                item["price"]["year"],
            )
            for item in raw_program["course_prices_unmatched"]
        ]
    assert all(
        not p["other_course_prices"]
        for p in catalog["programs"]
        if p["slug"] not in {u["id"] for u in unmatched}
    )
