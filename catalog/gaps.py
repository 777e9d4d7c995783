"""What learners cannot see: the facts each program, degree and pathway lacks, and the stale ones.

A fact is missing exactly when the public pages say "not published" for it: a program's price,
duration, effort and pacing as its card names them (`unpublished_program_facts`, which the card's
template filter calls too), its courses without a price, a degree's total tuition, a pathway's
credit and the tuition it leaves to pay (costs.py). A record is stale by the 18-month rule
(`Provenance.stale_reasons`). Each gap weighs what a learner loses without it (HARM), so the
admin's desk (admin_desk.py) lists the most harmful first.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from catalog import costs
from catalog.models import Course, CreditPathway, Degree, Program

# What a learner loses without each fact, in points: no price hides the first thing anyone asks;
# a stale record may mislead on every figure, but still shows them.
HARM = {
    "price": 100,
    "degree tuition": 60,
    "credit amount": 50,
    "course prices": 40,
    "remaining tuition": 40,
    "duration": 30,
    "effort": 20,
    "may be out of date": 15,
    "pacing": 10,
}
KIND_ORDER = {"program": 0, "degree": 1, "pathway": 2}


CARD_FACTS = ("price", "duration", "effort", "pacing")  # what a program's card states


def unpublished_program_facts(program) -> list[str]:
    """The card facts of a program (from with_totals) that no source gives, in CARD_FACTS order."""
    missing = {
        "price": program.price_from is None,
        "duration": program.calendar_months_max is None,
        "effort": program.effort_hours_max is None,
        "pacing": not program.pacing,
    }
    return [name for name in CARD_FACTS if missing[name]]


@dataclass(frozen=True)
class Gap:
    fact: str
    detail: str  # more words for staff, e.g. "2 of 5"
    url: str  # the change form, at the field or inline that fixes it


@dataclass
class Record:
    kind: str  # "program" | "degree" | "pathway"
    name: str
    url: str
    university: str
    field: str
    gaps: list[Gap] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)

    @property
    def harm(self) -> int:
        return sum(HARM[gap.fact] for gap in self.gaps)


@dataclass(frozen=True)
class Summary:
    records: list[Record]  # only those with a gap, most harmful first
    counts: list["GapCount"]  # "42 programs without a price"


def _change_url(obj, anchor: str = "") -> str:
    url = reverse(f"admin:catalog_{obj._meta.model_name}_change", args=[obj.pk])
    return f"{url}#{anchor}" if anchor else url


PROGRAM_ANCHORS = {
    "price": "courses-group",
    "duration": "id_months_min",
    "effort": "id_effort_hours_min",
    "pacing": "id_pacing",
}


def program_records(programs, today: datetime.date) -> list[Record]:
    records = []
    for program in programs:
        record = Record(
            "program", program.title, _change_url(program), program.university.name, program.field.name
        )
        for fact in unpublished_program_facts(program):
            record.gaps.append(Gap(fact, "", _change_url(program, PROGRAM_ANCHORS[fact])))
        if program.unpriced_courses:
            detail = f"{program.unpriced_courses} of {program.courses_listed}"
            record.gaps.append(Gap("course prices", detail, _change_url(program, "courses-group")))
        _add_stale(record, program, today)
        records.append(record)
    return records


def degree_records(degrees, today: datetime.date) -> list[Record]:
    records = []
    for degree in degrees:
        record = Record(
            "degree",
            degree.title,
            _change_url(degree),
            degree.university.name,
            degree.field.name if degree.field else "",
        )
        if costs.degree_total_tuition(degree) is None:
            record.gaps.append(Gap("degree tuition", "", _change_url(degree, "id_tuition_amount")))
        if degree.months_max is None:
            record.gaps.append(Gap("duration", "", _change_url(degree, "id_months_min")))
        _add_stale(record, degree, today)
        records.append(record)
    return records


def pathway_records(pathways, programs: dict[int, Program], today: datetime.date) -> list[Record]:
    records = []
    for pathway in pathways:
        program = programs[pathway.program_id]
        record = Record(
            "pathway",
            f"{program.title} → {pathway.degree.title}",
            _change_url(pathway),
            program.university.name,
            program.field.name,
        )
        cost = costs.pathway_cost(pathway, program)
        if cost.share is None:
            record.gaps.append(Gap("credit amount", "", _change_url(pathway, "id_credits_granted")))
        if cost.remaining_tuition is None:
            # Without a credit amount, that is the fix; else the degree's tuition is what is missing.
            where = (
                _change_url(pathway, "id_credits_granted")
                if cost.share is None
                else _change_url(pathway.degree, "id_tuition_amount")
            )
            record.gaps.append(Gap("remaining tuition", "", where))
        _add_stale(record, pathway, today)
        records.append(record)
    return records


def _add_stale(record: Record, obj, today: datetime.date) -> None:
    record.stale = obj.stale_reasons(today)
    if record.stale:
        record.gaps.append(
            Gap("may be out of date", "; ".join(record.stale), _change_url(obj, "id_verified_on"))
        )


def programs_with_gap_figures():
    """Programs with their totals and how many of their courses have no price."""
    courses = Course.objects.filter(program=OuterRef("pk")).order_by().values("program")
    return Program.objects.for_listing().annotate(
        courses_listed=Coalesce(Subquery(courses.annotate(n=Count("pk")).values("n")), 0),
        unpriced_courses=Coalesce(
            Subquery(courses.filter(price__isnull=True).annotate(n=Count("pk")).values("n")), 0
        ),
    )


def find_gaps(*, university=None, field=None, today: datetime.date | None = None) -> Summary:
    """Every program, degree and pathway with a gap, optionally of one university and/or field.

    A pathway belongs to its program's university and field, where staff edit it. Three queries:
    programs (which the pathways' arithmetic reuses), degrees and pathways.
    """
    today = today or timezone.localdate()
    program_filter, degree_filter = Q(), Q()
    if university is not None:
        program_filter &= Q(university=university)
        degree_filter &= Q(university=university)
    if field is not None:
        program_filter &= Q(field=field)
        degree_filter &= Q(field=field)
    programs = list(programs_with_gap_figures().filter(program_filter))
    degrees = Degree.objects.filter(degree_filter).select_related("university", "field")
    pathways = list(
        CreditPathway.objects.filter(
            **{
                f"program__{key}": value
                for key, value in (("university", university), ("field", field))
                if value
            }
        ).select_related("degree")
    )
    by_pk = {program.pk: program for program in programs}
    records = [
        *program_records(programs, today),
        *degree_records(degrees, today),
        *pathway_records(pathways, by_pk, today),
    ]
    return Summary(
        records=sorted(
            (record for record in records if record.gaps),
            key=lambda record: (-record.harm, KIND_ORDER[record.kind], record.name),
        ),
        counts=_counts(records),
    )


COUNT_WORDS = {
    "price": "without a price",
    "course prices": "with a course without a price",
    "degree tuition": "without a tuition",
    "credit amount": "without a credit amount",
    "remaining tuition": "without the tuition left to pay",
    "duration": "without a duration",
    "effort": "without a weekly effort",
    "pacing": "without a pacing",
    "may be out of date": "that may be out of date",
}


@dataclass(frozen=True)
class GapCount:
    number: int
    kind: str
    fact: str

    def __str__(self):
        return f"{self.number} {self.kind}{'' if self.number == 1 else 's'} {COUNT_WORDS[self.fact]}"


def _counts(records: list[Record]) -> list[GapCount]:
    """How many records of each kind lack each fact, in the order of KIND_ORDER then HARM."""
    counts = []
    for kind in KIND_ORDER:
        for fact in HARM:
            number = sum(
                1
                for record in records
                if record.kind == kind and any(gap.fact == fact for gap in record.gaps)
            )
            if number:
                counts.append(GapCount(number, kind, fact))
    return counts
