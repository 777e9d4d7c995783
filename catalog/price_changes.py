"""A price staff replace in the admin is kept as an older figure, so pages say "was $1,200 in 2019".

Course prices and degree tuition carry a list of older figures (`price_history`,
`tuition_history`, see figures.py), newest first. When an editor saves a new amount or currency,
the figure it replaces goes to the front of that list with its year and the sources that stated
it; an editor who edits the list in the same form has said what it should hold, and it is left as
they wrote it. Imports bring their own lists and are not touched here.
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class PricedFigure:
    """Where one dated, sourced price lives on a model."""

    amount: str
    currency: str
    year: str
    history: str
    figure: str  # its key in figure_sources


COURSE_PRICE = PricedFigure("price", "price_currency", "price_year", "price_history", "price")
DEGREE_TUITION = PricedFigure(
    "tuition_amount", "tuition_currency", "tuition_year", "tuition_history", "tuition"
)


def older_figure(amount: Decimal, currency: str, year: int | None, sources: list[str]) -> dict:
    return {"amount": f"{amount:.2f}", "currency": currency, "year": year, "sources": list(sources)}


def remember_replaced(form, priced: PricedFigure) -> None:
    """Put the figure a bound, valid model form replaces at the front of its instance's history.

    The form's `initial` holds the stored values it was built from; its instance holds the new ones.
    """
    instance, initial = form.instance, form.initial
    if instance.pk is None or priced.history in form.changed_data:
        return
    if not {priced.amount, priced.currency} & set(form.changed_data):
        return
    stored_amount = initial.get(priced.amount)
    if stored_amount is None:
        return
    stored_currency = initial.get(priced.currency)
    new = (getattr(instance, priced.amount), getattr(instance, priced.currency))
    if new == (stored_amount, stored_currency):
        return
    sources = (initial.get("figure_sources") or instance.figure_sources or {}).get(priced.figure, [])
    entry = older_figure(stored_amount, stored_currency, initial.get(priced.year), sources)
    history = list(getattr(instance, priced.history) or [])
    if not history or history[0] != entry:
        setattr(instance, priced.history, [entry, *history])
