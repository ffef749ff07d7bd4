"""True/false items: the sentence as said, or its claim negated ("can" → "cannot", "isn't" →
"is"), so the false version is clearly contradicted by the transcript, never merely unstated
(a one-word swap of a name or number often is: the talk may say both)."""

from __future__ import annotations

import re

from studyguide.generator.questions.items import Candidate, Passage, make
from studyguide.generator.tuning import TUNING

_NEGATED = {"can't": "can", "can’t": "can", "cannot": "can", "won't": "will", "won’t": "will"}
_NT = re.compile(r"\b(is|are|was|were|do|does|did|could|would|should|must|has|have|had)n['’]t\b",
                 re.IGNORECASE)  # fmt: skip
_AUX = re.compile(r"\b(is|are|was|were|can|could|will|would|should|must)\b(?!\s+not\b)",
                  re.IGNORECASE)  # fmt: skip
_CONTRACTED = re.compile(r"\b(it|that|there|he|she)['’]s\b|\b(we|you|they)['’]re\b",
                         re.IGNORECASE)  # fmt: skip
_OTHER_NEGATION = re.compile(r"\b(?:no|nothing|never|nobody|none|neither|nor|only|without|"
                             r"hardly|barely|rarely|seldom|scarcely)\b", re.IGNORECASE)  # fmt: skip
_ADVERB_AFTER = re.compile(
    r"\s+(?:still|already|also|even|just|really|always|actually|probably|definitely|usually|"
    r"often|certainly|surely|maybe|perhaps)\b",
    re.IGNORECASE,
)
_SUBORDINATE = frozenset("which who whom whose where when if because what how".split())
_FIRST_WORDS = 10  # the claim's verb lies in its first words, before any comma


def negate(text: str) -> str | None:
    """`text` with its main claim negated, or None when that cannot be done cleanly: one
    negation only, and the verb in the first clause."""
    head = re.split(r"[,;:—–]| - ", text, maxsplit=1)[0]
    if _OTHER_NEGATION.search(text) or len(re.findall(r"\bnot\b|n['’]t\b", text)) > 1:
        return None
    for pattern, repl in (
        (re.compile(r"\b(?:can['’]t|cannot|won['’]t)\b", re.IGNORECASE), _un_nt),
        (_NT, lambda m: m.group(1)),
        (re.compile(r"\b(is|are|was|were|can|could|will|would|should|must) not\b", re.I),
         lambda m: m.group(1)),
        (_CONTRACTED, lambda m: f"{m.group()} not"),
        (_AUX, lambda m: "cannot" if m.group(1).lower() == "can" else f"{m.group(1)} not"),
    ):  # fmt: skip
        match = pattern.search(head)
        if match is None:
            continue
        if _ADVERB_AFTER.match(text, match.end()):
            return None  # "is still quite stable": "is not still" reads wrong
        before = re.findall(r"[\w'’]+", head[: match.start()])
        if len(before) > _FIRST_WORDS or (before and before[-1].lower() in _SUBORDINATE):
            return None
        if not before and pattern is not _CONTRACTED:
            return None  # "Is it …" / "Can you …": a question or an order, not a claim
        return text[: match.start()] + repl(match) + text[match.end() :]
    return None


def _un_nt(match: re.Match[str]) -> str:
    word = match.group()
    out = _NEGATED[word.lower()]
    return out.capitalize() if word[:1].isupper() else out


def true_false_item(passage: Passage, score: float) -> Candidate | None:
    """A statement decided by the evidence: true or false by a hash-like parity, so about half
    the items are true; a false one is the sentence with its claim negated."""
    shown, quote = passage.shown, passage.quote
    statement_true = (passage.sentence + len(shown)) % 2 == 0
    negated = None if statement_true else negate(shown)
    if not statement_true and negated is None:
        return None
    statement = shown if statement_true else str(negated)
    explanation = (
        f"True: the transcript says {quote}"
        if statement_true
        else f"False: the transcript says the opposite: {quote}"
    )
    return make(
        passage.slug, "true_false",
        f"True or false? In the transcript the speaker says: “{statement}”",
        statement_true, passage.evidence, explanation, score * TUNING.true_false,
        "true/false: the sentence as said" if statement_true else
        "true/false: the sentence's claim negated",
        difficulty="medium", sentence=passage.sentence,
    )  # fmt: skip
