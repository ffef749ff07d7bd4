"""A choice holding a line break can be chosen (issue 14 item 6).

Choices used to be sent by their text, and browsers send a line break in a form value as CRLF,
so a choice with a line break (quotes spanning lines are normal) could never be chosen: the
quiz said "not one of the choices" and submitting answered 400. Choices are sent by index.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from studyguide.extensions import db
from studyguide.models import AttemptGrade
from tests.factories import make_lesson, make_question
from tests.web.test_quizzes import Quiz, _start, _stored

QUOTE = "I went abroad\nbecause my mentor\r\nsupported it"
CHOICES = ["Money", QUOTE, "The weather"]
SELECT = ["Mentor", "Funding\nand time", "Weather"]


@pytest.fixture
def attempt(app, client, auth) -> tuple[int, list[int]]:
    with app.app_context():
        lesson = make_lesson()
        make_question(lesson, position=1, choices=CHOICES, answer=QUOTE)
        make_question(lesson, position=2, type="multiple_select", choices=SELECT, answer=SELECT[:2])
        quiz = Quiz(lesson.id, lesson.course.slug, [])
    auth.login_as_student()
    started = _start(app, client, quiz)
    return started.id, started.answer_ids


def _values(html: str, name: str) -> list[str]:
    """The values a browser would send for the options of field `name`, in page order."""
    return re.findall(rf'name="{name}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="{name}"', html)


def _option_values(html: str, name: str) -> list[str]:
    return [a or b for a, b in _values(html, name)]


def test_a_choice_with_a_line_break_can_be_chosen_and_is_graded_right(app, client, attempt):
    attempt_id, (one, many) = attempt
    html = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    one_values = _option_values(html, f"answer_{one}")
    many_values = _option_values(html, f"answer_{many}")
    assert len(one_values) == 3 and len(many_values) == 3
    assert all("\n" not in value and "\r" not in value for value in one_values + many_values)

    # What a browser sends: the option's value, whatever the label holds.
    form = {f"answer_{one}": one_values[1], f"answer_{many}": many_values[:2]}
    response = client.post(f"/attempts/{attempt_id}/submit", data={**form, "submit": "1"})

    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    with app.app_context():
        grades = db.session.scalars(sa.select(AttemptGrade)).all()
    stored = _stored(app, attempt_id)
    assert stored == [QUOTE, SELECT[:2]]  # stored as the choice text, as before
    assert [(g.correct, g.total) for g in grades] == [(2, 2)]


def test_the_choice_text_as_a_browser_sends_it_is_refused_with_the_message(client, attempt):
    attempt_id, (one, _many) = attempt
    as_sent = QUOTE.replace("\r\n", "\n").replace("\n", "\r\n")  # how a browser sends it

    response = client.post(
        f"/attempts/{attempt_id}/answers/{one}",
        data={f"answer_{one}": as_sent},
        headers={"Accept": "application/json"},
    )

    assert response.status_code == 400
    assert response.json["message"] == (
        "Not saved: That answer is not one of the choices offered for this question."
    )


def test_a_saved_choice_is_shown_checked_again(client, attempt):
    attempt_id, (one, many) = attempt
    html = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    value = _option_values(html, f"answer_{one}")[1]
    saved = client.post(
        f"/attempts/{attempt_id}/answers/{one}",
        data={f"answer_{one}": value},
        headers={"Accept": "application/json"},
    )
    assert saved.status_code == 200, saved.json

    html = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    checked = re.findall(r"<input[^>]*checked[^>]*>", html)
    assert len(checked) == 1 and f'value="{value}"' in checked[0]
