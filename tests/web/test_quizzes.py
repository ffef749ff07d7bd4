"""Taking a quiz through the web: start, save per question, submit once, read the result."""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from studyguide.extensions import db
from studyguide.models import Attempt, AttemptAnswer, AttemptGrade, Lesson
from tests.factories import DEFAULT_PASSWORD, make_lesson, make_quiz, make_user

JSON = {"Accept": "application/json"}


@dataclass
class Quiz:
    lesson_id: int
    course_slug: str
    version_ids: list[int]


@pytest.fixture
def quiz(app) -> Quiz:
    with app.app_context():
        lesson = make_lesson()
        versions = make_quiz(lesson)
        return Quiz(lesson.id, lesson.course.slug, [v.id for v in versions])


@dataclass
class Open:
    """An attempt a logged-in student has started, with its answer ids in question order."""

    id: int
    answer_ids: list[int]

    @property
    def url(self) -> str:
        return f"/attempts/{self.id}"

    def save_url(self, position: int) -> str:
        return f"/attempts/{self.id}/answers/{self.answer_ids[position]}"

    def field(self, position: int) -> str:
        return f"answer_{self.answer_ids[position]}"


def _start(app, client, quiz: Quiz) -> Open:
    response = client.post(f"/lessons/{quiz.lesson_id}/quiz/start")
    assert response.status_code == 302
    attempt_id = int(response.location.rsplit("/", 1)[1])
    with app.app_context():
        answer_ids = db.session.scalars(
            sa.select(AttemptAnswer.id)
            .where(AttemptAnswer.attempt_id == attempt_id)
            .order_by(AttemptAnswer.position)
        ).all()
    return Open(attempt_id, list(answer_ids))


@pytest.fixture
def started(app, client, auth, quiz) -> Open:
    auth.login_as_student()
    return _start(app, client, quiz)


def _stored(app, attempt_id: int) -> list:
    with app.app_context():
        return db.session.scalars(
            sa.select(AttemptAnswer.response)
            .where(AttemptAnswer.attempt_id == attempt_id)
            .order_by(AttemptAnswer.position)
        ).all()


def _state(app, attempt_id: int) -> str:
    with app.app_context():
        return db.session.get(Attempt, attempt_id).state


def _grades(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(AttemptGrade))


def _all_right(started: Open) -> dict:
    return {
        started.field(0): "Right",
        started.field(1): ["Mentor", "Funding"],
        started.field(2): "true",
        started.field(3): "abroad",
        started.field(4): "independent research",
    }


class Inputs(HTMLParser):
    """Collect the form inputs and labels of a page."""

    def __init__(self, html: str):
        super().__init__()
        self.inputs: list[dict] = []
        self.label_for: set[str] = set()
        self.fieldsets = 0
        self.legends = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input":
            self.inputs.append(attrs)
        elif tag == "label" and "for" in attrs:
            self.label_for.add(attrs["for"])
        elif tag == "fieldset":
            self.fieldsets += 1
        elif tag == "legend":
            self.legends += 1

    def answers(self) -> list[dict]:
        return [i for i in self.inputs if i.get("name", "").startswith("answer_")]


# Login and ownership


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/lessons/1/quiz"),
        ("post", "/lessons/1/quiz/start"),
        ("get", "/attempts/1"),
        ("post", "/attempts/1/answers/1"),
        ("post", "/attempts/1/submit"),
        ("get", "/attempts/1/result"),
    ],
)
def test_every_route_requires_login(client, quiz, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.location.startswith("/account/login")


def test_someone_elses_attempt_and_answers_are_not_found(app, client, auth, quiz, started):
    auth.logout()
    auth.login_as_student(email="intruder@example.org")
    mine = _start(app, client, quiz)
    for response in (
        client.get(started.url),
        client.get(f"{started.url}/result"),
        client.post(started.save_url(0), data={started.field(0): "Wrong"}),
        client.post(started.save_url(0), data={started.field(0): "Wrong"}, headers=JSON),
        client.post(f"{started.url}/submit", data={started.field(0): "Wrong"}),
        # My attempt with their answer id, and their attempt with mine.
        client.post(f"{mine.url}/answers/{started.answer_ids[0]}", data={"x": "y"}),
        client.post(f"{started.url}/answers/{mine.answer_ids[0]}", data={"x": "y"}),
    ):
        assert response.status_code == 404
    assert _stored(app, started.id) == [None] * 5
    assert _state(app, started.id) == "in_progress"


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/lessons/abc/quiz"),
        ("post", "/lessons/abc/quiz/start"),
        ("get", "/attempts/abc"),
        ("post", "/attempts/1/answers/abc"),
        ("post", "/attempts/-1/submit"),
        ("get", "/attempts/999/result"),
        ("get", "/lessons/999/quiz"),
    ],
)
def test_non_numeric_or_unknown_ids_are_not_found(client, auth, method, url):
    auth.login_as_student()
    response = getattr(client, method)(url)
    assert response.status_code == 404
    assert b"There is nothing here" in response.data


def test_a_json_save_to_an_unknown_answer_gets_a_json_404(client, started):
    response = client.post(f"{started.url}/answers/999", data={}, headers=JSON)
    assert response.status_code == 404
    assert response.json["ok"] is False


# The quiz page and starting


def test_quiz_page_shows_the_number_of_questions_and_a_start_form(client, auth, quiz):
    auth.login_as_student()
    html = client.get(f"/lessons/{quiz.lesson_id}/quiz").get_data(as_text=True)
    assert "5 questions" in html
    assert f'<form method="post" action="/lessons/{quiz.lesson_id}/quiz/start">' in html
    assert "Start quiz" in html


def test_the_lesson_page_links_to_the_quiz(app, client, auth, quiz):
    auth.login_as_student()
    with app.app_context():
        lesson = db.session.get(Lesson, quiz.lesson_id)
        url = f"/courses/{quiz.course_slug}/lessons/{lesson.slug}"
    assert f'href="/lessons/{quiz.lesson_id}/quiz"' in client.get(url).get_data(as_text=True)


def test_start_twice_resumes_the_same_attempt(app, client, quiz, started):
    html = client.get(f"/lessons/{quiz.lesson_id}/quiz").get_data(as_text=True)
    assert "Resume quiz" in html
    assert _start(app, client, quiz).id == started.id


def test_start_without_questions_says_so(app, client, auth):
    with app.app_context():
        lesson_id = make_lesson().id
    auth.login_as_student()
    response = client.post(f"/lessons/{lesson_id}/quiz/start", follow_redirects=True)
    assert b"This lesson has no quiz questions yet." in response.data
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Attempt)) == 0


def test_a_get_to_a_post_only_url_leads_back_to_the_attempt(client, quiz, started):
    # Where `next` lands after logging in again when a session expired mid-quiz.
    assert client.get(f"{started.url}/submit").location == started.url
    assert client.get(started.save_url(0)).location == started.url
    assert client.get(f"/lessons/{quiz.lesson_id}/quiz/start").location == (
        f"/lessons/{quiz.lesson_id}/quiz"
    )
    assert _state(client.application, started.id) == "in_progress"


# The open attempt


def test_attempt_page_asks_every_question_accessibly(client, started):
    html = client.get(started.url).get_data(as_text=True)
    page = Inputs(html)
    assert page.fieldsets == page.legends == 5
    kinds = [i["type"] for i in page.answers()]
    assert kinds == ["radio"] * 3 + ["checkbox"] * 4 + ["radio"] * 2 + ["text"] * 2
    # Every input has a label, and every question knows where it saves.
    assert all(i["id"] in page.label_for for i in page.answers())
    for position in range(5):
        assert f'data-save-url="{started.save_url(position)}"' in html
    assert 'class="blank"' in html  # the cloze prompt shows its blank
    assert 'src="/static/js/quiz.js?v=' in html  # fingerprinted (web/static_files.py)
    # "Save answers" comes before "Submit quiz": Enter in a text field must not hand it in.
    assert html.index('name="save"') < html.index('name="submit"')


def test_saved_answers_survive_logout_and_show_prefilled(app, client, auth, started):
    saves = [
        {started.field(0): "Wrong"},
        {started.field(1): ["Funding", "Mentor"]},
        {started.field(2): "false"},
        {started.field(3): "abrod"},
    ]
    for position, data in enumerate(saves):
        response = client.post(started.save_url(position), data=data, headers=JSON)
        assert response.status_code == 200
        assert response.json == {"ok": True, "message": "Answer saved."}
    assert _stored(app, started.id) == ["Wrong", ["Mentor", "Funding"], False, "abrod", None]

    auth.logout()
    assert client.get(started.url).status_code == 302
    auth.login("student@example.org")
    page = Inputs(client.get(started.url).get_data(as_text=True))
    checked = [(i["name"], i["value"]) for i in page.answers() if "checked" in i]
    assert checked == [  # choices are sent by index (issue 14 item 6)
        (started.field(0), "choice-1"),
        (started.field(1), "choice-0"),
        (started.field(1), "choice-1"),
        (started.field(2), "false"),
    ]
    texts = {i["name"]: i.get("value") for i in page.answers() if i["type"] == "text"}
    assert texts == {started.field(3): "abrod", started.field(4): ""}


def test_a_plain_form_post_saves_one_answer_and_goes_back_to_it(app, client, started):
    response = client.post(started.save_url(4), data={started.field(4): "research"})
    assert response.status_code == 302
    assert response.location == f"{started.url}#q-{started.answer_ids[4]}"
    assert b"Answer saved." in client.get(started.url).data
    assert _stored(app, started.id)[4] == "research"


def test_clearing_an_answer_saves_no_answer(app, client, started):
    client.post(started.save_url(1), data={started.field(1): ["Luck"]}, headers=JSON)
    response = client.post(started.save_url(1), data={}, headers=JSON)
    assert response.status_code == 200
    assert _stored(app, started.id)[1] is None


@pytest.mark.parametrize(
    ("position", "value", "message"),
    [
        (0, "Paris", "not one of the choices"),
        (0, ["Right", "Wrong"], "Choose only one answer."),
        (1, ["Mentor", "Nonsense"], "not one of the choices"),
        (2, "maybe", "true or false"),
        (4, "x" * 301, "under 300 characters"),
    ],
)
def test_a_wrong_value_is_refused_clearly_and_loses_nothing(
    app, client, started, position, value, message
):
    good = {0: "Wrong", 1: ["Luck"], 2: "true", 4: "research"}[position]
    client.post(started.save_url(position), data={started.field(position): good}, headers=JSON)
    before = _stored(app, started.id)

    response = client.post(
        started.save_url(position), data={started.field(position): value}, headers=JSON
    )
    assert response.status_code == 400
    assert response.json["ok"] is False
    assert message in response.json["message"]

    response = client.post(
        started.save_url(position), data={started.field(position): value}, follow_redirects=True
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _stored(app, started.id) == before


# Submitting and the result


def test_submit_grades_and_shows_the_result(app, client, quiz, started):
    data = _all_right(started) | {started.field(2): "false", started.field(3): "abrod"}
    response = client.post(f"{started.url}/submit", data=data)
    assert response.status_code == 302
    assert response.location == f"{started.url}/result"
    html = client.get(response.location).get_data(as_text=True)
    assert "<strong>4 of 5</strong> right (80&nbsp;%)" in html
    assert html.count("Incorrect</span>") == 1
    assert "Accepted with a small typo: the answer is \u201cabroad\u201d." in html
    assert "<dt>Your answer</dt><dd>False</dd>" in html
    assert "<dt>Right answer</dt><dd>True</dd>" in html
    assert "Because the transcript says so." in html
    # The evidence quote, linked to its passage in the transcript.
    link = f"/courses/{quiz.course_slug}/transcript?start=23&amp;end=36"
    assert f'<blockquote cite="{link}#hl"><p>I went abroad</p></blockquote>' in html
    assert client.get(link.replace("&amp;", "&")).status_code == 200
    # The quiz page lists the attempt and offers another.
    intro = client.get(f"/lessons/{quiz.lesson_id}/quiz").get_data(as_text=True)
    assert f'href="{started.url}/result"' in intro
    assert "Take the quiz again" in intro


def test_answers_saved_one_by_one_are_graded_on_submit(app, client, started):
    for position, (name, value) in enumerate(_all_right(started).items()):
        client.post(started.save_url(position), data={name: value}, headers=JSON)
    # A browser without the per-question saves' state: the form still carries every answer.
    client.post(f"{started.url}/submit", data=_all_right(started))
    assert b"<strong>5 of 5</strong>" in client.get(f"{started.url}/result").data


def test_a_second_submit_shows_the_stored_result(app, client, started):
    client.post(f"{started.url}/submit", data=_all_right(started))
    response = client.post(f"{started.url}/submit", data={started.field(0): "Wrong"})
    assert response.location == f"{started.url}/result"
    html = client.get(response.location).get_data(as_text=True)
    assert "already submitted" in html
    assert "<strong>5 of 5</strong>" in html
    assert _grades(app) == 1
    assert _stored(app, started.id)[0] == "Right"


def test_a_submitted_attempt_cannot_change(app, client, started):
    client.post(f"{started.url}/submit", data=_all_right(started))
    response = client.post(started.save_url(0), data={started.field(0): "Wrong"}, headers=JSON)
    assert response.status_code == 409
    assert "already submitted" in response.json["message"]
    response = client.post(started.save_url(0), data={started.field(0): "Wrong"})
    assert response.location == f"{started.url}/result"
    assert b"already submitted" in client.get(response.location).data
    assert _stored(app, started.id)[0] == "Right"
    # The attempt page now shows the result.
    assert client.get(started.url).location == f"{started.url}/result"


def test_a_result_before_submitting_leads_back_to_the_attempt(client, started):
    response = client.get(f"{started.url}/result")
    assert response.location == started.url


def test_submit_with_a_wrong_value_submits_nothing_and_keeps_the_rest(app, client, started):
    data = _all_right(started) | {started.field(0): "Paris"}
    response = client.post(f"{started.url}/submit", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "nothing was submitted" in html
    assert f'id="{started.field(0)}-error">That answer is not one of the choices' in html
    assert 'class="quiz-question has-error"' in html
    assert _state(app, started.id) == "in_progress"
    assert _stored(app, started.id) == [None, ["Mentor", "Funding"], True, "abroad",
                                        "independent research"]  # fmt: skip
    assert _grades(app) == 0


def test_save_for_later_keeps_the_answers_without_submitting(app, client, started):
    data = {started.field(3): "abroad", "save": "Save answers"}
    response = client.post(f"{started.url}/submit", data=data, follow_redirects=True)
    assert b"Your answers are saved." in response.data
    assert _state(app, started.id) == "in_progress"
    assert _stored(app, started.id)[3] == "abroad"


def test_two_students_at_once_keep_their_own_answers(app, client, auth, quiz, started):
    # A second browser, another student, the same lesson.
    other = app.test_client()
    with app.app_context():
        make_user(email="other@example.org")
    other.post("/account/login", data={"email": "other@example.org", "password": DEFAULT_PASSWORD})
    theirs = _start(app, other, quiz)
    assert theirs.id != started.id
    other.post(theirs.save_url(0), data={theirs.field(0): "Wrong"}, headers=JSON)
    client.post(started.save_url(0), data={started.field(0): "Right"}, headers=JSON)
    assert _stored(app, started.id)[0] == "Right"
    assert _stored(app, theirs.id)[0] == "Wrong"


# With CSRF protection on, as in production.


class TestWithCsrf:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "WTF_CSRF_ENABLED": True}

    @pytest.fixture
    def token(self, app, client, quiz) -> str:
        with app.app_context():
            make_user(email="csrf@example.org")
        html = client.get("/account/login").get_data(as_text=True)
        login_token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)[1]
        client.post(
            "/account/login",
            data={
                "email": "csrf@example.org",
                "password": DEFAULT_PASSWORD,
                "csrf_token": login_token,
            },
        )
        html = client.get(f"/lessons/{quiz.lesson_id}/quiz").get_data(as_text=True)
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)[1]

    def test_start_save_and_submit_need_the_token(self, app, client, quiz, token):
        assert client.post(f"/lessons/{quiz.lesson_id}/quiz/start").status_code == 400
        response = client.post(f"/lessons/{quiz.lesson_id}/quiz/start", data={"csrf_token": token})
        assert response.status_code == 302
        attempt_id = int(response.location.rsplit("/", 1)[1])
        html = client.get(response.location).get_data(as_text=True)
        assert 'name="csrf_token" type="hidden" value="' in html
        detail_answers = re.findall(r'data-save-url="([^"]+)"', html)
        field = "answer_" + detail_answers[0].rsplit("/", 1)[1]

        # The script sends the token in the X-CSRFToken header.
        assert client.post(detail_answers[0], data={field: "Right"}, headers=JSON).status_code == (
            400
        )
        response = client.post(
            detail_answers[0], data={field: "Right"}, headers={**JSON, "X-CSRFToken": token}
        )
        assert response.json == {"ok": True, "message": "Answer saved."}

        assert client.post(f"/attempts/{attempt_id}/submit", data={}).status_code == 400
        response = client.post(
            f"/attempts/{attempt_id}/submit", data={field: "Right", "csrf_token": token}
        )
        assert response.location == f"/attempts/{attempt_id}/result"
        assert _stored(app, attempt_id)[0] == "Right"
