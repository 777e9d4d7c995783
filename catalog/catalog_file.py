"""Read and write catalog files (docs/catalog-format.md).

`load_catalog_file(path)` reads and parses a file, refusing one too large or not JSON with a
message; `read_catalog(data)` checks the parsed file against the format and returns every problem,
each naming its record and key; `write_catalog(records)` upserts checked records by slug (exchange
rates by currency and date) inside one transaction that holds the catalog's import lock, rolls back
if any row breaks a model rule, and recomputes the US-dollar amounts (exchange.py) and the stored
program figures (program_figures.py) before it commits; `export_catalog()` writes the same format back, every key included, so
import -> export -> import changes nothing.

The models hold the rules of each value (lengths, choices, constraints): text lengths are read from
the model fields here, and every row goes through `full_clean()` before it is saved.
"""

import copy
import datetime
import difflib
import functools
import json
import re
import reprlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import DatabaseError, OperationalError, connection, transaction
from django.db.models import F

from catalog import exchange, figures, program_figures
from catalog.history import ImportHistory
from catalog.models import (
    CatalogVersion,
    Course,
    CreditPathway,
    Degree,
    ExchangeRate,
    Field,
    Program,
    Source,
    Status,
    University,
    prerequisite_loop,
)

FORMAT = "micromasters-catalog"
VERSION = 1
SLUG = re.compile(r"^[-a-z0-9_]+$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# Characters no catalog text holds: control characters (PostgreSQL refuses NUL outright) and
# halves of surrogate pairs, which JSON can spell ("\ud800") but UTF-8 cannot store.
NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# The shipped catalog is 0.6 MB; a file 30 times larger is a mistake, not a catalog, and reading
# it whole would cost the server ten times its size in memory.
MAX_FILE_BYTES = 20 * 1024 * 1024
# Checking stops after this many problems: a broken file of a million records is fixed by reading
# its first problems, not all of them.
MAX_PROBLEMS = 100
# How long an import waits for another to finish before it gives up (the command's --wait).
LOCK_WAIT_SECONDS = 60
# The key of the PostgreSQL advisory lock every import holds while it writes: any constant will
# do, as long as it is this one.
IMPORT_LOCK_KEY = 7_213_301
MODELS = {
    "sources": Source,
    "fields": Field,
    "universities": University,
    "exchange_rates": ExchangeRate,
    "degrees": Degree,
    "programs": Program,
    "courses": Course,
    "pathways": CreditPathway,
}

# Values quoted in messages are cut short: a 10 MB title is named, not printed.
_short = reprlib.Repr()
_short.maxstring = _short.maxother = 60
_short.maxlist = _short.maxdict = 4
_short.maxlevel = 2


def shown(value: Any) -> str:
    return _short.repr(value)


class Problem(ValueError):
    """A value that does not fit the format; the message says what would."""


class CatalogUnreadable(Exception):
    """The file cannot be read as a catalog at all: missing, too large, not UTF-8, not JSON."""


class ImportFailed(Exception):
    """The database did not take a valid file (another import held it too long, or it refused a
    write); nothing was written."""


# Reading a file


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number (write numbers as strings or integers)")


def _integer(digits: str) -> int:
    # Python refuses to read integers of thousands of digits, with advice meant for programmers.
    if len(digits.lstrip("-")) > 20:
        raise ValueError(f"the number {shown(digits)} is far too large for any figure of a catalog")
    return int(digits)


def _object(pairs: list[tuple[str, Any]]) -> dict:
    record = dict(pairs)
    if len(record) < len(pairs):
        repeated = sorted(key for key, count in Counter(key for key, _ in pairs).items() if count > 1)
        raise ValueError(
            f"an object repeats the key {shown(repeated[0])}, so one of its values would be lost"
        )
    return record


def load_catalog_file(path: Path) -> Any:
    """The parsed JSON of `path`, or CatalogUnreadable with a message that names the file."""
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise CatalogUnreadable(f"Cannot read {path}: {error.strerror or error}.") from None
    if len(raw) > MAX_FILE_BYTES:
        raise CatalogUnreadable(
            f"{path} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; a catalog file is far "
            "smaller (the whole shipped catalog is under 1 MB). Nothing was imported."
        )
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CatalogUnreadable(
            f"{path} is not UTF-8 text: byte {error.start + 1} is {raw[error.start]:#04x}."
        ) from None
    try:
        return json.loads(
            content, object_pairs_hook=_object, parse_constant=_refuse_constant, parse_int=_integer
        )
    except json.JSONDecodeError as error:
        raise CatalogUnreadable(
            f"{path} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from None
    except RecursionError:
        raise CatalogUnreadable(f"{path} nests lists or objects too deeply to be a catalog.") from None
    except ValueError as error:  # a repeated key, NaN, or a number of hundreds of digits
        raise CatalogUnreadable(f"{path} is not a catalog file: {error}.") from None


# Value parsers: each takes the raw JSON value and returns the Python value, or raises Problem.
# Text lengths are not theirs to check: check_record() reads them from the model's fields.


def text(value):
    if not isinstance(value, str):
        raise Problem("must be text")
    return value


def slug(value):
    if not isinstance(value, str) or not SLUG.match(value):
        raise Problem("must be a slug: lowercase letters, digits, '-' and '_'")
    return value


def url(value):
    if not isinstance(value, str) or (value and not re.fullmatch(r"https?://\S+", value)):
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
        raise Problem(f"{shown(value)} is not a number") from None
    if not number.is_finite():
        raise Problem(f"{shown(value)} is not a number")
    if minimum is not None and number < minimum:
        raise Problem(f"must be at least {minimum}")
    if number.as_tuple().exponent < -places:
        raise Problem(f"has more than {places} decimal places")
    if number.copy_abs() >= Decimal(10) ** 10:  # abs() would round, and overflow on 1e999999999
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
        if not DATE.match(value):
            raise ValueError
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
        if not isinstance(value, str) or value not in allowed:
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
            raise Problem(cut(" ".join(error.messages))) from None

    return parse


def history(value):
    try:
        return figures.clean_history(value)
    except ValidationError as error:
        raise Problem(cut(" ".join(error.messages))) from None


def listed_prices(value):
    try:
        return figures.clean_listed_prices(value)
    except ValidationError as error:
        raise Problem(cut(" ".join(error.messages))) from None


def cut(message: str, length: int = 300) -> str:
    """A message quoting a value of the file, kept short however long the value."""
    return message if len(message) <= length else message[: length - 1] + "…"


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
    "caveat": text,
}

SPECS: dict[str, dict[str, Callable]] = {
    "sources": {
        "key": slug,
        "url": url,
        "locator": text,
        "title": text,
        "publisher": text,
        "year": nullable(year),
        "kind": text,
    },
    "fields": {"slug": slug, "name": text},
    "universities": {
        "slug": slug,
        "name": text,
        "short_name": text,
        "country": text,
        "website": url,
    },
    "degrees": {
        "slug": slug,
        "title": text,
        "university": slug,
        "field": nullable(slug),
        "format": choice(Degree.Format.choices, blank=True),
        "format_note": text,
        "tuition_amount": nullable(money),
        "tuition_currency": empty_when_null(currency),
        "tuition_unit": empty_when_null(choice(Degree.TuitionUnit.choices)),
        "tuition_count": nullable(decimal),
        "tuition_year": nullable(year),
        "tuition_note": text,
        "tuition_history": history,
        "credits_total": nullable(decimal),
        "credit_unit": text,
        "months_min": nullable(integer(1, 240)),
        "months_max": nullable(integer(1, 240)),
        "figure_sources": figure_sources(Degree),
        **PROVENANCE,
    },
    "programs": {
        "slug": slug,
        "title": text,
        "summary": text,
        "university": slug,
        "field": slug,
        "status": choice(Status.choices),
        "status_note": text,
        "pacing": choice(Program.Pacing.choices, blank=True),
        "pacing_note": text,
        "effort_hours_min": nullable(integer(1, 168)),
        "effort_hours_max": nullable(integer(1, 168)),
        "months_min": nullable(integer(1, 240)),
        "months_max": nullable(integer(1, 240)),
        "currency": currency,
        "course_count": nullable(integer(1, 100)),
        "electives_required": integer(0, 100),
        "exam_fee": nullable(money),
        "exam_fee_currency": currency,
        "exam_fee_label": text,
        "exam_fee_year": nullable(year),
        "published_total": nullable(money),
        "published_total_year": nullable(year),
        "income_price_min": nullable(money),
        "income_price_max": nullable(money),
        "notes": text,
        "figure_sources": figure_sources(Program),
        "other_course_prices": listed_prices,
        "courses": list_of(lambda item: item),  # checked record by record below
        **PROVENANCE,
    },
    "courses": {
        "position": integer(1, 1000),
        "code": text,
        "title": text,
        "kind": choice(Course.Kind.choices),
        "weeks": nullable(integer(1, 520)),
        "effort_hours_min": nullable(integer(1, 168)),
        "effort_hours_max": nullable(integer(1, 168)),
        "price": nullable(money),
        "price_currency": currency,
        "price_year": nullable(year),
        "price_history": history,
        "prerequisites": list_of(integer(1, 1000)),
        "notes": text,
        "figure_sources": figure_sources(Course),
    },
    "pathways": {
        "slug": slug,
        "program": slug,
        "degree": slug,
        "degree_name_as_listed": text,
        "degree_name_lister": text,
        "credits_granted": nullable(decimal),
        "credits_required": nullable(decimal),
        "credit_unit": text,
        "share_min": nullable(share),
        "share_max": nullable(share),
        "share_text": text,
        "conditions": text,
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
    "programs": {"exam_fee_currency": "USD", "figure_sources": {}, "other_course_prices": []},
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
    return f"{list_name}[{index}]" + (f" ({shown(name)})" if isinstance(name, str) else "")


def unknown_keys(where: str, keys: set[str], expected: list[str]) -> list[str]:
    """A problem per unknown key, with the expected key it most likely misspells."""
    problems = []
    for key in sorted(keys)[:10]:
        guess = difflib.get_close_matches(key, expected, n=1) if len(key) < 100 else []
        hint = f" (did you mean {guess[0]!r}?)" if guess else ""
        problems.append(f"{where}unknown key {shown(key)}{hint}")
    if len(keys) > 10:
        problems.append(f"{where}{len(keys) - 10} more unknown keys")
    return problems


def length_limit(model, key: str) -> int | None:
    """The most characters `model` keeps under `key`: its field's max_length, or for a reference,
    that of the slug (or source key) it refers by. None where the model sets no limit."""
    try:
        model_field = model._meta.get_field(key)
        if model_field.is_relation:
            target = model_field.related_model
            model_field = target._meta.get_field("key" if target is Source else "slug")
    except FieldDoesNotExist:
        return None
    return model_field.max_length


def text_problem(value: Any) -> str | None:
    """What makes a text (or a list of texts) one the catalog cannot keep: characters that are not text."""
    for item in value if isinstance(value, list) else [value]:
        bad = NOT_TEXT.search(item) if isinstance(item, str) else None
        if bad:
            kind = (
                "half of a surrogate pair" if "\ud800" <= bad.group() <= "\udfff" else "a control character"
            )
            return (
                f"character {bad.start() + 1} is U+{ord(bad.group()):04X}, {kind}, which no text of the "
                "catalog may hold (tabs and line breaks are fine)"
            )
    return None


def length_problem(value: Any, limit: int | None) -> str | None:
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str) and limit is not None and len(item) > limit:
            return f"must be at most {limit:,} characters long (it has {len(item):,})"
    return None


def check_record(where: str, record: Any, list_name: str, problems: list[str]) -> dict | None:
    spec, optional, model = SPECS[list_name], OPTIONAL.get(list_name, {}), MODELS[list_name]
    if not isinstance(record, dict):
        problems.append(f"{where}: must be an object")
        return None
    clean = {}
    problems += unknown_keys(f"{where}: ", record.keys() - spec.keys(), list(spec))
    for key, parse in spec.items():
        if key not in record and key not in optional:
            problems.append(f"{where}: missing key {key!r}")
            continue
        value = record[key] if key in record else copy.deepcopy(optional[key])
        try:
            problem = text_problem(value)
            if problem is None:
                parsed = parse(value)
                problem = length_problem(value, length_limit(model, key))
        except Problem as error:
            problem = str(error)
        if problem:
            problems.append(f"{where}.{key}: {problem}")
        else:
            clean[key] = parsed
    return clean if len(clean) == len(spec) else None


def read_catalog(data: Any) -> Catalog:
    catalog = Catalog()
    problems = catalog.problems
    if not isinstance(data, dict):
        problems.append("the file must hold one JSON object")
        return catalog
    format_, version = data.get("format"), data.get("version")
    if format_ != FORMAT or type(version) is not int or version != VERSION:
        problems.append(f'the file must start with "format": "{FORMAT}", "version": {VERSION}')
    top_level = ["format", "version", *LISTS]
    unknown = data.keys() - set(top_level)
    if unknown:
        problems += unknown_keys("top level: ", unknown, top_level)
        problems.append(f"top level: the keys a catalog file may have are {', '.join(top_level)}")
    for list_name in LISTS:
        items = data.get(list_name, [])
        if not isinstance(items, list):
            problems.append(f"{list_name}: must be a list")
            continue
        ids = (record_id(list_name, record) for record in items)
        catalog.ids[list_name] = {name for name in ids if isinstance(name, str)}
        checked = []
        for index, record in enumerate(items):
            if len(problems) >= MAX_PROBLEMS:
                break
            where = label(list_name, index, record)
            clean = check_record(where, record, list_name, problems)
            if clean is not None and list_name == "programs":
                clean["courses"] = check_courses(where, clean["courses"], problems)
            if clean is not None:
                checked.append(clean)
        id_name = {"sources": "key", "exchange_rates": "rate"}.get(list_name, "slug")
        counts = Counter(record_id(list_name, record) for record in checked)
        for name, count in counts.items():
            if count > 1:
                problems.append(f"{list_name}: {id_name} {shown(name)} appears {count} times")
        catalog.records[list_name] = checked
    if len(problems) >= MAX_PROBLEMS:
        problems.append(f"checking stopped after {MAX_PROBLEMS} problems: fix these, then import again")
        return catalog
    check_references(catalog)
    return catalog


def check_courses(where: str, courses: list, problems: list[str]) -> list[dict]:
    checked = []
    for index, course in enumerate(courses):
        if len(problems) >= MAX_PROBLEMS:
            return checked
        clean = check_record(f"{where}.courses[{index}]", course, "courses", problems)
        if clean is not None:
            checked.append(clean)
    positions = [course.get("position") for course in courses if isinstance(course, dict)]
    for position, count in Counter(course["position"] for course in checked).items():
        if count > 1:
            problems.append(f"{where}.courses: position {position} appears {count} times")
    graph_known = len(checked) == len(courses)
    for course in checked:
        for prerequisite in course["prerequisites"]:
            if prerequisite not in positions or prerequisite == course["position"]:
                graph_known = False
                problems.append(
                    f"{where}.courses (position {course['position']}).prerequisites: "
                    f"{prerequisite} is not another course of this program"
                )
    loop = graph_known and prerequisite_loop(
        {course["position"]: course["prerequisites"] for course in checked}
    )
    if loop:
        chain = " requires ".join(map(str, loop))
        problems.append(
            f"{where}.courses (position {loop[0]}).prerequisites: the prerequisites make a loop "
            f"(position {chain}); a course cannot come, however indirectly, before itself"
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
                    problems.append(f"{label(list_name, index, record)}.{key}: no {target[:-1]} {value!r}")
    for where, key in references:
        if key not in source_keys and key not in known_sources:
            problems.append(f"{where}: no source {shown(key)}")


def source_references(records: dict[str, list[dict]]) -> list[tuple[str, str]]:
    """(record and key, source key) for every source a checked record names, each place once."""
    found = []
    for list_name in ("degrees", "programs", "pathways"):
        for index, record in enumerate(records.get(list_name, [])):
            where = label(list_name, index, record)
            found += [(f"{where}.sources", key) for key in record["sources"]]
            found += figure_references(where, record)
            for course in record.get("courses", []):
                found += figure_references(f"{where}.courses (position {course['position']})", course)
    for index, rate in enumerate(records.get("exchange_rates", [])):
        found.append((f"{label('exchange_rates', index, rate)}.source", rate["source"]))
    return list(dict.fromkeys(found))


def figure_references(where: str, record: dict) -> list[tuple[str, str]]:
    found = [(f"{where}.figure_sources", key) for keys in record["figure_sources"].values() for key in keys]
    for name in ("price_history", "tuition_history", "other_course_prices"):
        found += [(f"{where}.{name}", key) for entry in record.get(name, []) for key in entry["sources"]]
    return found


# Writing

SIMPLE = {"sources": Source, "fields": Field, "universities": University, "degrees": Degree}
FOREIGN_KEYS = {"university": University, "field": Field, "program": Program, "degree": Degree}


class CatalogInvalid(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def lock_catalog(wait_seconds: float = LOCK_WAIT_SECONDS, on_wait: Callable[[], None] | None = None) -> None:
    """Hold the catalog's import lock until the current transaction ends.

    Imports write one at a time, and each reads the rows it compares against only once it holds the
    lock: two files imported at once end as the one written second, never a mix of both. A second
    import waits for the first up to `wait_seconds`, then raises ImportFailed. PostgreSQL: a
    transaction-scoped advisory lock, and `on_wait` is called when the wait begins. SQLite: the
    database's one write lock, which it grants one transaction at a time until it ends, taken by
    writing first (the catalog version, to itself).
    """
    busy = (
        f"Another catalog import is still writing after {wait_seconds:g} s; nothing was imported. "
        "Import again once it has finished (or give --wait more seconds)."
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
            if cursor.fetchone()[0]:
                return
            if wait_seconds <= 0:
                raise ImportFailed(busy)
            if on_wait:
                on_wait()
            cursor.execute("SELECT current_setting('lock_timeout')")
            previous = cursor.fetchone()[0]
            cursor.execute(
                "SELECT set_config('lock_timeout', %s, true)", [f"{max(1, round(wait_seconds * 1000))}ms"]
            )
            try:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
            except OperationalError:
                raise ImportFailed(busy) from None
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
            return
        # The transaction's first statement, and a write: SQLite then waits for the lock. One that
        # has read first, or been refused once, may be refused at once instead (to avoid a deadlock).
        cursor.execute("PRAGMA busy_timeout")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA busy_timeout = {max(0, round(wait_seconds * 1000)):d}")
        try:
            with transaction.atomic():  # a savepoint: a refusal leaves the connection usable
                CatalogVersion.objects.filter(pk=1).update(token=F("token"))
        except OperationalError:
            raise ImportFailed(busy) from None
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {int(previous):d}")


def write_catalog(
    catalog: Catalog,
    *,
    wait_seconds: float = LOCK_WAIT_SECONDS,
    on_wait: Callable[[], None] | None = None,
    only_if_empty: bool = False,
) -> dict[str, Counter] | None:
    """Upsert every record in one transaction; returns created/updated/unchanged counts.

    Records are upserted by slug (sources by key, exchange rates by currency and date). The
    US-dollar amounts of every price and fee are recomputed once at the end, so they agree with
    the rates and prices of the file whatever order they were written in. The transaction holds
    the import lock (`lock_catalog`) from its first statement. With `only_if_empty`, a catalog that
    already holds programs once the lock is held is left alone, and None returned.
    Raises CatalogInvalid (problems of records) or ImportFailed; either way nothing is written.
    """
    if catalog.problems:
        raise CatalogInvalid(catalog.problems)
    summary: dict[str, Counter] = {}
    problems: list[str] = []
    try:
        with transaction.atomic(), program_figures.deferred():
            lock_catalog(wait_seconds, on_wait)
            if only_if_empty and Program.objects.exists():
                return None
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
            writer.history.write()
            exchange.refresh_usd_amounts()  # a bulk write: no signals
            program_figures.programs_changed(program_figures.ALL)
    except DatabaseError as error:
        raise ImportFailed(
            f"The database refused the import ({first_line(error)}); nothing was imported."
        ) from None
    except ArithmeticError:  # a new rate that makes an amount already stored too large to convert
        raise ImportFailed(
            "An amount converted to US dollars at the file's exchange rates is too large for the catalog; "
            "check the rates. Nothing was imported."
        ) from None
    return summary


class Writer:
    def __init__(self, problems: list[str]):
        self.problems = problems
        self.course_counts: Counter = Counter()
        self.cache: dict[type, dict[str, Any]] = {}
        self.history = ImportHistory()  # written in bulk once every row is in (history.py)

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
            checked_on = getattr(obj, "verified_on", None)
            for key, value in values.items():
                setattr(obj, key, value)
            if not is_new and getattr(obj, "verified_on", None) != checked_on:
                obj.verified_by = None  # the file's date is no editor's "checked today"
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
                self.problems.extend(f"{place}: {cut(message)}" for message in messages)
            return False
        converted = exchange.CONVERTED.get(type(obj))
        if converted is not None:  # the US-dollar amount the save will derive must fit its column
            exchange.set_usd_amount(type(obj), obj)
            try:
                obj._meta.get_field(converted.usd).clean(getattr(obj, converted.usd), obj)
            except ValidationError:
                amount_usd, currency = getattr(obj, converted.usd), getattr(obj, converted.currency)
                self.problems.append(
                    f"{where}.{converted.amount}: in US dollars it would be {amount_usd}, more than the "
                    f"catalog can hold; check the {currency} exchange rates"
                )
                return False
        try:
            with transaction.atomic():  # a savepoint: a refused row is reported, and the rest checked
                self.history.quiet_save(obj, is_new=obj.pk is None)
        except DatabaseError as error:
            self.problems.append(f"{where}: the database refused it ({first_line(error)})")
            return False
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


def prerequisite_problems() -> list[str]:
    """What keeps the stored prerequisites from being written as a file that imports as they are.

    A file names a prerequisite by its position in the same program, so a course requiring itself,
    one of another program, or a loop could only be written wrong (another course at that
    position) or refused on import. The models refuse all three now; rows saved before are named
    here, so that an export is a backup or nothing.
    """
    links = list(
        Course.prerequisites.through.objects.values_list(
            "from_course_id", "to_course_id", "from_course__program_id", "to_course__program_id"
        )
    )
    if not links:
        return []

    # Read only to name a course in a problem, which few exports have: reading every linked course up
    # front (an IN list of all of them) takes minutes on SQLite at 10,000 programs.
    @functools.cache
    def course(pk: int) -> Course:
        return Course.objects.select_related("program").get(pk=pk)

    def name(pk: int) -> str:
        return f"programs ({course(pk).program.slug!r}).courses (position {course(pk).position})"

    problems = []
    requires: dict[int, dict[int, set[int]]] = {}  # program -> course -> courses it requires
    for course_id, required_id, program_id, required_program_id in links:
        if course_id == required_id:
            problems.append(f"{name(course_id)}.prerequisites: the course requires itself")
        elif program_id != required_program_id:
            problems.append(
                f"{name(course_id)}.prerequisites: requires {course(required_id)} of another program "
                f"({course(required_id).program.slug!r})"
            )
        else:
            requires.setdefault(program_id, {}).setdefault(course_id, set()).add(required_id)
    for graph in requires.values():
        loop = prerequisite_loop(graph)
        if loop:
            chain = " requires ".join(str(course(pk).position) for pk in loop)
            problems.append(
                f"{name(loop[0])}.prerequisites: the prerequisites make a loop (position {chain})"
            )
    return problems


def export_catalog() -> dict:
    """The whole catalog in the file format; CatalogInvalid if the file could not import as stored."""
    problems = prerequisite_problems()
    if problems:
        raise CatalogInvalid(problems)

    def values(obj, keys):
        return {key: getattr(obj, key) for key in keys}

    requires = prerequisite_positions()

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
            export_program(program, requires)
            for program in Program.objects.order_by("slug")
            .select_related("university", "field")
            .prefetch_related("sources", "courses")
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


def prerequisite_positions() -> dict[int, list[int]]:
    """Course id -> the positions of the courses it requires, from one read of the link table.

    Not a prefetch: SQLite plans a prefetch's IN list of every course id as a scan of the courses
    that probes the whole list for each, which takes minutes at 10,000 programs.
    """
    positions: dict[int, list[int]] = {}
    links = Course.prerequisites.through.objects.values_list("from_course_id", "to_course__position")
    for course_id, position in links:
        positions.setdefault(course_id, []).append(position)
    return positions


def export_program(program: Program, requires: dict[int, list[int]]) -> dict:
    plain = [
        "slug", "title", "summary", "status", "status_note", "pacing", "pacing_note",
        "effort_hours_min", "effort_hours_max", "months_min", "months_max", "currency",
        "course_count", "electives_required", "exam_fee_currency", "exam_fee_label", "exam_fee_year",
        "published_total_year", "notes",
    ]  # fmt: skip
    record = {key: getattr(program, key) for key in plain}
    record["figure_sources"] = figure_sources_of(program)
    record["other_course_prices"] = [
        {"title": entry["title"], **history_of([entry])[0]} for entry in program.other_course_prices
    ]
    for key in ("exam_fee", "published_total", "income_price_min", "income_price_max"):
        record[key] = money_text(getattr(program, key))
    record["university"] = program.university.slug
    record["field"] = program.field.slug
    record["courses"] = [
        export_course(course, requires.get(course.pk, [])) for course in program.courses.all()
    ]
    record.update(provenance(program))
    return {key: record[key] for key in SPECS["programs"]}


def export_course(course: Course, prerequisites: list[int]) -> dict:
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
        "prerequisites": sorted(prerequisites),
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
