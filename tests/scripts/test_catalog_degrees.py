"""The degrees and credit pathways of the catalog converter (scripts/catalog_degrees.py), checked
against the raw research data, and the data that makes it fail loudly."""

import json
from decimal import Decimal

import pytest

from tests.scripts.converter import (
    DATA,
    NEEDS_DATA,
    build_catalog,
    by_slug,
    catalog_degrees,
    copy_data,
    edit,
)

pytestmark = NEEDS_DATA


# Degrees and pathways


def pathway_degrees():
    programs = json.loads((DATA / "micromasters_programs.json").read_text(encoding="utf-8"))
    _, placed = catalog_degrees.place_pathways(programs, {p["id"] for p in programs["programs"]})
    return placed


def test_each_raw_pathway_maps_to_exactly_one_pathway_record(catalog, raw):
    programs, _ = raw
    degree_of = pathway_degrees()
    expected = sorted(f"{p['program_id']}--{degree_of[p['id']]}" for p in programs["pathways"])
    assert sorted(p["slug"] for p in catalog["pathways"]) == expected
    degrees = by_slug(catalog["degrees"])
    for pathway in programs["pathways"]:
        assert degrees[degree_of[pathway["id"]]]["university"] == pathway["institution_id"]


def test_no_degree_appears_twice(catalog, raw):
    programs, _ = raw
    named = [(d["university"], d["title"]) for d in catalog["degrees"]]
    assert len(named) == len(set(named))
    # Every RIT pathway naming the MS in Professional Studies leads to one record.
    rit = [
        p for p in programs["pathways"]
        if p["institution_id"] == "rit" and (p["degree_name"] or "").startswith("Master of Science in Professional Studies")
    ]  # fmt: skip
    degree = [d for d in catalog["degrees"] if d["title"] == "Master of Science in Professional Studies"]
    assert len(degree) == 1 and len(rit) == 8
    assert sum(p["degree"] == degree[0]["slug"] for p in catalog["pathways"]) == len(rit)


def test_pathways_without_a_degree_name_get_an_unnamed_degree(catalog, raw):
    programs, _ = raw
    degree_of = pathway_degrees()
    degrees = by_slug(catalog["degrees"])
    for pathway in programs["pathways"]:
        degree = degrees[degree_of[pathway["id"]]]
        assert degree["university"] == pathway["institution_id"]
        if pathway["degree_name"] is None:
            assert degree["title"] == "Master's degree (not named by the source)"
            assert degree["caveat"]


def test_degree_names_a_third_party_rendered_say_so(catalog, raw):
    programs, _ = raw
    converted = by_slug(catalog["pathways"])
    degrees = by_slug(catalog["degrees"])
    degree_of = pathway_degrees()
    listed = [p for p in programs["pathways"] if "back-translated" in (p["notes"] or "")]
    assert len(listed) >= 18
    for pathway in listed:
        record = converted[f"{pathway['program_id']}--{degree_of[pathway['id']]}"]
        assert (record["degree_name_as_listed"], record["degree_name_lister"]) == (
            pathway["degree_name"],
            "Class Central",
        )
        if degree_of[pathway["id"]] not in catalog_degrees.DEGREES:
            assert "Class Central" in degrees[record["degree"]]["caveat"]


def test_every_benchmark_degree_is_kept_or_skipped_on_purpose(catalog, raw):
    _, benchmarks = raw
    used = {b for spec in catalog_degrees.DEGREES.values() for b in spec.get("benchmarks", [])}
    for bench in benchmarks["degree_benchmarks"]:
        assert (bench["id"] in used) != (bench["id"] in catalog_degrees.SKIPPED_BENCHMARKS), bench["id"]
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
    umgc = degrees["umgc-ms-cloud-computing-systems"]
    assert (umgc["tuition_unit"], umgc["tuition_count"]) == ("per_credit", None)
    assert degrees["purdue-msece-online"]["tuition_amount"] == "34160.00"
    # Tec de Monterrey: MXN 767,000 (2019-20) and 809,900 (2020-21); the newer is the tuition.
    tec = degrees["tec-mba"]
    assert (tec["tuition_amount"], tec["tuition_currency"], tec["tuition_year"]) == ("809900.00", "MXN", 2020)


def test_degrees_without_tuition_leave_currency_and_unit_empty(catalog):
    for degree in catalog["degrees"]:
        if degree["tuition_amount"] is None:
            assert (degree["tuition_currency"], degree["tuition_unit"]) == ("", ""), degree["slug"]


def test_credit_shares_and_credits_come_from_the_raw_pathways(catalog, raw):
    programs, _ = raw
    degree_of = pathway_degrees()
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


def test_a_pathway_the_rules_do_not_list_forms_its_own_degree(tmp_path):
    data = copy_data(tmp_path)

    def add_pathway(content):
        extra = dict(
            content["pathways"][0],
            id="mitx-supply-chain-management--mit--new-degree",
            degree_name="Master of Testing (MIT)",
            degree_tuition=None,
        )
        content["pathways"].append(extra)

    edit(data / "micromasters_programs.json", add_pathway)
    catalog, _ = build_catalog.build_catalog(data)
    degree = by_slug(catalog["degrees"])["mit-master-of-testing"]
    assert (degree["title"], degree["university"]) == ("Master of Testing", "mit")
    assert "mitx-supply-chain-management--mit-master-of-testing" in by_slug(catalog["pathways"])
