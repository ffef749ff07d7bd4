"""Every page type of the site, found from `app.url_map`, over one seeded database.

The accessibility test (tests/e2e/test_accessibility.py: axe-core in Chromium) and the HTML test
(tests/web/test_html_valid.py: the Nu HTML checker) both walk `site_pages()`, so a new GET route
is checked by both without anyone listing it. A route gets its URL values from the seeded
`World`; which account sees it is found by asking (anonymous, then student, then instructor,
the first that gets a 200); a GET route that is not a page is listed in `NOT_PAGES` with why,
and the walk checks that it still answers as that says. Forms are also sent empty (their error
state), and the error pages are added by status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, abort, url_for
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from studyguide.extensions import db
from studyguide.models import Attempt, Course, ImportJob, Lesson, Question, ReviewCard, User, utcnow
from studyguide.services import attempts, cohorts, review, review_queue
from studyguide.services.importer import load_package
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.web.curation_helpers import generated_draft

REPO_ROOT = Path(__file__).resolve().parents[1]
CURATED = REPO_ROOT / "data" / "courses" / "madry-research-careers"
ROLES = ("anonymous", "student", "instructor")
STUDENT = "a11y-student@example.org"
CLASSMATE = "a11y-classmate@example.org"
INSTRUCTOR = "a11y-mentor@example.org"

# GET routes that are not pages, with what they answer instead (the walk checks it still does):
# endpoint -> (why, status, the Location a redirect starts with or a download's content type).
NOT_PAGES: dict[str, tuple[str, int, str]] = {
    "static": ("stylesheets and scripts, not pages", 200, "text/css"),
    "quizzes.back_to_attempt": ("a GET after a failed save: back to the quiz", 302, "/attempts/"),
    "quizzes.back_to_intro": (
        "a GET of the start button's URL: back to the quiz",
        302,
        "/lessons/",
    ),
    "cohorts.progress_csv": ("a CSV download", 200, "text/csv"),
    "curation.acceptance_csv": ("a CSV download", 200, "text/csv"),
    "instructor.download": ("a zip download", 200, "application/zip"),
}
# Error pages: the status, who asks, and how (the ones no GET of a page gives are raised by
# `error_app`'s /__error/<code> route, through the site's real error handlers).
ERRORS = {
    403: ("student", "/teach/"),
    404: ("anonymous", "/no-such-page"),
    405: ("anonymous", "/account/logout"),
    400: ("anonymous", "/__error/400"),
    429: ("anonymous", "/__error/429"),
    500: ("anonymous", "/__error/500"),
}
RAISED_ERRORS = (400, 429, 500)
# status -> (the HTML, the headers) of an error page `error_app` raised
RenderedErrors = dict[int, tuple[str, dict[str, str]]]
CSRF_TOKEN = re.compile(r'name="csrf_token"[^>]* value="([^"]+)"')
# Pages only a form with particular values shows: (label, role, page endpoint, the form's
# endpoint, its fields, the status it must answer); the URL values come from the World.
FORM_PAGES = [
    ("curation conflict", "instructor", "curation.question", "curation.review",
     (("row_version", "0"), ("approve", "Approve")), 409),
]  # fmt: skip


@dataclass
class World:
    """The ids the URLs need: a curated course a student is half through, a generated draft,
    a cohort with a member who took a quiz, a review session with one answer."""

    values: dict[str, object]
    # Endpoints whose URL needs other values than the common ones (same argument name).
    overrides: dict[str, dict[str, object]] = field(default_factory=dict)

    def url_values(self, endpoint: str, arguments: set[str]) -> dict[str, object]:
        values = {**self.values, **self.overrides.get(endpoint, {})}
        return {name: values[name] for name in arguments}


@dataclass(frozen=True)
class Page:
    """One page to check: who opens it, how, and the status it must answer."""

    label: str
    role: str
    path: str
    status: int = 200
    post_to: str | None = None  # a form sent from the page to this URL, with its CSRF token
    data: tuple[tuple[str, str], ...] = ()  # and these fields (none: the form sent empty)
    raised: bool = False  # an error page from `error_app`, not from a page of the site

    @property
    def file_name(self) -> str:
        return "".join(c if c.isalnum() else "-" for c in self.label).strip("-") + ".html"


def seed(app: Flask) -> World:
    """Fill the app's (migrated, empty) database with everything the pages show."""
    draft_slug = generated_draft(app, INSTRUCTOR)  # makes the instructor too
    with app.app_context():
        load_package(CURATED)
        course = db.session.scalar(sa.select(Course).where(Course.slug == CURATED.name))
        lessons = list(
            db.session.scalars(
                sa.select(Lesson).where(Lesson.course_id == course.id).order_by(Lesson.position)
            )
        )
        student = make_user(email=STUDENT, display_name="Sam Student")
        classmate = make_user(email=CLASSMATE, display_name="Cleo Classmate")
        mentor = db.session.scalars(sa.select(User).where(User.email == INSTRUCTOR)).one()
        open_attempt = attempts.start_attempt(student.id, lessons[0].id)
        done = _take_quiz(student.id, lessons[1].id)
        cohort = cohorts.create_cohort(mentor, course.id, "Spring group", None)
        invitation = cohorts.create_invitation(mentor.id, cohort.id, 7, 30)
        cohorts.join_cohort(classmate, invitation.code, course.id)
        _take_quiz(classmate.id, lessons[1].id)
        session_id, log_id = _review_session(student.id, lessons[0].id)
        draft = db.session.scalars(sa.select(Course).where(Course.slug == draft_slug)).one()
        job = db.session.scalars(sa.select(ImportJob).where(ImportJob.course_id == draft.id)).one()
        question = db.session.scalar(
            sa.select(Question).where(Question.lesson_id == lessons[1].id).order_by(Question.id)
        )
        draft_question = db.session.scalar(
            sa.select(Question).where(Question.course_id == draft.id).order_by(Question.id)
        )
        draft_lesson = db.session.scalar(
            sa.select(Lesson).where(Lesson.course_id == draft.id).order_by(Lesson.position)
        )
        values = {
            "course_slug": course.slug,
            "lesson_slug": lessons[0].slug,
            "lesson_id": lessons[0].id,
            "attempt_id": open_attempt.id,
            "answer_id": open_attempt.answers[0].id,
            "code": invitation.code,
            "session_id": session_id,
            "log_id": log_id,
            "cohort_id": cohort.id,
            "student_id": classmate.id,
            "question_id": question.id,
            "course_id": course.id,
            "slug": draft.slug,
            "lesson": draft_lesson.slug,
            "key": draft_question.key,
            "job_id": job.id,
            "filename": "css/site.css",
        }
        return World(values, {"quizzes.result": {"attempt_id": done.id}})


def _take_quiz(user_id: int, lesson_id: int) -> Attempt:
    """Submit the lesson's quiz with its multiple-choice questions answered, right and wrong in
    turn (the others left blank)."""
    attempt = attempts.start_attempt(user_id, lesson_id)
    versions = [a.question_version for a in attempt.answers]
    choices = [v for v in versions if v.type == "multiple_choice"]
    responses = {
        v.id: v.answer if n % 2 == 0 else next(c for c in v.choices if c != v.answer)
        for n, v in enumerate(choices)
    }
    attempts.submit_attempt(user_id, attempt.id, responses)
    return attempt


def _review_session(user_id: int, lesson_id: int) -> tuple[int, int]:
    """Open a session a day later (the quiz's cards are due), answer one card; return ids."""
    review.remember_takeaway(user_id, lesson_id, 1)
    db.session.execute(
        sa.update(ReviewCard)
        .where(ReviewCard.user_id == user_id, ReviewCard.reps > 0)
        .values(due=utcnow().replace(year=utcnow().year - 1))
    )
    db.session.commit()
    session = review_queue.start_session(user_id)
    card = review_queue.session_view(user_id, session.id).card
    log = review.answer_question(user_id, card.id, session.id, card.reps, [])
    return session.id, log.id


def logged_in_clients(app: Flask) -> dict[str, FlaskClient]:
    """A test client per role, the student and instructor logged in through the form."""
    clients = {role: app.test_client() for role in ROLES}
    for role, email in (("student", STUDENT), ("instructor", INSTRUCTOR)):
        login = {"email": email, "password": DEFAULT_PASSWORD}
        response = post_form(clients[role], "/account/login", login)
        assert response.status_code == 302, f"{role} could not log in"
    return clients


def post_form(client: FlaskClient, path: str, data: dict, to: str | None = None) -> TestResponse:
    """Send a form from the page at `path` to `to` (default: `path`) as a browser would: `data`
    with the CSRF token the page holds (when CSRF is on), nothing else."""
    token = CSRF_TOKEN.search(client.get(path).get_data(as_text=True))
    return client.post(to or path, data={**data, **({"csrf_token": token[1]} if token else {})})


def site_pages(app: Flask, world: World, clients: dict[str, FlaskClient]) -> list[Page]:
    """Every page type: each GET page as the first role that may see it, each form sent empty,
    and the error pages. Fails on a route it cannot place."""
    pages: list[Page] = []
    forms: list[Page] = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if "GET" not in rule.methods:
            continue
        with app.test_request_context():
            path = url_for(rule.endpoint, **world.url_values(rule.endpoint, rule.arguments))
        if rule.endpoint in NOT_PAGES:
            _check_not_a_page(rule.endpoint, path, clients)
            continue
        role = _first_role_allowed(path, clients)
        assert role, f"no account gets a 200 from {rule.endpoint} at {path}: seed what it needs"
        pages.append(Page(f"{rule.endpoint} as {role}", role, path))
        if "POST" in rule.methods:
            forms.append(_form_page(f"{rule.endpoint} sent empty", role, path, path, (), clients))
    for label, role, endpoint, form_endpoint, data, status in FORM_PAGES:
        with app.test_request_context():
            path, to = (
                url_for(name, **world.url_values(name, _arguments(app, name)))
                for name in (endpoint, form_endpoint)
            )
        forms.append(_form_page(label, role, path, to, data, clients))
        assert forms[-1].status == status, f"{label} answers {forms[-1].status}, not {status}"
    errors = [
        Page(f"error {code}", role, path, code, raised=code in RAISED_ERRORS)
        for code, (role, path) in ERRORS.items()
    ]
    return pages + forms + errors


def _arguments(app: Flask, endpoint: str) -> set[str]:
    return set().union(*(rule.arguments for rule in app.url_map.iter_rules(endpoint)))


def _form_page(label, role, path, to, data, clients) -> Page:  # type: ignore[no-untyped-def]
    status = post_form(clients[role], path, dict(data), to).status_code
    assert status < 500, f"{label} answers {status}"
    return Page(label, role, path, status, post_to=to, data=data)


def _first_role_allowed(path: str, clients: dict[str, FlaskClient]) -> str | None:
    for role in ROLES:
        if clients[role].get(path).status_code == 200:
            return role
    return None


def _check_not_a_page(endpoint: str, path: str, clients: dict[str, FlaskClient]) -> None:
    why, status, expected = NOT_PAGES[endpoint]
    answers = []
    for role in ROLES:
        with clients[role].get(path) as response:
            location = response.headers.get("Location", "")
            answers.append((response.status_code, location if status == 302 else response.mimetype))
    assert any(code == status and what.startswith(expected) for code, what in answers), (
        f"{endpoint} is left out as {why!r} but no longer answers {status} {expected}: {answers}"
    )


def html_of(
    page: Page, clients: dict[str, FlaskClient], errors: dict[int, tuple[str, dict[str, str]]]
) -> str:
    """Fetch the page as its role with the test client (`errors`: the raised error pages)."""
    if page.raised:
        return errors[page.status][0]
    client = clients[page.role]
    if page.post_to:
        response = post_form(client, page.path, dict(page.data), page.post_to)
    else:
        response = client.get(page.path)
    assert response.status_code == page.status, (page.label, response.status_code)
    return response.get_data(as_text=True)


def error_app(config: dict) -> Flask:
    """An app with `/__error/<code>`, which raises that error through the real handlers (a 500
    from an exception no handler knows); only for the error pages no request can provoke."""
    from studyguide import create_app

    app = create_app({**config, "TESTING": False, "PROPAGATE_EXCEPTIONS": False})

    @app.get("/__error/<int:code>")
    def raise_error(code: int):  # type: ignore[no-untyped-def]
        if code == 500:
            raise RuntimeError("an unexpected failure")
        abort(code)

    return app


def rendered_errors(app: Flask) -> RenderedErrors:
    """The raised error pages as the app renders them: status -> (HTML, headers)."""
    client = app.test_client()
    pages = {}
    for code in RAISED_ERRORS:
        response = client.get(f"/__error/{code}")
        assert response.status_code == code
        pages[code] = (response.get_data(as_text=True), dict(response.headers))
    return pages
