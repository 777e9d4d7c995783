"""Read and write catalog files (docs/catalog-format.md).

`read_catalog(data)` checks a parsed file against the format and returns every problem, each
naming its record and key; `write_catalog(records)` upserts checked records by slug inside one
transaction and rolls back if any row breaks a model rule; `export_catalog()` writes the same
format back, so import -> export -> import changes nothing.
"""

import datetime
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from catalog.models import Course, CreditPathway, Degree, Field, Program, Source, Status, University

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
        "credits_total": nullable(decimal),
        "credit_unit": text(120),
        "months_min": nullable(integer(1, 240)),
        "months_max": nullable(integer(1, 240)),
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
        "exam_fee_label": text(200),
        "exam_fee_year": nullable(year),
        "published_total": nullable(money),
        "published_total_year": nullable(year),
        "income_price_min": nullable(money),
        "income_price_max": nullable(money),
        "notes": text(),
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
        "price_year": nullable(year),
        "prerequisites": list_of(integer(1, 1000)),
        "notes": text(),
    },
    "pathways": {
        "slug": slug,
        "program": slug,
        "degree": slug,
        "credits_granted": nullable(decimal),
        "credits_required": nullable(decimal),
        "credit_unit": text(120),
        "share_min": nullable(share),
        "share_max": nullable(share),
        "share_text": text(250),
        "conditions": text(),
        "status": choice(Status.choices),
        **PROVENANCE,
    },
}
LISTS = ["sources", "fields", "universities", "degrees", "programs", "pathways"]
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


def label(list_name: str, index: int, record: Any, key: str = "slug") -> str:
    name = record.get(key) if isinstance(record, dict) else None
    return f"{list_name}[{index}]" + (f" ({name!r})" if isinstance(name, str) else "")


def check_record(where: str, record: Any, spec: dict, problems: list[str]) -> dict | None:
    if not isinstance(record, dict):
        problems.append(f"{where}: must be an object")
        return None
    clean = {}
    for key in sorted(record.keys() - spec.keys()):
        problems.append(f"{where}: unknown key {key!r}")
    for key, parse in spec.items():
        if key not in record:
            problems.append(f"{where}: missing key {key!r}")
            continue
        try:
            clean[key] = parse(record[key])
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
        id_key = "key" if list_name == "sources" else "slug"
        catalog.ids[list_name] = {
            record[id_key]
            for record in items
            if isinstance(record, dict) and isinstance(record.get(id_key), str)
        }
        checked = []
        for index, record in enumerate(items):
            where = label(list_name, index, record, id_key)
            clean = check_record(where, record, SPECS[list_name], problems)
            if clean is not None and list_name == "programs":
                clean["courses"] = check_courses(where, clean["courses"], problems)
            if clean is not None:
                checked.append(clean)
        for name, count in Counter(record[id_key] for record in checked).items():
            if count > 1:
                problems.append(f"{list_name}: {id_key} {name!r} appears {count} times")
        catalog.records[list_name] = checked
    check_references(catalog)
    return catalog


def check_courses(where: str, courses: list, problems: list[str]) -> list[dict]:
    checked = []
    for index, course in enumerate(courses):
        clean = check_record(f"{where}.courses[{index}]", course, SPECS["courses"], problems)
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
    missing_sources = {
        key
        for list_name in ("degrees", "programs", "pathways")
        for record in records.get(list_name, [])
        for key in record["sources"]
    } - source_keys
    known_sources = set(Source.objects.filter(key__in=missing_sources).values_list("key", flat=True))
    for list_name, references in REFERENCES.items():
        for index, record in enumerate(records.get(list_name, [])):
            for key, (target, model) in references.items():
                value = record[key]
                if value is None or value in catalog.ids.get(target, set()):
                    continue
                if not model.objects.filter(slug=value).exists():
                    problems.append(
                        f"{list_name}[{index}] ({record['slug']!r}).{key}: no {target[:-1]} {value!r}"
                    )
    for list_name in ("degrees", "programs", "pathways"):
        for index, record in enumerate(records.get(list_name, [])):
            for key in record["sources"]:
                if key not in source_keys and key not in known_sources:
                    problems.append(f"{list_name}[{index}] ({record['slug']!r}).sources: no source {key!r}")


# Writing

SIMPLE = {"sources": Source, "fields": Field, "universities": University, "degrees": Degree}
FOREIGN_KEYS = {"university": University, "field": Field, "program": Program, "degree": Degree}


class CatalogInvalid(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def write_catalog(catalog: Catalog) -> dict[str, Counter]:
    """Upsert every record by slug in one transaction; returns created/updated/unchanged counts."""
    if catalog.problems:
        raise CatalogInvalid(catalog.problems)
    summary: dict[str, Counter] = {}
    problems: list[str] = []
    with transaction.atomic():
        writer = Writer(problems)
        for list_name in LISTS:
            summary[list_name] = writer.write_list(list_name, catalog.records.get(list_name, []))
        summary["courses"] = writer.course_counts
        if problems:
            raise CatalogInvalid(problems)  # rolls the whole file back
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
            where = label(list_name, index, record, id_key)
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
        "credits_total": decimal_text(degree.credits_total),
        "credit_unit": degree.credit_unit,
        "months_min": degree.months_min,
        "months_max": degree.months_max,
        **provenance(degree),
    }


def export_program(program: Program) -> dict:
    plain = [
        "slug", "title", "summary", "status", "status_note", "pacing", "pacing_note",
        "effort_hours_min", "effort_hours_max", "months_min", "months_max", "currency",
        "course_count", "electives_required", "exam_fee_label", "exam_fee_year",
        "published_total_year", "notes",
    ]  # fmt: skip
    record = {key: getattr(program, key) for key in plain}
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
        "price_year": course.price_year,
        "prerequisites": sorted(other.position for other in course.prerequisites.all()),
        "notes": course.notes,
    }


def export_pathway(pathway: CreditPathway) -> dict:
    return {
        "slug": pathway.slug,
        "program": pathway.program.slug,
        "degree": pathway.degree.slug,
        "credits_granted": decimal_text(pathway.credits_granted),
        "credits_required": decimal_text(pathway.credits_required),
        "credit_unit": pathway.credit_unit,
        "share_min": decimal_text(pathway.share_min),
        "share_max": decimal_text(pathway.share_max),
        "share_text": pathway.share_text,
        "conditions": pathway.conditions,
        "status": pathway.status,
        **provenance(pathway),
    }
