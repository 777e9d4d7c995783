"""The advisor's pages: questionnaire, recommendation, and how the advisor works."""

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from advisor import charts, engine
from advisor.forms import QuestionnaireForm
from advisor.selectors import candidates
from catalog import estimates, formatting
from catalog.caching import cached_page
from catalog.models import Program

REFERENCE = Path(settings.BASE_DIR) / "fixtures" / "reference.json"


@cached_page(params_from=QuestionnaireForm)
def questionnaire(request):
    # Never bound: links from a program page or "change my answers" only fill it in.
    form = QuestionnaireForm(initial=request.GET.dict())
    return render(request, "advisor/questionnaire.html", {"form": form, "nav": "advisor"})


@cached_page(params_from=QuestionnaireForm)
def result(request):
    form = QuestionnaireForm(request.GET)
    if not form.is_valid():
        response = render(request, "advisor/questionnaire.html", {"form": form, "nav": "advisor"})
        add_never_cache_headers(response)  # an answer for this visitor's mistake, not one to share
        return response
    answers = form.to_answers()
    options, programs = candidates(answers)
    recommendation = engine.recommend(answers, options)
    chosen = recommendation.chosen
    changes = _change_links(request.GET, recommendation.changes)
    context = {
        "changes": changes,
        "estimate": _estimate(recommendation.focus, programs),
        "answers": answers,
        "form": form,
        "recommendation": recommendation,
        "chosen": chosen,
        "cost_chart": charts.cost_chart(recommendation.paths, chosen),
        "months_chart": charts.months_chart(recommendation.paths, chosen),
        "nav": "advisor",
    }
    return render(request, "advisor/result.html", context)


def _estimate(focus, programs):
    """The catalog's estimate for a focus program whose price is not published, shown labelled
    beside it; the engine never sees it, so it never makes a path fit. One query, only then (two
    when the program states no number of courses: its courses are counted)."""
    if focus is None or focus.price is not None:
        return None
    program = programs[focus.slug]
    if not program.course_count:
        program = Program.objects.with_figures().prefetch_related("courses").get(slug=focus.slug)
    return estimates.price_estimate(program)


def _change_links(query, changes) -> list[dict]:
    """Each change with the address of the result at the same answers but that one, changed."""
    where, params, links = reverse("advisor:result"), query.copy(), []
    for change in changes:
        before = params.getlist(change.param)
        params[change.param] = change.value
        links.append({"change": change, "href": f"{where}?{params.urlencode()}"})
        if before:
            params.setlist(change.param, before)
        else:
            del params[change.param]
    return links


@cache
def _reference_figures() -> dict:
    """Sourced reference figures (earnings by education, MicroMasters facts) built from the research data."""
    return json.loads(REFERENCE.read_text(encoding="utf-8"))


@cached_page
def method(request):
    rules = {
        "full_time_hours": engine.FULL_TIME_HOURS,
        "loan_years": engine.LOAN_YEARS,
        "loan_rate": f"{engine.LOAN_RATE * 100:.1f}",
        "debt_share": f"{engine.DEBT_SHARE_MAX * 100:.0f}",
        "budget_max": formatting.money(engine.BUDGET_MAX),
        "hours_max": engine.HOURS_MAX,
        "months_max": engine.MONTHS_MAX,
    }
    context = {
        "reference": _reference_figures(),
        "nav": "advisor",
        "max_matches": engine.MAX_MATCHES,
        "rules": rules,
    }
    return render(request, "advisor/method.html", context)
