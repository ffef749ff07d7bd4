"""Issue 12, items that read and fit: a true/false statement only on a simple declarative
sentence (its false version negates the main clause's verb and reads as English), fill-the-blank
choices of the key's kind and grammar, no item on the show's frame or a speaker's agreement,
job or thanks. The sentences are real ones from the dev half (data/eval/changelog-js-party-82.md,
changelog-practical-ai-116.md, changelog-practical-ai-12.md)."""

from pathlib import Path

import pytest

from studyguide.generator import GenerateOptions, generate
from studyguide.generator.checks import failure
from studyguide.generator.questions.builder import fits_article
from studyguide.generator.questions.distractors import fits_like, noun_phrase
from studyguide.generator.questions.standalone import context_problem, is_fragment, is_trivia
from studyguide.generator.questions.terms import Term
from studyguide.generator.questions.truefalse import negate
from studyguide.generator.textutil import BLANK

JS_PARTY = Path(__file__).resolve().parents[2] / "data" / "eval" / "changelog-js-party-82.md"


@pytest.mark.parametrize(
    ("said", "negated"),
    [
        (
            "The collaboration has improved significantly over the past couple of years.",
            "The collaboration has not improved significantly over the past couple of years.",
        ),
        (
            "A lot of programs are developed to help those particular communities.",
            "A lot of programs are not developed to help those particular communities.",
        ),
        (
            "There's a new EventEmitter on that returns a promise that will resolve when an "
            "event emits.",
            "There's not a new EventEmitter on that returns a promise that will resolve when an "
            "event emits.",
        ),
        # the verb lies after a long subject, before a clause ("is not you get to hear …")
        (
            "One of the most amazing things about going to conferences is you get to hear "
            "amazing, brilliant people like this, but you can't always go to a conference.",
            None,
        ),
        # a contrast: "the data is not, but …"
        (
            "There might be a lag in how recent the data is, but there's actually quite a bit "
            "variety of data that can be used by anyone.",
            None,
        ),
        ("I think it's on a path of improvement, but still in a place where we should be.", None),
        # a verb of saying is the main verb: "I would not say that …" negates nothing asked
        ("I would say that there are members of the V8 team that are in the Node projects.", None),
        # no subject before the verb ("There you can …"), a "that" clause in the subject
        ("There you can choose between a specific mode what would happen.", None),
        ("One thing that I strongly advocate for is to be doing race-conscious analysis.", None),
        # "has not been some talk": the polarity word reads wrong after "not"
        ("There's been some talk about it, and I'd love to do some experimentation.", None),
        # the speakers themselves, not an idea
        ("We're looking forward to meeting lots of people in San Francisco.", None),
        ("I am going to turn briefly toward the medical world, where it intersects with AI.", None),
        # a fragment: no finite verb
        ("Having checks in place to make sure that we are looking at diversity data.", None),
        ("Using things like ZIP codes can very easily be a proxy to race...", None),
        # a present-tense verb after a short subject takes "does not" / "do not" (the fixtures'
        # tests/generator/data/formats/qa-dots.txt; a preposition is no verb)
        (
            "A strong colony needs about twenty kilograms of honey stored by autumn.",
            "A strong colony does not need about twenty kilograms of honey stored by autumn.",
        ),
        ("The hives near the lime trees give a pale, minty honey in July.", None),
        # past a short opener with no verb of its own (the interview)
        (
            "In the US, unlike Poland, this difference is much more a spectrum.",
            "In the US, unlike Poland, this difference is not much more a spectrum.",
        ),
    ],
)
def test_negate_only_a_simple_declarative(said, negated):
    assert negate(said) == negated


# --- fill-the-blank choices of the key's kind and grammar -----------------------------------------


def _term(surface, sentence):
    start = sentence.index(surface)
    return Term(surface, "concept", 0, start, start + len(surface), "")


@pytest.mark.parametrize(
    ("surface", "sentence", "whole"),
    [
        ("backwards compatibility", "They don't have to worry about backwards compatibility or "
         "arguing a lot.", True),
        # cut out of "proper operating system sandboxing", a quantity, an adjective before "than"
        ("proper operating", "Some proper operating system sandboxing of Node.", False),
        ("past couple", "The collaboration has improved over the past couple of years.", False),
        ("tremendous amount", "Ruben has done a tremendous amount of work on the promises.", False),
        ("inputs stricter", "We validate more and more inputs stricter than we used to do.", False),
    ],
)  # fmt: skip
def test_a_concept_is_offered_only_as_a_whole_noun_phrase(surface, sentence, whole):
    assert noun_phrase(_term(surface, sentence), sentence) is whole


@pytest.mark.parametrize(
    ("key", "other", "fits"),
    [
        ("chief architect", "error handling", False),  # a person's role among things
        ("local government", "private companies", False),  # an organisation; one, not many
        ("local government", "health department", True),
        ("worker threads", "async iterators", True),
        ("worker threads", "file system", False),  # a plural among singulars
        ("WHATWG", "APIs", False),
        ("WHATWG", "POSIX", True),
        ("backwards compatibility", "Node", False),  # capitalisation
        ("critical mass", "learning", False),  # a phrase among single words
    ],
)
def test_distractors_fit_like_the_key(key, other, fits):
    assert fits_like(key, other) is fits


@pytest.mark.parametrize(
    ("prompt", "option", "fits"),
    [
        ("The Bob streams is actually just an ____.", "API", True),
        ("The Bob streams is actually just an ____.", "QUIC", False),
        ("The Bob streams is actually just an ____.", "HP3", True),
        ("Node is a ____ for servers.", "runtime", True),
        ("Node is a ____ for servers.", "engine", False),
        ("We build the ____ stream implementation.", "WHATWG", True),
    ],
)
def test_an_option_fits_the_article_before_the_blank(prompt, option, fits):
    assert fits_article(prompt.replace("____", BLANK), option) is fits


@pytest.fixture(scope="module")
def js_party_draft():
    return generate(JS_PARTY.read_bytes(), options=GenerateOptions(filename=JS_PARTY.name))


def _items(draft, opening):
    return [q for lesson in draft.lessons for q in lesson.questions if q.prompt.startswith(opening)]


def test_dev_fill_the_blank_items_offer_three_fitting_choices(js_party_draft):
    items = _items(js_party_draft, "Choose the words")
    assert items
    text = js_party_draft.text
    for q in items:
        assert len(q.choices) == 4
        assert all(fits_like(q.answer, c) for c in q.choices if c != q.answer)
        assert "JS Party" not in q.choices  # the show's name, said in its intro
        assert "node" not in q.answer.lower()  # what the talk is about ("Node.js" too)
        assert len(q.prompt.split()) <= 7 + 32  # the stem, past its "Choose the words …"
        assert failure(q, text, js_party_draft.note(q.id).reason) is None


# --- trivia and sentences needing context ---------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "I am the chief architect of the npm CLI.",
        "I agree and I echo everything that Danya said.",
        "How about a hand for the organizers, who have done such an amazing job?!",
        "We're going to do a panel today about the future of Node.js.",
        "Let us actually just go down and have each of you introduce yourselves very quickly.",
        "Let's go ahead and move on to some learning resources.",
        "We're looking forward to meeting lots of people in San Francisco.",
        "I've been there for about four years, so I've been doing a lot of it.",
    ],
)
def test_the_frame_agreement_and_bios_are_trivia(sentence):
    assert is_trivia(sentence)


def test_ideas_are_no_trivia():
    assert not is_trivia("Fetch has a number of issues that make it difficult to implement.")
    assert not is_trivia("The basic trust model for Node is if code is running on Node, it's ok.")


@pytest.mark.parametrize(
    ("sentence", "problem"),
    [
        ("There's a very direct relationship between government data and our data to achieve "
         "that.", "leaves out"),
        ("But node theoretically can do that as well.", "opens"),
        ("There's a new EventEmitter on that returns a promise.", None),
    ],
)  # fmt: skip
def test_a_sentence_ending_on_a_pointer_needs_context(sentence, problem):
    found = context_problem(sentence)
    assert (found is None) if problem is None else (problem in (found or ""))


def test_fragments_get_no_item():
    assert is_fragment("Having checks in place to make sure that we are looking at diversity data.")
    assert is_fragment("To make sure that you are being equitable.")
    assert not is_fragment("Checks in place make sure that we look at diversity data.")


def test_who_said_asks_whose_view_it_is_never_the_hosts_framing(js_party_draft):
    who = _items(js_party_draft, "Who said this?")
    assert who
    for q in who:
        assert q.answer != "Kevin Ball"  # the host: "How about a hand for the organizers …"
        assert not q.prompt.startswith("Who said this? “I've been")  # a speaker's own story
        assert "..." not in q.prompt and len(q.prompt.split()) <= 3 + 32  # cut short, or long


def test_no_item_on_a_sentence_pointing_back_with_those():
    ai_116 = JS_PARTY.parent / "changelog-practical-ai-116.md"
    draft = generate(ai_116.read_bytes(), options=GenerateOptions(filename=ai_116.name))
    prompts = [q.prompt for lesson in draft.lessons for q in lesson.questions]
    assert prompts
    assert not any("those particular communities" in p for p in prompts)
    assert not any("All of those power plants" in p for p in prompts)
