"""Stage 4: lessons. Title and summarise each group of segments.

Everything here is extractive: summaries and takeaways are central sentences (fillers removed
for reading), quotes are verbatim, keyphrases come from the text, glossary definitions only
where the text itself defines a term.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from studyguide.coursepack.models import Evidence, GlossaryEntry, Takeaway
from studyguide.generator.analysis import Analysis
from studyguide.generator.passages import evidence_for, sentence_quality
from studyguide.generator.summaries import fallback, summary_paragraph
from studyguide.generator.textutil import is_question, slugify, strip_fillers
from studyguide.generator.title_rules import spread_phrases
from studyguide.generator.titles import lesson_title
from studyguide.generator.tuning import TUNING
from studyguide.generator.types import Segment, Sentence, Transcript
from studyguide.generator.vectors import Vector, centroid, cosine


@dataclass(frozen=True)
class LessonText:
    """Everything about a lesson except its questions."""

    slug: str
    title: str
    segment_ids: tuple[str, ...]
    sentence_ids: tuple[int, ...]
    objectives: tuple[str, ...]
    summary: str
    takeaways: tuple[Takeaway, ...]
    quotes: tuple[Evidence, ...]
    keyphrases: tuple[str, ...]
    glossary: tuple[GlossaryEntry, ...]
    reflection_prompts: tuple[str, ...]


_OPINION = re.compile(
    r"\b(?:I think|I believe|the most important|the best|the whole (?:idea|point)|is about|"
    r"you should|we should|never|always|the key|the reason|what matters|is important|"
    r"the problem|the point)\b",
    re.IGNORECASE,
)


def build_lessons(
    analysis: Analysis,
    groups: Sequence[Sequence[int]],
    *,
    title_questions: Sequence[str | None] = (),
) -> list[LessonText]:
    """Title and summarise each group of segments."""
    lessons: list[LessonText] = []
    used_slugs: set[str] = set()
    for group in groups:
        segs = [analysis.segments[i] for i in group]
        ids = tuple(i for s in segs for i in analysis.segment_sentences(s))
        asked = title_questions[group[0]] if title_questions else None
        taken = [lesson.title for lesson in lessons]
        lessons.append(_lesson(analysis, segs, ids, asked, used_slugs, taken))
    return lessons


def _lesson(
    analysis: Analysis,
    segs: Sequence[Segment],
    ids: tuple[int, ...],
    asked: str | None,
    used_slugs: set[str],
    taken: Sequence[str] = (),
) -> LessonText:
    sentences, vectors = analysis.sentences, analysis.vectors
    answer_ids = [i for i in ids if analysis.role(i) == "answer"] or list(ids)
    # the best 2k include the best k (chosen greedily, best first): one ranking for both
    candidates = analysis.index.top(ids, 2 * TUNING.lesson_phrases)
    keyphrases = candidates[: TUNING.lesson_phrases]
    questions = [s.opening_question for s in segs if s.opening_question]
    if asked is None and questions:
        asked = questions[0]
    phrases = spread_phrases(analysis.index, ids, TUNING.lesson_phrases, candidates)
    title = lesson_title(asked, phrases, analysis.title_names, taken)
    slug = slugify(title, max_len=50)
    base, k = slug, 2
    while slug in used_slugs:
        slug, k = f"{base}-{k}", k + 1
    used_slugs.add(slug)
    center = centroid([vectors[i] for i in answer_ids])
    ranked = _rank_central(sentences, answer_ids, vectors, center)
    takeaways = _takeaways(analysis.transcript, sentences, ranked, ids)
    quotes = _quotes(analysis.transcript, sentences, answer_ids, vectors, center, takeaways)
    return LessonText(
        slug=slug,
        title=title,
        segment_ids=tuple(s.id for s in segs),
        sentence_ids=ids,
        objectives=_objectives(keyphrases, questions),
        summary=summary_paragraph(
            [(i, sentences[i].text) for i in ranked], lambda: fallback(sentences, ids)
        ),
        takeaways=takeaways,
        quotes=quotes,
        keyphrases=tuple(keyphrases),
        glossary=_glossary(sentences, ids, keyphrases),
        reflection_prompts=_reflections(questions, keyphrases),
    )


def _rank_central(
    sentences: Sequence[Sentence], ids: Sequence[int], vectors: Sequence[Vector], center: Vector
) -> list[int]:
    scored = []
    for i in ids:
        quality = sentence_quality(sentences[i].text)
        if quality <= 0 or is_question(sentences[i].text):
            continue
        scored.append(
            (
                cosine(vectors[i], center)
                * (TUNING.central_floor + TUNING.central_quality * quality),
                i,
            )
        )
    scored.sort(key=lambda x: (-x[0], x[1]))
    return [i for _, i in scored]


def _takeaways(
    transcript: Transcript,
    sentences: Sequence[Sentence],
    ranked: Sequence[int],
    fallback: Sequence[int],
) -> tuple[Takeaway, ...]:
    out: list[Takeaway] = []
    for i in ranked:
        evidence = evidence_for(transcript, sentences[i].start, sentences[i].end)
        if evidence is None:
            continue
        out.append(Takeaway(strip_fillers(sentences[i].text), evidence))
        if len(out) == TUNING.takeaways:
            break
    if not out:  # every lesson needs one: the longest passage that can be quoted verbatim
        spans = []
        for i in fallback:
            s = sentences[i]
            piece = transcript.piece_at(s.start)
            for a, b in (
                (s.start, s.end),
                (max(s.start, piece.start), min(s.end, piece.end)) if piece else (0, 0),
            ):
                evidence = evidence_for(transcript, a, b)
                if evidence is not None:
                    spans.append((-(b - a), a, evidence))
                    break
        if spans:
            evidence = min(spans, key=lambda x: (x[0], x[1]))[2]
            out.append(Takeaway(strip_fillers(" ".join(evidence.quote.split())), evidence))
    return tuple(out)


def _quotes(
    transcript: Transcript,
    sentences: Sequence[Sentence],
    ids: Sequence[int],
    vectors: Sequence[Vector],
    center: Vector,
    takeaways: Sequence[Takeaway],
) -> tuple[Evidence, ...]:
    taken = {t.evidence.start_char for t in takeaways}
    scored = []
    for i in ids:
        text = sentences[i].text
        quality = sentence_quality(text)
        if quality < TUNING.quote_quality or not _OPINION.search(text) or is_question(text):
            continue
        scored.append((quality * (TUNING.central_base + cosine(vectors[i], center)), i))
    scored.sort(key=lambda x: (-x[0], x[1]))
    out: list[Evidence] = []
    for _, i in scored:
        evidence = evidence_for(transcript, sentences[i].start, sentences[i].end)
        if evidence is None or evidence.start_char in taken:
            continue
        out.append(evidence)
        if len(out) == TUNING.quotes:
            break
    return tuple(sorted(out, key=lambda e: e.start_char))


def _objectives(keyphrases: Sequence[str], questions: Sequence[str]) -> tuple[str, ...]:
    out = []
    if keyphrases:
        out.append(f"Explain what the speaker says about {keyphrases[0]}.")
    if len(keyphrases) > 1:
        out.append(f"Recall the points made about {keyphrases[1]} and the reasons given.")
    if not out:
        out.append("Summarise the main point of this part of the transcript.")
    return tuple(out)


def _reflections(questions: Sequence[str], keyphrases: Sequence[str]) -> tuple[str, ...]:
    out = []
    for question in questions[:2]:
        asked = [s for s in re.split(r"(?<=[.?!])\s+", question) if is_question(s)]
        if asked:
            asked_text = re.sub(r"^[^:]{0,40}:\s*", "", asked[0])
            asked_text = asked_text[:1].upper() + asked_text[1:]
            out.append(
                f"The speaker was asked: “{asked_text}” How would you answer it for yourself?"
            )
    if keyphrases:
        out.append(f"Where does {keyphrases[0]} come up in your own work or studies?")
    return tuple(out)


_DEFINITION = re.compile(
    r"\b(?P<term>[A-Z][\w-]*(?: [A-Z][\w-]*){0,3}) \((?P<short>[A-Z][\w.-]{1,10})\)|"
    r"\b(?P<short2>[A-Z]{2,8}) \((?P<term2>[A-Z][\w-]*(?: [\w-]+){0,4})\)"
)


def _glossary(
    sentences: Sequence[Sentence], ids: Sequence[int], keyphrases: Sequence[str]
) -> tuple[GlossaryEntry, ...]:
    out: dict[str, str] = {}
    patterns = [
        (
            phrase,
            re.compile(
                rf"^(?:so |and )?(?:a |an |the )?{re.escape(phrase)} (?:is|are|means) "
                r"(?:a|an|the|about|when|where) (?P<rest>[^.?!]{12,160})[.!]",
                re.IGNORECASE,
            ),
        )
        for phrase in keyphrases
    ]
    for i in ids:
        text = sentences[i].text
        for match in _DEFINITION.finditer(text):
            short = match.group("short") or match.group("short2")
            term = match.group("term") or match.group("term2")
            if short and term and short not in out:
                out[short] = f"Short for {term}."
        for phrase, pattern in patterns:
            if phrase not in out and pattern.match(text):
                out[phrase] = strip_fillers(text)
    return tuple(GlossaryEntry(term, definition) for term, definition in sorted(out.items()))
