"""Stage 5: quiz items, only where the text supports them (overgenerate, then rank).

Every candidate is built from one verbatim sentence (its evidence) and scored by how central
and readable the sentence is and how good the blanked term is (Heilman & Smith 2010's
overgenerate-and-rank). Distractors are terms of the same kind from *other* segments — a place
for a place, a number for a number, a name that appears after the same preposition — never a
term that occurs in the evidence itself.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from studyguide.coursepack.models import Evidence, Question
from studyguide.generator.keyphrases import NUMBER_WORDS, PhraseIndex, term_kind
from studyguide.generator.quality import content_stems, overlaps, phrase_problem
from studyguide.generator.summarize import LessonText, evidence_for, sentence_quality
from studyguide.generator.textutil import STOPWORDS, WORD, fold, normalize_choice
from studyguide.generator.turns import is_question, speaker_roles
from studyguide.generator.types import Segment, Sentence, Transcript, Turn
from studyguide.generator.vectors import Vector, centroid, cosine

BLANK = "____"
_LOCATIVE = frozenset("in at to from into between across abroad visit visited join joined".split())
_DETERMINERS = frozenset("the a an this that our their his her my your its".split())
_NOT_NAMES = frozenset(
    "i i'm i’m i've i’ve i'd i’d i'll i’ll okay ok yeah yes no so and but or well oh hi hello "
    "thanks mr mrs ms dr".split()
)
_QUIZ_NUMBERS = NUMBER_WORDS - {"one", "tens", "hundreds", "thousands", "millions", "dozens"}
_SCALES = frozenset("hundred thousand million billion".split())  # "a hundred years": no key
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
_PRONOUN_SUBJECT = re.compile(
    r"^(?:\w+ )?(?:they|it|this|that|these|those|he|she|him|them)\b", re.IGNORECASE
)
_ASIDE = re.compile(r"^[^:?]{0,40}:\s*(?=\w)")  # "Ok and last question: do you …"
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
    """A question with the builder's ranking data: its score and the reason it was made."""

    question: Question
    sentence: int
    score: float
    reason: str
    distractors: tuple[str, ...] = ()


def _context(before: str) -> str:
    if before == "at":
        return "at"  # "at MIT", "at Google": institutions, not countries or fields
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
                if kind and fold(surface) not in _SCALES:
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
                nxt = WORD.search(text, b)
                if len(prev) > 1 and prev[-1][:1].isupper() and prev[-1] != "I":
                    continue  # "US centric view": a fragment of a longer phrase
                before = fold(prev[-1]) if prev else ""
                if phrase_problem(text[a:b], before, nxt.group() if nxt else ""):
                    continue  # "to force people", "this point later": not a noun phrase
                terms.append(Term(text[a:b], "concept", s.index, a, b, before))
        terms.sort(key=lambda t: (t.start, t.end))
        out.append(terms)
    return out


@lru_cache(maxsize=8192)
def _concept_pattern(concept: str) -> re.Pattern[str]:
    words = [r"(?:vs|versus)\.?" if w == "vs" else re.escape(w) for w in concept.split()]
    # \b plus literal look-arounds: a class with \w or ’ in it costs ~1 ms to compile.
    return re.compile(r"(?<!')(?<!’)(?<!-)\b" + r"\s+".join(words) + r"\b(?!')(?!’)(?!-)")


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
        self.stems = [content_stems(s.text) for s in sentences]
        self.occurrences: dict[str, list[Term]] = defaultdict(list)
        for terms in self.terms:
            for term in terms:
                self.occurrences[normalize_choice(term.surface)].append(term)
        self.turns = turns
        # "Q", "Speaker 1": the speaker who mostly asks is "Interviewer" in prompts (evidence
        # quotes keep the label, verbatim)
        self.role_names = speaker_roles(turns)
        self._profiles: dict[str, tuple[set[int], set[str]]] = {}
        self._tables: dict[str, list[tuple[str, str, frozenset[str]]]] = {}
        self.pool: dict[str, list[Term]] = defaultdict(list)
        self.raw_pool: dict[str, list[Term]] = defaultdict(list)
        seen_concepts: dict[str, int] = defaultdict(int)
        for terms in self.terms:
            for term in terms:
                seen_concepts[fold(term.surface)] += term.kind == "concept"
        names = [fold(n) for n in {s.speaker for s in sentences if s.speaker}]
        names += [fold(transcript.title)] if transcript.title else []
        self.n_segments = len(segments)
        for terms in self.terms:
            for term in terms:
                if term.kind == "concept" and seen_concepts[fold(term.surface)] < 2:
                    continue  # a phrase said once is too often a fragment to offer as a choice
                if any(fold(term.surface) in name for name in names):
                    continue  # the host's name or the show's is no answer to anything
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

    def _who(self, speaker: str | None) -> str:
        """A speaker as named in running text: "Ann", "the interviewer", "the speaker"."""
        if not speaker:
            return "the speaker"
        role = self.role_names.get(speaker)
        return f"the {role.lower()}" if role else speaker

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

    def _window(self, term: Term, text: str | None = None) -> frozenset[str]:
        """Content stems of the few words either side of a term: the blank's context."""
        text = self.sentences[term.sentence].text if text is None else text
        left = WORD.findall(text[: term.start])[-4:]
        right = WORD.findall(text[term.end :])[:3]
        return content_stems(" ".join(left + right))

    def _connected(
        self, norm: str, term: Term, window: frozenset[str], stems: frozenset[str]
    ) -> bool:
        """True if the transcript links `norm` to the key's sentence: it occurs next to it,
        near the same context words, or in a sentence saying much the same thing. Such a
        distractor may well be a second true answer ("I enjoyed my time at Google")."""
        where, near = self._profile(norm)
        if {term.sentence - 1, term.sentence, term.sentence + 1} & where:
            return True
        if window & near:
            return True
        return any(len(stems & self.stems[i]) >= 3 for i in sorted(where)[:60])

    def _profile(self, norm: str) -> tuple[set[int], set[str]]:
        """The sentences a term occurs in and the context words around its occurrences."""
        cached = self._profiles.get(norm)
        if cached is None:
            occurrences = self.occurrences.get(norm, [])
            near: set[str] = set()
            for other in occurrences:
                near |= self._window(other)
            cached = ({o.sentence for o in occurrences}, near)
            self._profiles[norm] = cached
        return cached

    def distractors(
        self,
        term: Term,
        sentence_text: str,
        k: int = 3,
        window: frozenset[str] | None = None,
        *,
        same_length: bool = True,
    ) -> list[str]:
        """Up to `k` same-kind terms the transcript does not connect with the sentence: never
        one that shares a word with the key, occurs in the sentence or near the same context
        words; from other segments first, else from far-away sentences of the same one."""
        segment = f"seg{self.segment_of[term.sentence]}"
        context = _context(term.before)
        kind = _POOL_KIND.get(term.kind, term.kind) if context in ("loc", "at") else term.kind
        table = self._table(kind if kind != term.kind else f"raw:{kind}")
        answer_norm = normalize_choice(term.surface)
        lowered = fold(sentence_text)
        window = self._window(term, sentence_text) if window is None else window
        stems = self.stems[term.sentence] - content_stems(term.surface)
        key_value = _numeric(term.surface)
        options = []
        for norm, surface, tags in table:
            if norm == answer_norm or overlaps(surface, term.surface):
                continue
            if fold(surface) in lowered:
                continue
            if term.kind in ("name", "acronym", "place") and context not in tags:
                continue
            if same_length and term.kind == "concept":
                if surface.count(" ") != term.surface.count(" "):
                    continue
            if segment in tags and self.n_segments > 2:
                continue  # the same topic: too likely to be true as well
            if kind in ("number", "year"):
                value = _numeric(surface)
                if value is None or key_value is None or value == key_value:
                    continue
                if surface[:1].isdigit() != term.surface[:1].isdigit():
                    continue  # "20" among "eleven", "fifteen" stands out
                if term.surface[:1].islower():
                    surface = surface.lower()
                closeness = abs(math.log((value + 1) / (key_value + 1)))
            else:
                closeness = abs(len(surface) - len(term.surface)) / 10
            if self._connected(norm, term, window, stems):
                continue
            options.append((segment in tags, closeness, norm, surface))
        options.sort()
        out: list[str] = []
        for _, _, _, surface in options:
            if any(overlaps(surface, chosen) for chosen in out):
                continue
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
                out.extend(self._from_sentence(lesson, s, s.text, self.terms[i], evidence, base))
                continue
            # Captions: a sentence that runs across cues has cue numbers and timestamps inside
            # it, so quiz on each stretch of it that lies within one cue.
            for a, b in self._within_pieces(s):
                evidence = evidence_for(self.transcript, a, b)
                if evidence is None:
                    continue
                shift = a - s.start
                terms = [
                    Term(t.surface, t.kind, t.sentence, t.start - shift, t.end - shift, t.before)
                    for t in self.terms[i]
                    if t.start >= shift and t.end <= b - s.start
                ]
                out.extend(
                    self._from_sentence(
                        lesson, s, self.transcript.norm[a:b], terms, evidence, base * 0.85,
                        whole=False,
                    )
                )  # fmt: skip
        out.extend(self._multiple_select(lesson, scored))
        out.extend(self._short_answers(lesson))
        return out

    def _within_pieces(self, s: Sentence) -> list[tuple[int, int]]:
        out = []
        for piece in self.transcript.pieces:
            if piece.end <= s.start or piece.start >= s.end:
                continue
            a, b = max(s.start, piece.start), min(s.end, piece.end)
            chunk = self.transcript.norm[a:b]
            a += len(chunk) - len(chunk.lstrip())
            b -= len(chunk) - len(chunk.rstrip())
            if len(self.transcript.norm[a:b].split()) >= 6:
                out.append((a, b))
        return out

    def _from_sentence(
        self,
        lesson: LessonText,
        s: Sentence,
        full: str,
        sentence_terms: Sequence[Term],
        evidence: Evidence,
        base: float,
        *,
        whole: bool = True,
    ) -> list[Candidate]:
        out: list[Candidate] = []
        opener = _OPENERS.match(full) if whole else None
        cut = opener.end() if opener and len(full[opener.end() :].split()) >= 6 else 0
        text = full[cut:]
        text = text[:1].upper() + text[1:] if cut else text
        counts: dict[str, int] = defaultdict(int)
        for term in sentence_terms:
            counts[fold(term.surface)] += 1
        terms = [
            Term(t.surface, t.kind, t.sentence, t.start - cut, t.end - cut, t.before)
            for t in sentence_terms
            if t.start >= cut
        ]
        shown = clean_spacing(text)
        for term in terms:
            if counts[fold(term.surface)] > 1:
                continue
            weight = _KIND_WEIGHT[term.kind] * (0.85 if term.start == 0 else 1.0)
            score = base * weight
            prompt = clean_spacing(text[: term.start] + BLANK + text[term.end :])
            quote = f"“{shown}”"
            cloze = _cloze_prompt(text, term)
            if cloze:
                out.append(
                    self._make(
                        lesson, "cloze", cloze, term.surface, evidence,
                        f"The transcript says: {quote}", score,
                        f"cloze: blanked a {term.kind} in a central sentence",
                        difficulty="hard" if term.kind == "concept" else "medium",
                        sentence=s.index,
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
                        "medium", sentence=s.index, distractors=tuple(wrong),
                    )
                )  # fmt: skip
            if (
                term.kind in ("number", "year", "place", "name", "acronym")
                and wrong
                and len(content_stems(text) - content_stems(term.surface)) >= 4
            ):
                statement_true = (s.index + len(term.surface)) % 2 == 0
                swapped = clean_spacing(text[: term.start] + wrong[0] + text[term.end :])
                statement = shown if statement_true else swapped
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
                        distractors=() if statement_true else (wrong[0],),
                    )
                )  # fmt: skip
        if whole and self.speakers and s.speaker in self.speakers and len(text.split()) >= 8:
            choices = _shuffle([self.role_names.get(n, n) for n in self.speakers], text)
            said = self.role_names.get(s.speaker, s.speaker)
            out.append(
                self._make(
                    lesson, "multiple_choice", f"Who said this? “{shown}”", said, evidence,
                    f"{said} said it: “{shown}”", base * 0.6,
                    "who said it: a distinctive sentence from a multi-speaker transcript",
                    choices=choices, difficulty="easy", sentence=s.index,
                )
            )  # fmt: skip
        return out

    # -- select all that apply, short answers --------------------------------------------------

    def _multiple_select(
        self, lesson: LessonText, scored: Sequence[tuple[float, int]]
    ) -> list[Candidate]:
        """ "Which of these does the speaker mention …?": the keys are good terms of one short
        passage (one to three sentences of one answer), the distractors terms of the same kind
        from elsewhere that the passage (the whole answer turn) does not contain."""
        out: list[Candidate] = []
        best = dict((i, base) for base, i in scored)
        turn_of = {i: t for t in self.turns for i in range(t.first_sentence, t.last_sentence + 1)}
        tried = 0
        for _, i in sorted(scored, key=lambda x: (-x[0], x[1]))[:12]:
            turn = turn_of.get(i)
            if turn is None or tried >= 6:
                break
            first, last = i, min(i + 2, turn.last_sentence)
            while first > turn.first_sentence and i - first < 1:
                first -= 1
            for family in ("concept", "proper"):
                keys: list[Term] = []
                for j in range(first, last + 1):
                    for term in self.terms[j]:
                        if _family(term) != family or len(term.surface) < 3:
                            continue
                        if family == "concept" and " " not in term.surface:
                            continue
                        if any(overlaps(term.surface, k.surface) for k in keys):
                            continue
                        keys.append(term)
                if len(keys) < 2:
                    continue
                tried += 1
                keys = keys[:3]
                a = min(self.sentences[k.sentence].start for k in keys)
                b = max(self.sentences[k.sentence].end for k in keys)
                evidence = evidence_for(self.transcript, a, b)
                if evidence is None or len(evidence.quote) > 700:
                    continue
                turn_text = fold(self.transcript.norm[turn.start : turn.end])
                turn_stems = content_stems(turn_text)
                wrong: list[str] = []
                for key in keys:
                    for cand in self.distractors(
                        key, turn_text, k=4, window=frozenset(), same_length=False
                    ):
                        stems = content_stems(cand)
                        if fold(cand) in turn_text or len(stems & turn_stems) * 2 >= len(stems):
                            continue
                        if any(overlaps(cand, x) for x in [*wrong, *(k.surface for k in keys)]):
                            continue
                        wrong.append(cand)
                        break
                if len(wrong) < 2 or len(keys) + len(wrong) < 4:
                    continue
                who = self._who(self.sentences[i].speaker)
                asked = self._asked_before(turn)
                if asked:
                    prompt = (
                        f"Asked “{asked}”, which of these does {who} mention? "
                        "Select all that apply."
                    )
                else:
                    prompt = (
                        f"In the part on “{lesson.title}”, which of these does {who} mention? "
                        "Select all that apply."
                    )
                answer = tuple(k.surface for k in keys)
                choices = _shuffle([*answer, *wrong], prompt)
                # (a key may lie in a neighbour of sentence i that was not scored)
                base = max([best[i], *(best.get(k.sentence, 0.0) for k in keys)])
                out.append(
                    self._make(
                        lesson, "multiple_select", prompt, answer, evidence,
                        f"The transcript mentions {', '.join(answer)} here; "
                        f"not {', '.join(wrong)}: “{clean_spacing(evidence.quote)}”",
                        base * 0.95, f"multiple select: {family} terms of one passage, "
                        "distractors of the same kind absent from the answer",
                        choices=choices, difficulty="medium", sentence=i,
                        distractors=tuple(wrong),
                    )
                )  # fmt: skip
                break
        return out

    def _asked_before(self, turn: Turn) -> str | None:
        """The interviewer's question just before an answer turn, if it is short."""
        if turn.index == 0:
            return None
        prev = self.turns[turn.index - 1]
        if prev.role != "question":
            return None
        asked = [
            self.sentences[j].text
            for j in range(prev.first_sentence, prev.last_sentence + 1)
            if is_question(self.sentences[j].text)
        ]
        if not asked:
            return None
        text = clean_spacing(_OPENERS.sub("", _ASIDE.sub("", asked[-1])))
        if len(text.split()) > 16 or _PRONOUN_SUBJECT.match(text):
            return None  # too long, or "Are they …?" without what "they" are
        return text[:1].upper() + text[1:]

    def _short_answers(self, lesson: LessonText) -> list[Candidate]:
        """An interviewer's "where / when / how many / who" question whose answer turn opens
        with one term of the asked kind: the question, the term its answer."""
        out: list[Candidate] = []
        ids = set(lesson.sentence_ids)
        for turn in self.turns:
            if turn.role != "answer" or turn.first_sentence not in ids:
                continue
            asked = self._asked_before(turn)
            if not asked:
                continue
            kinds = _asked_kind(asked)
            if not kinds:
                continue
            opening = range(
                turn.first_sentence, min(turn.first_sentence + 2, turn.last_sentence + 1)
            )
            found = [t for j in opening for t in self.terms[j] if t.kind in kinds]
            distinct = {normalize_choice(t.surface) for t in found}
            if len(distinct) != 1:
                continue  # none, or several candidates: the answer would be ambiguous
            term = found[0]
            s = self.sentences[term.sentence]
            evidence = evidence_for(self.transcript, s.start, s.end)
            if evidence is None:
                continue
            who = self._who(s.speaker)
            prompt = f"The interviewer asks: “{asked}” What does {who} answer? (a word or two)"
            out.append(
                self._make(
                    lesson, "short_answer", prompt, term.surface, evidence,
                    f"The answer is “{term.surface}”: “{clean_spacing(s.text)}”", 0.8,
                    f"short answer: the {term.kind} that answers an interviewer's question",
                    difficulty="medium", sentence=s.index,
                )
            )  # fmt: skip
        return out

    def _make(
        self,
        lesson: LessonText,
        type_: str,
        prompt: str,
        answer: str | bool | tuple[str, ...],
        evidence: Evidence,
        explanation: str,
        score: float,
        reason: str,
        *,
        difficulty: str,
        sentence: int,
        choices: Sequence[str] = (),
        distractors: tuple[str, ...] = (),
        accepted: tuple[str, ...] = (),
    ) -> Candidate:
        digest = hashlib.sha1(
            f"{type_}\x00{prompt}\x00{answer}".encode(), usedforsecurity=False
        ).hexdigest()[:8]
        question = Question(
            id=f"{lesson.slug[:40].rstrip('-')}-{_ABBR[type_]}-{digest}",
            type=type_,
            prompt=prompt,
            answer=answer,
            evidence=evidence,
            explanation=explanation,
            difficulty=difficulty,
            choices=tuple(choices),
            accepted=accepted,
        )
        return Candidate(question, sentence, round(score, 4), reason, distractors)


def _family(term: Term) -> str:
    return (
        "concept"
        if term.kind == "concept"
        else "proper"
        if term.kind in ("name", "place", "acronym")
        else "number"
    )


_WH_KINDS = (
    (re.compile(r"^(?:when|in what year|in which year|what year|which year)\b", re.I), {"year"}),
    (re.compile(r"^how (?:many|much|long|old|big|far)\b", re.I), {"number", "year"}),
    (re.compile(r"^where\b", re.I), {"place", "name", "acronym"}),
    (re.compile(r"^(?:who|which|what) (?:\w+ )?(?:company|companies|university|universities|"
                r"city|country|school|firm|lab|team|person|people|institution)\b", re.I),
     {"place", "name", "acronym"}),
    (re.compile(r"^who\b", re.I), {"name"}),
)  # fmt: skip


def _asked_kind(question: str) -> set[str]:
    for pattern, kinds in _WH_KINDS:
        if pattern.search(question):
            return kinds
    return set()


_ABBR = {"multiple_choice": "mc", "multiple_select": "ms", "true_false": "tf", "cloze": "cz",
         "short_answer": "sa"}  # fmt: skip


def _shuffle(choices: Sequence[str], salt: str) -> tuple[str, ...]:
    """A deterministic shuffle: order by a hash, so the key's position carries no signal."""
    return tuple(
        sorted(
            choices,
            key=lambda c: hashlib.sha1(
                f"{salt}\x00{c}".encode(), usedforsecurity=False
            ).hexdigest(),
        )
    )


_UNITS = {w: int(v) for w, v in _DIGITS.items() if int(v) < 100}
_UNITS.update(thirteen=13, fourteen=14, fifteen=15, sixteen=16, seventeen=17, eighteen=18,
              nineteen=19)  # fmt: skip
_MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}


def _numeric(text: str) -> float | None:
    """The value of "forty five", "ten thousand", "2013" or "3.5", else None."""
    folded = fold(text).replace(",", "")
    try:
        return float(folded.rstrip("%"))
    except ValueError:
        pass
    total, current = 0.0, 0.0
    for w in folded.replace("-", " ").split():
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _MULTIPLIERS:
            current = max(current, 1) * _MULTIPLIERS[w]
            if _MULTIPLIERS[w] >= 1000:
                total, current = total + current, 0.0
        elif w != "and":
            return None
    return total + current


_SPACED_PUNCT = re.compile(r"\s+([,.;:?!])")
_ARTEFACT = re.compile(r"\s+[,.;:?!]+\s*")


def clean_spacing(text: str) -> str:
    """The text as it should read: no space before punctuation ("question , I")."""
    return " ".join(_SPACED_PUNCT.sub(r"\1", text).split())


def _cloze_prompt(text: str, term: Term) -> str | None:
    """The cloze prompt for `term`: the sentence with a blank. A cloze answer is checked against
    the evidence verbatim (whitespace aside), so where the transcript has a spacing slip the
    prompt is the clause around the blank that reads cleanly, or nothing."""
    if not _ARTEFACT.search(text):
        return text[: term.start] + BLANK + text[term.end :]
    a, b = 0, len(text)
    for match in _ARTEFACT.finditer(text):
        if match.end() <= term.start:
            a = match.end()
        elif match.start() >= term.end:
            b = min(b, match.start())
    clause = text[a : term.start] + BLANK + text[term.end : b]
    if len(clause.split()) < 6:
        return None
    clause = clause.strip()
    return clause[:1].upper() + clause[1:]


def rank(
    candidates: Sequence[Candidate], *, limit: int, used: dict[str, int] | None = None
) -> tuple[list[Candidate], int]:
    """Keep the best items, taking the types in turn so no type crowds out the others, at
    most one item per sentence and no distractor offered more than twice in the lesson (or
    four times in the course, counted in `used`); return the kept items in transcript order
    and how many were ranked out."""
    course = used if used is not None else defaultdict(int)
    by_type: dict[str, list[Candidate]] = defaultdict(list)
    for cand in sorted(candidates, key=lambda c: (-c.score, c.question.id)):
        by_type[cand.question.type].append(cand)
    # The rarer types choose first, so a sentence that could carry any item carries the type
    # the lesson would otherwise lack.
    order = sorted(by_type, key=lambda t: (len(by_type[t]), -by_type[t][0].score, t))
    kept: list[Candidate] = []
    used_sentences: set[int] = set()
    used_distractors: dict[str, int] = defaultdict(int)

    def usable(cand: Candidate) -> bool:
        if cand.sentence in used_sentences:
            return False
        return all(
            used_distractors[normalize_choice(d)] < 2 and course.get(normalize_choice(d), 0) < 4
            for d in cand.distractors
        )

    while len(kept) < limit and any(by_type.values()):
        for type_ in order:
            queue = by_type[type_]
            while queue and not usable(queue[0]):
                queue.pop(0)
            if queue and len(kept) < limit:
                cand = queue.pop(0)
                kept.append(cand)
                used_sentences.add(cand.sentence)
                for d in cand.distractors:
                    used_distractors[normalize_choice(d)] += 1
                    course[normalize_choice(d)] = course.get(normalize_choice(d), 0) + 1
    kept.sort(key=lambda c: (c.question.evidence.start_char, c.question.id))
    return kept, len(candidates) - len(kept)
