"""The widgets written in Python are byte for byte what Django's widget templates write."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.http import QueryDict
from django.utils.safestring import mark_safe

from advisor.forms import QuestionnaireForm
from catalog.filters import ProgramFilter
from micromasters.form_rendering import PythonWidgetRenderer

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(\"x\")</script> & 'quoted'"


class Everything(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"data-safe": mark_safe("<b>"), "disabled": False}))
    number = forms.IntegerField(widget=forms.NumberInput(attrs={"required": True, "step": 5}))
    when = forms.DateField(widget=forms.HiddenInput)
    email = forms.EmailField()
    url = forms.URLField(assume_scheme="https")
    agree = forms.BooleanField(widget=forms.CheckboxInput(attrs={"class": "big"}))
    pick = forms.ChoiceField(
        choices=[("", "Any"), ("Group <1>", [("a", "A & B"), ("b", 1500)]), ("c", mark_safe("<i>C</i>"))]
    )
    many = forms.MultipleChoiceField(
        choices=[("x", HOSTILE), (2, "two"), ("z", "Zed")], widget=forms.CheckboxSelectMultiple
    )
    one = forms.ChoiceField(choices=[("y", "Yes"), ("n", "No")], widget=forms.RadioSelect)


def renderings(form):
    """Every way a page renders a form's widgets: whole fields, and each option with and without its label."""
    out = []
    for field in form:
        out += [str(field), str(field.errors)]
        for option in field.subwidgets:
            out += [option.tag(), option.tag(wrap_label=True), str(option)]
    return out


def both(make_form):
    templates, python = make_form(DjangoTemplates()), make_form(PythonWidgetRenderer())
    return renderings(templates), renderings(python)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {
            "text": HOSTILE,
            "number": "1000",
            "when": "2026-12-01",
            "agree": "on",
            "pick": "b",
            "many": ["x", "2"],
        },
        {"text": "", "number": "not a number", "pick": "zzz", "one": "n", "email": "a@b.c", "url": HOSTILE},
    ],
)
def test_every_widget_renders_as_the_templates_do(data):
    initial = {"when": datetime.date(2026, 1, 2), "number": 12345}
    templates, python = both(lambda renderer: Everything(data, initial=initial, renderer=renderer))

    assert python == templates
    assert any("<option" in html for html in python) and any('type="checkbox"' in html for html in python)
    assert any('class="errorlist' in html for html in python) == (data is not None)


@pytest.mark.parametrize(
    "query",
    ["", "price_max=500&pacing=self_paced&sort=price&credit=on", f"q={HOSTILE}&price_max=lots&months_max=-1"],
)
def test_the_program_filters_render_as_the_templates_do(real_catalog, query):
    def make(renderer):
        form = ProgramFilter(QueryDict(query) or None).form
        form.renderer = renderer
        return form

    templates, python = both(make)

    assert python == templates


@pytest.mark.parametrize(
    "query", ["", "goal=degree&budget=5000&hours_per_week=10&months=12", "budget=-5&goal=x"]
)
def test_the_advisor_questions_render_as_the_templates_do(real_catalog, query):
    templates, python = both(lambda renderer: QuestionnaireForm(QueryDict(query) or None, renderer=renderer))

    assert python == templates


def test_the_site_renders_its_forms_in_python(settings):
    assert isinstance(Everything().renderer, PythonWidgetRenderer)
