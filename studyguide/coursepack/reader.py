"""Read a validated course package into immutable records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from studyguide.coursepack.checks import inspect_package
from studyguide.coursepack.models import (
    CoursePackage,
    Evidence,
    GlossaryEntry,
    LessonDoc,
    PackageError,
    QuestionDoc,
    Quote,
    Segment,
    SkipRange,
    Takeaway,
    TranscriptInfo,
)


def read_package(path: Path) -> CoursePackage:
    """Read and check the package at `path`; raise PackageError listing every problem."""
    source, problems = inspect_package(Path(path))
    if problems:
        raise PackageError(problems)
    course = source.course
    assert course is not None and source.transcript is not None  # guaranteed by no problems
    by_slug = {lesson.stem: lesson for lesson in source.lessons}
    return CoursePackage(
        path=Path(path),
        slug=course["slug"],
        title=course["title"],
        description=course["description"],
        status=course.get("status", "published"),
        transcript=_transcript_info(course["transcript"]),
        transcript_text=source.transcript,
        lessons=tuple(
            _lesson(by_slug[slug].front, by_slug[slug].body, by_slug[slug].file)
            for slug in course["lessons"]
        ),
    )


def _transcript_info(data: dict[str, Any]) -> TranscriptInfo:
    return TranscriptInfo(
        file=data["file"],
        title=data["title"],
        speakers=tuple(data.get("speakers", ())),
        source=data.get("source"),
        language=data.get("language"),
        skip=tuple(
            SkipRange(item["start_char"], item["end_char"], item["reason"])
            for item in data.get("skip", ())
        ),
    )


def _evidence(data: dict[str, Any]) -> Evidence:
    return Evidence(data["quote"], data["start_char"], data["end_char"], data.get("start_time"))


def _question(data: dict[str, Any]) -> QuestionDoc:
    answer = data["answer"]
    return QuestionDoc(
        id=data["id"],
        type=data["type"],
        prompt=data["prompt"],
        choices=tuple(data.get("choices", ())),
        answer=tuple(answer) if isinstance(answer, list) else answer,
        accepted=tuple(data.get("accepted", ())),
        explanation=data["explanation"],
        evidence=_evidence(data["evidence"]),
        difficulty=data["difficulty"],
        version=data.get("version"),
    )


def _lesson(data: dict[str, Any], body: str, file: str) -> LessonDoc:
    return LessonDoc(
        slug=data["slug"],
        title=data["title"],
        objectives=tuple(data["objectives"]),
        segments=tuple(
            Segment(s["start_char"], s["end_char"], s["title"]) for s in data["segments"]
        ),
        takeaways=tuple(Takeaway(t["text"], _evidence(t["evidence"])) for t in data["takeaways"]),
        quotes=tuple(
            Quote(q["text"], q["start_char"], q["end_char"], q.get("start_time"))
            for q in data["quotes"]
        ),
        reflection_prompts=tuple(data.get("reflection_prompts", ())),
        keyphrases=tuple(data.get("keyphrases", ())),
        glossary=tuple(GlossaryEntry(g["term"], g["definition"]) for g in data.get("glossary", ())),
        questions=tuple(_question(q) for q in data["questions"]),
        body_markdown=body,
        file=file,
    )
