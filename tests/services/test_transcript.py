"""Transcript layout: paragraphs keep every offset, and quoted ranges are marked exactly."""

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from studyguide.services.transcript import (
    HIDDEN_RANGE,
    INVALID_RANGE,
    MAX_SENTENCES,
    parse_range,
    split_paragraphs,
    transcript_view,
    visible_spans,
)

PACKAGE = Path(__file__).resolve().parents[2] / "data" / "courses" / "madry-research-careers"

TEXT = (
    "Hi Aleksander. Hi. You did your Master's in Poland. Why did you go to the USA? "
    "I don't think it was deliberate. I read a paper I liked. Its authors taught in the US. "
    "My mentor supported it. So I just did it. I did not expect it to succeed.\n\n"
    "Is a PhD worth it? A PhD teaches you to do research on your own."
)


def _visible_text(text, skip):
    return "".join(text[a:b] for a, b in visible_spans(len(text), skip) if text[a:b].strip())


@pytest.mark.parametrize(
    ("length", "skip", "expected"),
    [
        (10, [], [(0, 10)]),
        (10, [(0, 3)], [(3, 10)]),
        (10, [(7, 10)], [(0, 7)]),
        (10, [(2, 4), (6, 8)], [(0, 2), (4, 6), (8, 10)]),
        (10, [(6, 8), (2, 4)], [(0, 2), (4, 6), (8, 10)]),  # any order
        (10, [(2, 6), (4, 8)], [(0, 2), (8, 10)]),  # overlapping
        (10, [(-5, 2), (8, 99)], [(2, 8)]),  # clipped to the text
        (10, [(5, 5), (7, 3)], [(0, 10)]),  # empty or reversed ranges are ignored
        (10, [(0, 10)], []),
        (0, [], []),
    ],
)
def test_visible_spans(length, skip, expected):
    assert visible_spans(length, skip) == expected


def test_paragraphs_tile_the_text_and_keep_offsets():
    paragraphs = split_paragraphs(TEXT)
    assert "".join(p.text for p in paragraphs) == TEXT
    assert [p.number for p in paragraphs] == list(range(1, len(paragraphs) + 1))
    assert [p.anchor for p in paragraphs[:2]] == ["p-1", "p-2"]
    for p in paragraphs:
        assert TEXT[p.start : p.end] == p.text
    for before, after in zip(paragraphs, paragraphs[1:], strict=False):
        assert before.end == after.start


def test_paragraphs_end_at_sentence_ends_after_a_few_sentences():
    paragraphs = split_paragraphs(TEXT)
    assert [p.text.rstrip() for p in paragraphs] == [
        "Hi Aleksander. Hi. You did your Master's in Poland. Why did you go to the USA?",
        "I don't think it was deliberate. I read a paper I liked. Its authors taught in the US. "
        "My mentor supported it.",
        "So I just did it. I did not expect it to succeed.",  # the blank line ends it
        "Is a PhD worth it?",  # a question closes a paragraph: the answer starts afresh
        "A PhD teaches you to do research on your own.",
    ]
    assert all(p.text.rstrip().count(". ") < MAX_SENTENCES for p in paragraphs)


def test_paragraphs_are_deterministic():
    assert split_paragraphs(TEXT) == split_paragraphs(TEXT)
    assert split_paragraphs(TEXT) == split_paragraphs(str(TEXT + " ")[:-1])  # another str object


def test_skip_ranges_are_left_out():
    header = "9\nNov\n\nPage title | Site\n\n"
    footer = "\n\nTags: , , ,\n\nLeave a Reply"
    text = header + TEXT + footer
    skip = [(0, len(header)), (len(text) - len(footer), len(text))]
    paragraphs = split_paragraphs(text, skip)
    joined = "".join(p.text for p in paragraphs)
    assert joined == TEXT
    assert "Nov" not in joined and "Leave a Reply" not in joined
    assert paragraphs[0].start == len(header)


def test_whitespace_is_no_paragraph():
    assert split_paragraphs("") == ()
    assert split_paragraphs(" \n\n \r\n") == ()
    [only] = split_paragraphs("\n\n  One sentence.  \n\n")
    assert only.text == "\n\n  One sentence.  \n\n"


def test_the_curated_transcript_reads_as_paragraphs():
    text = (PACKAGE / "transcript.txt").read_bytes().decode("utf-8-sig")
    meta = yaml.safe_load((PACKAGE / "course.yaml").read_text(encoding="utf-8"))
    skip = [(s["start_char"], s["end_char"]) for s in meta["transcript"].get("skip", [])]
    paragraphs = split_paragraphs(text, skip)
    assert "".join(p.text for p in paragraphs) == _visible_text(text, skip)
    assert len(paragraphs) > 20
    assert max(len(p.text) for p in paragraphs) < 1500
    assert all(text[p.start : p.end] == p.text for p in paragraphs)


_WORDS = st.sampled_from(["Hi", "we", "research", "Dr.", "U.S.", "?", "!", ".", "…", "—", "é"])
_GAPS = st.sampled_from([" ", " ", "\n", "\n\n", "\r\n", ". ", "? ", "\t", ""])
_TEXTS = st.lists(st.tuples(_WORDS, _GAPS), max_size=80).map(
    lambda parts: "".join(w + g for w, g in parts)
)


@given(text=_TEXTS, cuts=st.lists(st.tuples(st.integers(-5, 400), st.integers(-5, 400))))
def test_paragraphs_cover_every_visible_character_once(text, cuts):
    paragraphs = split_paragraphs(text, cuts)
    assert "".join(p.text for p in paragraphs) == _visible_text(text, cuts)
    for p in paragraphs:
        assert p.text.strip() and text[p.start : p.end] == p.text
    spans = visible_spans(len(text), cuts)
    for p in paragraphs:
        assert any(a <= p.start < p.end <= b for a, b in spans), "a paragraph crosses a skip"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (None, None, None),
        ("0", "5", (0, 5)),
        ("3", "100", (3, 100)),
        ("007", "10", (7, 10)),
    ],
)
def test_parse_range_accepts(start, end, expected):
    assert parse_range(start, end, 100) == expected


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("5", None),
        (None, "5"),
        ("", "5"),
        ("x", "5"),
        ("-1", "5"),
        ("+1", "5"),
        (" 1", "5"),
        ("1_0", "50"),
        ("1.5", "5"),
        ("٣", "5"),  # an Arabic-Indic digit: int() takes it, a link never has it
        ("5", "5"),
        ("9", "5"),
        ("0", "101"),
        ("1" * 5000, "5"),  # int() would refuse it with its own error
    ],
)
def test_parse_range_rejects(start, end):
    with pytest.raises(ValueError):
        parse_range(start, end, 100)


def _marked(view):
    return [piece for pv in view.paragraphs for piece in pv.pieces if piece.marked]


def test_view_without_range_marks_nothing():
    view = transcript_view(TEXT)
    assert view.notice is None and view.highlight is None and _marked(view) == []
    assert [pv.pieces[0].text for pv in view.paragraphs] == [p.text for p in split_paragraphs(TEXT)]


def test_range_inside_one_paragraph_is_marked_exactly():
    start = TEXT.index("Master's")
    end = start + len("Master's")
    view = transcript_view(TEXT, (), str(start), str(end))
    [mark] = _marked(view)
    assert mark.text == "Master's" and mark.first_mark
    assert view.highlight == (start, end) and view.notice is None
    first = view.paragraphs[0]
    assert "".join(piece.text for piece in first.pieces) == first.paragraph.text


def test_range_across_paragraphs_is_marked_in_each_with_one_anchor():
    start = TEXT.index("USA")
    end = TEXT.index("succeed") + len("succeed")
    view = transcript_view(TEXT, (), str(start), str(end))
    marks = _marked(view)
    assert len(marks) == 3
    assert "".join(m.text for m in marks) == TEXT[start:end]
    assert [m.first_mark for m in marks] == [True, False, False]
    for pv in view.paragraphs:
        assert "".join(piece.text for piece in pv.pieces) == pv.paragraph.text


def test_range_partly_in_a_skip_marks_only_the_visible_part():
    text = "Header line.\n\n" + TEXT
    skip = [(0, 14)]
    view = transcript_view(text, skip, "7", "20")
    [mark] = _marked(view)
    assert mark.text == text[14:20]
    assert view.notice is None


def test_range_only_in_a_skip_gets_a_notice_and_no_mark():
    text = "Header line.\n\n" + TEXT
    view = transcript_view(text, [(0, 14)], "0", "6")
    assert _marked(view) == [] and view.highlight is None and view.notice == HIDDEN_RANGE


@pytest.mark.parametrize(("start", "end"), [("x", "3"), ("5", None), ("10", "2"), ("0", "99999")])
def test_invalid_range_shows_everything_with_a_notice(start, end):
    view = transcript_view(TEXT, (), start, end)
    assert _marked(view) == [] and view.highlight is None and view.notice == INVALID_RANGE
    assert len(view.paragraphs) == len(split_paragraphs(TEXT))
