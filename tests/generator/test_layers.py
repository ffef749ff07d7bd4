"""The generator's floors: base modules import no stage, and no stage imports another.

A stage may use what the base modules hold (records, word lists, text helpers, vectors,
passages, the analysis record, the tuning) and whatever lies inside its own package; only
`pipeline` puts the stages together. Checked on the source, so a lazy import counts too.
"""

import ast
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parents[2] / "studyguide" / "generator"
PREFIX = "studyguide.generator."
BASE = {
    "analysis", "boundaries", "disfluency", "keyphrases", "lexicon", "passages", "quality",
    "textutil", "title_rules", "tuning", "types", "vectors",
}  # fmt: skip
# Helpers that sit beside a stage: lesson titles are made by `titles`, summaries by
# `summaries`; the output boundary `export` turns a lesson's text into its course record, and
# the evaluation report uses its statistics.
ALLOWED = {
    ("lessons", "titles"),
    ("lessons", "summaries"),
    ("export", "lessons"),
    ("evaluate", "export"),
}


def _unit(path: Path) -> str:
    """The top-level module or package a file belongs to ("questions", "pipeline")."""
    return path.relative_to(GENERATOR).parts[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PREFIX):
            out.add(node.module[len(PREFIX) :].split(".")[0])
        elif isinstance(node, ast.Import):
            out.update(
                a.name[len(PREFIX) :].split(".")[0] for a in node.names if a.name.startswith(PREFIX)
            )
    return out


FILES = sorted(
    p for p in GENERATOR.rglob("*.py") if p.name != "__init__.py" or p.parent != GENERATOR
)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(GENERATOR)))
def test_modules_import_only_base_modules_or_their_own_package(path):
    unit = _unit(path)
    if unit == "pipeline":
        return
    wrong = {
        other
        for other in _imports(path)
        if other != unit and other not in BASE and (unit, other) not in ALLOWED
    }
    if unit in BASE:
        wrong |= {other for other in _imports(path) if other not in BASE}
    assert not wrong, f"{path.name} imports the stage module(s) {sorted(wrong)}"
