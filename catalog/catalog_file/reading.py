"""Reading a catalog file: the bytes of a file to parsed JSON, or a message naming what is wrong.

`load_catalog_file(path)` refuses a file too large, not UTF-8, not JSON, with a key written twice or
a number no catalog holds; `shown` and `cut` keep the values quoted in any message of the import short.
"""

import json
import reprlib
from collections import Counter
from pathlib import Path
from typing import Any

# The shipped catalog is 0.6 MB; a file 30 times larger is a mistake, not a catalog, and reading
# it whole would cost the server ten times its size in memory.
MAX_FILE_BYTES = 20 * 1024 * 1024

# Values quoted in messages are cut short: a 10 MB title is named, not printed.
_short = reprlib.Repr()
_short.maxstring = _short.maxother = 60
_short.maxlist = _short.maxdict = 4
_short.maxlevel = 2


def shown(value: Any) -> str:
    return _short.repr(value)


def cut(message: str, length: int = 300) -> str:
    """A message quoting a value of the file, kept short however long the value."""
    return message if len(message) <= length else message[: length - 1] + "…"


class CatalogUnreadable(Exception):
    """The file cannot be read as a catalog at all: missing, too large, not UTF-8, not JSON."""


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
