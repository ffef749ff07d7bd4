"""A realistic class for the mentor pages' profiles: `profile_pages.py --students N`.

Adds N students to the bench cohort (seeded by throughput.py) through the real services: each
joins, reads every lesson, and takes every lesson's quiz once with seeded random answers (some
right, some wrong, some blank), so the class table, the item analysis and a student's page
read a class-sized set of facts. Users are stored with the bench student's password hash: no
scrypt per student.
"""

from __future__ import annotations

import random


def add_students(count: int, cohort_id: int, seed: int = 11) -> dict[str, int]:
    """Add `count` students who studied everything to the cohort; return what was made."""
    import sqlalchemy as sa

    from studyguide.extensions import db
    from studyguide.models import Cohort, CohortMember, Lesson, LessonRead, Question, User
    from studyguide.questiontypes import question_type
    from studyguide.services import attempts

    rng = random.Random(seed)
    cohort = db.session.get_one(Cohort, cohort_id)
    current = sa.and_(Lesson.course_id == cohort.course_id, Lesson.retired_at.is_(None))
    lessons = list(db.session.scalars(sa.select(Lesson).where(current)))
    template = db.session.scalar(sa.select(User).where(User.role == "student"))
    answered = 0
    for n in range(count):
        student = User(
            email=f"class{n}@example.org", display_name=f"Class Student {n:02d}",
            role="student", password_hash=template.password_hash,
        )  # fmt: skip
        db.session.add(student)
        db.session.flush()
        db.session.add(CohortMember(cohort_id=cohort.id, user_id=student.id))
        db.session.add_all(LessonRead(user_id=student.id, lesson_id=les.id) for les in lessons)
        db.session.commit()
        for lesson in lessons:
            attempt = attempts.start_attempt(student.id, lesson.id)
            responses = {}
            for answer in attempt.answers:
                version = answer.question_version
                kind = question_type(version.type)
                options = [value for value, _ in kind.options(version)] or ["an answer"]
                if rng.random() < 0.9:  # a tenth left blank
                    responses[version.id] = kind.parse(version, [rng.choice(options)])
            attempts.save_answers(student.id, attempt.id, responses)
            attempts.submit_attempt(student.id, attempt.id)
            answered += len(responses)
    questions = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Question)
        .where(Question.course_id == cohort.course_id, Question.retired_at.is_(None))
    )
    return {"students": count, "lessons": len(lessons), "questions": questions, "answers": answered}
