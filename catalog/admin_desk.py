"""The data-gaps desk: one staff page listing what learners cannot see, most harmful first.

Linked from the admin index; staff only (the admin site's own check sends anyone else to its
sign-in page). Filters by university and field; each gap links to the change form at the field or
inline that fixes it. The counts at the top are of the same rules the public pages apply (gaps.py).
"""

from django import forms
from django.contrib import admin
from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from catalog import gaps
from catalog.models import Field, University

PAGE_SIZE = 100


class GapFilterForm(forms.Form):
    university = forms.ModelChoiceField(
        University.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Any university",
    )
    field = forms.ModelChoiceField(
        Field.objects.order_by("name"), to_field_name="slug", required=False, empty_label="Any field"
    )


def gaps_desk(request):
    form = GapFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    summary = gaps.find_gaps(university=chosen.get("university"), field=chosen.get("field"))
    page = Paginator(summary.records, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        **admin.site.each_context(request),
        "title": "Data gaps",
        "form": form,
        "summary": summary,
        "page_obj": page,
        "harm": gaps.HARM,
    }
    return TemplateResponse(request, "admin/catalog/gaps.html", context)
