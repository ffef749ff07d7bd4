"""Shared pieces of the review tests: a clock to set, and students with answered quizzes."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from studyguide.extensions import db
from studyguide.models import ReviewCard, User
from studyguide.services import attempts
from tests.factories import make_lesson, make_question, make_user

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday morning, UTC


@dataclass
class Clock:
    """The injected clock: `app.config["REVIEW_CLOCK"] = clock`, then move it by hand."""

    at: datetime = START

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> datetime:
        self.at += timedelta(**delta)
        return self.at


@dataclass
class Quizzed:
    user_id: int
    lesson_id: int
    version_ids: list[int] = field(default_factory=list)


def quizzed_student(
    right: int = 1, wrong: int = 1, *, user: User | None = None, takeaways: int = 0
) -> Quizzed:
    """A student who took a quiz of `right + wrong` multiple-choice questions, that many right."""
    user = user or make_user()
    lesson = make_lesson(
        takeaways=[
            {"text": f"Takeaway number {n} says mentors matter.", "evidence": {"quote": "I went"}}
            for n in range(1, takeaways + 1)
        ],
        keyphrases=["mentors"],
    )
    versions = [make_question(lesson) for _ in range(right + wrong)]
    if not versions:
        return Quizzed(user.id, lesson.id)
    attempt = attempts.start_attempt(user.id, lesson.id)
    responses = {v.id: ("Right" if i < right else "Wrong") for i, v in enumerate(versions)}
    attempts.submit_attempt(user.id, attempt.id, responses)
    return Quizzed(user.id, lesson.id, [v.id for v in versions])


def cards_of(user_id: int) -> list[ReviewCard]:
    return list(
        db.session.scalars(
            db.select(ReviewCard).where(ReviewCard.user_id == user_id).order_by(ReviewCard.id)
        )
    )
