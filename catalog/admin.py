"""The editors' catalog: every model, with the derived figures beside the facts they come from.

Totals are never typed in. Lists read them from `Program.objects.for_listing()` (one query for the
page, whatever its length); change forms show them read-only, computed from the saved row by
`with_totals()` and `costs.py`, so an editor sees what learners will see after saving. The same
goes for the US-dollar amounts of prices and fees in other currencies: exchange.py writes them,
the forms only show them.

Every change form refuses a save over values someone else saved after it was opened
(edit_conflicts.py), and every record keeps its history (history.py), shown from each change
form's History link. Degrees and pathways have their pages in admin_degrees.py, the data-gaps desk
is admin_desk.py, "checked today" admin_checks.py.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count

from catalog import costs, exchange, formatting
from catalog.admin_base import (
    CatalogAdmin,
    CatalogInline,
    may_be_stale,
    money_range_shown,
    not_saved,
    stored_program,
)
from catalog.admin_checks import CheckedToday
from catalog.admin_degrees import ProgramPathwayInline  # the module also registers the degree pages
from catalog.models import Course, ExchangeRate, Field, Program, Source, University
from catalog.price_changes import COURSE_PRICE, remember_replaced

# Sources, fields and universities


@admin.register(Source)
class SourceAdmin(CatalogAdmin):
    list_display = ["key", "title", "publisher", "year", "kind"]
    list_filter = ["kind"]
    search_fields = ["key", "title", "url"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(CatalogAdmin):
    """Saving or deleting a rate recomputes the US-dollar amounts in its currency (apps.py)."""

    list_display = ["currency", "units_per_usd", "date", "source", may_be_stale]
    list_filter = ["currency"]
    list_select_related = ["source"]
    search_fields = ["currency", "source__key", "source__title"]
    autocomplete_fields = ["source"]
    date_hierarchy = "date"


class ProgramCountColumn:
    """A sortable "programs" column: how many programs each listed field or university has."""

    ordering = ["name"]  # Meta.ordering is dropped once Count() groups the rows

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(program_count=Count("programs"))

    @admin.display(description="programs", ordering="program_count")
    def program_count(self, obj):
        return obj.program_count


@admin.register(Field)
class FieldAdmin(ProgramCountColumn, CatalogAdmin):
    list_display = ["name", "slug", "program_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(University)
class UniversityAdmin(ProgramCountColumn, CatalogAdmin):
    list_display = ["name", "short_name", "country", "program_count"]
    search_fields = ["name", "short_name", "country"]
    prepopulated_fields = {"slug": ["name"]}


# Programs and their courses


class CourseInline(CatalogInline):
    # Prerequisites are edited on the course's own page: they point at courses of any program.
    model = Course
    fields = [
        "position",
        "code",
        "title",
        "kind",
        "weeks",
        "effort_hours_min",
        "effort_hours_max",
        "price",
        "price_currency",
        "price_year",
        "price_usd",
    ]
    readonly_fields = ["price_usd"]
    ordering = ["position"]
    extra = 1


class HasPathwayFilter(admin.SimpleListFilter):
    title = "has a credit pathway (not retired)"
    parameter_name = "has_pathway"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        # The changelist's queryset is for_listing(), which annotates has_pathway.
        if self.value() in ("yes", "no"):
            return queryset.filter(has_pathway=self.value() == "yes")
        return queryset


@admin.register(Program)
class ProgramAdmin(CheckedToday, CatalogAdmin):
    list_display = [
        "title",
        "university",
        "field",
        "status",
        "pacing",
        "price",
        "weeks",
        "credit_share",
        "has_pathway",
        "verified_on",
        may_be_stale,
    ]
    list_filter = ["university", "field", "pacing", "status", HasPathwayFilter]
    list_select_related = ["university", "field"]
    search_fields = ["title", "slug", "university__name", "field__name", "courses__title", "courses__code"]
    autocomplete_fields = ["university", "field", "sources"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [
        "converted_exam_fee",
        "stored_total_price",
        "income_range",
        "stored_total_weeks",
        "calendar_months",
    ]
    inlines = [CourseInline, ProgramPathwayInline]
    fieldsets = [
        (
            "Identity",
            {"fields": ["title", "slug", "university", "field", "summary", "status", "status_note"]},
        ),
        (
            "Price",
            {
                "fields": [
                    "currency",
                    "course_count",
                    "electives_required",
                    ("exam_fee", "exam_fee_currency", "exam_fee_label", "exam_fee_year"),
                    "converted_exam_fee",
                    ("published_total", "published_total_year"),
                    ("income_price_min", "income_price_max"),
                    "stored_total_price",
                    "income_range",
                    "other_course_prices",
                ]
            },
        ),
        (
            "Time and effort",
            {
                "fields": [
                    ("pacing", "pacing_note"),
                    ("effort_hours_min", "effort_hours_max"),
                    ("months_min", "months_max"),
                    "stored_total_weeks",
                    "calendar_months",
                ]
            },
        ),
        (
            "Provenance",
            {"fields": ["url", "sources", "figure_sources", "verified_on", "facts_year", "caveat", "notes"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).for_listing()

    def save_formset(self, request, form, formset, change):
        if formset.model is Course:
            for course_form in formset.forms:
                if course_form.has_changed() and not formset._should_delete_form(course_form):
                    remember_replaced(course_form, COURSE_PRICE)
        super().save_formset(request, form, formset, change)

    # The list: annotations from for_listing(), so sorting happens in SQL.

    @admin.display(description="total price", ordering="total_price")
    def price(self, program):
        return formatting.money(program.total_price, program.currency)

    @admin.display(description="total weeks", ordering="total_weeks")
    def weeks(self, program):
        return program.total_weeks

    @admin.display(description="best credit share", ordering="best_credit_share")
    def credit_share(self, program):
        return None if program.best_credit_share is None else formatting.percent(program.best_credit_share)

    @admin.display(boolean=True, description="has pathway", ordering="has_pathway")
    def has_pathway(self, program):
        return program.has_pathway

    # The change form: figures of the saved program.

    @admin.display(description="total price")
    def stored_total_price(self, program):
        if program.pk is None:
            return not_saved(program)
        stored = stored_program(program)
        total = formatting.money(stored.total_price, stored.currency)
        return f"{total} (converted from other currencies)" if stored.total_converted else total

    @admin.display(description="exam fee in US dollars")
    def converted_exam_fee(self, program):
        """The stored amount the totals use, and the rate it was converted at."""
        if program.pk is None:
            return not_saved(program)
        stored = stored_program(program)
        if stored.exam_fee is None or stored.exam_fee_currency == "USD":
            return formatting.money(stored.exam_fee_usd)
        conversion = exchange.usd_amount(
            stored.exam_fee,
            stored.exam_fee_currency,
            stored.exam_fee_year,
            exchange.rates_by_currency([stored.exam_fee_currency]),
        )
        if conversion is None:
            return f"not converted: no {stored.exam_fee_currency} rate on file"
        rate = formatting.exchange_rate(
            conversion.rate.currency,
            conversion.rate.units_per_usd,
            conversion.rate.date,
            conversion.rate.period,
        )
        return f"about {formatting.money(stored.exam_fee_usd)} at {rate}"

    @admin.display(description="income-based total")
    def income_range(self, program):
        if program.pk is None:
            return not_saved(program)
        stored = stored_program(program)
        return money_range_shown(costs.income_price_range(stored), stored.currency)

    @admin.display(description="total weeks")
    def stored_total_weeks(self, program):
        if program.pk is None:
            return not_saved(program)
        return stored_program(program).total_weeks

    @admin.display(description="calendar months")
    def calendar_months(self, program):
        if program.pk is None:
            return not_saved(program)
        months = costs.program_months(stored_program(program))
        return formatting.months(*months) if months else formatting.NOT_PUBLISHED


class CourseForm(CatalogAdmin.form):
    """The course page's form, which also checks the prerequisites chosen (Course.validate_prerequisites).

    They are saved after the course itself, so the model's own clean() cannot see them.
    """

    def clean(self):
        cleaned_data = super().clean()
        prerequisites, program = cleaned_data.get("prerequisites"), cleaned_data.get("program")
        if prerequisites is not None and program is not None:
            try:
                self.instance.validate_prerequisites(prerequisites, program=program)
            except ValidationError as error:
                self.add_error("prerequisites", error)
        return cleaned_data


@admin.register(Course)
class CourseAdmin(CatalogAdmin):
    """Mainly for prerequisites; courses are listed and priced in their program's page."""

    form = CourseForm

    list_display = ["__str__", "program", "position", "kind", "price", "price_currency", "price_usd"]
    list_filter = ["kind", "price_currency"]
    list_select_related = ["program"]
    search_fields = ["code", "title", "program__title"]
    autocomplete_fields = ["program", "prerequisites"]
    readonly_fields = ["price_usd"]

    def save_model(self, request, obj, form, change):
        remember_replaced(form, COURSE_PRICE)
        super().save_model(request, obj, form, change)
