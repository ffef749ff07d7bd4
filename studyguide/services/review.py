"""Review cards: made from quiz answers and chosen takeaways, rated, suspended and removed.

Every function checks the card against the student asking (someone else's card is NotFound),
and every write is one transaction this module commits. A rating is a compare-and-set on the
card's `reps`: of two answers to the same showing of a card, exactly one counts. The queue and
sessions live in `review_queue`, the statistics in `review_stats`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from studyguide import errors, questiontypes
from studyguide.extensions import db
from studyguide.models import (
    AttemptAnswer,
    CardKind,
    Lesson,
    Question,
    QuestionVersion,
    ReviewCard,
    ReviewLog,
    ReviewSession,
    ReviewSource,
)
from studyguide.questiontypes import InvalidResponse
from studyguide.services._tx import transaction
from studyguide.services.review_schedule import QUIZ_RATING, Rating, Schedule, now

__all__ = [
    "InvalidResponse",
    "answer_question",
    "card_for_user",
    "current_version",
    "rate_recall",
    "record_quiz_answers",
    "remember_takeaway",
    "remove_card",
    "review_result",
    "set_suspended",
]


class CardNotFound(errors.NotFound):
    def __init__(self, message: str = "There is no such review card.") -> None:
        super().__init__(message)


class AlreadyAnswered(errors.Conflict):
    """The card was answered in the meantime (another tab, a double click)."""

    def __init__(self, log_id: int | None) -> None:
        super().__init__("This card was already answered; here is that answer.")
        self.log_id = log_id


def takeaway_key(lesson_id: int, text: str) -> str:
    """Return the source key of a takeaway card: stable while the takeaway's words are."""
    digest = hashlib.sha256(text.strip().encode()).hexdigest()[:24]
    return f"t:{lesson_id}:{digest}"


def question_key(question_id: int) -> str:
    return f"q:{question_id}"


# -- making cards ----------------------------------------------------------------------------


def record_quiz_answers(
    user_id: int, lesson: Lesson, answers: Sequence[AttemptAnswer], at: datetime | None = None
) -> None:
    """Make or review one card per answered question: wrong is Again, right is Good.

    Runs inside the caller's transaction (the one that grades the attempt); commits nothing.
    A card the student removed stays removed.
    """
    answered = [a for a in answers if a.response is not None and a.is_correct is not None]
    if not answered:
        return
    moment = at or now()
    keys = {question_key(a.question_version.question_id): a for a in answered}
    cards = {
        card.source_key: card
        for card in db.session.scalars(
            sa.select(ReviewCard).where(
                ReviewCard.user_id == user_id, ReviewCard.source_key.in_(keys)
            )
        )
    }
    schedule = Schedule()
    for key, answer in keys.items():
        card = cards.get(key)
        if card is None:
            card = ReviewCard(
                user_id=user_id,
                course_id=lesson.course_id,
                lesson_id=lesson.id,
                kind=CardKind.QUESTION.value,
                source_key=key,
                question_id=answer.question_version.question_id,
                due=moment,
                created_at=moment,
                reps=0,
                state=1,
                step=0,
            )
            db.session.add(card)
            db.session.flush()
        elif card.removed_at is not None:
            continue
        rating = QUIZ_RATING[bool(answer.is_correct)]
        log = _log(card, schedule, rating, moment, ReviewSource.QUIZ, answer.question_version)
        log.response, log.correct, log.feedback = (
            answer.response,
            answer.is_correct,
            answer.feedback,
        )


def lesson_for(lesson_id: int) -> Lesson:
    """Return a current lesson of a published course.

    Raises:
        NotFound: no such lesson, or it is retired or unpublished.
    """
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None or lesson.retired_at is not None or lesson.course.status != "published":
        raise errors.NotFound("There is no such lesson.")
    return lesson


def remember_takeaway(user_id: int, lesson_id: int, index: int) -> tuple[ReviewCard, bool]:
    """Make a recall card of the lesson's takeaway number `index` (from 1); return it and
    whether it is new. Choosing it again returns the same card (back, if it was removed).

    Raises:
        NotFound: no such current lesson, or it has no such takeaway.
    """
    lesson = lesson_for(lesson_id)
    if not 1 <= index <= len(lesson.takeaways):
        raise errors.NotFound("This lesson has no such takeaway.")
    takeaway = lesson.takeaways[index - 1]
    key = takeaway_key(lesson.id, takeaway["text"])
    query = sa.select(ReviewCard).where(ReviewCard.user_id == user_id, ReviewCard.source_key == key)
    try:
        with transaction():
            card = db.session.scalar(query)
            if card is not None:
                created = card.removed_at is not None
                card.removed_at = None
                return card, created
            card = ReviewCard(
                user_id=user_id,
                course_id=lesson.course_id,
                lesson_id=lesson.id,
                kind=CardKind.RECALL.value,
                source_key=key,
                takeaway=takeaway["text"],
                evidence=takeaway.get("evidence") or {},
                due=now(),
            )
            db.session.add(card)
    except sa.exc.IntegrityError:
        # A double click made the same card first: that is the card.
        card = db.session.scalar(query)
        if card is None:
            raise
        return card, False
    return card, True


# -- the student's own cards ------------------------------------------------------------------


def card_for_user(user_id: int, card_id: int, *, lock: bool = False) -> ReviewCard:
    """Return the student's card (not removed) with its lesson and course.

    Raises:
        CardNotFound: no such card, it was removed, or it is someone else's.
    """
    query = (
        sa.select(ReviewCard)
        .where(
            ReviewCard.id == card_id,
            ReviewCard.user_id == user_id,
            ReviewCard.removed_at.is_(None),
        )
        .options(joinedload(ReviewCard.lesson).joinedload(Lesson.course))
    )
    if lock:
        query = query.with_for_update(of=ReviewCard).execution_options(populate_existing=True)
    card = db.session.scalar(query)
    if card is None:
        raise CardNotFound()
    return card


def student_cards(user_id: int) -> list[ReviewCard]:
    """Return the student's cards (not removed), by course and lesson, with their sources."""
    return list(
        db.session.scalars(
            sa.select(ReviewCard)
            .join(Lesson, Lesson.id == ReviewCard.lesson_id)
            .where(ReviewCard.user_id == user_id, ReviewCard.removed_at.is_(None))
            .options(
                joinedload(ReviewCard.lesson).joinedload(Lesson.course),
                joinedload(ReviewCard.question).selectinload(Question.versions),
            )
            .order_by(ReviewCard.course_id, Lesson.position, ReviewCard.id)
        )
    )


def current_version(card: ReviewCard) -> QuestionVersion | None:
    """Return the question's current version: a new version keeps the card and its history."""
    if card.question_id is None:
        return None
    return db.session.scalar(
        sa.select(QuestionVersion).where(
            QuestionVersion.question_id == card.question_id, QuestionVersion.is_current
        )
    )


def set_suspended(user_id: int, card_id: int, suspended: bool) -> ReviewCard:
    """Suspend the student's card (it leaves the queue, keeps its history) or resume it."""
    with transaction():
        card = card_for_user(user_id, card_id)
        card.suspended_at = now() if suspended else None
    return card


def remove_card(user_id: int, card_id: int) -> ReviewCard:
    """Remove the student's card from review; its past reviews stay counted in statistics."""
    with transaction():
        card = card_for_user(user_id, card_id)
        card.removed_at = now()
    return card


# -- answering --------------------------------------------------------------------------------


def answer_question(
    user_id: int, card_id: int, session_id: int, rep: int, values: Sequence[str]
) -> ReviewLog:
    """Grade the form values against the question's current version and rate the card by it.

    `rep` is the number of reviews the card had when shown: a second answer to that showing
    (another tab, two requests at once) counts nothing and raises AlreadyAnswered.

    Raises:
        CardNotFound, AlreadyAnswered, InvalidResponse (nothing is stored).
    """
    with transaction():
        card, session = _claimable(user_id, card_id, session_id, rep)
        version = current_version(card)
        if version is None or card.kind != CardKind.QUESTION:
            raise CardNotFound()
        kind = questiontypes.question_type(version.type)
        response = kind.parse(version, values)
        grading = kind.grade(version, response)
        log = _claim(card, rep, QUIZ_RATING[grading.correct], session, version=version)
        log.response, log.correct, log.feedback = response, grading.correct, grading.feedback
    return log


def rate_recall(user_id: int, card_id: int, session_id: int, rep: int, rating: int) -> ReviewLog:
    """Rate a recall card Again (1), Hard (2), Good (3) or Easy (4), once per showing.

    Raises:
        CardNotFound, AlreadyAnswered, Refused (no such rating).
    """
    if rating not in (1, 2, 3, 4):
        raise errors.Refused("Choose Again, Hard, Good or Easy.")
    with transaction():
        card, session = _claimable(user_id, card_id, session_id, rep)
        if card.kind != CardKind.RECALL:
            raise CardNotFound()
        log = _claim(card, rep, Rating(rating), session)
    return log


def review_result(user_id: int, log_id: int) -> ReviewLog:
    """Return one of the student's review answers with its card, lesson, course and version."""
    log = db.session.scalar(
        sa.select(ReviewLog)
        .where(ReviewLog.id == log_id, ReviewLog.user_id == user_id)
        .options(joinedload(ReviewLog.card).joinedload(ReviewCard.lesson).joinedload(Lesson.course))
    )
    if log is None:
        raise CardNotFound("There is no such review.")
    return log


def version_of(log: ReviewLog) -> QuestionVersion | None:
    if log.question_version_id is None:
        return None
    return db.session.get(QuestionVersion, log.question_version_id)


def _claimable(
    user_id: int, card_id: int, session_id: int, rep: int
) -> tuple[ReviewCard, ReviewSession]:
    card = card_for_user(user_id, card_id, lock=True)
    session = db.session.get(ReviewSession, session_id)
    if session is None or session.user_id != user_id:
        raise errors.NotFound("There is no such review session.")
    if card.reps != rep:
        raise AlreadyAnswered(_log_id(card.id, rep + 1))
    return card, session


def _claim(
    card: ReviewCard,
    rep: int,
    rating: Rating,
    session: ReviewSession,
    *,
    version: QuestionVersion | None = None,
) -> ReviewLog:
    # The compare-and-set: of two answers to the same showing, one sees rowcount 1. On
    # PostgreSQL the loser's UPDATE waits for the winner's commit, then matches no row.
    claimed = cast(
        sa.CursorResult[Any],
        db.session.execute(
            sa.update(ReviewCard)
            .where(ReviewCard.id == card.id, ReviewCard.reps == rep)
            .values(reps=rep + 1)
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    if claimed != 1:
        raise AlreadyAnswered(_log_id(card.id, rep + 1))
    card.reps = rep
    return _log(card, Schedule(), rating, now(), ReviewSource.REVIEW, version, session.id)


def _log(
    card: ReviewCard,
    schedule: Schedule,
    rating: Rating,
    at: datetime,
    source: ReviewSource,
    version: QuestionVersion | None = None,
    session_id: int | None = None,
) -> ReviewLog:
    schedule.rate(card, rating, at)
    log = ReviewLog(
        card_id=card.id,
        user_id=card.user_id,
        session_id=session_id,
        rep=card.reps,
        source=source.value,
        rating=int(rating),
        reviewed_at=at,
        due_after=card.due,
        question_version_id=version.id if version else None,
    )
    db.session.add(log)
    db.session.flush()
    return log


def _log_id(card_id: int, rep: int) -> int | None:
    return db.session.scalar(
        sa.select(ReviewLog.id).where(ReviewLog.card_id == card_id, ReviewLog.rep == rep)
    )
