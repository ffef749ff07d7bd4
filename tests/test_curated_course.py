"""Content checks for the curated course data/courses/madry-research-careers.

`check_package` proves the package is well formed; these tests hold the curated course to the
editorial bar on top of that: the lessons it must have, enough and varied questions, summaries of
the right length, full coverage of the transcript, and quotations that are really verbatim.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from studyguide.coursepack import CoursePackage, Lesson, check_package, read_package

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "data" / "courses" / "madry-research-careers"
SOURCE_TRANSCRIPT = ROOT / "data" / "transcripts" / "madry-ml-in-pl-interview.txt"

REQUIRED_LESSONS = ("going-abroad", "value-of-a-phd", "industry-vs-academia", "ai-hype")

# A double-quoted passage: straight "..." or curly “...”.
QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”')
ELLIPSIS = "…"


@cache
def _package() -> CoursePackage:
    return read_package(PACKAGE)


@cache
def _course_yaml() -> dict[str, Any]:
    return yaml.safe_load((PACKAGE / "course.yaml").read_text(encoding="utf-8"))


def _lessons() -> tuple[Lesson, ...]:
    return _package().lessons


def _squash(text: str) -> str:
    return " ".join(text.split())


def _unverbatim_quotes(text: str, transcript: str) -> list[str]:
    """Return the double-quoted passages of 4+ words in `text` not found in `transcript`.

    Whitespace is ignored; an ellipsis (…) inside a passage marks an omission, so each piece
    between ellipses must occur in the transcript on its own.
    """
    bad = []
    for match in QUOTED.finditer(text):
        passage = match.group(1) or match.group(2)
        if len(passage.replace(ELLIPSIS, " ").split()) < 4:
            continue
        pieces = [_squash(piece) for piece in passage.split(ELLIPSIS)]
        if any(piece and piece not in transcript for piece in pieces):
            bad.append(passage)
    return bad


def test_package_passes_check_package() -> None:
    problems = [str(problem) for problem in check_package(PACKAGE)]
    assert problems == [], f"{PACKAGE.name}: check_package problems: {problems}"


def test_required_lessons_exist() -> None:
    listed = _course_yaml()["lessons"]
    read = {lesson.slug for lesson in _lessons()}
    for slug in REQUIRED_LESSONS:
        assert slug in listed, f"lesson {slug}: not listed in course.yaml"
        assert (PACKAGE / "lessons" / f"{slug}.md").is_file(), f"lesson {slug}: file missing"
        assert slug in read, f"lesson {slug}: not read by read_package"


def test_transcript_is_byte_identical_to_source() -> None:
    packaged = PACKAGE / _course_yaml()["transcript"]["file"]
    assert packaged.read_bytes() == SOURCE_TRANSCRIPT.read_bytes(), (
        f"{packaged.relative_to(ROOT)} differs from {SOURCE_TRANSCRIPT.relative_to(ROOT)}"
    )


def test_course_has_enough_questions_of_several_types() -> None:
    questions = [q for lesson in _lessons() for q in lesson.questions]
    types = {q.type for q in questions}
    assert len(questions) >= 40, f"course: only {len(questions)} questions in all (need >= 40)"
    assert len(types) >= 3, f"course: only question types {sorted(types)} (need >= 3)"


def test_each_lesson_has_the_expected_shape() -> None:
    for lesson in _lessons():
        name = f"lesson {lesson.slug}"
        questions = lesson.questions
        types = {q.type for q in questions}
        assert 6 <= len(questions) <= 10, f"{name}: {len(questions)} questions (need 6-10)"
        assert len(types) >= 3, f"{name}: question types {sorted(types)} (need >= 3)"
        assert 3 <= len(lesson.takeaways) <= 6, (
            f"{name}: {len(lesson.takeaways)} takeaways (need 3-6)"
        )
        assert 2 <= len(lesson.quotes) <= 4, f"{name}: {len(lesson.quotes)} quotes (need 2-4)"
        assert 2 <= len(lesson.reflection_prompts) <= 3, (
            f"{name}: {len(lesson.reflection_prompts)} reflection prompts (need 2-3)"
        )
        words = len(lesson.body_markdown.split())
        assert 150 <= words <= 400, f"{name}: summary has {words} words (need 150-400)"


def test_lessons_and_skip_ranges_cover_the_whole_transcript() -> None:
    package = _package()
    text = package.transcript_text
    covered = [False] * len(text)
    ranges = [(s.start_char, s.end_char) for s in package.transcript.skip]
    ranges += [(s.start_char, s.end_char) for lesson in _lessons() for s in lesson.segments]
    for start, end in ranges:
        covered[start:end] = [True] * (end - start)
    uncovered = [i for i, char in enumerate(text) if not covered[i] and not char.isspace()]
    if uncovered:
        first = uncovered[0]
        snippet = text[first : first + 60]
        raise AssertionError(
            f"transcript: {len(uncovered)} non-whitespace characters not covered by any lesson "
            f"segment or skip range; first at {first}: {snippet!r}"
        )


def test_double_quoted_passages_are_verbatim() -> None:
    transcript = _squash(_package().transcript_text)
    failures = []
    for lesson in _lessons():
        texts = [(f"lesson {lesson.slug}: summary", lesson.body_markdown)]
        texts += [
            (f"lesson {lesson.slug}: takeaways[{i}]", takeaway.text)
            for i, takeaway in enumerate(lesson.takeaways)
        ]
        texts += [
            (f"lesson {lesson.slug}: question {q.id}: explanation", q.explanation)
            for q in lesson.questions
        ]
        for where, text in texts:
            failures += [
                f"{where}: {passage!r}" for passage in _unverbatim_quotes(text, transcript)
            ]
    assert failures == [], "quoted passages not verbatim in the transcript:\n" + "\n".join(failures)


def test_correct_answer_is_not_usually_the_longest_choice() -> None:
    multiple_choice = [q for lesson in _lessons() for q in lesson.questions]
    multiple_choice = [q for q in multiple_choice if q.type == "multiple_choice"]
    longest = [
        q.id
        for q in multiple_choice
        if isinstance(q.answer, str) and len(q.answer) == max(len(c) for c in q.choices)
    ]
    assert multiple_choice, "course: no multiple_choice questions"
    assert 2 * len(longest) < len(multiple_choice), (
        f"course: the correct answer is the (joint) longest choice in {len(longest)} of "
        f"{len(multiple_choice)} multiple-choice questions: {longest}"
    )


def test_quote_checker_catches_changed_words() -> None:
    # Guard the helper itself: a dropped word is caught, an ellipsis omission is allowed.
    transcript = _squash(_package().transcript_text)
    dropped = 'He asks "is it overhyped for good or bad reasons?" here.'
    elided = 'He asks "The real question is: … good or bad reasons right?" here.'
    assert _unverbatim_quotes(dropped, transcript) == ["is it overhyped for good or bad reasons?"]
    assert _unverbatim_quotes(elided, transcript) == []
