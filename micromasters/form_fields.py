"""`{% form_field field %}` and `{% select_field field choices %}`: a form field with its label, hint
and errors, written in Python.

A filter form shows eight or more fields; each through an included template cost a few hundred
microseconds (the include's own context, a dozen conditions and lookups), a third of a cold
programs list once its cards were kept. The HTML is what the included templates wrote, byte for
byte; ids and ARIA attributes are as Django writes them. `{% load form_fields %}`: the library is
registered in settings.TEMPLATES, as no app holds it.
"""

from django import template
from django.utils.safestring import mark_safe

from micromasters.form_rendering import shown as _text

register = template.Library()


def _hint(field, indent: str) -> str:
    if not field.help_text:
        return f"{indent}\n"
    return (
        f'{indent}<span class="hint" id="{_text(field.auto_id)}_helptext">{_text(field.help_text)}</span>\n'
    )


@register.simple_tag
def form_field(field):
    """One form field: radio or checkbox groups in a fieldset, a single checkbox after its box,
    anything else under its label."""
    invalid = " field-invalid" if field.errors else ""
    parts = [f'\n<div class="field{invalid}">\n']
    if field.use_fieldset:
        described = field.aria_describedby
        described = f' aria-describedby="{_text(described)}"' if described else ""
        parts.append(f"\n  <fieldset{described}>\n    <legend>{_text(field.label)}</legend>\n")
        parts.append(_hint(field, "    "))
        parts.append(f'    {_text(field.errors)}\n    <ul class="choice-list">\n      ')
        for choice in field:
            parts.append(
                f'<li>{_text(choice.tag())} <label for="{_text(choice.id_for_label)}">'
                f"{_text(choice.choice_label)}</label></li>\n      "
            )
        parts.append("\n    </ul>\n  </fieldset>\n")
    elif field.widget_type == "checkbox":
        parts.append(
            f'\n  <div class="choice-list"><div class="checkbox">{_text(field)} '
            f'<label for="{_text(field.id_for_label)}">{_text(field.label)}</label></div></div>\n'
        )
        parts.append(_hint(field, "  "))
        parts.append(f"  {_text(field.errors)}\n")
    else:
        parts.append(f'\n  <label for="{_text(field.id_for_label)}">{_text(field.label)}</label>\n')
        parts.append(_hint(field, "  "))
        parts.append(f"  {_text(field.errors)}\n  {_text(field)}\n")
    parts.append("\n</div>\n")
    return mark_safe("".join(parts))


@register.simple_tag
def select_field(field, choices, selected=None):
    """A select from its choices ((value, label) pairs) in one loop, cheaper than the widget's
    template per option; `selected` is the value shown chosen (else the field's value)."""
    chosen = selected or field.value()
    auto_id = _text(field.auto_id)
    errors = field.errors
    parts = [
        f'\n\n<div class="field{" field-invalid" if errors else ""}">\n'
        f'  <label for="{auto_id}">{_text(field.label)}</label>\n',
        _hint(field, "  "),
    ]
    if errors:
        listed = "".join(f"<li>{_text(error)}</li>" for error in errors)
        parts.append(f'  <ul class="errorlist" id="{auto_id}_error">{listed}</ul>\n')
    else:
        parts.append("  \n")
    attributes = ' aria-invalid="true"' if errors else ""
    if field.help_text or errors:
        described = " ".join(
            name
            for name, shown in ((f"{auto_id}_helptext", field.help_text), (f"{auto_id}_error", errors))
            if shown
        )
        attributes += f' aria-describedby="{described}"'
    parts.append(f'  <select name="{_text(field.html_name)}" id="{auto_id}"{attributes}>\n    ')
    for value, label in choices:
        chosen_here = " selected" if value == chosen else ""
        parts.append(f'<option value="{_text(value)}"{chosen_here}>{_text(label)}</option>')
    parts.append("\n  </select>\n</div>\n\n")
    return mark_safe("".join(parts))
