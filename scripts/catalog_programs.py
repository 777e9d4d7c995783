"""Programs and courses of the catalog converter: one record per program with its courses in order,
each figure the newest the data gives, the others its history, and the program's caveat and staff notes.
"""

import json

from catalog_common import (
    LOW_CONFIDENCE,
    RULES,
    CatalogError,
    figure_sources,
    join_text,
    learner_text,
    money,
    money_text,
    page_url,
    program_field,
    range_pair,
    year_text,
)

THIN_CAVEAT = "Few facts about this program were found in public sources."


def program_status(text: str | None) -> str:
    text = (text or "").lower()
    if text.startswith("active"):
        return "active"
    if text.startswith(("retired", "discontinued")):
        return "retired"
    return "unknown"


def pacing_kind(text: str | None, record_id: str) -> str:
    lowered = (text or "").lower()
    for prefix, kind in (
        ("self-paced", "self_paced"),
        ("instructor-paced", "instructor_led"),
        ("mixed", "mixed"),
    ):
        if lowered.startswith(prefix):
            return kind
    if text:
        raise CatalogError(f"{record_id}: pacing {text!r} not understood")
    return ""


def usd(money_obj: dict | None, record_id: str):
    """(amount, year) of a money object the format keeps in US dollars, or (None, None)."""
    if not money_obj or money_obj.get("amount") is None:
        return None, None
    if money_obj["currency"] != "USD":
        raise CatalogError(f"{record_id}: {money_obj['currency']} where the format keeps US dollars")
    return money(money_obj["amount"], record_id), money_obj.get("year")


def price_record(item: dict, record_id: str) -> dict:
    return {
        "amount": money(item["amount"], record_id),
        "currency": item["currency"],
        "year": item.get("year"),
        "sources": sorted(set(item.get("sources") or [])),
    }


def newest_first(observations: list[dict], record_id: str) -> list[dict]:
    """Prices of one figure, newest dated first; equal years keep the data's order."""
    priced = [price_record(o, record_id) for o in observations if o and o.get("amount") is not None]
    return sorted(priced, key=lambda p: -(p["year"] or 0))


def program_summary(program: dict, university_name: str) -> str:
    subject = program["subject"]
    count = program["num_courses"]
    if count:
        text = f"A MicroMasters program of {count} courses in {subject} from {university_name}."
    else:
        text = f"A MicroMasters program in {subject} from {university_name}."
    if program.get("launch_year"):
        text += f" First offered in {program['launch_year']}."
    return text


def nested_sources(value) -> set:
    """Source ids cited anywhere inside a record (money, duration, courses...)."""
    found = set()
    if isinstance(value, dict):
        for key, item in value.items():
            found |= set(item) if key == "sources" else nested_sources(item)
    elif isinstance(value, list):
        for item in value:
            found |= nested_sources(item)
    return found


def program_caveat(program: dict, courses: list[dict], raw_sources: dict) -> str:
    """What a learner should know before trusting the record; low confidence without one fails."""
    own = {k: v for k, v in program.items() if k != "sources"}  # sources = union incl. pathways
    cited = nested_sources(own) | nested_sources(courses)
    texts = [json.dumps(own, default=str), json.dumps(courses, default=str)]
    texts += [raw_sources[s].get("note") or "" for s in cited]
    low = program["data_quality"].startswith("low") or any(LOW_CONFIDENCE.search(t) for t in texts)
    caveat = RULES["program_caveats"].get(program["id"], "")
    if low and not caveat:
        raise CatalogError(f"{program['id']}: low-confidence program needs a caveat")
    if not caveat and program["data_quality"] == "thin":
        caveat = THIN_CAVEAT
    listing = RULES["class_central_course_lists"]
    if courses and program["num_courses"] is None and all(listing["source"] in c["sources"] for c in courses):
        caveat = join_text(caveat, listing["caveat"])
    return caveat


def staff_notes(program: dict, extra: list[str]) -> str:
    """Research notes and conflicts from the sources, one labelled line each (admin only)."""
    price = program["price"]
    parts = [program.get("notes") or ""]
    for key in ("per_course_min", "per_course_max", "total_program"):
        item = price.get(key)
        if item and item.get("note"):
            parts.append(
                f"{key} {money_text(item['amount'], item['currency'])} ({year_text(item.get('year'))}): {item['note']}"
            )
    for item in price.get("other_price_observations") or []:
        parts.append(
            f"Other observation, {item['field']}: {money_text(item['amount'], item['currency'])} "
            f"({year_text(item.get('year'))}){'; ' + item['note'] if item.get('note') else ''}"
        )
    for item in program.get("course_prices_unmatched") or []:
        found = item["price"]
        parts.append(
            f"Priced course no course record names: {item['course_title']}, "
            f"{money_text(found['amount'], found['currency'])} ({year_text(found.get('year'))}); {item.get('note') or ''}"
        )
    labelled = [
        ("Price", price.get("notes")),
        ("Financial aid", price.get("financial_aid")),
        ("Duration", program["duration"].get("notes")),
        ("Effort", program["effort"].get("notes")),
        ("Tracks", program.get("tracks")),
        ("Exams", program.get("proctored_exams")),
        ("Other benefits", program.get("other_benefits")),
        ("Data quality", program.get("data_quality")),
    ]
    parts += [f"{label}: {text}" for label, text in labelled if text]
    for endorsement in program.get("industry_endorsements") or []:
        parts.append(f"Industry endorsement: {endorsement['name']} - {endorsement['detail']}")
    for stat in program.get("outcomes_and_stats") or []:
        detail = f"; {stat['detail']}" if stat.get("detail") else ""
        parts.append(
            f"Reported figure ({year_text(stat.get('year'))}): {stat['metric']}: {stat['value']}{detail}"
        )
    parts += extra
    return "\n".join(join_text(p) for p in parts if p)


def enrichment_titles(programs_data: dict) -> dict:
    """Program id -> course titles in program order, from enrichments[]."""
    return {
        e["existing_program_id"]: e["course_titles_found"]
        for e in programs_data.get("enrichments") or []
        if e.get("course_titles_found")
    }


def build_course(course: dict, program: dict, positions: dict, title: str | None) -> dict:
    record_id = course["id"]
    kind = RULES["role_kinds"].get(course["role"] or "unstated")
    if kind is None:
        raise CatalogError(f"{record_id}: role {course['role']!r} not in catalog_rules.toml [role_kinds]")
    notes = [course.get("notes") or "", f"Pacing: {course['pacing']}" if course.get("pacing") else ""]
    sources = {"weeks": [], "effort": [], "price": []}
    # A price listing states a price, not a length or an effort.
    observations = [course.get("verified_certificate_price")] + (course.get("other_price_observations") or [])
    price_only = {s for item in observations if item for s in item.get("sources") or []}
    course_sources = [s for s in course["sources"] if s not in price_only]

    weeks = course.get("weeks")
    if weeks is not None:
        sources["weeks"] = course_sources
    duration = program["duration"]
    one_length = duration["weeks_per_course_min"] == duration["weeks_per_course_max"]
    if weeks is None and kind != "exam" and duration["weeks_per_course_min"] is not None and one_length:
        weeks = duration["weeks_per_course_min"]  # one length for every course of the program
        sources["weeks"] = duration["sources"]

    prices = newest_first(observations, record_id)
    per_min, per_max = program["price"].get("per_course_min"), program["price"].get("per_course_max")
    if (
        not prices
        and kind in ("required", "elective")
        and program["id"] in RULES["uniform_course_price"]["programs"]
        and per_min
        and per_max
        and per_min["amount"] == per_max["amount"]
    ):
        prices = [price_record(per_min, record_id)]  # the source prices every course the same
    price = prices[0] if prices else None
    if price:
        sources["price"] = price["sources"]

    prerequisites = []
    for prereq_id in RULES["prerequisites"].get(record_id, []):
        if prereq_id not in positions:
            raise CatalogError(f"{record_id}: prerequisite {prereq_id} not in the program")
        prerequisites.append(positions[prereq_id])

    low, high, bound = range_pair(
        course.get("hours_per_week_min"), course.get("hours_per_week_max"), record_id, "Hours per week"
    )
    if low is not None:
        sources["effort"] = course_sources
    return {
        "position": course["order"],
        "code": course.get("code") or "",
        "title": course.get("title") or title or "",
        "kind": kind,
        "weeks": weeks,
        "effort_hours_min": low,
        "effort_hours_max": high,
        "price": price and price["amount"],
        "price_currency": price["currency"] if price else "USD",
        "price_year": price and price["year"],
        "price_history": prices[1:],
        "prerequisites": sorted(prerequisites),
        "figure_sources": figure_sources(**sources),
        "notes": join_text(*notes, bound),
    }


def exam_fee(program: dict, courses: list[dict]) -> dict:
    """The exam or capstone fee not sold as a course record, or {}."""
    price, capstone = program["price"], program.get("capstone") or {}
    fee = price.get("capstone_or_exam_fee") or capstone.get("fee")
    if (
        fee
        and capstone.get("fee")
        and (fee["amount"], fee["currency"]) != (capstone["fee"]["amount"], capstone["fee"]["currency"])
    ):
        raise CatalogError(f"{program['id']}: two different exam fees")
    if not fee or fee.get("amount") is None:
        return {}
    record = price_record(fee, program["id"])
    exam_prices = [(c["price"], c["price_currency"]) for c in courses if c["kind"] == "exam" and c["price"]]
    if exam_prices:  # the exam is listed as a course with its fee: never count it twice
        if (record["amount"], record["currency"]) not in exam_prices:
            raise CatalogError(f"{program['id']}: exam course price differs from exam fee")
        return {}
    return dict(record, label=capstone.get("type") or "")


def build_program(program, raw_courses, universities, raw_sources, verified, titles) -> dict:
    record_id = program["id"]
    if len(program["university_ids"]) != 1:
        raise CatalogError(f"{record_id}: expected exactly one university")
    university = program["university_ids"][0]
    courses_raw = sorted((c for c in raw_courses if c["program_id"] == record_id), key=lambda c: c["order"])
    positions = {c["id"]: c["order"] for c in courses_raw}
    found = titles.get(record_id) or []
    untitled = [c for c in courses_raw if c["title"] is None]
    fill = len(found) == len(courses_raw) and untitled == courses_raw  # titles in program order
    courses = [
        build_course(c, program, positions, found[i] if fill else None) for i, c in enumerate(courses_raw)
    ]

    effort_low, effort_high, effort_note = range_pair(
        program["effort"]["hours_per_week_min"],
        program["effort"]["hours_per_week_max"],
        record_id,
        "Hours per week",
    )
    months_low, months_high, months_note = range_pair(
        program["duration"]["total_months_min"], program["duration"]["total_months_max"], record_id, "Months"
    )
    electives = RULES["electives_required"].get(record_id, {"count": 0, "note": ""})
    fee = exam_fee(program, courses)
    total, total_year = usd(program["price"].get("total_program"), record_id)
    income_min = income_max = None
    income_sources = []
    if program["price"].get("income_based_pricing"):  # the per-course min/max is the income range
        income_min, _ = usd(program["price"]["per_course_min"], record_id)
        income_max, _ = usd(program["price"]["per_course_max"], record_id)
        income_sources = program["price"]["per_course_min"]["sources"]

    sources = set(program["sources"])
    for course in courses_raw:
        sources.update(course["sources"])
    return {
        "slug": record_id,
        "title": learner_text(program["title"]),
        "summary": program_summary(program, universities[university]["name"]),
        "university": university,
        "field": program_field(program),
        "status": program_status(program["status"]),
        "status_note": program["status"] or "",
        "pacing": pacing_kind(program.get("pacing"), record_id),
        "pacing_note": program.get("pacing") or "",
        "effort_hours_min": effort_low,
        "effort_hours_max": effort_high,
        "months_min": months_low,
        "months_max": months_high,
        "currency": program.get("currency") or "USD",
        "course_count": program["num_courses"],
        "electives_required": electives["count"],
        "exam_fee": fee.get("amount"),
        "exam_fee_currency": fee.get("currency", "USD"),
        "exam_fee_label": fee.get("label", ""),
        "exam_fee_year": fee.get("year"),
        "published_total": total,
        "published_total_year": total_year,
        "income_price_min": income_min,
        "income_price_max": income_max,
        "figure_sources": figure_sources(
            published_total=total and program["price"]["total_program"]["sources"],
            exam_fee=fee.get("sources"),
            income_price=income_sources,
            months=months_low is not None and program["duration"]["sources"],
            effort=effort_low is not None and program["effort"]["sources"],
            pacing=program.get("pacing") and program.get("pacing_sources"),
        ),
        # Priced courses no course record names: shown beside the courses, never added to a total.
        "other_course_prices": [
            {"title": item["course_title"], **price_record(item["price"], record_id)}
            for item in program.get("course_prices_unmatched") or []
        ],
        "notes": staff_notes(program, [effort_note, months_note, electives["note"]]),
        "courses": courses,
        # Key order as export_catalog writes it, so import -> export gives this file back.
        "url": page_url(RULES["program_pages"].get(record_id), raw_sources, record_id),
        "sources": sorted(sources),
        "verified_on": verified,
        "facts_year": program.get("as_of"),
        "caveat": program_caveat(program, courses_raw, raw_sources),
    }
