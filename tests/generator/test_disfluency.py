"""clean_spoken on real sentences of the evaluation set (data/eval): fillers, hedges, false
starts and repeats go, grammar stays, and the result is the original with words left out."""

import re

import pytest

from studyguide.generator.disfluency import clean_spoken
from studyguide.generator.textutil import strip_fillers

CASES = [
    # (verbatim sentence from data/eval, cleaned)
    (
        "I mean, you don't think anything of the fact that actual punishments in prison are "
        "social isolation?",
        "You don't think anything of the fact that actual punishments in prison are social "
        "isolation?",
    ),
    (
        "I'm kind of jealous of their ability to just do things, because they don't have to "
        "worry about backwards compatibility or arguing a lot, because they're just two people.",
        "I'm jealous of their ability to just do things, because they don't have to worry about "
        "backwards compatibility or arguing a lot, because they're just two people.",
    ),
    ("WHATWG streams is kind of a higher-level API.", "WHATWG streams is a higher-level API."),
    (
        "But you know, the second answer to that question was that the native knowledge you "
        "need in order to write React Native is not really that scary.",
        "But the second answer to that question was that the native knowledge you need in order "
        "to write React Native is not really that scary.",
    ),
    (
        "Because -- I mean, can you imagine how traumatic it might be to be in utero for "
        "nine(ish) months or so, and then be separated.",
        "Can you imagine how traumatic it might be to be in utero for nine(ish) months or so, "
        "and then be separated.",
    ),
    (
        "So the power of government is you have the ability to go and collect data, and sort "
        "of mandate that the data that you're surveying is getting responded to.",
        "The power of government is you have the ability to go and collect data, and mandate "
        "that the data that you're surveying is getting responded to.",
    ),
    ("It sort of helps modulate it, you know what I mean?", "It helps modulate it."),
    # captions: no punctuation, noises and stutters
    (
        "where we need to defend um the the GPL you know",
        "Where we need to defend the GPL",
    ),
    (
        "and I'm using a GNU Linux operating system uh but it's not fully free",
        "I'm using a GNU Linux operating system but it's not fully free",
    ),
    (
        "So uh it's okay if he is a guy Uh but I I can make it",
        "It's okay if he is a guy but I can make it",
    ),
]

KEPT = [
    # grammatical uses that must survive
    "If you have some kind of counter on your page, you don't need to add it to your store.",
    "What kind of problems do you have with state management?",
    "Do you know how the project looks like and how you can start it?",
    "What it is is that I actually have a plan for the next release.",
    "I think that that bodes well for this sort of conversation, from my perspective.",
    "My spouse - I actually like them, and it feels like home.",
    "You know this is being published, right?",
]


@pytest.mark.parametrize(("spoken", "cleaned"), CASES)
def test_clean_spoken_removes_disfluencies(spoken, cleaned):
    assert clean_spoken(spoken) == cleaned


@pytest.mark.parametrize("sentence", KEPT)
def test_clean_spoken_keeps_grammatical_uses(sentence):
    assert clean_spoken(sentence) == sentence


def _words(text):
    return re.findall(r"[\w'’]+", text.lower())


def _in_order(small, big):
    it = iter(big)
    return all(word in it for word in small)


@pytest.mark.parametrize("spoken", [c[0] for c in CASES] + KEPT)
def test_clean_spoken_only_deletes_words(spoken):
    assert _in_order(_words(clean_spoken(spoken)), _words(spoken))


def test_old_filler_removal_broke_grammar_and_clean_spoken_does_not():
    spoken = "You also need to like it, because it is the kind of thing you use every day."
    assert "need to it" in strip_fillers(spoken)  # the bug issue 12 reports
    assert clean_spoken(spoken) == spoken
