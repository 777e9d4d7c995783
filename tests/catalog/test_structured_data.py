"""The schema.org JSON-LD of every program and degree page, against the catalog file.

An offer carries only a price its sources state (or a sum of stated course prices), never a figure
converted from another currency; `numberOfCredits` is a degree's credits (a MicroMasters states
none); `timeToComplete` is an ISO 8601 duration.
"""

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.catalog import expected

pytestmark = pytest.mark.django_db

ISO_MONTHS = re.compile(r"P[1-9]\d*M")


def json_ld(client, url):
    html = client.get(url).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def program_offer(program):
    sources = program["figure_sources"]
    summed = expected.summed_total(program)
    if summed is not None:
        counted = [
            c
            for c in program["courses"]
            if c["price"] is not None and (c["kind"] in expected.PAID or program["electives_required"])
        ]
        paid = [c for c in program["courses"] if c["kind"] in expected.PAID]
        electives = sorted(
            (c for c in program["courses"] if c["kind"] == "elective"), key=lambda c: expected.course_price(c)
        )
        converted = (
            any(c["price_currency"] != "USD" for c in paid)
            or (program["exam_fee"] is not None and program["exam_fee_currency"] != "USD")
            or (program["electives_required"] > 0 and electives[0]["price_currency"] != "USD")
        )
        sourced = all(c["figure_sources"].get("price") for c in counted) and (
            program["exam_fee"] is None or bool(sources.get("exam_fee"))
        )
        if converted or not sourced:
            return None
        return {
            "@type": "Offer",
            "price": f"{summed:.2f}",
            "priceCurrency": "USD",
            "category": "total incl. fees",
        }
    if program["published_total"] is not None:
        if not sources.get("published_total"):
            return None
        total = Decimal(program["published_total"])
        return {
            "@type": "Offer",
            "price": f"{total:.2f}",
            "priceCurrency": program["currency"],
            "category": "total incl. fees",
        }
    if program["income_price_min"] is not None and program["course_count"] and sources.get("income_price"):
        fee = Decimal(program["exam_fee"] or 0)
        low = program["course_count"] * Decimal(program["income_price_min"]) + fee
        high = program["course_count"] * Decimal(program["income_price_max"]) + fee
        return {
            "@type": "AggregateOffer",
            "lowPrice": f"{low:.2f}",
            "highPrice": f"{high:.2f}",
            "priceCurrency": "USD",
            "category": "income-based, total incl. fees",
        }
    return None


def test_every_program_page_states_its_facts_in_schema_org_terms(client, real_catalog, catalog_data):
    offers = 0
    for program in catalog_data["programs"]:
        data = json_ld(client, reverse("catalog:program_detail", args=[program["slug"]]))

        assert data["@type"] == "EducationalOccupationalProgram"
        assert data["name"] == program["title"]
        assert data["provider"]["name"] == expected.university(catalog_data, program["university"])["name"]
        assert "numberOfCredits" not in data, "a MicroMasters states no credits of its own"
        assert data.get("offers") == program_offer(program), program["slug"]
        offers += "offers" in data
        months = expected.months_max(program)
        assert data.get("timeToComplete") == (f"P{months}M" if months else None)
        assert not months or ISO_MONTHS.fullmatch(data["timeToComplete"])
        courses = [
            {"@type": "Course", "name": c["title"], **({"courseCode": c["code"]} if c["code"] else {})}
            for c in sorted(program["courses"], key=lambda c: c["position"])
            if c["title"]
        ]
        assert data.get("hasCourse", []) == courses
    assert 0 < offers < len(catalog_data["programs"]), "some programs have a sourced price and some not"


def test_a_total_converted_from_another_currency_is_no_offer(client, real_catalog, catalog_data):
    program = next(p for p in catalog_data["programs"] if p["slug"] == "mitx-supply-chain-management")
    assert any(c["price_currency"] != "USD" for c in program["courses"])

    data = json_ld(client, reverse("catalog:program_detail", args=[program["slug"]]))

    assert "offers" not in data  # three of its prices are in pesos: the total is our conversion
    assert data["provider"]["name"] == "Massachusetts Institute of Technology"
    assert re.fullmatch(r"P\d+M", data["timeToComplete"])


def test_a_program_priced_in_dollars_offers_its_total_with_every_fee(client, real_catalog, catalog_data):
    program = next(p for p in catalog_data["programs"] if p["slug"] == "iimbx-entrepreneurship")
    assert {c["price_currency"] for c in program["courses"]} == {"USD"}

    data = json_ld(client, reverse("catalog:program_detail", args=[program["slug"]]))

    assert data["@type"] == "EducationalOccupationalProgram"
    assert data["offers"] == {
        "@type": "Offer",
        "price": f"{expected.total_price(program):.2f}",
        "priceCurrency": "USD",
        "category": "total incl. fees",
    }
    assert data["provider"]["name"] == "Indian Institute of Management Bangalore"


MODES = {"online": "online", "on_campus": "onsite", "blended": "blended"}


def degree_tuition(degree):
    if degree["tuition_amount"] is None:
        return None
    amount = Decimal(degree["tuition_amount"])
    if degree["tuition_unit"] == "total":
        return amount
    if degree["tuition_count"] is None:
        return None
    return (amount * Decimal(degree["tuition_count"])).quantize(Decimal("0.01"))


def test_every_degree_page_states_its_facts_in_schema_org_terms(client, real_catalog, catalog_data):
    kinds = set()
    for degree in catalog_data["degrees"]:
        data = json_ld(client, reverse("catalog:degree_detail", args=[degree["slug"]]))
        sources = degree["figure_sources"]

        assert data["@type"] == "EducationalOccupationalProgram"
        tuition = degree_tuition(degree)
        if tuition is not None and sources.get("tuition"):
            assert data["offers"] == {
                "@type": "Offer",
                "price": f"{tuition:.2f}",
                "priceCurrency": degree["tuition_currency"],
                "category": "tuition for the whole degree",
            }
        else:
            assert "offers" not in data
        credits = data.get("numberOfCredits")
        if degree["credits_total"] and sources.get("credits"):
            value = credits["value"] if isinstance(credits, dict) else credits
            assert Decimal(str(value)) == Decimal(degree["credits_total"])
            if degree["credit_unit"]:
                assert credits["unitText"] == degree["credit_unit"]
        else:
            assert credits is None
        assert data.get("timeToComplete") == (f"P{degree['months_max']}M" if degree["months_max"] else None)
        assert data.get("educationalProgramMode") == MODES.get(degree["format"])
        kinds.add(("offers" in data, "numberOfCredits" in data))
    assert {offer for offer, _ in kinds} == {True, False}
    assert {credits for _, credits in kinds} == {True, False}


def test_degree_offers_keep_the_currency_their_source_quotes(client, real_catalog):
    data = json_ld(client, reverse("catalog:degree_detail", args=["zlc-zlog"]))

    assert data["offers"]["priceCurrency"] == "EUR"
