"""Word lists the stages share, and the kinds of word they tell apart.

No part-of-speech model is available offline, so small word lists stand in for a tagger: stop
words, number words, places, verbs that are (almost) never nouns, adverbs, determiners. Data
only, plus the inflections the verb lists expand to.
"""

from __future__ import annotations

import re

STOPWORDS = frozenset(
    """
a about above after again against all almost along already also although always am among an and
another any anybody anyone anything anyway anywhere are aren't around as at away back be became
because become becomes been before being below best better between beyond both but by can can't
cannot could couldn't did didn't do does doesn't doing don't done down during each either else
enough especially etc even ever every everybody everyone everything exactly far few first for
from further get gets getting give given gives go goes going gone good got gotten great had
hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself
his how how's however i i'd i'll i'm i've if in indeed instead into is isn't it it'd it'll it's
its itself just keep kind kinds last least less let let's like likely little lot lots made make
makes making many may maybe me mean means meant might mine more most mostly much must my myself
need needs neither never new next no nobody none nor not nothing now of off often oh ok okay on
once one ones only onto or other others otherwise ought our ours ourselves out over own part
perhaps pretty probably put quite rather re really right said same saw say saying says see seem
seemed seems seen several shall she she'd she'll she's should shouldn't since so some somebody
somehow someone something sometimes somewhat soon sort sorts still stuff such sure take taken
than thank thanks that that's the their theirs them themselves then there there's these they
they'd they'll they're they've thing things think thinking thought this those though through
thus to today together too took toward towards truly try trying two um uh under until up upon us
use used using usually various very via want wanted wants was wasn't way ways we we'd we'll we're
we've well went were weren't what what's whatever when where whether which while who whoever
whole whom whose why will with within without won't would wouldn't yeah yes yet you you'd
you'll you're you've your yours yourself yourselves actually basically essentially literally
definitely certainly totally simply generally obviously honestly gonna wanna kinda sorta hmm mm
huh ah er erm anyways bit able around came come comes coming
""".split()
)

NUMBER_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety hundred thousand million billion tens dozens hundreds thousands millions".split()
)
PLACES = frozenset(
    """
afghanistan albania algeria argentina armenia australia austria azerbaijan bangladesh belarus
belgium bolivia bosnia brazil bulgaria cambodia cameroon canada chile china colombia croatia
cuba cyprus czechia denmark ecuador egypt england estonia ethiopia finland france georgia
germany ghana greece hungary iceland india indonesia iran iraq ireland israel italy jamaica
japan jordan kazakhstan kenya korea latvia lebanon lithuania luxembourg malaysia mexico
moldova mongolia morocco nepal netherlands holland nigeria norway pakistan peru philippines
poland portugal qatar romania russia scotland serbia singapore slovakia slovenia spain sweden
switzerland taiwan thailand tunisia turkey ukraine uganda uruguay venezuela vietnam wales
america europe asia africa australia antarctica us usa uk u.s. u.s.a. britain california
texas massachusetts boston london paris berlin warsaw krakow cracow lausanne zurich geneva
munich vienna prague rome madrid amsterdam brussels copenhagen stockholm oslo helsinki dublin
edinburgh cambridge oxford new york san francisco seattle chicago silicon valley tokyo beijing
shanghai toronto montreal vancouver sydney melbourne moscow kyiv kiev budapest lisbon athens
""".split()
) | {
    "united states",
    "united kingdom",
    "new york",
    "san francisco",
    "silicon valley",
    "new zealand",
    "south africa",
    "hong kong",
    "los angeles",
    "the us",
    "the uk",
}


# Number words a phrase may end on ("my worry number one").
COMMON_NUMBER_WORDS = frozenset(
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
AMBIGUOUS_VERBS = frozenset(
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
ADVERBS = frozenset(
    """
later earlier sooner somewhere anywhere everywhere nowhere elsewhere anyway anyhow ago ahead
abroad afterwards again already also alone away back else even ever forward here instead
maybe meanwhile never now often once perhaps quite rather recently seldom sometimes soon still
then there though together today tomorrow tonight too yesterday yet overnight indeed se
inside outside around behind along across through towards toward upon within without per
unlike via despite except upstream downstream uphill downhill overseas indoors outdoors
""".split()
)
NOT_ADVERBS = frozenset("early family daily italy july holy only ugly supply apply reply ally "
                         "belly bully jelly rally assembly fly".split())  # fmt: skip
COMPARATIVES = frozenset(
    """
smaller bigger larger greater higher lower longer shorter easier harder better worse faster
slower cheaper older newer younger wider narrower deeper stronger weaker richer poorer closer
further farther fewer less more most least best worst biggest smallest largest highest lowest
""".split()
)
ORDINAL_LEAD = frozenset(
    """
first second third fourth fifth last next other same certain various own whole entire such
previous following particular specific general typical usual main major minor real true
different similar several many much few lot lots plenty bunch couple kind sort type part
piece half rest
""".split()
)
# After these a word is used as a verb ("to force", "we cut", "can walk").
VERB_CONTEXT = frozenset(
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
AMBIGUOUS_VERB_FORMS = frozenset(f for v in AMBIGUOUS_VERBS for f in _inflections(v))
ADJ_ED = frozenset(
    """
advanced applied limited skilled trained experienced detailed based balanced mixed talented
dedicated sophisticated complicated renewed united supervised unsupervised reinforced
distributed integrated interested organised organized qualified registered required sealed
glazed heated insulated protected licensed
""".split()
)
# Nouns ending in -ing that commonly head or modify a noun phrase.
ING_NOUNS = frozenset(
    """
learning training building heating cooling cooking baking funding marketing engineering
programming computing processing planning housing spending meeting feeling teaching reading
writing understanding opening finding findings thing nothing something anything everything
morning evening wedding clothing ceiling proofing setting settings offering earnings beginning
painting lighting shipping parking hearing listening testing modelling modeling pricing
accounting banking farming mining recycling hiking lending boarding nursing timing
""".split()
)

TIME_UNITS = frozenset("years months weeks days hours minutes decades centuries".split())
TIME_AFTER = frozenset("in ago later before earlier after back early late beforehand".split())
PLURAL_PEOPLE = frozenset("people children men women kids folks".split())
MODALS = frozenset(
    "will would can could should may might must shall don't didn't won't can't wouldn't "
    "couldn't shouldn't do did".split()
)
# Words that make a title a transcript slip rather than a topic: fillers, back-channels and
# the transcriber's tags ("[laughter]", "unintelligible").
TITLE_NOISE = re.compile(
    r"\b(?:um+|uh+|erm|hmm+|mm-?hmm|uh-huh|yeah|okay|ok|yup|blah|gonna|wanna|kinda|sorta|"
    r"laugh(?:s|ter|ing)?|crosstalk|unintelligible|inaudible|applause|music|"
    r"you know|i mean|kind of|sort of)\b|[\[\]\\]",
    re.IGNORECASE,
)
_MONTHS = "january february march april may june july august september october november december"
# Sentences a quiz should not ask about: show intros and outros, sponsor reads, a speaker
# introducing themselves, dates of the recording.
TRIVIA = re.compile(
    r"\bwelcome (?:back )?to\b|\bthanks?(?: you)?(?: so much)? for (?:having|joining|"
    r"listening|coming|tuning|watching|the invite)|\bmy name is\b|"
    r"(?-i:\b[Tt]his is [A-Z]\w+ [A-Z]\w+|"
    r"\bI(?:'m| am) [A-Z][a-z]+(?: [A-Z][a-z]+)?(?:,| and | from | here\b))|"
    r"\b(?:subscribe|sponsor(?:s|ed)?|brought to you by|patreon|newsletter|slack channel|"
    r"show notes|this episode|next episode|this week's episode|follow us)\b|"
    r"\bsee you (?:next|there|later|soon)\b|"
    rf"\b(?:{'|'.join(_MONTHS.split())}) \d{{1,2}}(?:st|nd|rd|th)?\b",
    re.IGNORECASE,
)
