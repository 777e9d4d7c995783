"""schema.org JSON-LD for program and degree pages, built from the same figures the page shows.

Only facts go in: an offer carries a price a source states (or the sum of course prices each a
source states), never one converted from another currency and never an estimate. Properties as
schema.org defines them for `EducationalOccupationalProgram`: `numberOfCredits` is the credits a
degree requires (a MicroMasters states none, so it has none), `timeToComplete` an ISO 8601
duration, `hasCourse` the courses.
"""

import json

from catalog import costs
from catalog.models import PAID_KINDS
from micromasters.site import site_url

SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
# schema.org's words for educationalProgramMode
PROGRAM_MODES = {"online": "online", "on_campus": "onsite", "blended": "blended"}


def to_script(data: dict) -> str:
    """JSON safe inside <script type="application/ld+json">: '<', '>' and '&' escaped, as json_script does."""
    return json.dumps(data, ensure_ascii=False).translate(SCRIPT_ESCAPES)


def duration(months: int) -> str:
    """An ISO 8601 duration of whole months, as the catalog counts them: P18M."""
    return f"P{months}M"


def _educational_program(record, credential: str, request) -> dict:
    """What a program and a degree state alike: their name, page, credential and university."""
    university = record.university
    return {
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalProgram",
        "name": record.title,
        "url": site_url(request, record.get_absolute_url()),
        "educationalCredentialAwarded": credential,
        "provider": {
            "@type": "CollegeOrUniversity",
            "name": university.name,
            "url": site_url(request, university.get_absolute_url()),
        },
    }


def _offer(amount, currency: str, category: str) -> dict:
    return {"@type": "Offer", "price": f"{amount:.2f}", "priceCurrency": currency, "category": category}


def program_data(program, request) -> dict:
    """`program` carries the with_totals() figures and its courses prefetched."""
    data = _educational_program(program, "MicroMasters program certificate", request)
    if program.summary:
        data["description"] = program.summary
    offer = program_offer(program)
    if offer:
        data["offers"] = offer
    months = costs.program_months(program)
    if months:
        data["timeToComplete"] = duration(months[1])
    courses = [course for course in program.courses.all() if course.title]
    if courses:
        data["hasCourse"] = [
            {"@type": "Course", "name": course.title, **({"courseCode": course.code} if course.code else {})}
            for course in courses
        ]
    return data


def program_offer(program) -> dict | None:
    """The program's total as an Offer, or its income-based range as an AggregateOffer, when sourced."""
    sources = program.figure_sources or {}
    if program.total_price is not None and not program.total_converted:
        if program.total_summed:
            # Every price the sum may add: the paid courses', and the electives' when some are required.
            counted = [
                course
                for course in program.courses.all()
                if course.price is not None and (course.kind in PAID_KINDS or program.electives_required)
            ]
            sourced = all((course.figure_sources or {}).get("price") for course in counted)
            if program.exam_fee is not None:
                sourced = sourced and bool(sources.get("exam_fee"))
        else:
            sourced = bool(sources.get("published_total"))
        if sourced:
            # A sum not converted added US dollars only; a published total is in its own currency.
            currency = "USD" if program.total_summed else program.currency
            return _offer(program.total_price, currency, "total incl. fees")
        return None
    income = costs.income_price_range(program)
    if income is not None and sources.get("income_price") and program.exam_fee_currency == "USD":
        return {
            "@type": "AggregateOffer",
            "lowPrice": f"{income.low:.2f}",
            "highPrice": f"{income.high:.2f}",
            "priceCurrency": "USD",
            "category": "income-based, total incl. fees",
        }
    return None


def degree_data(degree, tuition, request) -> dict:
    sources = degree.figure_sources or {}
    data = _educational_program(degree, "Master's degree", request)
    # The tuition in the currency its source quotes: a total, or the quoted rate times the credits
    # or terms the degree needs; never a conversion.
    if tuition is not None and sources.get("tuition"):
        data["offers"] = _offer(tuition, degree.tuition_currency, "tuition for the whole degree")
    if degree.months_max:
        data["timeToComplete"] = duration(degree.months_max)
    if degree.credits_total and sources.get("credits"):
        credits = degree.credits_total
        value = int(credits) if credits == int(credits) else float(credits)
        data["numberOfCredits"] = (
            {"@type": "StructuredValue", "value": value, "unitText": degree.credit_unit}
            if degree.credit_unit
            else value
        )
    if degree.format:
        data["educationalProgramMode"] = PROGRAM_MODES[degree.format]
    return data
