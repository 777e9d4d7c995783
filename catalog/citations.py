"""Numbered source notes: each figure on a page links the sources that state it.

A page makes one `Citations` from the sources it may cite (the records' own, the exchange rates').
Templates cite figures in the order they render, so the first source cited is note 1; the source
list at the foot of the page then lists every note, cited or not, under its number.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from catalog.models import Source


@dataclass(frozen=True)
class Note:
    number: int
    source: Source

    @property
    def anchor(self) -> str:
        return f"source-{self.number}"


class Citations:
    def __init__(self, sources: Iterable[Source]):
        self._sources = {source.key: source for source in sources}
        self._numbers: dict[str, int] = {}

    def cite(self, keys: Iterable[str]) -> list[Note]:
        """Notes for these source keys, numbering the ones not cited before; unknown keys are skipped."""
        notes = []
        for key in keys:
            source = self._sources.get(key)
            if source is None:
                continue
            number = self._numbers.setdefault(key, len(self._numbers) + 1)
            notes.append(Note(number, source))
        return sorted(notes, key=lambda note: note.number)

    def year(self, keys: Iterable[str]) -> int | None:
        """The newest year among these sources: the year of a figure that states none of its own."""
        years = [self._sources[key].year for key in keys if key in self._sources and self._sources[key].year]
        return max(years) if years else None

    def listing(self, sources: Iterable[Source] = ()) -> list[Note]:
        """Every cited note, then `sources` not cited yet, numbered on: the page's source list."""
        self.cite(sorted(source.key for source in sources if source.key in self._sources))
        return sorted(
            (Note(number, self._sources[key]) for key, number in self._numbers.items()),
            key=lambda note: note.number,
        )
