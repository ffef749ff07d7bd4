"""A lesson's candidates: its best sentences, each offered to every item builder."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from studyguide.coursepack.models import Evidence
from studyguide.generator.analysis import Analysis
from studyguide.generator.lexicon import TRIVIA
from studyguide.generator.passages import evidence_for, sentence_quality
from studyguide.generator.quality import content_stems
from studyguide.generator.questions.choice import choice_item, who_said_item
from studyguide.generator.questions.cloze import cloze_item, cloze_prompt
from studyguide.generator.questions.context import QuizContext
from studyguide.generator.questions.cues import find_cues
from studyguide.generator.questions.items import OPENERS, Candidate, Passage
from studyguide.generator.questions.reasons import reason_items
from studyguide.generator.questions.select import multiple_select_items
from studyguide.generator.questions.short import short_answer_items
from studyguide.generator.questions.standalone import reads_alone, starts_sentence, trivial_key
from studyguide.generator.questions.terms import Term
from studyguide.generator.questions.truefalse import true_false_item
from studyguide.generator.textutil import BLANK, fold, is_question, words
from studyguide.generator.tuning import TUNING
from studyguide.generator.types import Sentence
from studyguide.generator.vectors import centroid, cosine


class QuestionBuilder:
    """Builds candidate items for one transcript; `for_lesson` returns a lesson's candidates."""

    def __init__(self, analysis: Analysis) -> None:
        self.ctx = QuizContext(analysis)
        self.cues = find_cues(self.ctx)

    def for_lesson(
        self, slug: str, title: str, sentence_ids: Sequence[int], *, limit: int
    ) -> list[Candidate]:
        """Candidates from the lesson's best sentences (4 × `limit` of them, which bounds the
        work on long transcripts)."""
        ctx = self.ctx
        scored = self._scored(sentence_ids)
        out: list[Candidate] = []
        for base, i in scored[: TUNING.sentences_per_item * limit]:
            s = ctx.sentences[i]
            evidence = evidence_for(ctx.transcript, s.start, s.end) or _across_markup(ctx, s)
            if evidence is not None:
                passage = Passage(slug, s.index, s.text, evidence)
                out.extend(self._sentence_items(passage, s, ctx.terms[i], base))
                continue
            # Captions: a sentence that runs across cues has cue numbers and timestamps inside
            # it, so quiz on each stretch of it that lies within one cue.
            for a, b in self._within_pieces(s):
                evidence = evidence_for(ctx.transcript, a, b)
                if evidence is None:
                    continue
                shift = a - s.start
                terms = [
                    t.shifted(shift)
                    for t in ctx.terms[i]
                    if t.start >= shift and t.end <= b - s.start
                ]
                passage = Passage(slug, s.index, ctx.transcript.norm[a:b], evidence)
                out.extend(
                    self._sentence_items(
                        passage, s, terms, base * TUNING.caption_stretch, whole=False
                    )
                )
        out.extend(reason_items(ctx, self.cues, slug, scored, limit=limit))
        out.extend(multiple_select_items(ctx, slug, title, scored))
        out.extend(short_answer_items(ctx, slug, sentence_ids))
        return out

    def _scored(self, sentence_ids: Sequence[int]) -> list[tuple[float, int]]:
        """(score, index) of the lesson's answer sentences worth quizzing on, best first: no
        questions, no weak sentences, no trivia (lexicon.TRIVIA)."""
        ctx, vectors = self.ctx, self.ctx.analysis.vectors
        ids = [i for i in sentence_ids if ctx.analysis.role(i) == "answer"]
        center = centroid([vectors[i] for i in ids] or [{}])
        scored = []
        for i in ids:
            s = ctx.sentences[i]
            if not ctx.terms[i] and not ctx.speakers:
                continue
            quality = sentence_quality(s.text)
            if quality < TUNING.quiz_quality or is_question(s.text) or TRIVIA.search(s.text):
                continue  # trivia: intros, outros, sponsor reads, self-introductions, dates
            scored.append((quality * (TUNING.central_base + cosine(vectors[i], center)), i))
        scored.sort(key=lambda x: (-x[0], x[1]))
        return scored

    def _within_pieces(self, s: Sentence) -> list[tuple[int, int]]:
        transcript = self.ctx.transcript
        out = []
        for piece in transcript.pieces:
            if piece.end <= s.start or piece.start >= s.end:
                continue
            a, b = max(s.start, piece.start), min(s.end, piece.end)
            chunk = transcript.norm[a:b]
            a += len(chunk) - len(chunk.lstrip())
            b -= len(chunk) - len(chunk.rstrip())
            if len(transcript.norm[a:b].split()) >= 6:
                out.append((a, b))
        return out

    def _sentence_items(
        self,
        passage: Passage,
        s: Sentence,
        sentence_terms: Sequence[Term],
        base: float,
        *,
        whole: bool = True,
    ) -> list[Candidate]:
        """Cloze, multiple-choice and true/false items on each term of a passage, and "who
        said this?" on a whole sentence. A spoken opener ("Yeah, so …") is cut first."""
        full = passage.text
        opener = OPENERS.match(full) if whole else None
        cut = opener.end() if opener and len(full[opener.end() :].split()) >= 6 else 0
        text = full[cut:]
        text = text[:1].upper() + text[1:] if cut else text
        passage = Passage(passage.slug, passage.sentence, text, passage.evidence)
        if not starts_sentence(full) or not reads_alone(passage.shown):
            return []  # a fragment, a sentence pointing back, or trivia: no question at all
        if _FALSE_START.search(passage.shown):
            return []  # "Lots of people overuse -- well, with GraphQL …": no clean prompt
        counts: dict[str, int] = defaultdict(int)
        for term in sentence_terms:
            counts[fold(term.surface)] += 1
        out: list[Candidate] = []
        for term in (t.shifted(cut) for t in sentence_terms if t.start >= cut):
            if counts[fold(term.surface)] > 1 or trivial_key(term.surface, term.kind):
                continue
            weight = TUNING.kind_weight[term.kind] * (
                TUNING.opening_term if term.start == 0 else 1.0
            )
            out.extend(self._term_items(passage, term, base * weight))
        if len(content_stems(text)) >= TUNING.true_false_stems:
            statement = true_false_item(passage, base)
            if statement is not None:
                out.append(statement)
        speakers = self.ctx.speakers
        long_enough = len(text.split()) >= TUNING.who_said_words
        if whole and speakers and s.speaker in speakers and long_enough:
            roles = self.ctx.analysis.speaker_roles
            said = roles.get(s.speaker, s.speaker)
            out.append(who_said_item(passage, [roles.get(n, n) for n in speakers], said, base))
        return out

    def _said_in_slot(self, prompt: str, option: str) -> bool:
        """True if the transcript says `option` where the blank is, anywhere: with the words
        either side of the blank ("at ____ I" → "at Google I"). Such an option is true too."""
        before, _, after = prompt.partition(BLANK)
        left = " ".join(words(before)[-2:])
        right = " ".join(words(after)[:2])
        said = self.ctx.folded_text
        return any(
            f" {fold(phrase)} " in said
            for phrase in (f"{left} {option}", f"{option} {right}")
            if len(phrase.split()) > len(option.split())
        )

    def _term_items(self, passage: Passage, term: Term, score: float) -> list[Candidate]:
        out: list[Candidate] = []
        text = passage.text
        cloze = cloze_item(passage, term, score)
        if cloze:
            out.append(cloze)
        if term.kind in ("number", "year") and term.start == 0:
            return out  # "Five hours…": a capitalised key would stand out among the choices
        single_concept = term.kind == "concept" and " " not in term.surface
        wrong = [] if single_concept else self.ctx.distractors.pick(term, text)
        prompt = cloze_prompt(text, term)
        wrong = [w for w in wrong if not self._said_in_slot(prompt, w)] if prompt else []
        if len(wrong) >= 2 and prompt:
            out.append(choice_item(passage, term, prompt, wrong, score))
        return out


_FALSE_START = re.compile(r"\s(?:--|—|–)\s")


def _across_markup(ctx: QuizContext, s: Sentence) -> Evidence | None:
    """Verbatim evidence for a whole sentence that runs across caption cues or timestamps: the
    original text with the timings inside (`questiontypes.spoken` reads past them), if the
    markup is no more than the speech."""
    a, b = ctx.transcript.original_span(s.start, s.end)
    if b - a > 2 * (s.end - s.start) + 80 or b - a > 1500:
        return None
    return Evidence(ctx.transcript.text[a:b], a, b, ctx.transcript.time_at(s.start))
