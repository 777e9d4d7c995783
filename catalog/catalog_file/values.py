"""The values of a catalog file: each parser takes a raw JSON value and returns the Python value,
or raises Problem with a message saying what would fit.

Text lengths are not theirs to check: checking.check_record() reads them from the model's fields.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug

from catalog import figures
from catalog.catalog_file.reading import cut, shown

CURRENCY = re.compile(r"^[A-Z]{3}$")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
HTTP_URL = URLValidator(schemes=["http", "https"])


class Problem(ValueError):
    """A value that does not fit the format; the message says what would."""


def text(value):
    if not isinstance(value, str):
        raise Problem("must be text")
    return value


def slug(value):
    """Django's slug (letters, digits, '-' and '_'), in lower case as every catalog URL is."""
    try:
        if not isinstance(value, str) or value != value.lower():
            raise ValidationError("not lower case")
        validate_slug(value)
    except ValidationError:
        raise Problem("must be a slug: lowercase letters, digits, '-' and '_'") from None
    return value


def url(value):
    """An address as the model's URLField takes it, http(s) only, or empty."""
    try:
        if not isinstance(value, str):
            raise ValidationError("not text")
        if value:
            HTTP_URL(value)
    except ValidationError:
        raise Problem("must be an http(s) URL or empty") from None
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


def list_of(parse):
    def parse_list(value):
        if not isinstance(value, list):
            raise Problem("must be a list")
        return [parse(item) for item in value]

    return parse_list
