"""Grading every question type: pure functions over a version and a response, table-driven."""

import pytest

from studyguide.models import AttemptAnswer, QuestionVersion
from studyguide.questiontypes import (
    QUESTION_TYPES,
    Grading,
    InvalidResponse,
    UnknownQuestionType,
    grade,
    question_type,
)
from studyguide.services.attempts import Tally, apply_grades


def version(kind: str, **fields) -> QuestionVersion:
    """Return an unsaved question version: grading never needs the database."""
    values = {"prompt": "Question?", "choices": [], "accepted": [], "answer": None}
    values.update(fields)
    return QuestionVersion(type=kind, **values)


MC = version("multiple_choice", choices=["Paris", "Lyon", "Nice"], answer="Paris")
MS = version("multiple_select", choices=["A", "B", "C", "D"], answer=["A", "C"])
TF_TRUE = version("true_false", answer=True)
TF_FALSE = version("true_false", answer=False)
CLOZE = version("cloze", prompt="after every overhype comes ____", answer="underhyping",
                accepted=["underhype", "under-hyping"])  # fmt: skip
SHORT = version("short_answer", answer="an AI winter", accepted=["AI winter"])
YEAR = version("short_answer", answer="1998")
DECIMAL = version("short_answer", answer="3.5")
CAT = version("short_answer", answer="cat")


def test_the_registry_holds_the_five_types_each_with_its_partial():
    assert set(QUESTION_TYPES) == {
        "multiple_choice",
        "multiple_select",
        "true_false",
        "cloze",
        "short_answer",
    }
    for name, kind in QUESTION_TYPES.items():
        assert kind.name == name
        assert kind.partial == f"quizzes/_q_{name}.html"


def test_an_unknown_type_is_named_in_the_error():
    with pytest.raises(UnknownQuestionType, match="essay"):
        question_type("essay")


@pytest.mark.parametrize(
    ("case", "question", "response", "correct", "feedback"),
    [
        ("mc right", MC, "Paris", True, "Correct."),
        ("mc wrong", MC, "Lyon", False, "Not quite: the answer is \u201cParis\u201d."),
        ("mc unanswered", MC, None, False, "Not answered. The answer is \u201cParis\u201d."),
        ("mc case matters for choices", MC, "paris", False, None),
        ("ms exactly right", MS, ["A", "C"], True, "Correct: you chose exactly the right ones."),
        ("ms order does not matter", MS, ["C", "A"], True, None),
        ("ms one missing", MS, ["A"], False, "missed 1 that applies"),
        ("ms one extra", MS, ["A", "B", "C"], False, "chose 1 that does not apply"),
        ("ms missing and extra", MS, ["B", "D"], False, "missed 2 that apply and chose 2"),
        ("ms all chosen", MS, ["A", "B", "C", "D"], False, None),
        ("ms unanswered", MS, None, False, "Not answered"),
        ("tf true", TF_TRUE, True, True, "Correct."),
        ("tf wrong", TF_TRUE, False, False, "the answer is True"),
        ("tf false is right", TF_FALSE, False, True, "Correct."),
        ("tf unanswered", TF_FALSE, None, False, "Not answered. The answer is False."),
        ("cloze exact", CLOZE, "underhyping", True, "Correct."),
        ("cloze case and spaces", CLOZE, "  UnderHyping ", True, "Correct."),
        ("cloze punctuation", CLOZE, "underhyping.", True, "Correct."),
        ("cloze accepted form", CLOZE, "under hyping", True, "expected answer is"),
        (
            "cloze typo",
            CLOZE,
            "underhypng",
            True,
            "Accepted with a small typo: the answer is \u201cunderhyping\u201d.",
        ),
        ("cloze wrong", CLOZE, "hype", False, "Not quite"),
        ("short leading article", SHORT, "AI winter", True, None),
        ("short another article", SHORT, "the AI winter", True, None),
        ("short typo", SHORT, "an AI wintr", True, "Accepted with a small typo"),
        ("short two typos in a long answer", SHORT, "an AI wimtr", True, "small typo"),
        ("short wrong", SHORT, "a nuclear winter", False, None),
        ("short blank is unanswered", SHORT, None, False, "Not answered"),
        ("numbers exact", YEAR, "1998", True, "Correct."),
        ("numbers are never typos", YEAR, "1999", False, None),
        ("decimal point kept", DECIMAL, "35", False, None),
        ("decimal exact", DECIMAL, "3.5", True, None),
        ("short answers get no typo", CAT, "bat", False, None),
    ],
)
def test_grade(case, question, response, correct, feedback):
    result = grade(question, response)
    assert isinstance(result, Grading)
    assert result.correct is correct, case
    if feedback is not None:
        assert feedback in result.feedback, case


def test_grading_is_pure():
    before = (MS.answer.copy(), MS.choices.copy())
    response = ["C", "A"]
    assert grade(MS, response) == grade(MS, response)
    assert response == ["C", "A"]
    assert (MS.answer, MS.choices) == before


@pytest.mark.parametrize(
    ("case", "question", "values", "response"),
    [
        ("mc choice", MC, ["Lyon"], "Lyon"),
        ("mc nothing", MC, [], None),
        ("mc empty string", MC, [""], None),
        ("ms kept in the order offered", MS, ["C", "A"], ["A", "C"]),
        ("ms duplicates dropped", MS, ["A", "A"], ["A"]),
        ("ms nothing", MS, [], None),
        ("tf true", TF_TRUE, ["true"], True),
        ("tf false", TF_TRUE, ["false"], False),
        ("tf nothing", TF_TRUE, [], None),
        ("text stripped", SHORT, ["  AI winter \n"], "AI winter"),
        ("text blank", SHORT, ["   "], None),
        ("cloze nothing", CLOZE, [], None),
    ],
)
def test_parse(case, question, values, response):
    assert question_type(question.type).parse(question, values) == response, case


@pytest.mark.parametrize(
    ("case", "question", "values", "message"),
    [
        ("mc choice not offered", MC, ["Marseille"], "not one of the choices"),
        ("mc two choices", MC, ["Paris", "Lyon"], "only one"),
        ("ms choice not offered", MS, ["A", "Z"], "not one of the choices"),
        ("tf not a boolean", TF_TRUE, ["maybe"], "true or false"),
        ("tf both", TF_TRUE, ["true", "false"], "not both"),
        ("text too long", SHORT, ["x" * 301], "under 300 characters"),
        ("text twice", SHORT, ["a", "b"], "one answer"),
    ],
)
def test_parse_refuses_bad_values_with_a_clear_message(case, question, values, message):
    with pytest.raises(InvalidResponse, match=message):
        question_type(question.type).parse(question, values)


@pytest.mark.parametrize(
    ("question", "response"),
    [
        (MC, "Marseille"),
        (MC, ["Paris"]),
        (MS, "A"),
        (MS, []),
        (MS, ["A", "A"]),
        (MS, ["Z"]),
        (TF_TRUE, "true"),
        (TF_TRUE, 1),
        (SHORT, 42),
        (SHORT, "  "),
        (SHORT, "x" * 301),
    ],
)
def test_check_refuses_responses_that_cannot_be_stored(question, response):
    with pytest.raises(InvalidResponse):
        question_type(question.type).check(question, response)


@pytest.mark.parametrize(
    ("question", "response", "shown", "right"),
    [
        (MC, "Lyon", "\u201cLyon\u201d", "\u201cParis\u201d"),
        (MS, ["A", "B"], "\u201cA\u201d; \u201cB\u201d", "\u201cA\u201d; \u201cC\u201d"),
        (TF_FALSE, True, "True", "False"),
        (CLOZE, "underhype", "\u201cunderhype\u201d", "\u201cunderhyping\u201d"),
        (SHORT, None, "", "\u201can AI winter\u201d"),
    ],
)
def test_display_and_correct_answer(question, response, shown, right):
    kind = question_type(question.type)
    assert kind.display(question, response) == shown
    assert kind.correct_answer(question) == right


@pytest.mark.parametrize(
    ("prompt", "parts"),
    [
        ("after every overhype comes ____", ("after every overhype comes ", "")),
        ("I went ______ because", ("I went ", " because")),
        ("no blank at all", ("no blank at all", "")),
    ],
)
def test_cloze_blank_parts(prompt, parts):
    assert question_type("cloze").blank_parts(version("cloze", prompt=prompt)) == parts


def test_input_value_round_trips_a_stored_response():
    assert question_type("true_false").input_value(False) == "false"
    assert question_type("true_false").input_value(None) is None
    assert question_type("multiple_select").input_value(None) == []
    assert question_type("short_answer").input_value(None) == ""


def test_apply_grades_marks_each_answer_and_tallies():
    answers = [
        AttemptAnswer(question_version=MC, response="Paris"),
        AttemptAnswer(question_version=MS, response=["A"]),
        AttemptAnswer(question_version=CLOZE, response="underhypng"),
        AttemptAnswer(question_version=TF_TRUE, response=None),
    ]
    tally = apply_grades(answers)
    assert tally == Tally(correct=2, total=4)
    assert tally.score == 0.5
    assert [a.is_correct for a in answers] == [True, False, True, False]
    assert answers[2].feedback.startswith("Accepted with a small typo")
    assert Tally(correct=0, total=0).score == 0.0
