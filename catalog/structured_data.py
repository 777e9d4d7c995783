"""schema.org JSON-LD for program and degree pages, built from the same figures the page shows."""

import json

from catalog import pricing
from micromasters.site import site_url

SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def to_script(data: dict) -> str:
    """JSON safe inside <script type="application/ld+json">: '<', '>' and '&' escaped, as json_script does."""
    return json.dumps(data, ensure_ascii=False).translate(SCRIPT_ESCAPES)


def provider(university, request) -> dict:
    return {
        "@type": "CollegeOrUniversity",
        "name": university.name,
        "url": site_url(request, university.get_absolute_url()),
    }


def program_data(program, request) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalProgram",
        "name": program.title,
        "url": site_url(request, program.get_absolute_url()),
        "educationalCredentialAwarded": "MicroMasters program certificate",
        "provider": provider(program.university, request),
    }
    if program.summary:
        data["description"] = program.summary
    # Offers carry sourced prices only: a total converted from another currency is our arithmetic.
    if program.price_from is not None and not program.total_converted:
        data["offers"] = {
            "@type": "Offer",
            "price": f"{program.price_from:.2f}",
            "priceCurrency": program.currency,
            "category": "income-based, lowest" if program.total_price is None else "total incl. fees",
        }
    months = pricing.program_months(program)
    if months:
        data["timeToComplete"] = f"P{months[1]}M"
    if program.course_count:
        data["numberOfCredits"] = program.course_count
    return data


def degree_data(degree, tuition, request) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalProgram",
        "name": degree.title,
        "url": site_url(request, degree.get_absolute_url()),
        "educationalCredentialAwarded": "Master's degree",
        "provider": provider(degree.university, request),
    }
    if tuition is not None:
        data["offers"] = {
            "@type": "Offer",
            "price": f"{tuition:.2f}",
            "priceCurrency": degree.tuition_currency,
        }
    if degree.months_max:
        data["timeToComplete"] = f"P{degree.months_max}M"
    if degree.format:
        data["educationalProgramMode"] = degree.get_format_display()
    return data
