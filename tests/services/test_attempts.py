"""The attempt state machine: start, save as you go, submit exactly once, even when raced."""

import threading
import time
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from studyguide.models import (
    Attempt,
    AttemptAnswer,
    AttemptGrade,
    QuestionVersion,
    utcnow,
)
from studyguide.services import attempts
from studyguide.services.attempt_reads import get_answer_for_user, load_attempt, quiz_overview
from studyguide.services.attempts import (
    AttemptClosed,
    InvalidResponse,
    NoQuestions,
    NotFound,
    save_answer,
    save_answers,
    start_attempt,
    submit_attempt,
)
from tests.factories import make_course, make_lesson, make_question, make_quiz, make_user

# Right answers to the questions `make_quiz` creates, in order.
RIGHT = ["Right", ["Mentor", "Funding"], True, "abroad", "independent research"]


@dataclass
class Quiz:
    user_id: int
    lesson_id: int
    version_ids: list[int]


@pytest.fixture
def quiz(db) -> Quiz:
    user = make_user()
    versions = make_quiz()
    return Quiz(user.id, versions[0].question.lesson_id, [v.id for v in versions])


def _count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _answer_all(quiz: Quiz, attempt_id: int, responses: list) -> None:
    for version_id, response in zip(quiz.version_ids, responses, strict=True):
        save_answer(quiz.user_id, attempt_id, version_id, response)


# Starting


def test_start_snapshots_the_current_questions_in_order(db, quiz):
    attempt = start_attempt(quiz.user_id, quiz.lesson_id)
    assert attempt.state == "in_progress"
    assert attempt.submitted_at is None
    answers = load_attempt(quiz.user_id, attempt.id).answers
    assert [a.question_version_id for a in answers] == quiz.version_ids
    assert [a.position for a in answers] == [1, 2, 3, 4, 5]
    assert all(a.response is None and a.is_correct is None for a in answers)


def test_start_leaves_out_retired_questions_and_old_versions(db):
    user = make_user()
    lesson = make_lesson()
    kept = make_question(lesson, key="kept")
    retired = make_question(lesson, key="gone")
    retired.question.retired_at = utcnow()
    kept.is_current = False
    newer = QuestionVersion(
        question_id=kept.question_id,
        version=2,
        is_current=True,
        type="true_false",
        prompt="Newer wording?",
        answer=True,
        evidence={},
        content_hash="newer",
    )
    db.session.add(newer)
    db.session.commit()
    attempt = start_attempt(user.id, lesson.id)
    assert [a.question_version_id for a in load_attempt(user.id, attempt.id).answers] == [newer.id]


def test_start_returns_the_open_attempt(db, quiz):
    first = start_attempt(quiz.user_id, quiz.lesson_id).id
    assert start_attempt(quiz.user_id, quiz.lesson_id).id == first
    assert _count(db, Attempt) == 1


def test_start_after_submitting_opens_a_new_attempt(db, quiz):
    first = start_attempt(quiz.user_id, quiz.lesson_id).id
    submit_attempt(quiz.user_id, first)
    second = start_attempt(quiz.user_id, quiz.lesson_id).id
    assert second != first
    overview = quiz_overview(quiz.user_id, quiz.lesson_id)
    assert overview.open_attempt.id == second
    assert [g.attempt_id for g in overview.grades] == [first]
    assert overview.question_count == 5


def test_each_student_has_their_own_open_attempt(db, quiz):
    other = make_user()
    mine = start_attempt(quiz.user_id, quiz.lesson_id).id
    theirs = start_attempt(other.id, quiz.lesson_id).id
    assert mine != theirs


def test_start_refuses_a_lesson_without_questions(db):
    user, lesson = make_user(), make_lesson()
    with pytest.raises(NoQuestions, match="no quiz questions"):
        start_attempt(user.id, lesson.id)
    assert _count(db, Attempt) == 0


@pytest.mark.parametrize("problem", ["missing", "retired", "draft"])
def test_start_refuses_a_lesson_students_cannot_see(db, problem):
    user = make_user()
    lesson = make_lesson(make_course(status="draft" if problem == "draft" else "published"))
    make_question(lesson)
    if problem == "retired":
        lesson.retired_at = utcnow()
        db.session.commit()
    lesson_id = lesson.id + (1000 if problem == "missing" else 0)
    with pytest.raises(NotFound):
        start_attempt(user.id, lesson_id)
    with pytest.raises(NotFound):
        quiz_overview(user.id, lesson_id)


def test_the_database_allows_one_open_attempt_per_student_and_lesson(db, quiz):
    start_attempt(quiz.user_id, quiz.lesson_id)
    db.session.add(Attempt(user_id=quiz.user_id, lesson_id=quiz.lesson_id, state="in_progress"))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()
    # Submitted attempts are not limited.
    db.session.add(Attempt(user_id=quiz.user_id, lesson_id=quiz.lesson_id, state="submitted"))
    db.session.commit()
    assert _count(db, Attempt) == 2


def test_start_that_loses_the_race_returns_the_winners_attempt(db, quiz, monkeypatch):
    winner = start_attempt(quiz.user_id, quiz.lesson_id).id
    real_open_attempt = attempts._open_attempt
    calls = []

    def blind_once(user_id, lesson_id):
        # The first look misses the winner's attempt, as a request racing it would.
        calls.append(1)
        return None if len(calls) == 1 else real_open_attempt(user_id, lesson_id)

    monkeypatch.setattr(attempts, "_open_attempt", blind_once)
    assert start_attempt(quiz.user_id, quiz.lesson_id).id == winner
    assert len(calls) == 2
    assert _count(db, Attempt) == 1
    assert _count(db, AttemptAnswer) == 5


# Saving


def test_save_answer_stores_and_clears_a_response(db, quiz):
    attempt_id = start_attempt(quiz.user_id, quiz.lesson_id).id
    answer = save_answer(quiz.user_id, attempt_id, quiz.version_ids[1], ["Funding", "Mentor"])
    assert answer.response == ["Funding", "Mentor"]
    assert answer.saved_at is not None
    save_answer(quiz.user_id, attempt_id, quiz.version_ids[1], None)
    # Cleared to SQL NULL, not a JSON null, so "not answered" is one query away.
    unanswered = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AttemptAnswer)
        .where(AttemptAnswer.attempt_id == attempt_id, AttemptAnswer.response.is_(None))
    )
    assert unanswered == 5


def test_save_answer_refuses_an_invalid_response_and_keeps_the_old_one(db, quiz):
    attempt_id = start_attempt(quiz.user_id, quiz.lesson_id).id
    save_answer(quiz.user_id, attempt_id, quiz.version_ids[0], "Wrong")
    with pytest.raises(InvalidResponse, match="not one of the choices"):
        save_answer(quiz.user_id, attempt_id, quiz.version_ids[0], "Not offered")
    assert load_attempt(quiz.user_id, attempt_id).answers[0].response == "Wrong"


def test_save_answers_saves_all_or_nothing(db, quiz):
    attempt_id = start_attempt(quiz.user_id, quiz.lesson_id).id
    with pytest.raises(InvalidResponse):
        save_answers(
            quiz.user_id, attempt_id, {quiz.version_ids[0]: "Right", quiz.version_ids[2]: "yes"}
        )
    assert load_attempt(quiz.user_id, attempt_id).answers[0].response is None
    save_answers(quiz.user_id, attempt_id, {quiz.version_ids[0]: "Right"})
    assert load_attempt(quiz.user_id, attempt_id).answers[0].response == "Right"


def test_another_students_attempt_is_not_found(db, quiz):
    attempt_id = start_attempt(quiz.user_id, quiz.lesson_id).id
    answer_id = load_attempt(quiz.user_id, attempt_id).answers[0].id
    intruder = make_user().id
    for call in (
        lambda: load_attempt(intruder, attempt_id),
        lambda: get_answer_for_user(intruder, attempt_id, answer_id),
        lambda: save_answer(intruder, attempt_id, quiz.version_ids[0], "Wrong"),
        lambda: submit_attempt(intruder, attempt_id),
    ):
        with pytest.raises(NotFound):
            call()
    assert load_attempt(quiz.user_id, attempt_id).answers[0].response is None
    assert load_attempt(quiz.user_id, attempt_id).attempt.state == "in_progress"


def test_a_question_from_another_attempt_is_not_found(db, quiz):
    attempt_id = start_attempt(quiz.user_id, quiz.lesson_id).id
    elsewhere = make_question()
    with pytest.raises(NotFound):
        save_answer(quiz.user_id, attempt_id, elsewhere.id, "Right")
    other_attempt = start_attempt(quiz.user_id, elsewhere.question.lesson_id).id
    other_answer = load_attempt(quiz.user_id, other_attempt).answers[0].id
    with pytest.raises(NotFound):
        get_answer_for_user(quiz.user_id, attempt_id, other_answer)


def test_save_after_submit_is_refused(db, quiz):
    attempt_id = start_attempt(quiz.user_id, quiz.lesson_id).id
    submit_attempt(quiz.user_id, attempt_id)
    with pytest.raises(AttemptClosed, match="already submitted"):
        save_answer(quiz.user_id, attempt_id, quiz.version_ids[0], "Right")
    assert load_attempt(quiz.user_id, attempt_id).answers[0].response is None


# Submitting


def test_submit_grades_every_answer_once(db, quiz):
    attempt_id = start_attempt(quiz.user_id, quiz.lesson_id).id
    _answer_all(quiz, attempt_id, ["Right", ["Mentor"], False, "abrod", "research"])
    grade = submit_attempt(quiz.user_id, attempt_id)
    assert (grade.correct, grade.total, grade.score) == (3, 5, 0.6)
    assert (grade.user_id, grade.lesson_id) == (quiz.user_id, quiz.lesson_id)
    detail = load_attempt(quiz.user_id, attempt_id)
    assert detail.submitted and detail.attempt.submitted_at is not None
    assert detail.grade.id == grade.id
    assert [a.is_correct for a in detail.answers] == [True, False, False, True, True]
    assert detail.answers[3].feedback.startswith("Accepted with a small typo")
    assert all(a.feedback for a in detail.answers)


def test_submit_saves_final_responses_in_the_same_transaction(db, quiz):
    attempt_id = start_attempt(quiz.user_id, quiz.lesson_id).id
    save_answer(quiz.user_id, attempt_id, quiz.version_ids[0], "Wrong")
    final = dict(zip(quiz.version_ids, RIGHT, strict=True))
    grade = submit_attempt(quiz.user_id, attempt_id, final)
    assert (grade.correct, grade.total, grade.score) == (5, 5, 1.0)
    assert [a.response for a in load_attempt(quiz.user_id, attempt_id).answers] == RIGHT


def test_submit_with_an_invalid_final_response_changes_nothing(db, quiz):
    attempt_id = start_attempt(quiz.user_id, quiz.lesson_id).id
    with pytest.raises(InvalidResponse):
        submit_attempt(
            quiz.user_id, attempt_id, {quiz.version_ids[0]: "Right", quiz.version_ids[2]: 3}
        )
    detail = load_attempt(quiz.user_id, attempt_id)
    assert detail.attempt.state == "in_progress"
    assert detail.answers[0].response is None
    assert _count(db, AttemptGrade) == 0


def test_a_second_submit_returns_the_stored_grade(db, quiz):
    attempt_id = start_attempt(quiz.user_id, quiz.lesson_id).id
    _answer_all(quiz, attempt_id, RIGHT)
    first = submit_attempt(quiz.user_id, attempt_id)
    first_id, graded_at = first.id, first.graded_at
    # New responses in a late submit are ignored: the attempt is closed.
    second = submit_attempt(quiz.user_id, attempt_id, {quiz.version_ids[0]: "Wrong"})
    assert (second.id, second.graded_at, second.correct) == (first_id, graded_at, 5)
    assert _count(db, AttemptGrade) == 1
    assert load_attempt(quiz.user_id, attempt_id).answers[0].response == "Right"


def test_an_unanswered_attempt_scores_zero(db, quiz):
    attempt_id = start_attempt(quiz.user_id, quiz.lesson_id).id
    grade = submit_attempt(quiz.user_id, attempt_id)
    assert (grade.correct, grade.total, grade.score) == (0, 5, 0.0)
    answers = load_attempt(quiz.user_id, attempt_id).answers
    assert all(a.is_correct is False and a.feedback.startswith("Not answered") for a in answers)


def test_answers_keep_the_version_they_were_shown(db, quiz):
    attempt_id = start_attempt(quiz.user_id, quiz.lesson_id).id
    # The course is re-imported with a changed answer: a new version, the old one kept.
    old = db.session.get(QuestionVersion, quiz.version_ids[0])
    old.is_current = False
    db.session.add(
        QuestionVersion(
            question_id=old.question_id,
            version=2,
            type="multiple_choice",
            prompt=old.prompt,
            choices=old.choices,
            answer="Wrong",
            evidence=old.evidence,
            content_hash="v2",
        )
    )
    db.session.commit()
    save_answer(quiz.user_id, attempt_id, quiz.version_ids[0], "Right")
    submit_attempt(quiz.user_id, attempt_id)
    assert load_attempt(quiz.user_id, attempt_id).answers[0].is_correct is True


# Races: each thread has its own app context, session and database connection.


def _race(app, count: int, action):
    """Run `action(index)` in `count` threads at once; return their results (or raise an error)."""
    barrier = threading.Barrier(count)
    results: list = [None] * count
    errors: list = []

    def run(index):
        with app.app_context():
            barrier.wait()
            try:
                results[index] = action(index)
            except Exception as error:  # re-raised in the test's thread
                errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    if errors:
        raise errors[0]
    return results


def _slow(monkeypatch, name: str, seconds: float = 0.3) -> None:
    """Make `attempts.<name>` pause, so that racing threads overlap inside the transaction."""
    real = getattr(attempts, name)

    def slow(*args, **kwargs):
        time.sleep(seconds)
        return real(*args, **kwargs)

    monkeypatch.setattr(attempts, name, slow)


def test_two_submits_at_once_grade_once_and_agree(app, db, quiz, monkeypatch):
    attempt_id = start_attempt(quiz.user_id, quiz.lesson_id).id
    _answer_all(quiz, attempt_id, ["Right", ["Mentor"], True, "abroad", "nope"])
    # Nothing held open by this thread while the others write (SQLite locks the whole file).
    db.session.rollback()
    _slow(monkeypatch, "apply_grades")

    def submit(index):
        grade = submit_attempt(quiz.user_id, attempt_id)
        return (grade.id, grade.correct, grade.total, grade.score)

    first, second = _race(app, 2, submit)
    assert first == second
    assert first[1:] == (3, 5, 0.6)
    assert _count(db, AttemptGrade) == 1
    assert db.session.get(Attempt, attempt_id).state == "submitted"


def test_two_starts_at_once_open_one_attempt(app, db, quiz, monkeypatch):
    db.session.rollback()
    _slow(monkeypatch, "_current_versions")

    def start(index):
        return start_attempt(quiz.user_id, quiz.lesson_id).id

    first, second = _race(app, 2, start)
    assert first == second
    assert _count(db, Attempt) == 1
    assert _count(db, AttemptAnswer) == 5


def test_a_save_racing_a_submit_is_graded_or_refused_never_lost(app, db, quiz, monkeypatch):
    attempt_id = start_attempt(quiz.user_id, quiz.lesson_id).id
    db.session.rollback()
    _slow(monkeypatch, "apply_grades", 0.2)

    def act(index):
        if index == 0:
            return submit_attempt(quiz.user_id, attempt_id).correct
        try:
            save_answer(quiz.user_id, attempt_id, quiz.version_ids[0], "Right")
        except AttemptClosed:
            return "closed"
        return "saved"

    results = _race(app, 2, act)
    [correct] = [r for r in results if isinstance(r, int)]
    [saved] = [r for r in results if isinstance(r, str)]
    answer = load_attempt(quiz.user_id, attempt_id).answers[0]
    # Either the save landed before the submit and was graded, or it was refused after it.
    if saved == "saved":
        assert (answer.response, answer.is_correct, correct) == ("Right", True, 1)
    else:
        assert (answer.response, answer.is_correct, correct) == (None, False, 0)
