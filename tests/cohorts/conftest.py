"""Fixtures for the cohort pages: a course with a quiz, two mentors, a cohort, students."""

from dataclasses import dataclass
from datetime import timedelta

import pytest

from studyguide.extensions import db
from studyguide.models import (
    Attempt,
    AttemptAnswer,
    AttemptGrade,
    Cohort,
    CohortMember,
    CohortMentor,
    Invitation,
    User,
    utcnow,
)
from tests.factories import make_course, make_lesson, make_question, make_user


def make_cohort(course, mentor: User, name: str = "Tuesday group", **overrides) -> Cohort:
    cohort = Cohort(course_id=course.id, name=name, created_by_id=mentor.id, **overrides)
    db.session.add(cohort)
    db.session.flush()
    db.session.add(CohortMentor(cohort_id=cohort.id, user_id=mentor.id))
    db.session.commit()
    return cohort


def add_member(cohort: Cohort, student: User, joined_at=None) -> CohortMember:
    member = CohortMember(cohort_id=cohort.id, user_id=student.id, joined_at=joined_at or utcnow())
    db.session.add(member)
    db.session.commit()
    return member


def make_invitation(cohort: Cohort, **overrides) -> Invitation:
    values = {
        "cohort_id": cohort.id,
        "code": f"code-{cohort.id}-{utcnow().timestamp()}",
        "created_by_id": cohort.created_by_id,
        "expires_at": utcnow() + timedelta(days=7),
        "max_uses": 5,
    }
    values.update(overrides)
    invitation = Invitation(**values)
    db.session.add(invitation)
    db.session.commit()
    return invitation


def take_quiz(student: User, lesson, answers: dict, *, started=None, saved=None) -> Attempt:
    """Store a submitted attempt answering `answers` ({version: (response, correct)})."""
    started = started or utcnow()
    attempt = Attempt(
        user_id=student.id,
        lesson_id=lesson.id,
        state="submitted",
        started_at=started,
        submitted_at=started + timedelta(minutes=5),
    )
    db.session.add(attempt)
    db.session.flush()
    for position, (version, (response, correct)) in enumerate(answers.items()):
        saved_at = None if saved is None else saved[position]
        db.session.add(
            AttemptAnswer(
                attempt_id=attempt.id,
                question_version_id=version.id,
                position=position,
                response=response,
                is_correct=correct,
                saved_at=saved_at,
            )
        )
    right = sum(1 for _, ok in answers.values() if ok)
    db.session.add(
        AttemptGrade(
            attempt_id=attempt.id,
            user_id=student.id,
            lesson_id=lesson.id,
            correct=right,
            total=len(answers),
            score=right / len(answers),
            graded_at=attempt.submitted_at,
        )
    )
    db.session.commit()
    return attempt


@dataclass
class World:
    course_id: int
    lesson_ids: list
    version_ids: list
    mentor_a: int
    mentor_b: int
    cohort_a: int
    cohort_b: int
    student_a: int
    student_b: int
    invitation_b: int
    question_ids: list

    def ids(self, **overrides) -> dict:
        values = {
            "cohort_id": self.cohort_b,
            "student_id": self.student_b,
            "invitation_id": self.invitation_b,
            "question_id": self.question_ids[0],
            "course_id": self.course_id,
        }
        return {**values, **overrides}


@pytest.fixture
def world(app) -> World:
    """Two mentors, each with a cohort of one student who took a quiz, and an invitation."""
    with app.app_context():
        course = make_course()
        lesson = make_lesson(course)
        versions = [make_question(lesson) for _ in range(3)]
        a = make_user(email="a@example.org", role="instructor")
        b = make_user(email="b@example.org", role="instructor")
        cohort_a, cohort_b = make_cohort(course, a, "A's group"), make_cohort(course, b, "B's")
        student_a = make_user(email="sa@example.org")
        student_b = make_user(email="sb@example.org")
        add_member(cohort_a, student_a)
        add_member(cohort_b, student_b)
        for student in (student_a, student_b):
            take_quiz(student, lesson, {v: ("Right", True) for v in versions})
        invitation = make_invitation(cohort_b)
        return World(
            course.id,
            [lesson.id],
            [v.id for v in versions],
            a.id,
            b.id,
            cohort_a.id,
            cohort_b.id,
            student_a.id,
            student_b.id,
            invitation.id,
            [v.question_id for v in versions],
        )
