"""A seeded site for the access matrix: one object of every kind, and who owns each.

The five roles of the matrix are real accounts:

- `student` owns every student object: an open and a submitted attempt, review cards, a
  review session and its logs; they are in the cohort.
- `other` is a student who owns nothing and is in no cohort.
- `outsider` is an instructor with no rights to the course (made in the browser, so only its
  editors may edit it), who mentors no cohort and started no import.
- `editor` made the course, mentors its cohort and owns the import job.
"""

from __future__ import annotations

import sqlalchemy as sa

from studyguide.extensions import db
from studyguide.models import AttemptAnswer, ImportJob, Question, ReviewCard, ReviewLog
from studyguide.services import attempts, review, review_queue, teaching
from tests.cohorts.conftest import add_member, make_cohort, make_invitation
from tests.factories import QUIZ_QUESTIONS, make_course, make_lesson, make_question, make_user

ROLES = ("anonymous", "student", "other", "outsider", "editor")
EMAILS = {
    "student": "student@example.org",
    "other": "other@example.org",
    "outsider": "outsider@example.org",
    "editor": "editor@example.org",
}
TAKEAWAY = {
    "text": "A mentor's support matters.",
    "evidence": {"quote": "my mentor supported it", "start_char": 45, "end_char": 67},
}

# The factories' cloze prompt does not occur in its evidence; curation saves check it.
VALID_FIX = {"cloze": {"prompt": "I went ____"}}


def seed() -> dict[str, object]:
    """Create the site and return the values every URL of the app is built from."""
    users = {
        role: make_user(
            email=email, role="student" if role in ("student", "other") else "instructor"
        )
        for role, email in EMAILS.items()
    }
    course = make_course(status="published")
    teaching.make_creator_editor(course, users["editor"])
    db.session.commit()
    lesson = make_lesson(course, position=1, takeaways=[TAKEAWAY])
    make_lesson(course, position=2, takeaways=[TAKEAWAY])
    versions = [
        make_question(lesson, type=kind, position=position, **{**fields, **VALID_FIX.get(kind, {})})
        for position, (kind, fields) in enumerate(QUIZ_QUESTIONS, start=1)
    ]
    cohort = make_cohort(course, users["editor"], "Tuesday group")
    add_member(cohort, users["student"])
    invitation = make_invitation(cohort)
    student_id = users["student"].id

    submitted = attempts.start_attempt(student_id, lesson.id)
    attempts.submit_attempt(student_id, submitted.id, {versions[0].id: "Right"})
    open_attempt = attempts.start_attempt(student_id, lesson.id)
    card, _created = review.remember_takeaway(student_id, lesson.id, 1)
    session = review_queue.start_session(student_id)
    job = ImportJob(
        user_id=users["editor"].id, title="A talk", source_name="talk.txt", source_text="Hi."
    )
    db.session.add(job)
    db.session.commit()
    answer_id = db.session.scalar(
        sa.select(sa.func.min(AttemptAnswer.id)).where(AttemptAnswer.attempt_id == open_attempt.id)
    )
    log_id = db.session.scalar(
        sa.select(sa.func.min(ReviewLog.id)).where(ReviewLog.user_id == student_id)
    )
    question = db.session.get_one(Question, versions[0].question_id)
    question_card_id = db.session.scalar(
        sa.select(ReviewCard.id).where(ReviewCard.source_key == review.question_key(question.id))
    )
    return {
        # lessons, quizzes, review (the student's)
        "course_slug": course.slug,
        "lesson_slug": lesson.slug,
        "lesson_id": lesson.id,
        "attempt_id": open_attempt.id,
        "submitted_attempt_id": submitted.id,
        "answer_id": answer_id,
        "card_id": card.id,
        "question_card_id": question_card_id,
        "session_id": session.id,
        "log_id": log_id,
        "index": 1,
        # teach (the editor's)
        "slug": course.slug,
        "lesson": lesson.slug,
        "key": question.key,
        "job_id": job.id,
        "course_id": course.id,
        "question_id": question.id,
        "cohort_id": cohort.id,
        "student_id": student_id,
        "invitation_id": invitation.id,
        "code": invitation.code,
        "filename": "css/site.css",
    }
