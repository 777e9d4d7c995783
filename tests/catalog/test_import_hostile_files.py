"""Whatever a file holds, the importer answers with a message naming the record and key, and writes
nothing: never a traceback, and never a value the models or the database would refuse."""

import copy
import json

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.catalog_file import reading as catalog_file
from catalog.models import CreditPathway, Degree, ExchangeRate, Field, Program, Source, University
from tests.catalog.catalog_files import catalog_with_figures, import_data, small_catalog

pytestmark = pytest.mark.django_db


def import_error(tmp_path, content: bytes) -> str:
    path = tmp_path / "catalog.json"
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        call_command("import_catalog", str(path))
    return str(error.value)


def nothing_written():
    models = (Source, Field, University, ExchangeRate, Degree, Program, CreditPathway)
    return all(not model.objects.exists() for model in models)


def changed(change) -> bytes:
    data = small_catalog()
    change(data)
    return json.dumps(data).encode()


def replace_key(record, old, new):
    record[new] = record.pop(old)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"[" * 100_000, "nests lists or objects too deeply to be a catalog."),
        (b'{"a": ' * 50_000, "nests lists or objects too deeply to be a catalog."),
        (b"", "is not valid JSON: Expecting value at line 1, column 1."),
        (b"catalog", "is not valid JSON: Expecting value at line 1, column 1."),
        (b"[]", "the file must hold one JSON object"),
        (b"42", "the file must hold one JSON object"),
        (b"null", "the file must hold one JSON object"),
        (b'"a catalog"', "the file must hold one JSON object"),
        (b"\xff\xfe{\x00}\x00", "is not UTF-8 text: byte 1 is 0xff."),
        (b'{"title": "caf\xe9"}', "is not UTF-8 text: byte 15 is 0xe9."),
        (b'{"price": NaN}', "NaN is not a JSON number"),
        (b'{"price": -Infinity}', "-Infinity is not a JSON number"),
        (b'{"weeks": 1' + b"0" * 5000 + b"}", "is far too large for any figure of a catalog"),
        (b'{"format": "micromasters-catalog", "format": "x"}', "an object repeats the key 'format'"),
        (
            changed(lambda d: replace_key(d, "universities", "universitie")),
            "top level: unknown key 'universitie' (did you mean 'universities'?)",
        ),
        (
            changed(lambda d: replace_key(d, "universities", "universitie")),
            "top level: the keys a catalog file may have are format, version, sources, fields, universities, "
            "exchange_rates, degrees, programs, pathways",
        ),
        (
            changed(lambda d: replace_key(d["programs"][0], "title", "titel")),
            "programs[0] ('mitx-scm'): unknown key 'titel' (did you mean 'title'?)",
        ),
        (changed(lambda d: d.update(version="1")), '"format": "micromasters-catalog", "version": 1'),
        (changed(lambda d: d.update(version=True)), '"format": "micromasters-catalog", "version": 1'),
        (changed(lambda d: d.pop("format")), '"format": "micromasters-catalog", "version": 1'),
        # Text a database cannot keep, or that is no text
        (
            changed(lambda d: d["programs"][0].update(title="Supply\x00Chain")),
            "programs[0] ('mitx-scm').title: character 7 is U+0000, a control character",
        ),
        (
            changed(lambda d: d["programs"][0].update(summary="Bell\x07")),
            "programs[0] ('mitx-scm').summary: character 5 is U+0007, a control character",
        ),
        (
            changed(lambda d: d["degrees"][0].update(caveat="half \ud800 a pair")),
            "degrees[0] ('mit-scm').caveat: character 6 is U+D800, half of a surrogate pair",
        ),
        (
            changed(lambda d: d["sources"][0].update(url="https://example.edu/\x00")),
            "sources[0] ('src-faq').url: character 21 is U+0000",
        ),
        (
            changed(lambda d: d["programs"][0]["courses"][0].update(notes="tab\tand\nlines\r\x1b")),
            "programs[0] ('mitx-scm').courses[0].notes: character 15 is U+001B",
        ),
        # Wrong types, at every level
        (changed(lambda d: d.update(programs="mitx-scm")), "programs: must be a list"),
        (changed(lambda d: d.update(sources={"key": "src-faq"})), "sources: must be a list"),
        (changed(lambda d: d["programs"].append(5)), "programs[1]: must be an object"),
        (
            changed(lambda d: d["programs"][0].update(courses={})),
            "programs[0] ('mitx-scm').courses: must be a list",
        ),
        (
            changed(lambda d: d["programs"][0]["courses"].append([])),
            "programs[0] ('mitx-scm').courses[3]: must be an object",
        ),
        (changed(lambda d: d["programs"][0].update(slug=["x"])), "programs[0].slug: must be a slug"),
        (changed(lambda d: d["programs"][0].update(title=7)), "programs[0] ('mitx-scm').title: must be text"),
        (
            changed(lambda d: d["programs"][0].update(status=["active"])),
            "programs[0] ('mitx-scm').status: must be",
        ),
        (
            changed(lambda d: d["programs"][0].update(course_count="2")),
            "course_count: must be a whole number",
        ),
        (
            changed(lambda d: d["programs"][0].update(course_count=2.0)),
            "course_count: must be a whole number",
        ),
        (
            changed(lambda d: d["programs"][0].update(sources="src-faq")),
            "('mitx-scm').sources: must be a list",
        ),
        (changed(lambda d: d["programs"][0].update(sources=[{}])), "('mitx-scm').sources: must be a slug"),
        (
            changed(lambda d: d["programs"][0].update(verified_on=20261122)),
            "must be a date written YYYY-MM-DD",
        ),
        (
            changed(lambda d: d["programs"][0].update(verified_on="20261122")),
            "must be a date written YYYY-MM-DD",
        ),
        (
            changed(lambda d: d["programs"][0].update(figure_sources=[])),
            "('mitx-scm').figure_sources: Give an",
        ),
        (
            changed(lambda d: d["programs"][0]["courses"][0].update(prerequisites="2")),
            "courses[0].prerequisites: must be a list",
        ),
        (
            changed(lambda d: d["programs"][0]["courses"][0].update(prerequisites=[True])),
            "courses[0].prerequisites: must be a whole number",
        ),
        (
            changed(lambda d: d["programs"][0]["courses"][0].update(price_history={"amount": "1"})),
            "courses[0].price_history: Give a list of older figures",
        ),
        (
            changed(lambda d: d["programs"][0]["courses"][0].update(price_history=[[]])),
            "courses[0].price_history: Entry 1 must be an object",
        ),
        (changed(lambda d: d.update(exchange_rates=["MXN"])), "exchange_rates[0]: must be an object"),
        # Numbers out of every range
        (
            changed(lambda d: d["programs"][0]["courses"][0].update(price="1e999999999")),
            "price: is too large",
        ),
        (
            changed(lambda d: d["programs"][0]["courses"][0].update(price="1e-999999999")),
            "price: has more than 2 decimal places",
        ),
        (
            changed(lambda d: d["programs"][0]["courses"][0].update(price="Infinity")),
            "'Infinity' is not a number",
        ),
        (
            changed(lambda d: d["programs"][0]["courses"][0].update(weeks=10**19)),
            "weeks: must be between 1 and 520",
        ),
        (
            changed(lambda d: d["programs"][0]["courses"][0].update(position=-1)),
            "position: must be between 1",
        ),
        (
            changed(lambda d: d["degrees"][0].update(tuition_count="123456789")),
            "Ensure that there are no more",
        ),
    ],
)
def test_a_broken_file_gets_a_message_and_nothing_is_written(tmp_path, content, expected):
    message = import_error(tmp_path, content)

    assert expected in message
    assert nothing_written()


def test_a_file_larger_than_the_limit_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    monkeypatch.setattr(catalog_file, "MAX_FILE_BYTES", 1024 * 1024)
    content = json.dumps({**small_catalog(), "padding": "x" * 1024 * 1024}).encode()

    message = import_error(tmp_path, content)

    assert "is larger than 1 MB" in message
    assert "padding" not in message
    assert nothing_written()


def test_the_file_limit_is_20_megabytes():
    assert catalog_file.MAX_FILE_BYTES == 20 * 1024 * 1024


def test_a_directory_gets_a_message(tmp_path):
    with pytest.raises(CommandError, match=r"Cannot read .*: Is a directory\."):
        call_command("import_catalog", str(tmp_path))


def test_a_byte_order_mark_is_read_as_utf_8(tmp_path):
    path = tmp_path / "catalog.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(small_catalog()).encode())

    call_command("import_catalog", str(path))

    assert Program.objects.count() == 1


# Lengths: the models' limits, by record and key


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["programs"][0].update(summary="x" * 2_001),
            "programs[0] ('mitx-scm').summary: must be at most 2,000 characters long (it has 2,001)",
        ),
        (
            lambda d: d["programs"][0].update(summary="x" * 50_000_00),
            "programs[0] ('mitx-scm').summary: must be at most 2,000 characters long (it has 5,000,000)",
        ),
        (
            lambda d: d["programs"][0].update(notes="x" * 10_001),
            "programs[0] ('mitx-scm').notes: must be at most 10,000 characters long",
        ),
        (
            lambda d: d["programs"][0].update(title="x" * 201),
            "programs[0] ('mitx-scm').title: must be at most 200 characters long (it has 201)",
        ),
        (
            lambda d: d["programs"][0]["courses"][1].update(code="x" * 41),
            "programs[0] ('mitx-scm').courses[1].code: must be at most 40 characters long",
        ),
        (
            lambda d: d["pathways"][0].update(conditions="x" * 10_001),
            "pathways[0] ('mitx-scm--mit-scm').conditions: must be at most 10,000 characters long",
        ),
        (
            lambda d: d["sources"][0].update(locator="x" * 2_001),
            "sources[0] ('src-faq').locator: must be at most 2,000 characters long",
        ),
        (
            lambda d: d["sources"][0].update(url="https://example.edu/" + "x" * 500),
            "sources[0] ('src-faq').url: must be at most 500 characters long",
        ),
        (
            lambda d: d["fields"][0].update(slug="x" * 101),
            "fields[0] ('" + "x" * 26,  # the slug is shown cut short
        ),
        (
            lambda d: d["programs"][0].update(university="x" * 101),
            "programs[0] ('mitx-scm').university: must be at most 100 characters long (it has 101)",
        ),
        (
            lambda d: d["programs"][0].update(sources=["src-faq", "s" * 121]),
            "programs[0] ('mitx-scm').sources: must be at most 120 characters long (it has 121)",
        ),
    ],
)
def test_an_over_long_text_is_refused_by_record_and_key(tmp_path, change, expected):
    data = small_catalog()
    change(data)

    message = import_error(tmp_path, json.dumps(data).encode())

    assert expected in message
    assert len(message) < 5_000  # the value is named, not printed
    assert nothing_written()


def test_the_longest_texts_the_models_allow_are_imported(tmp_path):
    data = small_catalog()
    data["programs"][0].update(summary="x" * 2_000, notes="y" * 10_000, title="z" * 200)

    import_data(tmp_path, data)

    assert len(Program.objects.get().notes) == 10_000


def test_a_file_of_endless_problems_stops_at_the_limit_and_shows_the_first(tmp_path):
    data = small_catalog()
    data["fields"] = [{"slug": "Not A Slug", "name": 1}] * 10_000

    message = import_error(tmp_path, json.dumps(data).encode())

    assert "has 101 problem(s)" in message
    assert "fields[0] ('Not A Slug').slug: must be a slug" in message
    assert message.endswith("checking stopped after 100 problems: fix these, then import again")


# Anything anywhere


def locations(value, path=()):
    """Every place in a parsed file: a path of keys and indexes."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from locations(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from locations(item, (*path, index))


TEMPLATE = catalog_with_figures()
PLACES = [path for path in locations(TEMPLATE) if path]
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**25), max_value=10**25)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["", "2026-11-22", "USD", "src-faq", "mitx-scm", "150.00", "required", "1e9999"]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    changes=st.lists(
        st.tuples(st.sampled_from(PLACES), json_values | st.just(KeyError)), min_size=1, max_size=3
    )
)
def test_any_value_anywhere_imports_or_gets_a_message(tmp_path, changes):
    for model in (CreditPathway, Program, Degree, ExchangeRate, Source, University, Field):
        model.objects.all().delete()
    data = copy.deepcopy(TEMPLATE)
    for path, value in changes:
        parent = data
        try:
            for step in path[:-1]:
                parent = parent[step]
            if value is KeyError:
                del parent[path[-1]]
            else:
                parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed or replaced this place

    try:
        import_data(tmp_path, data)
    except CommandError as error:
        assert "Traceback" not in str(error)
        assert nothing_written()


def test_a_price_too_large_in_dollars_at_the_files_rate_is_refused_by_record_and_key(tmp_path):
    data = catalog_with_figures()
    for rate in data["exchange_rates"]:
        rate["units_per_usd"] = "0.000001"
    data["programs"][0]["courses"][0]["price"] = "9999999999.00"

    message = import_error(tmp_path, json.dumps(data).encode())

    assert (
        "programs[0] ('mitx-scm').courses (position 1).price: in US dollars it would be 9999999999000000.00, "
        "more than the catalog can hold; check the MXN exchange rates" in message
    )
    assert nothing_written()
