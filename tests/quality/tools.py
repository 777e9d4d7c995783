"""The npm test tools (axe-core, vnu.jar), installed by `make test` into node_modules/.

A missing tool skips the tests that need it, with the command that installs it; with
REQUIRE_BROWSER=1 (CI) it fails them instead, as a missing Chromium does.
"""

import os
import shutil
from pathlib import Path

import pytest

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL = "run `make test`, or `npm ci --ignore-scripts` in the project folder"


def missing(reason: str) -> None:
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


def require_file(path: Path) -> Path:
    if not path.exists():
        if shutil.which("npm") is None:
            missing(
                f"no {path.relative_to(NODE_MODULES.parent)}: npm is not installed (Debian: apt-get install npm)"
            )
        missing(f"no {path.relative_to(NODE_MODULES.parent)}: {INSTALL}")
    return path


def axe_source() -> str:
    return require_file(AXE_JS).read_text(encoding="utf-8")


def vnu_command() -> list[str]:
    """The start of a vnu.jar command line; files or `-` follow."""
    java = shutil.which("java")
    if java is None:
        missing(
            "java is not installed, and the Nu HTML Checker needs it (Debian: apt-get install default-jre-headless)"
        )
    return [java, "-jar", str(require_file(VNU_JAR))]
