"""The admin refuses to save a change form opened before someone else saved the same row.

Two editors open one program; B saves a new course price; A, from the page opened earlier, changes
only the title and saves. Django's admin writes every field of A's form, so B's price would silently
go back. Here every change form carries a signed record of the values it was opened with: the
row's editable fields and the rows of its inlines. On save the row is locked until the save
commits, the stored values are read again, and if any differ from that record the form is refused,
listing each value someone else changed with theirs (stored now) and yours (in this form). The
form comes back with a record of the values stored now, so saving it again after reading the list
is a deliberate choice to replace theirs.

The record holds values already stored, so no model needs a version column. A POST without the
record (not sent by the change form) is not checked.
"""

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core import signing
from django.core.exceptions import ValidationError

OPENED_FIELD = "opened_values"
SALT = "catalog.edit_conflicts"
EMPTY = "(empty)"


class OpenedValuesField(forms.CharField):
    """The hidden record of the opened values; never a change of its own in the admin log."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


class OpenedValuesForm(forms.ModelForm):
    opened_values = OpenedValuesField(required=False)


class RefuseStaleEdits:
    """ModelAdmin mixin: change forms carry the opened values and refuse a save over newer ones."""

    form = OpenedValuesForm

    def get_fields(self, request, obj=None):
        return [name for name in super().get_fields(request, obj) if name != OPENED_FIELD]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets  # nothing to guard, and a read-only page cannot show a form-only field
        if OPENED_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *others = fieldsets
        return [(name, {**options, "fields": [*options["fields"], OPENED_FIELD]}), *others]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or OPENED_FIELD not in form_class.base_fields:
            return form_class
        model_admin = self

        class GuardedForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if not self.is_bound:
                    state = model_admin.stored_state(request, type(self), self.instance.pk)
                    self.fields[OPENED_FIELD].initial = signing.dumps(state, salt=SALT, compress=True)

            def clean(self):
                cleaned_data = super().clean()
                model_admin.refuse_stale_edit(request, self)
                return cleaned_data

        return GuardedForm

    def stored_state(self, request, form_class, pk, *, lock=False):
        """The stored values this change form edits: its row's fields and its inline rows.

        None when the row no longer exists. With `lock`, the row stays locked until the transaction
        that the admin wraps each save in commits, so no other save slips in after the check.
        """
        rows = self.model._default_manager.filter(pk=pk)
        stored = (rows.select_for_update() if lock else rows).first()
        if stored is None:
            return None
        state = {"fields": _values(stored, _model_field_names(form_class)), "inlines": {}}
        for formset, _inline in self.get_formsets_with_inlines(request, stored):
            names = _model_field_names(formset.form)
            related = formset.model._default_manager.filter(**{formset.fk.name: stored}).order_by("pk")
            state["inlines"][formset.get_default_prefix()] = {
                str(row.pk): _values(row, names) for row in related
            }
        return state

    def refuse_stale_edit(self, request, form):
        """Add the form error listing what changed since the form was opened, if anything did."""
        opened_token = form.data.get(form.add_prefix(OPENED_FIELD), "")
        if not opened_token:
            return
        current = self.stored_state(request, type(form), form.instance.pk, lock=True)
        if current is None:
            form.add_error(
                None, f"This {self.opts.verbose_name} was deleted by someone else since you opened it."
            )
            return
        try:
            opened = signing.loads(opened_token, salt=SALT)
        except signing.BadSignature:
            opened = None
        if opened == current:
            return
        if opened is None:
            messages = [
                "This form's record of when you opened it is unreadable (the site may have restarted)."
            ]
        else:
            messages = [
                f"This {self.opts.verbose_name} was changed by someone else since you opened it:",
                *_differences(opened, current, form, self.model),
            ]
        messages.append(
            "Saving again replaces their values with yours; reload the page to start from theirs."
        )
        form.add_error(None, ValidationError(messages, code="changed_since_opened"))
        # The page comes back with the values stored now as its record, so saving again is deliberate.
        form.data = form.data.copy()
        form.data[form.add_prefix(OPENED_FIELD)] = signing.dumps(current, salt=SALT, compress=True)


def _model_field_names(form_class):
    """The form's fields that are fields of its model, in form order."""
    model_fields = {field.name for field in form_class._meta.model._meta.get_fields() if field.concrete}
    model_fields |= {field.name for field in form_class._meta.model._meta.many_to_many}
    return [name for name in form_class.base_fields if name in model_fields]


def _values(row, names):
    values = {}
    for name in names:
        field = row._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(str(pk) for pk in getattr(row, name).values_list("pk", flat=True))
        else:
            value = field.value_from_object(row)
            values[name] = value if isinstance(value, dict | list) else field.value_to_string(row)
    return values


def _differences(opened, current, form, model):
    """One line per value someone else changed: where, theirs, yours."""
    lines = []
    for name, opened_value in opened["fields"].items():
        if current["fields"].get(name) != opened_value:
            field = model._meta.get_field(name)
            label = form.fields[name].label if name in form.fields else field.verbose_name
            theirs = _shown(field, current["fields"].get(name))
            yours = _shown(field, _submitted(form, name, field))
            lines.append(f"{label}: theirs {theirs}; yours {yours}.")
    for prefix, opened_rows in opened["inlines"].items():
        current_rows = current["inlines"].get(prefix, {})
        inline_model = _inline_model(model, prefix)
        noun = inline_model._meta.verbose_name
        for pk, values in current_rows.items():
            if pk not in opened_rows:
                lines.append(f"{noun.capitalize()} “{_label(inline_model, pk)}” was added by someone else.")
                continue
            for name, value in values.items():
                if opened_rows[pk].get(name) != value:
                    field = inline_model._meta.get_field(name)
                    yours = _shown(field, _submitted_in_inline(form.data, prefix, pk, name))
                    lines.append(
                        f"{field.verbose_name.capitalize()} of {noun} “{_label(inline_model, pk)}”: "
                        f"theirs {_shown(field, value)}; yours {yours}."
                    )
        for pk in opened_rows.keys() - current_rows.keys():
            lines.append(f"{noun.capitalize()} {pk} (as you opened it) was deleted by someone else.")
    return lines


def _label(model, pk):
    return str(model._default_manager.get(pk=pk))


def _inline_model(model, prefix):
    for relation in model._meta.related_objects:
        if relation.get_accessor_name() == prefix:
            return relation.related_model
    raise LookupError(f"{model.__name__} has no inline rows called {prefix!r}")


def _submitted(form, name, field):
    """This form's value for a field of its row: cleaned if it is valid, else as typed."""
    if name in getattr(form, "cleaned_data", {}):
        value = form.cleaned_data[name]
        if field.many_to_many:
            return sorted(str(item.pk) for item in value)
        if field.is_relation:
            return None if value is None else str(value.pk)
        return value if isinstance(value, dict | list) else field.to_python(value)
    if field.many_to_many:
        return form.data.getlist(form.add_prefix(name))
    return form.data.get(form.add_prefix(name))


def _submitted_in_inline(data, prefix, pk, name):
    """The value this form sends for one field of an inline row, found by the row's id."""
    for key, value in data.items():
        if key.startswith(f"{prefix}-") and key.endswith("-id") and value == pk:
            return data.get(f"{key.removesuffix('-id')}-{name}")
    return None


def _shown(field, value):
    """A value as an editor reads it: a related row's name, a choice's label, (empty) for nothing."""
    if value in (None, "", [], {}):
        return EMPTY
    if field.many_to_many:
        rows = field.related_model._default_manager.filter(pk__in=valid_keys(field.target_field, value))
        return ", ".join(f"“{row}”" for row in rows) or EMPTY
    if field.is_relation:
        keys = valid_keys(field.target_field, [value])
        row = field.related_model._default_manager.filter(pk__in=keys).first()
        return f"“{row}”" if row else f"“{value}”"
    if field.choices:
        return f"“{dict(field.flatchoices).get(value, value)}”"
    return f"“{value}”"


def valid_keys(target_field, values):
    """The values that can be keys of `target_field`; a query with anything else is an error, not a miss.

    "abc" for an integer key raises in the query, and so does a number beyond the column's range.
    """
    keys = []
    for value in values:
        try:
            key = target_field.to_python(value)
            target_field.run_validators(key)
        except ValidationError:
            continue
        keys.append(key)
    return keys
