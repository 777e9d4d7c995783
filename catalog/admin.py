"""The editors' catalog: every model, with the derived figures beside the facts they come from.

Totals are never typed in. Lists read them from `Program.objects.for_listing()` (one query for the
page, whatever its length); change forms show them read-only, computed from the saved row by
`with_totals()` and `pricing.py`, so an editor sees what learners will see after saving. The same
goes for the US-dollar amounts of prices and fees in other currencies: exchange.py writes them,
the forms only show them.

Every change form refuses a save over values someone else saved after it was opened
(edit_conflicts.py), and every record keeps its history (history.py), shown from each change form's History link.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count

from catalog import exchange, formatting, pricing
from catalog.admin_base import CatalogAdmin, CatalogInline, HttpsUrls
from catalog.admin_checks import CheckedToday
from catalog.models import Course, CreditPathway, Degree, ExchangeRate, Field, Program, Source, University
from catalog.price_changes import COURSE_PRICE, DEGREE_TUITION, remember_replaced


def _money_range(money_range, currency):
    if money_range is None:
        return formatting.NOT_PUBLISHED
    return formatting.money_range(money_range.low, money_range.high, currency)


def _share_range(share):
    return formatting.NOT_PUBLISHED if share is None else formatting.percent_range(share.low, share.high)


def _not_saved(obj):
    return f"— saved {obj._meta.verbose_name_plural} only"


def _stored_program(program):
    """The program as saved, with its `with_totals()` annotations; fetched once per form.

    The form's instance may hold unsaved edits (a POST with errors), so the read-only figures come
    from the stored row.
    """
    if not hasattr(program, "_stored_with_totals"):
        program._stored_with_totals = Program.objects.with_totals().get(pk=program.pk)
    return program._stored_with_totals


@admin.display(boolean=True, description="may be out of date")
def may_be_stale(obj):
    return obj.is_stale()


# Sources, fields and universities


@admin.register(Source)
class SourceAdmin(HttpsUrls, CatalogAdmin):
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


@admin.register(Field)
class FieldAdmin(HttpsUrls, CatalogAdmin):
    list_display = ["name", "slug", "program_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name"]  # Meta.ordering is dropped once Count() groups the rows

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(program_count=Count("programs"))

    @admin.display(description="programs", ordering="program_count")
    def program_count(self, field):
        return field.program_count


@admin.register(University)
class UniversityAdmin(HttpsUrls, CatalogAdmin):
    list_display = ["name", "short_name", "country", "program_count"]
    search_fields = ["name", "short_name", "country"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name"]  # Meta.ordering is dropped once Count() groups the rows

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(program_count=Count("programs"))

    @admin.display(description="programs", ordering="program_count")
    def program_count(self, university):
        return university.program_count


# Programs and their courses

PATHWAY_INLINE_FIELDS = [
    "slug",
    "status",
    "credits_granted",
    "credits_required",
    "share_min",
    "share_max",
    "verified_on",
]


class CourseInline(HttpsUrls, CatalogInline):
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


class ProgramPathwayInline(HttpsUrls, CatalogInline):
    model = CreditPathway
    fields = ["degree", *PATHWAY_INLINE_FIELDS]
    autocomplete_fields = ["degree"]
    extra = 0


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
class ProgramAdmin(CheckedToday, HttpsUrls, CatalogAdmin):
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
            return _not_saved(program)
        stored = _stored_program(program)
        total = formatting.money(stored.total_price, stored.currency)
        return f"{total} (converted from other currencies)" if stored.total_converted else total

    @admin.display(description="exam fee in US dollars")
    def converted_exam_fee(self, program):
        """The stored amount the totals use, and the rate it was converted at."""
        if program.pk is None:
            return _not_saved(program)
        stored = _stored_program(program)
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
            return _not_saved(program)
        stored = _stored_program(program)
        return _money_range(pricing.income_price_range(stored), stored.currency)

    @admin.display(description="total weeks")
    def stored_total_weeks(self, program):
        if program.pk is None:
            return _not_saved(program)
        return _stored_program(program).total_weeks

    @admin.display(description="calendar months")
    def calendar_months(self, program):
        if program.pk is None:
            return _not_saved(program)
        months = pricing.program_months(_stored_program(program))
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
class CourseAdmin(HttpsUrls, CatalogAdmin):
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


# Degrees and the pathways into them


class DegreePathwayInline(HttpsUrls, CatalogInline):
    model = CreditPathway
    fields = ["program", *PATHWAY_INLINE_FIELDS]
    autocomplete_fields = ["program"]
    extra = 0


@admin.register(Degree)
class DegreeAdmin(CheckedToday, HttpsUrls, CatalogAdmin):
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
        return formatting.money(pricing.degree_total_tuition(degree), degree.tuition_currency)

    @admin.display(description="months")
    def months(self, degree):
        return formatting.months(degree.months_min, degree.months_max)


@admin.register(CreditPathway)
class CreditPathwayAdmin(CheckedToday, HttpsUrls, CatalogAdmin):
    list_display = ["program", "degree", "credit_share", "status", "verified_on", may_be_stale]
    list_filter = ["status"]
    list_select_related = ["program__university", "degree__university"]
    search_fields = ["slug", "program__title", "degree__title"]
    autocomplete_fields = ["program", "degree", "sources"]
    readonly_fields = ["credit_share", "remaining_tuition", "total_via_pathway", "months_via_pathway"]

    def _cost(self, pathway):
        return pricing.pathway_cost(pathway, program=_stored_program(pathway.program))

    @admin.display(description="credit share")
    def credit_share(self, pathway):
        return _share_range(pricing.credit_share(pathway))

    @admin.display(description="remaining tuition")
    def remaining_tuition(self, pathway):
        if pathway.pk is None:
            return _not_saved(pathway)
        cost = self._cost(pathway)
        return _money_range(cost.remaining_tuition, cost.currency)

    @admin.display(description="total through the pathway")
    def total_via_pathway(self, pathway):
        if pathway.pk is None:
            return _not_saved(pathway)
        cost = self._cost(pathway)
        return _money_range(cost.total, cost.currency)

    @admin.display(description="months through the pathway")
    def months_via_pathway(self, pathway):
        if pathway.pk is None:
            return _not_saved(pathway)
        months = self._cost(pathway).months
        return None if months is None else f"{months} months"
