"""Stages 2–6, table-driven: turns, segments, lessons, questions and checks."""

import re
from dataclasses import replace

import pytest

from studyguide.coursepack import Evidence, Question
from studyguide.generator import GenerateOptions, generate
from studyguide.generator.boundaries import choose, gap_depths
from studyguide.generator.checks import failure
from studyguide.generator.evaluate import pk, window_diff, word_labels
from studyguide.generator.ingest import ingest
from studyguide.generator.sentences import split_sentences
from studyguide.generator.titles import question_title
from studyguide.generator.turns import find_turns, interviewer_questions
from studyguide.generator.vectors import cohesion

# --- turns -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Why did you decide to go there? Well, it was an interesting moment.", [True, False]),
        ("So do you have any recommendations for universities. Yes, a couple.", [True, False]),
        ("It was fun. But now, how did it happen? Well it was interesting.", [False, False, False]),
        ("It's how could it be not overhyped? The real question is: is it overhyped for good "
         "reasons?", [False, False]),
        ("Okay, so the question is a follow up – how to make these people come back to the "
         "universities? So I think the problem is the question.", [True, False]),
        ("Would you guide him? I would not.", [True, False]),
    ],
)  # fmt: skip
def test_interviewer_questions(text, expected):
    sentences = split_sentences(ingest(text))
    assert interviewer_questions(sentences) == expected


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("Hi. You did your Master's here and then you moved to the USA. Why did you decide to go? "
         "Yeah, I don't think this was deliberate. I just tried it.", ["question", "answer"]),
        ("Okay, I see. Do you think a PhD matters? Okay, so there are two questions. First, no.",
         ["question", "answer"]),
        ("Ann: What is your name?\nBob: I am Bob and I like long answers about many things.\n"
         "Ann: Where do you live?\nBob: In Leeds, near the river, for many years now.\n",
         ["question", "answer", "question", "answer"]),
        ("A lecture about rivers. Rivers erode valleys. They deposit sand.", ["answer"]),
    ],
)  # fmt: skip
def test_turn_roles(text, roles):
    t = ingest(text)
    _, turns = find_turns(t, split_sentences(t))
    assert [turn.role for turn in turns] == roles


# --- segments ----------------------------------------------------------------------------------


def test_interview_segments_cover_the_interview_in_order(interview_draft):
    segs = interview_draft.segments
    assert [s.id for s in segs] == [f"s{i + 1}" for i in range(len(segs))]
    assert all(a.end_char <= b.start_char for a, b in zip(segs, segs[1:], strict=False))
    text = interview_draft.text
    assert text[segs[0].start_char :].startswith("The best return investment")
    assert text[: segs[-1].end_char].endswith("Yeah, thank you.")


def test_interview_segmentation_meets_pk(interview_draft):
    from pathlib import Path

    from studyguide.cli.generate import load_gold
    from studyguide.generator.evaluate import segmentation_scores

    gold = load_gold(Path(__file__).parent / "data" / "madry-gold-segments.yaml")
    scores = segmentation_scores(interview_draft, gold)
    assert scores["pk"] <= 0.20
    assert scores["window_diff"] <= 0.30


def test_texttiling_splits_a_lecture_between_topics():
    rivers = (
        "Rivers erode their valleys and carry sand and stones downstream to the sea. "
        "A river meanders across its floodplain and deposits sediment in a delta. "
    ) * 12
    stars = (
        "Stars burn hydrogen into helium in their cores and shine for billions of years. "
        "A star collapses into a white dwarf or a neutron star when its fuel runs out. "
    ) * 12
    t = ingest(rivers + stars)
    sentences = split_sentences(t)
    coh = cohesion(sentences)
    depths = gap_depths(coh, 120)
    starts = choose(dict(enumerate(depths)), coh.word_counts, cutoff=2.5, min_words=150)
    assert len(starts) == 2, "one boundary is found"
    boundary = sentences[starts[1]].start
    assert abs(boundary - len(rivers)) < 400
    draft = generate(rivers + stars)
    assert len(draft.segments) >= 2


@pytest.mark.parametrize(
    ("ref", "hyp", "k", "expected_pk"),
    [
        ([0, 0, 0, 1, 1, 1], [0, 0, 0, 1, 1, 1], 2, 0.0),
        ([0, 0, 0, 1, 1, 1], [0, 0, 0, 0, 0, 0], 2, 0.5),
        ([0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], 2, 0.0),
    ],
)
def test_pk(ref, hyp, k, expected_pk):
    assert pk(ref, hyp, k) == expected_pk
    assert window_diff(ref, ref, k) == 0.0


def test_word_labels():
    assert word_labels("aa bb cc dd", 0, 11, [6]) == [0, 0, 1, 1]


# --- lessons -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("Ok and last question: do you think deep learning is overhyped?",
         "Is deep learning overhyped?"),
        ("Okay, I see. Do you think it is necessary to go abroad in order to do research in Deep "
         "Learning?", "Is it necessary to go abroad to do research in Deep Learning?"),
        ("Why did you decide to go there?", None),
        (None, None),
    ],
)  # fmt: skip
def test_question_title(question, title):
    assert question_title(question) == title


def test_interview_lessons(interview_draft):
    titles = " | ".join(lesson.title for lesson in interview_draft.lessons).lower()
    assert len(interview_draft.lessons) >= 4
    for topic in ("abroad", "phd", "industry", "academia", "overhyped"):
        assert topic in titles, topic
    for lesson in interview_draft.lessons:
        assert lesson.takeaways and lesson.objectives and lesson.body_markdown
    covered = [i for segment_ids in interview_draft.segment_ids for i in segment_ids]
    assert sorted(covered) == sorted(s.id for s in interview_draft.segments)


def test_interview_questions(interview_draft):
    questions = [q for lesson in interview_draft.lessons for q in lesson.questions]
    text = interview_draft.text
    assert len(questions) >= 15
    assert len({q.type for q in questions}) >= 2
    assert len({q.id for q in questions}) == len(questions)
    for q in questions:
        e = q.evidence
        assert text[e.start_char : e.end_char] == e.quote
        note = interview_draft.note(q.id)
        assert note.reason and 0 < note.score
        assert failure(q, text, note.reason) is None
    mc = [q for q in questions if q.type == "multiple_choice"]
    longest = [q for q in mc if all(len(q.answer) > len(c) for c in q.choices if c != q.answer)]
    assert len(longest) <= len(mc) / 2


def test_deterministic(interview_bytes, interview_draft):
    assert generate(interview_bytes, options=GenerateOptions(filename="x.txt")) == interview_draft


# --- checks ------------------------------------------------------------------------------------

TEXT = "I studied at MIT for five years before I moved to Lausanne in Switzerland."
GOOD = Question(
    id="q", type="cloze", prompt="I studied at ____ for five years before I moved to Lausanne in "
    "Switzerland.", answer="MIT", evidence=Evidence(TEXT, 0, len(TEXT)),
    explanation="x", difficulty="medium", choices=(), accepted=(),
)  # fmt: skip


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({}, None),
        ({"evidence": Evidence("I studied at EPFL", 0, 17)}, "evidence not grounded"),
        ({"prompt": "I studied at MIT for five years before I moved to Lausanne."},
         "blank missing or repeated"),
        ({"answer": "EPFL"}, "filled prompt not in evidence"),
        ({"type": "multiple_choice", "choices": ("MIT", "mit", "EPFL")}, "duplicate choices"),
        ({"type": "multiple_choice", "choices": ("EPFL", "Google")}, "answer not among choices"),
        ({"type": "multiple_choice", "choices": ("MIT", "M.I.T.")}, "duplicate choices"),
        ({"type": "multiple_choice", "choices": ("MIT", "Lausanne", "EPFL"),
          "reason": "multiple choice: test"}, "distractor occurs in the evidence"),
        ({"type": "true_false", "prompt": "True or false? The speaker says: “I studied at MIT for "
          "five years before I moved to Lausanne in Switzerland.”", "answer": False},
         "true/false statement not decided by its evidence"),
        ({"prompt": "It was ____ there.", "answer": "fun",
          "evidence": Evidence("It was fun there.", 0, 17), "_text": "It was fun there."},
         "pronoun-only prompt without context"),
    ],
)  # fmt: skip
def test_checks(change, reason):
    change = dict(change)
    text = change.pop("_text", TEXT)
    why = change.pop("reason", "test")
    assert failure(replace(GOOD, **change), text, why) == reason


def test_every_sample_kind_works(sample_drafts):
    for name, draft in sample_drafts.items():
        assert draft.segments and draft.lessons, name
        for lesson in draft.lessons:
            for q in lesson.questions:
                e = q.evidence
                assert draft.text[e.start_char : e.end_char] == e.quote, name
                if draft.format in ("srt", "vtt") or name == "timestamped.txt":
                    assert e.start_time is not None, name
    assert sample_drafts["podcast-labelled.txt"].speakers == ("Maria Lopez", "Tom Becker")
    assert sample_drafts["panel.vtt"].speakers == ("Anna Kowal", "Jonas Weber")
    export = sample_drafts["export.md"]
    assert [s.reason for s in export.skipped] == ["title", "share"]
    assert not any(re.search(r"\*\*|^#", q.prompt) for lesson in export.lessons
                   for q in lesson.questions)  # fmt: skip


@pytest.mark.parametrize(
    ("turns", "roles"),
    [
        ([("Q", "question"), ("A", "answer"), ("Q", "question"), ("A", "answer")],
         {"Q": "Interviewer", "A": "Interviewee"}),
        ([("Speaker 1", "question"), ("Speaker 2", "answer"), ("Speaker 1", "question"),
          ("Speaker 2", "answer"), ("Speaker 1", "answer")], {"Speaker 1": "Interviewer"}),
        ([("Ann", "question"), ("Bob", "answer"), ("Ann", "question")], {}),  # names stay
        ([("Speaker 1", "answer"), ("Speaker 2", "answer"), ("Speaker 1", "answer")], {}),
        ([("Speaker 1", "question"), ("Speaker 2", "question"), ("Speaker 1", "question"),
          ("Speaker 2", "question")], {}),  # no single interviewer
    ],
)  # fmt: skip
def test_speaker_roles(turns, roles):
    from studyguide.generator.turns import speaker_roles
    from studyguide.generator.types import Turn

    made = [Turn(k, 0, 0, who, role, k, k) for k, (who, role) in enumerate(turns)]
    assert speaker_roles(made) == roles


def test_qa_labels_become_roles_in_prompts_but_not_in_quotes():
    from pathlib import Path

    path = Path(__file__).parent / "data" / "formats" / "qa-colon.txt"
    draft = generate(path.read_bytes(), options=GenerateOptions(filename=path.name))
    text = path.read_text(encoding="utf-8")
    prompts = [q.prompt for lesson in draft.lessons for q in lesson.questions]
    assert any("the interviewee" in p for p in prompts)
    assert not any(re.search(r"\bdoes (?:Q|A)\b", p) for p in prompts)
    for lesson in draft.lessons:
        for q in lesson.questions:
            assert text[q.evidence.start_char : q.evidence.end_char] == q.evidence.quote
