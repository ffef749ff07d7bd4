"""Quiz pages issue the same, fixed number of queries for a 1-question quiz with one past
attempt as for a 10-question quiz with 30 past attempts (none per question, answer or attempt)."""

import pytest

from studyguide.extensions import db
from studyguide.models import Lesson, User
from studyguide.services import attempts
from tests.factories import make_graded_attempt, make_lesson, make_question, make_quiz
from tests.web.test_lessons import count_queries


def _lesson_with(app, student_id: int, *, questions: int, past_attempts: int) -> int:
    with app.app_context():
        lesson = make_lesson()
        if questions == 1:
            make_question(lesson)
        else:
            for _ in range(questions // 5):
                make_quiz(lesson)
        student = db.session.get(User, student_id)
        for n in range(past_attempts):
            make_graded_attempt(student, db.session.get(Lesson, lesson.id), (n % 10) / 10)
        return lesson.id


def _urls(app, student_id: int, lesson_id: int) -> dict[str, str]:
    with app.app_context():
        open_attempt = attempts.start_attempt(student_id, lesson_id)
        taken_id = open_attempt.id
        attempts.submit_attempt(student_id, taken_id, {})
        second = attempts.start_attempt(student_id, lesson_id).id
    return {
        "intro": f"/lessons/{lesson_id}/quiz",
        "take": f"/attempts/{second}",
        "result": f"/attempts/{taken_id}/result",
    }


# Each count: the user with their review settings, the navigation's number due and the
# content version (one query), the page's reads. intro: the student's attempts at the quiz
# with their grades (the lesson, its course and its number of questions come from the content
# cache). take and result: the attempt with its lesson, course and grade; its answers with
# their questions.
QUERIES = {"intro": 2, "take": 3, "result": 3}


@pytest.mark.parametrize("page", ["intro", "take", "result"])
def test_quiz_pages_run_a_fixed_number_of_queries(app, client, auth, page):
    student_id = auth.login_as_student()
    small = _urls(app, student_id, _lesson_with(app, student_id, questions=1, past_attempts=1))
    large = _urls(app, student_id, _lesson_with(app, student_id, questions=10, past_attempts=30))

    assert client.get(small[page]).status_code == 200  # fills the content cache
    with count_queries(app) as small_queries:
        assert client.get(small[page]).status_code == 200
    with count_queries(app) as large_queries:
        assert client.get(large[page]).status_code == 200

    assert len(small_queries) == len(large_queries), "\n".join(large_queries)
    assert len(large_queries) == QUERIES[page], "\n".join(large_queries)
