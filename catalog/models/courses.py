"""A program's courses and the prerequisites between them."""

from collections.abc import Hashable, Iterable, Mapping

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from catalog.models.base import (
    TEXT_MAX_LENGTH,
    Check,
    RewritesFiguresOnUpdate,
    SavedWithItsFigures,
    amount_field,
    at_least_zero,
    currency_field,
    figure_sources_field,
    history_field,
    limited_text,
    min_lte_max,
    text_length_at_most,
    unique_together,
    usd_amount_field,
)
from catalog.models.programs import Program


def prerequisite_loop(requires: Mapping[Hashable, Iterable[Hashable]]) -> list | None:
    """A loop in a prerequisite graph, or None when it has none.

    `requires` maps each course (any key: a primary key, a position in a file) to the courses it
    requires. The loop is returned as the courses along it, the first one again at the end
    (`[a, b, a]`: a requires b, which requires a). The admin's course form and the importer both ask
    here, so a catalog can never hold a course that must come, however indirectly, before itself.
    """
    state: dict[Hashable, str] = {}  # "open" while on the current chain, "done" once fully explored
    for start in requires:
        if start in state:
            continue
        chain = [start]
        pending = [iter(requires.get(start, ()))]
        state[start] = "open"
        while pending:
            following = next(pending[-1], None)
            if following is None:
                state[chain.pop()] = "done"
                pending.pop()
            elif state.get(following) == "open":
                return [*chain[chain.index(following) :], following]
            elif following not in state:
                state[following] = "open"
                chain.append(following)
                pending.append(iter(requires.get(following, ())))
    return None


class CourseQuerySet(RewritesFiguresOnUpdate, models.QuerySet):
    pass


class Course(SavedWithItsFigures, models.Model):
    class Kind(models.TextChoices):
        REQUIRED = "required", "Required"
        ELECTIVE = "elective", "Elective"
        CAPSTONE = "capstone", "Capstone"
        EXAM = "exam", "Proctored exam"

    FIGURES = {"price": "price", "weeks": "weeks", "effort": "weekly effort"}

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="courses")
    position = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    code = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REQUIRED)
    weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    effort_hours_min = models.PositiveSmallIntegerField("effort, hours/week (min)", null=True, blank=True)
    effort_hours_max = models.PositiveSmallIntegerField("effort, hours/week (max)", null=True, blank=True)
    price = amount_field(help_text="Verified certificate price (or exam fee).")
    price_currency = currency_field(default="USD")
    price_usd = usd_amount_field("price in US dollars", "price")
    price_year = models.PositiveSmallIntegerField(null=True, blank=True)
    price_history = history_field()
    prerequisites = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="required_for")
    notes = limited_text(blank=True, max_length=TEXT_MAX_LENGTH)
    figure_sources = figure_sources_field(FIGURES)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["program", "position"]
        indexes = [models.Index(fields=["program", "kind"])]
        constraints = [
            unique_together(
                "course_unique_position",
                ["program", "position"],
                "Two courses of one program cannot share a position.",
            ),
            Check(
                condition=Q(position__gte=1),
                name="course_position_positive",
                violation_error_message="Positions start at 1.",
            ),
            min_lte_max("course", "effort_hours_min", "effort_hours_max", "weekly effort"),
            at_least_zero("course", "price", "price"),
            text_length_at_most("course", "notes", TEXT_MAX_LENGTH),
        ]

    def __str__(self):
        return " ".join(part for part in (self.code, self.title) if part) or f"Course {self.position}"

    def clean(self):
        super().clean()
        # A course moved to another program would leave courses of its old one requiring it.
        if self.pk is not None and self.program_id is not None:
            stranded = list(self.required_for.exclude(program_id=self.program_id).select_related("program"))
            if stranded:
                names = "; ".join(f"{other} ({other.program})" for other in stranded)
                raise ValidationError(
                    {
                        "program": f"Courses of another program require this course: {names}. "
                        "Remove it from their prerequisites first."
                    },
                    code="prerequisite_of_other_program",
                )

    def validate_prerequisites(self, prerequisites: Iterable["Course"], *, program: "Program | None" = None):
        """Refuse prerequisites other than courses of the same program, or that would close a loop.

        The many-to-many field is saved after the course itself, so `clean()` cannot see the set
        about to be saved: the admin's course form passes it here, with the program the course is
        about to belong to when that changes too. Raises ValidationError naming each offending course.
        """
        program_id = self.program_id if program is None else program.pk
        prerequisites = list(prerequisites)
        errors = []
        for other in prerequisites:
            if self.pk is not None and other.pk == self.pk:
                errors.append(
                    ValidationError("A course cannot be its own prerequisite.", code="own_prerequisite")
                )
            elif other.program_id != program_id:
                errors.append(
                    ValidationError(
                        f"{other} is a course of another program ({other.program}); "
                        "a prerequisite must be a course of the same program.",
                        code="prerequisite_of_other_program",
                    )
                )
        if errors:
            raise ValidationError(errors)
        if self.pk is None:
            return  # nothing can require a course not saved yet, so it closes no loop
        links = Course.prerequisites.through.objects.filter(from_course__program_id=program_id).exclude(
            from_course_id=self.pk
        )
        requires: dict[int, set[int]] = {self.pk: {other.pk for other in prerequisites}}
        for course_id, required_id in links.values_list("from_course_id", "to_course_id"):
            requires.setdefault(course_id, set()).add(required_id)
        loop = prerequisite_loop(requires)
        if loop:
            names = {course.pk: str(course) for course in Course.objects.filter(pk__in=loop)}
            names[self.pk] = str(self)
            chain = " requires ".join(names[pk] for pk in loop)
            raise ValidationError(
                f"These prerequisites make a loop: {chain}. A course cannot come before itself.",
                code="prerequisite_loop",
            )
