"""True/false items on simple declarative sentences that state an idea: the sentence as said,
or with its main-clause auxiliary or copula negated ("X is Y" → "X is not Y", "we can" → "we
cannot", "isn't" → "is"), so the false version is clearly contradicted by the transcript and
reads as English. A sentence whose verb lies in a subordinate clause, after a long subject,
inside a contrast ("…, but …") or in a fragment gets no true/false item at all: only sentences
that could be negated cleanly are asked either way, so the form says nothing about the answer
(issue 12: "is not you get to hear …", "the data is not, but …")."""

from __future__ import annotations

import re

from studyguide.generator.questions.items import Candidate, Passage, make
from studyguide.generator.tuning import TUNING

_NEGATED = {"can't": "can", "can’t": "can", "cannot": "can", "won't": "will", "won’t": "will"}
_NT = re.compile(r"\b(is|are|was|were|do|does|did|could|would|should|must|has|have|had)n['’]t\b",
                 re.IGNORECASE)  # fmt: skip
_AUX = re.compile(r"\b(is|are|was|were|can|could|will|would|should|must|may|might)\b"
                  r"(?!\s+not\b)", re.IGNORECASE)  # fmt: skip
_CONTRACTED = re.compile(r"\b(it|that|there|he|she)['’]s\b|\b(we|you|they)['’]re\b",
                         re.IGNORECASE)  # fmt: skip
_OTHER_NEGATION = re.compile(r"\b(?:no|nothing|never|nobody|none|neither|nor|only|without|"
                             r"hardly|barely|rarely|seldom|scarcely)\b", re.IGNORECASE)  # fmt: skip
# After the verb, a word that a "not" before it would misread: an adverb ("is not still"), a
# clause's subject ("is not you get to hear"), a "that" clause, a verb of saying.
_AFTER = re.compile(
    r"\s+(?:still|already|also|even|probably|definitely|certainly|surely|maybe|perhaps|very|"
    r"quite|pretty|fairly|totally|kind|sort|somehow|unfortunately|fortunately|basically|"
    r"essentially|obviously|clearly|generally|honestly|"
    r"i|you|we|they|he|she|that|say|think|argue|guess|imagine|suggest|like)\b",
    re.IGNORECASE,
)
# A contrast or concession: negating one half of it makes the whole read wrong.
_TWO_SIDED = re.compile(
    r",\s*(?:but|although|though|whereas|yet|while)\b|\b(?:instead|rather than|but still)\b|"
    r",\s*(?:and|so)\s+(?:i|we|you|they|he|she|it)\b",  # a second clause: "…, and I'd love …"
    re.IGNORECASE,
)
_ELIDED = re.compile(r"\.\.\.|…|\s(?:--|—|–)\s")
_HEDGE = re.compile(r"^(?:i (?:think|believe|guess|feel like)|i['’]m sure)(?: that)?\s+", re.I)
# Words a subject (a noun phrase) does not hold: a clause's opener or a verb of its own.
_NOT_SUBJECT = frozenset(
    "that which who whom whose where when if because what how whether why think believe say "
    "said know feel guess mean hope want see saw find found heard makes make get got go goes "
    "going i'm i’m".split()
)
_PRONOUNS = frozenset("you we they it he she".split())  # "There you can …": no subject
_SOME = re.compile(r"(?:\s+\w+)?\s+(?:some|somebody|someone|something|somewhere)\b", re.I)
_BE = frozenset("am is are was were".split())
# A short opener before the claim: "Unfortunately in Poland, we still don't have …"
_OPENER = re.compile(r"(?:(?:in|on|at|for|with|today|now|unfortunately|fortunately|sometimes|"
                     r"usually|often|generally|historically|basically|also|especially|unlike)\b[^,;:]{0,30}),\s+",
                     re.IGNORECASE)  # fmt: skip
_SUBJECT_WORDS = 5  # the longest subject before the verb: "The Bob streams is …"
_LONGEST = 32  # words: past this a one-word change hides in the sentence


def negate(text: str) -> str | None:
    """`text` with its main claim negated, or None when that cannot be done cleanly: a simple
    declarative sentence, one negation only, its verb right after a short subject."""
    if _OTHER_NEGATION.search(text) or len(re.findall(r"\bnot\b|n['’]t\b", text)) > 1:
        return None
    if _TWO_SIDED.search(text) or _ELIDED.search(text) or len(text.split()) > _LONGEST:
        return None
    hedge = _HEDGE.match(text)
    at = hedge.end() if hedge else 0
    head, found = _clause(text, at)
    if found is None:
        return None
    match, pattern = found
    start, end = match.span("verb") if pattern is _PRESENT else match.span()
    subject = re.findall(r"[\w'’]+", head[:start])
    if len(subject) > _SUBJECT_WORDS or any(w.lower() in _NOT_SUBJECT for w in subject):
        return None
    if any(w.lower() in _PRONOUNS for w in subject[1:]):
        return None
    if not subject and pattern is not _CONTRACTED:
        return None  # "Is it …" / "Can you …": a question or an order, not a claim
    verb = match.group().lower()
    personal = bool(subject and subject[-1].lower() in ("i", "we")) or verb.startswith("we")
    if personal and (pattern in (_CONTRACTED, _PERFECT, _POSSESSES) or verb in _BE):
        return None  # "we're looking forward to …", "I was twenty": the speakers, no idea
    if _AFTER.match(head, end) or (pattern is not _CANT and _SOME.match(head, end)):
        return None  # "is not still", "has not been some talk": "not" reads wrong there
    replacement = _replacement(pattern, match)
    if not replacement:
        return None
    a, b = at + start, at + end
    return text[:a] + replacement + text[b:]


def _clause(text: str, at: int) -> tuple[str, tuple[re.Match[str], re.Pattern[str]] | None]:
    """The first clause from `at` (past a short opener with no verb) and its main verb."""
    rest = text[at:]
    for _ in range(2):
        opener = _OPENER.match(rest, len(rest) - len(rest.lstrip()))
        if opener is None or _main_verb(opener.group()) is not None:
            break
        rest = " " * opener.end() + rest[opener.end() :]  # (keeps the offsets)
    head = re.split(r"[,;:—–]| - ", rest, maxsplit=1)[0]
    return head, _main_verb(head)


def _main_verb(head: str) -> tuple[re.Match[str], re.Pattern[str]] | None:
    """The first auxiliary or copula of the clause, and the pattern that found it."""
    best: tuple[re.Match[str], re.Pattern[str]] | None = None
    for pattern in (_CANT, _NT, _AUX_NOT, _CONTRACTED, _AUX, _PERFECT, _POSSESSES, _PRESENT):
        match = pattern.search(head)
        at = match.start("verb") if match is not None and pattern is _PRESENT else None
        if match is not None and (best is None or (at or match.start()) < best[0].start()):
            best = (match, pattern)
    return best


# "has improved" → "has not improved"; "has a number of issues" → "does not have …"
_PERFECT = re.compile(r"\b(has|have|had)\b(?=\s+(?:\w+ly\s+)?(?:been|done|gone|grown|seen|"
                      r"made|become|\w+ed)\b)", re.IGNORECASE)  # fmt: skip
_POSSESSES = re.compile(r"\b(has|have|had)\b(?=\s+(?:a|an|the|many|lots|two|three|several|"
                        r"more|much|its|their)\b)", re.IGNORECASE)  # fmt: skip
_DO_HAVE = {"has": "does not have", "have": "do not have", "had": "did not have"}
_CANT = re.compile(r"\b(?:can['’]t|cannot|won['’]t)\b", re.IGNORECASE)
# A present-tense verb after a short subject and before its object: "A strong colony needs
# about …" → "does not need", "The bees form a …" → "do not form".
_PRESENT = re.compile(
    r"^\s*(?:the|a|an|every|each|our|their|most|many)\s+(?:[a-z][\w-]*\s+){0,2}?"
    r"(?P<noun>[a-z][\w-]*)\s+(?P<verb>[a-z]{3,})\b(?=\s+(?:a|an|the|about|around|more|"
    r"their|its|them|it|to|in|on|at|from|with|into|every|each|all|most|many|one|two|three|four|"
    r"five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|hundreds?|thousands?|\d+)\b)",
    re.IGNORECASE,
)
_NOT_VERBS = frozenset(
    "is are was were has have had does do did can could will would should must may might also "
    "just only still always often never really then there here that this which who near like "
    "about over under after before behind around across through within without inside outside "
    "along above below between among against toward towards beyond off up down out per".split()
)


def _do_support(match: re.Match[str]) -> str:
    """ "needs" after a singular subject → "does not need", "form" after a plural one → "do not
    form"; "" when the verb or the subject's number is unclear."""
    noun, verb = match.group("noun").lower(), match.group("verb")
    low = verb.lower()
    if low in _NOT_VERBS or low.endswith(("ly", "ed", "ing", "ss", "'s", "’s")):
        return ""
    plural_noun = noun.endswith("s") and not noun.endswith(("ss", "us", "is"))
    if low.endswith("s") and not plural_noun:
        base = (
            low[:-3] + "y"
            if low.endswith("ies")
            else low[:-2]
            if low.endswith(("shes", "ches", "xes", "zes", "oes", "sses"))
            else low[:-1]
        )
        return f"does not {base}"
    if plural_noun and not low.endswith("s"):
        return f"do not {low}"
    return ""


_AUX_NOT = re.compile(r"\b(is|are|was|were|can|could|will|would|should|must) not\b", re.I)


def _replacement(pattern: re.Pattern[str], match: re.Match[str]) -> str:
    if pattern is _CANT:
        word = match.group()
        out = _NEGATED[word.lower()]
        return out.capitalize() if word[:1].isupper() else out
    if pattern in (_NT, _AUX_NOT):
        return match.group(1)
    if pattern is _POSSESSES:
        out = _DO_HAVE[match.group(1).lower()]
        return out.capitalize() if match.group()[:1].isupper() else out
    if pattern is _CONTRACTED:
        return f"{match.group()} not"
    if pattern is _PRESENT:
        return _do_support(match)
    # (an auxiliary, or "has" of a perfect tense)
    return "cannot" if match.group(1).lower() == "can" else f"{match.group(1)} not"


def true_false_item(passage: Passage, score: float) -> Candidate | None:
    """A statement decided by the evidence: true or false by a hash-like parity, so about half
    the items are true; a false one is the sentence with its claim negated. Only a sentence
    that can be negated cleanly is asked, either way."""
    shown, quote = passage.shown, passage.quote
    negated = negate(shown)
    if negated is None:
        return None
    statement_true = (passage.sentence + len(shown)) % 2 == 0
    statement = shown if statement_true else negated
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
