"""Read and write catalog files (docs/catalog-format.md).

`load_catalog_file(path)` reads and parses a file, refusing one too large or not JSON with a
message (reading.py); `read_catalog(data)` checks the parsed file against the format (spec.py,
values.py) and returns every problem, each naming its record and key (checking.py);
`write_catalog(catalog)` upserts the checked records in one transaction that holds the catalog's
import lock (writing.py); `export_catalog()` writes the same format back, every key included, so
import -> export -> import changes nothing (export.py).

The models hold the rules of each value (lengths, choices, constraints): text lengths are read from
the model fields, and every row goes through `full_clean()` before it is saved.
"""

from catalog.catalog_file.checking import (
    MAX_PROBLEMS,
    Catalog,
    CatalogInvalid,
    prerequisite_problems,
    read_catalog,
)
from catalog.catalog_file.export import export_catalog
from catalog.catalog_file.reading import MAX_FILE_BYTES, CatalogUnreadable, load_catalog_file
from catalog.catalog_file.spec import FORMAT, OPTIONAL, SPECS, VERSION
from catalog.catalog_file.writing import (
    IMPORT_LOCK_KEY,
    LOCK_WAIT_SECONDS,
    ImportFailed,
    lock_catalog,
    write_catalog,
)

__all__ = [
    "FORMAT",
    "IMPORT_LOCK_KEY",
    "LOCK_WAIT_SECONDS",
    "MAX_FILE_BYTES",
    "MAX_PROBLEMS",
    "OPTIONAL",
    "SPECS",
    "VERSION",
    "Catalog",
    "CatalogInvalid",
    "CatalogUnreadable",
    "ImportFailed",
    "export_catalog",
    "load_catalog_file",
    "lock_catalog",
    "prerequisite_problems",
    "read_catalog",
    "write_catalog",
]
