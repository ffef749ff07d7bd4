"""Issue 12, questions worth asking: cleaned prompts against verbatim evidence, "why" items
from the talk's own cues, every speaker in "who said it", true/false by negation, and the
filters for trivia and for sentences that need context they do not carry."""

import re
from pathlib import Path

import pytest

from studyguide.generator import GenerateOptions, generate
from studyguide.generator.checks import failure
from studyguide.generator.questions.standalone import context_problem, is_trivia, trivial_key
from studyguide.generator.questions.truefalse import negate
from studyguide.questiontypes import question_type
from studyguide.questiontypes.spoken import words_in_order

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "data" / "eval" / "changelog-js-party-82.md"  # a dev-half transcript

# --- a cleaned prompt against its verbatim quote ------------------------------------------------

QUOTE = (
    "I'm kind of jealous of their ability to just do things, because they don't have to worry "
    "about backwards compatibility or arguing a lot, because they're just two people."
)


@pytest.mark.parametrize(
    ("prompt", "accepted"),
    [
        ("I'm jealous of their ability to just do things", True),  # "kind of" left out
        ("They don't have to worry about backwards compatibility", True),
        ("I'm jealous of their ability to do things", False),  # "just" is no filler
        ("I'm not jealous of their ability to just do things", False),  # a word added
        ("They don't have to worry about forwards compatibility", False),  # a word changed
        ("I'm jealous of their ability to just do things because", True),
        ("", False),
    ],
)
def test_words_in_order_accepts_only_disfluencies_left_out(prompt, accepted):
    assert words_in_order(prompt, QUOTE) is accepted


def test_words_in_order_reads_past_caption_timings_and_voice_tags():
    srt = "12\n00:01:02,000 --> 00:01:04,500\nwe need to um defend\n\n13\n00:01:04,500 --> 00:01:06,000\nthe the GPL"  # noqa: E501
    assert words_in_order("We need to defend the GPL", srt)
    assert not words_in_order("We need to attack the GPL", srt)
    vtt = "<v Jonas Weber>In Berlin I had to share\n\n00:00:18.000 --> 00:00:23.500\n<v Jonas Weber>the road"  # noqa: E501
    assert words_in_order("In Berlin I had to share the road", vtt)


def test_check_course_accepts_a_cleaned_cloze_and_refuses_a_changed_one():
    cloze = question_type("cloze")
    question = {
        "id": "q", "type": "cloze", "answer": "backwards compatibility", "choices": [],
        "accepted": [], "explanation": "x", "difficulty": "medium",
        "prompt": "I'm jealous of their ability to just do things, because they don't have to "
                  "worry about ____ or arguing a lot.",
        "evidence": {"quote": QUOTE, "start_char": 0, "end_char": len(QUOTE)},
    }  # fmt: skip
    assert cloze.package_problems(question) == []
    changed = dict(question, prompt=question["prompt"].replace("arguing", "fighting"))
    assert cloze.package_problems(changed)


# --- true/false: the false version negates the claim --------------------------------------------


@pytest.mark.parametrize(
    ("said", "negated"),
    [
        ("WHATWG streams is a higher-level API.", "WHATWG streams is not a higher-level API."),
        ("We can't break Node by accident.", "We can break Node by accident."),
        ("It's going to take a little while.", "It's not going to take a little while."),
        ("I think the data doesn't lie here.", "I think the data does lie here."),
        ("The promise has nothing to do with that.", None),  # "nothing": a second negation
        ("Callbacks are rarely seen these days.", None),
        ("Is it going to change?", None),  # a question, not a claim
        ("Deno changes things quickly.", None),  # no auxiliary to negate cleanly
        ("The state management game is still quite stable.", None),  # not "is not still"
    ],
)
def test_negate(said, negated):
    assert negate(said) == negated


# --- what may become a question -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "problem"),
    [
        ("It has the lowest survival rate of any form of cancer out there.", "opens with"),
        ("Later on she goes, no, I had no idea it was generated.", "person"),
        ("What Ruben was just saying is that Node.js has stability.", "leaves out"),
        ("left behind on rocky shores when the tide goes out.", "fragment"),
        ("AI and chips and the commoditization of different things coming out, and", "fragment"),
        ("In our ongoing theme of AI for good, I really am encouraged by that.", "leaves out"),
        ("None of the people \\[laughter\\] that are invested are here.", "fragment"),
        ("Mireille B. Reece, Psy.D:** I would say without them we struggle more.", "fragment"),
        (
            "Mireille B. Reece, Psy.D: Conditioning is really this notion of how we learn.",
            "fragment",
        ),
        ('It says "Hey, I totally understand that you are upset as a threenager.', "fragment"),
        ("At the same time, it allows the team to not get bogged down in minutiae.", "opens"),
        ("There might be a lag in how recent the data is, but there is plenty of it.", None),
        ("Streams are a fundamental basis of almost everything in Node.js.", None),
    ],
)
def test_context_problem(sentence, problem):
    found = context_problem(sentence)
    assert (found is None) if problem is None else (problem in (found or ""))


@pytest.mark.parametrize(
    ("sentence", "trivia"),
    [
        ("I'm here, joined by my co-host, Chris, and we bring you some news.", True),
        (
            "Before I worked at Arcadia, I used to work at the Energy Information Administration.",
            True,
        ),  # noqa: E501
        (
            "If you listen to podcasts, you can find us on whatever podcast application you want.",
            True,
        ),  # noqa: E501
        ("Next week we will measure a real river.", True),
        ("Callbacks are very rarely seen these days in Node core.", False),
    ],
)
def test_is_trivia(sentence, trivia):
    assert is_trivia(sentence) is trivia


def test_dates_and_small_counts_are_no_keys():
    assert trivial_key("2013", "year")
    assert trivial_key("two", "number") and trivial_key("two hundred", "number")
    assert not trivial_key("7%", "number") and not trivial_key("fifty", "number")


# --- a generated draft ----------------------------------------------------------------------------

PANEL = """\
Ann Lee: Welcome to the show. Today we talk about building a bakery in a small town.
Ann Lee: Why did you choose sourdough first?
Ben Ortiz: We chose sourdough first because the starter keeps for weeks without any cooling.
Ben Ortiz: The oven runs only in the morning, so that the shop stays cool for customers in the afternoon.
Cara Diaz: The landlord offered us a cheaper lease, but the building had no ventilation for a proper kitchen.
Ann Lee: And what about the flour?
Cara Diaz: We buy flour from the mill in the valley because the farmers there grow an old wheat variety.
Ben Ortiz: Rye loaves sell slowly in summer because people want lighter bread when the weather is hot.
Cara Diaz: The delivery van was expensive, but the cafes in the next town now order every single day.
Ann Lee: How do you train new bakers in the shop?
Ben Ortiz: New bakers shadow the night shift for a month because shaping dough takes a lot of practice.
Cara Diaz: Prices went up last year because the cost of butter doubled during the long drought.
Ben Ortiz: We tried a second shop in the city, but the rent there ate every bit of the profit.
"""  # noqa: E501


@pytest.fixture(scope="module")
def panel_draft():
    return generate(PANEL.encode(), options=GenerateOptions(filename="panel.txt"))


def _questions(draft):
    return [q for lesson in draft.lessons for q in lesson.questions]


def test_why_items_key_the_talks_own_reason_and_offer_its_other_reasons(panel_draft):
    why = [q for q in _questions(panel_draft) if panel_draft.note(q.id).reason.startswith("why")]
    assert why, [q.prompt for q in _questions(panel_draft)]
    # the options are clauses the talk gives for other things: reasons, or "but" clauses
    reasons = set(re.findall(r"(?:because|but) ([^.]+)\.", PANEL))
    for q in why:
        assert q.type == "multiple_choice" and 3 <= len(q.choices) <= 4
        kind = q.answer.split()[0]
        assert all(c.split()[0] == kind for c in q.choices)  # all "Because …" or all "But …"
        quote = q.evidence.quote
        assert PANEL[q.evidence.start_char : q.evidence.end_char] == quote
        assert words_in_order(q.answer.split(" ", 1)[1], quote)  # the key is what was said
        for wrong in (c for c in q.choices if c != q.answer):
            assert not words_in_order(wrong.split(" ", 1)[1], quote)  # said of something else
            assert wrong.split(" ", 1)[1] in reasons
        assert failure(q, PANEL, panel_draft.note(q.id).reason) is None


def test_who_said_offers_every_speaker(panel_draft):
    who = [q for q in _questions(panel_draft) if q.prompt.startswith("Who said this?")]
    assert who
    assert all(set(q.choices) == {"Ann Lee", "Ben Ortiz", "Cara Diaz"} for q in who)


def test_the_show_frame_is_never_asked(panel_draft):
    for q in _questions(panel_draft):
        assert "Welcome" not in q.prompt and "Today we talk" not in q.prompt


@pytest.fixture(scope="module")
def dev_draft():
    return generate(DEV.read_bytes(), options=GenerateOptions(filename=DEV.name))


def test_dev_prompts_are_cleaned_and_false_statements_negated(dev_draft):
    questions = _questions(dev_draft)
    assert questions
    for q in questions:
        reason = dev_draft.note(q.id).reason
        assert failure(q, dev_draft.text, reason) is None
        prompt = q.prompt.replace(q.evidence.quote, "")
        assert not re.search(r"\b(?:um|uh|you know,|I mean,|kind of|sort of)\b", prompt), prompt
        if q.type == "true_false" and q.answer is False:
            assert reason == "true/false: the sentence's claim negated"
            assert re.search(r"\bnot\b|n't\b|\bcannot\b", q.prompt + q.evidence.quote)
    assert any(dev_draft.note(q.id).reason.startswith("why") for q in questions)
