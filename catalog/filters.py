"""The programs list's filters and sorts. Each filter's name is its public query parameter."""

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q

from catalog import formatting
from catalog.models import Course, Field, Program, University

SORTS = {
    "relevance": ("Best match", None),
    "price": ("Price: low to high", F("price_from").asc(nulls_last=True)),
    "-price": ("Price: high to low", F("price_from").desc(nulls_last=True)),
    "months": ("Duration: shortest first", F("calendar_months_max").asc(nulls_last=True)),
    "effort": ("Weekly effort: lightest first", F("effort_hours_max").asc(nulls_last=True)),
    "credit": ("Most credit toward a master's", F("best_credit_share").desc(nulls_last=True)),
    "title": ("Title (A to Z)", None),
}
MAX_NUMBER = 1_000_000


def country_choices():
    countries = University.objects.filter(programs__isnull=False).values_list("country", flat=True)
    return [(country, country) for country in sorted(set(countries))]


class ProgramFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label="Search",
        max_length=200,
        help_text="Words in the title, summary, university, field or course titles.",
    )
    university = django_filters.ModelMultipleChoiceFilter(
        field_name="university__slug",
        to_field_name="slug",
        queryset=University.objects.filter(programs__isnull=False).distinct(),
        distinct=False,  # a program has one university: DISTINCT over the annotated rows would only cost
        widget=forms.CheckboxSelectMultiple,
        label="University",
    )
    field = django_filters.ModelMultipleChoiceFilter(
        field_name="field__slug",
        to_field_name="slug",
        queryset=Field.objects.filter(programs__isnull=False).distinct(),
        distinct=False,
        widget=forms.CheckboxSelectMultiple,
        label="Field",
    )
    country = django_filters.ChoiceFilter(
        field_name="university__country", choices=country_choices, label="Country", empty_label="Any country"
    )
    price_max = django_filters.NumberFilter(
        field_name="price_from",
        lookup_expr="lte",
        min_value=0,
        max_value=MAX_NUMBER,
        label="Total price up to (USD)",
        help_text="Every fee counted; programs with no published price are left out.",
    )
    months_max = django_filters.NumberFilter(
        field_name="calendar_months_max",
        lookup_expr="lte",
        min_value=1,
        max_value=1000,
        label="Done within (months)",
    )
    effort_max = django_filters.NumberFilter(
        field_name="effort_hours_max",
        lookup_expr="lte",
        min_value=1,
        max_value=168,
        label="At most (hours a week)",
    )
    pacing = django_filters.ChoiceFilter(
        choices=Program.Pacing.choices, label="Pacing", empty_label="Any pacing"
    )
    credit = django_filters.BooleanFilter(
        field_name="has_pathway",
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

    def search(self, queryset, name, value):
        words = value.split()
        if not words:
            return queryset
        if connection.vendor == "postgresql":
            return self.full_text_search(queryset, value)
        for word in words:
            in_courses = Exists(
                Course.objects.filter(program=OuterRef("pk")).filter(
                    Q(title__icontains=word) | Q(code__icontains=word)
                )
            )
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(university__name__icontains=word)
                | Q(university__short_name__icontains=word)
                | Q(field__name__icontains=word)
                | in_courses
            )
        return queryset

    def full_text_search(self, queryset, value):
        query = SearchQuery(value, search_type="websearch", config="english")
        vector = (
            SearchVector("title", weight="A", config="english")
            + SearchVector(
                "university__name", "university__short_name", "field__name", weight="B", config="english"
            )
            + SearchVector("summary", weight="C", config="english")
        )
        in_courses = Exists(
            Course.objects.filter(program=OuterRef("pk"))
            .annotate(document=SearchVector("title", "code", config="english"))
            .filter(document=query)
        )
        # ts_rank is never 0, even without a match: match with @@ and rank only to order.
        return queryset.annotate(search_document=vector, search_rank=SearchRank(vector, query)).filter(
            Q(search_document=query) | in_courses
        )

    def with_credit(self, queryset, name, value):
        return queryset.filter(has_pathway=True) if value else queryset

    def sort_by(self, queryset, name, value):
        return queryset  # ordering is applied last, in `qs`, so it also covers the default

    @property
    def qs(self):
        queryset = super().qs
        sort = self.form.cleaned_data.get("sort") if self.is_bound and self.form.is_valid() else None
        searching = bool(self.form.cleaned_data.get("q")) if self.is_bound and self.form.is_valid() else False
        if not sort:
            sort = "relevance" if searching else "title"
        expression = SORTS[sort][1]
        if sort == "relevance" and searching and connection.vendor == "postgresql":
            return queryset.order_by(F("search_rank").desc(nulls_last=True), "title", "pk")
        if expression is None:
            return queryset.order_by("title", "pk")
        return queryset.order_by(expression, "title", "pk")

    def applied(self):
        """The filters in use, each as (parameter, label, query string without it), for removable chips."""
        if not self.is_bound or not self.form.is_valid():
            return []
        data = self.form.cleaned_data
        chips = []
        for name in self.Meta.fields:
            value = data.get(name)
            if value in (None, "", False) or (hasattr(value, "exists") and not value):
                continue
            if name in ("university", "field"):
                for item in value:
                    chips.append((name, f"{self.filters[name].label}: {item}", self.without(name, item.slug)))
            else:
                chips.append((name, self.chip_label(name, value), self.without(name)))
        return chips

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

    def without(self, name, value=None):
        query = self.data.copy()
        if value is None:
            query.pop(name, None)
        else:
            query.setlist(name, [item for item in query.getlist(name) if item != value])
        query.pop("page", None)
        return query.urlencode()
