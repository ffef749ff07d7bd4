"""Turn a CourseDraft into plain data: the JSON dump (docs/generator-json.md) and the
course-package mappings that `studyguide.coursepack.write_package` writes. No file IO here."""

from __future__ import annotations

from collections import Counter
from typing import Any

from studyguide.generator.types import CourseDraft, Evidence, Question

JSON_VERSION = 1


def _evidence(e: Evidence) -> dict[str, Any]:
    out: dict[str, Any] = {"quote": e.quote, "start_char": e.start_char, "end_char": e.end_char}
    if e.start_time is not None:
        out["start_time"] = e.start_time
    return out


def _quote(e: Evidence) -> dict[str, Any]:
    out: dict[str, Any] = {"text": e.quote, "start_char": e.start_char, "end_char": e.end_char}
    if e.start_time is not None:
        out["start_time"] = e.start_time
    return out


def _answer(q: Question) -> Any:
    return list(q.answer) if isinstance(q.answer, tuple) else q.answer


def question_doc(q: Question) -> dict[str, Any]:
    """One question in the package format."""
    out: dict[str, Any] = {"id": q.id, "type": q.type, "prompt": q.prompt}
    if q.choices:
        out["choices"] = list(q.choices)
    out["answer"] = _answer(q)
    if q.accepted:
        out["accepted"] = list(q.accepted)
    out["explanation"] = q.explanation
    out["evidence"] = _evidence(q.evidence)
    out["difficulty"] = q.difficulty
    return out


def to_json(draft: CourseDraft) -> dict[str, Any]:
    """The JSON dump: segments, lessons with questions, skipped ranges and dropped counts."""
    return {
        "version": JSON_VERSION,
        "title": draft.title,
        "slug": draft.slug,
        "format": draft.format,
        "encoding": draft.encoding,
        "speakers": list(draft.speakers),
        "segments": [
            {
                "id": s.id,
                "start_char": s.start_char,
                "end_char": s.end_char,
                "title": s.title,
                "opening_question": s.opening_question,
            }
            for s in draft.segments
        ],
        "lessons": [
            {
                "slug": lesson.slug,
                "title": lesson.title,
                "segment_ids": list(lesson.segment_ids),
                "summary": lesson.summary,
                "takeaways": [
                    {"text": t.text, "evidence": _evidence(t.evidence)} for t in lesson.takeaways
                ],
                "quotes": [_quote(q) for q in lesson.quotes],
                "keyphrases": list(lesson.keyphrases),
                "glossary": [{"term": g.term, "definition": g.definition} for g in lesson.glossary],
                "reflection_prompts": list(lesson.reflection_prompts),
                "questions": [
                    {
                        **question_doc(q),
                        "choices": list(q.choices),
                        "evidence": {**_evidence(q.evidence), "start_time": q.evidence.start_time},
                        "score": q.score,
                        "reason": q.reason,
                    }
                    for q in lesson.questions
                ],
            }
            for lesson in draft.lessons
        ],
        "skipped": [
            {"start_char": r.start_char, "end_char": r.end_char, "reason": r.reason}
            for r in draft.skipped
        ],
        "dropped": dict(draft.dropped),
        "stats": stats(draft),
    }


def stats(draft: CourseDraft) -> dict[str, Any]:
    """Counts that say how the draft came out: lessons, questions by type, grounding."""
    questions = [q for lesson in draft.lessons for q in lesson.questions]
    by_type = Counter(q.type for q in questions)
    grounded = sum(
        1
        for q in questions
        if draft.text[q.evidence.start_char : q.evidence.end_char] == q.evidence.quote
    )
    return {
        "lessons": len(draft.lessons),
        "segments": len(draft.segments),
        "questions": len(questions),
        "questions_by_type": dict(sorted(by_type.items())),
        "questions_per_lesson": round(len(questions) / max(len(draft.lessons), 1), 2),
        "grounding_rate": round(grounded / len(questions), 4) if questions else 1.0,
    }


def to_package(
    draft: CourseDraft, *, transcript_file: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The course.yaml mapping and the lesson mappings (front matter + "body") of a draft."""
    segments = {s.id: s for s in draft.segments}
    transcript: dict[str, Any] = {"file": transcript_file, "title": draft.title}
    if draft.speakers:
        transcript["speakers"] = list(draft.speakers)
    transcript["language"] = "en"
    if draft.skipped:
        transcript["skip"] = [
            {"start_char": r.start_char, "end_char": r.end_char, "reason": r.reason}
            for r in draft.skipped
        ]
    course = {
        "slug": draft.slug,
        "title": draft.title,
        "description": draft.description,
        "status": "draft",
        "transcript": transcript,
        "lessons": [lesson.slug for lesson in draft.lessons],
    }
    lessons = []
    for lesson in draft.lessons:
        doc: dict[str, Any] = {
            "slug": lesson.slug,
            "title": lesson.title,
            "objectives": list(lesson.objectives),
            "segments": [
                {
                    "start_char": segments[i].start_char,
                    "end_char": segments[i].end_char,
                    "title": segments[i].title,
                }
                for i in lesson.segment_ids
            ],
            "takeaways": [
                {"text": t.text, "evidence": _evidence(t.evidence)} for t in lesson.takeaways
            ],
            "quotes": [_quote(q) for q in lesson.quotes],
        }
        if lesson.reflection_prompts:
            doc["reflection_prompts"] = list(lesson.reflection_prompts)
        if lesson.keyphrases:
            doc["keyphrases"] = list(lesson.keyphrases)
        if lesson.glossary:
            doc["glossary"] = [
                {"term": g.term, "definition": g.definition} for g in lesson.glossary
            ]
        doc["questions"] = [question_doc(q) for q in lesson.questions]
        doc["body"] = lesson.summary
        lessons.append(doc)
    return course, lessons
