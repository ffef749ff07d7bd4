"""Item statistics against values worked out by hand on five students and three questions.

First attempts (1 = correct); every question is multiple choice, "Right" is the key:

    student  Q1            Q2              Q3
    S1       Right   1     Right       1   Right       1
    S2       Right   1     Right       1   Wrong       0
    S3       Right   1     Also wrong  0   Wrong       0
    S4       Wrong   0     Right       1   Also wrong  0
    S5       Wrong   0     (none)      0   Wrong       0

The rest score of an answer is the share of the attempt's two other questions answered right.
Q1: x = 1 1 1 0 0, rest = 1 .5 0 .5 0: mean x .6, mean rest .4, cov .06, var x .24, var
rest .14, r = .06 / sqrt(.24 × .14) = 0.32733. Q2: x = 1 1 0 1 0, rest = 1 .5 .5 0 0: the
same moments, r = 0.32733. Q3: x = 1 0 0 0 0, rest = 1 1 .5 .5 0: mean rest .6, cov .08, var
x .16, var rest .14, r = .08 / sqrt(.16 × .14) = 0.53452.
"""

from datetime import timedelta

import pytest

from studyguide.extensions import db
from studyguide.models import User, utcnow
from studyguide.services import item_analysis
from studyguide.services.item_analysis import Flag
from tests.cohorts.conftest import add_member, make_cohort, take_quiz
from tests.factories import make_course, make_lesson, make_question, make_user

TABLE = {
    "S1": ["Right", "Right", "Right"],
    "S2": ["Right", "Right", "Wrong"],
    "S3": ["Right", "Also wrong", "Wrong"],
    "S4": ["Wrong", "Right", "Also wrong"],
    "S5": ["Wrong", None, "Wrong"],
}


@pytest.fixture
def items(app):
    with app.app_context():
        course = make_course()
        lesson = make_lesson(course)
        versions = [make_question(lesson, position=i) for i in range(3)]
        mentor = make_user(email="m@example.org", role="instructor")
        cohort = make_cohort(course, mentor)
        t0 = utcnow() - timedelta(hours=1)
        for name, responses in TABLE.items():
            student = make_user(email=f"{name.lower()}@example.org")
            add_member(cohort, student)
            answers = {v: (r, r == "Right") for v, r in zip(versions, responses, strict=True)}
            # S1 saved as they went (10, 20, 30 s apart); S2's first answer came with the
            # submit, after it closed: not timed.
            saved = None
            if name == "S1":
                saved = [t0 + timedelta(seconds=s) for s in (10, 30, 60)]
            if name == "S2":
                saved = [t0 + timedelta(minutes=6), None, None]
            take_quiz(student, lesson, answers, started=t0, saved=saved)
            if name == "S5":  # a later, perfect attempt: only "every attempt" counts it
                take_quiz(student, lesson, {v: ("Right", True) for v in versions})
        outsider = make_user(email="out@example.org")  # a student not in the cohort
        take_quiz(outsider, lesson, {v: ("Right", True) for v in versions})
        teacher = db.session.get(User, mentor.id)  # an instructor trying the quiz: never counted
        take_quiz(teacher, lesson, {v: ("Wrong", False) for v in versions})
        return {
            "cohort": cohort.id,
            "course": course.id,
            "mentor": mentor.id,
            "questions": [v.question_id for v in versions],
        }


def _counts(item):
    return {c.label: c.count for c in item.choices}, item.unanswered


def test_first_attempts_over_the_cohort(app, items):
    with app.app_context():
        report = item_analysis.cohort_items(items["mentor"], items["cohort"])
        q1, q2, q3 = report.items
        assert [q.attempts for q in report.items] == [5, 5, 5]
        assert (q1.facility, q2.facility, q3.facility) == (0.6, 0.6, 0.2)
        assert q1.discrimination == pytest.approx(0.32733, abs=1e-5)
        assert q2.discrimination == pytest.approx(0.32733, abs=1e-5)
        assert q3.discrimination == pytest.approx(0.53452, abs=1e-5)
        assert _counts(q1) == ({"Right": 3, "Wrong": 2, "Also wrong": 0}, 0)
        assert _counts(q2) == ({"Right": 3, "Wrong": 0, "Also wrong": 1}, 1)
        assert _counts(q3) == ({"Right": 1, "Wrong": 3, "Also wrong": 1}, 0)
        assert [c.is_key for c in q1.choices] == [True, False, False]
        assert [(q.mean_seconds, q.timed) for q in report.items] == [
            (pytest.approx(10, abs=0.01), 1),
            (pytest.approx(20, abs=0.01), 1),
            (pytest.approx(30, abs=0.01), 1),
        ]
        assert q1.flags == (Flag.DISTRACTOR_NEVER_CHOSEN,)
        assert q2.flags == (Flag.DISTRACTOR_NEVER_CHOSEN,)
        assert q3.flags == (Flag.TOO_HARD, Flag.DISTRACTOR_BEATS_KEY)
        assert [i.question.id for i in report.flagged] == items["questions"]


def test_every_attempt_and_all_students(app, items):
    with app.app_context():
        every = item_analysis.cohort_items(items["mentor"], items["cohort"], first_only=False)
        assert [q.attempts for q in every.items] == [6, 6, 6]
        assert every.items[0].correct == 4
        course = item_analysis.course_items(db.session.get(User, items["mentor"]), items["course"])
        # The outsider counts over all students; the instructor's attempt never does.
        assert [q.attempts for q in course.items] == [6, 6, 6]
        assert [q.correct for q in course.items] == [4, 4, 2]


def test_one_question_for_the_curation_page(app, items):
    with app.app_context():
        mentor = db.session.get(User, items["mentor"])
        item = item_analysis.item_analysis_for_question(
            mentor, items["questions"][2], cohort_id=items["cohort"]
        )
        assert (item.attempts, item.correct) == (5, 1)
        assert item.question.id == items["questions"][2]
        with pytest.raises(item_analysis.NotFound):
            item_analysis.item_analysis_for_question(mentor, 10**6)
        student = db.session.scalar(db.select(User).where(User.email == "s1@example.org"))
        with pytest.raises(item_analysis.NotFound):
            item_analysis.item_analysis_for_question(student, items["questions"][0])


def test_few_attempts_are_shown_but_not_flagged(app):
    with app.app_context():
        lesson = make_lesson()
        version = make_question(lesson)
        mentor = make_user(role="instructor")
        cohort = make_cohort(lesson.course, mentor)
        student = make_user()
        add_member(cohort, student)
        take_quiz(student, lesson, {version: ("Right", True)})
        (item,) = item_analysis.cohort_items(mentor.id, cohort.id).items
        assert (item.attempts, item.facility, item.flags) == (1, 1.0, ())
        assert item.discrimination is None  # one question: no rest of the quiz


def test_pages_show_the_figures(app, client, auth, items):
    auth.login("m@example.org")
    page = client.get(f"/teach/cohorts/{items['cohort']}/questions").get_data(as_text=True)
    assert "first attempt" in page
    assert "Flagged questions (3)" in page
    assert "0.53" in page and "0.33" in page
    q3 = items["questions"][2]
    page = client.get(f"/teach/cohorts/{items['cohort']}/questions/{q3}").get_data(as_text=True)
    assert "Too hard" in page and "A wrong choice picked more often" in page
    assert '<th scope="row">Wrong</th><td>3</td>' in page
    every = client.get(f"/teach/cohorts/{items['cohort']}/questions/{q3}?attempts=all")
    assert "Every attempt" in every.get_data(as_text=True)
    course_page = client.get(f"/teach/cohorts/courses/{items['course']}/questions")
    assert "all students of the course" in course_page.get_data(as_text=True)
