"""Shared inputs for the generator tests: the interview and the hand-written transcripts."""

from pathlib import Path

import pytest

from studyguide.generator import CourseDraft, GenerateOptions, generate

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
INTERVIEW = ROOT / "data" / "transcripts" / "madry-ml-in-pl-interview.txt"
SAMPLES = (
    "podcast-labelled.txt",
    "lecture.srt",
    "panel.vtt",
    "timestamped.txt",
    "export.md",
    "retrofit-podcast.txt",  # written as an unseen transcript: not tuned on before its first run
)


@pytest.fixture(scope="session")
def interview_bytes() -> bytes:
    return INTERVIEW.read_bytes()


@pytest.fixture(scope="session")
def interview_draft(interview_bytes: bytes) -> CourseDraft:
    return generate(interview_bytes, options=GenerateOptions(filename=INTERVIEW.name))


@pytest.fixture(scope="session")
def sample_drafts() -> dict[str, CourseDraft]:
    return {
        name: generate((DATA / name).read_bytes(), options=GenerateOptions(filename=name))
        for name in SAMPLES
    }
