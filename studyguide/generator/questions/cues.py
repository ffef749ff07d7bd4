"""The talk's own cause, purpose, consequence, condition, contrast and problem cues.

"X, because Y", "the reason is Y", "X, which is why Y", "X so that Y", "X in order to Y",
"X, so Y", "if X, Y", "X, but Y", "the problem with X is Y": each found cue is one sentence's
`head` (what is explained, cleaned of disfluencies) and `tail` (the explaining clause, shown
as an option: "Because …", "So that …", "But …"). Items on them are in `reasons`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studyguide.generator.disfluency import clean_spoken
from studyguide.generator.quality import content_stems
from studyguide.generator.questions.context import QuizContext
from studyguide.generator.questions.standalone import is_trivia, reads_alone
from studyguide.generator.textutil import clean_spacing, is_question

_END = r"(?=\s*(?:[;:]|--|—|\.\.\.|[.!?]['’\"”)]*\s*$|$))"
_SUBJECT = (
    r"(?:we|you|they|it|i|i'm|i’m|people|the|there|this|these|he|she|everybody|everyone|"
    r"nobody|no one|a|an|our|your|their|my|its|it's|it’s|we're|we’re|you're|you’re|"
    r"they're|they’re|that's|there's|(?-i:[A-Z]\w+))\b"
)
_TAIL = r"(?P<tail>[^;:?]{12,}?)" + _END
_HEAD = r"^(?P<head>.{20,}?)"
_CUES = (
    ("reason", _HEAD + r",?\s+because\s+" + _TAIL),
    ("reason", _HEAD + r",?\s+since\s+(?=" + _SUBJECT + ")" + _TAIL),
    ("reason", _HEAD + r"\.?\s+(?:and )?the reason (?:for that |why )?is (?:that |because )?"
               + _TAIL),
    ("reason", r"^(?P<tail>.{20,}?),?\s+(?:which is|and that's|and that’s|that's|that’s) "
               r"(?:why|the reason)\s+(?P<head>[^;:?]{12,}?)" + _END),
    ("purpose", _HEAD + r",?\s+so that\s+(?=" + _SUBJECT + r")(?!that\b)" + _TAIL),
    ("purpose_to", _HEAD + r",?\s+in order to\s+" + _TAIL),
    ("consequence", _HEAD + r",\s+so\s+(?!that\b|on\b|far\b|much\b|many\b)(?=" + _SUBJECT + ")"
                    + _TAIL),
    ("consequence", _HEAD + r",?\s+(?:which|and that|that) means (?:that )?(?=" + _SUBJECT + ")"
                    + _TAIL),
    ("condition", r"^(?:(?:so|and|but|now)\s+)?if\s+(?P<head>[^,;:?]{10,90}),\s+(?:then\s+)?"
                  r"(?=" + _SUBJECT + ")" + _TAIL),
    ("contrast", _HEAD + r",\s+but\s+(?=" + _SUBJECT + ")" + _TAIL),
    ("problem", r"\bthe (?:(?:big|biggest|main|real|only) )?problem (?P<head>with "
                r"[^,;:?]{4,40}?) is (?:that )?" + _TAIL),
)  # fmt: skip
_OPENING_CUE = re.compile(
    r"^(?:and\s+)?(?P<cue>but|because|(?:that|this) means(?: that)?)\s+(?P<tail>(?="
    + _SUBJECT
    + r").{12,})",
    re.IGNORECASE,
)
_ENDS = re.compile(r"[.!]['’\"”)]*\s*$")
_PATTERNS = tuple((kind, re.compile(p, re.IGNORECASE)) for kind, p in _CUES)
SHOWN = {"reason": "Because {}", "purpose": "So that {}", "purpose_to": "In order to {}",
         "consequence": "So {}", "condition": "{}", "contrast": "But {}",
         "problem": "{}"}  # fmt: skip
AS_SAID = ("problem", "condition")  # kinds whose head is part of the question, not a quote
_TAIL_WORDS = (4, 24)
_DANGLING_END = re.compile(
    r"\b(?:it's|it’s|the|a|an|to|and|or|of|so|be|just|because|like)$",
    re.IGNORECASE,
)
_ELISION = re.compile(r"\.\.\.|…|--|—|\[")
_SUBORDINATE_START = re.compile(
    r"^(?:when|whenever|if|while|although|though|as|since|after|before|because|whether|where|"
    r"unless|until|once)\b",
    re.IGNORECASE,
)
# A tail opening "that …" or "this …" points back past the sentence; one opening "it's …" names
# the head's subject ("Deno can change overnight, because it's still experimental").
_POINTING = re.compile(r"^(?:that|this|so|which|why)\b|^it\b(?!['’]s\b)", re.IGNORECASE)
_NEXT_CLAUSE = re.compile(r",\s+(?:so|but|and|which|where|whereas|or|while)\s", re.IGNORECASE)


@dataclass(frozen=True)
class Cue:
    """One sentence's cue: what it explains (`head`) and the clause that explains it."""

    kind: str
    sentence: int  # the sentence with the cue word
    head: str  # cleaned of disfluencies
    tail: str  # cleaned, as an option shows it ("Because …")
    stems: frozenset[str]  # of the tail
    first: int = -1  # the sentence the head is, when it is the one before ("X. But Y.")
    clause: str = ""  # the tail without its cue word, as said ("the promise has nothing …")


def find_cues(ctx: QuizContext) -> list[Cue]:
    """Every cue of the transcript whose parts read cleanly (one per sentence)."""
    out = []
    for s in ctx.sentences:
        if is_question(s.text) or is_trivia(s.text):
            continue
        for kind, pattern in _PATTERNS:
            cue = _cue(kind, pattern.search(s.text), s.index)
            if cue is not None:
                out.append(cue)
                break
        else:
            cue = _across(ctx, s.index)
            if cue is not None:
                out.append(cue)
    return out


def _across(ctx: QuizContext, i: int) -> Cue | None:
    """ "X. But Y." / "X. Because Y." / "X. That means Y.": a cue whose head is the sentence
    before, said in the same turn and reading alone."""
    match = _OPENING_CUE.match(ctx.sentences[i].text)
    turn = ctx.analysis.turn_of.get(i)
    if match is None or turn is None or turn.first_sentence >= i:
        return None
    prev = ctx.sentences[i - 1].text
    if is_question(prev) or is_trivia(prev) or not _ENDS.search(prev):
        return None
    word = match.group("cue").lower()
    kind = {"but": "contrast", "because": "reason"}.get(word, "consequence")  # "That means …"
    head = clean_spoken(clean_spacing(prev)).rstrip(" .!")
    shown = clean_spoken(clean_spacing(prev))
    if not reads_alone(shown) or not reads_alone(head, whole=False) or len(head.split()) > 30:
        return None
    whole = re.match(r"(?P<head>)(?P<tail>.*?)" + _END, match.group("tail"))
    cue = _cue(kind, whole, i, head=head)
    return None if cue is None else Cue(cue.kind, i, head, cue.tail, cue.stems, i - 1, cue.clause)


def _cue(kind: str, match: re.Match[str] | None, sentence: int, *, head: str = "") -> Cue | None:
    if match is None:
        return None
    head = head or clean_spoken(clean_spacing(match.group("head"))).rstrip(" ,.;")
    tail = _first_clause(clean_spoken(clean_spacing(match.group("tail"))))
    if not _TAIL_WORDS[0] <= len(tail.split()) <= _TAIL_WORDS[1] or _POINTING.match(tail):
        return None
    if not (3 if kind in AS_SAID else 6) <= len(head.split()) <= 28:
        return None
    if len(content_stems(head)) < (2 if kind in AS_SAID else 4):  # "All these are cool"
        return None
    if _DANGLING_END.search(head) or _ELISION.search(head) or _ELISION.search(tail):
        return None
    if kind not in AS_SAID and _SUBORDINATE_START.match(head):
        return None  # "When I talk about the brain, and …": no main clause to ask about
    clause = tail if kind in AS_SAID else lower_first(tail)
    return Cue(kind, sentence, head, as_option(kind, clause), content_stems(tail), clause=clause)


def as_option(kind: str, clause: str) -> str:
    """A clause shown as an option of a `kind` item: "Because …", "But …"."""
    shown = SHOWN[kind].format(clause)
    return shown[:1].upper() + shown[1:]


def lower_first(text: str) -> str:
    """`text` with its first letter lower-cased, unless it starts a name or "I"."""
    first = text.split(" ", 1)[0]
    keep = first.isupper() or first[1:2].isupper() or re.match(r"I\b", first)
    return text if keep else text[:1].lower() + text[1:]


def _first_clause(tail: str) -> str:
    """The tail up to where a new clause begins (", so they …"), if it has four words."""
    for match in _NEXT_CLAUSE.finditer(tail):
        if len(tail[: match.start()].split()) >= 4:
            return tail[: match.start()]
    return tail.rstrip(" ,.;")
