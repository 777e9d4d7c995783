"""The fields programs belong to and the universities that offer them."""

from django.db import models
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse


class WithProgramsQuerySet(models.QuerySet):
    """For the models programs belong to (fields, universities): which of them have programs."""

    def with_programs(self):
        """Those with at least one MicroMasters program of the catalog.

        An EXISTS on the programs' own index, not a join made distinct: checking the filter form's
        chosen field on a list of 10,000 programs then reads one row, not every program of it.
        """
        return self.filter(_has(self.model, "programs"))

    def with_program_count(self):
        """Those with at least one program, each annotated with `program_count`.

        Counted distinct, so that another count over a to-many relation can be annotated beside it.
        """
        return self.annotate(program_count=Count("programs", distinct=True)).filter(program_count__gt=0)


def _has(model, related_name: str) -> Exists:
    """Whether a row of `model` has any of its `related_name` (a reverse foreign key), asked with EXISTS."""
    relation = model._meta.get_field(related_name)
    return Exists(relation.related_model.objects.filter(**{relation.field.name: OuterRef("pk")}))


class Field(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    objects = WithProgramsQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:field_detail", args=[self.slug])


class UniversityQuerySet(WithProgramsQuerySet):
    """The universities the site counts: every page that counts universities asks here."""

    def degrees_only(self):
        """Universities with master's degrees on file but no MicroMasters program of their own."""
        return self.filter(~_has(self.model, "programs"), _has(self.model, "degrees"))


class University(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    short_name = models.CharField(max_length=40, blank=True, help_text="edX organisation code, e.g. MITx.")
    country = models.CharField(
        max_length=80, blank=True, db_index=True, help_text="Empty when not published."
    )
    website = models.URLField(blank=True)

    objects = UniversityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "universities"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:university_detail", args=[self.slug])
