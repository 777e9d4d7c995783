"""Reading a file (catalog/catalog_file/reading.py): a file that is not a catalog gets a message."""

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


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
