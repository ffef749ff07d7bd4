"""Mastery, lesson status and "continue where you left off", derived from the facts alone."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from studyguide.errors import NotFound
from studyguide.models import Lesson, LessonRead, utcnow
from studyguide.services import progress
from studyguide.services.progress import (
    AttemptFact,
    GradeFact,
    Mastery,
    Status,
    build_lesson_progress,
    continue_with,
    lesson_status,
    mastery_level,
    percent,
)
from tests.factories import (
    make_course,
    make_graded_attempt,
    make_lesson,
    make_read,
    make_user,
)


def at(day: int, hour: int = 12, minute: int = 0, tz=UTC) -> datetime:
    return datetime(2025, 5, day, hour, minute, tzinfo=tz)


def grades(*pairs) -> list[GradeFact]:
    return [GradeFact(score, moment, attempt_id=i) for i, (score, moment) in enumerate(pairs)]


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ([], Mastery.NOT_STARTED),
        ([(0.0, at(1))], Mastery.ATTEMPTED),
        ([(0.69, at(1))], Mastery.ATTEMPTED),
        ([(0.7, at(1))], Mastery.FAMILIAR),
        ([(7 / 10, at(1))], Mastery.FAMILIAR),
        ([(0.6999999999999999, at(1))], Mastery.FAMILIAR),  # 7/10 arriving with float noise
        ([(0.89, at(1))], Mastery.FAMILIAR),
        ([(0.9, at(1))], Mastery.PROFICIENT),
        ([(27 / 30, at(1))], Mastery.PROFICIENT),
        ([(1.0, at(1))], Mastery.PROFICIENT),
        ([(0.5, at(1)), (0.8, at(2))], Mastery.FAMILIAR),  # the best attempt counts
        ([(0.95, at(1)), (0.4, at(2))], Mastery.PROFICIENT),  # a later low score keeps it
        # Mastered: proficient again on a later UTC calendar day.
        ([(0.9, at(1)), (0.9, at(2))], Mastery.MASTERED),
        ([(0.9, at(1, 9)), (1.0, at(1, 18))], Mastery.PROFICIENT),  # same day is not enough
        ([(0.9, at(1, 23, 59)), (0.9, at(2, 0, 1))], Mastery.MASTERED),  # a day, not 24 hours
        ([(0.9, at(1, 0, 1)), (0.9, at(1, 23, 59))], Mastery.PROFICIENT),
        ([(0.9, at(1)), (0.5, at(2)), (0.92, at(3))], Mastery.MASTERED),
        ([(0.9, at(1)), (0.89, at(2))], Mastery.PROFICIENT),  # familiar later does not count
        ([(0.8, at(1)), (0.9, at(2))], Mastery.PROFICIENT),  # first proficient is day 2
        ([(0.9, at(3)), (0.9, at(2))], Mastery.MASTERED),  # input order does not matter
        # 23:30 at UTC-2 is 01:30 UTC the next day: the same UTC day as 10:00 UTC on the 2nd.
        (
            [(0.9, at(1, 23, 30, tz=timezone(timedelta(hours=-2)))), (0.9, at(2, 10))],
            Mastery.PROFICIENT,
        ),
    ],
)
def test_mastery_level(facts, expected):
    assert mastery_level(grades(*facts)) is expected


@pytest.mark.parametrize(
    ("read", "mastery", "open_attempt", "expected"),
    [
        (False, Mastery.NOT_STARTED, False, Status.NOT_STARTED),
        (True, Mastery.NOT_STARTED, False, Status.READ),
        (False, Mastery.NOT_STARTED, True, Status.IN_PROGRESS),
        (True, Mastery.ATTEMPTED, False, Status.IN_PROGRESS),
        (False, Mastery.FAMILIAR, False, Status.QUIZ_PASSED),
        (True, Mastery.PROFICIENT, True, Status.QUIZ_PASSED),
        (False, Mastery.MASTERED, False, Status.MASTERED),
    ],
)
def test_lesson_status(read, mastery, open_attempt, expected):
    assert lesson_status(read=read, mastery=mastery, open_attempt=open_attempt) is expected


@pytest.mark.parametrize(
    ("score", "expected"),
    [(0, 0), (0.29, 29), (2 / 3, 66), (0.7, 70), (0.899, 89), (0.9, 90), (1.0, 100)],
)
def test_percent_rounds_down(score, expected):
    assert percent(score) == expected


def _lesson(n: int) -> Lesson:
    return Lesson(id=n, slug=f"l{n}", title=f"Lesson {n}", position=n)


def _progress(n: int, *, read_at=None, scores=(), open_at=None):
    attempts = [
        AttemptFact(n, 100 * n + i, moment, GradeFact(score, moment, 100 * n + i))
        for i, (score, moment) in enumerate(scores)
    ]
    if open_at is not None:
        attempts.append(AttemptFact(n, 100 * n + 99, open_at, None, open=True))
    return build_lesson_progress(_lesson(n), read_at, attempts)


def test_lesson_progress_sums_up_the_facts():
    lp = _progress(1, read_at=at(1), scores=[(0.5, at(2)), (0.95, at(3)), (0.8, at(4))])
    assert (lp.attempts, lp.best_percent, lp.latest_percent) == (3, 95, 80)
    assert lp.mastery is Mastery.PROFICIENT and lp.status is Status.QUIZ_PASSED
    assert lp.last_activity == at(4) and not lp.open_attempt
    assert _progress(2).percent == 0 < _progress(3, read_at=at(1)).percent < lp.percent < 100


def test_continue_with_the_first_lesson_when_nothing_was_done():
    lessons = [_progress(1), _progress(2)]
    assert continue_with(lessons).lesson.id == 1


def test_continue_with_the_most_recent_activity_that_is_not_mastered():
    lessons = [
        _progress(1, read_at=at(1)),
        _progress(2, scores=[(0.5, at(3))]),
        _progress(3, read_at=at(2)),
        _progress(4),
    ]
    assert continue_with(lessons).lesson.id == 2


def test_continue_skips_a_mastered_lesson_even_if_it_is_the_latest():
    lessons = [
        _progress(1, scores=[(0.9, at(1)), (1.0, at(9))]),  # mastered, latest activity
        _progress(2, read_at=at(2)),
        _progress(3),
    ]
    assert continue_with(lessons).lesson.id == 2


def test_continue_with_an_open_quiz():
    lessons = [_progress(1, read_at=at(1)), _progress(2, open_at=at(2))]
    assert continue_with(lessons).lesson.id == 2


def test_continue_with_the_first_not_started_when_all_active_are_mastered():
    mastered = [(0.9, at(1)), (0.9, at(2))]
    lessons = [_progress(1, scores=mastered), _progress(2), _progress(3, scores=mastered)]
    assert continue_with(lessons).lesson.id == 2


def test_nothing_to_continue_when_everything_is_mastered():
    mastered = [(0.9, at(1)), (0.9, at(2))]
    assert continue_with([_progress(1, scores=mastered)]) is None
    assert continue_with([]) is None


# Against the database: the queries feed the same functions.


def _day(n: int) -> datetime:
    return utcnow() - timedelta(days=10 - n)


def test_overview_gives_each_lesson_its_status(db):
    student = make_user()
    course = make_course()
    lessons = [make_lesson(course, position=i) for i in range(5)]
    make_read(student, lessons[1], read_at=_day(0))
    make_graded_attempt(student, lessons[2], 0.4, _day(1))
    make_graded_attempt(student, lessons[3], 0.8, _day(2))
    make_graded_attempt(student, lessons[4], 0.9, _day(3))
    make_graded_attempt(student, lessons[4], 1.0, _day(4))

    overview = progress.student_overview(student.id)

    [course_progress] = overview.courses
    assert [lp.status for lp in course_progress.lessons] == [
        Status.NOT_STARTED,
        Status.READ,
        Status.IN_PROGRESS,
        Status.QUIZ_PASSED,
        Status.MASTERED,
    ]
    assert (overview.read, overview.attempts, overview.passed, overview.mastered) == (1, 4, 2, 1)
    assert [e.grade.score for e in overview.timeline] == [0.4, 0.8, 0.9, 1.0]
    assert overview.continue_with.lesson.id == lessons[3].id  # latest activity not mastered
    assert 0 < course_progress.percent < 100


def test_overview_counts_only_the_students_own_facts(db):
    student, other = make_user(), make_user()
    lesson = make_lesson()
    make_graded_attempt(other, lesson, 1.0, _day(1))
    make_graded_attempt(other, lesson, 1.0, _day(2))
    make_read(other, lesson)

    [lp] = progress.student_overview(student.id).lessons

    assert (lp.status, lp.attempts, lp.read_at) == (Status.NOT_STARTED, 0, None)


def test_overview_shows_published_courses_and_current_lessons_in_order(db):
    student = make_user()
    course = make_course(title="A course")
    late = make_lesson(course, position=2, title="Second")
    make_lesson(course, position=3, title="Retired", retired_at=utcnow())
    early = make_lesson(course, position=1, title="First")
    make_lesson(make_course(title="B draft", status="draft"), title="Draft lesson")
    make_graded_attempt(student, late, 0.9)

    overview = progress.student_overview(student.id)

    [course_progress] = overview.courses
    assert [lp.lesson.id for lp in course_progress.lessons] == [early.id, late.id]


def test_lesson_page_has_neighbours_and_progress(db):
    student = make_user()
    course = make_course()
    first, middle, last = (make_lesson(course, position=i) for i in range(3))
    make_read(student, middle)

    page = progress.lesson_page(student.id, course.slug, middle.slug)

    assert (page.neighbours.previous.id, page.neighbours.next.id) == (first.id, last.id)
    assert page.progress.status is Status.READ
    with pytest.raises(NotFound):
        progress.lesson_page(student.id, course.slug, "nope")
    with pytest.raises(NotFound):
        progress.lesson_page(student.id, "nope", middle.slug)


def test_mark_read_is_idempotent(db):
    student = make_user()
    lesson = make_lesson()
    slugs = (lesson.course.slug, lesson.slug)

    assert progress.mark_read(student.id, *slugs).id == lesson.id
    first = db.session.scalar(sa.select(LessonRead.read_at))
    assert progress.mark_read(student.id, *slugs).id == lesson.id

    reads = db.session.scalars(sa.select(LessonRead)).all()
    assert len(reads) == 1 and reads[0].read_at == first
    with pytest.raises(NotFound):
        progress.mark_read(student.id, lesson.course.slug, "nope")


def test_mark_read_refuses_a_retired_lesson(db):
    student = make_user()
    lesson = make_lesson(retired_at=utcnow())
    with pytest.raises(NotFound):
        progress.mark_read(student.id, lesson.course.slug, lesson.slug)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LessonRead)) == 0
