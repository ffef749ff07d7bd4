"""Stage 5: quiz items, only where the text supports them (overgenerate, then rank).

Every candidate is built from one verbatim sentence (its evidence) and scored by how central
and readable the sentence is and how good the blanked term is (Heilman & Smith 2010's
overgenerate-and-rank). Distractors are terms of the same kind from *other* segments — a place
for a place, a number for a number, a name that appears after the same preposition — never a
term that occurs in the evidence itself.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from studyguide.generator.keyphrases import NUMBER_WORDS, PhraseIndex, term_kind
from studyguide.generator.summarize import LessonText, evidence_for, sentence_quality
from studyguide.generator.textutil import STOPWORDS, WORD, fold, normalize_choice
from studyguide.generator.turns import is_question
from studyguide.generator.types import Evidence, Question, Segment, Sentence, Transcript, Turn
from studyguide.generator.vectors import Vector, centroid, cosine

BLANK = "____"
_LOCATIVE = frozenset("in at to from into between across abroad visit visited join joined".split())
_DETERMINERS = frozenset("the a an this that our their his her my your its".split())
_NOT_NAMES = frozenset(
    "i i'm i’m i've i’ve i'd i’d i'll i’ll okay ok yeah yes no so and but or well oh hi hello "
    "thanks mr mrs ms dr".split()
)
_QUIZ_NUMBERS = NUMBER_WORDS - {"one", "tens", "hundreds", "thousands", "millions", "dozens"}
_POOL_KIND = {"acronym": "name"}  # MIT and Google are both institutions after "at"
_DIGITS = {
    w: str(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
}
_DIGITS.update(
    twenty="20",
    thirty="30",
    forty="40",
    fifty="50",
    sixty="60",
    seventy="70",
    eighty="80",
    ninety="90",
    hundred="100",
    thousand="1000",
)
_OPENERS = re.compile(
    r"^(?:(?:yeah|yes|so|okay|ok|well|and|but|sure|also|now|right|like|you know|i mean|"
    r"essentially|basically|of course)\b[,…]?\s+)+",
    re.IGNORECASE,
)
_KIND_WEIGHT = {"number": 1.0, "year": 1.0, "place": 0.95, "name": 0.9, "acronym": 0.85,
                "concept": 0.75}  # fmt: skip


@dataclass(frozen=True)
class Term:
    """One occurrence of a quizzable term in a sentence."""

    surface: str
    kind: str
    sentence: int
    start: int  # offset inside the sentence text
    end: int
    before: str  # the folded word before it, "" at the start


@dataclass(frozen=True)
class Candidate:
    question: Question
    sentence: int


def _context(before: str) -> str:
    if before in _LOCATIVE:
        return "loc"
    if before in _DETERMINERS:
        return "det"
    return before or "start"


def find_terms(
    sentences: Sequence[Sentence],
    concepts: set[str],
    proper_words: set[str],
    phrases: Sequence[Sequence[str]] | None = None,
) -> list[list[Term]]:
    """The quizzable terms of every sentence: numbers, names, places, key concepts."""
    out: list[list[Term]] = []
    for s in sentences:
        text = s.text
        tokens = list(WORD.finditer(text))
        terms: list[Term] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            word = tok.group()
            folded = fold(word)
            before = fold(tokens[i - 1].group()) if i else ""
            if folded in _QUIZ_NUMBERS or (word.isdigit() and len(word) <= 4):
                j = i + 1
                while (
                    j < len(tokens)
                    and (fold(tokens[j].group()) in NUMBER_WORDS or tokens[j].group().isdigit())
                    and tokens[j].start() - tokens[j - 1].end() <= 1
                ):
                    j += 1
                surface = text[tok.start() : tokens[j - 1].end()]
                kind = term_kind(surface.split()[0]) if " " not in surface else "number"
                if kind:
                    terms.append(
                        Term(surface, kind, s.index, tok.start(), tokens[j - 1].end(), before)
                    )
                i = j
                continue
            if (
                word[:1].isupper()
                and folded not in _NOT_NAMES
                and (i > 0 or folded in proper_words)
            ):
                j = i + 1
                while (
                    j < len(tokens)
                    and tokens[j].group()[:1].isupper()
                    and fold(tokens[j].group()) not in _NOT_NAMES
                    and tokens[j].start() - tokens[j - 1].end() == 1
                ):
                    j += 1
                surface = text[tok.start() : tokens[j - 1].end()]
                kind = term_kind(surface)
                if kind in ("name", "acronym", "place") and fold(surface) not in STOPWORDS:
                    terms.append(
                        Term(surface, kind, s.index, tok.start(), tokens[j - 1].end(), before)
                    )
                i = j
                continue
            i += 1
        lowered = fold(text)
        present = concepts if phrases is None else concepts.intersection(phrases[s.index])
        for concept in sorted(present):
            for match in _concept_pattern(concept).finditer(lowered):
                a, b = match.span()
                if any(t.start < b and a < t.end for t in terms):
                    continue
                prev = WORD.findall(text[:a])
                terms.append(
                    Term(text[a:b], "concept", s.index, a, b, fold(prev[-1]) if prev else "")
                )
        terms.sort(key=lambda t: (t.start, t.end))
        out.append(terms)
    return out


@lru_cache(maxsize=8192)
def _concept_pattern(concept: str) -> re.Pattern[str]:
    words = [r"(?:vs|versus)\.?" if w == "vs" else re.escape(w) for w in concept.split()]
    return re.compile(r"(?<![\w'’-])" + r"\s+".join(words) + r"(?![\w'’-])")


def proper_words(sentences: Sequence[Sentence]) -> set[str]:
    """Words written capitalised in mid-sentence more often than not (names, not openers)."""
    upper: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    for s in sentences:
        for k, match in enumerate(WORD.finditer(s.text)):
            if k == 0:
                continue
            folded = fold(match.group())
            total[folded] += 1
            if match.group()[:1].isupper():
                upper[folded] += 1
    return {w for w, n in upper.items() if n * 2 > total[w] and w not in _NOT_NAMES}


class QuestionBuilder:
    """Builds candidate items for one transcript; `for_lesson` returns the lesson's candidates."""

    def __init__(
        self,
        transcript: Transcript,
        sentences: Sequence[Sentence],
        turns: Sequence[Turn],
        segments: Sequence[Segment],
        index: PhraseIndex,
        vectors: Sequence[Vector],
    ) -> None:
        self.transcript = transcript
        self.sentences = sentences
        self.vectors = vectors
        self.role = {i: t.role for t in turns for i in range(t.first_sentence, t.last_sentence + 1)}
        self.segment_of = [0] * len(sentences)
        for k, seg in enumerate(segments):
            for i in range(seg.first_sentence, seg.last_sentence + 1):
                self.segment_of[i] = k
        concepts: set[str] = set()
        for seg in segments:
            for phrase in index.top(range(seg.first_sentence, seg.last_sentence + 1), 10):
                key = fold(phrase)
                if len(phrase) < 4 or term_kind(phrase) != "concept":
                    continue
                if " " in key or index.segment_df.get(key, 99) <= 2:
                    concepts.add(key)
        self.terms = find_terms(sentences, concepts, proper_words(sentences), index.per_sentence)
        self._tables: dict[str, list[tuple[str, str, frozenset[str]]]] = {}
        self.pool: dict[str, list[Term]] = defaultdict(list)
        self.raw_pool: dict[str, list[Term]] = defaultdict(list)
        seen_concepts: dict[str, int] = defaultdict(int)
        for terms in self.terms:
            for term in terms:
                seen_concepts[fold(term.surface)] += term.kind == "concept"
        for terms in self.terms:
            for term in terms:
                if term.kind == "concept" and seen_concepts[fold(term.surface)] < 2:
                    continue  # a phrase said once is too often a fragment to offer as a choice
                self.pool[_POOL_KIND.get(term.kind, term.kind)].append(term)
                self.raw_pool[term.kind].append(term)
        share: dict[str, int] = defaultdict(int)
        for s in sentences:
            if s.speaker:
                share[s.speaker] += len(s.text.split())
        total = sum(share.values()) or 1
        # "Who said it" is only a question when several people say substantial things.
        named = sorted(name for name, n in share.items() if n / total >= 0.15)
        balanced = len(named) >= 3 or (
            len(named) == 2 and min(share[n] for n in named) >= 0.3 * total
        )
        self.speakers = named if balanced and len(named) <= 6 else []

    # -- distractors ---------------------------------------------------------------------------

    def _table(self, kind: str) -> list[tuple[str, str, frozenset[str]]]:
        """(normalised, surface, context and segment tags) of every distinct term of a pool."""
        cached = self._tables.get(kind)
        if cached is not None:
            return cached
        pool = self.raw_pool[kind[4:]] if kind.startswith("raw:") else self.pool[kind]
        seen: dict[str, tuple[str, set[str]]] = {}
        for other in pool:
            norm = normalize_choice(other.surface)
            if not norm:
                continue
            entry = seen.setdefault(norm, (other.surface, set()))
            entry[1].add(_context(other.before))
            entry[1].add(f"seg{self.segment_of[other.sentence]}")
        table = [(norm, surface, frozenset(tags)) for norm, (surface, tags) in seen.items()]
        self._tables[kind] = table
        return table

    def distractors(self, term: Term, sentence_text: str, k: int = 3) -> list[str]:
        """Up to `k` same-kind terms from other segments that do not occur in the sentence."""
        segment = f"seg{self.segment_of[term.sentence]}"
        context = _context(term.before)
        kind = _POOL_KIND.get(term.kind, term.kind) if context == "loc" else term.kind
        table = self._table(kind if kind != term.kind else f"raw:{kind}")
        answer_norm = normalize_choice(term.surface)
        lowered = fold(sentence_text)
        options = []
        for norm, surface, tags in table:
            if norm == answer_norm or answer_norm in norm or norm in answer_norm:
                continue
            if segment in tags or fold(surface) in lowered:
                continue
            if term.kind in ("name", "acronym", "place") and context not in tags:
                continue
            if term.kind == "concept" and surface.count(" ") != term.surface.count(" "):
                continue
            options.append((abs(len(surface) - len(term.surface)), norm, surface))
        options.sort()
        out: list[str] = []
        values = {_number_value(term.surface)}
        for _, _, surface in options:
            if kind in ("number", "year"):
                if _number_value(surface) in values:
                    continue
                values.add(_number_value(surface))
            out.append(surface)
            if len(out) == k:
                break
        return out

    # -- builders ------------------------------------------------------------------------------

    def for_lesson(self, lesson: LessonText, *, limit: int) -> list[Candidate]:
        """Candidates from the lesson's best sentences (4 × `limit` of them, which bounds the
        work on long transcripts)."""
        ids = [i for i in lesson.sentence_ids if self.role.get(i) == "answer"]
        center = centroid([self.vectors[i] for i in ids] or [{}])
        scored = []
        for i in ids:
            s = self.sentences[i]
            if not self.terms[i] and not self.speakers:
                continue
            quality = sentence_quality(s.text)
            if quality < 0.35 or is_question(s.text):
                continue
            scored.append((quality * (0.5 + cosine(self.vectors[i], center)), i))
        scored.sort(key=lambda x: (-x[0], x[1]))
        out: list[Candidate] = []
        for base, i in scored[: 4 * limit]:
            s = self.sentences[i]
            evidence = evidence_for(self.transcript, s.start, s.end)
            if evidence is not None:
                out.extend(self._from_sentence(lesson, s, evidence, base))
        return out

    def _from_sentence(
        self, lesson: LessonText, s: Sentence, evidence: Evidence, base: float
    ) -> list[Candidate]:
        out: list[Candidate] = []
        opener = _OPENERS.match(s.text)
        cut = opener.end() if opener and len(s.text[opener.end() :].split()) >= 6 else 0
        text = s.text[cut:]
        text = text[:1].upper() + text[1:] if cut else text
        counts: dict[str, int] = defaultdict(int)
        for term in self.terms[s.index]:
            counts[fold(term.surface)] += 1
        if cut and text[:1] != s.text[cut : cut + 1]:
            pass  # the capitalised first letter is checked case-insensitively against evidence
        terms = [
            Term(t.surface, t.kind, t.sentence, t.start - cut, t.end - cut, t.before)
            for t in self.terms[s.index]
            if t.start >= cut
        ]
        for term in terms:
            if counts[fold(term.surface)] > 1:
                continue
            weight = _KIND_WEIGHT[term.kind] * (0.85 if term.start == 0 else 1.0)
            score = base * weight
            prompt = text[: term.start] + BLANK + text[term.end :]
            quote = f"“{text}”"
            out.append(
                self._make(
                    lesson, "cloze", prompt, term.surface, evidence,
                    f"The transcript says: {quote}", score,
                    f"cloze: blanked a {term.kind} in a central sentence",
                    difficulty="hard" if term.kind == "concept" else "medium", sentence=s.index,
                )
            )  # fmt: skip
            if term.kind in ("number", "year") and term.start == 0:
                continue  # "Five hours…": a capitalised key would stand out among the choices
            single_concept = term.kind == "concept" and " " not in term.surface
            wrong = [] if single_concept else self.distractors(term, text)
            if len(wrong) >= 2:
                choices = _shuffle([term.surface, *wrong], prompt)
                out.append(
                    self._make(
                        lesson, "multiple_choice",
                        f"Choose the words that fill the blank: {prompt}",
                        term.surface, evidence, f"The transcript says: {quote}",
                        score * (1.0 + 0.05 * len(wrong)),
                        f"multiple choice: {term.kind} with same-kind distractors from other "
                        "segments", choices=choices, difficulty="easy" if len(wrong) < 3 else
                        "medium", sentence=s.index,
                    )
                )  # fmt: skip
            if term.kind in ("number", "year", "place", "name", "acronym") and wrong:
                statement_true = (s.index + len(term.surface)) % 2 == 0
                swapped = text[: term.start] + wrong[0] + text[term.end :]
                statement = text if statement_true else swapped
                explanation = (
                    f"True: the transcript says {quote}"
                    if statement_true
                    else f"False: the transcript says “{term.surface}”, not “{wrong[0]}”: {quote}"
                )
                out.append(
                    self._make(
                        lesson, "true_false",
                        f"True or false? In the transcript the speaker says: “{statement}”",
                        statement_true, evidence, explanation, score * 0.9,
                        "true/false: the sentence as said" if statement_true else
                        f"true/false: {term.kind} swapped for one from elsewhere",
                        difficulty="medium", sentence=s.index,
                    )
                )  # fmt: skip
        if self.speakers and s.speaker in self.speakers and len(text.split()) >= 8:
            choices = _shuffle(list(self.speakers), text)
            out.append(
                self._make(
                    lesson, "multiple_choice", f"Who said this? “{text}”", s.speaker, evidence,
                    f"{s.speaker} said it: “{text}”", base * 0.6,
                    "who said it: a distinctive sentence from a multi-speaker transcript",
                    choices=choices, difficulty="easy", sentence=s.index,
                )
            )  # fmt: skip
        return out

    def _make(
        self,
        lesson: LessonText,
        type_: str,
        prompt: str,
        answer: str | bool,
        evidence: Evidence,
        explanation: str,
        score: float,
        reason: str,
        *,
        difficulty: str,
        sentence: int,
        choices: Sequence[str] = (),
    ) -> Candidate:
        digest = hashlib.sha1(f"{type_}\x00{prompt}\x00{answer}".encode()).hexdigest()[:8]
        question = Question(
            id=f"{lesson.slug[:40].rstrip('-')}-{_ABBR[type_]}-{digest}",
            type=type_,  # type: ignore[arg-type]
            prompt=prompt,
            answer=answer,
            evidence=evidence,
            explanation=explanation,
            difficulty=difficulty,  # type: ignore[arg-type]
            score=round(score, 4),
            reason=reason,
            choices=tuple(choices),
        )
        return Candidate(question, sentence)


_ABBR = {"multiple_choice": "mc", "multiple_select": "ms", "true_false": "tf", "cloze": "cz",
         "short_answer": "sa"}  # fmt: skip


def _shuffle(choices: Sequence[str], salt: str) -> tuple[str, ...]:
    """A deterministic shuffle: order by a hash, so the key's position carries no signal."""
    return tuple(sorted(choices, key=lambda c: hashlib.sha1(f"{salt}\x00{c}".encode()).hexdigest()))


def _number_value(text: str) -> str:
    return " ".join(_DIGITS.get(w, w.rstrip("s")) for w in fold(text).split())


def rank(candidates: Sequence[Candidate], *, limit: int) -> tuple[list[Question], int]:
    """Keep the best items, taking the types in turn so no type crowds out the others, at
    most one item per sentence; return the kept items in transcript order and how many were
    ranked out."""
    by_type: dict[str, list[Candidate]] = defaultdict(list)
    for cand in sorted(candidates, key=lambda c: (-c.question.score, c.question.id)):
        by_type[cand.question.type].append(cand)
    order = sorted(by_type, key=lambda t: (-by_type[t][0].question.score, t))
    kept: list[Candidate] = []
    used_sentences: set[int] = set()
    while len(kept) < limit and any(by_type.values()):
        for type_ in order:
            queue = by_type[type_]
            while queue and queue[0].sentence in used_sentences:
                queue.pop(0)
            if queue and len(kept) < limit:
                cand = queue.pop(0)
                kept.append(cand)
                used_sentences.add(cand.sentence)
    kept.sort(key=lambda c: (c.question.evidence.start_char, c.question.id))
    return [c.question for c in kept], len(candidates) - len(kept)
