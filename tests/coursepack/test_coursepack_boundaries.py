"""The course package code is pure Python: it imports no Flask, ORM or models."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("flask", "sqlalchemy", "flask_sqlalchemy", "studyguide.models")

# Load the `studyguide` package without running its __init__ (the Flask app factory), so this
# sees exactly what the course package code itself imports.
SCRIPT = f"""
import sys, types
from pathlib import Path
package = types.ModuleType("studyguide")
package.__path__ = [{str(ROOT / "studyguide")!r}]
sys.modules["studyguide"] = package
import studyguide.questiontypes
import studyguide.coursepack
studyguide.coursepack.read_package(Path({str(ROOT / "tests/coursepack/fixtures/valid")!r}))
print(",".join(sorted(name for name in {FORBIDDEN!r} if name in sys.modules)))
"""


def test_coursepack_imports_no_web_or_database_code() -> None:
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", SCRIPT],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert result.stdout.strip() == ""
