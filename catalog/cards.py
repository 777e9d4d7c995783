"""A program's card, as the programs list, a university's and a field's pages show it.

Written in Python rather than as an included template: the list shows twenty cards, and each one
through the template engine cost about half a millisecond (some sixty nodes: variables, filters,
conditions, the `cite` tags), the largest part of a cold list page. The HTML is the same; every
figure is worded by the same filters the templates use (catalog_format), so a card and a page say
a figure the same way.

A card without source notes says what the catalog says and nothing else, so `program_cards()`
keeps each one for the catalog version: every list, sort and page that shows a program shares its
card, and only the programs a process has not shown yet are read and rendered.
"""

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from catalog import gaps
from catalog.caching import per_version_items
from catalog.models import Program, Status
from catalog.templatetags.catalog_format import (
    cite,
    percent,
    price_years,
    program_effort,
    program_months,
    program_price,
)

CARDS_KEPT_MAX = 5_000  # cards kept per process (about two kilobytes each)


def program_cards(ids, *, compare=False) -> list[SafeString]:
    """The cards of the programs with these ids, in this order, without source notes (a list page
    cites no sources); `compare=True` adds the "Compare" checkbox of the list's form."""

    def render(missing):
        programs = Program.objects.for_listing().filter(id__in=[key for key, _ in missing])
        return {(program.id, compare): program_card({}, program, compare) for program in programs}

    return per_version_items("program cards", [(key, compare) for key in ids], render, CARDS_KEPT_MAX)


def program_card(context, program, compare=False) -> SafeString:
    """A program's card, its figures cited from `context["citations"]` where the page has them."""
    missing = gaps.unpublished_program_facts(program)
    slug = program.slug
    parts = [
        format_html(
            '<article class="card program-card" aria-labelledby="program-{}">'
            '<h3 id="program-{}"><a href="{}">{}</a></h3>'
            '<p class="muted">{} · {}</p>',
            slug,
            slug,
            program.get_absolute_url(),
            program.title,
            program.university.name,
            program.field.name,
        )
    ]
    if len(missing) < len(gaps.CARD_FACTS):  # with none of them published, no list of facts
        parts.append(mark_safe('<dl class="facts">'))
        parts.extend(_facts(context, program, missing))
        parts.append(mark_safe("</dl>"))
    if missing:
        parts.append(format_html('<p class="small muted">Not published: {}</p>', ", ".join(missing)))
    badges = [badge for badge in (_pathway_badge(program), _retired_badge(program)) if badge]
    parts.append(format_html("<p>{}</p>", mark_safe(" ".join(badges))))
    if compare:
        parts.append(
            format_html(
                '<div class="choice-list"><div class="checkbox"><input type="checkbox" form="compare-form" '
                'name="programs" value="{}" id="compare-{}"> <label for="compare-{}">Compare '
                '<span class="visually-hidden">{}</span></label></div></div>',
                slug,
                slug,
                slug,
                program.title,
            )
        )
    parts.append(mark_safe("</article>"))
    return mark_safe("".join(parts))


def _facts(context, program, missing):
    if "price" not in missing:
        years = price_years(program)
        if years:
            dated = format_html("{}{}", "prices of " if program.total_summed else "", years)
        else:
            dated = "year not published"
        published = not program.total_summed and program.total_price is not None
        yield format_html(
            '<dt>Total price</dt><dd><span class="num">{}{}</span> <span class="muted small">({})</span>{}</dd>',
            "about " if program.total_converted else "",
            program_price(program),
            dated,
            _spaced(cite(context, program, "published_total")) if published else "",
        )
    if "duration" not in missing:
        yield format_html(
            '<dt>Duration</dt><dd><span class="num">{}</span>{}</dd>',
            program_months(program),
            _spaced(cite(context, program, "months")) if program.months_min else "",
        )
    if "effort" not in missing:
        yield format_html(
            '<dt>Effort</dt><dd><span class="num">{}</span>{}</dd>',
            program_effort(program),
            _spaced(cite(context, program, "effort")),
        )
    if "pacing" not in missing:
        yield format_html(
            "<dt>Pacing</dt><dd>{}{}</dd>",
            program.get_pacing_display(),
            _spaced(cite(context, program, "pacing")),
        )


def _spaced(note):
    """A source note after a figure, a space between them; nothing when no source states it."""
    return format_html(" {}", note) if note else ""


def _pathway_badge(program):
    if not program.has_pathway:
        return ""
    share = (
        format_html(': up to <span class="num">{}</span>', percent(program.best_credit_share))
        if program.best_credit_share
        else ""
    )
    return format_html('<span class="badge badge-ok">Credit toward a master\'s{}</span>', share)


def _retired_badge(program):
    return (
        mark_safe('<span class="badge badge-warn">Retired</span>') if program.status == Status.RETIRED else ""
    )
