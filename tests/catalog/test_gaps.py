"""The data gaps (catalog/gaps.py) the desk shows: exactly the gaps the shipped catalog has,
recomputed here from the file, most harmful first; counts that agree with the public list; links to
the field or inline that fixes each gap."""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.catalog import expected

DESK = reverse("admin_gaps")
LIST = reverse("catalog:program_list")


def months_later(day, months):
    """`day` plus whole months, the day clamped to the month's length (31 Jan + 1 month = 28/29 Feb)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def stale(record, today):
    """The 18-month rule, read from docs: checked over 18 months ago, or the newest figure is."""
    checked = datetime.date.fromisoformat(record["verified_on"])
    if months_later(checked, 18) < today or record["facts_year"] is None:
        return True
    return months_later(datetime.date(record["facts_year"], 12, 31), 18) < today


def degree_tuition(degree):
    if degree["tuition_amount"] is None:
        return None
    if degree["tuition_unit"] == "total":
        return degree["tuition_amount"]
    return None if degree["tuition_count"] is None else (degree["tuition_amount"], degree["tuition_count"])


def has_share(pathway):
    both = pathway["credits_granted"] is not None and pathway["credits_required"] not in (None, "0")
    return both or pathway["share_min"] is not None


def expected_gaps(data, today):
    """(kind, name) -> the facts it lacks, for every record of the file with at least one."""
    gaps = {}
    programs = {program["slug"]: program for program in data["programs"]}
    degrees = {degree["slug"]: degree for degree in data["degrees"]}
    for program in data["programs"]:
        facts = {
            "price": expected.price_from(program) is None,
            "duration": expected.months_max(program) is None,
            "effort": program["effort_hours_max"] is None,
            "pacing": not program["pacing"],
            "course prices": any(course["price"] is None for course in program["courses"]),
            "may be out of date": stale(program, today),
        }
        gaps[("program", program["title"])] = {fact for fact, missing in facts.items() if missing}
    for degree in data["degrees"]:
        facts = {
            "degree tuition": degree_tuition(degree) is None,
            "duration": degree["months_max"] is None,
            "may be out of date": stale(degree, today),
        }
        gaps[("degree", degree["title"])] = {fact for fact, missing in facts.items() if missing}
    for pathway in data["pathways"]:
        program, degree = programs[pathway["program"]], degrees[pathway["degree"]]
        facts = {
            "credit amount": not has_share(pathway),
            "remaining tuition": not has_share(pathway) or degree_tuition(degree) is None,
            "may be out of date": stale(pathway, today),
        }
        name = f"{program['title']} → {degree['title']}"
        gaps[("pathway", name)] = {fact for fact, missing in facts.items() if missing}
    return {key: facts for key, facts in gaps.items() if facts}


def shown_gaps(response):
    return {
        (record.kind, record.name): {gap.fact for gap in record.gaps}
        for record in response.context["page_obj"].paginator.object_list
    }


def counts(response):
    return {(count.kind, count.fact): count.number for count in response.context["summary"].counts}


def listed(client, params=None):
    return client.get(LIST, params or {}).context["page_obj"].paginator.count


def test_the_desk_lists_exactly_the_gaps_of_the_shipped_catalog(admin_client, real_catalog, catalog_data):
    response = admin_client.get(DESK)

    assert response.status_code == 200
    assert shown_gaps(response) == expected_gaps(catalog_data, timezone.localdate())


def test_the_most_harmful_gaps_come_first(admin_client, real_catalog):
    response = admin_client.get(DESK)

    records = response.context["page_obj"].paginator.object_list
    assert [record.harm for record in records] == sorted((record.harm for record in records), reverse=True)
    first = records[0]
    assert "price" in {gap.fact for gap in first.gaps}


def test_the_counts_agree_with_what_the_public_list_leaves_out(admin_client, client, real_catalog):
    shown = counts(admin_client.get(DESK))

    everything = listed(client)
    assert shown[("program", "price")] == everything - listed(client, {"price_max": "1000000"})
    assert shown[("program", "duration")] == everything - listed(client, {"months_max": "1000"})
    assert shown[("program", "effort")] == everything - listed(client, {"effort_max": "168"})
    assert shown[("program", "price")] > 0


def test_the_counts_read_as_sentences(admin_client, real_catalog, catalog_data):
    response = admin_client.get(DESK)

    unpriced = sum(1 for program in catalog_data["programs"] if expected.price_from(program) is None)
    assert f"{unpriced} programs without a price" in response.content.decode()


def test_each_gap_links_to_the_field_or_inline_that_fixes_it(admin_client, make_program):
    program = make_program(pacing="", courses=[{"price": None, "weeks": 4}])

    response = admin_client.get(DESK)

    links = {gap.fact: gap.url for record in response.context["page_obj"] for gap in record.gaps}
    change = reverse("admin:catalog_program_change", args=[program.pk])
    assert links["pacing"] == f"{change}#id_pacing"
    assert links["course prices"] == f"{change}#courses-group"
    form = admin_client.get(change).content.decode()
    assert 'id="id_pacing"' in form
    assert 'id="courses-group"' in form
