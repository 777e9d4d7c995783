"""The degree index's filters. Each filter's name is its public query parameter."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef

from catalog.caching import per_version
from catalog.models import CreditPathway, Degree, Field


def currency_choices():
    currencies = (
        Degree.objects.exclude(tuition_currency="")
        .order_by("tuition_currency")
        .values_list("tuition_currency", flat=True)
        .distinct()
    )
    return [(currency, currency) for currency in currencies]


class DegreeFilter(django_filters.FilterSet):
    field = django_filters.ModelChoiceFilter(
        field_name="field",  # compared as the chosen row; the URL names it by slug
        to_field_name="slug",
        queryset=Field.objects.filter(degrees__isnull=False).distinct().order_by("name"),
        distinct=False,  # a degree has one field
        label="Field",
        empty_label="Any field",
    )
    format = django_filters.ChoiceFilter(
        choices=Degree.Format.choices, label="Format", empty_label="Any format"
    )
    currency = django_filters.ChoiceFilter(
        field_name="tuition_currency",
        choices=[],  # read from the catalog once per request, in __init__
        label="Tuition quoted in",
        empty_label="Any currency",
        help_text="Tuition is shown as its source quotes it, with an approximate US-dollar figure.",
    )
    credit = django_filters.BooleanFilter(
        widget=forms.CheckboxInput,
        label="A MicroMasters counts toward it",
        help_text="Has a credit pathway from a MicroMasters program that is not known to be retired.",
        method="with_credit",
    )

    class Meta:
        model = Degree
        fields = ["field", "format", "currency", "credit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A list, not a callable: the form would otherwise ask again to validate and to render.
        self.filters["currency"].extra["choices"] = per_version("degree currencies", currency_choices)

    def with_credit(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Exists(CreditPathway.objects.open().filter(degree=OuterRef("pk"))))
