""" "Checked today": staff who re-read a record's sources say so in one click.

On a program, degree or pathway, the change form's "Save and mark checked today" button and the
list's action set the verified date to today and the editor as who checked, and the history records
it. The "may be out of date" flag then clears, unless the record's newest figure is itself older
than the 18-month rule: checking that a 2019 price is still the one published does not make it a
recent price, so the message says which records still need newer figures.
"""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.utils import timezone

CHECKED_BUTTON = "_checked_today"
CHECKED_REASON = "checked against its sources"


def mark_checked(record, user) -> None:
    """Set the record's verified date to today and who checked it; the save keeps its history."""
    record.verified_on = timezone.localdate()
    record.verified_by = user
    record._history_user = user
    record._change_reason = CHECKED_REASON


@admin.action(description="Mark checked today against their sources")
def mark_checked_today(modeladmin, request, queryset):
    records = list(queryset)
    for record in records:
        mark_checked(record, request.user)
        record.save(update_fields=["verified_on", "verified_by"])
    noun = modeladmin.opts.verbose_name if len(records) == 1 else modeladmin.opts.verbose_name_plural
    modeladmin.message_user(request, f"Marked {len(records)} {noun} as checked today.", messages.SUCCESS)
    _warn_still_stale(modeladmin, request, records)


def _warn_still_stale(modeladmin, request, records) -> None:
    still = [record for record in records if record.is_stale()]
    if still:
        names = "; ".join(f"{record} ({', '.join(record.stale_reasons())})" for record in still[:10])
        more = f" and {len(still) - 10} more" if len(still) > 10 else ""
        modeladmin.message_user(
            request,
            f"Still marked “may be out of date”, since their figures are old: {names}{more}. "
            "Enter the newer figures and their year to clear it.",
            messages.WARNING,
        )


class CheckedToday:
    """ModelAdmin mixin for models with `verified_on` and `verified_by` (Provenance)."""

    actions = [mark_checked_today]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "verified_by"]

    def get_fieldsets(self, request, obj=None):
        return [
            (name, {**options, "fields": _after_verified_on(options["fields"])})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_mark_checked"] = change and obj is not None and self.has_change_permission(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if change and CHECKED_BUTTON in request.POST:
            mark_checked(obj, request.user)
        super().save_model(request, obj, form, change)

    def response_change(self, request, obj):
        if CHECKED_BUTTON not in request.POST:
            return super().response_change(request, obj)
        self.message_user(request, f"Saved “{obj}” and marked it checked today.", messages.SUCCESS)
        _warn_still_stale(self, request, [obj])
        return HttpResponseRedirect(request.path)


def _after_verified_on(fields):
    """The fieldset's fields with `verified_by` beside `verified_on`, where that is one of them."""
    if "verified_on" not in fields:
        return fields
    return [
        ("verified_on", "verified_by") if field == "verified_on" else field
        for field in fields
        if field != "verified_by"
    ]
