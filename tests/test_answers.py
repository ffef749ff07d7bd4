"""Normalising and matching free-text answers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studyguide.questiontypes.answers import (
    TextMatch,
    match_text_answer,
    normalize_answer,
    typo_allowance,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Paris", "paris"),
        ("  The   Eiffel\tTower. ", "eiffel tower"),
        ("an apple", "apple"),
        ("A", "a"),  # a lone article is the answer itself
        ("the the end", "end"),
        ("“Spur of the moment”!", "spur of the moment"),
        ("don’t", "dont"),
        ("don't", "dont"),
        ("well-known", "well known"),
        ("and/or", "and or"),
        ("STRASSE", "strasse"),
        ("Straße", "strasse"),
        ("ﬁne", "fine"),  # NFKC expands the ligature
        ("Ｐａｒｉｓ", "paris"),  # full-width letters
        ("café", "café"),
        ("cafe\u0301", "café"),  # combining accent composes
        ("3.5", "3.5"),
        ("3.5.", "3.5"),
        ("1,000", "1000"),
        ("e.g.", "eg"),
        ("zero\u200bwidth", "zerowidth"),
        ("?!", ""),
        ("", ""),
    ],
)
def test_normalize_answer(text: str, expected: str) -> None:
    assert normalize_answer(text) == expected


@given(st.text())
def test_normalize_answer_is_idempotent(text: str) -> None:
    once = normalize_answer(text)
    assert normalize_answer(once) == once


@given(st.text())
def test_normalized_answers_have_no_outer_or_double_spaces(text: str) -> None:
    normalized = normalize_answer(text)
    assert normalized == " ".join(normalized.split())


def exact(form: str) -> TextMatch:
    return TextMatch(correct=True, exact=True, matched=form, typo=False)


def typo(form: str) -> TextMatch:
    return TextMatch(correct=True, exact=False, matched=form, typo=True)


WRONG = TextMatch(correct=False, exact=False, matched=None, typo=False)


@pytest.mark.parametrize(
    ("response", "answer", "accepted", "expected"),
    [
        ("paris", "Paris", (), exact("Paris")),
        ("The Paris.", "Paris", (), exact("Paris")),
        ("  investment ", "investment", ("investments",), exact("investment")),
        ("investments", "investment", ("investments",), exact("investments")),
        ("Investmnet", "investment", (), typo("investment")),  # 10 letters: two edits allowed
        ("invstmnt", "investment", (), typo("investment")),
        ("invsmnt", "investment", (), WRONG),  # three edits
        ("Pariss", "Paris", (), typo("Paris")),  # 5 letters: one edit allowed
        ("Parisss", "Paris", (), WRONG),
        ("boston", "Boston", ("Boston, MA",), exact("Boston")),
        ("bostn ma", "Boston", ("Boston, MA",), typo("Boston, MA")),
        ("bat", "cat", (), WRONG),  # too short for any tolerance
        ("1999", "1999", (), exact("1999")),
        ("1998", "1999", (), WRONG),  # numbers must match exactly
        ("in 1998", "in 1999", (), WRONG),
        ("world wr 2", "World War 2", (), typo("World War 2")),
        ("world war 3", "World War 2", (), WRONG),
        ("3.5", "35", (), WRONG),
        ("“spur of the moment”", "spur of the moment", (), exact("spur of the moment")),
        ("", "Paris", (), WRONG),
        ("   ", "Paris", (), WRONG),
        ("!!", "!!", (), WRONG),  # nothing left to compare is never correct
        ("a", "A", (), exact("A")),
        ("café", "cafe\u0301", (), exact("cafe\u0301")),
        ("cafe", "café", (), typo("café")),  # an accent left out is a typo
        ("caffé", "café", (), typo("café")),
    ],
)
def test_match_text_answer(
    response: str, answer: str, accepted: tuple[str, ...], expected: TextMatch
) -> None:
    assert match_text_answer(response, answer, accepted) == expected


def test_closest_form_wins_when_several_are_within_reach() -> None:
    assert match_text_answer("investmentss", "investment", ("investments",)) == typo("investments")


@pytest.mark.parametrize(
    ("normalized", "allowance"),
    [("", 0), ("abc", 0), ("abcd", 1), ("abcdef", 1), ("abcdefg", 2), ("a long answer", 2)],
)
def test_typo_allowance(normalized: str, allowance: int) -> None:
    assert typo_allowance(normalized) == allowance


def test_text_match_is_frozen() -> None:
    with pytest.raises(AttributeError):
        WRONG.correct = True  # type: ignore[misc]
