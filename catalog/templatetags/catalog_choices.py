"""The programs list's groups of checkboxes (fields, universities), written in Python.

With sixty universities and twenty fields, the group's template loop cost about as much as the
twenty cards together on a cold list page (see catalog/cards.py). The options are plain data from
`ProgramFilter.choice_options()`; ids and ARIA attributes are as Django would write them.

A group's HTML is a function of its arguments alone (hashable tuples of `filters.Choice`), and
most pages show the same groups with the same few ticks: the last GROUPS_KEPT groups are kept, so
a page renders a group only when its options or ticks are new to this process.
"""

from functools import lru_cache

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

GROUPS_KEPT = 256


@register.simple_tag
def choice_group(name, legend, options, more=(), more_noun="", hint="", errors=()):
    """`{% choice_group "field" "Field" options.field errors=... %}`: a fieldset of checkboxes,
    with the `more` options folded behind a disclosure."""
    return _group(name, legend, tuple(options), tuple(more), more_noun, hint, tuple(map(str, errors)))


@lru_cache(maxsize=GROUPS_KEPT)
def _group(name, legend, options, more, more_noun, hint, errors):
    described = format_html(' aria-describedby="id_{}_helptext"', name) if hint else ""
    parts = [
        format_html(
            '<fieldset class="field{}"{}><legend>{}</legend>',
            " field-invalid" if errors else "",
            described,
            legend,
        )
    ]
    if hint:
        parts.append(format_html('<span class="hint" id="id_{}_helptext">{}</span>', name, hint))
    if errors:
        parts.append(
            format_html(
                '<ul class="errorlist">{}</ul>', format_html_join("", "<li>{}</li>", ((e,) for e in errors))
            )
        )
    parts.append(_choice_list(name, options))
    if more:
        parts.append(
            format_html(
                '<details class="more-choices"><summary>{} more {}</summary>{}</details>',
                len(more),
                more_noun,
                _choice_list(name, more),
            )
        )
    parts.append(mark_safe("</fieldset>"))
    return mark_safe("".join(parts))


def _choice_list(name, options):
    return format_html(
        '<ul class="choice-list">{}</ul>', mark_safe("".join(_choice(name, o) for o in options))
    )


def _choice(name, option):
    count = format_html(' <span class="muted num">({})</span>', option.count) if option.count else ""
    return format_html(
        '<li><input type="checkbox" name="{}" value="{}" id="{}"{}> <label for="{}">{}{}</label></li>',
        name,
        option.value,
        option.id,
        mark_safe(" checked") if option.checked else "",
        option.id,
        option.label,
        count,
    )
