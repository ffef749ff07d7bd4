"""Seeded synthetic interview transcripts of any length, for speed measurements."""

from __future__ import annotations

import random

_COMMON = (
    "I think that the we really it was so and but because when you people just very this "
    "is about of in on at for with kind a lot more time work idea way then also actually"
).split()
_OPENERS = ["Yeah,", "Sure,", "Well,", "Okay, so", "So", "I think"]
_QUESTIONS = [
    "Why did you decide to work on {a} and {b}?",
    "Do you think {a} is important for {b}?",
    "How did {a} change the way you think about {b}?",
    "What would you tell a student who wants to start with {a}?",
]


def _topic_words(rng: random.Random, k: int) -> list[str]:
    letters = "abcdefghiklmnoprstuvw"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(4, 9))) for _ in range(k)]


def synthetic_transcript(n_words: int, *, seed: int = 7) -> str:
    """An unlabelled interview: questions, then answers on one topic each, ~n_words long."""
    rng = random.Random(seed)
    places = ["Poland", "Berlin", "Lyon", "Boston", "Kyoto", "Lisbon", "Oslo", "Toronto"]
    numbers = ["two", "five", "ten", "twenty", "forty", "three hundred", "1998", "2015"]
    parts: list[str] = []
    words = 0
    while words < n_words:
        topic = _topic_words(rng, 12)
        question = rng.choice(_QUESTIONS).format(a=topic[0], b=topic[1])
        answer = [rng.choice(_OPENERS) + " " + " ".join(rng.choices(_COMMON, k=6)) + "."]
        for _ in range(rng.randint(12, 25)):
            n = rng.randint(8, 20)
            tokens = [rng.choice(topic) if rng.random() < 0.35 else rng.choice(_COMMON)
                      for _ in range(n)]  # fmt: skip
            if rng.random() < 0.3:
                tokens.insert(rng.randrange(len(tokens)), "in " + rng.choice(places))
            if rng.random() < 0.2:
                tokens.insert(rng.randrange(len(tokens)), rng.choice(numbers) + " years")
            answer.append(" ".join(tokens).capitalize() + ".")
        paragraph = "Okay, I see. " + question + " " + " ".join(answer)
        parts.append(paragraph)
        words += len(paragraph.split())
    return "\n".join(parts) + "\n"
