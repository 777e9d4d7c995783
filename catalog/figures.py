"""Per-figure provenance: which sources state each figure of a record, and the older dated figures
kept beside the current one.

Both are JSON on the record: `figure_sources` ({"price": ["src-key", ...], ...}) and the
`price_history` / `tuition_history` lists ([{"amount": "150.00", "currency": "USD", "year": 2017,
"sources": [...]}, ...], newest first). Their shape is checked here, once, for the models'
validators and the catalog file alike. Whether the named sources exist is asked by each caller:
a catalog file may bring its own sources, which the database does not hold yet.
"""

import re
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

SOURCE_KEY = re.compile(r"^[-a-zA-Z0-9_]+$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
HISTORY_KEYS = ("amount", "currency", "year", "sources")
LISTED_TITLE_LENGTH = 200
LARGEST_AMOUNT = Decimal(10) ** 10
# Not "invalid": a form's JSON field would swap that code's message for its own "Enter a valid JSON."
MALFORMED = "malformed"


def _source_keys(value, where: str) -> list[str]:
    if not isinstance(value, list):
        raise ValidationError(f"{where} must be a list of source keys.", code=MALFORMED)
    for key in value:
        if not isinstance(key, str) or not SOURCE_KEY.match(key):
            raise ValidationError(f"{where}: {key!r} is not a source key.", code=MALFORMED)
    return list(value)


def clean_figure_sources(value, allowed: Iterable[str]) -> dict[str, list[str]]:
    """The mapping figure -> source keys, checked; the figures are `allowed` (a model's FIGURES)."""
    allowed = list(allowed)
    if not isinstance(value, dict):
        raise ValidationError(
            'Give an object of figure -> list of source keys, e.g. {"price": ["src-key"]}.', code=MALFORMED
        )
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise ValidationError(
            f"Unknown figure {', '.join(map(repr, unknown))}; the figures are {', '.join(allowed)}.",
            code="unknown_figure",
        )
    return {figure: _source_keys(value[figure], repr(figure)) for figure in allowed if figure in value}


def _amount(value, where: str) -> str:
    # As in the catalog file: a string or an integer, never a float (which would not be exact).
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValidationError(
            f'{where}: the amount must be a string such as "150.00", or an integer.', code=MALFORMED
        )
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError(f"{where}: the amount {value!r} is not a number.", code=MALFORMED) from None
    if not number.is_finite() or number < 0 or number >= LARGEST_AMOUNT:
        raise ValidationError(
            f"{where}: the amount {value!r} must be a sum of money of 0 or more.", code=MALFORMED
        )
    if number.as_tuple().exponent < -2:
        raise ValidationError(
            f"{where}: the amount {value!r} has more than 2 decimal places.", code=MALFORMED
        )
    return f"{number:.2f}"


def _history_entry(entry, where: str) -> dict:
    if not isinstance(entry, dict) or set(entry) != set(HISTORY_KEYS):
        raise ValidationError(
            f"{where} must be an object with exactly the keys {', '.join(HISTORY_KEYS)}.", code=MALFORMED
        )
    currency, year = entry["currency"], entry["year"]
    if not isinstance(currency, str) or not CURRENCY.match(currency):
        raise ValidationError(
            f"{where}: the currency must be a three-letter code in capitals, such as USD.", code=MALFORMED
        )
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100):
        raise ValidationError(
            f"{where}: the year must be a whole number from 1900 to 2100, or null.", code=MALFORMED
        )
    return {
        "amount": _amount(entry["amount"], where),
        "currency": currency,
        "year": year,
        "sources": _source_keys(entry["sources"], f"{where}: sources"),
    }


def clean_history(value) -> list[dict]:
    """Older figures, checked, amounts written as "150.00" and keys in the documented order."""
    if not isinstance(value, list):
        raise ValidationError("Give a list of older figures (newest first).", code=MALFORMED)
    return [_history_entry(entry, f"Entry {number}") for number, entry in enumerate(value, start=1)]


def clean_listed_prices(value) -> list[dict]:
    """Priced courses a source lists for a program that no course record names: a title and a price."""
    if not isinstance(value, list):
        raise ValidationError("Give a list of priced courses.", code=MALFORMED)
    listed = []
    for number, entry in enumerate(value, start=1):
        where = f"Course {number}"
        title = entry.get("title") if isinstance(entry, dict) else None
        if not isinstance(title, str) or not title.strip() or len(title) > LISTED_TITLE_LENGTH:
            raise ValidationError(
                f"{where} needs a title of at most {LISTED_TITLE_LENGTH} characters.", code=MALFORMED
            )
        price = _history_entry({key: value for key, value in entry.items() if key != "title"}, where)
        listed.append({"title": title, **price})
    return listed


def named_sources(figure_sources: dict, history: list) -> set[str]:
    """Every source key a (checked) figure mapping and history name."""
    keys = {key for keys in figure_sources.values() for key in keys}
    return keys | {key for entry in history for key in entry["sources"]}


def _missing_sources(keys: set[str]) -> list[str]:
    from catalog.models import Source

    return sorted(keys - set(Source.objects.filter(key__in=keys).values_list("key", flat=True)))


def _refuse_missing(keys: set[str]) -> None:
    missing = _missing_sources(keys) if keys else []
    if missing:
        raise ValidationError(
            f"No source {', '.join(map(repr, missing))}: add it under Sources first.", code="unknown_source"
        )


@deconstructible
class FigureSourcesValidator:
    """A model field's check: the mapping's shape, its figures, and that its sources exist."""

    def __init__(self, figures: Iterable[str]):
        self.figures = tuple(figures)

    def __call__(self, value):
        _refuse_missing(named_sources(clean_figure_sources(value, self.figures), []))

    def __eq__(self, other):
        return isinstance(other, FigureSourcesValidator) and self.figures == other.figures


class _SourcedListValidator:
    """A model field's check: the list (`clean` checks its shape) well formed, and its sources exist."""

    clean: Callable[[object], list[dict]]

    def __call__(self, value):
        _refuse_missing(named_sources({}, self.clean(value)))

    def __eq__(self, other):
        return type(other) is type(self)


@deconstructible
class HistoryValidator(_SourcedListValidator):
    """Every older figure well formed, and its sources exist."""

    clean = staticmethod(clean_history)


@deconstructible
class ListedPricesValidator(_SourcedListValidator):
    """Every listed course has a title and a well-formed price whose sources exist."""

    clean = staticmethod(clean_listed_prices)
