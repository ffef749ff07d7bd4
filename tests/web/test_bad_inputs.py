"""A sweep of bad input over every route: never a crash, always a clear answer, nothing lost.

Each case is one request a student (or a script, or a stale tab) could send. The house rule:
no 5xx and no traceback; the right 4xx, or a redirect whose flash says what happened; and
every saved answer, attempt state and read exactly as before.
"""

import re
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from studyguide import create_app
from studyguide.extensions import db
from studyguide.models import Attempt, AttemptAnswer, AttemptGrade, Course, Lesson, LessonRead
from studyguide.services import attempts
from studyguide.services.importer import load_package
from tests.conftest import TEST_DATABASE_URL
from tests.factories import DEFAULT_PASSWORD, make_course, make_lesson, make_quiz, make_user

JSON = {"Accept": "application/json"}
HUGE = 2**70
LONG = "x" * 100_000
MADRY = Path(__file__).resolve().parents[2] / "data" / "courses" / "madry-research-careers"

NOT_FOUND = "There is nothing here"
NOT_ALLOWED = "This page cannot be used that way"
NOT_A_FORM = "only accepts its own form"
NOT_A_CHOICE = "not one of the choices"
MISSING = "The form sent no answer to this question"
CLOSED = "already submitted"
LOGIN = "Please log in to see this page."
CSRF = "Your form expired"
CONTROL = "Remove the invisible control characters from your answer."

# What the student saved before each bad request (question order of factories.make_quiz).
SAVED = ["Wrong", ["Mentor"], False, "abroad", "research"]


@dataclass
class World:
    """A logged-in student mid-quiz, with everything a bad request could point at."""

    course: str
    lesson: str
    lesson_id: int
    attempt: int  # open, answers SAVED
    answers: list[int]
    second: int = 0  # the same student's open attempt at another lesson
    second_answers: list[int] = field(default_factory=list)
    submitted: int = 0
    submitted_answers: list[int] = field(default_factory=list)
    others: int = 0  # another student's open attempt at the first lesson
    other_answers: list[int] = field(default_factory=list)
    retired: int = 0  # open attempt at a lesson retired since
    retired_answers: list[int] = field(default_factory=list)
    retired_lesson_id: int = 0
    draft: int = 0  # open attempt at a lesson of a course now in draft
    draft_answers: list[int] = field(default_factory=list)
    draft_lesson_id: int = 0
    draft_course: str = ""
    no_questions_lesson_id: int = 0

    def fill(self, template: str) -> str:
        return template.format(w=self, a=self.answers, HUGE=HUGE)


def _answer_ids(attempt_id: int) -> list[int]:
    return list(
        db.session.scalars(
            sa.select(AttemptAnswer.id)
            .where(AttemptAnswer.attempt_id == attempt_id)
            .order_by(AttemptAnswer.position)
        )
    )


def _open(user_id: int, lesson_id: int) -> tuple[int, list[int]]:
    """Start an attempt at `lesson_id`, save the answers SAVED, return its id and answer ids."""
    attempt = attempts.start_attempt(user_id, lesson_id)
    _save_all(user_id, attempt.id)
    return attempt.id, _answer_ids(attempt.id)


def _save_all(user_id: int, attempt_id: int) -> None:
    answers = db.session.scalars(
        sa.select(AttemptAnswer)
        .where(AttemptAnswer.attempt_id == attempt_id)
        .order_by(AttemptAnswer.position)
    ).all()
    attempts.save_answers(
        user_id, attempt_id, {a.question_version_id: r for a, r in zip(answers, SAVED, strict=True)}
    )


def _build_world(student_id: int) -> World:
    """Build, in the app context, all a bad request could point at around student `student_id`."""
    other_id = make_user(email="other@example.org").id
    course = make_course()
    lesson, second, done, retired = (make_lesson(course) for _ in range(4))
    for each in (lesson, second, done, retired):
        make_quiz(each)
    draft_course = make_course()
    draft_lesson = make_lesson(draft_course)
    make_quiz(draft_lesson)
    empty = make_lesson(course)

    attempt, answers = _open(student_id, lesson.id)
    second_id, second_answers = _open(student_id, second.id)
    done_id, done_answers = _open(student_id, done.id)
    attempts.submit_attempt(student_id, done_id)
    others, other_answers = _open(other_id, lesson.id)
    retired_id, retired_answers = _open(student_id, retired.id)
    draft_id, draft_answers = _open(student_id, draft_lesson.id)
    retired.retired_at = datetime.now(UTC)
    draft_course.status = "draft"
    db.session.commit()
    return World(
        course=course.slug,
        lesson=lesson.slug,
        lesson_id=lesson.id,
        attempt=attempt,
        answers=answers,
        second=second_id,
        second_answers=second_answers,
        submitted=done_id,
        submitted_answers=done_answers,
        others=others,
        other_answers=other_answers,
        retired=retired_id,
        retired_answers=retired_answers,
        retired_lesson_id=retired.id,
        draft=draft_id,
        draft_answers=draft_answers,
        draft_lesson_id=draft_lesson.id,
        draft_course=draft_course.slug,
        no_questions_lesson_id=empty.id,
    )


@pytest.fixture(scope="module")
def world_file(tmp_path_factory) -> tuple[Path, World] | None:
    """The world, built once into a SQLite file that each test copies (None on PostgreSQL)."""
    if TEST_DATABASE_URL:
        return None
    path = tmp_path_factory.mktemp("world") / "world.db"
    builder = create_app(
        {"TESTING": True, "SECRET_KEY": "world", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"}
    )
    with builder.app_context():
        db.create_all()
        built = _build_world(make_user(email="student@example.org", role="student").id)
        db.session.remove()
        db.engine.dispose()  # the last connection out writes the WAL back into the file
    assert not Path(f"{path}-wal").exists(), "the world file is incomplete without its WAL"
    return path, built


@pytest.fixture
def world(app, auth, world_file) -> World:
    """A logged-in student mid-quiz (see World): a copy of `world_file`, or built afresh."""
    if world_file is None:
        student_id = auth.login_as_student()
        with app.app_context():
            return _build_world(student_id)
    path, built = world_file
    with app.app_context():
        db.session.remove()
        db.engine.dispose()  # no connection may be open on the file replaced under it
        shutil.copyfile(path, db.engine.url.database)
    assert auth.login("student@example.org").status_code == 302, "test login failed"
    return built


def _snapshot(app) -> dict:
    """Everything a request could lose or change: answers, attempt states, grades, reads."""
    with app.app_context():
        return {
            "answers": db.session.execute(
                sa.select(AttemptAnswer.id, AttemptAnswer.response).order_by(AttemptAnswer.id)
            ).all(),
            "attempts": db.session.execute(
                sa.select(Attempt.id, Attempt.state).order_by(Attempt.id)
            ).all(),
            "grades": db.session.scalar(sa.select(sa.func.count()).select_from(AttemptGrade)),
            "reads": db.session.scalar(sa.select(sa.func.count()).select_from(LessonRead)),
        }


def _assert_no_crash(response) -> str:
    body = response.get_data(as_text=True)
    assert response.status_code < 500, body[:2000]
    assert "Traceback" not in body
    return body


def _check(client, response, status: int, message: str, location: str | None = None) -> None:
    """Assert the status, then that the page (or the flash after the redirect) says `message`."""
    body = _assert_no_crash(response)
    assert response.status_code == status, body[:2000]
    if status in (301, 302, 303):
        if location is not None:
            assert response.location.startswith(location), response.location
        body = _assert_no_crash(client.get(response.location))
    elif response.is_json:
        assert response.json["ok"] is False
        body = response.json["message"]
    assert message in body, body[:2000]


# (id, method, url template, request kwargs, status, message, redirect location or None)
# Templates: {w.*} are World fields, {a[i]} the open attempt's answer ids.
ROUTE_CASES = [
    # Ids: not numbers, negative, zero, beyond any id column, unknown.
    ("quiz-id-text", "GET", "/lessons/abc/quiz", {}, 404, NOT_FOUND, None),
    ("quiz-id-negative", "GET", "/lessons/-1/quiz", {}, 404, NOT_FOUND, None),
    ("quiz-id-zero", "GET", "/lessons/0/quiz", {}, 404, NOT_FOUND, None),
    ("quiz-id-huge", "GET", "/lessons/{HUGE}/quiz", {}, 404, NOT_FOUND, None),
    ("quiz-id-int64", "GET", "/lessons/9223372036854775807/quiz", {}, 404, NOT_FOUND, None),
    ("quiz-id-int32+1", "GET", "/lessons/2147483648/quiz", {}, 404, NOT_FOUND, None),
    ("quiz-id-unknown", "GET", "/lessons/999999/quiz", {}, 404, NOT_FOUND, None),
    ("quiz-id-unicode-digits", "GET", "/lessons/\u0661\u0662/quiz", {}, 404, NOT_FOUND, None),
    ("start-id-huge", "POST", "/lessons/{HUGE}/quiz/start", {}, 404, NOT_FOUND, None),
    ("start-id-text", "POST", "/lessons/x/quiz/start", {}, 404, NOT_FOUND, None),
    ("attempt-id-huge", "GET", "/attempts/{HUGE}", {}, 404, NOT_FOUND, None),
    ("attempt-id-negative", "GET", "/attempts/-5", {}, 404, NOT_FOUND, None),
    ("result-id-huge", "GET", "/attempts/{HUGE}/result", {}, 404, NOT_FOUND, None),
    ("submit-id-huge", "POST", "/attempts/{HUGE}/submit", {}, 404, NOT_FOUND, None),
    (
        "save-answer-id-huge",
        "POST",
        "/attempts/{w.attempt}/answers/{HUGE}",
        {},
        404,
        NOT_FOUND,
        None,
    ),
    (
        "save-answer-id-huge-json",
        "POST",
        "/attempts/{w.attempt}/answers/{HUGE}",
        {"headers": JSON},
        404,
        NOT_FOUND,
        None,
    ),
    ("save-both-ids-huge", "POST", "/attempts/{HUGE}/answers/{HUGE}", {}, 404, NOT_FOUND, None),
    ("save-answer-id-text", "POST", "/attempts/{w.attempt}/answers/abc", {}, 404, NOT_FOUND, None),
    # Slugs: unknown, Unicode, NUL, path tricks, very long.
    ("lesson-unknown", "GET", "/courses/{w.course}/lessons/nope", {}, 404, NOT_FOUND, None),
    ("course-unknown", "GET", "/courses/nope/lessons/{w.lesson}", {}, 404, NOT_FOUND, None),
    (
        "lesson-unicode",
        "GET",
        "/courses/{w.course}/lessons/le\u00e7on-\u2603",
        {},
        404,
        NOT_FOUND,
        None,
    ),
    ("lesson-nul", "GET", "/courses/{w.course}/lessons/x%00y", {}, 404, NOT_FOUND, None),
    ("course-nul", "GET", "/courses/%00/lessons/{w.lesson}", {}, 404, NOT_FOUND, None),
    ("lesson-bad-utf8", "GET", "/courses/{w.course}/lessons/%ff%fe", {}, 404, NOT_FOUND, None),
    ("lesson-dotdot", "GET", "/courses/{w.course}/lessons/..%2F..%2Fetc", {}, 404, NOT_FOUND, None),
    (
        "lesson-dotdot-plain",
        "GET",
        "/courses/{w.course}/lessons/../../progress",
        {},
        404,
        NOT_FOUND,
        None,
    ),
    ("lesson-long", "GET", "/courses/{w.course}/lessons/" + "a" * 5000, {}, 404, NOT_FOUND, None),
    ("lesson-uppercase", "GET", "/courses/{w.course}/lessons/LESSON-1", {}, 404, NOT_FOUND, None),
    (
        "lesson-of-draft-course",
        "GET",
        "/courses/{w.draft_course}/lessons/x",
        {},
        404,
        NOT_FOUND,
        None,
    ),
    ("read-nul", "POST", "/courses/{w.course}/lessons/x%00/read", {}, 404, NOT_FOUND, None),
    ("read-unknown", "POST", "/courses/{w.course}/lessons/nope/read", {}, 404, NOT_FOUND, None),
    ("read-unicode", "POST", "/courses/\u00e9/lessons/{w.lesson}/read", {}, 404, NOT_FOUND, None),
    ("transcript-unknown", "GET", "/courses/nope/transcript", {}, 404, NOT_FOUND, None),
    ("transcript-nul", "GET", "/courses/x%00/transcript", {}, 404, NOT_FOUND, None),
    ("transcript-long", "GET", "/courses/" + "c" * 5000 + "/transcript", {}, 404, NOT_FOUND, None),
    ("transcript-draft", "GET", "/courses/{w.draft_course}/transcript", {}, 404, NOT_FOUND, None),
    # Wrong methods.
    ("put-attempt", "PUT", "/attempts/{w.attempt}", {}, 405, NOT_ALLOWED, None),
    ("delete-attempt", "DELETE", "/attempts/{w.attempt}", {}, 405, NOT_ALLOWED, None),
    ("delete-submit", "DELETE", "/attempts/{w.attempt}/submit", {}, 405, NOT_ALLOWED, None),
    (
        "put-answer",
        "PUT",
        "/attempts/{w.attempt}/answers/{a[0]}",
        {"data": {"x": "y"}},
        405,
        NOT_ALLOWED,
        None,
    ),
    ("post-result", "POST", "/attempts/{w.attempt}/result", {}, 405, NOT_ALLOWED, None),
    ("post-quiz", "POST", "/lessons/{w.lesson_id}/quiz", {}, 405, NOT_ALLOWED, None),
    ("post-lesson", "POST", "/courses/{w.course}/lessons/{w.lesson}", {}, 405, NOT_ALLOWED, None),
    ("get-read", "GET", "/courses/{w.course}/lessons/{w.lesson}/read", {}, 405, NOT_ALLOWED, None),
    ("post-transcript", "POST", "/courses/{w.course}/transcript", {}, 405, NOT_ALLOWED, None),
    ("post-progress", "POST", "/progress", {}, 405, NOT_ALLOWED, None),
    ("delete-lessons", "DELETE", "/lessons", {}, 405, NOT_ALLOWED, None),
    ("get-logout", "GET", "/account/logout", {}, 405, NOT_ALLOWED, None),
    # Someone else's attempt and answers look like nothing at all.
    ("others-attempt", "GET", "/attempts/{w.others}", {}, 404, NOT_FOUND, None),
    ("others-result", "GET", "/attempts/{w.others}/result", {}, 404, NOT_FOUND, None),
    (
        "others-submit",
        "POST",
        "/attempts/{w.others}/submit",
        {"data": {"save": "1"}},
        404,
        NOT_FOUND,
        None,
    ),
    (
        "others-answer",
        "POST",
        "/attempts/{w.others}/answers/{w.other_answers[0]}",
        {"data": {"answer_{w.other_answers[0]}": "Right"}},
        404,
        NOT_FOUND,
        None,
    ),
    (
        "others-answer-json",
        "POST",
        "/attempts/{w.others}/answers/{w.other_answers[0]}",
        {"data": {"answer_{w.other_answers[0]}": "Right"}, "headers": JSON},
        404,
        "no such",
        None,
    ),
    (
        "others-answer-in-mine",
        "POST",
        "/attempts/{w.attempt}/answers/{w.other_answers[0]}",
        {"data": {"answer_{w.other_answers[0]}": "Right"}},
        404,
        NOT_FOUND,
        None,
    ),
    # An answer id from the same student's other attempt.
    (
        "my-other-attempts-answer",
        "POST",
        "/attempts/{w.attempt}/answers/{w.second_answers[0]}",
        {"data": {"answer_{w.second_answers[0]}": "Right"}, "headers": JSON},
        404,
        "no such question in this attempt",
        None,
    ),
    # A submitted attempt's answers can no longer change.
    (
        "submitted-answer",
        "POST",
        "/attempts/{w.submitted}/answers/{w.submitted_answers[0]}",
        {"data": {"answer_{w.submitted_answers[0]}": "Right"}},
        302,
        CLOSED,
        "/attempts/{w.submitted}/result",
    ),
    (
        "submitted-answer-json",
        "POST",
        "/attempts/{w.submitted}/answers/{w.submitted_answers[0]}",
        {"data": {"answer_{w.submitted_answers[0]}": "Right"}, "headers": JSON},
        409,
        CLOSED,
        None,
    ),
    (
        "submitted-submit-again",
        "POST",
        "/attempts/{w.submitted}/submit",
        {"data": {"answer_{w.submitted_answers[0]}": "Right"}},
        302,
        CLOSED,
        "/attempts/{w.submitted}/result",
    ),
    (
        "submitted-take",
        "GET",
        "/attempts/{w.submitted}",
        {},
        302,
        "Result: ",
        "/attempts/{w.submitted}/result",
    ),
    # Retired lessons and draft courses: no new attempts; the open ones stay readable.
    (
        "start-retired",
        "POST",
        "/lessons/{w.retired_lesson_id}/quiz/start",
        {},
        404,
        NOT_FOUND,
        None,
    ),
    ("quiz-retired", "GET", "/lessons/{w.retired_lesson_id}/quiz", {}, 404, NOT_FOUND, None),
    ("start-draft", "POST", "/lessons/{w.draft_lesson_id}/quiz/start", {}, 404, NOT_FOUND, None),
    ("quiz-draft", "GET", "/lessons/{w.draft_lesson_id}/quiz", {}, 404, NOT_FOUND, None),
    (
        "start-no-questions",
        "POST",
        "/lessons/{w.no_questions_lesson_id}/quiz/start",
        {},
        302,
        "no quiz questions yet",
        "/lessons/{w.no_questions_lesson_id}/quiz",
    ),
    (
        "retired-answer-bad-choice",
        "POST",
        "/attempts/{w.retired}/answers/{w.retired_answers[0]}",
        {"data": {"answer_{w.retired_answers[0]}": "Paris"}, "headers": JSON},
        400,
        NOT_A_CHOICE,
        None,
    ),
    (
        "draft-answer-bad-choice",
        "POST",
        "/attempts/{w.draft}/answers/{w.draft_answers[0]}",
        {"data": {"answer_{w.draft_answers[0]}": "Paris"}, "headers": JSON},
        400,
        NOT_A_CHOICE,
        None,
    ),
]

_SAVE = "/attempts/{w.attempt}/answers/{a[%d]}"
_FIELD = "answer_{a[%d]}"

# Bad bodies for one answer's save, by question position: (id, position, kwargs, message).
SAVE_CASES = [
    ("mc-missing-field", 0, {"data": {}}, MISSING),
    ("mc-other-field-only", 0, {"data": {"answer_0": "Right", "x": "y"}}, MISSING),
    ("tf-missing-field", 2, {"data": {}}, MISSING),
    ("cloze-missing-field", 3, {"data": {}}, MISSING),
    ("short-missing-field", 4, {"data": {}}, MISSING),
    ("mc-choice-not-offered", 0, {"data": {_FIELD % 0: "Paris"}}, NOT_A_CHOICE),
    ("mc-two-values", 0, {"data": {_FIELD % 0: ["Right", "Wrong"]}}, "Choose only one answer."),
    (
        "mc-same-value-twice",
        0,
        {"data": {_FIELD % 0: ["Right", "Right"]}},
        "Choose only one answer.",
    ),
    ("mc-100kB", 0, {"data": {_FIELD % 0: LONG}}, NOT_A_CHOICE),
    ("mc-case-differs", 0, {"data": {_FIELD % 0: "right"}}, NOT_A_CHOICE),
    ("ms-choice-not-offered", 1, {"data": {_FIELD % 1: ["Mentor", "Nonsense"]}}, NOT_A_CHOICE),
    ("ms-100kB", 1, {"data": {_FIELD % 1: [LONG]}}, NOT_A_CHOICE),
    ("tf-not-a-boolean", 2, {"data": {_FIELD % 2: "maybe"}}, "true or false"),
    ("tf-both", 2, {"data": {_FIELD % 2: ["true", "false"]}}, "not both"),
    ("tf-capitalised", 2, {"data": {_FIELD % 2: "True"}}, "true or false"),
    ("cloze-two-values", 3, {"data": {_FIELD % 3: ["abroad", "home"]}}, "Send one answer"),
    ("short-100kB", 4, {"data": {_FIELD % 4: LONG}}, "under 300 characters"),
    (
        "mc-invalid-utf8",
        0,
        {"data": (_FIELD % 0) + "=%ff%fe", "content_type": "application/x-www-form-urlencoded"},
        NOT_A_CHOICE,
    ),
    (
        "tf-invalid-utf8",
        2,
        {"data": (_FIELD % 2) + "=%ff", "content_type": "application/x-www-form-urlencoded"},
        "true or false",
    ),
    (
        "mc-nul",
        0,
        {"data": (_FIELD % 0) + "=Right%00", "content_type": "application/x-www-form-urlencoded"},
        NOT_A_CHOICE,
    ),
    (
        "short-nul",
        4,
        {
            "data": (_FIELD % 4) + "=research%00",
            "content_type": "application/x-www-form-urlencoded",
        },
        CONTROL,
    ),
    ("cloze-nul", 3, {"data": {_FIELD % 3: "abr\x00oad"}}, CONTROL),
    ("short-escape", 4, {"data": {_FIELD % 4: "\x1b[31mresearch"}}, CONTROL),
    ("ms-json-body", 1, {"json": {_FIELD % 1: ["Mentor"]}}, NOT_A_FORM),
    ("mc-json-body", 0, {"json": {_FIELD % 0: "Right"}}, NOT_A_FORM),
    (
        "short-text-plain",
        4,
        {"data": (_FIELD % 4) + "=x", "content_type": "text/plain"},
        NOT_A_FORM,
    ),
    ("short-xml", 4, {"data": "<answer>x</answer>", "content_type": "application/xml"}, NOT_A_FORM),
]

# Bad bodies for the whole attempt's submit: (id, kwargs, status, message).
SUBMIT_CASES = [
    ("bad-choice-alone", {"data": {_FIELD % 0: "Paris"}}, 400, "nothing was submitted"),
    ("bad-choice-save", {"data": {_FIELD % 0: "Paris", "save": "1"}}, 400, "nothing was submitted"),
    ("two-values", {"data": {_FIELD % 0: ["Right", "Wrong"]}}, 400, "Choose only one answer."),
    ("100kB-text", {"data": {_FIELD % 4: LONG}}, 400, "under 300 characters"),
    ("nul-in-text", {"data": {_FIELD % 4: "research\x00"}}, 400, CONTROL),
    (
        "invalid-utf8",
        {
            "data": (_FIELD % 2) + "=%ff&save=1&" + (_FIELD % 1) + "=Mentor",
            "content_type": "application/x-www-form-urlencoded",
        },
        400,
        "true or false",
    ),
    ("json-body", {"json": {_FIELD % 0: "Right", "submit": "1"}}, 415, NOT_A_FORM),
    ("text-plain", {"data": "submit=1", "content_type": "text/plain"}, 415, NOT_A_FORM),
]


def _format(value, world: World):
    if isinstance(value, str):
        return world.fill(value)
    if isinstance(value, dict):
        return {_format(k, world): _format(v, world) for k, v in value.items()}
    if isinstance(value, list):
        return [_format(v, world) for v in value]
    return value


def _ids(cases):
    return [case[0] for case in cases]


@pytest.mark.parametrize(
    ("method", "url", "kwargs", "status", "message", "location"),
    [case[1:] for case in ROUTE_CASES],
    ids=_ids(ROUTE_CASES),
)
def test_bad_urls_ids_and_methods(app, client, world, method, url, kwargs, status, message,
                                  location):  # fmt: skip
    before = _snapshot(app)
    response = client.open(world.fill(url), method=method, **_format(kwargs, world))
    location = world.fill(location) if location else None
    _check(client, response, status, message, location)
    assert _snapshot(app) == before


@pytest.mark.parametrize(
    ("position", "kwargs", "message"), [case[1:] for case in SAVE_CASES], ids=_ids(SAVE_CASES)
)
@pytest.mark.parametrize("wants_json", [False, True], ids=["form", "json"])
def test_a_bad_save_says_why_and_keeps_every_answer(
    app, client, world, position, kwargs, message, wants_json
):
    before = _snapshot(app)
    kwargs = _format(kwargs, world)
    if wants_json:
        kwargs["headers"] = JSON
    response = client.post(world.fill(_SAVE % position), **kwargs)
    if message == NOT_A_FORM:
        _check(client, response, 415, message)
    elif wants_json:
        _check(client, response, 400, message)
    else:
        _check(client, response, 302, message, f"/attempts/{world.attempt}#q-")
    assert _snapshot(app) == before


@pytest.mark.parametrize(
    ("kwargs", "status", "message"), [case[1:] for case in SUBMIT_CASES], ids=_ids(SUBMIT_CASES)
)
def test_a_bad_submit_submits_nothing_and_keeps_every_answer(
    app, client, world, kwargs, status, message
):
    before = _snapshot(app)
    kwargs = _format(kwargs, world)
    if isinstance(kwargs.get("data"), dict):
        # As a browser sends it: the ticked boxes, which only an empty group leaves out.
        kwargs["data"] = {world.fill(_FIELD % 1): SAVED[1]} | kwargs["data"]
    response = client.post(f"/attempts/{world.attempt}/submit", **kwargs)
    _check(client, response, status, message)
    assert _snapshot(app) == before


def test_a_form_without_the_answers_keeps_the_saved_ones(app, client, world):
    # A stale tab, or a script: the fields it does not send keep what was saved (but for a
    # checkbox group, which a browser leaves out when nothing is ticked).
    data = {world.fill(_FIELD % 1): SAVED[1], "save": "Save answers"}
    response = client.post(f"/attempts/{world.attempt}/submit", data=data)
    _check(client, response, 302, "Your answers are saved.", f"/attempts/{world.attempt}")
    with app.app_context():
        stored = db.session.scalars(
            sa.select(AttemptAnswer.response)
            .where(AttemptAnswer.attempt_id == world.attempt)
            .order_by(AttemptAnswer.position)
        ).all()
    assert stored == SAVED


def test_a_checkbox_group_left_empty_still_clears_its_answer(app, client, world):
    # HTML sends nothing for unticked checkboxes: that is the student's "none of these".
    response = client.post(world.fill(_SAVE % 1), data={}, headers=JSON)
    assert response.status_code == 200
    with app.app_context():
        assert db.session.get(AttemptAnswer, world.answers[1]).response is None


def test_extra_fields_are_ignored(app, client, world):
    data = {world.fill(_FIELD % 0): "Right", "answer_999999": "x", "is_correct": "1"}
    response = client.post(world.fill(_SAVE % 0), data=data, headers=JSON)
    assert response.json == {"ok": True, "message": "Answer saved."}
    with app.app_context():
        assert db.session.get(AttemptAnswer, world.answers[0]).response == "Right"
        assert db.session.get(AttemptAnswer, world.answers[0]).is_correct is None


def test_open_attempts_of_retired_lessons_and_draft_courses_still_open(client, world):
    for attempt in (world.retired, world.draft):
        assert _assert_no_crash(client.get(f"/attempts/{attempt}")).count("<fieldset") == 5


@pytest.mark.parametrize(
    "query",
    [
        "start=abc&end=def",
        "start=-1&end=5",
        "start=9&end=5",
        "start=5&end=5",
        "start=0",
        "end=10",
        f"start={HUGE}&end={HUGE + 1}",
        "start=0&end=99999999",
        "start=1.5&end=2.5",
        "start=%00&end=%ff",
        "start=\u0661&end=\u0662",
        "start=+1&end=+2",
        "start=0x10&end=0x20",
        "start=" + "1" * 10_000 + "&end=2",
        "start=&end=",
    ],
)
def test_a_bad_transcript_range_shows_the_whole_transcript_with_a_notice(app, client, auth, query):
    with app.app_context():
        load_package(MADRY)
        slug = db.session.scalar(sa.select(Course.slug))
    auth.login_as_student()
    response = client.get(f"/courses/{slug}/transcript?{query}")
    body = _assert_no_crash(response)
    assert response.status_code == 200
    assert "showing it all" in body
    assert 'id="hl"' not in body


@pytest.mark.parametrize(
    "query",
    [
        "start=10&start=999999&end=20",  # the first value counts
        "start=10&end=20&end=abc",
        "start=10&end=20&foo=%ff",
    ],
)
def test_repeated_or_extra_transcript_args_use_the_first(app, client, auth, query):
    with app.app_context():
        load_package(MADRY)
        slug = db.session.scalar(sa.select(Course.slug))
    auth.login_as_student()
    body = _assert_no_crash(client.get(f"/courses/{slug}/transcript?{query}"))
    assert "showing it all" not in body


def test_realistic_course_pages_survive_bad_slugs_and_ids(app, client, auth):
    with app.app_context():
        load_package(MADRY)
        lesson = db.session.scalars(sa.select(Lesson).order_by(Lesson.position)).first()
        course, slug, lesson_id = lesson.course.slug, lesson.slug, lesson.id
    auth.login_as_student()
    assert client.get(f"/courses/{course}/lessons/{slug}").status_code == 200
    for url in (
        f"/courses/{course}/lessons/{slug}%00",
        f"/courses/{course}/lessons/{slug}/../{slug}",
        f"/courses/{course}%2F..%2F{course}/lessons/{slug}",
        f"/lessons/{lesson_id}{HUGE}/quiz",
    ):
        response = client.get(url)
        _assert_no_crash(response)
        assert response.status_code in (404, 308), url


# Logged out: every route sends the visitor to log in, and changes nothing.

LOGGED_OUT = [
    ("GET", "/lessons"),
    ("GET", "/progress"),
    ("GET", "/courses/{w.course}/lessons/{w.lesson}"),
    ("POST", "/courses/{w.course}/lessons/{w.lesson}/read"),
    ("GET", "/courses/{w.course}/transcript?start=0&end=5"),
    ("GET", "/lessons/{w.lesson_id}/quiz"),
    ("POST", "/lessons/{w.lesson_id}/quiz/start"),
    ("GET", "/lessons/{w.lesson_id}/quiz/start"),
    ("GET", "/attempts/{w.attempt}"),
    ("POST", "/attempts/{w.attempt}/answers/{a[0]}"),
    ("GET", "/attempts/{w.attempt}/answers/{a[0]}"),
    ("POST", "/attempts/{w.attempt}/submit"),
    ("GET", "/attempts/{w.attempt}/submit"),
    ("GET", "/attempts/{w.attempt}/result"),
    ("GET", "/account/password"),
    ("POST", "/account/password"),
    ("POST", "/account/logout"),
    ("GET", "/lessons/{HUGE}/quiz"),
    ("GET", "/attempts/{HUGE}"),
]


@pytest.mark.parametrize(("method", "url"), LOGGED_OUT)
def test_logged_out_every_route_leads_to_login(app, client, world, method, url):
    client.post("/account/logout")
    before = _snapshot(app)
    response = client.open(world.fill(url), method=method, data={"answer_1": "Right"})
    if "{HUGE}" in url:
        _check(client, response, 404, NOT_FOUND)
    else:
        _check(client, response, 302, LOGIN, "/account/login?next=")
    assert _snapshot(app) == before


# The account forms, logged out.

ACCOUNT_CASES = [
    (
        "login-nul-email",
        "/account/login",
        {"email": "a\x00b@example.org", "password": "x"},
        "control characters",
    ),
    ("login-100kB-email", "/account/login", {"email": LONG, "password": "x"}, "254"),
    ("login-100kB-password", "/account/login", {"email": "a@example.org", "password": LONG}, "256"),
    ("login-missing-password", "/account/login", {"email": "a@example.org"}, "required"),
    ("login-nothing", "/account/login", {}, "required"),
    (
        "login-two-emails",
        "/account/login",
        {"email": ["student@example.org", "x@example.org"], "password": "wrong one"},
        "Invalid email or password.",
    ),
    (
        "register-nul-name",
        "/account/register",
        {
            "display_name": "a\x00b",
            "email": "n@example.org",
            "password": DEFAULT_PASSWORD,
            "confirm": DEFAULT_PASSWORD,
        },
        "control characters",
    ),
    (
        "register-nul-email",
        "/account/register",
        {
            "display_name": "N",
            "email": "n\x00@example.org",
            "password": DEFAULT_PASSWORD,
            "confirm": DEFAULT_PASSWORD,
        },
        "Invalid email",
    ),
    (
        "register-100kB-name",
        "/account/register",
        {
            "display_name": LONG,
            "email": "n@example.org",
            "password": DEFAULT_PASSWORD,
            "confirm": DEFAULT_PASSWORD,
        },
        "80",
    ),
    (
        "register-mismatch",
        "/account/register",
        {
            "display_name": "N",
            "email": "n@example.org",
            "password": DEFAULT_PASSWORD,
            "confirm": "other",
        },
        "do not match",
    ),
    (
        "register-taken",
        "/account/register",
        {
            "display_name": "N",
            "email": "STUDENT@example.org",
            "password": DEFAULT_PASSWORD + "!",
            "confirm": DEFAULT_PASSWORD + "!",
        },
        "already exists",
    ),
]


@pytest.mark.parametrize(
    ("url", "data", "message"), [case[1:] for case in ACCOUNT_CASES], ids=_ids(ACCOUNT_CASES)
)
def test_bad_account_forms_say_why(app, client, url, data, message):
    with app.app_context():
        make_user(email="student@example.org")
        users = db.session.scalar(sa.select(sa.func.count()).select_from(sa.text("users")))
    response = client.post(url, data=data)
    body = _assert_no_crash(response)
    assert response.status_code == 200
    assert message in body
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(sa.text("users"))) == users


@pytest.mark.parametrize(
    "next_url",
    [
        "/%0d%0aSet-Cookie:%20x=1",
        "/%00",
        "/%09/evil.example",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "/" + "a" * 10_000,
        "/%ff",
    ],
)
def test_login_with_a_weird_next_never_crashes_or_leaves_the_site(app, client, next_url):
    with app.app_context():
        make_user(email="student@example.org")
    response = client.post(
        f"/account/login?next={next_url}",
        data={"email": "student@example.org", "password": DEFAULT_PASSWORD},
    )
    _assert_no_crash(response)
    assert response.status_code == 302
    assert response.location.startswith("/") and not response.location.startswith("//")
    assert "\n" not in response.location and "evil" not in response.location


# With CSRF protection on, as in production: a POST without its token changes nothing.


class TestWithoutCsrfToken:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "WTF_CSRF_ENABLED": True}

    @pytest.fixture
    def world(self, app, client) -> World:
        # Log in through the real form, token and all; then build the world as above.
        with app.app_context():
            make_user(email="student@example.org")
        html = client.get("/account/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)[1]
        response = client.post(
            "/account/login",
            data={
                "email": "student@example.org",
                "password": DEFAULT_PASSWORD,
                "csrf_token": token,
            },
        )
        assert response.status_code == 302
        with app.app_context():
            student_id = db.session.scalar(sa.text("select id from users"))
            lesson = make_lesson()
            make_quiz(lesson)
            attempt, answers = _open(student_id, lesson.id)
            return World(lesson.course.slug, lesson.slug, lesson.id, attempt, answers)

    @pytest.mark.parametrize(
        ("url", "data"),
        [
            ("/lessons/{w.lesson_id}/quiz/start", {}),
            ("/courses/{w.course}/lessons/{w.lesson}/read", {}),
            ("/attempts/{w.attempt}/answers/{a[0]}", {"answer_{a[0]}": "Right"}),
            ("/attempts/{w.attempt}/submit", {"answer_{a[0]}": "Right", "submit": "1"}),
            ("/attempts/{w.attempt}/submit", {"answer_{a[0]}": "Right", "csrf_token": "forged"}),
            ("/account/logout", {}),
            (
                "/account/password",
                {"current": DEFAULT_PASSWORD, "new": "x" * 20, "confirm": "x" * 20},
            ),
        ],
    )
    def test_a_post_without_a_token_is_refused_and_changes_nothing(
        self, app, client, world, url, data
    ):
        before = _snapshot(app)
        response = client.post(world.fill(url), data=_format(data, world))
        _check(client, response, 400, CSRF)
        assert _snapshot(app) == before
        assert client.get("/progress").status_code == 200  # still logged in

    def test_json_with_a_token_header_but_no_form_is_refused(self, app, client, world):
        html = client.get(f"/attempts/{world.attempt}").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)[1]
        before = _snapshot(app)
        response = client.post(
            f"/attempts/{world.attempt}/submit",
            json={"submit": "1"},
            headers={"X-CSRFToken": token},
        )
        _check(client, response, 415, NOT_A_FORM)
        assert _snapshot(app) == before
