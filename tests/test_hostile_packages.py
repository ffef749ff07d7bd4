"""Hostile course packages through `check-course` and `load-course` (issue 14).

Each case breaks a copy of the valid fixture package one way, made at run time. Both commands
must refuse it with one `file: field: problem` line, exit 1, print no traceback, and leave the
database and the package folder as they were.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from studyguide.cli import main
from tests.hostile import assert_refused, db_state, tree_state

VALID = Path(__file__).parent / "coursepack" / "fixtures" / "valid"
LINK = "is a symbolic link: a package must hold its files itself, not link to them"
HARD_LINK = "is a hard link (the same file is also elsewhere): a package must hold its files itself"


def _move_out(root: Path, rel: str) -> Path:
    """Move `rel` out of the package, leave a link to it in its place, return the target."""
    outside = root.parent / "outside" / rel
    outside.parent.mkdir(parents=True, exist_ok=True)
    (root / rel).rename(outside)
    (root / rel).symlink_to(outside)
    return outside


def _hard_link_from_outside(root: Path, rel: str) -> None:
    """Move `rel` out of the package and leave a hard link to it in its place."""
    outside = _move_out(root, rel)
    (root / rel).unlink()
    os.link(outside, root / rel)


def _replace_with(root: Path, rel: str, make: Callable[[Path], object]) -> None:
    path = root / rel
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()
    make(path)


def _edit(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        text = (root / rel).read_text(encoding="utf-8")
        assert old in text
        (root / rel).write_bytes(text.replace(old, new, 1).encode("utf-8"))

    return edit


def _append(rel: str, text: str) -> Callable[[Path], None]:
    def append(root: Path) -> None:
        with (root / rel).open("a", encoding="utf-8", newline="") as file:
            file.write(text)

    return append


def _length(rel: str) -> int:
    return len((VALID / rel).read_text(encoding="utf-8"))


def _write(rel: str, size: int) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        (root / rel).write_bytes(b"words " * (size // 6))

    return write


def _many_lessons(root: Path) -> None:
    for k in range(101):
        (root / "lessons" / f"extra-{k}.txt").write_text("not a lesson", encoding="utf-8")


def _package_bytes() -> int:
    return sum(path.stat().st_size for path in VALID.rglob("*") if path.is_file())


def _body_length(rel: str, extra: str) -> int:
    body = (VALID / rel).read_text(encoding="utf-8").split("---\n", 2)[2]
    return len((body + extra).strip())


MB = 1024 * 1024
BIG_COMMENT = "# " + "x" * 2 * MB + "\n"
BIG_TRANSCRIPT = "More words. " * (MB // 2)


def _bytes_after(rel: str, extra: str) -> int:
    return (VALID / rel).stat().st_size + len(extra.encode("utf-8"))


BRACKETS = "\n" + "[" * 100_000
LONG_QUOTE = " ".join(["Ada went abroad because her mentor supported it."] * 400)
NESTED = "[" * 600 + "]" * 600
CONTROL = "only tab, newline and carriage return are allowed"
MALFORMED = "malformed YAML"

# name -> (break the package at root, the problem line it must cause)
CASES: dict[str, tuple[Callable[[Path], object], str]] = {
    "transcript links outside": (
        lambda root: _move_out(root, "transcript.txt"),
        f"transcript.txt: (file): {LINK}",
    ),
    "transcript links to /dev/zero": (
        lambda root: _replace_with(root, "transcript.txt", lambda p: p.symlink_to("/dev/zero")),
        f"transcript.txt: (file): {LINK}",
    ),
    "lesson file links outside": (
        lambda root: _move_out(root, "lessons/advice.md"),
        f"lessons/advice.md: (file): {LINK}",
    ),
    "lessons folder links outside": (
        lambda root: _move_out(root, "lessons"),
        f"lessons: (file): {LINK}",
    ),
    "course.yaml links outside": (
        lambda root: _move_out(root, "course.yaml"),
        f"course.yaml: (file): {LINK}",
    ),
    "transcript hard-linked to a file outside": (
        lambda root: _hard_link_from_outside(root, "transcript.txt"),
        f"transcript.txt: (file): {HARD_LINK}",
    ),
    "lesson file hard-linked to a file outside": (
        lambda root: _hard_link_from_outside(root, "lessons/advice.md"),
        f"lessons/advice.md: (file): {HARD_LINK}",
    ),
    "transcript is a FIFO": (
        lambda root: _replace_with(root, "transcript.txt", os.mkfifo),
        "transcript.txt: (file): is not a regular file (a device, pipe or socket)",
    ),
    "transcript is a folder": (
        lambda root: _replace_with(root, "transcript.txt", Path.mkdir),
        "transcript.txt: (file): is a folder, not a file",
    ),
    "course.yaml is a folder": (
        lambda root: _replace_with(root, "course.yaml", Path.mkdir),
        "course.yaml: (file): is a folder, not a file",
    ),
    # item 4: values PyYAML cannot build, and nesting that exhausts its recursion
    "a date that is not a date": (
        _edit("course.yaml", "title: Careers Abroad", "title: 2020-13-45"),
        f"course.yaml: line 2: {MALFORMED}: cannot read '2020-13-45' as timestamp: "
        "month must be in 1..12",
    ),
    "an offset of 5,000 digits": (
        _edit("lessons/advice.md", "start_char: 450", "start_char: " + "9" * 5000),
        f"lessons/advice.md: line 16: {MALFORMED}: cannot read a 5000-character value as int: "
        "too many digits",
    ),
    "a hexadecimal offset past any transcript": (
        _edit("lessons/advice.md", "start_char: 450", "start_char: 0x" + "f" * 5000),
        f"lessons/advice.md: line 16: {MALFORMED}: cannot read a 5002-character value as int: "
        "too many digits",
    ),
    "a time of 1.0e+999": (
        _edit("lessons/advice.md", "start_time: null", "start_time: 1.0e+999"),
        f"lessons/advice.md: line 18: {MALFORMED}: cannot read '1.0e+999' as float: "
        "out of range (at most 1e+15 either way)",
    ),
    "YAML nested 600 deep in a lesson": (
        _edit("lessons/advice.md", "title: Advice\n", f"title: Advice\nkeyphrases: {NESTED}\n"),
        f"lessons/advice.md: line 4: {MALFORMED}: nested more than 50 levels deep",
    ),
    "YAML nested 600 deep in course.yaml": (
        _edit("course.yaml", "title: Careers Abroad", "title: " + "{a: " * 600 + "}" * 600),
        f"course.yaml: line 2: {MALFORMED}: nested more than 50 levels deep",
    ),
    # item 7: C0 controls, raw in a file or as a YAML escape in any string field
    "NUL in the transcript": (
        _append("transcript.txt", "\x00"),
        "transcript.txt: (file): control character U+0000 at character "
        f"{_length('transcript.txt')}: {CONTROL}",
    ),
    "ESC in a lesson body": (
        _append("lessons/advice.md", "\x1b[31m"),
        "lessons/advice.md: (file): control character U+001B at character "
        f"{_length('lessons/advice.md')}: {CONTROL}",
    ),
    "NUL escaped in a course field": (
        _edit("course.yaml", "title: Careers Abroad", 'title: "Careers\\0Abroad"'),
        f"course.yaml: title: control character U+0000 at character 7: {CONTROL}",
    ),
    "BEL escaped in a choice": (
        _edit("lessons/advice.md", "  - Learn\n", '  - "Le\\aarn"\n'),
        f"lessons/advice.md: questions[0].choices[1]: control character U+0007 at character 2: "
        f"{CONTROL}",
    ),
    # item 8: limits on sizes, and work that stays linear inside them
    "course.yaml of 2 MB": (
        _append("course.yaml", BIG_COMMENT),
        f"course.yaml: (file): is {_bytes_after('course.yaml', BIG_COMMENT):,} bytes, "
        "over the 1,048,576-byte limit",
    ),
    "transcript over 5 MB": (
        _append("transcript.txt", BIG_TRANSCRIPT),
        f"transcript.txt: (file): is {_bytes_after('transcript.txt', BIG_TRANSCRIPT):,} bytes, "
        "over the 5,242,880-byte limit",
    ),
    "a package of 11 MB": (
        _write("notes.txt", 11 * MB),
        f".: (file): the package is {_package_bytes() + 11 * MB // 6 * 6:,} bytes, "
        "over the 10,485,760-byte limit",
    ),
    "101 more files in lessons/": (
        _many_lessons,
        "lessons: (file): holds 103 files, over the limit of 100",
    ),
    "a 100 KB lesson body of [": (
        _append("lessons/advice.md", BRACKETS),
        f"lessons/advice.md: body: is {_body_length('lessons/advice.md', BRACKETS):,} "
        "characters, over the 50,000 limit",
    ),
    "lists nested 3,000 deep in a lesson body": (
        _append("lessons/advice.md", "\n" + "- " * 3000 + "deep"),
        "lessons/advice.md: body: lists or quotes are nested too deeply to show",
    ),
    "a 3,000-word quote": (
        _edit(
            "lessons/advice.md",
            "quotes: []",
            f"quotes:\n- text: {LONG_QUOTE}\n  start_char: 0\n  end_char: 9",
        ),
        f"lessons/advice.md: quotes[0]: is {len(LONG_QUOTE):,} characters, over the "
        "2,000-character limit",
    ),
}


@pytest.fixture(params=list(CASES))
def hostile(request, tmp_path: Path) -> tuple[Path, str]:
    """A broken copy of the valid package and the problem line it must cause."""
    root = tmp_path / "valid"
    shutil.copytree(VALID, root)
    make, line = CASES[request.param]
    make(root)
    return root, line


def test_check_course_refuses(hostile: tuple[Path, str]) -> None:
    root, line = hostile
    before = tree_state(root)

    result = CliRunner().invoke(main, ["check-course", str(root)])

    assert_refused(result, 1, f"{root}/{line}")
    # Nothing about a file outside the package: not even its length.
    assert "characters" not in result.output.replace(line, "")
    assert tree_state(root) == before


def test_load_course_refuses_and_changes_nothing(db, runner, tmp_path, hostile) -> None:
    root, line = hostile
    loaded = runner.invoke(args=["load-course", str(shutil.copytree(VALID, tmp_path / "good"))])
    assert loaded.exit_code == 0, loaded.output
    before, files = db_state(), tree_state(root)

    result = runner.invoke(args=["load-course", str(root)])

    assert_refused(result, 1, line)
    assert db_state() == before
    assert tree_state(root) == files


# --- item 2: a package must not silently replace another course with its slug -------------

SLUG_TAKEN = (
    "course.yaml: slug: 'valid' is already the slug of another course ('Careers Abroad', "
    "another transcript): change the slug, or replace that course explicitly "
    "(load-course --replace, load-courses --force)"
)
DRAFT_OVER_PUBLISHED = (
    "course.yaml: slug: 'valid' is a published course, and this package is a draft: "
    "change the slug, or replace that course explicitly "
    "(load-course --replace, load-courses --force)"
)


def _one_lesson_draft(root: Path) -> None:
    course = (root / "course.yaml").read_text(encoding="utf-8")
    course = course.replace("status: published", "status: draft").replace("- advice\n", "")
    (root / "course.yaml").write_text(course, encoding="utf-8")
    (root / "lessons" / "advice.md").unlink()


def _another_talk(root: Path) -> None:
    with (root / "transcript.txt").open("a", encoding="utf-8") as transcript:
        transcript.write("\nA different talk that happens to get the same slug.\n")


@pytest.mark.parametrize(
    ("make", "line"),
    [(_one_lesson_draft, DRAFT_OVER_PUBLISHED), (_another_talk, SLUG_TAKEN)],
    ids=["draft over published", "another transcript"],
)
def test_load_course_refuses_to_replace_another_course(db, runner, tmp_path, make, line):
    loaded = runner.invoke(args=["load-course", str(shutil.copytree(VALID, tmp_path / "good"))])
    assert loaded.exit_code == 0, loaded.output
    root = shutil.copytree(VALID, tmp_path / "other")
    make(root)
    before = db_state()

    result = runner.invoke(args=["load-course", str(root)])

    assert_refused(result, 1, line)
    assert db_state() == before

    replaced = runner.invoke(args=["load-course", "--replace", str(root)])
    assert replaced.exit_code == 0, replaced.output
    assert db_state() != before


def test_generated_courses_without_a_title_word_get_distinct_slugs(tmp_path):
    slugs = set()
    for k, title in enumerate(["Untitled", "And", "Untitled"]):
        source = tmp_path / f"talk{k}.txt"
        source.write_text(
            f"Talk number {k} is about bread. Bread needs flour, water and time to rise.\n"
            "Good bread takes a whole day, and patience is the main ingredient of it.\n",
            encoding="utf-8",
        )
        result = CliRunner().invoke(
            main, ["generate", str(source), "--title", title, "--json", "-"]
        )
        assert result.exit_code == 0, result.output
        slug = json.loads(result.stdout)["slug"]
        assert slug.startswith(title.lower() + "-")
        slugs.add(slug)
    assert len(slugs) == 3


# --- item 8: inside the limits, loading and checking take linear time ---------------------


@pytest.mark.parametrize(
    "body",
    ["[" * 49_000, "[a](b) [" * 6_000, "[a](" * 12_000, "word [ " * 7_000],
    ids=["unclosed [", "links then [", "unclosed (", "spaced ["],
)
def test_load_course_renders_a_hostile_body_in_linear_time(db, runner, tmp_path, body):
    root = shutil.copytree(VALID, tmp_path / "valid")
    _append("lessons/advice.md", "\n" + body)(root)
    started = time.perf_counter()

    result = runner.invoke(args=["load-course", str(root)])

    # Python-Markdown took 5 s for 5,000 unclosed "[" and 113 s for 20,000; now under 1 s.
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - started < 20


def test_check_course_finds_a_long_absent_quote_quickly(tmp_path):
    root = shutil.copytree(VALID, tmp_path / "valid")
    said = "I think you know what I mean. "
    _append("transcript.txt", said * 140_000)(root)  # 4.2 MB of one repeated sentence
    quote = said * 66 + "Never said."
    _edit(
        "lessons/advice.md",
        "quotes: []",
        f"quotes:\n- text: {quote}\n  start_char: 0\n  end_char: 9",
    )(root)
    started = time.perf_counter()

    result = CliRunner().invoke(main, ["check-course", str(root)])

    assert_refused(result, 1, f"{root}/lessons/advice.md: quotes[0]: quote not found in transcript")
    assert time.perf_counter() - started < 20
