"""The one entry point: `generate`, a transcript in, a draft course out."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

from studyguide.coursepack.models import Lesson
from studyguide.generator.checks import failure
from studyguide.generator.export import to_lesson
from studyguide.generator.ingest import ingest
from studyguide.generator.keyphrases import PhraseIndex, build_index
from studyguide.generator.questions import QuestionBuilder, rank
from studyguide.generator.segment import cohesion, segment
from studyguide.generator.sentences import split_sentences
from studyguide.generator.summarize import build_lessons, group_segments, lesson_title
from studyguide.generator.textutil import STOPWORDS, slugify, words
from studyguide.generator.turns import find_turns
from studyguide.generator.types import (
    DEFAULT_OPTIONS,
    CourseDraft,
    GenerateError,
    GenerateOptions,
    QuestionNote,
    Segment,
    Sentence,
    Turn,
)

Progress = Callable[[str], None]


def generate(
    source: str | bytes,
    *,
    options: GenerateOptions = DEFAULT_OPTIONS,
    progress: Progress | None = None,
) -> CourseDraft:
    """Turn a transcript into a grounded draft course.

    Stages, in order:

    1. ingest: decode (UTF-8 with or without BOM, UTF-16 with BOM, cp1252), recognise the
       format (text, Markdown, SRT, WebVTT), drop and report page boilerplate, and normalise
       the spoken words keeping a map back to every original character;
    2. sentences and turns: speaker turns, each a question (interviewer) or an answer;
    3. segments: topic boundaries at the questions that open a new topic (lexical cohesion),
       long question-less stretches split TextTiling-style;
    4. lessons: related segments grouped; title, extractive summary, takeaways, quotes,
       keyphrases and glossary for each;
    5. questions: cloze, multiple choice (incl. "who said it") and true/false candidates,
       each with verbatim evidence, a score and a reason; ranked, the best kept;
    6. checks: every candidate checked; failures dropped and counted by reason.

    The same input and options always give the same draft.

    Raises:
        GenerateError: the input is empty, binary, too large, of an unknown format or has
            no sentences (see ``GenerateError.reason``).
    """
    report = progress or (lambda _message: None)
    transcript = ingest(source, options=options)
    report("ingested")
    sentences = split_sentences(transcript)
    if not any(sum(w.isalpha() for w in words(s.text)) >= 3 for s in sentences):
        raise GenerateError("no_sentences", "the file has no sentences to learn from")
    sentences, turns = find_turns(transcript, sentences, host=options.host)
    report(f"{len(sentences)} sentences, {len(turns)} turns")
    coh = cohesion(sentences)
    total_words = sum(coh.word_counts)
    min_words = min(options.min_segment_words, max(40, total_words // 8))
    segments = segment(transcript, sentences, turns, coh, min_words=min_words)
    segment_of = [0] * len(sentences)
    for k, seg in enumerate(segments):
        for i in range(seg.first_sentence, seg.last_sentence + 1):
            segment_of[i] = k
    index = build_index(sentences, segment_of, len(segments))
    exclude = [s.speaker for s in sentences if s.speaker]
    exclude = sorted(set(exclude)) + ([transcript.title] if transcript.title else [])
    exclude += [name for name in (options.host, *options.guests) if name and name not in exclude]
    asked = [_title_question(seg, sentences, turns) for seg in segments]
    segments = tuple(
        replace(seg, title=lesson_title(q, _top(seg, index), exclude))
        for seg, q in zip(segments, asked, strict=True)
    )
    report(f"{len(segments)} segments")
    groups = group_segments(segments, coh, max_lessons=max(1, options.max_lessons))
    texts = build_lessons(
        transcript, sentences, turns, segments, groups, coh, index,
        title_questions=asked, exclude=exclude,
    )  # fmt: skip
    report(f"{len(texts)} lessons")

    vectors = [coh.vector(i, i) for i in range(len(sentences))]
    builder = QuestionBuilder(transcript, sentences, turns, segments, index, vectors)
    dropped: Counter[str] = Counter()
    lessons = []
    notes: list[QuestionNote] = []
    seen_ids: set[str] = set()
    used_distractors: dict[str, int] = {}
    for text in texts:
        passed = []
        for cand in builder.for_lesson(text, limit=options.max_questions_per_lesson):
            reason = failure(cand.question, transcript.text, cand.reason)
            if reason:
                dropped[reason] += 1
            elif cand.question.id in seen_ids:
                dropped["duplicate item"] += 1
            else:
                seen_ids.add(cand.question.id)
                passed.append(cand)
        kept, ranked_out = rank(
            passed, limit=options.max_questions_per_lesson, used=used_distractors
        )
        if ranked_out:
            dropped["ranked below the lesson's best"] += ranked_out
        lessons.append(to_lesson(text, segments, [c.question for c in kept]))
        notes += [QuestionNote(c.question.id, c.score, c.reason) for c in kept]
    report(f"{sum(len(lesson.questions) for lesson in lessons)} questions")
    title = options.title or transcript.title or (lessons[0].title if lessons else "Untitled")
    speakers = tuple(sorted({s.speaker for s in sentences if s.speaker}))
    return CourseDraft(
        slug=_course_slug(title, transcript.text),
        title=title,
        description=_description(title, lessons, transcript.format),
        text=transcript.text,
        encoding=transcript.encoding,
        format=transcript.format,
        speakers=speakers,
        segments=segments,
        lessons=tuple(lessons),
        skipped=transcript.skipped,
        dropped=tuple(sorted(dropped.items())),
        segment_ids=tuple(text.segment_ids for text in texts),
        notes=tuple(notes),
        language=options.language,
    )


def _course_slug(title: str, text: str) -> str:
    """The title's slug; one with no word of its own ("untitled", "and") gets a suffix from
    the transcript, so two such drafts do not claim the same course."""
    slug = slugify(title)
    if any(word not in STOPWORDS and word != "untitled" for word in slug.split("-")):
        return slug
    return f"{slug}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8]}"


def _top(seg: Segment, index: PhraseIndex) -> list[str]:
    return index.top(range(seg.first_sentence, seg.last_sentence + 1), 6)


def _title_question(
    seg: Segment, sentences: Sequence[Sentence], turns: Sequence[Turn]
) -> str | None:
    """The question a segment's title is made from: its opening question, else the first
    interviewer question early in it (an episode's intro comes before the first question)."""
    if seg.opening_question:
        return seg.opening_question
    n = seg.last_sentence - seg.first_sentence + 1
    for turn in turns:
        if turn.role != "question":
            continue
        if seg.first_sentence <= turn.first_sentence < seg.first_sentence + max(3, n * 0.4):
            text = " ".join(
                sentences[i].text for i in range(turn.first_sentence, turn.last_sentence + 1)
            )
            return " ".join(text.split())
    return None


def _description(title: str, lessons: list[Lesson], fmt: str) -> str:
    names = ", ".join(lesson.title for lesson in lessons[:6])
    return (
        f"A draft course generated from the transcript “{title}” ({fmt}). "
        f"{len(lessons)} lessons: {names}. Review every lesson before publishing."
    )
