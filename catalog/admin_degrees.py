"""The editors' pages for master's degrees and the credit pathways into them (see admin.py)."""

from django.contrib import admin

from catalog import costs, formatting
from catalog.admin_base import (
    PATHWAY_INLINE_FIELDS,
    CatalogAdmin,
    CatalogInline,
    may_be_stale,
    money_range_shown,
    not_saved,
    share_range_shown,
    stored_program,
)
from catalog.admin_checks import CheckedToday
from catalog.models import CreditPathway, Degree
from catalog.price_changes import DEGREE_TUITION, remember_replaced

# The pathways of a program (on its page in admin.py) and into a degree


class PathwayInline(CatalogInline):
    model = CreditPathway
    extra = 0


class ProgramPathwayInline(PathwayInline):
    fields = ["degree", *PATHWAY_INLINE_FIELDS]
    autocomplete_fields = ["degree"]


class DegreePathwayInline(PathwayInline):
    fields = ["program", *PATHWAY_INLINE_FIELDS]
    autocomplete_fields = ["program"]


# Degrees and pathways


@admin.register(Degree)
class DegreeAdmin(CheckedToday, CatalogAdmin):
    list_display = [
        "title",
        "university",
        "format",
        "tuition",
        "total_tuition",
        "months",
        "verified_on",
        may_be_stale,
    ]
    list_filter = ["format", "tuition_unit", "tuition_currency", "university"]
    list_select_related = ["university"]
    search_fields = ["title", "slug", "university__name"]
    autocomplete_fields = ["university", "field", "sources"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["total_tuition"]
    inlines = [DegreePathwayInline]
    fieldsets = [
        ("Identity", {"fields": ["title", "slug", "university", "field", ("format", "format_note")]}),
        (
            "Tuition",
            {
                "fields": [
                    ("tuition_amount", "tuition_currency", "tuition_unit", "tuition_count"),
                    "tuition_year",
                    "tuition_note",
                    "tuition_history",
                    "total_tuition",
                ]
            },
        ),
        ("Credits and time", {"fields": [("credits_total", "credit_unit"), ("months_min", "months_max")]}),
        (
            "Provenance",
            {"fields": ["url", "sources", "figure_sources", "verified_on", "facts_year", "caveat"]},
        ),
    ]

    def save_model(self, request, obj, form, change):
        remember_replaced(form, DEGREE_TUITION)
        super().save_model(request, obj, form, change)

    @admin.display(description="tuition", ordering="tuition_amount")
    def tuition(self, degree):
        if degree.tuition_amount is None:
            return formatting.NOT_PUBLISHED
        return f"{formatting.money(degree.tuition_amount, degree.tuition_currency)} {degree.get_tuition_unit_display()}"

    @admin.display(description="total tuition")
    def total_tuition(self, degree):
        return formatting.money(costs.degree_total_tuition(degree), degree.tuition_currency)

    @admin.display(description="months")
    def months(self, degree):
        return formatting.months(degree.months_min, degree.months_max)


@admin.register(CreditPathway)
class CreditPathwayAdmin(CheckedToday, CatalogAdmin):
    list_display = ["program", "degree", "credit_share", "status", "verified_on", may_be_stale]
    list_filter = ["status"]
    list_select_related = ["program__university", "degree__university"]
    search_fields = ["slug", "program__title", "degree__title"]
    autocomplete_fields = ["program", "degree", "sources"]
    readonly_fields = ["credit_share", "remaining_tuition", "total_via_pathway", "months_via_pathway"]

    def _cost(self, pathway):
        return costs.pathway_cost(pathway, program=stored_program(pathway.program))

    @admin.display(description="credit share")
    def credit_share(self, pathway):
        return share_range_shown(costs.credit_share(pathway))

    def _money_shown(self, pathway, amount):
        if pathway.pk is None:
            return not_saved(pathway)
        cost = self._cost(pathway)
        return money_range_shown(getattr(cost, amount), cost.currency)

    @admin.display(description="remaining tuition")
    def remaining_tuition(self, pathway):
        return self._money_shown(pathway, "remaining_tuition")

    @admin.display(description="total through the pathway")
    def total_via_pathway(self, pathway):
        return self._money_shown(pathway, "total")

    @admin.display(description="months through the pathway")
    def months_via_pathway(self, pathway):
        if pathway.pk is None:
            return not_saved(pathway)
        months = self._cost(pathway).months
        return None if months is None else f"{months} months"
