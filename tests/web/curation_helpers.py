"""A generated draft course for the curation tests, made by the import service itself."""

from pathlib import Path

import sqlalchemy as sa

from studyguide.extensions import db
from studyguide.models import Course, ImportJob, Question, QuestionVersion, User
from studyguide.services import import_jobs
from tests.factories import make_user

TALK = (Path(__file__).parents[1] / "data" / "curation-talk.txt").read_text(encoding="utf-8")


def generated_draft(app, owner_email: str = "owner@example.org") -> str:
    """Run a real import job (the function the queue's consumer calls) and return the slug."""
    with app.app_context():
        owner = db.session.scalar(sa.select(User).where(User.email == owner_email))
        owner = owner or make_user(email=owner_email, role="instructor")
        job = ImportJob(
            user_id=owner.id, title="Restoring wooden boats", source_name="talk.txt",
            source_text=TALK, options={"host": "Host", "guests": ["Ingrid"]},
        )  # fmt: skip
        db.session.add(job)
        db.session.commit()
        import_jobs.run_job(job.id)
        job = db.session.get(ImportJob, job.id)
        assert job.state == "done", job.message
        return db.session.get_one(Course, job.course_id).slug


def questions(app, slug: str) -> list[tuple[Question, QuestionVersion]]:
    """The course's questions with their current versions, detached, in course order."""
    with app.app_context():
        rows = db.session.execute(
            sa.select(Question, QuestionVersion)
            .join(QuestionVersion, QuestionVersion.question_id == Question.id)
            .join(Course, Course.id == Question.course_id)
            .where(Course.slug == slug, QuestionVersion.is_current.is_(True))
            .order_by(Question.lesson_id, Question.position)
        ).all()
        db.session.expunge_all()
        return [tuple(row) for row in rows]
