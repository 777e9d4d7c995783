"""Read and write catalog files (docs/catalog-format.md).

`read_catalog(data)` checks a parsed file against the format and returns every problem, each
naming its record and key; `write_catalog(records)` upserts checked records by slug (exchange rates
by currency and date) inside one transaction, rolls back if any row breaks a model rule, and
recomputes the US-dollar amounts (exchange.py) before it commits; `export_catalog()` writes the
same format back, every key included, so import -> export -> import changes nothing.
"""

import copy
import datetime
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from catalog import exchange, figures
from catalog.models import (
    Course,
    CreditPathway,
    Degree,
    ExchangeRate,
    Field,
    Program,
    Source,
    Status,
    University,
)

FORMAT = "micromasters-catalog"
VERSION = 1
SLUG = re.compile(r"^[-a-z0-9_]+$")
CURRENCY = re.compile(r"^[A-Z]{3}$")


class Problem(ValueError):
    """A value that does not fit the format; the message says what would."""


# Value parsers: each takes the raw JSON value and returns the Python value, or raises Problem.


def text(max_length: int | None = None) -> Callable[[Any], str]:
    def parse(value):
        if not isinstance(value, str):
            raise Problem("must be text")
        if max_length and len(value) > max_length:
            raise Problem(f"must be at most {max_length} characters")
        return value

    return parse


def slug(value):
    if not isinstance(value, str) or not SLUG.match(value):
        raise Problem("must be a slug: lowercase letters, digits, '-' and '_'")
    return value


def url(value):
    if not isinstance(value, str) or (value and not re.match(r"^https?://\S+$", value)):
        raise Problem("must be an http(s) URL or empty")
    return value


def nullable(parse):
    def parse_or_none(value):
        return None if value is None else parse(value)

    return parse_or_none


def empty_when_null(parse):
    """null or "" in the file, "" in a text column: for facts that exist only beside another one."""

    def parse_or_empty(value):
        return "" if value in (None, "") else parse(value)

    return parse_or_empty


def decimal(value, *, places: int = 2, minimum: Decimal | None = Decimal(0)) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise Problem('must be a number written as a string ("150.00") or an integer, not a float')
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise Problem(f"{value!r} is not a number") from None
    if not number.is_finite():
        raise Problem(f"{value!r} is not a number")
    if minimum is not None and number < minimum:
        raise Problem(f"must be at least {minimum}")
    if number.as_tuple().exponent < -places:
        raise Problem(f"has more than {places} decimal places")
    if abs(number) >= Decimal(10) ** 10:
        raise Problem("is too large")
    return number


def money(value):
    return decimal(value).quantize(Decimal("0.01"))


def share(value):
    number = decimal(value, places=4)
    if not 0 < number <= 1:
        raise Problem('must be more than 0 and at most 1 (e.g. "0.25" for 25 %)')
    return number


def integer(minimum: int = 0, maximum: int = 32767):
    def parse(value):
        if isinstance(value, bool) or not isinstance(value, int):
            raise Problem("must be a whole number")
        if not minimum <= value <= maximum:
            raise Problem(f"must be between {minimum} and {maximum}")
        return value

    return parse


def year(value):
    return integer(1900, 2100)(value)


def date(value):
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise Problem("must be a date written YYYY-MM-DD") from None


def currency(value):
    if not isinstance(value, str) or not CURRENCY.match(value):
        raise Problem("must be a three-letter currency code in capitals, such as USD")
    return value


def choice(choices, *, blank: bool = False):
    allowed = [value for value, _ in choices] + ([""] if blank else [])

    def parse(value):
        if value not in allowed:
            raise Problem(f"must be one of {', '.join(repr(item) for item in allowed)}")
        return value

    return parse


def units_per_usd(value):
    number = decimal(value, places=6, minimum=None)
    if number <= 0:
        raise Problem("must be more than 0")
    if number >= Decimal(10) ** 8:
        raise Problem("is too large")
    return number.quantize(Decimal("0.000001"))


def foreign_currency(value):
    if currency(value) == "USD":
        raise Problem("must be another currency than USD (a US dollar is always one US dollar)")
    return value


def figure_sources(model):
    """The `figure_sources` of a record of `model`: figure -> source keys, figures from model.FIGURES."""

    def parse(value):
        try:
            return figures.clean_figure_sources(value, model.FIGURES)
        except ValidationError as error:
            raise Problem(" ".join(error.messages)) from None

    return parse


def history(value):
    try:
        return figures.clean_history(value)
    except ValidationError as error:
        raise Problem(" ".join(error.messages)) from None


def list_of(parse):
    def parse_list(value):
        if not isinstance(value, list):
            raise Problem("must be a list")
        return [parse(item) for item in value]

    return parse_list


PROVENANCE = {
    "url": url,
    "sources": list_of(slug),
    "verified_on": date,
    "facts_year": nullable(year),
    "caveat": text(),
}

SPECS: dict[str, dict[str, Callable]] = {
    "sources": {
        "key": slug,
        "url": url,
        "locator": text(),
        "title": text(500),
        "publisher": text(200),
        "year": nullable(year),
        "kind": text(40),
    },
    "fields": {"slug": slug, "name": text(100)},
    "universities": {
        "slug": slug,
        "name": text(200),
        "short_name": text(40),
        "country": text(80),
        "website": url,
    },
    "degrees": {
        "slug": slug,
        "title": text(250),
        "university": slug,
        "field": nullable(slug),
        "format": choice(Degree.Format.choices, blank=True),
        "format_note": text(250),
        "tuition_amount": nullable(money),
        "tuition_currency": empty_when_null(currency),
        "tuition_unit": empty_when_null(choice(Degree.TuitionUnit.choices)),
        "tuition_count": nullable(decimal),
        "tuition_year": nullable(year),
        "tuition_note": text(),
        "tuition_history": history,
        "credits_total": nullable(decimal),
        "credit_unit": text(120),
        "months_min": nullable(integer(1, 240)),
        "months_max": nullable(integer(1, 240)),
        "figure_sources": figure_sources(Degree),
        **PROVENANCE,
    },
    "programs": {
        "slug": slug,
        "title": text(200),
        "summary": text(),
        "university": slug,
        "field": slug,
        "status": choice(Status.choices),
        "status_note": text(200),
        "pacing": choice(Program.Pacing.choices, blank=True),
        "pacing_note": text(200),
        "effort_hours_min": nullable(integer(1, 168)),
        "effort_hours_max": nullable(integer(1, 168)),
        "months_min": nullable(integer(1, 240)),
        "months_max": nullable(integer(1, 240)),
        "currency": currency,
        "course_count": nullable(integer(1, 100)),
        "electives_required": integer(0, 100),
        "exam_fee": nullable(money),
        "exam_fee_currency": currency,
        "exam_fee_label": text(200),
        "exam_fee_year": nullable(year),
        "published_total": nullable(money),
        "published_total_year": nullable(year),
        "income_price_min": nullable(money),
        "income_price_max": nullable(money),
        "notes": text(),
        "figure_sources": figure_sources(Program),
        "courses": list_of(lambda item: item),  # checked record by record below
        **PROVENANCE,
    },
    "courses": {
        "position": integer(1, 1000),
        "code": text(40),
        "title": text(200),
        "kind": choice(Course.Kind.choices),
        "weeks": nullable(integer(1, 520)),
        "effort_hours_min": nullable(integer(1, 168)),
        "effort_hours_max": nullable(integer(1, 168)),
        "price": nullable(money),
        "price_currency": currency,
        "price_year": nullable(year),
        "price_history": history,
        "prerequisites": list_of(integer(1, 1000)),
        "notes": text(),
        "figure_sources": figure_sources(Course),
    },
    "pathways": {
        "slug": slug,
        "program": slug,
        "degree": slug,
        "degree_name_as_listed": text(250),
        "degree_name_lister": text(120),
        "credits_granted": nullable(decimal),
        "credits_required": nullable(decimal),
        "credit_unit": text(120),
        "share_min": nullable(share),
        "share_max": nullable(share),
        "share_text": text(250),
        "conditions": text(),
        "status": choice(Status.choices),
        "figure_sources": figure_sources(CreditPathway),
        **PROVENANCE,
    },
    "exchange_rates": {
        "currency": foreign_currency,
        "units_per_usd": units_per_usd,
        "date": date,
        "period": choice(ExchangeRate.Period.choices),
        "source": slug,
    },
}
# Keys a file may leave out, with the value they take then: all came after the first files.
OPTIONAL: dict[str, dict[str, Any]] = {
    "courses": {"price_currency": "USD", "price_history": [], "figure_sources": {}},
    "programs": {"exam_fee_currency": "USD", "figure_sources": {}},
    "degrees": {"figure_sources": {}, "tuition_history": []},
    "pathways": {"figure_sources": {}, "degree_name_as_listed": "", "degree_name_lister": ""},
    "exchange_rates": {"period": "day"},
}
LISTS = ["sources", "fields", "universities", "exchange_rates", "degrees", "programs", "pathways"]
REFERENCES = {  # list -> {key: (list it points to, model to look in when the file lacks it)}
    "degrees": {"university": ("universities", University), "field": ("fields", Field)},
    "programs": {"university": ("universities", University), "field": ("fields", Field)},
    "pathways": {"program": ("programs", Program), "degree": ("degrees", Degree)},
}


@dataclass
class Catalog:
    """Checked records, ready to write; `problems` lists what is wrong with the file."""

    records: dict[str, list[dict]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    # Every id the file names, its faulty records included, so that one bad record is reported
    # once rather than again by every record that refers to it.
    ids: dict[str, set[str]] = field(default_factory=dict)


def record_id(list_name: str, record: Any) -> Any:
    """What identifies a record in its list: a slug, a source's key, a rate's currency and date."""
    if not isinstance(record, dict):
        return None
    if list_name == "exchange_rates":
        currency, day = record.get("currency"), record.get("date")
        day = day.isoformat() if isinstance(day, datetime.date) else day  # as read, or as checked
        return f"{currency} {day}" if isinstance(currency, str) and isinstance(day, str) else None
    return record.get("key" if list_name == "sources" else "slug")


def label(list_name: str, index: int, record: Any) -> str:
    name = record_id(list_name, record)
    return f"{list_name}[{index}]" + (f" ({name!r})" if isinstance(name, str) else "")


def check_record(where: str, record: Any, spec: dict, problems: list[str], optional: dict) -> dict | None:
    if not isinstance(record, dict):
        problems.append(f"{where}: must be an object")
        return None
    clean = {}
    for key in sorted(record.keys() - spec.keys()):
        problems.append(f"{where}: unknown key {key!r}")
    for key, parse in spec.items():
        if key not in record and key not in optional:
            problems.append(f"{where}: missing key {key!r}")
            continue
        value = record[key] if key in record else copy.deepcopy(optional[key])
        try:
            clean[key] = parse(value)
        except Problem as problem:
            problems.append(f"{where}.{key}: {problem}")
    return clean if len(clean) == len(spec) else None


def read_catalog(data: Any) -> Catalog:
    catalog = Catalog()
    problems = catalog.problems
    if not isinstance(data, dict):
        problems.append("the file must hold one JSON object")
        return catalog
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        problems.append(f'the file must start with "format": "{FORMAT}", "version": {VERSION}')
    for key in sorted(data.keys() - {"format", "version", *LISTS}):
        problems.append(f"unknown top-level key {key!r}")
    for list_name in LISTS:
        items = data.get(list_name, [])
        if not isinstance(items, list):
            problems.append(f"{list_name}: must be a list")
            continue
        ids = (record_id(list_name, record) for record in items)
        catalog.ids[list_name] = {name for name in ids if isinstance(name, str)}
        checked = []
        for index, record in enumerate(items):
            where = label(list_name, index, record)
            clean = check_record(where, record, SPECS[list_name], problems, OPTIONAL.get(list_name, {}))
            if clean is not None and list_name == "programs":
                clean["courses"] = check_courses(where, clean["courses"], problems)
            if clean is not None:
                checked.append(clean)
        id_name = {"sources": "key", "exchange_rates": "rate"}.get(list_name, "slug")
        counts = Counter(record_id(list_name, record) for record in checked)
        for name, count in counts.items():
            if count > 1:
                problems.append(f"{list_name}: {id_name} {name!r} appears {count} times")
        catalog.records[list_name] = checked
    check_references(catalog)
    return catalog


def check_courses(where: str, courses: list, problems: list[str]) -> list[dict]:
    checked = []
    for index, course in enumerate(courses):
        clean = check_record(
            f"{where}.courses[{index}]", course, SPECS["courses"], problems, OPTIONAL["courses"]
        )
        if clean is not None:
            checked.append(clean)
    positions = [course.get("position") for course in courses if isinstance(course, dict)]
    for position, count in Counter(course["position"] for course in checked).items():
        if count > 1:
            problems.append(f"{where}.courses: position {position} appears {count} times")
    for course in checked:
        for prerequisite in course["prerequisites"]:
            if prerequisite not in positions or prerequisite == course["position"]:
                problems.append(
                    f"{where}.courses (position {course['position']}).prerequisites: "
                    f"{prerequisite} is not another course of this program"
                )
    return checked


def check_references(catalog: Catalog) -> None:
    records, problems = catalog.records, catalog.problems
    source_keys = catalog.ids.get("sources", set())
    references = source_references(records)
    missing_sources = {key for _, key in references} - source_keys
    known_sources = set(Source.objects.filter(key__in=missing_sources).values_list("key", flat=True))
    for list_name, references_by_key in REFERENCES.items():
        for index, record in enumerate(records.get(list_name, [])):
            for key, (target, model) in references_by_key.items():
                value = record[key]
                if value is None or value in catalog.ids.get(target, set()):
                    continue
                if not model.objects.filter(slug=value).exists():
                    problems.append(
                        f"{list_name}[{index}] ({record['slug']!r}).{key}: no {target[:-1]} {value!r}"
                    )
    for where, key in references:
        if key not in source_keys and key not in known_sources:
            problems.append(f"{where}: no source {key!r}")


def source_references(records: dict[str, list[dict]]) -> list[tuple[str, str]]:
    """(record and key, source key) for every source a checked record names, each place once."""
    found = []
    for list_name in ("degrees", "programs", "pathways"):
        for index, record in enumerate(records.get(list_name, [])):
            where = f"{list_name}[{index}] ({record['slug']!r})"
            found += [(f"{where}.sources", key) for key in record["sources"]]
            found += figure_references(where, record)
            for course in record.get("courses", []):
                found += figure_references(f"{where}.courses (position {course['position']})", course)
    for index, rate in enumerate(records.get("exchange_rates", [])):
        found.append((f"{label('exchange_rates', index, rate)}.source", rate["source"]))
    return list(dict.fromkeys(found))


def figure_references(where: str, record: dict) -> list[tuple[str, str]]:
    found = [(f"{where}.figure_sources", key) for keys in record["figure_sources"].values() for key in keys]
    for name in ("price_history", "tuition_history"):
        found += [(f"{where}.{name}", key) for entry in record.get(name, []) for key in entry["sources"]]
    return found


# Writing

SIMPLE = {"sources": Source, "fields": Field, "universities": University, "degrees": Degree}
FOREIGN_KEYS = {"university": University, "field": Field, "program": Program, "degree": Degree}


class CatalogInvalid(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def write_catalog(catalog: Catalog) -> dict[str, Counter]:
    """Upsert every record in one transaction; returns created/updated/unchanged counts.

    Records are upserted by slug (sources by key, exchange rates by currency and date). The
    US-dollar amounts of every price and fee are recomputed once at the end, so they agree with
    the rates and prices of the file whatever order they were written in.
    """
    if catalog.problems:
        raise CatalogInvalid(catalog.problems)
    summary: dict[str, Counter] = {}
    problems: list[str] = []
    with transaction.atomic():
        writer = Writer(problems)
        for list_name in LISTS:
            records = catalog.records.get(list_name, [])
            if list_name == "exchange_rates":
                summary[list_name] = writer.write_rates(records)
            else:
                summary[list_name] = writer.write_list(list_name, records)
        summary["courses"] = writer.course_counts
        if problems:
            raise CatalogInvalid(problems)  # rolls the whole file back
        exchange.refresh_usd_amounts()
    return summary


class Writer:
    def __init__(self, problems: list[str]):
        self.problems = problems
        self.course_counts: Counter = Counter()
        self.cache: dict[type, dict[str, Any]] = {}

    def index(self, model) -> dict[str, Any]:
        """Every row of a model by its key, loaded once and kept current as rows are written."""
        if model not in self.cache:
            id_key = "key" if model is Source else "slug"
            self.cache[model] = {getattr(obj, id_key): obj for obj in model.objects.all()}
        return self.cache[model]

    def write_list(self, list_name: str, records: list[dict]) -> Counter:
        model = SIMPLE.get(list_name) or {"programs": Program, "pathways": CreditPathway}[list_name]
        id_key = "key" if model is Source else "slug"
        rows = self.index(model)
        counts: Counter = Counter()
        for index, record in enumerate(records):
            where = label(list_name, index, record)
            values = dict(record)
            source_keys = values.pop("sources", None)
            courses = values.pop("courses", None)
            for key, target in FOREIGN_KEYS.items():
                if key in values and values[key] is not None:
                    values[key] = self.index(target).get(values[key])
            obj = rows.get(record[id_key]) or model()
            is_new = obj.pk is None
            changed = is_new or any(getattr(obj, key) != value for key, value in values.items())
            for key, value in values.items():
                setattr(obj, key, value)
            if not self.save(where, obj, changed):
                continue
            rows[record[id_key]] = obj
            if source_keys is not None:
                sources = self.index(Source)
                wanted = {sources[key].pk for key in source_keys if key in sources}  # absent: reported
                if is_new or set(obj.sources.values_list("pk", flat=True)) != wanted:
                    obj.sources.set(wanted)
                    changed = True
            if courses is not None and self.write_courses(where, obj, courses):
                changed = True
            counts["created" if is_new else "updated" if changed else "unchanged"] += 1
        return counts

    def write_rates(self, records: list[dict]) -> Counter:
        """Upsert exchange rates by currency and date; rates the file does not name stay."""
        rows = {(rate.currency, rate.date): rate for rate in ExchangeRate.objects.select_related("source")}
        sources = self.index(Source)
        counts: Counter = Counter()
        for index, record in enumerate(records):
            values = {**record, "source": sources.get(record["source"])}  # absent: reported already
            rate = rows.get((record["currency"], record["date"])) or ExchangeRate()
            is_new = rate.pk is None
            changed = is_new or any(getattr(rate, key) != value for key, value in values.items())
            for key, value in values.items():
                setattr(rate, key, value)
            if self.save(label("exchange_rates", index, record), rate, changed):
                rows[(rate.currency, rate.date)] = rate
                counts["created" if is_new else "updated" if changed else "unchanged"] += 1
        return counts

    def save(self, where: str, obj, changed: bool) -> bool:
        if not changed:
            return True
        try:
            obj.full_clean()  # unique names too: a clash is a problem to report, not a crash
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                place = where if key == "__all__" else f"{where}.{key}"
                self.problems.extend(f"{place}: {message}" for message in messages)
            return False
        obj.save()
        return True

    def write_courses(self, where: str, program: Program, records: list[dict]) -> bool:
        """Make the program's courses exactly those of the file; True if anything changed."""
        existing = {course.position: course for course in program.courses.prefetch_related("prerequisites")}
        changed = False
        by_position = {}
        for record in records:
            values = {key: value for key, value in record.items() if key != "prerequisites"}
            course = existing.pop(record["position"], None) or Course(program=program)
            is_new = course.pk is None
            differs = is_new or any(getattr(course, key) != value for key, value in values.items())
            for key, value in values.items():
                setattr(course, key, value)
            if not self.save(f"{where}.courses (position {record['position']})", course, differs):
                continue
            by_position[record["position"]] = course
            self.course_counts["created" if is_new else "updated" if differs else "unchanged"] += 1
            changed = changed or differs
        for course in existing.values():
            course.delete()
            self.course_counts["deleted"] += 1
            changed = True
        for record in records:
            course = by_position.get(record["position"])
            if course is None:
                continue
            wanted = {
                by_position[position].pk for position in record["prerequisites"] if position in by_position
            }
            if {other.pk for other in course.prerequisites.all()} != wanted:
                course.prerequisites.set(wanted)
                changed = True
        return changed


# Export


def money_text(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


def decimal_text(number: Decimal | None) -> str | None:
    return None if number is None else format(number.normalize(), "f")


def figure_sources_of(obj) -> dict[str, list[str]]:
    """The record's figure -> sources, figures in the order the model lists them.

    A database may hand JSON objects back with their keys reordered (PostgreSQL's jsonb does), so
    the export puts them in order; anything unexpected is still written, for the import to report.
    """
    stored = obj.figure_sources
    return {**{figure: stored[figure] for figure in obj.FIGURES if figure in stored}, **stored}


def history_of(entries: list[dict]) -> list[dict]:
    """Older figures with their keys in the documented order (see figure_sources_of)."""
    return [
        {**{key: entry[key] for key in figures.HISTORY_KEYS if key in entry}, **entry} for entry in entries
    ]


def provenance(obj) -> dict:
    return {
        "url": obj.url,
        "sources": sorted(source.key for source in obj.sources.all()),
        "verified_on": obj.verified_on.isoformat(),
        "facts_year": obj.facts_year,
        "caveat": obj.caveat,
    }


def export_catalog() -> dict:
    def values(obj, keys):
        return {key: getattr(obj, key) for key in keys}

    return {
        "format": FORMAT,
        "version": VERSION,
        "sources": [values(source, SPECS["sources"]) for source in Source.objects.order_by("key")],
        "fields": [values(item, ["slug", "name"]) for item in Field.objects.order_by("slug")],
        "universities": [
            values(university, SPECS["universities"]) for university in University.objects.order_by("slug")
        ],
        "exchange_rates": [
            export_rate(rate)
            for rate in ExchangeRate.objects.order_by("currency", "date").select_related("source")
        ],
        "degrees": [
            export_degree(degree)
            for degree in Degree.objects.order_by("slug")
            .select_related("university", "field")
            .prefetch_related("sources")
        ],
        "programs": [
            export_program(program)
            for program in Program.objects.order_by("slug")
            .select_related("university", "field")
            .prefetch_related("sources", "courses__prerequisites")
        ],
        "pathways": [
            export_pathway(pathway)
            for pathway in CreditPathway.objects.order_by("slug")
            .select_related("program", "degree")
            .prefetch_related("sources")
        ],
    }


def export_degree(degree: Degree) -> dict:
    return {
        "slug": degree.slug,
        "title": degree.title,
        "university": degree.university.slug,
        "field": degree.field.slug if degree.field else None,
        "format": degree.format,
        "format_note": degree.format_note,
        "tuition_amount": money_text(degree.tuition_amount),
        "tuition_currency": degree.tuition_currency,
        "tuition_unit": degree.tuition_unit,
        "tuition_count": decimal_text(degree.tuition_count),
        "tuition_year": degree.tuition_year,
        "tuition_note": degree.tuition_note,
        "tuition_history": history_of(degree.tuition_history),
        "credits_total": decimal_text(degree.credits_total),
        "credit_unit": degree.credit_unit,
        "months_min": degree.months_min,
        "months_max": degree.months_max,
        "figure_sources": figure_sources_of(degree),
        **provenance(degree),
    }


def export_program(program: Program) -> dict:
    plain = [
        "slug", "title", "summary", "status", "status_note", "pacing", "pacing_note",
        "effort_hours_min", "effort_hours_max", "months_min", "months_max", "currency",
        "course_count", "electives_required", "exam_fee_currency", "exam_fee_label", "exam_fee_year",
        "published_total_year", "notes",
    ]  # fmt: skip
    record = {key: getattr(program, key) for key in plain}
    record["figure_sources"] = figure_sources_of(program)
    for key in ("exam_fee", "published_total", "income_price_min", "income_price_max"):
        record[key] = money_text(getattr(program, key))
    record["university"] = program.university.slug
    record["field"] = program.field.slug
    record["courses"] = [export_course(course) for course in program.courses.all()]
    record.update(provenance(program))
    return {key: record[key] for key in SPECS["programs"]}


def export_course(course: Course) -> dict:
    return {
        "position": course.position,
        "code": course.code,
        "title": course.title,
        "kind": course.kind,
        "weeks": course.weeks,
        "effort_hours_min": course.effort_hours_min,
        "effort_hours_max": course.effort_hours_max,
        "price": money_text(course.price),
        "price_currency": course.price_currency,
        "price_year": course.price_year,
        "price_history": history_of(course.price_history),
        "prerequisites": sorted(other.position for other in course.prerequisites.all()),
        "notes": course.notes,
        "figure_sources": figure_sources_of(course),
    }


def export_pathway(pathway: CreditPathway) -> dict:
    return {
        "slug": pathway.slug,
        "program": pathway.program.slug,
        "degree": pathway.degree.slug,
        "degree_name_as_listed": pathway.degree_name_as_listed,
        "degree_name_lister": pathway.degree_name_lister,
        "credits_granted": decimal_text(pathway.credits_granted),
        "credits_required": decimal_text(pathway.credits_required),
        "credit_unit": pathway.credit_unit,
        "share_min": decimal_text(pathway.share_min),
        "share_max": decimal_text(pathway.share_max),
        "share_text": pathway.share_text,
        "conditions": pathway.conditions,
        "status": pathway.status,
        "figure_sources": figure_sources_of(pathway),
        **provenance(pathway),
    }


def export_rate(rate: ExchangeRate) -> dict:
    return {
        "currency": rate.currency,
        "units_per_usd": f"{rate.units_per_usd:.6f}",
        "date": rate.date.isoformat(),
        "period": rate.period,
        "source": rate.source.key,
    }
