"""Mentor pages run the same, fixed number of queries for a class of one as for a class of six
with many attempts, answers and reads (no query per student, attempt or question).

Counts leave out transaction control (tests/web/test_lessons.py `count_queries`), so they are
the same on SQLite and PostgreSQL."""

import pytest

from studyguide.extensions import db
from studyguide.models import Question, User
from tests.cohorts.conftest import add_member, make_cohort, take_quiz
from tests.factories import make_course, make_lesson, make_question, make_read, make_user
from tests.web.test_lessons import count_queries


def _class(app, mentor_id: int, students: int, attempts: int) -> dict:
    with app.app_context():
        course = make_course()
        lessons = [make_lesson(course) for _ in range(2 if students == 1 else 3)]
        versions = {
            lesson.id: [make_question(lesson) for _ in range(2 if students == 1 else 3)]
            for lesson in lessons
        }
        mentor = db.session.get(User, mentor_id)
        cohort = make_cohort(course, mentor)
        ids = []
        for n in range(students):
            student = make_user()
            add_member(cohort, student)
            ids.append(student.id)
            for lesson in lessons:
                make_read(student, lesson)
                for k in range(attempts):
                    answers = {
                        v: ("Right" if (n + k) % 2 else "Wrong", bool((n + k) % 2))
                        for v in versions[lesson.id]
                    }
                    take_quiz(student, lesson, answers)
        question = db.session.get_one(Question, versions[lessons[0].id][0].question_id)
        return {
            "cohort": cohort.id,
            "course": course.id,
            "student": ids[0],
            "question": question.id,
            "slug": course.slug,
            "key": question.key,
        }


PAGES = {
    "index": "/teach/cohorts",
    "class": "/teach/cohorts/{cohort}",
    "csv": "/teach/cohorts/{cohort}/progress.csv",
    "student": "/teach/cohorts/{cohort}/students/{student}",
    "items": "/teach/cohorts/{cohort}/questions",
    "item": "/teach/cohorts/{cohort}/questions/{question}",
    "course_items": "/teach/cohorts/courses/{course}/questions",
    "manage": "/teach/cohorts/{cohort}/manage",
    # The curation page of a published course's question shows its item analysis.
    "curate_question": "/teach/courses/{slug}/questions/{key}",
}


# Each count includes the user with review settings and the navigation's number due (one query).
QUERIES = {
    "index": 3,
    "class": 3,
    "csv": 3,
    "student": 4,
    "items": 3,
    "item": 3,
    "course_items": 3,
    "manage": 4,
    "curate_question": 3,
}


@pytest.mark.parametrize("page", PAGES)
def test_mentor_pages_run_a_fixed_number_of_queries(app, client, auth, page):
    mentor_id = auth.login_as_instructor()
    small = _class(app, mentor_id, students=1, attempts=1)
    with count_queries(app) as small_queries:
        assert client.get(PAGES[page].format(**small)).status_code == 200
    large = _class(app, mentor_id, students=6, attempts=2)
    with count_queries(app) as large_queries:
        assert client.get(PAGES[page].format(**large)).status_code == 200
    assert len(small_queries) == len(large_queries), "\n".join(large_queries)
    assert len(large_queries) == QUERIES[page], "\n".join(large_queries)
