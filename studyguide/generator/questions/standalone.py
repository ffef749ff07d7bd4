"""Which passages may become a question: ones that read alone and are about the talk's ideas.

A question shows one sentence out of its talk, so the sentence must carry its own context —
no "It has the lowest survival rate" (what has?), no "As I said", no half-sentence cut at a
caption line — and must not be trivia: the show's intro and outro, sponsor reads, who the
guest is and where they worked, the date. None rather than bad (issue 12).
"""

from __future__ import annotations

import re

from studyguide.generator.lexicon import TRIVIA
from studyguide.generator.quality import phrase_problem
from studyguide.generator.questions.distractors import numeric

# A first word that points back to something the sentence does not say.
_NEEDS_ANTECEDENT = re.compile(
    r"^[\"“'‘(]*(?:it|it's|it’s|its|this|that|that's|that’s|these|those|they|they're|they’re|"
    r"them|their|he|he's|he’s|she|she's|she’s|him|her|his|which|who|so|then|also|"
    r"again|both|such|same|because|and|or|but|plus|otherwise)\b",
    re.IGNORECASE,
)
# … or after a short opener: "At the same time, it allows …"
_POINTING_AFTER_OPENER = re.compile(
    r"^[^,;]{0,30},\s*(?:it|it's|it’s|this|that|that's|that’s|they|they're|they’re|these|those|"
    r"he|she)\b",
    re.IGNORECASE,
)
# A third person with no one named before it in the sentence: "she goes", "his point".
_PERSON = re.compile(r"\b(?:he|she|him|her|his|hers|he's|she's|he’s|she’s)\b", re.IGNORECASE)
_GROUP = re.compile(r"\b(?:they|them|their|theirs|they're|they’re)\b", re.IGNORECASE)
_NAMED = re.compile(r"(?<!^)(?<![.!?] )\b[A-Z][a-z]+\b")
# Pointers to talk the sentence leaves out: "as you said", "what Ruben was just saying".
_BACK_REFERENCE = re.compile(
    r"\b(?:as|like) (?:i|you|we|he|she|they|[A-Z]\w+) (?:said|say|mentioned|mention|noted)\b|"
    r"\b(?:was|were) just (?:saying|talking)\b|\byou (?:mentioned|said|brought up)\b|"
    r"\bwe (?:talked|spoke) about\b|\b(?:earlier|before that|last time|that one|the other one)\b|"
    r"\b(?:this|that) (?:one|thing|stuff|guy|point)\b|\bthe (?:former|latter)\b|"
    r"\b(?:all )?(?:these|those) (?:things|ones|guys|folks)\b|"
    r"\b(?:by|of|about|with|for|like|at|on|in|to|do|did|does|see|saw) (?:that|this)[.!?…]*$|"
    r"\b\w+ (?:that|this|those|these)(?: as well| too| either| anymore)?[.!?…]*$",
    re.IGNORECASE,
)
# Trivia beyond lexicon.TRIVIA: the show, the host's and guest's lives, pleasantries.
_SHOW_AND_BIO = re.compile(
    r"\b(?:podcast|episode|listeners?|co-?host|joined by|on the show|today we|today's|"
    r"twitter|slack|youtube|discord|github\.com|\.com|\.org|link|links|transcript|"
    r"great question|good question|that's great|that’s great|awesome|i'm here|i’m here|"
    r"thank|thanks|excited to|super-excited|traveling|travelling|vacation|weekend)\b|"
    r"\b(?:i|we) (?:used to work|worked|work|studied|grew up|went to|joined|got my|started my|"
    r"moved to|was born|graduated|did my)\b|\bmy (?:background|career|role|job|phd|degree|"
    r"name|wife|husband|kids?|daughter|son|mother|father|mom|dad)\b|"
    r"\bbefore (?:i|joining)\b|\byears ago\b|"
    r"\b(?:next|last) (?:week|time|session|lecture|class)\b|\b(?:homework|assignment|exam)\b|"
    # the panel's frame and courtesies: intros, outros, agreement, applause, moving on
    r"\b(?:do|doing|have|host|hosting) a panel\b|\bintroduce (?:yourselves|yourself|myself)\b|"
    r"\b(?:panelists|organizers|organisers)\b|\ba hand for\b|\bdon['’]t be shy\b|"
    r"\bmeet (?:everybody|everyone|lots of people)\b|"
    r"\blooking forward to\b|\b(?:move|moving|go|get) on to\b|\bwrap (?:it|this) up\b|"
    r"\bi (?:totally |completely |fully )?(?:agree|echo|second)\b|\bi['’]d (?:add|echo)\b|"
    r"\b(?:appreciate|grateful)\b|\bit['’]s (?:great|good|nice) to (?:be|have|see)\b|"
    # a speaker's job or role: "I am the chief architect of …", "I'm a data scientist at …"
    r"\bi(?:['’]m| am) (?:the|a|an) (?:[\w-]+ ){0,3}(?:of|at|for|on|with)\b|"
    r"\b(?:i|we) (?:lead|run|manage|maintain|founded|co-founded)\b|"
    r"\b(?:chief|senior|principal|staff|lead) (?:architect|engineer|scientist|developer)\b|"
    r"\bi['’]ve been (?:there|here|at|with|working)\b|\bfor (?:about |almost |over )?\w+ years\b",
    re.IGNORECASE,
)
# A speaker label the transcript's markup hid from the parser: "Mireille B. Reece, Psy.D: Yes."
_LABEL = re.compile(r"^(?:[A-Z][\w.'’-]*,?\s+){1,4}[\w.'’-]+:\s")
_ENDS_SENTENCE = re.compile(r"[.!?…]['’\"”)\]]*\s*$|\.\.\.$")
_STARTS_SENTENCE = re.compile(r"^[\"“'‘(]*[A-Z0-9]")


# A sentence with no main clause: "Having checks in place to …", "To make sure that …".
_NO_MAIN_CLAUSE = re.compile(
    r"^[\"“'‘(]*(?:having|being|to|making|using|reaching|getting|not only|not just)\b", re.I
)


def is_fragment(text: str) -> bool:
    """True if `text` opens as a phrase with no main clause of its own ("Having checks in
    place to make sure …"): it reads as a sentence only in the talk."""
    return bool(_NO_MAIN_CLAUSE.match(text))


def starts_sentence(text: str) -> bool:
    """True if `text` opens as a sentence does (not a caption line cut mid-sentence)."""
    return bool(_STARTS_SENTENCE.match(text))


def trivial_key(surface: str, kind: str) -> bool:
    """True for a key not worth asking: a year or date, a small count ("these two people")."""
    if kind == "year" or (kind == "number" and phrase_problem(surface) not in (None, "verb")):
        return True  # a date, or "two hundred": no key a reader would recall
    value = numeric(surface) if kind == "number" else None
    return value is not None and value < 10 and "%" not in surface


def is_trivia(text: str) -> bool:
    """True for the show's frame or a speaker's biography: not what the lesson teaches."""
    return bool(TRIVIA.search(text) or _SHOW_AND_BIO.search(text))


def context_problem(text: str, *, whole: bool = True) -> str | None:
    """Why `text` cannot stand alone as a question's sentence (or, not `whole`, as the first
    clause of one), or None."""
    if not _STARTS_SENTENCE.match(text) or (whole and not _ENDS_SENTENCE.search(text)):
        return "a fragment, not a sentence"
    if "\\" in text or "[" in text or "**" in text or _unbalanced(text) or _LABEL.match(text):
        # a transcriber's "\\[laughter\\]" or a speaker label's "**" left in, half a quote
        return "a fragment, not a sentence"
    if _NEEDS_ANTECEDENT.match(text) or _POINTING_AFTER_OPENER.match(text):
        return "opens with a word pointing back"
    person = _PERSON.search(text)
    if person and not _NAMED.search(text[: person.start()]):
        return "a person not named"
    group = _GROUP.search(text)
    if not whole and group and not _NAMED.search(text[: group.start()]):
        return "a group not named"
    if _BACK_REFERENCE.search(text):
        return "points to talk it leaves out"
    return None


def reads_alone(text: str, *, whole: bool = True) -> bool:
    """True if `text` is a whole sentence (or clause) that needs no context and is no trivia."""
    return context_problem(text, whole=whole) is None and not is_trivia(text)


def _unbalanced(text: str) -> bool:
    """True if a quotation opens or closes without its other half."""
    return text.count('"') % 2 == 1 or text.count("“") != text.count("”")
