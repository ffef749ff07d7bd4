"""The generator's output boundary: stage records become course records (a `CoursePackage`
that `studyguide.coursepack.write_package` writes) and the JSON dump (docs/generator-json.md).
No file IO here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from studyguide.coursepack import models as pack
from studyguide.coursepack.serialize import to_dict
from studyguide.generator.lessons import LessonText
from studyguide.generator.types import CourseDraft, QuestionNote, Segment

JSON_VERSION = 1


def to_lesson(
    text: LessonText, segments: Sequence[Segment], questions: Sequence[pack.Question]
) -> pack.Lesson:
    """The course record of a lesson: its text, the ranges of its segments, its questions."""
    by_id = {s.id: s for s in segments}
    return pack.Lesson(
        slug=text.slug,
        title=text.title,
        objectives=text.objectives,
        segments=tuple(
            pack.Segment(by_id[i].start_char, by_id[i].end_char, by_id[i].title)
            for i in text.segment_ids
        ),
        takeaways=text.takeaways,
        quotes=tuple(
            pack.Quote(e.quote, e.start_char, e.end_char, e.start_time) for e in text.quotes
        ),
        reflection_prompts=text.reflection_prompts,
        keyphrases=text.keyphrases,
        glossary=text.glossary,
        questions=tuple(questions),
        body_markdown=text.summary,
        file=f"lessons/{text.slug}.md",
    )


def to_package(draft: CourseDraft, *, transcript_file: str) -> pack.CoursePackage:
    """The draft as a course package (status draft) not yet written anywhere."""
    return pack.CoursePackage(
        path=None,
        slug=draft.slug,
        title=draft.title,
        description=draft.description,
        status="draft",
        transcript=pack.TranscriptInfo(
            file=transcript_file,
            title=draft.title,
            speakers=draft.speakers,
            language=draft.language,
            skip=draft.skipped,
        ),
        transcript_text=draft.text,
        lessons=draft.lessons,
    )


def to_json(draft: CourseDraft) -> dict[str, Any]:
    """The JSON dump: segments, lessons with questions, skipped ranges and dropped counts."""
    notes = {note.question_id: note for note in draft.notes}
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
            _json_lesson(lesson, segment_ids, notes)
            for lesson, segment_ids in zip(draft.lessons, draft.segment_ids, strict=True)
        ],
        "skipped": [to_dict(r) for r in draft.skipped],
        "dropped": dict(draft.dropped),
        "stats": stats(draft),
    }


def _json_lesson(
    lesson: pack.Lesson, segment_ids: tuple[str, ...], notes: dict[str, QuestionNote]
) -> dict[str, Any]:
    return {
        "slug": lesson.slug,
        "title": lesson.title,
        "segment_ids": list(segment_ids),
        "summary": lesson.body_markdown,
        "takeaways": [to_dict(t) for t in lesson.takeaways],
        "quotes": [to_dict(q) for q in lesson.quotes],
        "keyphrases": list(lesson.keyphrases),
        "glossary": [to_dict(g) for g in lesson.glossary],
        "reflection_prompts": list(lesson.reflection_prompts),
        "questions": [
            {
                **to_dict(q),
                "choices": list(q.choices),
                "evidence": to_dict(q.evidence, complete=True),
                "score": notes[q.id].score,
                "reason": notes[q.id].reason,
            }
            for q in lesson.questions
        ],
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
