"""The question-type registry is pure: using every type pulls in no web, form or database code.

Checked in a fresh interpreter, so nothing the test run imported earlier can hide an import.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = (
    "flask",
    "flask_wtf",
    "wtforms",
    "werkzeug",
    "sqlalchemy",
    "flask_sqlalchemy",
    "studyguide.models",
)

# Load the `studyguide` package without running its __init__ (the Flask app factory), so this
# sees exactly what the registry itself imports; then ask, parse, grade and check every type.
SCRIPT = f"""
import sys, types
from types import SimpleNamespace
package = types.ModuleType("studyguide")
package.__path__ = [{str(ROOT / "studyguide")!r}]
sys.modules["studyguide"] = package
import studyguide.questiontypes as registry
for name, kind in registry.QUESTION_TYPES.items():
    version = SimpleNamespace(type=name, prompt="It ____ here.", choices=["a", "b", "c"],
                              answer=["a"] if name == "multiple_select" else "a", accepted=[])
    kind.input(version)
    kind.input_value(None)
    registry.grade(version, kind.parse(version, ["true" if name == "true_false" else "a"]))
    question = dict(vars(version), evidence={{"quote": "It a here."}})
    kind.package_problems(question)
    kind.schema_rule
print(",".join(sorted(name for name in {FORBIDDEN!r} if name in sys.modules)))
"""


def test_questiontypes_import_no_web_form_or_database_code():
    script = [sys.executable, "-W", "error", "-c", SCRIPT]
    assert subprocess.check_output(script, text=True, cwd=ROOT).strip() == ""
