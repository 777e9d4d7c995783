"""The questionnaire: request parameters -> the engine's Answers, or errors beside the fields."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from advisor.engine import BUDGET_MAX, HOURS_MAX, MONTHS_MAX, Answers
from catalog.caching import per_version
from catalog.models import Field, Program, Status

MONEY_MAX = BUDGET_MAX
MONEY_TEXT = re.compile(r"^(?:US)?\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*(?:USD)?$", re.IGNORECASE)


def parse_money(text: str) -> Decimal:
    """'5000', '5,000', '$5,000', '5000.50', 'US$5,000' or '5000 USD' -> Decimal('5000')."""
    match = MONEY_TEXT.match(text.strip())
    if not match:
        raise ValidationError(
            "Enter an amount in US dollars, such as 5000, 5,000 or $5,000.", code="invalid_money"
        )
    try:
        amount = Decimal(match.group(1).replace(",", "") + "." + (match.group(2) or "0"))
    except InvalidOperation:
        raise ValidationError("Enter an amount in US dollars.", code="invalid_money") from None
    if amount > MONEY_MAX:
        raise ValidationError("Enter an amount of at most $10,000,000.", code="too_large")
    return amount


class MoneyField(forms.Field):
    """A US-dollar amount as people type it; the clean value is a Decimal."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": 30})

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        if len(value) > 30:
            raise ValidationError(
                "Enter an amount in US dollars, such as 5000 or $5,000.", code="invalid_money"
            )
        return parse_money(value)


YES_NO = [("yes", "Yes"), ("no", "No")]
PROGRAM_LIST_MAX = 300


def _fields() -> list[tuple[str, str]]:
    return list(Field.objects.with_programs().values_list("slug", "name"))


def _programs() -> list[tuple[str, str, str]]:
    """The first PROGRAM_LIST_MAX + 1 programs by title: enough to tell whether a list fits."""
    return list(
        Program.objects.order_by("title").values_list("slug", "title", "status")[: PROGRAM_LIST_MAX + 1]
    )


class CountField(forms.IntegerField):
    """A whole number from 1 to `maximum`, its range stated after the help text."""

    def __init__(self, label: str, maximum: int, help_text: str, required_message: str):
        super().__init__(
            label=label,
            min_value=1,
            max_value=maximum,
            help_text=f"{help_text} (1 to {maximum}).",
            error_messages={"required": required_message},
        )


class QuestionnaireForm(forms.Form):
    goal = forms.ChoiceField(
        label="What do you want from graduate study?",
        choices=[
            ("skills", "Learn job skills fast"),
            ("career_change", "Change careers"),
            ("promotion", "Advance in my current job"),
            ("degree", "Earn a master's degree"),
            ("explore", "Test graduate study before committing"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you want from graduate study."},
    )
    field = forms.ChoiceField(
        label="Field of study",
        required=False,
        help_text="Optional: we match programs in this field.",
    )
    program = forms.ChoiceField(
        label="A program you are looking at",
        required=False,
        help_text="Optional: the advisor then centres on this program and its credit pathways.",
        error_messages={
            "invalid_choice": "No program in the catalog has this address; choose one from the list."
        },
    )
    budget = MoneyField(
        label="Your budget in US dollars",
        help_text="All the money you can spend on this, e.g. 5000 or $5,000. Enter 0 if you have none.",
        error_messages={"required": "Enter your budget in US dollars; enter 0 if you have none."},
    )
    hours_per_week = CountField(
        "Study hours a week",
        HOURS_MAX,
        "Hours you can study in a typical week",
        "Enter how many hours a week you can study.",
    )
    months = CountField(
        "Done within (months)",
        MONTHS_MAX,
        "How many months from now you want to be finished",
        "Enter within how many months you want to be done.",
    )
    has_bachelors = forms.ChoiceField(
        label="Do you have a bachelor's degree?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you have a bachelor's degree."},
    )
    needs_degree = forms.ChoiceField(
        label="Does the job or employer you aim for require a master's degree?",
        choices=[("yes", "Yes"), ("no", "No"), ("unsure", "Not sure")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the job you aim for requires a master's degree."},
    )
    salary = MoneyField(
        label="Your current yearly salary (USD)",
        required=False,
        help_text="Optional, with the next answer: how fast the credential pays for itself.",
    )
    expected_salary = MoneyField(
        label="Your expected yearly salary after the credential (USD)",
        required=False,
    )
    employer_support = MoneyField(
        label="Tuition help from your employer per year (USD)",
        required=False,
        help_text="Optional: it lowers what you pay yourself.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", "Any field"), *per_version("advisor fields", _fields)]
        # A list to pick from while it stays short; past that, the program's address (its slug),
        # which every program page's "Ask the advisor" link fills in.
        programs = per_version("advisor programs", _programs)
        if len(programs) <= PROGRAM_LIST_MAX:
            self.fields["program"].choices = [
                ("", "None in particular"),
                *(
                    (slug, f"{title} (retired)" if status == Status.RETIRED else title)
                    for slug, title, status in programs
                ),
            ]
        else:
            self.fields["program"] = forms.SlugField(
                label=self.fields["program"].label,
                required=False,
                max_length=100,
                help_text="Optional: the program's address, e.g. mitx-supply-chain-management.",
            )

    def clean_program(self):
        slug = self.cleaned_data["program"]
        if (
            slug
            and isinstance(self.fields["program"], forms.SlugField)
            and not Program.objects.filter(slug=slug).exists()
        ):
            raise ValidationError(
                "No program in the catalog has this address; copy it from the program's page.", code="unknown"
            )
        return slug

    def clean(self):
        cleaned = super().clean()
        salary, expected = cleaned.get("salary"), cleaned.get("expected_salary")
        if expected is not None and salary is None and "salary" not in self.errors:
            self.add_error(
                "salary", ValidationError("Enter your current salary too, or leave both empty.", code="pair")
            )
        if salary is not None and expected is None and "expected_salary" not in self.errors:
            self.add_error(
                "expected_salary",
                ValidationError("Enter your expected salary too, or leave both empty.", code="pair"),
            )
        return cleaned

    def to_answers(self) -> Answers:
        data = self.cleaned_data
        return Answers(
            goal=data["goal"],
            budget=data["budget"],
            hours_per_week=data["hours_per_week"],
            months=data["months"],
            has_bachelors=data["has_bachelors"] == "yes",
            needs_degree=data["needs_degree"],
            field=data["field"] or None,
            program=data["program"] or None,
            salary=data["salary"],
            expected_salary=data["expected_salary"],
            employer_support=data["employer_support"],
        )
