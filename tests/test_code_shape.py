"""The shape the code keeps: small modules and short functions, so the house stays walkable.

A generator module may pass 300 lines only when its docstring's first line says why
("… (over 300 lines: …)").
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "studyguide"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_MODULE_LINES = 400
MAX_GENERATOR_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60


def _label(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


@pytest.mark.parametrize("path", MODULES, ids=_label)
def test_module_is_small(path):
    source = path.read_text(encoding="utf-8")
    lines = len(source.splitlines())
    assert lines <= MAX_MODULE_LINES, f"{_label(path)} has {lines} lines"
    if "generator" in path.relative_to(PACKAGE).parts and lines > MAX_GENERATOR_MODULE_LINES:
        docstring = ast.get_docstring(ast.parse(source)) or ""
        assert "over 300 lines" in docstring.splitlines()[0], (
            f"{_label(path)} has {lines} lines and no one-line reason at its top"
        )


@pytest.mark.parametrize("path", MODULES, ids=_label)
def test_functions_are_short(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines, line {node.lineno})"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, f"{_label(path)}: {', '.join(long)}"
