"""Prerequisites are other courses of the same program, in no loop: in the models, the admin, the
importer and the export, so that an export always imports back as the same catalog."""

import graphlib
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.apps import catalog_models
from catalog.catalog_file import CatalogInvalid, export_catalog, read_catalog, write_catalog
from catalog.models import Course, Program, prerequisite_loop
from tests.catalog.catalog_files import course, import_data, small_catalog

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def three_courses(make_program):
    """A program of three courses, and a course of another program."""
    program = make_program(courses=[{"title": "One"}, {"title": "Two"}, {"title": "Three"}])
    other = make_program(courses=[{"title": "Elsewhere"}])
    return [*program.courses.order_by("position"), other.courses.get()]


def course_change_form(course, prerequisites):
    return {
        "program": course.program_id,
        "position": course.position,
        "code": course.code,
        "title": course.title,
        "kind": course.kind,
        "price_currency": course.price_currency,
        "price_history": "[]",
        "figure_sources": "{}",
        "prerequisites": [other.pk for other in prerequisites],
    }


def clear_catalog():
    for model in reversed(catalog_models()):  # each before the rows it refers to
        model.objects.all().delete()


# The rule


def test_a_loop_is_found_and_returned_along_its_courses():
    assert prerequisite_loop({1: [2], 2: [3], 3: [1]}) == [1, 2, 3, 1]
    assert prerequisite_loop({1: [1]}) == [1, 1]
    assert prerequisite_loop({1: [2, 3], 2: [3], 3: []}) is None
    assert prerequisite_loop({}) is None


def test_a_chain_of_courses_of_one_program_is_accepted(three_courses):
    one, two, three, _ = three_courses
    two.prerequisites.set([one])

    three.validate_prerequisites([one, two])


@pytest.mark.parametrize(
    ("course_index", "prerequisite_indexes", "message"),
    [
        (0, [0], "A course cannot be its own prerequisite."),
        (0, [3], "Elsewhere is a course of another program (Program 2)"),
        (0, [2], "These prerequisites make a loop: One requires Three requires Two requires One."),
    ],
)
def test_validation_refuses_itself_another_program_and_a_loop(
    three_courses, course_index, prerequisite_indexes, message
):
    one, two, three, _ = three_courses
    two.prerequisites.set([one])
    three.prerequisites.set([two])

    with pytest.raises(ValidationError) as error:
        three_courses[course_index].validate_prerequisites([three_courses[i] for i in prerequisite_indexes])

    assert message in " ".join(error.value.messages)


def test_a_course_its_program_requires_cannot_move_to_another_program(three_courses):
    one, two, _, elsewhere = three_courses
    two.prerequisites.set([one])
    one.program = elsewhere.program

    with pytest.raises(ValidationError, match="Courses of another program require this course: Two"):
        one.full_clean()


# The admin


@pytest.mark.parametrize(
    ("prerequisite_indexes", "message"),
    [
        ([0], "A course cannot be its own prerequisite."),
        ([3], "a prerequisite must be a course of the same program"),
        ([1], "These prerequisites make a loop: One requires Two requires One."),
    ],
)
def test_the_admin_course_form_shows_a_bad_prerequisite_as_an_error(
    admin_client, three_courses, prerequisite_indexes, message
):
    one, two, _, _ = three_courses
    two.prerequisites.set([one])
    url = reverse("admin:catalog_course_change", args=[one.pk])

    response = admin_client.post(
        url, course_change_form(one, [three_courses[i] for i in prerequisite_indexes])
    )

    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors["prerequisites"])
    assert list(one.prerequisites.all()) == []


def test_the_admin_course_form_saves_a_prerequisite_of_the_same_program(admin_client, three_courses):
    one, two, _, _ = three_courses
    url = reverse("admin:catalog_course_change", args=[two.pk])

    response = admin_client.post(url, course_change_form(two, [one]))

    assert response.status_code == 302
    assert list(two.prerequisites.all()) == [one]


# The importer


@pytest.mark.parametrize(
    ("prerequisites", "expected"),
    [
        ({1: [1]}, "programs[0] ('mitx-scm').courses (position 1).prerequisites: 1 is not another course"),
        ({1: [4]}, "programs[0] ('mitx-scm').courses (position 1).prerequisites: 4 is not another course"),
        (
            {1: [3], 2: [1], 3: [2]},
            "programs[0] ('mitx-scm').courses (position 1).prerequisites: the prerequisites make a loop "
            "(position 1 requires 3 requires 2 requires 1)",
        ),
    ],
)
def test_the_importer_refuses_a_bad_prerequisite_naming_the_course(tmp_path, prerequisites, expected):
    data = small_catalog()
    for item in data["programs"][0]["courses"]:
        item["prerequisites"] = prerequisites.get(item["position"], [])

    with pytest.raises(CommandError) as error:
        import_data(tmp_path, data)

    assert expected in str(error.value)
    assert Program.objects.count() == 0


# The export


def test_the_export_refuses_a_prerequisite_saved_before_the_rules_naming_the_course(three_courses, tmp_path):
    one, _, _, elsewhere = three_courses
    one.prerequisites.add(elsewhere)  # as the admin allowed before it checked
    out = tmp_path / "catalog.json"

    with pytest.raises(CommandError) as error:
        call_command("export_catalog", str(out))

    assert (
        "programs ('program-1').courses (position 1).prerequisites: requires Elsewhere of another program "
        "('program-2')" in str(error.value)
    )
    assert not out.exists()


def test_the_export_refuses_a_stored_loop_and_a_course_requiring_itself(three_courses):
    one, two, three, _ = three_courses
    one.prerequisites.add(two)
    two.prerequisites.add(one)
    three.prerequisites.add(three)

    with pytest.raises(CatalogInvalid) as error:
        export_catalog()

    assert error.value.problems == [
        "programs ('program-1').courses (position 3).prerequisites: the course requires itself",
        "programs ('program-1').courses (position 1).prerequisites: the prerequisites make a loop "
        "(position 1 requires 2 requires 1)",
    ]


# Round trips over random prerequisite graphs

catalog_shapes = st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=3)


@FUZZ
@given(data=st.data(), courses_per_program=catalog_shapes)
def test_whatever_the_models_accept_exports_and_imports_back_identically(
    make_program, data, courses_per_program
):
    clear_catalog()
    programs = [
        make_program(courses=[{"title": f"C{n}"} for n in range(count)]) for count in courses_per_program
    ]
    courses = list(Course.objects.order_by("program__slug", "position").select_related("program"))
    links = data.draw(st.lists(st.tuples(st.sampled_from(courses), st.sampled_from(courses)), max_size=10))

    for dependent, prerequisite in links:
        wanted = [*dependent.prerequisites.all(), prerequisite]
        try:
            dependent.validate_prerequisites(wanted)
        except ValidationError as error:
            message = " ".join(error.messages)
            assert str(prerequisite) in message or "its own prerequisite" in message
            assert (
                prerequisite.program_id != dependent.program_id
                or prerequisite == dependent
                or "loop" in message
            )
            continue
        dependent.prerequisites.set(wanted)
    exported = export_catalog()
    clear_catalog()
    write_catalog(read_catalog(json.loads(json.dumps(exported))))

    assert export_catalog() == exported
    assert len(exported["programs"]) == len(programs)


@FUZZ
@given(
    prerequisites=st.lists(
        st.lists(st.integers(min_value=1, max_value=5), max_size=3), min_size=1, max_size=4
    )
)
def test_the_importer_takes_exactly_the_prerequisite_graphs_that_are_valid(tmp_path, prerequisites):
    clear_catalog()
    data = small_catalog()
    data["programs"][0]["courses"] = [
        course(position, "100.00", prerequisites=required)
        for position, required in enumerate(prerequisites, 1)
    ]
    data["programs"][0]["course_count"] = len(prerequisites)
    positions = range(1, len(prerequisites) + 1)
    graph = dict(zip(positions, prerequisites, strict=True))
    try:
        graphlib.TopologicalSorter(graph).prepare()
        acyclic = True
    except graphlib.CycleError:
        acyclic = False
    valid = acyclic and all(
        required in positions and required != position
        for position in positions
        for required in graph[position]
    )

    if valid:
        import_data(tmp_path, data)
        exported = export_catalog()["programs"][0]["courses"]
        assert [item["prerequisites"] for item in exported] == [sorted(set(p)) for p in prerequisites]
    else:
        with pytest.raises(CommandError, match=r"courses \(position \d+\)\.prerequisites: "):
            import_data(tmp_path, data)
        assert Program.objects.count() == 0
