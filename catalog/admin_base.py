"""What every catalog admin page shares: autocomplete that survives junk, capped inlines, stale
edits refused (edit_conflicts.py), the history of each record (django-simple-history) and the
"checked today" button and action for records with a verified date (admin_checks.py)."""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from catalog import formatting
from catalog.edit_conflicts import RefuseStaleEdits, valid_keys
from catalog.models import Program
from micromasters.signin import AdminSignInForm

# One admin site for the project; its sign-in form also limits guessing per account.
admin.site.login_form = AdminSignInForm

# The most rows an inline formset accepts: a program has at most 10 courses and 5 pathways, a
# degree 8 pathways. A POST claiming more (TOTAL_FORMS=100000) is refused after this many forms.
INLINE_MAX_ROWS = 30


class KnownKeysOnly:
    """Autocomplete widget mixin: a submitted value that is no key (`university=abc`) selects nothing.

    Django's widget looks the submitted values up to show them again beside the form's errors, and
    a value that cannot be a key makes that query fail: a 500 instead of "Select a valid choice".
    """

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        target = remote.model._meta.get_field(
            getattr(remote, "field_name", None) or remote.model._meta.pk.name
        )
        keys = {str(key) for key in valid_keys(target, value)}
        return super().optgroups(name, [item for item in value if str(item) in keys], attr)


class KnownKeysAutocompleteSelect(KnownKeysOnly, AutocompleteSelect):
    pass


class KnownKeysAutocompleteSelectMultiple(KnownKeysOnly, AutocompleteSelectMultiple):
    pass


class CatalogFormFields:
    """For model admins and inlines: https assumed in URLs, autocomplete widgets that survive values
    that are no keys."""

    # Django 6 assumes https for scheme-less URLs typed into forms; do so now.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget", KnownKeysAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                KnownKeysAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class CatalogAdmin(RefuseStaleEdits, CatalogFormFields, SimpleHistoryAdmin):
    """Every catalog model's admin: stale edits refused, autocomplete safe, history kept and shown."""


class CatalogInline(CatalogFormFields, admin.TabularInline):
    """Inline rows, at most INLINE_MAX_ROWS of them whatever the management form claims."""

    max_num = INLINE_MAX_ROWS

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("absolute_max", INLINE_MAX_ROWS)
        return super().get_formset(request, obj, **kwargs)


# Shared by the change forms of programs, degrees and pathways

PATHWAY_INLINE_FIELDS = [
    "slug",
    "status",
    "credits_granted",
    "credits_required",
    "share_min",
    "share_max",
    "verified_on",
]


def money_range_shown(money_range, currency):
    if money_range is None:
        return formatting.NOT_PUBLISHED
    return formatting.money_range(money_range.low, money_range.high, currency)


def share_range_shown(share):
    return formatting.NOT_PUBLISHED if share is None else formatting.percent_range(share.low, share.high)


def not_saved(obj):
    return f"— saved {obj._meta.verbose_name_plural} only"


def stored_program(program):
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
