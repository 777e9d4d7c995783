"""The compare page's request, parsed: which programs, in the order asked, and what to tell the visitor."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug

COMPARE_MAX = 4


class SlugListField(forms.Field):
    """A repeated parameter's values, blank and repeated ones dropped, in the order given."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        return list(dict.fromkeys(item for item in value or () if item))


class CompareForm(forms.Form):
    """Never invalid: a slug no program has is named back to the visitor, not refused.

    `slugs` are the programs to show (at most COMPARE_MAX, in the order asked), `lookup_slugs` the
    ones worth asking the database for, and `notices(found)` the page's messages.
    """

    programs = SlugListField(required=False)

    def clean_programs(self):
        asked = self.cleaned_data["programs"]
        self.capped = len(asked) > COMPARE_MAX
        return asked[:COMPARE_MAX]

    @property
    def slugs(self) -> list[str]:
        return self.cleaned_data["programs"] if self.is_valid() else []

    @property
    def lookup_slugs(self) -> list[str]:
        return [slug for slug in self.slugs if _is_slug(slug)]

    def notices(self, found) -> list[str]:
        """The cap, if the visitor asked for more, and the slugs no program in `found` has."""
        shown, messages = self.slugs, []
        if self.capped:
            messages.append(
                f"Up to {COMPARE_MAX} programs can be compared; the first {COMPARE_MAX} are shown."
            )
        unknown = [slug for slug in shown if slug not in found]
        if unknown:
            messages.append("No program matches " + ", ".join(f"“{slug}”" for slug in unknown) + ".")
        return messages


def _is_slug(value: str) -> bool:
    try:
        validate_slug(value)
    except ValidationError:
        return False
    return True
