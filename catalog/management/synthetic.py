"""Synthetic catalog rows for load tests (the `seed_synthetic` command): names that say they are
synthetic, slugs and source keys starting with PREFIX, shapes and figures drawn at random (from a
seed) in the ranges real programs have, every row valid under the model constraints.
"""

import datetime
import itertools
import math
import random
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.utils.text import slugify

from catalog.models import Course, CreditPathway, Degree, Field, Program, Source, Status, University

PREFIX = "synthetic-"
BATCH = 1000
TOPICS = [
    "Data Science",
    "Supply Chain Management",
    "Artificial Intelligence",
    "Robotics",
    "Finance",
    "Business Analytics",
    "Cybersecurity",
    "Public Health",
    "Marketing",
    "Project Management",
    "Economics",
    "Computer Science",
    "Statistics",
    "Renewable Energy",
    "Education",
    "Leadership",
    "Psychology",
    "Bioinformatics",
    "Urban Planning",
    "Journalism",
]
COUNTRIES = [  # (country, weight): most MicroMasters come from US universities
    ("United States", 40),
    ("United Kingdom", 10),
    ("Australia", 8),
    ("Canada", 8),
    ("Spain", 6),
    ("Netherlands", 5),
    ("Switzerland", 5),
    ("France", 5),
    ("India", 5),
    ("Mexico", 4),
    ("Japan", 4),
]
WORDS = ["Foundations of", "Applied", "Methods in", "Advanced", "Principles of", "Topics in", "Systems for"]
THEMES = ["probability", "optimization", "ethics", "modelling", "strategy", "design", "policy", "analysis"]
PRICES = [49, 79, 99, 150, 199, 249, 300, 350, 399, 450]
SOURCES = 5


def chance(rng: random.Random, probability: float) -> bool:
    return rng.random() < probability


def money(value: float) -> Decimal:
    return Decimal(round(value)).quantize(Decimal("0.01"))


class Seeder:
    def __init__(self, rng: random.Random, today: datetime.date):
        self.rng = rng
        self.today = today

    def seed(self, count: int) -> dict[str, int]:
        sources = Source.objects.bulk_create(
            Source(
                key=f"{PREFIX}source-{index:02}",
                url=f"https://synthetic.example/source-{index:02}",
                title=f"Synthetic source {index:02}",
                publisher="Synthetic data generator",
                year=self.today.year,
                kind="synthetic",
            )
            for index in range(1, SOURCES + 1)
        )
        fields = Field.objects.bulk_create(
            Field(name=f"{topic} (synthetic)", slug=f"{PREFIX}{slugify(topic)}") for topic in TOPICS
        )
        universities = self.universities(math.ceil(count / 8))
        degrees = self.degrees(max(1, round(count / 3)), universities, fields)
        width = max(4, len(str(count)))
        programs, courses = [], []
        for index in range(1, count + 1):
            field = self.rng.choice(fields)
            program, program_courses = self.program(index, width, self.rng.choice(universities), field)
            programs.append(program)
            courses.append(program_courses)
        Program.objects.bulk_create(programs, batch_size=BATCH)
        for program, program_courses in zip(programs, courses, strict=True):
            for course in program_courses:
                course.program = program
        flat_courses = [course for program_courses in courses for course in program_courses]
        Course.objects.bulk_create(flat_courses, batch_size=BATCH)
        prerequisites = self.prerequisites(courses)
        Course.prerequisites.through.objects.bulk_create(prerequisites, batch_size=BATCH)
        pathways = self.pathways(programs, degrees)
        CreditPathway.objects.bulk_create(pathways, batch_size=BATCH)
        links = 0
        for model, rows in ((Program, programs), (Degree, degrees), (CreditPathway, pathways)):
            links += self.link_sources(model, rows, sources)
        return {
            "programs": len(programs),
            "universities": len(universities),
            "fields": len(fields),
            "courses": len(flat_courses),
            "prerequisites": len(prerequisites),
            "degrees": len(degrees),
            "pathways": len(pathways),
            "source links": links,
        }

    def provenance(self) -> dict:
        return {
            "verified_on": self.today - datetime.timedelta(days=self.rng.randint(0, 90)),
            "facts_year": self.today.year - (1 if chance(self.rng, 0.3) else 0),
        }

    def universities(self, count: int) -> list[University]:
        countries, weights = zip(*COUNTRIES, strict=True)
        return University.objects.bulk_create(
            (
                University(
                    name=f"Synthetic University {index:04}",
                    slug=f"{PREFIX}university-{index:04}",
                    short_name=f"SynthU{index:04}x",
                    country=self.rng.choices(countries, weights)[0],
                    website=f"https://university-{index:04}.synthetic.example",
                )
                for index in range(1, count + 1)
            ),
            batch_size=BATCH,
        )

    def degrees(self, count: int, universities: list[University], fields: list[Field]) -> list[Degree]:
        rng = self.rng
        degrees = []
        for index in range(1, count + 1):
            field = rng.choice(fields)
            euro = chance(rng, 0.15)
            credits = Decimal(rng.choice([60, 90, 120]) if euro else rng.choice([30, 32, 36, 40, 45, 48]))
            months_min = rng.choice([12, 18, 24])
            degree = Degree(
                title=f"Synthetic Master of {field.name.removesuffix(' (synthetic)')} {index:04}",
                slug=f"{PREFIX}master-{index:05}",
                university=rng.choice(universities),
                field=field,
                format=rng.choice(Degree.Format.values),
                credits_total=credits,
                credit_unit="ECTS" if euro else "credits",
                months_min=months_min,
                months_max=months_min + rng.choice([0, 6, 12]),
                **self.provenance(),
            )
            if chance(rng, 0.85):  # the rest publish no tuition, as some real degrees do
                total = rng.randrange(10_000, 80_001, 500)
                degree.tuition_currency = "EUR" if euro else "USD"
                degree.tuition_year = self.today.year
                unit = rng.choices(["total", "per_credit", "per_year"], [60, 25, 15])[0]
                degree.tuition_unit = unit
                if unit == "total":
                    degree.tuition_amount = money(total)
                elif unit == "per_credit":
                    degree.tuition_count = credits
                    degree.tuition_amount = money(total / float(credits))
                else:
                    years = Decimal(rng.choice(["1.5", "2"]))
                    degree.tuition_count = years
                    degree.tuition_amount = money(total / float(years))
            degrees.append(degree)
        return Degree.objects.bulk_create(degrees, batch_size=BATCH)

    def program(self, index: int, width: int, university: University, field: Field):
        """An unsaved program and its unsaved courses (program set once it has an id)."""
        rng = self.rng
        topic = field.name.removesuffix(" (synthetic)")
        number = f"{index:0{width}}"
        kinds = ["required"] * rng.randint(4, 6)
        electives_required = 0
        if chance(rng, 0.2):
            kinds[-2:] = ["elective", "elective"]
            electives_required = 1
        if chance(rng, 0.2):
            kinds[-1] = "capstone"
        exam = chance(rng, 0.1)
        if exam:
            kinds.append("exam")
        courses = [self.course(number, position, kind, topic) for position, kind in enumerate(kinds, 1)]
        listed = sum(1 for kind in kinds if kind in ("required", "capstone"))
        incomplete = chance(rng, 0.08)  # the source lists fewer courses than the credential needs
        effort_min = rng.randint(4, 10) if chance(rng, 0.7) else None
        months_min = rng.randint(6, 12) if chance(rng, 0.5) else None
        program = Program(
            title=f"Synthetic MicroMasters in {topic} {number}",
            slug=f"{PREFIX}{slugify(topic)}-{number}",
            university=university,
            field=field,
            summary=(
                f"A synthetic program of {len(kinds)} courses in {topic} from {university.name}, "
                f"with a focus on {rng.choice(THEMES)} and {rng.choice(THEMES)}."
            ),
            status=rng.choices(Status.values, [85, 5, 10])[0],
            pacing=rng.choice([*Program.Pacing.values, ""]),
            effort_hours_min=effort_min,
            effort_hours_max=None if effort_min is None else effort_min + rng.randint(0, 6),
            months_min=months_min,
            months_max=None if months_min is None else months_min + rng.randint(0, 6),
            course_count=listed + (1 if incomplete else 0),
            electives_required=electives_required + (1 if electives_required and chance(rng, 0.1) else 0),
            exam_fee=money(rng.randint(150, 300)) if chance(rng, 0.1) else None,
            exam_fee_label="Final proctored exam" if exam else "",
            notes="Synthetic data for load tests.",
            **self.provenance(),
        )
        if incomplete or any(course.price is None for course in courses) or chance(rng, 0.2):
            program.published_total = money(sum(rng.choice(PRICES) for _ in kinds))
            program.published_total_year = self.today.year
        if chance(rng, 0.15):
            low = rng.randint(25, 75)
            program.income_price_min = money(low)
            program.income_price_max = money(low + rng.randint(50, 150))
        return program, courses

    def course(self, number: str, position: int, kind: str, topic: str) -> Course:
        rng = self.rng
        if kind == "exam":
            title = f"Proctored exam in {topic}"
        elif kind == "capstone":
            title = f"{topic} capstone project"
        else:
            title = f"{rng.choice(WORDS)} {topic}: {rng.choice(THEMES)}"
        effort_min = rng.randint(3, 8)
        return Course(
            position=position,
            code=f"SYN{number}.{position}x",
            title=title,
            kind=kind,
            weeks=None if kind == "exam" or chance(rng, 0.04) else rng.randint(4, 14),
            effort_hours_min=effort_min,
            effort_hours_max=effort_min + rng.randint(0, 4),
            price=None if chance(rng, 0.04) else money(rng.choice(PRICES)),
            price_year=self.today.year,
        )

    def prerequisites(self, courses_by_program: list[list[Course]]) -> list:
        """A capstone needs every required course; a required course sometimes needs the one before."""
        through = Course.prerequisites.through
        rows = []
        for courses in courses_by_program:
            required = [course for course in courses if course.kind == "required"]
            for course in courses:
                if course.kind == "capstone":
                    rows += [through(from_course=course, to_course=before) for before in required]
            for before, after in itertools.pairwise(required):
                if chance(self.rng, 0.5):
                    rows.append(through(from_course=after, to_course=before))
        return rows

    def pathways(self, programs: list[Program], degrees: list[Degree]) -> list[CreditPathway]:
        rng = self.rng
        pathways = []
        for program in programs:
            if not chance(rng, 0.6):
                continue
            targets = rng.sample(degrees, 2 if chance(rng, 0.1) and len(degrees) > 1 else 1)
            for degree in targets:
                share = rng.uniform(0.2, 0.5)
                pathway = CreditPathway(
                    slug=f"{program.slug}--{degree.slug}",
                    program=program,
                    degree=degree,
                    status=rng.choices(Status.values, [70, 5, 25])[0],
                    conditions="Synthetic: pass the program's courses with a grade of at least B.",
                    **self.provenance(),
                )
                credits = degree.credits_total
                if credits and chance(rng, 0.5):
                    # Whole credits, still between a fifth and a half of the degree.
                    granted = min(
                        (credits * Decimal(share)).quantize(Decimal(1), rounding=ROUND_CEILING),
                        (credits / 2).quantize(Decimal(1), rounding=ROUND_FLOOR),
                    )
                    pathway.credits_required, pathway.credits_granted = credits, granted
                    pathway.credit_unit = degree.credit_unit
                    pathway.share_text = f"{granted} of {credits} {degree.credit_unit}"
                else:
                    low = Decimal(share).quantize(Decimal("0.01"))
                    high = min(Decimal("0.50"), low + Decimal(rng.choice([0, 0, 5, 10])) / 100)
                    pathway.share_min, pathway.share_max = low, high
                    pathway.share_text = (
                        f"{low:.0%} of the degree" if low == high else f"{low:.0%} to {high:.0%}"
                    )
                pathways.append(pathway)
        return pathways

    def link_sources(self, model, rows, sources: list[Source]) -> int:
        through = model.sources.through
        column = f"{model._meta.model_name}_id"
        links = [
            through(**{column: row.pk, "source_id": source.pk})
            for row in rows
            for source in self.rng.sample(sources, self.rng.randint(1, 2))
        ]
        through.objects.bulk_create(links, batch_size=BATCH)
        return len(links)
