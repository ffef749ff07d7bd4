"""The generator is pure: importing and running it pulls in no Flask, ORM or models.

Checked in a fresh interpreter, so nothing the test run imported earlier can hide an import.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = ("flask", "sqlalchemy", "flask_sqlalchemy", "studyguide.models")

RUN = """
import studyguide.generator
from studyguide.generator import pipeline
from studyguide.generator.export import to_json
to_json(studyguide.generator.generate("Q: Why did you start? A: Because I liked it. " * 20))
print(",".join(sorted(name for name in {forbidden!r} if name in sys.modules)))
"""
# Load the `studyguide` package without running its __init__ (the Flask app factory), so this
# sees exactly what the generator itself imports.
WITHOUT_APP_PACKAGE = """
import sys, types
package = types.ModuleType("studyguide")
package.__path__ = [{package_dir!r}]
sys.modules["studyguide"] = package
"""


def _forbidden_after(prelude: str) -> str:
    script = "import sys\n" + prelude + RUN.format(forbidden=FORBIDDEN)
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return result.stdout.strip()


def test_generator_itself_imports_no_web_or_database_code():
    prelude = WITHOUT_APP_PACKAGE.format(package_dir=str(ROOT / "studyguide"))
    assert _forbidden_after(prelude) == ""


def test_importing_the_generator_imports_no_web_or_database_code():
    assert _forbidden_after("") == ""
