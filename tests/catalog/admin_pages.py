"""The admin's addresses and the POST data of its forms, for the tests of catalog/admin*.py."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

FIVE_COURSES_AND_AN_EXAM = [{"price": 150, "weeks": 10}] * 5 + [{"kind": "exam", "price": 600}]


CATALOG_MODELS = [model for model in admin.site._registry if model._meta.app_label == "catalog"]


# django-axes registers its sign-in records; they are its pages, read-only, and empty in tests.
OUR_MODELS = [model for model in admin.site._registry if model._meta.app_label != "axes"]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def management_form(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def as_posted(value):
    """A bound field's value as a browser sends it back."""
    if value is None or value is False:
        return ""
    if value is True:
        return "on"
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return str(value)


def form_as_opened(response, **changes):
    """The POST data of an admin change page as shown (its form, inlines and hidden fields), with changes."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.extend([inline.formset.management_form, *inline.formset.forms])
    data = {}
    for form in forms:
        for name, field in form.fields.items():
            data[form[name].html_name] = as_posted(form[name].value())
            if field.show_hidden_initial:  # fields with a callable default, such as JSON ones
                initial_name = form[name].html_initial_name
                data[initial_name] = form.data.get(initial_name, as_posted(form[name].value()))
    return {**data, **changes}


def program_form(university, field, **overrides):
    """POST data for the program add form: the required facts and both inlines, empty."""
    data = {
        "title": "Data Science",
        "slug": "data-science",
        "university": university.pk,
        "field": field.pk,
        "status": "active",
        "currency": "USD",
        "exam_fee_currency": "USD",
        "electives_required": 0,
        "verified_on": "2026-11-22",
        **management_form("courses"),
        **management_form("pathways"),
    }
    return {**data, **overrides}


def staff(admin_client):
    """The user `admin_client` is signed in as."""
    return get_user_model().objects.get(username="admin")
