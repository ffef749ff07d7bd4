"""Structure on talks the generator was not tuned on (issue 12): segments follow the talk, no
segment swallows it, summaries read as cleaned paragraphs, titles carry no noise, and the
segmentation's cost grows linearly with the talk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from studyguide.generator import generate
from studyguide.generator import grouping as grouping_module
from studyguide.generator import vectors as vectors_module
from studyguide.generator.boundaries import choose, gap_depths
from studyguide.generator.evaluate import title_is_noisy
from studyguide.generator.ingest import ingest
from studyguide.generator.questions import terms as terms_module
from studyguide.generator.segment import _is_reaction, boundary_scores, segment
from studyguide.generator.sentences import split_sentences
from studyguide.generator.summaries import readable
from studyguide.generator.tuning import TUNING
from studyguide.generator.turns import find_turns
from studyguide.generator.types import GenerateOptions, Segment
from studyguide.generator.vectors import cohesion

_TOPICS = {
    "bees": "Honey bees pollinate orchards and store nectar as honey in wax combs of the hive.",
    "rails": "Railway signals keep trains apart on the line with block sections and interlocking.",
    "bread": "Sourdough bread rises because wild yeast and lactic bacteria ferment the dough.",
    "tides": "Ocean tides follow the moon, whose gravity pulls the sea into two tidal bulges.",
}
_FILLERS = "Um, you know, I mean, like, uh,"


def _analysed(text: str):
    transcript = ingest(text)
    sentences, turns = find_turns(transcript, split_sentences(transcript))
    return transcript, sentences, turns, cohesion(sentences)


def _podcast(rounds: int, noisy: bool = False) -> str:
    """A host asks about each topic in turn; the guest answers at length."""
    lines = []
    for k, (name, fact) in enumerate(list(_TOPICS.items()) * rounds):
        lines.append(f"Host: Great, thanks. Now for {name}. Tell me, what should a listener know?")
        noise = f" Mm-hmm. [laughter] {_FILLERS} " if noisy else " "
        said = fact.replace(" and ", ", um, and, you know, the the ", 1) if noisy else fact
        lines.append(f"Guest:{noise}" + " ".join([said] * 6) + f" That is point {k}.")
    return "\n\n".join(lines)


def test_host_questions_open_the_topics_of_a_podcast():
    draft = generate(_podcast(1))
    assert len(draft.segments) == 4
    for seg in draft.segments[1:]:
        assert draft.text[seg.start_char :].startswith("Host:") or (
            draft.text[: seg.start_char].rstrip().endswith("Host:")
        )


@pytest.mark.parametrize(
    "follow_up",
    [
        "I wanna pose the same question to Cara, to see your perspective?",  # a panel (dev set)
        "So when is the time to do that?",
        "What about you, Cara?",
        "Oh, really...?",  # a reaction (brain-science-2, test set): no new topic
        "How so?",
    ],
)
def test_a_follow_up_or_a_reaction_opens_no_topic(follow_up):
    fact = _TOPICS["bees"]
    lines = [
        "Host: Now for bees. Tell me, what should a listener know?",
        "Guest: " + " ".join([fact] * 4),
        f"Host: {follow_up}",
        "Cara: " + " ".join([fact.replace("Honey bees", "Wild bees")] * 4),
    ]
    for name in ("rails", "bread", "tides"):  # so that no segment holds 40 % of the talk
        lines.append(f"Host: Now for {name}. Tell me, what should a listener know?")
        lines.append("Guest: " + " ".join([_TOPICS[name]] * 6))
    draft = generate("\n\n".join(lines))
    starts = [draft.text[s.start_char :][:12] for s in draft.segments]
    assert starts == ["Now for bees", "Now for rail", "Now for brea", "Now for tide"]


@pytest.mark.parametrize(
    ("asked", "reaction"),
    [
        ("Oh, really...?", True),  # brain-science-2 (test set)
        ("What do you mean?", True),
        ("What about endgames?", False),  # the chess lesson (golden): names the next topic
        ("Do you ever go back?", False),  # the lighthouse captions (golden): a new story
    ],
)
def test_a_short_question_without_content_words_is_a_reaction(asked, reaction):
    assert _is_reaction(asked) is reaction


def test_a_caption_lecture_with_shallow_valleys_gets_a_segment_per_sparsest_length():
    """The FSF talk (dev set, SRT without punctuation): its cohesion valleys are shallow, and
    the cut-off alone found 10 segments of 14 in 8,400 words."""
    path = Path(__file__).resolve().parents[2] / "data" / "eval" / "libreplanet-fsf-history.srt"
    transcript = ingest(path.read_bytes(), options=GenerateOptions(filename=path.name))
    sentences, turns = find_turns(transcript, split_sentences(transcript))
    coh = cohesion(sentences)
    segments = segment(transcript, sentences, turns, coh)
    fewest = round(sum(coh.word_counts) / TUNING.sparsest_topic_words)
    assert fewest >= 11 and len(segments) >= fewest


@pytest.mark.parametrize(
    "cue",
    ["Next up on the agenda is the railway.", "The next item is the railway.",
     "Let me move to the railway."],
)  # fmt: skip
def test_a_meeting_chair_naming_the_next_agenda_item_is_a_stronger_candidate(cue):
    """A call with no interviewer: the chair's agenda cue counts, as "moving on" does."""

    def scores(opening: str) -> dict[int, float]:
        lines = [
            "Ana: " + " ".join([_TOPICS["bees"]] * 4),
            "Ben: " + " ".join([_TOPICS["bees"].replace("Honey", "Wild")] * 3),
            f"Ana: {opening} " + " ".join([_TOPICS["rails"]] * 4),
            "Cara: " + " ".join([_TOPICS["rails"]] * 3),
        ]
        return boundary_scores(*_analysed("\n\n".join(lines)))

    plain, cued = scores("Thanks, Ben."), scores(f"Thanks, Ben. {cue}")
    turn = sorted(plain)[1]  # Ana's second turn (the boundary between bees and rails)
    assert cued[turn] == pytest.approx(plain[turn] + TUNING.cue_bonus, abs=0.5)
    assert cued[turn] > plain[turn] + TUNING.cue_bonus / 2


def test_a_talk_on_one_topic_is_still_split_so_no_segment_swallows_it():
    # One vocabulary throughout: no cohesion valley deep enough for a boundary, yet no segment
    # may hold more than 40 % of the talk while a sentence gap could split it.
    text = " ".join(
        f"Bees number {k} visit the orchard and carry nectar back to the hive." for k in range(120)
    )
    transcript, sentences, turns, coh = _analysed(text)
    segments = segment(transcript, sentences, turns, coh, min_words=60)
    total = sum(coh.word_counts)
    assert len(segments) >= 3
    for seg in segments:
        assert coh.words(seg.first_sentence, seg.last_sentence) <= 0.4 * total


def test_lecture_boundaries_lie_between_its_topics():
    names = ("bees", "rails", "bread")
    text = " ".join(_TOPICS[name] for name in names for _ in range(15))
    transcript, sentences, turns, coh = _analysed(text)
    segments = segment(transcript, sentences, turns, coh, min_words=60)
    assert len(segments) == 3
    for seg, name in zip(segments[1:], names[1:], strict=True):
        assert abs(seg.start - text.index(_TOPICS[name])) < len(_TOPICS[name]) * 2


def test_no_filler_or_transcriber_tag_becomes_a_title_or_stays_in_a_summary():
    draft = generate(_podcast(1, noisy=True))
    words = [w.lower() for w in re.findall(r"[\w'’-]+", draft.text)]
    for lesson in draft.lessons:
        assert not title_is_noisy(lesson.title), lesson.title
        paragraph = lesson.body_markdown
        # a paragraph of what was said: not the host's question, not "Great, thanks."
        assert paragraph and "?" not in paragraph and "thanks" not in paragraph.lower()
        assert not re.search(r"\b(?:um|uh|mm-hmm|you know|i mean)\b|\[", paragraph, re.I)
        # cleaned, not rewritten: every word of the paragraph is the transcript's, in order
        said = iter(words)
        assert all(w in said for w in re.findall(r"[\w'’-]+", paragraph.lower())), paragraph


def test_readable_removes_disfluencies_and_keeps_the_sentence():
    assert readable("Mm-hmm. [laughter] Well, um, the the data is open", sentence=True) == (
        "The data is open."
    )
    assert readable("So, I think the model is, um, good.", sentence=True) == (
        "I think the model is good."
    )


def _count_cosines(monkeypatch) -> list[int]:
    calls = [0]
    real = vectors_module.cosine

    def counted(a, b):
        calls[0] += 1
        return real(a, b)

    monkeypatch.setattr("studyguide.generator.boundaries.cosine", counted)
    return calls


def test_gap_depths_compare_each_gap_once(monkeypatch):
    calls = _count_cosines(monkeypatch)
    for n in (200, 400):
        calls[0] = 0
        text = " ".join(list(_TOPICS.values()) * (n // 4))
        _, sentences, _, coh = _analysed(text)
        depths = gap_depths(coh, 120)
        assert len(depths) == len(sentences)
        assert calls[0] == len(sentences) - 1  # one comparison per gap: linear


def test_choosing_boundaries_is_linear_in_the_candidates():
    # choose() walks the ranked candidates once with a binary search: an even split of 10 000
    # one-word sentences at min_words 100 gives about 100 pieces, each at least 100 words.
    scores = {c: float(c % 97) for c in range(1, 10_000)}
    starts = choose(scores, [1] * 10_000, cutoff=0.0, min_words=100)
    sizes = [b - a for a, b in zip(starts, [*starts[1:], 10_000], strict=False)]
    assert min(sizes) >= 100
    assert 50 <= len(starts) <= 100


def test_long_talks_cluster_a_bounded_number_of_units(monkeypatch):
    sizes: list[int] = []
    real = grouping_module._similarity_matrix

    def recorded(vectors):
        sizes.append(len(vectors))
        return real(vectors)

    monkeypatch.setattr(grouping_module, "_similarity_matrix", recorded)
    text = " ".join(list(_TOPICS.values()) * 100)
    _, sentences, _, coh = _analysed(text)
    segments = [
        Segment(f"s{k}", 0, 0, k * 10, k * 10 + 10, "", None, k, k) for k in range(len(sentences))
    ]
    groups = grouping_module.group_segments(segments, coh, max_lessons=8)
    assert sorted(k for g in groups for k in g) == list(range(len(sentences)))
    assert sizes and max(sizes) <= grouping_module.TUNING.max_cluster_units


def test_concepts_are_found_without_compiling_a_pattern_each(monkeypatch):
    # A long talk has more concepts than the pattern cache holds; plain text needs none.
    compiled: list[str] = []
    real = terms_module._concept_pattern

    def counted(concept):
        compiled.append(concept)
        return real(concept)

    monkeypatch.setattr(terms_module, "_concept_pattern", counted)
    text = "Deep learning models need data. We tried deep learning on the data-set and data."
    sentences = split_sentences(ingest(text))
    found = terms_module.find_terms(sentences, {"deep learning", "data"}, set())
    # "data-set" is no mention of "data"; "deep learning models" no phrase of its own here
    assert [t.surface for t in found[1]] == ["deep learning", "data"]
    assert compiled == []
    lowered = "the data-set, data's and data. deep  learning"
    for concept in ("data", "deep learning"):
        want = [m.span() for m in real(concept).finditer(lowered)]
        plain = terms_module._single_spaced(lowered)
        assert terms_module._concept_spans(concept, lowered, plain) == want
