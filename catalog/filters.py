"""The programs list's filters and sorts. Each filter's name is its public query parameter."""

import re

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchQueryField, SearchRank, SearchVector
from django.db import connection
from django.db.models import BooleanField, Count, Exists, F, Func, OuterRef, Q
from django.http import QueryDict

from catalog import formatting
from catalog.caching import per_version
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
UNIVERSITIES_SHOWN = 30  # past this many, the form offers the universities with the most matches

# The texts search matches, written as migration 0002's GIN indexes on PostgreSQL index them.
PROGRAM_TEXT = SearchVector("title", "summary", config="english")
UNIVERSITY_TEXT = SearchVector("name", "short_name", config="english")
FIELD_TEXT = SearchVector("name", config="english")  # a few rows: no index needed
COURSE_TEXT = SearchVector("title", "code", config="english")


class Matches(Func):
    """`document @@ query`, as a condition."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class MatchesEmptyText(Func):
    """`''::tsvector @@ query`: true for a query that needs no word at all, such as `-robotics`."""

    template = "(''::tsvector @@ %(expressions)s)"
    output_field = BooleanField()


class AnyLexeme(Func):
    """A tsquery matching any document that holds at least one of the given tsquery's lexemes.

    The lexemes are read from the query's text form, `'suppli' <-> 'chain' & !'x'`, where each is
    quoted and its quotes and backslashes are doubled, then joined with `|`.
    """

    template = (
        "(SELECT string_agg(word[1], ' | ') FROM regexp_matches((%(expressions)s)::text, "
        r"'(''(?:[^''\\]|''''|\\.)*'')', 'g') AS word)::tsquery"
    )
    output_field = SearchQueryField()


class EqualsAny(Func):
    """`column = ANY(ARRAY(subquery))`: unlike `IN (subquery)`, an index can answer it inside an OR."""

    arg_joiner = " = ANY(ARRAY"
    template = "(%(expressions)s))"
    output_field = BooleanField()


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


class ProgramFilter(django_filters.FilterSet):
    q = SearchFilter(
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
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),  # keeps what was typed beside its error
        help_text="Every fee counted; programs with no published price are left out.",
    )
    months_max = django_filters.NumberFilter(
        field_name="calendar_months_max",
        lookup_expr="lte",
        min_value=1,
        max_value=1000,
        label="Done within (months)",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    effort_max = django_filters.NumberFilter(
        field_name="effort_hours_max",
        lookup_expr="lte",
        min_value=1,
        max_value=168,
        label="At most (hours a week)",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
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
            .annotate(document=COURSE_TEXT)
            .filter(document=query)
        )
        # ts_rank is never 0, even without a match: match with @@ and rank only to order.
        return (
            queryset.annotate(search_document=vector, search_rank=SearchRank(vector, query))
            .filter(Q(search_document=query) | in_courses)
            .filter(self.search_candidates(query))
        )

    @staticmethod
    def search_candidates(query):
        """A looser condition every match meets, which the GIN indexes of migration 0002 can answer.

        The match itself cannot use an index: its document joins in the university's and field's
        names. But a program's document matches only if it holds one of the query's words, so the
        candidates are the programs whose own text, university or field holds one, plus those with
        a matching course, each found through an index. A query that even an empty text matches
        (only negated words) gets no shortcut; PostgreSQL folds that test to a constant, so for any
        other query the rest of the OR is all answered by indexes.
        """
        any_word = AnyLexeme(query)
        universities = University.objects.alias(document=UNIVERSITY_TEXT).filter(
            Matches(F("document"), any_word)
        )
        fields = Field.objects.alias(document=FIELD_TEXT).filter(Matches(F("document"), any_word))
        courses = Course.objects.alias(document=COURSE_TEXT).filter(document=query).distinct()
        return (
            Q(MatchesEmptyText(query))
            | Q(Matches(PROGRAM_TEXT, any_word))
            | Q(EqualsAny(F("university_id"), universities.order_by().values("pk")))
            | Q(EqualsAny(F("field_id"), fields.order_by().values("pk")))
            | Q(EqualsAny(F("pk"), courses.order_by().values("program_id")))
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

    def offer_universities(self):
        """Keep the university checkboxes short on a large catalog.

        Up to UNIVERSITIES_SHOWN universities are all listed. Past that, the form lists those with
        the most programs matching the other filters (with their counts) and any already chosen;
        every university stays reachable through its page and the `university` parameter. The fields
        are listed too, from a list kept per catalog version like the universities.
        """
        fields = self.form.fields["field"]
        fields.widget.choices = per_version(
            "fields", lambda: list(fields.queryset.values_list("slug", "name"))
        )
        field = self.form.fields["university"]
        universities = per_version(
            "universities",
            lambda: list(
                field.queryset.order_by("name").values_list("slug", "name")[: UNIVERSITIES_SHOWN + 1]
            ),
        )
        if len(universities) <= UNIVERSITIES_SHOWN:
            field.widget.choices = universities
            return
        others = self.data.copy() if self.data else QueryDict(mutable=True)
        for name in ("university", "page", "sort"):
            others.pop(name, None)
        if not others:  # the whole catalog's: the same for every visitor until the catalog changes
            top = per_version("top universities", self.top_universities)
        elif "university" not in self.data:  # the programs matching are this list's own
            top = self.top_universities(matching=self.qs)
        else:
            top = self.top_universities(others)
        chosen = self.form.cleaned_data.get("university") if self.is_bound and self.form.is_valid() else None
        listed = {slug for slug, _, _ in top}
        extra = [(u.slug, u.name) for u in chosen or () if u.slug not in listed]
        field.widget.choices = extra + [(slug, f"{name} ({count})") for slug, name, count in top]
        field.help_text = (
            "The universities with the most matching programs; see all on the universities page."
        )

    @staticmethod
    def top_universities(others=None, matching=None):
        """(slug, name, matching programs) of the UNIVERSITIES_SHOWN universities with the most
        programs matching the filters `others` (or in the queryset `matching`)."""
        if matching is None:
            matching = ProgramFilter(others or None, queryset=Program.objects.with_figures()).qs
        return list(
            matching.order_by()
            .values_list("university__slug", "university__name")
            .annotate(count=Count("pk"))
            .order_by("-count", "university__name")[:UNIVERSITIES_SHOWN]
        )

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
