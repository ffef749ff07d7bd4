"""The one entry point: `generate`, a transcript in, a draft course out."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from typing import NamedTuple

from studyguide.coursepack.models import Lesson
from studyguide.generator.analysis import Analysis
from studyguide.generator.checks import failure
from studyguide.generator.export import to_lesson
from studyguide.generator.grouping import group_segments
from studyguide.generator.ingest import ingest
from studyguide.generator.keyphrases import build_index
from studyguide.generator.lessons import LessonText, build_lessons
from studyguide.generator.lexicon import STOPWORDS
from studyguide.generator.questions import QuestionBuilder, rank
from studyguide.generator.segment import segment
from studyguide.generator.sentences import split_sentences
from studyguide.generator.textutil import slugify, words
from studyguide.generator.titles import title_question, titled_segments
from studyguide.generator.tuning import TUNING
from studyguide.generator.turns import find_turns, speaker_roles
from studyguide.generator.types import (
    DEFAULT_OPTIONS,
    CourseDraft,
    GenerateError,
    GenerateOptions,
    QuestionNote,
    Segment,
    Sentence,
    Transcript,
)
from studyguide.generator.vectors import cohesion

Progress = Callable[[str], None]


class Quizzed(NamedTuple):
    """The lessons with their items, a note (score, reason) on each item, and how many
    candidates were dropped for each reason."""

    lessons: list[Lesson]
    notes: list[QuestionNote]
    dropped: Counter[str]


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
    5. questions: cloze, multiple choice (incl. "who said it"), true/false, select-all and
       short-answer candidates, each with verbatim evidence, a score and a reason; ranked,
       the best kept;
    6. checks: every candidate checked; failures dropped and counted by reason.

    The same input and options always give the same draft.

    Raises:
        GenerateError: the input is empty, binary, too large, of an unknown format or has
            no sentences (see ``GenerateError.reason``).
    """
    report = progress or _quiet
    analysis = analyse(source, options=options, report=report)  # stages 1-3
    asked = [title_question(analysis, seg) for seg in analysis.segments]
    segments = titled_segments(analysis, asked)
    report(f"{len(segments)} segments")
    groups = group_segments(segments, analysis.cohesion, max_lessons=max(1, options.max_lessons))
    texts = build_lessons(analysis, groups, title_questions=asked)
    report(f"{len(texts)} lessons")
    quizzed = quiz_lessons(analysis, texts, segments, limit=options.max_questions_per_lesson)
    report(f"{sum(len(lesson.questions) for lesson in quizzed.lessons)} questions")
    return _draft(analysis, segments, texts, quizzed, options)


def learnable_sentences(transcript: Transcript) -> tuple[Sentence, ...]:
    """Split the transcript into sentences (linear: the upload form checks with it at once).

    Raises:
        GenerateError: ``no_sentences`` when no sentence has three words.
    """
    sentences = split_sentences(transcript)
    if not any(sum(w.isalpha() for w in words(s.text)) >= 3 for s in sentences):
        raise GenerateError("no_sentences", "the file has no sentences to learn from")
    return sentences


def analyse(
    source: str | bytes, *, options: GenerateOptions = DEFAULT_OPTIONS, report: Progress
) -> Analysis:
    """Stages 1–3: the transcript taken apart into sentences, turns and topic segments.

    Raises:
        GenerateError: as :func:`generate` does.
    """
    transcript = ingest(source, options=options)
    report("ingested")
    sentences = learnable_sentences(transcript)
    sentences, turns = find_turns(transcript, sentences, host=options.host)
    report(f"{len(sentences)} sentences, {len(turns)} turns")
    lexical = coh = cohesion(sentences)
    if options.semantic:  # blocks are compared by words and meaning; sentences keep TF-IDF
        from studyguide.generator.semantic import semantic_cohesion

        coh = semantic_cohesion(sentences, coh)
    shortest = max(TUNING.min_segment_floor, sum(coh.word_counts) // TUNING.min_segment_share)
    min_words = min(options.min_segment_words, shortest)
    segments = segment(transcript, sentences, turns, coh, min_words=min_words)
    segment_of = [0] * len(sentences)
    for k, seg in enumerate(segments):
        for i in range(seg.first_sentence, seg.last_sentence + 1):
            segment_of[i] = k
    speakers = sorted({s.speaker for s in sentences if s.speaker})
    names = tuple(speakers) + ((transcript.title,) if transcript.title else ())
    given = (options.host, *options.guests)
    return Analysis(
        transcript=transcript,
        sentences=sentences,
        turns=turns,
        segments=segments,
        cohesion=lexical,
        vectors=tuple(lexical.vector(i, i) for i in range(len(sentences))),
        index=build_index(sentences, segment_of, len(segments)),
        segment_of=tuple(segment_of),
        turn_of={i: t for t in turns for i in range(t.first_sentence, t.last_sentence + 1)},
        speaker_roles=speaker_roles(turns),
        names=names,
        title_names=names + tuple(n for n in given if n and n not in names),
    )


def quiz_lessons(
    analysis: Analysis, texts: Sequence[LessonText], segments: Sequence[Segment], *, limit: int
) -> Quizzed:
    """Stages 5–6: each lesson's candidate items, checked and ranked; the lessons become
    course records."""
    builder = QuestionBuilder(analysis)
    text = analysis.transcript.text
    dropped: Counter[str] = Counter()
    lessons = []
    notes: list[QuestionNote] = []
    seen_ids: set[str] = set()
    used_distractors: dict[str, int] = {}
    for lesson in texts:
        passed = []
        for cand in builder.for_lesson(lesson.slug, lesson.title, lesson.sentence_ids, limit=limit):
            reason = failure(cand.question, text, cand.reason)
            if reason:
                dropped[reason] += 1
            elif cand.question.id in seen_ids:
                dropped["duplicate item"] += 1
            else:
                seen_ids.add(cand.question.id)
                passed.append(cand)
        kept, ranked_out = rank(passed, limit=limit, used=used_distractors)
        if ranked_out:
            dropped["ranked below the lesson's best"] += ranked_out
        lessons.append(to_lesson(lesson, segments, [c.question for c in kept]))
        notes += [QuestionNote(c.question.id, c.score, c.reason) for c in kept]
    return Quizzed(lessons, notes, dropped)


def _course_slug(title: str, text: str) -> str:
    """The title's slug; one with no word of its own ("untitled", "and") gets a suffix from
    the transcript, so two such drafts do not claim the same course."""
    slug = slugify(title)
    if any(word not in STOPWORDS and word != "untitled" for word in slug.split("-")):
        return slug
    return f"{slug}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8]}"


def _draft(
    analysis: Analysis,
    segments: tuple[Segment, ...],
    texts: Sequence[LessonText],
    quizzed: Quizzed,
    options: GenerateOptions,
) -> CourseDraft:
    transcript = analysis.transcript
    lessons, notes, dropped = quizzed
    title = options.title or transcript.title or (lessons[0].title if lessons else "Untitled")
    speakers = tuple(sorted({s.speaker for s in analysis.sentences if s.speaker}))
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


def _quiet(_message: str) -> None:
    pass


def _description(title: str, lessons: list[Lesson], fmt: str) -> str:
    names = ", ".join(lesson.title for lesson in lessons[:6])
    return (
        f"A draft course generated from the transcript “{title}” ({fmt}). "
        f"{len(lessons)} lessons: {names}. Review every lesson before publishing."
    )
