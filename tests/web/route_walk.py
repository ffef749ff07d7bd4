"""Walk every route of the app with real ids: a seeded world and a URL for each rule.

One instructor owns everything (a generated draft, a cohort, an import job) and has also taken
a quiz and kept review cards, so that nearly every URL names a real object they may open.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from studyguide.extensions import db
from studyguide.models import (
    Attempt,
    AttemptAnswer,
    Course,
    ImportJob,
    Lesson,
    Question,
    QuestionVersion,
    ReviewCard,
    ReviewLog,
    User,
)
from tests.cohorts.conftest import add_member, make_cohort, make_invitation
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.review.helpers import quizzed_student
from tests.web.curation_helpers import generated_draft

OWNER_EMAIL = "owner@example.org"
STUDENT_EMAIL = "member@example.org"
# Choices for rule arguments that are not ids.
FIXED = {"action": None, "index": 0, "filename": "css/site.css"}


@dataclass(frozen=True)
class Route:
    rule: Rule
    method: str
    url: str


def seed_world(app: Flask) -> dict[str, object]:
    """Create the world and return a value for every rule argument."""
    slug = generated_draft(app, OWNER_EMAIL)
    with app.app_context():
        owner = db.session.scalar(sa.select(User).where(User.email == OWNER_EMAIL))
        student = make_user(email=STUDENT_EMAIL)
        quizzed = quizzed_student(user=owner, takeaways=1)
        course = db.session.scalar(sa.select(Course).where(Course.slug == slug))
        lesson = db.session.scalar(sa.select(Lesson).where(Lesson.course_id == course.id))
        question = db.session.scalar(sa.select(Question).where(Question.course_id == course.id))
        quiz_lesson = db.session.get_one(Lesson, quizzed.lesson_id)
        cohort = make_cohort(db.session.get_one(Course, quiz_lesson.course_id), owner)
        add_member(cohort, student)
        attempt = db.session.scalar(sa.select(Attempt).where(Attempt.user_id == owner.id))
        answer = db.session.scalar(
            sa.select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt.id)
        )
        return {
            "slug": slug,
            "lesson": lesson.slug,
            "key": question.key,
            "course_slug": quiz_lesson.course.slug,
            "lesson_slug": quiz_lesson.slug,
            "lesson_id": quiz_lesson.id,
            "attempt_id": attempt.id,
            "answer_id": answer.id,
            "card_id": db.session.scalar(sa.select(ReviewCard.id).order_by(ReviewCard.id)),
            "log_id": db.session.scalar(sa.select(ReviewLog.id).order_by(ReviewLog.id)),
            "cohort_id": cohort.id,
            "invitation_id": make_invitation(cohort).id,
            "code": make_invitation(cohort).code,
            "student_id": student.id,
            "question_id": db.session.get_one(QuestionVersion, quizzed.version_ids[0]).question_id,
            "course_id": quiz_lesson.course_id,
            "job_id": db.session.scalar(sa.select(ImportJob.id)),
        }


def log_in_owner(client: FlaskClient) -> None:
    response = client.post(
        "/account/login", data={"email": OWNER_EMAIL, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302, "the owner could not log in"


def start_review_session(client: FlaskClient) -> int:
    response = client.post("/review/sessions")
    assert response.status_code == 302, response.data[:300]
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def every_route(app: Flask, values: dict[str, object]) -> list[Route]:
    """Every (rule, method) of the app with a URL built from `values`; logout comes last."""
    routes = []
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        arguments = {}
        for name in rule.arguments:
            value = values.get(name, FIXED.get(name))
            if value is None:  # an <any(...)> argument: its first choice in sorted order
                value = sorted(rule._converters[name].items)[0]
            arguments[name] = value
        url = adapter.build(rule.endpoint, arguments, append_unknown=False)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append(Route(rule, method, url))
    return sorted(routes, key=lambda route: route.rule.endpoint == "auth.logout")
