"""The host and guests options: who asks is taken from the caller, names stay out of titles."""

from pathlib import Path

from studyguide.generator import GenerateOptions, generate
from studyguide.generator.ingest import ingest
from studyguide.generator.sentences import split_sentences
from studyguide.generator.turns import find_turns

TRANSCRIPT = (Path(__file__).resolve().parents[1] / "data" / "workspace-interview.txt").read_text()


def _askers(host: str | None) -> set[str | None]:
    transcript = ingest(TRANSCRIPT)
    _sentences, turns = find_turns(transcript, split_sentences(transcript), host=host)
    return {turn.speaker for turn in turns if turn.role == "question"}


def test_the_given_host_is_the_one_who_asks():
    assert _askers(None) == {"Maya"}  # guessed from short, asking turns
    assert _askers("maya") == {"Maya"}  # matched case-insensitively
    # Named as host, Tomas replaces the guess; he never asks, so no turn is a question.
    assert _askers("Tomas") == set()
    assert _askers("Nobody here") == {"Maya"}  # an unknown name changes nothing


def test_without_the_options_the_draft_is_unchanged_and_names_stay_out_of_titles():
    plain = generate(TRANSCRIPT)
    assert generate(TRANSCRIPT, options=GenerateOptions(host=None, guests=())) == plain
    draft = generate(TRANSCRIPT, options=GenerateOptions(host="Maya", guests=("Lindqvist",)))
    assert all("Lindqvist" not in lesson.title for lesson in draft.lessons)
