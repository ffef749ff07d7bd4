"""Titles: a segment's or lesson's title from its opening question, else from its keyphrases.

An interviewer's question becomes a title when it is short and general ("Is deep learning
overhyped?") or can be turned into a noun phrase ("Why did you decide to switch to X?" becomes
"Switching to X"); otherwise the best clean keyphrase, a several-word concept preferred, makes one.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import replace

from studyguide.generator.analysis import Analysis
from studyguide.generator.lexicon import STOPWORDS, TITLE_NOISE
from studyguide.generator.quality import phrase_problem
from studyguide.generator.textutil import content_terms, fold, is_adverb, is_question, term_kind
from studyguide.generator.title_rules import (
    dangling,
    depersonalise,
    gerund,
    plain_phrase,
    spread_phrases,
    title_problem,
    topic_of_question,
)
from studyguide.generator.tuning import TUNING
from studyguide.generator.types import Segment

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
_VOCATIVE = re.compile(r",\s*([A-Z][\w'’-]+)\s*\?$")
_MOTION = frozenset("go move come return travel get switch".split())
_NAME_TOKEN = re.compile(r"[^\W_][\w’'-]*")


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
    phrase = topic_of_question(last)
    if phrase:
        return phrase
    match = _DO_YOU_THINK.match(last)
    if match:
        return _opinion_title(match)
    match = _WHY_DID_YOU.match(last)
    if match:
        return _choice_title(match, context)
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
        return depersonalise(f"{kind.capitalize()} for {match.group('who').strip()}")
    match = _PRONOUN_QUESTION.match(last)
    if match:
        topic = _TALK_ABOUT.search(context + " " + question)
        if not topic or len(topic.group("np").split()) > 4:
            return None
        last = f"{match.group('aux')} {topic.group('np').strip()} {last[match.end() :]}"
    last = re.sub(r"\b(in|at|of|from|to|about) (?:that|this) (?=\w{3,}\?*$)", r"\1 the ", last)
    if _SHORT_WH.match(last) and len(last.split()) <= 10 and not dangling(last):
        return last[0].upper() + last[1:]  # "How did that happen?" says nothing on its own
    return None


def _opinion_title(match: re.Match[str]) -> str | None:
    """ "Do you think X is Y?" → "Is X Y?" (or "X as Y" for "X was an important moment")."""
    verb = match.group("verb")
    rest = re.split(r",? or (?:could|can|would|should|is|are|do|does)\b", match.group("rest"))[0]
    rest = re.sub(r"\bin order to\b", "to", rest.rstrip(" ?"))
    subject = match.group("subject")
    rest = _article(rest)
    if verb.lower() in ("is", "are", "was", "were") and re.match(r"(?:an?|the) ", rest):
        # "Was PhD an important moment …?" keeps the speaker's grammar: a noun phrase
        title = depersonalise(f"{subject[:1].upper()}{subject[1:]} as {rest}")
    else:
        title = depersonalise(f"{verb.capitalize()} {subject} {rest}?")
    if title and len(title.split()) <= 13:
        return title
    return None


def _choice_title(match: re.Match[str], context: str) -> str | None:
    """ "Why did you decide to move there?" → "Moving to the USA" (the place from `context`)."""
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
    title = depersonalise(f"{verb.capitalize()} {rest}".strip())
    if title and 2 <= len(title.split()) <= 10 and len(rest.split()) >= 1:
        return title
    return None


def lesson_title(
    question: str | None,
    keyphrases: Sequence[str],
    exclude: Sequence[str] = (),
    taken: Collection[str] = (),
) -> str:
    """The title of a segment or lesson: from its opening question when that gives a clean
    title, else from its keyphrases; never one in `taken` (another lesson's). A short title
    about the guest's choices ("Continuing as a researcher") gets the topic's keyphrase after
    a colon."""
    title = question_title(question)
    vocative = _VOCATIVE.search(title or "")
    named = {fold(w) for name in exclude if name for w in name.split()}
    if vocative and fold(vocative.group(1)) in named:
        title = None  # "What about energy, Danya?" is asked of a speaker; no topic title
    if title and (title_problem(title) or fold(title) in {fold(t) for t in taken}):
        title = None
    if not title:
        return keyphrase_title(keyphrases, exclude, taken)
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
        and not TITLE_NOISE.search(p)
        and not any(fold(p) in b or b in fold(p) for b in banned)
    ]


def keyphrase_title(
    keyphrases: Sequence[str], exclude: Sequence[str] = (), taken: Collection[str] = ()
) -> str:
    """The best keyphrase that is a clean noun phrase (never a verb fragment) and not a
    speaker's or the show's name, a several-word concept among the first few preferred
    ("Worker threads" rather than "Node"), a noun compound first. (Two phrases joined by
    "and" read as a jumble.)"""
    used = {fold(t) for t in taken}
    clean = [
        p
        for p in dict.fromkeys(plain_phrase(k) for k in _clean_phrases(keyphrases, exclude))
        if not title_problem(p) and fold(p) not in used
    ]
    if not clean:
        clean = [p for p in keyphrases if fold(p) not in used][:1] or list(keyphrases[:1])
    if not clean:
        return "Untitled"
    concepts = [
        p for p in clean[: TUNING.title_candidates] if " " in p and term_kind(p) == "concept"
    ]
    # a noun compound ("bird reserve") before a phrase with "of" in it ("full of puffins")
    compounds = [p for p in concepts if not any(fold(w) in STOPWORDS for w in p.split())]
    title = (compounds or concepts or clean)[0]
    return title[0].upper() + title[1:]


def title_question(analysis: Analysis, seg: Segment) -> str | None:
    """The question a segment's title is made from: its opening question, else the first
    interviewer question early in it (an episode's intro comes before the first question)."""
    if seg.opening_question:
        return seg.opening_question
    n = seg.last_sentence - seg.first_sentence + 1
    early = max(TUNING.intro_sentences, n * TUNING.intro_share)
    for turn in analysis.turns:
        if turn.role != "question":
            continue
        if seg.first_sentence <= turn.first_sentence < seg.first_sentence + early:
            text = " ".join(
                analysis.sentences[i].text
                for i in range(turn.first_sentence, turn.last_sentence + 1)
            )
            return " ".join(text.split())
    return None


def titled_segments(analysis: Analysis, questions: Sequence[str | None]) -> tuple[Segment, ...]:
    """The segments with their titles, each from its title question or its keyphrases."""
    return tuple(
        replace(
            seg,
            title=lesson_title(
                question,
                spread_phrases(
                    analysis.index, analysis.segment_sentences(seg), TUNING.title_phrases
                ),
                analysis.title_names,
            ),
        )
        for seg, question in zip(analysis.segments, questions, strict=True)
    )
