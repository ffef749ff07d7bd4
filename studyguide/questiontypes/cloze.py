"""Cloze: fill the one blank (four or more underscores) of a sentence from the transcript."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from studyguide.questiontypes.base import Finding, Version
from studyguide.questiontypes.spoken import words_in_order
from studyguide.questiontypes.text import TextAnswer

BLANK = re.compile(r"_{4,}")
_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _squash(text: str) -> str:
    return " ".join(text.translate(_TYPOGRAPHIC).casefold().split())


class Cloze(TextAnswer):
    name = "cloze"
    input_label = "Word or words for the blank"

    def blank_parts(self, version: Version) -> tuple[str, str]:
        """Return the prompt's text before and after its blank."""
        parts = BLANK.split(version.prompt, maxsplit=1)
        return (parts[0], parts[1]) if len(parts) == 2 else (version.prompt, "")

    def package_problems(self, question: Mapping[str, Any]) -> list[Finding]:
        """Also check the one blank, and that the filled prompt is a sentence of the evidence
        (as said, or with only spoken disfluencies left out: `spoken.words_in_order`)."""
        problems = super().package_problems(question)
        blanks = BLANK.findall(question["prompt"])
        if len(blanks) != 1:
            message = f"a cloze prompt needs exactly one blank (____), found {len(blanks)}"
            return [*problems, (".prompt", message)]
        filled = BLANK.sub(lambda _: question["answer"], question["prompt"])
        quote = question["evidence"]["quote"]
        if _squash(filled) not in _squash(quote) and not words_in_order(filled, quote):
            message = (
                f"the prompt with the blank filled by {question['answer']!r} does not occur in"
                " the evidence quote"
            )
            return [*problems, (".answer", message)]
        return problems
