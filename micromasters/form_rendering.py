"""Form widgets rendered in Python: the same HTML as Django's widget templates, a tenth of the cost.

The programs list's filters render about eighty inputs and options, each through three or four
nested widget templates (`checkbox_option.html` includes `input_option.html`, which includes
`input.html`, which includes `attrs.html`): on a cold render that was the larger half of the page's
time. `PythonWidgetRenderer` writes the simplest widgets (inputs, checkbox and radio options, selects
and their options) and empty error lists with the same escaping and the same bytes as those
templates; every other template is rendered as before. tests/micromasters/test_form_rendering.py compares the two outputs.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

WIDGETS = "django/forms/widgets/"


def shown(value) -> str:
    """`{{ value }}` in a template: localized, then escaped unless already safe."""
    return conditional_escape(localize(template_localtime(value)))


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: the filter keeps a safe string safe."""
    text = str(value) if isinstance(value, tuple) else "%s" % value  # noqa: UP031 - as the filter does
    return shown(text)


def _attrs(attrs: dict) -> str:
    """attrs.html: ` name="value"` per attribute, ` name` for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {shown(name)}" if value is True else f' {shown(name)}="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return f'<input type="{shown(widget["type"])}" name="{shown(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _input_option(widget: dict) -> str:
    if not widget.get("wrap_label"):
        return _input(widget)
    label_for = f' for="{shown(widget["attrs"]["id"])}"' if widget["attrs"].get("id") else ""
    # input.html's own closing line break stays inside the label, as the include leaves it
    return f"<label{label_for}>{_input(widget)}\n {shown(widget['label'])}</label>"


def _option(widget: dict) -> str:
    return f'<option value="{_formatted(widget["value"])}"{_attrs(widget["attrs"])}>{shown(widget["label"])}</option>'


def _select(widget: dict) -> str:
    parts = [f'<select name="{shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _ in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{shown(group_name)}">')
        for option in group_choices:
            if option["template_name"] != WIDGETS + "select_option.html":
                return None  # a widget of its own: leave it to the templates
            parts.append(f"\n  {_option(option)}\n")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


# Each of these templates is one include of input.html or input_option.html (or select.html itself).
IN_PYTHON = {
    **{
        WIDGETS + name: _input
        for name in ("text.html", "number.html", "email.html", "url.html", "hidden.html", "checkbox.html")
    },
    **{
        WIDGETS + name: _input_option
        for name in ("input_option.html", "checkbox_option.html", "radio_option.html")
    },
    WIDGETS + "input.html": _input,
    WIDGETS + "select_option.html": _option,
    WIDGETS + "select.html": _select,
}


# An empty error list renders as nothing: `{% if errors %}<ul ...>...</ul>{% endif %}`.
ERROR_LISTS = {"django/forms/errors/list/default.html", "django/forms/errors/list/ul.html"}


class PythonWidgetRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in ERROR_LISTS and not context.get("errors"):
            return ""
        write = IN_PYTHON.get(template_name)
        if write is not None and "widget" in context:
            html = write(context["widget"])
            if html is not None:
                return mark_safe(html)  # every value above is escaped
        return super().render(template_name, context, request=request)
