"""Hypothesis: ingest never crashes, and every evidence quote is the input at its offsets."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyguide.coursepack import Evidence
from studyguide.generator import GenerateError, GenerateOptions, generate
from studyguide.generator.ingest import ingest

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = (
    "Poland MIT research abroad five students industry the a I think you why did go PhD "
    "twenty Lyon bread people"
).split()
sentence = st.lists(st.sampled_from(WORDS), min_size=3, max_size=14).map(
    lambda ws: " ".join(ws).capitalize() + "."
)
question = st.lists(st.sampled_from(WORDS), min_size=3, max_size=10).map(
    lambda ws: "Why did you " + " ".join(ws) + "?"
)
label = st.sampled_from(["", "Ann: ", "Bob: ", "[00:12] Ann: ", "**Bob:** ", ">> "])
line = st.tuples(label, st.lists(st.one_of(sentence, question), min_size=1, max_size=4)).map(
    lambda t: t[0] + " ".join(t[1])
)
transcript = st.tuples(
    st.lists(line, min_size=1, max_size=25), st.sampled_from(["\n", "\r\n", "\n\n"])
).map(lambda t: t[1].join(t[0]))


@FAST
@given(st.binary(max_size=2000))
def test_ingest_bytes_never_crashes(data):
    try:
        t = ingest(data)
    except GenerateError as error:
        assert error.reason in {"empty", "binary", "too_large", "unknown_format"}
    else:
        assert t.text is not None


@FAST
@given(st.text(max_size=2000))
def test_ingest_text_never_crashes(text):
    for filename in (None, "x.srt", "x.vtt", "x.md"):
        try:
            t = ingest(text, options=GenerateOptions(filename=filename))
        except GenerateError as error:
            assert error.reason in {"empty", "binary", "too_large", "unknown_format"}
        else:
            for piece in t.pieces:
                a, b = t.original_span(piece.start, piece.end)
                assert 0 <= a <= b <= len(t.text)


@FAST
@given(st.text(alphabet=string.printable + "äöüłść–“”’…", max_size=1500))
def test_generate_text_never_crashes(text):
    try:
        draft = generate(text)
    except GenerateError as error:
        assert error.reason in {"empty", "binary", "unknown_format", "no_sentences"}
    else:
        _assert_grounded(draft)


@FAST
@given(transcript, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_evidence_equals_input_at_offsets(text, encoding):
    draft = generate(text.encode(encoding))
    assert draft.text == text
    _assert_grounded(draft)


def _assert_grounded(draft):
    text = draft.text
    for lesson in draft.lessons:
        items = [q.evidence for q in lesson.questions] + [t.evidence for t in lesson.takeaways]
        items += [Evidence(q.text, q.start_char, q.end_char) for q in lesson.quotes]
        for e in items:
            assert text[e.start_char : e.end_char] == e.quote
    for s in draft.segments:
        assert 0 <= s.start_char < s.end_char <= len(text)
