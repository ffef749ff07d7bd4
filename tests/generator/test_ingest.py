"""Stage 1: decoding, format detection, boilerplate and the map back to the original text."""

import codecs

import pytest

from studyguide.generator import GenerateError, GenerateOptions
from studyguide.generator.ingest import decode, detect_format, ingest
from studyguide.generator.ingest.normalize import classify_boilerplate

from .conftest import DATA, INTERVIEW

TEXT = "Anna: Where did you grow up, Piotr?\nPiotr: In Gdańsk, by the sea – café “Bałtyk”.\n"


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (TEXT.encode("utf-8"), TEXT, "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), TEXT, "utf-8-sig"),
        (TEXT.encode("utf-16"), TEXT, "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), TEXT, "utf-16"),
        ("Café – “naïve”\r\n".encode("cp1252"), "Café – “naïve”\r\n", "cp1252"),
        (TEXT.replace("\n", "\r\n").encode("utf-8"), TEXT.replace("\n", "\r\n"), "utf-8"),
    ],
)
def test_decode(data, text, encoding):
    assert decode(data) == (text, encoding)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t\r\n ", "empty"),
        (b"%PDF-1.7\n...", "binary"),
        (b"abc\x00def", "binary"),
        (bytes(range(32)) * 10, "binary"),
        (b"\x89PNG\r\n\x1a\n", "binary"),
        (b"<!DOCTYPE html><html><body>hi</body></html>", "unknown_format"),
        (b'{"a": [1, 2, 3]}', "unknown_format"),
    ],
)
def test_ingest_rejects(data, reason):
    with pytest.raises(GenerateError) as caught:
        ingest(data)
    assert caught.value.reason == reason
    assert str(caught.value)


@pytest.mark.parametrize(
    ("filename", "reason"),
    [
        ("talk.pdf", "unknown_format"),
        ("talk.srt", "unknown_format"),
        ("talk.vtt", "unknown_format"),
    ],
)
def test_declared_format_must_match(filename, reason):
    with pytest.raises(GenerateError) as caught:
        ingest(b"Just some words. More words here.", options=GenerateOptions(filename=filename))
    assert caught.value.reason == reason


def test_too_large():
    with pytest.raises(GenerateError) as caught:
        ingest(b"word " * 100, options=GenerateOptions(max_file_bytes=100))
    assert caught.value.reason == "too_large"


@pytest.mark.parametrize(
    ("text", "filename", "expected"),
    [
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nHi.\n", None, "vtt"),
        ("1\n00:00:01,000 --> 00:00:02,000\nHi.\n", None, "srt"),
        ("# Title\n\n**Ann:** Hi.\n\n**Bob:** Hello.\n", None, "markdown"),
        ("Just a plain talk. Nothing else.", None, "text"),
        ("Just a plain talk.", "notes.md", "markdown"),
    ],
)
def test_detect_format(text, filename, expected):
    assert detect_format(text, filename) == expected


@pytest.mark.parametrize(
    ("line", "at_edge", "reason"),
    [
        ("9", True, "date"),
        ("Nov", True, "date"),
        ("November 9, 2019", False, "date"),
        ("Tags: , , , ,", False, "tags"),
        ("There are no comments yet", False, "comment form"),
        ("Why not be the first", False, "comment form"),
        ("Leave a Reply", False, "comment form"),
        ("Your email address will not be published. Required fields are marked *", False,
         "comment form"),
        ("Share this:", True, "share"),
        ("Home | Blog | Podcasts | About", True, "navigation"),
        ("© 2020 ML in PL. All rights reserved.", False, "footer"),
        ("So I went to Poland in 2009 and stayed.", False, None),
        ("9", False, None),
        ("I think this is really important.", True, None),
    ],
)  # fmt: skip
def test_boilerplate(line, at_edge, reason):
    assert classify_boilerplate(line, at_edge=at_edge) == reason


def test_interview_boilerplate_is_skipped_and_reported(interview_bytes):
    t = ingest(interview_bytes)
    reasons = [s.reason for s in t.skipped]
    assert reasons == ["date", "title", "tags", "comment form"]
    assert t.title and t.title.startswith("Research in Computer Science")
    assert "Leave a Reply" not in t.norm and "Tags" not in t.norm
    assert t.norm.startswith("The best return investment")


@pytest.mark.parametrize(
    ("text", "speakers", "times"),
    [
        ("Ann: Hi there, Bob.\nBob: Hello Ann.\nAnn: How are you?\nBob: Fine.\n", ["Ann", "Bob"],
         [None]),
        ("ANN:\nHi there, Bob.\n\nBOB:\nHello Ann.\n\nANN:\nHow are you?\n", ["ANN", "BOB"],
         [None]),
        ("[00:05] Ann: Hi.\n[01:02:03] Bob: Hello.\n[01:02:09] Ann: Bye.\n", ["Ann", "Bob"],
         [5.0, 3723.0, 3729.0]),
        ("**Ann:** Hi.\n\n**Bob:** Hello.\n\n**Ann:** Bye.\n", ["Ann", "Bob"], [None]),
        # A role label is a speaker too: the audience's question is not the host's words.
        ("**Ann:** Questions?\n\n**Audience member:** Why?\n\nBecause.\n\n**Ann:** Yes.\n",
         ["Ann", "Audience member"], [None]),
        ("Bob: Hi.\nUnknown speaker: Hello.\nBob: So?\nUnknown speaker: Bye.\n",
         ["Bob", "Unknown speaker"], [None]),
        # A degree after the name belongs to it: her lines are not the host's.
        ("**Adam:** Hi.\n\n**Mireille B. Reece, Psy.D:** Hello.\n\n**Adam:** So?\n\n"
         "**Mireille B. Reece, Psy.D:** Yes.\n",
         ["Adam", "Mireille B. Reece, Psy.D"], [None]),
        # A meeting tool's "Name - Team:" / "Name | Team:" is one speaker, not a dash turn.
        ("WEBVTT\n\n00:01.000 --> 00:02.000\nPedro: Welcome.\n\n00:02.000 --> 00:04.000\n"
         "Chris - Base: Thanks, Sam.\n\n00:04.000 --> 00:06.000\nLuis Pinto | Besu: Why?\n",
         ["Pedro", "Chris - Base", "Luis Pinto | Besu"], [1.0, 2.0, 4.0]),
        ("Ann - Acme: Hi.\nBob | Initech: Hello.\nAnn - Acme: Bye.\n",
         ["Ann - Acme", "Bob | Initech"], [None]),
        # A transcriber's "Break:" marks an ad break, not a speaker.
        ("Ann: Hi.\nBob: Hello.\nBreak: ad.\nAnn: Back.\nBob: Yes.\n", ["Ann", "Bob"], [None]),
        ("1\n00:00:01,500 --> 00:00:03,000\n>> Hi, how are\n\n2\n00:00:03,000 --> 00:00:05,000\n"
         "you? >> Fine.\n", [None], [1.5, 3.0]),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ann>Hi there.\n\n00:02.000 --> 00:04.000\n"
         "<v Bob>Hello.</v>\n", ["Ann", "Bob"], [1.0, 2.0]),
    ],
)  # fmt: skip
def test_speakers_and_times(text, speakers, times):
    t = ingest(text)
    assert sorted({p.speaker for p in t.pieces}, key=str) == sorted(speakers, key=str)
    assert sorted({p.start_time for p in t.pieces}, key=lambda x: x or 0) == times


@pytest.mark.parametrize("name", ["podcast-labelled.txt", "lecture.srt", "panel.vtt",
                                  "timestamped.txt", "export.md"])  # fmt: skip
def test_normalised_text_maps_back(name):
    t = ingest((DATA / name).read_bytes(), options=GenerateOptions(filename=name))
    for piece in t.pieces:
        a, b = t.original_span(piece.start, piece.end)
        original = t.text[a:b]
        assert all(word in original for word in t.norm[piece.start : piece.end].split())
    assert "-->" not in t.norm and "WEBVTT" not in t.norm and "<v" not in t.norm


def test_crlf_offsets_point_into_the_original():
    data = INTERVIEW.read_bytes().replace(b"\n", b"\r\n")
    t = ingest(data)
    a, b = t.original_span(0, 26)
    assert t.text[a:b] == "The best return investment"
