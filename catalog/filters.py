"""The programs list's filters and sorts. Each filter's name is its public query parameter."""

import copy
import re
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Lower
from django.http import QueryDict

from catalog import formatting
from catalog.caching import per_version
from catalog.models import Field, Program, University
from catalog.search import words as search_words

SORTS = {
    "relevance": ("Best match", None),
    "price": ("Price: low to high", F("figures__price_from").asc(nulls_last=True)),
    "-price": ("Price: high to low", F("figures__price_from").desc(nulls_last=True)),
    "months": ("Duration: shortest first", F("figures__calendar_months_max").asc(nulls_last=True)),
    "effort": ("Weekly effort: lightest first", F("effort_hours_max").asc(nulls_last=True)),
    "credit": ("Most credit toward a master's", F("figures__best_credit_share").desc(nulls_last=True)),
    "title": ("Title (A to Z)", None),
}
MAX_NUMBER = 1_000_000
UNIVERSITIES_COMMON = 10  # listed first; the rest wait behind a "more" disclosure
UNIVERSITIES_SHOWN = 60  # past this many, the "more" list keeps those with the most programs


def country_choices():
    return per_version("countries", _countries)


def _countries():
    offering = Exists(Program.objects.filter(university=OuterRef("pk")))
    countries = (
        University.objects.filter(offering)
        .exclude(country="")
        .values_list("country", flat=True)
        .distinct()
        .order_by("country")
    )
    return [(country, country) for country in countries]


def university_names() -> dict[str, str]:
    """{slug: name} of the universities with programs, by name: kept for the catalog version."""
    return per_version(
        "university names",
        lambda: dict(University.objects.with_programs().order_by("name", "slug").values_list("slug", "name")),
    )


def field_names() -> dict[str, str]:
    """{slug: name} of the fields with programs, by name: kept for the catalog version."""
    return per_version(
        "field names",
        lambda: dict(Field.objects.with_programs().order_by("name", "slug").values_list("slug", "name")),
    )


def field_ids() -> dict[str, int]:
    """{slug: id} of the fields with programs: kept for the catalog version."""
    return per_version("field ids", lambda: dict(Field.objects.with_programs().values_list("slug", "pk")))


class CatalogSlugsField(forms.MultipleChoiceField):
    """Slugs of universities or fields, checked against the names the catalog version keeps
    (`names()`, {slug: name}): a chosen university costs a dictionary lookup, not a query."""

    def __init__(self, *, names, **kwargs):
        self.names = names
        super().__init__(**kwargs)

    def valid_value(self, value):
        return value in self.names()


class CatalogSlugsFilter(django_filters.MultipleChoiceFilter):
    """Programs of any of the chosen universities or fields; cleaned to slugs, by name."""

    field_class = CatalogSlugsField

    def __init__(self, *, names, **kwargs):
        # distinct=False: a program has one university and one field, so DISTINCT would only cost
        super().__init__(names=names, distinct=False, widget=forms.CheckboxSelectMultiple, **kwargs)


class FieldsFilter(CatalogSlugsFilter):
    """Programs of any of the chosen fields, read from the copy of the field beside their figures:
    with a price filter or sort too, one index (field, price) serves both."""

    def filter(self, qs, value):
        if not value:
            return qs
        ids = field_ids()
        return qs.filter(figures__field_id__in=[ids[slug] for slug in value if slug in ids])


CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class SearchTextField(forms.CharField):
    """Search words with control characters (NUL, escapes, line breaks) turned into spaces.

    No program's text holds them, and the query is shown back in the page title and the search box,
    where a NUL or an escape sequence has no business; the cleaned words are still searched.
    """

    def to_python(self, value):
        return super().to_python(_without_controls(value))

    def bound_data(self, data, initial):
        return _without_controls(super().bound_data(data, initial))


def _without_controls(value):
    return CONTROL_CHARACTERS.sub(" ", value) if isinstance(value, str) else value


class SearchFilter(django_filters.CharFilter):
    field_class = SearchTextField


def _count_at_most(field_name: str, maximum: int, label: str) -> django_filters.NumberFilter:
    """Programs whose `field_name` (a whole number of months or hours) is at most the one asked."""
    return django_filters.NumberFilter(
        field_name=field_name,
        lookup_expr="lte",
        min_value=1,
        max_value=maximum,
        label=label,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


@dataclass(frozen=True)
class Chip:
    """A filter in use, as the list shows it: its parameter, its label and the query without it."""

    name: str
    label: str
    query: QueryDict


class ProgramFilter(django_filters.FilterSet):
    q = SearchFilter(
        method="search",
        label="Search",
        max_length=200,
        help_text="Words in the title, summary, university, field or course titles.",
    )
    university = CatalogSlugsFilter(field_name="university__slug", names=university_names, label="University")
    field = FieldsFilter(field_name="field__slug", names=field_names, label="Field")
    country = django_filters.ChoiceFilter(
        field_name="university__country", choices=country_choices, label="Country", empty_label="Any country"
    )
    price_max = django_filters.NumberFilter(
        field_name="figures__price_from",
        lookup_expr="lte",
        min_value=0,
        max_value=MAX_NUMBER,
        label="Total price up to (USD)",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),  # keeps what was typed beside its error
        help_text="Every fee counted; programs with no published price are left out.",
    )
    months_max = _count_at_most("figures__calendar_months_max", 1000, "Done within (months)")
    effort_max = _count_at_most("effort_hours_max", 168, "At most (hours a week)")
    pacing = django_filters.ChoiceFilter(
        choices=Program.Pacing.choices, label="Pacing", empty_label="Any pacing"
    )
    credit = django_filters.BooleanFilter(
        field_name="figures__has_pathway",
        widget=forms.CheckboxInput,
        label="Counts toward a master's",
        help_text="Has a credit pathway into a master's degree that is not known to be retired.",
        method="with_credit",
    )
    sort = django_filters.ChoiceFilter(
        choices=[(key, label) for key, (label, _) in SORTS.items()],
        method="sort_by",
        label="Sort by",
        empty_label=None,
        null_value=None,
    )

    class Meta:
        model = Program
        fields = [
            "q",
            "university",
            "field",
            "country",
            "price_max",
            "months_max",
            "effort_max",
            "pacing",
            "credit",
        ]

    @classmethod
    @cache
    def kept_form_class(cls):
        """The form of the filters' fields, built once: they depend on the declarations alone (the
        choices that depend on the catalog are read as the form is used)."""
        filters = copy.deepcopy(cls.base_filters)
        return type(f"{cls.__name__}Form", (cls._meta.form,), {name: f.field for name, f in filters.items()})

    def get_form_class(self):
        return self.kept_form_class()

    def search(self, queryset, name, value):
        return queryset.search(value)

    def search_text(self):
        """The words searched for, or "" when there is no valid search."""
        if not self.is_bound or not self.form.is_valid():
            return ""
        return self.form.cleaned_data.get("q") or ""

    def with_credit(self, queryset, name, value):
        return queryset.filter(figures__has_pathway=True) if value else queryset

    def sort_by(self, queryset, name, value):
        return queryset  # ordering is applied last, in `qs`, so it also covers the default

    def current_sort(self):
        """The sort in force: the one asked for, else best match for a search and title otherwise."""
        valid = self.is_bound and self.form.is_valid()
        sort = self.form.cleaned_data.get("sort") if valid else None
        searching = bool(self.form.cleaned_data.get("q")) if valid else False
        return sort or ("relevance" if searching else "title")

    def in_use(self) -> list[str]:
        """The names of the filters given a value, in the form's order; none when the form is invalid."""
        if not self.is_bound or not self.form.is_valid():
            return []
        data = self.form.cleaned_data
        return [name for name in self.Meta.fields if data.get(name) not in (None, "", False, [])]

    def searches_alone(self) -> bool:
        """Whether the list is a search with no other filter (in any order)."""
        return self.in_use() == ["q"]

    @property
    def qs(self):
        queryset = super().qs
        sort = self.current_sort()
        # A search without a word ("*") ranks every program alike: nothing to order by.
        searching = bool(search_words(self.search_text()))
        expression = SORTS[sort][1]
        # Titles compare case-blind on both databases ("AdelaideX" before "ANUx"); then as stored, for a stable order.
        by_title = (Lower("title"), "title", "pk")
        if sort == "relevance" and searching:
            return queryset.order_by(F("search_rank").desc(nulls_last=True), *by_title)
        if expression is None:
            return queryset.order_by(*by_title)
        # Every program has its figures' row: an inner join lets PostgreSQL read the figure's index
        # in order and stop after a page.
        return queryset.filter(figures__isnull=False).order_by(expression, *by_title)

    def choice_options(self):
        """The checkboxes and selects' options as plain data, each rendered by one template loop.

        Universities: the UNIVERSITIES_COMMON with the most programs come first, any already chosen
        with them; the others follow behind "more", by name. Past UNIVERSITIES_SHOWN universities the
        "more" list keeps those with the most programs, and every university stays reachable through
        its page and the `university` parameter. Both lists are read once per catalog version.
        """
        chosen = {
            name: set(self.data.getlist(name)) if self.data else set() for name in ("university", "field")
        }
        universities = per_version(
            "universities by programs",
            lambda: list(
                University.objects.with_program_count()
                .order_by("-program_count", "name")
                .values_list("slug", "name", "program_count")[: UNIVERSITIES_SHOWN + 1]
            ),
        )
        truncated = len(universities) > UNIVERSITIES_SHOWN
        universities = universities[:UNIVERSITIES_SHOWN]
        listed = {slug for slug, _, _ in universities}
        valid = self.is_bound and self.form.is_valid()
        unlisted = [(slug, name, None) for slug, name in self.chosen("university")] if valid else []
        common, more = [], []
        for index, (slug, name, count) in enumerate(universities):
            if index < UNIVERSITIES_COMMON or slug in chosen["university"]:
                common.append((slug, name, count))
            else:
                more.append((slug, name, count))
        common += [row for row in unlisted if row[0] not in listed]
        more.sort(key=lambda row: row[1].lower())
        return {
            "university": {
                "common": _options("university", common, chosen["university"]),
                "more": _options("university", more, chosen["university"], start=len(common)),
                "truncated": truncated,
                "hint": "The ten with the most programs first; in brackets, how many each offers."
                + (" Every university is on the universities page." if truncated else ""),
            },
            "field": _options(
                "field", [(slug, name, None) for slug, name in field_names().items()], chosen["field"]
            ),
            # The selects' choices as lists: the country choices are read from the database once, here.
            **{name: list(self.form.fields[name].choices) for name in ("sort", "pacing", "country")},
        }

    def applied(self) -> list[Chip]:
        """The filters in use, each a removable chip."""
        chips = []
        for name in self.in_use():
            value = self.form.cleaned_data[name]
            if name in ("university", "field"):
                for slug, title in self.chosen(name):
                    chips.append(Chip(name, f"{self.filters[name].label}: {title}", self.without(name, slug)))
            else:
                chips.append(Chip(name, self.chip_label(name, value), self.without(name)))
        return chips

    def chosen(self, name) -> list[tuple[str, str]]:
        """The valid form's chosen universities or fields as (slug, name), by name."""
        slugs = self.form.cleaned_data.get(name)
        if not slugs:
            return []
        names = self.form.fields[name].names()
        return sorted(((slug, names[slug]) for slug in slugs), key=_by_name)

    def narrowest_to_relax(self) -> dict | None:
        """Of the filters in use, the one whose removal brings back the most programs: its label, the
        query without it and that count; None when removing any one still finds nothing."""
        best = None
        for chip in self.applied():
            count = type(self)(chip.query, queryset=self.queryset).qs.count()
            if count and (best is None or count > best["count"]):
                best = {"label": chip.label, "query": chip.query, "count": count}
        return best

    def chip_label(self, name, value):
        match name:
            case "q":
                return f"Search: “{value}”"
            case "country":
                return f"Country: {value}"
            case "price_max":
                return f"Up to {formatting.money(value)}"
            case "months_max":
                return f"Within {formatting.months(int(value))}"
            case "effort_max":
                return f"At most {formatting.hours_per_week(int(value))}"
            case "pacing":
                return f"Pacing: {Program.Pacing(value).label}"
        return "Counts toward a master's"

    def without(self, name, value=None) -> QueryDict:
        """The query without this filter (or only without this one of its values), from the first page."""
        query = self.data.copy()
        if value is None:
            query.pop(name, None)
        else:
            query.setlist(name, [item for item in query.getlist(name) if item != value])
        query.pop("page", None)
        query._mutable = False
        return query


class Choice(NamedTuple):
    """One checkbox of a group: hashable, so a group's HTML can be kept (catalog_choices)."""

    value: str
    label: str
    count: int | None
    checked: bool
    id: str


def _options(name, rows, chosen, start=0) -> tuple[Choice, ...]:
    """(value, label, count) rows as checkbox options with ids as Django would number them."""
    return tuple(
        Choice(value, label, count, value in chosen, f"id_{name}_{index}")
        for index, (value, label, count) in enumerate(rows, start=start)
    )


def _by_name(pair):
    slug, name = pair
    return name, slug
