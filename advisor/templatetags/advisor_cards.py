"""The advisor's program cards ("Programs that fit you best"), written in Python.

Through the template engine, ten cards cost more than half of a result page's rendering (each path's
words, each card's link with the learner's answers in its query string). The HTML is the same as the
template wrote: every figure is worded by the filters the templates use (catalog_format), and the
link's query string is built as Django's `{% querystring %}` builds it.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from catalog.templatetags.catalog_format import months

register = template.Library()

# Literal text of the template, written as it was (not escaped: "master's", not "master&#x27;s").
PATH_NAMES = {
    "micromasters": SafeString("MicroMasters"),
    "pathway": SafeString("Toward a master's"),
    "masters": SafeString("The master's directly"),
}
INDENT = "\n" + " " * 8  # the card's lines, as indented in result.html


@register.simple_tag(takes_context=True)
def match_card(context, match) -> SafeString:
    """One program's card: its MicroMasters and routes, whether it fits, a link to its own advice."""
    # The learner's answers with this program, for its link: one copy of the query and one address
    # for the page's ten cards, each card setting its own program.
    link = context.render_context.get(match_card)
    if link is None:
        link = context.render_context[match_card] = (reverse("advisor:result"), context.request.GET.copy())
    where, query = link
    query["program"] = match.option.slug
    route = match.route
    return format_html(
        '<li class="card">{indent}<h3><a href="{}">{}</a></h3>{indent}<p class="muted">{} · {}</p>{indent}'
        '<dl class="facts">{indent}  {}{indent}  <dt>Fits your budget, hours and time</dt><dd>{}{}</dd>{indent}'
        '</dl>{indent}<p class="no-print"><a href="{}?{}">See the advice for this program</a></p>\n      </li>',
        match.option.url,
        match.option.title,
        match.option.university,
        match.option.field_name,
        format_html_join("", "{}", ((_shown_path(path),) for path in match.shown)),
        "yes" if match.fits else "no",
        format_html(" ({})", route.label) if route and route.path != "micromasters" else "",
        where,
        query.urlencode(),
        indent=SafeString(INDENT),
    )


def _shown_path(path) -> SafeString:
    return format_html(
        '<dt>{}</dt><dd>{}<span class="num">{}</span>{}, {}</dd>',
        PATH_NAMES.get(path.path, PATH_NAMES["masters"]),
        format_html("{}: ", path.label) if path.path != "micromasters" else "",
        path.amount_label,
        format_html(" ({})", path.amount_note) if path.amount_note else "",
        format_html('<span class="num">{}</span>', months(path.months))
        if path.months
        else "length not published",
    )
