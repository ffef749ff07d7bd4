"""Benchmark: build the due queue (and the nav count, a session page) for a student with many cards.

In-process, on a fresh SQLite file (or --database-url, a throwaway PostgreSQL database). The
student gets --cards question cards spread over 40 lessons, reviewed at random moments in the
last 120 days with random intervals, so about half are due, plus 200 new recall cards. Prints
the time per call (median, p95 over --repeat runs) and the queue's size; asserts nothing.

    .venv/bin/python benchmarks/review_queue.py
    .venv/bin/python benchmarks/review_queue.py --cards 20000 --repeat 20
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studyguide import create_app
from studyguide.extensions import db
from studyguide.models import Course, Lesson, Question, ReviewCard, User
from studyguide.services import review_queue

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def _seed(cards: int, new: int) -> int:
    rng = random.Random(13)
    user = User(email="bench@example.org", display_name="Bench", password_hash="x")
    course = Course(
        slug="bench", title="Bench", transcript_file="t.txt", transcript_title="T",
        transcript_text="text", transcript_meta={},
    )  # fmt: skip
    db.session.add_all([user, course])
    db.session.flush()
    lessons = [
        Lesson(course_id=course.id, slug=f"l{n}", title=f"L{n}", position=n) for n in range(40)
    ]
    db.session.add_all(lessons)
    db.session.flush()
    questions = [
        Question(course_id=course.id, lesson_id=lessons[n % 40].id, key=f"q{n}", position=n)
        for n in range(cards)
    ]
    db.session.add_all(questions)
    db.session.flush()
    rows = []
    for question in questions:
        last = NOW - timedelta(days=rng.uniform(0, 120))
        interval = timedelta(days=rng.choice([1, 2, 4, 8, 15, 30, 60, 120]))
        rows.append(
            ReviewCard(
                user_id=user.id,
                course_id=course.id,
                lesson_id=question.lesson_id,
                kind="question",
                source_key=f"q:{question.id}",
                question_id=question.id,
                state=2,
                step=None,
                stability=interval.days,
                difficulty=5.0,
                due=last + interval,
                last_review=last,
                reps=rng.randint(1, 8),
                created_at=last,
            )  # fmt: skip
        )
    for n in range(new):
        rows.append(
            ReviewCard(
                user_id=user.id,
                course_id=course.id,
                lesson_id=lessons[n % 40].id,
                kind="recall",
                source_key=f"t:{n}",
                takeaway=f"Takeaway {n}",
                evidence={},
                due=NOW,
                reps=0,
                created_at=NOW - timedelta(minutes=n),
            )  # fmt: skip
        )
    db.session.add_all(rows)
    db.session.commit()
    return user.id


def _time(label: str, repeat: int, action: Callable[[], object]) -> object:
    result = action()  # warm up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - start) * 1000)
        db.session.rollback()
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"{label:<28} median {statistics.median(times):7.2f} ms   p95 {p95:7.2f} ms")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--new", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "REVIEW_CLOCK": lambda: NOW,
             "RATELIMIT_STORAGE_URI": "memory://"}
        )  # fmt: skip
        with app.app_context():
            db.drop_all()
            db.create_all()
            start = time.perf_counter()
            user_id = _seed(args.cards, args.new)
            print(f"database: {db.engine.dialect.name}; seeded {args.cards} + {args.new} cards "
                  f"in {time.perf_counter() - start:.1f} s")  # fmt: skip
            queue = _time("due_queue", args.repeat, lambda: review_queue.due_queue(user_id))
            _time("due_count (nav)", args.repeat, lambda: review_queue.due_count(user_id))
            session = review_queue.start_session(user_id)
            _time(
                "session_view (next card)",
                args.repeat,
                lambda: review_queue.session_view(user_id, session.id),
            )
            assert isinstance(queue, review_queue.Queue)
            print(
                f"queue: {len(queue)} cards ({queue.due_reviews} due again, "
                f"{queue.new_today} new of {args.new} under the daily cap)"
            )
            db.drop_all()


if __name__ == "__main__":
    main()
