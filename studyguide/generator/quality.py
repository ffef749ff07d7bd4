"""Is a phrase a meaningful answer? Are two answers too close? Lexical checks without a tagger.

No part-of-speech model is available offline, so these are small word lists and the words
around an occurrence: "to force people" is a verb phrase because a verb follows "to", "this
point later" ends with an adverb, "smaller pieces" starts with a comparative. Everything here
errs on the side of rejecting: a quiz needs no item rather than a bad one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from studyguide.generator.textutil import STOPWORDS, fold, stem

_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
    "hundred thousand million billion".split()
)
# Verbs that are (almost) never nouns: any form of them inside a phrase makes it a verb phrase.
_PURE_VERBS = """
accept achieve add admit agree allow announce appear apply argue arrive ask avoid become begin
communicate compete contribute involve deploy
believe belong borrow bring build buy carry catch chop choose claim come consider contact
continue convince create decide deliver describe deserve destroy develop die discover discuss
drive earn eat enjoy ensure enter explain fail feel fill find follow forget get give go grow
happen hate hear help hire hope ignore imagine improve include increase invent invite join keep
kill know learn leave lend let like live lose make manage mean meet mention miss move need
notice obtain offer open own pay pick prefer prepare pretend prevent produce promise prove
provide pursue put raise reach read realise realize receive recommend reduce refuse remain
remember remove replace require run say see seem sell send set shoot show sit solve speak spend
stand start stay stop succeed suggest suppose swap take teach tell tend think throw touch try
turn understand use wait want watch win wish wonder write
""".split()
# Words that are verbs or nouns: a verb only after "to", a modal or a subject pronoun.
_AMBIGUOUS_VERBS = frozenset(
    """
answer approach attempt balance ban break call care change charge check control cost cover cut
deal doubt drop email end face fear fight fit fix focus force guess guide head heat hold hurt
interest judge lack lead limit list look love mark matter measure mind need offer order pass
place plan play point power press price process pump push question rate reason record rest
return review risk rule search share shift sign sort sound spend step stress study supply
support switch talk test trade trap form beat train travel trust value visit walk waste work worry
""".split()
)
_IRREGULAR = """
began begun bought brought built caught chose chosen came did done drew drawn drove driven ate
eaten fell fallen felt fought found flew flown forgot forgotten got gotten gave given went gone
grew grown had heard held hid hidden hit kept knew known laid led left lent lost made meant met
paid put quit ran rang read rode said saw seen sent set shot shown shut sang sat slept sold
spent spoke spoken stood stole struck swam took taken taught told thought threw thrown
understood woke wore worn won wrote written broke broken
""".split()
_ADVERBS = frozenset(
    """
later earlier sooner somewhere anywhere everywhere nowhere elsewhere anyway anyhow ago ahead
abroad afterwards again already also alone away back else even ever forward here instead
maybe meanwhile never now often once perhaps quite rather recently seldom sometimes soon still
then there though together today tomorrow tonight too yesterday yet overnight indeed se
inside outside around behind along across through towards toward upon within without per
unlike via despite except upstream downstream uphill downhill overseas indoors outdoors
""".split()
)
_NOT_ADVERBS = frozenset("early family daily italy july holy only ugly supply apply reply ally "
                         "belly bully jelly rally assembly fly".split())  # fmt: skip
_COMPARATIVES = frozenset(
    """
smaller bigger larger greater higher lower longer shorter easier harder better worse faster
slower cheaper older newer younger wider narrower deeper stronger weaker richer poorer closer
further farther fewer less more most least best worst biggest smallest largest highest lowest
""".split()
)
_ORDINAL_LEAD = frozenset(
    """
first second third fourth fifth last next other same certain various own whole entire such
previous following particular specific general typical usual main major minor real true
different similar several many much few lot lots plenty bunch couple kind sort type part
piece half rest
""".split()
)
# After these a word is used as a verb ("to force", "we cut", "can walk").
_VERB_CONTEXT = frozenset(
    """
to i you we they he she it who can could will would shall should may might must don't didn't
doesn't won't wouldn't can't couldn't shouldn't not never always also just i'll we'll you'll
they'll i'd we'd you'd they'd let's please
""".split()
)
# Before these a word is a noun ("a walk", "the point", "my work").
DETERMINERS = frozenset(
    """
a an the this that these those my your his her its our their some any no every each another
one two three of in on at for about with by from into our whose which what only main own
""".split()
)


def _inflections(base: str) -> set[str]:
    forms = {base, base + "s", base + "es", base + "ed", base + "d", base + "ing"}
    if base.endswith("e"):
        forms |= {base[:-1] + "ing", base + "d"}
    if base.endswith("y") and len(base) > 3 and base[-2] not in "aeiou":
        forms |= {base[:-1] + "ies", base[:-1] + "ied"}
    if len(base) <= 4 and re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", base):
        forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    return forms


PURE_VERB_FORMS = frozenset(
    {f for v in _PURE_VERBS for f in _inflections(v) if f not in ("lives", "uses", "needs")}
    | set(_IRREGULAR)
) - frozenset("building learning training meeting feeling teaching reading writing "
              "understanding funding opening findings spending".split())  # fmt: skip
AMBIGUOUS_VERB_FORMS = frozenset(f for v in _AMBIGUOUS_VERBS for f in _inflections(v))
_ADJ_ED = frozenset(
    """
advanced applied limited skilled trained experienced detailed based balanced mixed talented
dedicated sophisticated complicated renewed united supervised unsupervised reinforced
distributed integrated interested organised organized qualified registered required sealed
glazed heated insulated protected licensed
""".split()
)
# Nouns ending in -ing that commonly head or modify a noun phrase.
_ING_NOUNS = frozenset(
    """
learning training building heating cooling cooking baking funding marketing engineering
programming computing processing planning housing spending meeting feeling teaching reading
writing understanding opening finding findings thing nothing something anything everything
morning evening wedding clothing ceiling proofing setting settings offering earnings beginning
painting lighting shipping parking hearing listening testing modelling modeling pricing
accounting banking farming mining recycling hiking lending boarding nursing timing
""".split()
)


def is_adverb(word: str) -> bool:
    w = fold(word)
    if w in _ADVERBS:
        return True
    return w.endswith("ly") and len(w) > 4 and w not in _NOT_ADVERBS


_TIME_UNITS = frozenset("years months weeks days hours minutes decades centuries".split())
_TIME_AFTER = frozenset("in ago later before earlier after back early late beforehand".split())
_PLURAL_PEOPLE = frozenset("people children men women kids folks".split())
_MODALS = frozenset(
    "will would can could should may might must shall don't didn't won't can't wouldn't "
    "couldn't shouldn't do did".split()
)


def _plural(word: str) -> bool:
    """A bare plural noun ("houses", "people"), roughly: not "-ss", "-us", "-is" or a verb."""
    if word in _PLURAL_PEOPLE:
        return True
    return (
        len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is", "'s", "’s"))
        and word not in PURE_VERB_FORMS
    )


def _verb_like(word: str) -> bool:
    return (
        word in _MODALS
        or word in PURE_VERB_FORMS
        or (word in AMBIGUOUS_VERB_FORMS and not word.endswith("s"))
    )


@lru_cache(maxsize=1 << 15)
def context_problem(phrase: str, before: str = "", after: str = "") -> str | None:
    """Why `phrase` is a fragment cut out of its sentence (by the words `before` and `after`
    around it), or None. The phrase itself may look like a noun phrase:

    - "my worry number one": a phrase followed by a number word ("worry number");
    - "the houses people will live in": a plural, then a bare plural subject of the verb
      that follows ("houses people");
    - "the ban years in advance": a time span after a noun ("ban years");
    - "common mistake adult learners make": a singular noun before the plural noun it
      modifies, so the noun phrase goes on ("common mistake adult").
    """
    tokens = [fold(w) for w in phrase.split()]
    if not tokens:
        return None
    before, after = fold(before), fold(after)
    if after in _NUMBER_WORDS and not all(w in _NUMBER_WORDS for w in tokens):
        return "followed by a number"
    if len(tokens) >= 2 and _plural(tokens[-2]) and tokens[-1] in _PLURAL_PEOPLE:
        return "two subjects"  # "houses people", whatever follows
    if len(tokens) >= 2 and _plural(tokens[-2]) and _plural(tokens[-1]) and _verb_like(after):
        return "two subjects"  # "the rooms guests use"
    if (
        len(tokens) >= 2
        and _plural(tokens[-1])
        and (after in _MODALS or after in PURE_VERB_FORMS)
        and before
        and before not in STOPWORDS | DETERMINERS | _VERB_CONTEXT | _NUMBER_WORDS
        and not _verb_like(before)
        and not is_adverb(before)
        and not before.endswith("ed")
    ):
        return "relative clause"  # "the most common mistake adult learners make"
    if len(tokens) >= 2 and tokens[-1] in _TIME_UNITS and after in _TIME_AFTER:
        return "time span"
    if (
        len(tokens) >= 2
        and not tokens[-1].endswith("s")
        and _plural(after)
        and after not in AMBIGUOUS_VERB_FORMS
        and after not in STOPWORDS
        and not is_adverb(after)
    ):
        return "noun phrase goes on"
    return None


@lru_cache(maxsize=1 << 14)
def phrase_problem(
    phrase: str, before: str = "", after: str = "", *, strict: bool = False
) -> str | None:
    """Why `phrase` (as it occurs between the words `before` and `after`) is not a meaningful
    noun phrase, name or number to quiz on, or None if it is one."""
    tokens = [fold(w) for w in phrase.split()]
    if not tokens:
        return "empty"
    before, after = fold(before), fold(after)
    first, last = tokens[0], tokens[-1]
    if phrase[:1].isupper() and all(w[:1].isupper() or w in ("of", "and") for w in phrase.split()):
        return None  # a name: "Microsoft Research", "Warm Homes Weekly"
    if any(w in STOPWORDS and w not in ("of", "vs", "versus") for w in tokens):
        return "stop word inside"
    numeric = [w in _NUMBER_WORDS or w.isdigit() or w == "and" for w in tokens]
    if all(numeric):
        return None  # "thirty thousand"
    if len(tokens) > 1 and any(numeric):
        return "number inside"  # "uses three scripts": numbers are quizzed on their own
    if before or after:
        cut = context_problem(phrase, before, after)
        if cut:
            return cut
    if strict and len(tokens) > 1 and first in _AMBIGUOUS_VERBS:
        return "maybe a verb"  # without context, "answer issues" may be an instruction
    if is_adverb(last) or (len(tokens) > 1 and is_adverb(first)):
        return "adverb"
    if first in _COMPARATIVES or first in _ORDINAL_LEAD:
        return "comparative or quantifier"
    if any(w in PURE_VERB_FORMS for w in tokens):
        return "verb"
    if first in _ADVERBS:
        return "preposition"
    if (
        len(tokens) > 1
        and last.endswith("s")
        and last in AMBIGUOUS_VERB_FORMS
        and (after in DETERMINERS or is_adverb(after) or after in _VERB_CONTEXT)
    ):
        return "verb"  # "the efficiency drops towards two", "floorboards costs a few …"
    if len(tokens) > 1 and tokens[-2].endswith("s") and last in AMBIGUOUS_VERB_FORMS:
        if after in DETERMINERS or (strict and last in _AMBIGUOUS_VERBS):
            return "verb"  # "daily sessions beat one long session", "maintainers talk"
    if any(is_adverb(w) for w in tokens[1:-1]):
        return "adverb"  # "dams upstream trap"
    if len(tokens) > 2 and tokens[1] in AMBIGUOUS_VERB_FORMS and first.endswith("s"):
        return "verb"  # "bikes visit local"
    if len(tokens) > 1 and first.endswith("s") and first in AMBIGUOUS_VERB_FORMS:
        if before in _VERB_CONTEXT or before in ("and", "which", "that", "who"):
            return "verb"  # "… and forms narrow valleys"
    if len(tokens) == 2 and last.endswith("s") and last in AMBIGUOUS_VERB_FORMS:
        if first.endswith("s") or phrase.split()[0][:1].isupper():
            return "verb"  # "Scotland costs", "floorboards costs"
    if first in AMBIGUOUS_VERB_FORMS and before in _VERB_CONTEXT:
        return "verb"
    if len(tokens) == 1 and first in AMBIGUOUS_VERB_FORMS and before not in DETERMINERS:
        if not (first.endswith("s") and before == ""):
            return "verb"
    for k, w in enumerate(tokens):
        if w.endswith("ing") and w not in _ING_NOUNS and len(w) > 5:
            if k == 0 and len(tokens) > 1:
                return "gerund with object"
            if k == len(tokens) - 1 and after in DETERMINERS | _VERB_CONTEXT | {"it", "them"}:
                return "gerund with object"
        if 0 < k < len(tokens) - 1 and w.endswith(("ed", "ing")) and len(w) > 4:
            if w not in _ING_NOUNS and w not in _ADJ_ED:
                return "verb"
    if len(tokens) > 1 and first.endswith("ed") and len(first) > 4 and first not in _ADJ_ED:
        return "verb"
    if len(tokens) == 1 and first.endswith("ed") and len(first) > 4:
        return "verb"
    return None


_WORDS = re.compile(r"[^\W_][\w'’-]*")


@lru_cache(maxsize=1 << 16)
def content_stems(text: str) -> frozenset[str]:
    """Stems of the content words of `text` (no stop words, no one-letter words)."""
    out = set()
    for w in _WORDS.findall(text):
        f = fold(w)
        if f in STOPWORDS or len(f) < 2:
            continue
        out.add(_lemma(f))
    return frozenset(out)


@lru_cache(maxsize=1 << 14)
def _lemma(word: str) -> str:
    """A rough lemma so "academic" and "academia", "science" and "scientific" do not meet."""
    s = stem(word)
    for suffix in ("ically", "ical", "ic", "ia", "ies", "y", "ists", "ist", "ism", "ence",
                   "ance", "ent", "ant", "ist", "al", "e"):  # fmt: skip
        if s.endswith(suffix) and len(s) - len(suffix) >= 4:
            return s[: -len(suffix)]
    return s


@lru_cache(maxsize=1 << 16)
def overlaps(a: str, b: str) -> bool:
    """True if the two answers share a content word (or its rough lemma), or one contains the
    other: such a distractor is a second defensible answer or a give-away."""
    fa, fb = " ".join(fold(a).split()), " ".join(fold(b).split())
    if fa in fb or fb in fa:
        return True
    sa, sb = content_stems(a), content_stems(b)
    if sa & sb:
        return True
    prefixes = {w[:5] for w in sa if len(w) >= 5}
    return any(w[:5] in prefixes for w in sb if len(w) >= 5)


def shared_context(a: Iterable[str], b: Iterable[str]) -> bool:
    return bool(set(a) & set(b))
