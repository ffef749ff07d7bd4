"""Files for a blind review: random questions and every lesson of the drafts of some eval files.

The reviewer gets only the transcripts, the rubric and what this writes: no scores, no reasons,
nothing of the generator's rules. Questions are sampled at random (a fixed seed, printed).

    .venv/bin/python data/eval/reviews/sample_for_review.py --half holdout --half test \
        --questions 50 --seed 20261202 --out data/eval/reviews/2026-12-02
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

from studyguide.generator import GenerateOptions, generate
from studyguide.generator.export import to_json

EVAL = Path(__file__).resolve().parents[1]


def drafts(halves: list[str]) -> list[tuple[str, dict]]:
    out = []
    for gold in sorted(EVAL.glob("*.gold.yaml")):
        meta = yaml.safe_load(gold.read_text(encoding="utf-8"))
        if meta.get("half") not in halves:
            continue
        name = gold.name.removesuffix(".gold.yaml")
        source = next(p for p in EVAL.iterdir() if p.stem == name and not p.name.endswith("yaml"))
        draft = generate(source.read_bytes(), options=GenerateOptions(filename=source.name))
        out.append((source.name, to_json(draft)))
    return out


def question_block(number: int, file: str, lesson: str, q: dict) -> str:
    lines = [f'## Q{number}  — transcript `{file}`, lesson "{lesson}"', ""]
    lines.append(f"- type: {q['type']}")
    lines.append(f"- prompt: {q['prompt']}")
    for letter, choice in zip("ABCDEFGH", q.get("choices") or [], strict=False):
        lines.append(f"  - option {letter}: {choice}")
    answer = q["answer"]
    shown = ", ".join(f'"{a}"' for a in answer) if isinstance(answer, list) else f'"{answer}"'
    lines.append(f"- answer: {shown}")
    lines.append(f"- feedback shown: {q.get('explanation', '')}")
    lines.append(f"- evidence quote: «{q['evidence']['quote']}»")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", action="append", required=True)
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    made = drafts(args.half)
    pool = [(f, les["title"], q) for f, d in made for les in d["lessons"] for q in les["questions"]]
    picked = random.Random(args.seed).sample(pool, min(args.questions, len(pool)))
    args.out.mkdir(parents=True, exist_ok=True)
    head = f"# Questions to review ({len(picked)} of {len(pool)}, sampled at random)\n\n"
    body = [question_block(i, f, t, q) for i, (f, t, q) in enumerate(picked, 1)]
    (args.out / "questions.md").write_text(head + "\n".join(body), encoding="utf-8")
    lessons = ["# Lessons to review: title and summary of every generated lesson\n"]
    number = 0
    for file, draft in made:
        for lesson in draft["lessons"]:
            number += 1
            lessons.append(
                f"## L{number} — transcript `{file}`\n- title: {lesson['title']}\n"
                f"- summary: {lesson['summary']}\n"
            )
    (args.out / "lessons.md").write_text("\n".join(lessons), encoding="utf-8")
    print(
        f"seed {args.seed}: {len(picked)} of {len(pool)} questions, {number} lessons -> {args.out}"
    )


if __name__ == "__main__":
    main()
