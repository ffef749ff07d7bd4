"""Stage 4: lessons. Group related segments, then title and summarise each group.

Everything here is extractive: summaries and takeaways are central sentences (fillers removed
for reading), quotes are verbatim, keyphrases come from the text, glossary definitions only
where the text itself defines a term.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from studyguide.coursepack.models import Evidence, GlossaryEntry, Takeaway
from studyguide.generator.keyphrases import PhraseIndex, term_kind
from studyguide.generator.normalize import is_contiguous
from studyguide.generator.quality import is_adverb, phrase_problem
from studyguide.generator.segment import Cohesion
from studyguide.generator.textutil import (
    STOPWORDS,
    content_terms,
    filler_ratio,
    fold,
    slugify,
    strip_fillers,
)
from studyguide.generator.turns import is_question
from studyguide.generator.types import Segment, Sentence, Transcript, Turn
from studyguide.generator.vectors import Vector, centroid, cosine


def evidence_for(transcript: Transcript, start: int, end: int) -> Evidence | None:
    """Verbatim evidence for a normalised span, or None if markup lies inside it."""
    if end <= start or not is_contiguous(
        transcript.text, transcript.norm, transcript.offsets, start, end
    ):
        return None
    a, b = transcript.original_span(start, end)
    return Evidence(transcript.text[a:b], a, b, transcript.time_at(start))


# --- grouping ---------------------------------------------------------------------------------


def group_segments(
    segments: Sequence[Segment], coh: Cohesion, *, max_lessons: int
) -> list[list[int]]:
    """Cluster segments into lessons (average linkage on TF-IDF cosine); keep first-seen order.

    Two segments share a lesson when they are clearly closer to each other than segments of
    this transcript usually are (the interview returns to going abroad several times).
    """
    vectors = [coh.vector(s.first_sentence, s.last_sentence) for s in segments]
    n = len(vectors)
    if n == 1:
        return [[0]]
    sims = _similarity_matrix(vectors)
    pairs = sims[np.triu_indices(n, k=1)]
    threshold = max(0.2, float(pairs.mean() + 1.5 * pairs.std()))
    link = sims.copy()
    np.fill_diagonal(link, -np.inf)
    sizes = np.ones(n)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    alive = np.ones(n, dtype=bool)
    while len(members) > 1:
        masked = np.where(alive[:, None] & alive[None, :], link, -np.inf)
        flat = int(np.argmax(masked))  # first maximum: ties break by position, deterministic
        a, b = divmod(flat, n)
        a, b = min(a, b), max(a, b)
        if masked[a, b] < threshold and len(members) <= max_lessons:
            break
        # Average linkage, updated in place (Lance–Williams).
        merged = (sizes[a] * link[a] + sizes[b] * link[b]) / (sizes[a] + sizes[b])
        link[a], link[:, a] = merged, merged
        link[a, a] = -np.inf
        sizes[a] += sizes[b]
        alive[b] = False
        link[b], link[:, b] = -np.inf, -np.inf
        members[a] = sorted(members[a] + members.pop(b))
    return sorted(members.values(), key=lambda c: c[0])


def _similarity_matrix(vectors: Sequence[Vector]) -> np.ndarray:
    vocab: dict[str, int] = {}
    for vec in vectors:
        for term in vec:
            vocab.setdefault(term, len(vocab))
    matrix = np.zeros((len(vectors), max(len(vocab), 1)))
    for i, vec in enumerate(vectors):
        for term, value in vec.items():
            matrix[i, vocab[term]] = value
    return matrix @ matrix.T


# --- titles -----------------------------------------------------------------------------------

_DO_YOU_THINK = re.compile(
    r"^(?:do|did) you (?:think|believe|feel) (?:that )?"
    r"(?P<subject>.+?) (?P<verb>is|are|was|were|can|should|will) (?P<rest>.+?)\?*$",
    re.IGNORECASE,
)
_SHORT_WH = re.compile(r"^(?:what|how|why|is|are|can|should) (?!did you|do you|have you)", re.I)
_LEAD = re.compile(
    r"^(?:(?:so|and|but|ok(?:ay)?|now|well|then|also|alright|right|i see)\b[,.]?\s+)+", re.I
)
_ASIDE = re.compile(r"^[^:?]{0,40}:\s*(?=\w)")  # "Ok and last question: do you …"
_WHY_DID_YOU = re.compile(
    r"^(?:why|how|when) did you (?:(?:decide|choose|want|start|come|get|begin) to |end up |"
    r"get into )?(?:first |ever |really |actually |once |finally )?"
    r"(?P<verb>[a-z]+)\b(?P<rest>[^?]*)\?*$",
    re.IGNORECASE,
)
_ADVICE = re.compile(
    r"^(?:do|would|could) you have (?:any )?(?P<kind>recommendations?|advice|tips?|suggestions?)"
    r" for (?P<who>(?:\w+[\s’']*){1,4}?)(?= to | who | that | on |[,.?]|$)",
    re.IGNORECASE,
)
_WHAT_SHOULD = re.compile(
    r"^(?:and )?(?:if (?:yes|so|not),? )?(?:then )?what (?:kinds? of |sorts? of |types? of )?"
    r"(?P<what>[a-z]+) (?:this|that|the|a|an|such an?) (?P<who>[a-z]+) (?:should|must|needs? to)"
    r" (?P<verb>have|know|bring|learn|do)\?*$",
    re.IGNORECASE,
)
_TALK_ABOUT = re.compile(r"\b(?:talk|talking|turn|move on) (?:about|to) (?P<np>[\w’' -]+?)[,.;]")
_PRONOUN_QUESTION = re.compile(
    r"^(?P<aux>are|is|were|was|do|does|can|should|will) (?P<pron>they|it|these|those) ", re.I
)
_MOTION = frozenset("go move come return travel get switch".split())
_NAME_TOKEN = re.compile(r"[^\W_][\w’'-]*")
_GERUND = {"be": "being", "see": "seeing", "go": "going", "die": "dying", "lie": "lying",
           "quit": "quitting", "get": "getting", "put": "putting", "set": "setting",
           "run": "running", "stop": "stopping", "begin": "beginning",
           "swim": "swimming"}  # fmt: skip


def gerund(verb: str) -> str:
    """ "continue" → "continuing", "switch" → "switching", "get" → "getting"."""
    v = verb.lower()
    if v in _GERUND:
        return _GERUND[v]
    if v.endswith("ie"):
        return v[:-2] + "ying"
    if v.endswith("e") and not v.endswith(("ee", "ye", "oe")):
        return v[:-1] + "ing"
    if re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", v) and len(v) <= 3:
        return v + v[-1] + "ing"
    return v + "ing"


def _last_place(context: str) -> str | None:
    """The last place, institution or acronym the question's lead-in names ("… to the USA",
    "at MIT", "EPFL"): a capitalised run after in/at/to/from, or an acronym."""
    tokens = _NAME_TOKEN.findall(context)
    found = None
    k = 0
    while k < len(tokens):
        word = tokens[k]
        if not word[:1].isupper() or word in ("I", "OK", "Ok", "Okay"):
            k += 1
            continue
        j = k
        while j + 1 < len(tokens) and tokens[j + 1][:1].isupper():
            j += 1
        name = " ".join(tokens[k : j + 1])
        before = [fold(t) for t in tokens[max(0, k - 2) : k]]
        is_acronym = len(word) >= 2 and word.isupper()
        if is_acronym or (k > 0 and {"in", "at", "to", "from"} & set(before)):
            found = word if is_acronym and j == k else name
        k = j + 1
    return found


def _article(rest: str) -> str:
    """ "was important moment in …" → "was an important moment in …" (a dropped article)."""
    words = rest.split()
    if len(words) < 2 or any(fold(w) in STOPWORDS for w in words[:2]):
        return rest
    if is_adverb(words[0]) or words[1].endswith(("s", "ed", "ly")) or not words[0].isalpha():
        return rest
    return ("an " if words[0][:1].lower() in "aeiou" else "a ") + rest


def _depersonalise(text: str) -> str | None:
    """ "your scientific career" → "a scientific career"; None if "you" or "I" remain."""
    text = re.sub(r"\byour\b", "a", text, flags=re.I)
    text = re.sub(r"\ba (?=[aeiou])", "an ", text)
    if re.search(r"\b(?:you|yourself|I|me|my|we|us|our)\b", text, re.I):
        return None
    return text


def question_title(question: str | None) -> str | None:
    """A title made from an interviewer's question: the question itself when it is short and
    general ("Is deep learning overhyped?"), or a noun phrase made from it ("Why did you decide
    to switch to X?" → "Switching to X"); None when no clean title can be made."""
    if not question:
        return None
    parts = re.split(r"(?<=[.?!])\s+", question.strip())
    for k, part in enumerate(parts):
        if is_question(part):
            # "Would you guide him? And if yes, what kind of …?": the first that gives a title
            title = _title_of(part.strip(), " ".join(parts[:k]), question)
            if title:
                return title
    return None


def _title_of(last: str, context: str, question: str) -> str | None:
    """The title made from one asked sentence `last` (with the lead-in `context`)."""
    last = _ASIDE.sub("", _LEAD.sub("", last))
    last = _LEAD.sub("", last)
    last = re.sub(r", (?:say|like|you know|I mean),\s*", " ", last)
    last = re.sub(r"\b(?:actually|basically|just) ", "", last)
    if not last:
        return None
    match = _DO_YOU_THINK.match(last)
    if match:
        verb = match.group("verb")
        rest = re.split(r",? or (?:could|can|would|should|is|are|do|does)\b", match.group("rest"))[
            0
        ]
        rest = re.sub(r"\bin order to\b", "to", rest.rstrip(" ?"))
        subject = match.group("subject")
        rest = _article(rest)
        if verb.lower() in ("is", "are", "was", "were") and re.match(r"(?:an?|the) ", rest):
            # "Was PhD an important moment …?" keeps the speaker's grammar: a noun phrase
            title = _depersonalise(f"{subject[:1].upper()}{subject[1:]} as {rest}")
        else:
            title = _depersonalise(f"{verb.capitalize()} {subject} {rest}?")
        if title and len(title.split()) <= 13:
            return title
        return None
    match = _WHY_DID_YOU.match(last)
    if match:
        verb, rest = match.group("verb"), match.group("rest").strip()
        rest = re.split(r",? (?:or|and then|because|if)\b", rest)[0].rstrip(" ,")
        if re.search(r"\b(?:there|that place)$", rest):
            place = _last_place(context)
            if place is None:
                rest = re.sub(r"\s*\b(?:there|that place)$", "", rest)
            else:
                where = term_kind(place) == "place"
                prep = "to" if verb.lower() in _MOTION else "in" if where else "at"
                article = "the " if re.search(rf"\bthe {re.escape(place)}", context) else ""
                rest = re.sub(r"\b(?:there|that place)$", f"{prep} {article}{place}", rest)
        verb = verb if verb.lower().endswith("ing") else gerund(verb)
        title = _depersonalise(f"{verb.capitalize()} {rest}".strip())
        if title and 2 <= len(title.split()) <= 10 and len(rest.split()) >= 1:
            return title
        return None
    match = _WHAT_SHOULD.match(last)
    if match:
        return (
            f"{match.group('what').capitalize()} a {match.group('who')} should "
            f"{match.group('verb')}"
        )
    match = _ADVICE.match(last)
    if match:
        kind = match.group("kind").lower()
        kind = kind if kind.endswith("s") or kind == "advice" else kind + "s"
        return _depersonalise(f"{kind.capitalize()} for {match.group('who').strip()}")
    match = _PRONOUN_QUESTION.match(last)
    if match:
        topic = _TALK_ABOUT.search(context + " " + question)
        if not topic or len(topic.group("np").split()) > 4:
            return None
        last = f"{match.group('aux')} {topic.group('np').strip()} {last[match.end() :]}"
    if _SHORT_WH.match(last) and len(last.split()) <= 10 and "you" not in last.lower():
        return last[0].upper() + last[1:]
    return None


def lesson_title(
    question: str | None, keyphrases: Sequence[str], exclude: Sequence[str] = ()
) -> str:
    """The title of a segment or lesson: from its opening question when that gives a clean
    title, else from its keyphrases. A short title about the guest's choices ("Continuing as
    a researcher") gets the topic's keyphrase after a colon."""
    title = question_title(question)
    if not title:
        return keyphrase_title(keyphrases, exclude)
    if (
        title.endswith("?")
        or len(title.split()) > 5
        or any(w[:1].isupper() for w in title.split()[1:])
    ):
        return title
    topic = [p for p in _clean_phrases(keyphrases, exclude) if " " in p][:1]
    if topic and not content_terms(topic[0]) or not topic:
        return title
    if set(content_terms(topic[0])) & set(content_terms(title)):
        return title
    if not set(content_terms(topic[0])) & set(content_terms(question or "")):
        return title  # only a topic the interviewer raised ("… go to the industry")
    return f"{title}: {topic[0]}"


def _clean_phrases(keyphrases: Sequence[str], exclude: Sequence[str]) -> list[str]:
    banned = {fold(x) for x in exclude if x}
    return [
        p
        for p in keyphrases
        if not phrase_problem(p, strict=True)
        and not any(fold(p) in b or b in fold(p) for b in banned)
    ]


def keyphrase_title(keyphrases: Sequence[str], exclude: Sequence[str] = ()) -> str:
    """ "X and Y" from the two best keyphrases that are clean noun phrases (never a verb
    fragment) and not a speaker's or the show's name."""
    clean = _clean_phrases(keyphrases, exclude)
    if not clean:
        clean = list(keyphrases[:1])
    if not clean:
        return "Untitled"
    first = clean[0]
    title = first if len(clean) == 1 else f"{first} and {clean[1]}"
    return title[0].upper() + title[1:]


# --- the parts of a lesson --------------------------------------------------------------------


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
_PLEASANTRY = re.compile(
    r"\b(?:thank you|thanks|welcome (?:back|to)|good (?:morning|afternoon|evening)|"
    r"see you|goodbye|bye|for joining|for having me)\b",
    re.IGNORECASE,
)
_PRONOUN_START = re.compile(r"^(?:it|this|that|these|those|they|he|she|him|her|them|which)\b", re.I)


def sentence_quality(text: str) -> float:
    """How readable a sentence is on its own, 0..1: length, fillers, elisions, pronoun start."""
    n = len(text.split())
    # (Automatic captions are all lower case: a sentence with no capital at all may start so.)
    starts_well = text[:1].isupper() or text[:1].isdigit() or text[:1] in "“\"'"
    if n < 6 or n > 55 or not (starts_well or not re.search(r"[A-HJ-Z]", text)):
        return 0.0
    score = 1.0 - min(1.0, 3.0 * filler_ratio(text))
    if n < 10:
        score *= 0.6
    if n > 40:
        score *= 0.7
    if _PRONOUN_START.match(text):
        score *= 0.6
    if _PLEASANTRY.search(text):
        return 0.0
    if "…" in text or "[" in text:
        score *= 0.5
    if not re.search(r"[.!?]['’\"”)]*$", text):
        score *= 0.5
    return max(score, 0.0)


def build_lessons(
    transcript: Transcript,
    sentences: Sequence[Sentence],
    turns: Sequence[Turn],
    segments: Sequence[Segment],
    groups: Sequence[Sequence[int]],
    coh: Cohesion,
    index: PhraseIndex,
    *,
    title_questions: Sequence[str | None] = (),
    exclude: Sequence[str] = (),
) -> list[LessonText]:
    """Title and summarise each group of segments."""
    lessons: list[LessonText] = []
    used_slugs: set[str] = set()
    role_of = {i: t.role for t in turns for i in range(t.first_sentence, t.last_sentence + 1)}
    vectors = [tfidf_of(coh, i) for i in range(len(sentences))]
    for group in groups:
        segs = [segments[i] for i in group]
        ids = tuple(i for s in segs for i in range(s.first_sentence, s.last_sentence + 1))
        answer_ids = [i for i in ids if role_of.get(i) == "answer"] or list(ids)
        keyphrases = index.top(ids, 8)
        questions = [s.opening_question for s in segs if s.opening_question]
        asked = title_questions[group[0]] if title_questions else None
        if asked is None and questions:
            asked = questions[0]
        title = lesson_title(asked, keyphrases, exclude)
        slug = slugify(title, max_len=50)
        base, k = slug, 2
        while slug in used_slugs:
            slug, k = f"{base}-{k}", k + 1
        used_slugs.add(slug)
        center = centroid([vectors[i] for i in answer_ids])
        ranked = _rank_central(sentences, answer_ids, vectors, center)
        summary_ids = sorted(ranked[:4])
        takeaways = _takeaways(transcript, sentences, ranked, ids)
        quotes = _quotes(transcript, sentences, answer_ids, vectors, center, takeaways)
        lessons.append(
            LessonText(
                slug=slug,
                title=title,
                segment_ids=tuple(s.id for s in segs),
                sentence_ids=ids,
                objectives=_objectives(keyphrases, questions),
                summary=_summary(questions, [sentences[i].text for i in summary_ids]),
                takeaways=takeaways,
                quotes=quotes,
                keyphrases=tuple(keyphrases),
                glossary=_glossary(sentences, ids, keyphrases),
                reflection_prompts=_reflections(questions, keyphrases),
            )
        )
    return lessons


def tfidf_of(coh: Cohesion, i: int) -> Vector:
    return coh.vector(i, i)


def _rank_central(
    sentences: Sequence[Sentence], ids: Sequence[int], vectors: Sequence[Vector], center: Vector
) -> list[int]:
    scored = []
    for i in ids:
        quality = sentence_quality(sentences[i].text)
        if quality <= 0 or is_question(sentences[i].text):
            continue
        scored.append((cosine(vectors[i], center) * (0.4 + 0.6 * quality), i))
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
        if len(out) == 3:
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
        if quality < 0.5 or not _OPINION.search(text) or is_question(text):
            continue
        scored.append((quality * (0.5 + cosine(vectors[i], center)), i))
    scored.sort(key=lambda x: (-x[0], x[1]))
    out: list[Evidence] = []
    for _, i in scored:
        evidence = evidence_for(transcript, sentences[i].start, sentences[i].end)
        if evidence is None or evidence.start_char in taken:
            continue
        out.append(evidence)
        if len(out) == 2:
            break
    return tuple(sorted(out, key=lambda e: e.start_char))


def _summary(questions: Sequence[str], texts: Sequence[str]) -> str:
    parts = []
    if questions:
        asked = " ".join(q for q in questions[:2])
        parts.append(f"**The question:** {asked}")
    cleaned = " ".join(strip_fillers(t) for t in texts)
    if cleaned:
        parts.append(f"**What the answer says** (extracted from the transcript): {cleaned}")
    return "\n\n".join(parts)


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
