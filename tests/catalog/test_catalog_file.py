import copy
import json

import pytest
from django.core.management import CommandError, call_command

from catalog.catalog_file import export_catalog, read_catalog
from catalog.models import Course, CreditPathway, Degree, Program, Source, University

pytestmark = pytest.mark.django_db

PROVENANCE = {
    "url": "",
    "sources": ["src-faq"],
    "verified_on": "2026-11-22",
    "facts_year": 2017,
    "caveat": "",
}


def small_catalog():
    """A catalog of one program with an exam, one degree and one pathway, in the file format."""
    return {
        "format": "micromasters-catalog",
        "version": 1,
        "sources": [
            {
                "key": "src-faq",
                "url": "https://example.edu/faq",
                "locator": "",
                "title": "FAQ",
                "publisher": "",
                "year": 2017,
                "kind": "official",
            }
        ],
        "fields": [{"slug": "supply-chain", "name": "Supply Chain Management"}],
        "universities": [
            {"slug": "mit", "name": "MIT", "short_name": "MITx", "country": "United States", "website": ""}
        ],
        "degrees": [
            {
                "slug": "mit-scm",
                "title": "Master of Supply Chain Management",
                "university": "mit",
                "field": "supply-chain",
                "format": "blended",
                "format_note": "",
                "tuition_amount": "74000.00",
                "tuition_currency": "USD",
                "tuition_unit": "total",
                "tuition_count": None,
                "tuition_year": 2018,
                "tuition_note": "",
                "credits_total": "90",
                "credit_unit": "MIT units",
                "months_min": 10,
                "months_max": 10,
                **PROVENANCE,
            }
        ],
        "programs": [
            {
                "slug": "mitx-scm",
                "title": "Supply Chain Management",
                "summary": "",
                "university": "mit",
                "field": "supply-chain",
                "status": "active",
                "status_note": "",
                "pacing": "mixed",
                "pacing_note": "",
                "effort_hours_min": 8,
                "effort_hours_max": 12,
                "months_min": None,
                "months_max": None,
                "currency": "USD",
                "course_count": 2,
                "electives_required": 0,
                "exam_fee": None,
                "exam_fee_label": "",
                "exam_fee_year": None,
                "published_total": None,
                "published_total_year": None,
                "income_price_min": None,
                "income_price_max": None,
                "notes": "",
                "courses": [
                    course(1, "150.00", weeks=13),
                    course(2, "150.00", weeks=13, prerequisites=[1]),
                    course(3, "600.00", kind="exam"),
                ],
                **PROVENANCE,
            }
        ],
        "pathways": [
            {
                "slug": "mitx-scm--mit-scm",
                "program": "mitx-scm",
                "degree": "mit-scm",
                "credits_granted": None,
                "credits_required": None,
                "credit_unit": "",
                "share_min": "0.5",
                "share_max": "0.5",
                "share_text": "a semester's worth",
                "conditions": "Admission is competitive.",
                "status": "active",
                **PROVENANCE,
            }
        ],
    }


def course(position, price, *, kind="required", weeks=None, prerequisites=()):
    return {
        "position": position,
        "code": f"SC{position}x",
        "title": f"Course {position}",
        "kind": kind,
        "weeks": weeks,
        "effort_hours_min": None,
        "effort_hours_max": None,
        "price": price,
        "price_year": 2017,
        "prerequisites": list(prerequisites),
        "notes": "",
    }


def import_data(tmp_path, data, *args):
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(data))
    call_command("import_catalog", str(path), *args)


def database_state():
    return {
        model.__name__: sorted(map(str, model.objects.values_list()))
        for model in (Source, University, Degree, Program, Course, CreditPathway)
    }


def test_a_valid_file_imports_every_record_with_its_derived_totals(tmp_path, capsys):
    import_data(tmp_path, small_catalog())

    program = Program.objects.with_totals().get(slug="mitx-scm")
    assert program.total_price == 150 + 150 + 600
    assert program.total_weeks == 26
    assert [str(c) for c in Course.objects.get(position=2).prerequisites.all()] == ["SC1x Course 1"]
    assert CreditPathway.objects.get().degree.university.slug == "mit"
    assert "programs: 1 created, 0 updated, 0 unchanged" in capsys.readouterr().out


def test_importing_the_same_file_twice_changes_nothing(tmp_path, capsys):
    import_data(tmp_path, small_catalog())
    before = database_state()
    capsys.readouterr()

    import_data(tmp_path, small_catalog())

    assert database_state() == before
    output = capsys.readouterr().out
    assert "programs: 0 created, 0 updated, 1 unchanged" in output
    assert "courses: 0 created, 0 updated, 3 unchanged" in output


def test_a_changed_price_updates_only_that_program(tmp_path, capsys):
    import_data(tmp_path, small_catalog())
    data = small_catalog()
    data["programs"][0]["courses"][0]["price"] = "175.00"
    capsys.readouterr()

    import_data(tmp_path, data)

    assert Program.objects.with_totals().get().total_price == 175 + 150 + 600
    assert "programs: 0 created, 1 updated, 0 unchanged" in capsys.readouterr().out


def test_export_then_import_round_trips_without_change(tmp_path, capsys):
    import_data(tmp_path, small_catalog())
    exported = export_catalog()
    before = database_state()
    capsys.readouterr()

    import_data(tmp_path, exported)

    assert database_state() == before
    assert "1 created" not in capsys.readouterr().out
    assert read_catalog(exported).records == read_catalog(small_catalog()).records


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["programs"][0].update(colour="red"), "programs[0] ('mitx-scm'): unknown key 'colour'"),
        (
            lambda d: d["programs"][0]["courses"][0].update(price="-5.00"),
            "programs[0] ('mitx-scm').courses[0].price: must be at least 0",
        ),
        (
            lambda d: d["programs"][0].update(exam_fee=12.5),
            "programs[0] ('mitx-scm').exam_fee: must be a number written as a string",
        ),
        (
            lambda d: d["pathways"][0].update(degree="nowhere"),
            "pathways[0] ('mitx-scm--mit-scm').degree: no degree 'nowhere'",
        ),
        (
            lambda d: d["programs"][0].update(sources=["src-missing"]),
            "programs[0] ('mitx-scm').sources: no source 'src-missing'",
        ),
        (
            lambda d: d["pathways"][0].update(share_min="1.5"),
            "pathways[0] ('mitx-scm--mit-scm').share_min: must be more than 0 and at most 1",
        ),
        (lambda d: d["degrees"][0].pop("title"), "degrees[0] ('mit-scm'): missing key 'title'"),
        (
            lambda d: d["programs"][0]["courses"][1].update(prerequisites=[9]),
            "prerequisites: 9 is not another course of this program",
        ),
        (
            lambda d: d["programs"].append(copy.deepcopy(d["programs"][0])),
            "programs: slug 'mitx-scm' appears 2 times",
        ),
        (
            lambda d: d["programs"][0].update(status="paused"),
            "programs[0] ('mitx-scm').status: must be one of",
        ),
        (
            lambda d: d["degrees"][0].update(verified_on="22/11/2026"),
            "degrees[0] ('mit-scm').verified_on: must be a date written YYYY-MM-DD",
        ),
    ],
)
def test_a_bad_record_is_reported_by_name_and_nothing_is_written(tmp_path, change, expected):
    data = small_catalog()
    change(data)

    with pytest.raises(CommandError) as error:
        import_data(tmp_path, data)

    assert expected in str(error.value)
    assert "nothing was imported" in str(error.value)
    assert Program.objects.count() == 0 and Source.objects.count() == 0


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    data = small_catalog()
    data["programs"][0]["courses"][0]["price"] = "-1"
    data["degrees"][0]["months_min"] = "ten"

    with pytest.raises(CommandError) as error:
        import_data(tmp_path, data)

    assert "has 2 problem(s)" in str(error.value)


def test_a_row_breaking_a_model_rule_rolls_back_the_whole_file(tmp_path):
    import_data(tmp_path, small_catalog())
    before = database_state()
    data = small_catalog()
    data["programs"][0]["title"] = "Renamed"
    data["degrees"][0]["months_min"] = 24  # more than months_max: passes the format, breaks a constraint

    with pytest.raises(CommandError) as error:
        import_data(tmp_path, data)

    assert "degrees[0] ('mit-scm'): The lowest number of months cannot be more than the highest." in str(
        error.value
    )
    assert database_state() == before


def test_a_name_clash_is_reported_not_crashed_on(tmp_path):
    data = small_catalog()
    data["fields"].append({"slug": "logistics", "name": "Supply Chain Management"})

    with pytest.raises(CommandError) as error:
        import_data(tmp_path, data)

    assert "fields[1] ('logistics').name: Field with this Name already exists." in str(error.value)
    assert Program.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"format": ', "is not valid JSON"),
        ("[]", "the file must hold one JSON object"),
        ('{"format": "other", "version": 1}', '"format": "micromasters-catalog"'),
        ('{"format": "micromasters-catalog", "version": 1, "programs": {}}', "programs: must be a list"),
    ],
)
def test_a_file_that_is_not_a_catalog_gets_a_clear_error(tmp_path, content, expected):
    path = tmp_path / "bad.json"
    path.write_text(content)

    with pytest.raises(CommandError, match=expected.replace("(", r"\(")):
        call_command("import_catalog", str(path))


def test_a_missing_file_gets_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_catalog", str(tmp_path / "nothing.json"))


def test_if_empty_skips_a_database_that_has_programs(tmp_path, capsys):
    import_data(tmp_path, small_catalog())
    data = small_catalog()
    data["programs"][0]["title"] = "Changed"

    import_data(tmp_path, data, "--if-empty")

    assert Program.objects.get().title == "Supply Chain Management"
    assert "nothing imported" in capsys.readouterr().out


def test_export_command_writes_the_import_format(tmp_path):
    import_data(tmp_path, small_catalog())
    out = tmp_path / "out.json"

    call_command("export_catalog", str(out))

    assert json.loads(out.read_text()) == export_catalog()
