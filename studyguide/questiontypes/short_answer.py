"""Short answer: type the answer in a few words."""

from __future__ import annotations

from studyguide.questiontypes.text import TextAnswer


class ShortAnswer(TextAnswer):
    name = "short_answer"
    input_label = "Your answer"
