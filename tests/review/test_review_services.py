"""Review cards and sessions: FSRS schedules, the quiz as first review, backlog safety, races."""

from datetime import UTC, datetime, timedelta

import fsrs
import pytest

from studyguide import errors
from studyguide.extensions import db
from studyguide.models import Question, QuestionVersion, ReviewCard, ReviewLog
from studyguide.services import review, review_queue, review_settings
from studyguide.services.review_queue import QueueRow, order_queue
from studyguide.services.review_schedule import Schedule
from tests.review.helpers import START, Clock, cards_of, quizzed_student
from tests.services.test_attempts import _race


@pytest.fixture
def clock(app) -> Clock:
    clock = Clock()
    app.config["REVIEW_CLOCK"] = clock
    return clock


RATINGS = [  # (hours after the previous review, rating)
    (0, fsrs.Rating.Again),
    (0.2, fsrs.Rating.Good),
    (1, fsrs.Rating.Good),
    (30, fsrs.Rating.Hard),
    (100, fsrs.Rating.Easy),
    (400, fsrs.Rating.Again),
    (2, fsrs.Rating.Good),
]


def test_schedule_due_dates_match_fsrs_for_a_fixed_rating_sequence():
    clock = Clock()
    schedule = Schedule(clock=clock)
    card = ReviewCard(state=1, step=0, reps=0, due=START)
    expected_card = fsrs.Card(due=START)
    reference = fsrs.Scheduler(enable_fuzzing=False)
    for hours, rating in RATINGS:
        at = clock.advance(hours=hours)
        schedule.rate(card, rating)
        expected_card, _ = reference.review_card(expected_card, rating, at)
        assert card.due == expected_card.due
        assert card.stability == pytest.approx(expected_card.stability)
        assert card.difficulty == pytest.approx(expected_card.difficulty)
    assert card.reps == len(RATINGS)
    assert card.due > clock.at  # scheduled into the future, never the past


def test_quiz_answers_are_the_first_review_wrong_again_right_good(db, clock):
    quiz = quizzed_student(right=1, wrong=1)
    right, wrong = cards_of(quiz.user_id)
    ratings = {log.card_id: log.rating for log in db.session.scalars(db.select(ReviewLog))}
    assert ratings == {right.id: int(fsrs.Rating.Good), wrong.id: int(fsrs.Rating.Again)}
    reference = fsrs.Scheduler(enable_fuzzing=False)
    for card, rating in ((right, fsrs.Rating.Good), (wrong, fsrs.Rating.Again)):
        expected, _ = reference.review_card(fsrs.Card(due=START), rating, START)
        assert card.due == expected.due and card.reps == 1
        assert card.due.tzinfo is not None  # re-attached UTC, as fsrs needs
    # The next day both are due, the missed one first (more overdue for its interval).
    clock.advance(days=1)
    queue = review_queue.due_queue(quiz.user_id)
    assert queue.card_ids == (wrong.id, right.id)


def test_the_cards_are_made_in_the_grading_transaction(db, clock, monkeypatch):
    from studyguide.services import attempts

    def broken(*args, **kwargs):
        raise RuntimeError("card store failed")

    monkeypatch.setattr(review, "record_quiz_answers", broken)
    with pytest.raises(RuntimeError):
        quizzed_student()
    # Nothing half-done: the attempt is still open and no card exists.
    from studyguide.models import Attempt

    assert db.session.scalar(db.select(Attempt.state)) == "in_progress"
    assert db.session.scalar(db.select(db.func.count(ReviewCard.id))) == 0
    assert attempts  # the module under test


def rows(*specs):
    """QueueRows from (card id, days overdue, interval days, reps)."""
    at = START
    return [
        QueueRow(cid, at - timedelta(days=over), at - timedelta(days=over + interval), reps, at)
        for cid, over, interval, reps in specs
    ]


def test_backlog_comes_most_overdue_relative_to_interval_first():
    queue = order_queue(
        rows(
            (1, 7, 90, 3),  # a week late on a 90-day interval: 0.08
            (2, 1, 1, 2),  # a day late on a 1-day interval: 1.0
            (3, 3, 10, 4),  # 0.3
            (4, -2, 5, 2),  # not due yet
            (5, 0, 0, 0),  # new
        ),
        START,
        new_allowed=5,
    )
    assert queue.card_ids == (2, 3, 1, 5)
    assert (queue.due_reviews, queue.new_today) == (3, 1)


def test_new_cards_per_day_are_capped_in_the_students_time_zone(db, clock):
    quiz = quizzed_student(right=0, wrong=0, takeaways=5)
    for n in range(1, 6):
        review.remember_takeaway(quiz.user_id, quiz.lesson_id, n)
    # 09:00 UTC is 22:00 in Auckland (UTC+13 in March): the local day ends in two hours.
    review_settings.save_settings(
        quiz.user_id, time_zone="Pacific/Auckland", new_per_day=2, card_limit=40,
        time_limit_minutes=10,
    )  # fmt: skip
    assert len(review_queue.due_queue(quiz.user_id)) == 2
    session = review_queue.start_session(quiz.user_id)
    for _ in range(2):
        view = review_queue.session_view(quiz.user_id, session.id)
        review.rate_recall(quiz.user_id, view.card.id, session.id, view.card.reps, 3)
    assert review_queue.due_queue(quiz.user_id).new_today == 0
    clock.advance(hours=1)  # still the same Auckland day
    assert review_queue.due_queue(quiz.user_id).new_today == 0
    clock.advance(hours=2)  # past Auckland midnight, still the same UTC day
    assert review_queue.due_queue(quiz.user_id).new_today == 2


def test_a_session_ends_at_its_card_limit_and_says_what_is_left(db, clock):
    quiz = quizzed_student(right=0, wrong=5)
    review_settings.save_settings(
        quiz.user_id, time_zone=None, card_limit=3, time_limit_minutes=10, new_per_day=10
    )
    clock.advance(days=2)
    session = review_queue.start_session(quiz.user_id)
    for _ in range(3):
        view = review_queue.session_view(quiz.user_id, session.id)
        assert view.ended is None
        review.answer_question(quiz.user_id, view.card.id, session.id, view.card.reps, ["Right"])
    view = review_queue.session_view(quiz.user_id, session.id)
    assert (view.ended, view.done, view.left_for_later) == ("count", 3, 2)


def test_a_session_ends_at_its_time_limit(db, clock):
    quiz = quizzed_student(right=0, wrong=3)
    clock.advance(days=1)
    session = review_queue.start_session(quiz.user_id)  # the default: 10 minutes
    view = review_queue.session_view(quiz.user_id, session.id)
    review.answer_question(quiz.user_id, view.card.id, session.id, view.card.reps, ["Wrong"])
    clock.advance(minutes=9, seconds=59)
    assert review_queue.session_view(quiz.user_id, session.id).ended is None
    clock.advance(seconds=1)
    view = review_queue.session_view(quiz.user_id, session.id)
    assert (view.ended, view.done, view.left_for_later) == ("time", 1, 3)


def test_a_month_away_is_a_normal_sized_session(db, clock):
    quiz = quizzed_student(right=30, wrong=30)
    clock.advance(days=31)
    assert len(review_queue.due_queue(quiz.user_id)) == 60
    session = review_queue.start_session(quiz.user_id)
    assert session.card_limit == 40  # the default count limit


def test_one_card_answered_twice_at_once_counts_once(app, clock):
    with app.app_context():
        quiz = quizzed_student(right=0, wrong=1)
        clock.advance(days=1)
        session = review_queue.start_session(quiz.user_id)
        card = cards_of(quiz.user_id)[0]
        card_id, rep, session_id = card.id, card.reps, session.id

    def answer(_):
        try:
            return review.answer_question(quiz.user_id, card_id, session_id, rep, ["Right"]).id
        except review.AlreadyAnswered as error:
            return ("already", error.log_id)

    results = _race(app, 2, answer)
    with app.app_context():
        logs = list(db.session.scalars(db.select(ReviewLog).where(ReviewLog.card_id == card_id)))
        assert len(logs) == 2  # the quiz answer and one review, not two
        assert db.session.get(ReviewCard, card_id).reps == 2
    winner = next(r for r in results if isinstance(r, int))
    assert ("already", winner) in results


def test_another_students_card_is_not_found(db, clock):
    mine = quizzed_student()
    theirs = quizzed_student()
    card = cards_of(theirs.user_id)[0]
    session = review_queue.start_session(mine.user_id)
    with pytest.raises(errors.NotFound):
        review.answer_question(mine.user_id, card.id, session.id, card.reps, ["Right"])
    with pytest.raises(errors.NotFound):
        review.set_suspended(mine.user_id, card.id, True)
    with pytest.raises(errors.NotFound):
        review.remove_card(mine.user_id, card.id)


def test_a_new_question_version_keeps_the_card_and_is_asked(db, clock):
    quiz = quizzed_student(right=0, wrong=1)
    card = cards_of(quiz.user_id)[0]
    old = db.session.get(QuestionVersion, quiz.version_ids[0])
    old.is_current = False
    db.session.add(
        QuestionVersion(
            question_id=old.question_id, version=2, is_current=True, type="true_false",
            prompt="Mentors matter.", choices=[], answer=True, evidence=old.evidence,
            content_hash="v2",
        )
    )  # fmt: skip
    db.session.commit()
    clock.advance(days=1)
    session = review_queue.start_session(quiz.user_id)
    view = review_queue.session_view(quiz.user_id, session.id)
    assert view.card.id == card.id and view.version.version == 2
    log = review.answer_question(quiz.user_id, card.id, session.id, card.reps, ["true"])
    assert log.correct is True and log.rep == 2
    assert len(cards_of(quiz.user_id)) == 1


def test_a_retired_questions_card_is_suspended_not_deleted(db, clock):
    quiz = quizzed_student(right=0, wrong=2)
    first, second = cards_of(quiz.user_id)
    db.session.get(Question, first.question_id).retired_at = START
    db.session.commit()
    clock.advance(days=1)
    assert review_queue.due_queue(quiz.user_id).card_ids == (second.id,)
    assert first in review.student_cards(quiz.user_id)  # still there, shown as suspended
    assert db.session.scalar(db.select(db.func.count(ReviewLog.id))) == 2


def test_suspend_resume_and_remove(db, clock):
    quiz = quizzed_student(right=0, wrong=1)
    card = cards_of(quiz.user_id)[0]
    clock.advance(days=1)
    review.set_suspended(quiz.user_id, card.id, True)
    assert review_queue.due_queue(quiz.user_id).card_ids == ()
    review.set_suspended(quiz.user_id, card.id, False)
    assert review_queue.due_queue(quiz.user_id).card_ids == (card.id,)
    review.remove_card(quiz.user_id, card.id)
    assert review_queue.due_queue(quiz.user_id).card_ids == ()
    assert review.student_cards(quiz.user_id) == []


def test_settings_refuse_unknown_zones_and_limits(db):
    with pytest.raises(errors.Refused):
        review_settings.save_settings(1, time_zone="Mars/Olympus", card_limit=10)
    with pytest.raises(errors.Refused):
        review_settings.save_settings(1, time_zone=None, card_limit=0)


def test_remembering_a_takeaway_twice_makes_one_card(db, clock):
    quiz = quizzed_student(right=0, wrong=0, takeaways=2)
    card, created = review.remember_takeaway(quiz.user_id, quiz.lesson_id, 2)
    again, created_again = review.remember_takeaway(quiz.user_id, quiz.lesson_id, 2)
    assert created and not created_again and card.id == again.id
    assert card.takeaway == "Takeaway number 2 says mentors matter."
    with pytest.raises(errors.NotFound):
        review.remember_takeaway(quiz.user_id, quiz.lesson_id, 3)


def test_aware_datetimes_after_a_round_trip(db, clock):
    quiz = quizzed_student(right=1, wrong=0)
    db.session.expire_all()
    card = cards_of(quiz.user_id)[0]
    assert card.due.tzinfo is not None and card.last_review == START
    assert isinstance(card.due, datetime) and card.due.utcoffset() == timedelta(0)
    assert card.due.astimezone(UTC) > START


def test_the_databases_queue_order_matches_the_urgency_rule(db, clock):
    import random

    rng = random.Random(5)
    quiz = quizzed_student(right=0, wrong=25, takeaways=4)
    for n in range(1, 5):
        review.remember_takeaway(quiz.user_id, quiz.lesson_id, n)
    cards = cards_of(quiz.user_id)
    for card in cards:
        if card.reps:
            card.last_review = START - timedelta(days=rng.uniform(0, 60))
            card.due = card.last_review + timedelta(days=rng.choice([0.01, 1, 3, 10, 40]))
    db.session.commit()
    rows = [QueueRow(c.id, c.due, c.last_review, c.reps, c.created_at) for c in cards]
    expected = order_queue(rows, START, new_allowed=10)
    queue = review_queue.due_queue(quiz.user_id)
    assert queue.card_ids == expected.card_ids
    assert (queue.due_reviews, queue.new_today) == (expected.due_reviews, 4)
    first = review_queue.due_queue(quiz.user_id, limit=3)
    assert first.card_ids == expected.card_ids[:3] and len(first) == len(expected.card_ids)
