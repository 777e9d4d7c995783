"""What the catalog converter's modules share: the rules file, the error, and text and money helpers."""

import re
import tomllib
import unicodedata
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
RULES_FILE = HERE / "catalog_rules.toml"
UNNAMED_DEGREE_TITLE = "Master's degree (not named by the source)"
LOW_CONFIDENCE = re.compile(r"low confidence|low-confidence|unidentified|should be verified", re.I)


class CatalogError(ValueError):
    """The data cannot be represented in the catalog format as it stands."""


def load_rules(path: Path = RULES_FILE) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def money(amount, record_id: str = "") -> str | None:
    """Money as the format wants it: a string with two decimals."""
    if amount is None:
        return None
    value = Decimal(str(amount))
    if value < 0:
        raise CatalogError(f"{record_id}: negative amount {value}")
    return str(value.quantize(Decimal("0.01")))


def decimal_text(value) -> str | None:
    return None if value is None else format(Decimal(str(value)).normalize(), "f")


def money_text(amount, currency: str) -> str:
    value = Decimal(str(amount))
    number = f"{int(value):,}" if value == value.to_integral_value() else f"{value:,.2f}"
    return f"{currency} {number}"


def year_text(year) -> str:
    return str(year) if year is not None else "undated"


def join_text(*parts) -> str:
    """Join non-empty text parts into sentences."""
    out = [p.strip() for p in parts if p and p.strip()]
    return " ".join(p if p.endswith((".", "!", "?", ".)")) else p + "." for p in out)


def range_pair(low, high, record_id: str, what: str):
    """(min, max, note): a one-sided range ("within 12 months") is no pair, so it goes to the note."""
    if low is None and high is None:
        return None, None, ""
    if low is None or high is None:
        bound = f"at most {high}" if low is None else f"at least {low}"
        return None, None, f"{what}: {bound} (only one bound stated)"
    if low > high:
        raise CatalogError(f"{record_id}: {what} min {low} > max {high}")
    return low, high, ""


def newest_year(*years):
    dated = [y for y in years if y is not None]
    return max(dated) if dated else None


def strip_parenthetical(text: str | None) -> str:
    return re.sub(r"\s*\([^)]*\)", "", text or "").strip()


def learner_text(text: str | None) -> str:
    """Text a learner reads, with research wording put plainly ([learner_wording])."""
    text = text or ""
    for research, plain in RULES["learner_wording"].items():
        text = text.replace(research, plain)
    return text


def figure_sources(**lists) -> dict:
    """{figure: sorted source ids}, leaving out figures no source states."""
    return {key: sorted(set(ids)) for key, ids in sorted(lists.items()) if ids}


def page_url(spec, raw_sources: dict, record_id: str) -> str:
    """The url of a record's own page, taken from a source of the data."""
    if spec is None:
        return ""
    if isinstance(spec, dict):
        source = raw_sources[spec["source"]]
        if spec["url"] not in (source.get("locator") or "") and spec["url"] != source.get("url"):
            raise CatalogError(f"{record_id}: {spec['url']} is not quoted by {spec['source']}")
        return spec["url"]
    source = raw_sources.get(spec)
    if source is None or not source.get("url"):
        raise CatalogError(f"{record_id}: page source {spec} missing or without url")
    return source["url"]


def program_field(program: dict) -> str | None:
    """The field of a program's subject: the whole subject's, else its first part's, else None."""
    subject = program["subject"]
    if subject in RULES["subject_fields"]:
        return RULES["subject_fields"][subject]
    prefix = strip_parenthetical(subject.split("/")[0])
    return RULES["subject_prefix_fields"].get(prefix)


RULES = load_rules()
