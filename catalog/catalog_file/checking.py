"""Checking a parsed catalog file against the format (spec.py), every problem named by its record and key.

`read_catalog(data)` returns a Catalog: the checked records, ready to write, and the problems of the
file, at most MAX_PROBLEMS of them; references to records the file does not hold are looked up in the
database. The models' own fields give the text lengths. `prerequisite_problems()` checks the stored
prerequisites the same way before an export.
"""

import copy
import datetime
import difflib
import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist

from catalog.catalog_file.reading import shown
from catalog.catalog_file.spec import FORMAT, LISTS, MODELS, OPTIONAL, REFERENCES, SPECS, VERSION
from catalog.catalog_file.values import Problem
from catalog.models import Course, Source, prerequisite_loop

# Characters no catalog text holds: control characters (PostgreSQL refuses NUL outright) and
# halves of surrogate pairs, which JSON can spell ("\ud800") but UTF-8 cannot store.
NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# Checking stops after this many problems: a broken file of a million records is fixed by reading
# its first problems, not all of them.
MAX_PROBLEMS = 100


class CatalogInvalid(Exception):
    """A file with problems, or a stored catalog no file could hold as it is; `problems` names each."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


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
