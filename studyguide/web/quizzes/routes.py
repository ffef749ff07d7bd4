from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from studyguide.questiontypes import question_type
from studyguide.services import attempt_reads, attempts
from studyguide.web import wants_json
from studyguide.web.quizzes.forms import (
    StartQuizForm,
    SubmitQuizForm,
    parse_answer_from,
    question_input,
    quiz_form,
)

bp = Blueprint("quizzes", __name__)

UNREADABLE = "Some answers could not be read (see below), so nothing was submitted yet."
SAVED_FOR_LATER = "Your answers are saved. Come back any time to finish and submit the quiz."


def _reply(message: str, status: int, next_url: str, category: str) -> ResponseReturnValue:
    if wants_json():
        return jsonify(ok=status == 200, message=message), status
    flash(message, category)
    return redirect(next_url)


@bp.errorhandler(attempts.AttemptClosed)
def closed(error: attempts.AttemptClosed):
    attempt_id = (request.view_args or {})["attempt_id"]
    return _reply(str(error), 409, url_for(".result", attempt_id=attempt_id), "warning")


@bp.get("/lessons/<id:lesson_id>/quiz")
@login_required
def quiz(lesson_id: int):
    overview = attempt_reads.quiz_overview(current_user.id, lesson_id)
    return render_template("quizzes/quiz.html", overview=overview, form=StartQuizForm())


@bp.post("/lessons/<id:lesson_id>/quiz/start")
@login_required
def start(lesson_id: int):
    try:
        attempt = attempts.start_attempt(current_user.id, lesson_id)
    except attempts.NoQuestions as error:
        flash(str(error), "warning")
        return redirect(url_for(".quiz", lesson_id=lesson_id))
    return redirect(url_for(".take", attempt_id=attempt.id))


@bp.get("/attempts/<id:attempt_id>")
@login_required
def take(attempt_id: int):
    detail = attempt_reads.load_attempt(current_user.id, attempt_id)
    if detail.submitted:
        return redirect(url_for(".result", attempt_id=attempt_id))
    # The question fields are only read on POST: the page renders them with plain macros.
    return _render_take(detail, SubmitQuizForm())


@bp.post("/attempts/<id:attempt_id>/answers/<id:answer_id>")
@login_required
def save_answer(attempt_id: int, answer_id: int):
    answer = attempt_reads.get_answer_for_user(current_user.id, attempt_id, answer_id)
    back = url_for(".take", attempt_id=attempt_id, _anchor=f"q-{answer_id}")
    try:
        response = parse_answer_from(answer, request.form)
        attempts.save_answer(current_user.id, attempt_id, answer.question_version_id, response)
    except attempts.InvalidResponse as error:
        return _reply(f"Not saved: {error}", 400, back, "error")
    return _reply("Answer saved.", 200, back, "success")


@bp.post("/attempts/<id:attempt_id>/submit")
@login_required
def submit(attempt_id: int):
    detail = attempt_reads.load_attempt(current_user.id, attempt_id)
    if detail.submitted:
        flash("This quiz was already submitted; here is its result.", "info")
        return redirect(url_for(".result", attempt_id=attempt_id))
    form = quiz_form(detail.answers)
    responses = form.responses()
    if form.has_errors or form.save.data:
        # Keep every answer that could be read, so fixing one never means re-typing the rest.
        attempts.save_answers(current_user.id, attempt_id, responses)
        if form.has_errors:
            form.form_errors.append(UNREADABLE)
            return _render_take(detail, form), 400
        flash(SAVED_FOR_LATER, "success")
        return redirect(url_for(".take", attempt_id=attempt_id))
    attempts.submit_attempt(current_user.id, attempt_id, responses)
    return redirect(url_for(".result", attempt_id=attempt_id))


@bp.get("/attempts/<id:attempt_id>/result")
@login_required
def result(attempt_id: int):
    detail = attempt_reads.load_attempt(current_user.id, attempt_id)
    if not detail.submitted:
        flash("This quiz is not submitted yet.", "info")
        return redirect(url_for(".take", attempt_id=attempt_id))
    return render_template("quizzes/result.html", detail=detail, question_type=question_type)


# A session that expired during a quiz sends the student to log in and then back with GET to
# the URL they posted to: land them on their attempt (or quiz), not on a 405 page.
@bp.get("/attempts/<id:attempt_id>/submit")
@bp.get("/attempts/<id:attempt_id>/answers/<id:answer_id>")
@login_required
def back_to_attempt(attempt_id: int, answer_id: int | None = None):
    return redirect(url_for(".take", attempt_id=attempt_id))


@bp.get("/lessons/<id:lesson_id>/quiz/start")
@login_required
def back_to_intro(lesson_id: int):
    return redirect(url_for(".quiz", lesson_id=lesson_id))


def _render_take(detail: attempt_reads.AttemptDetail, form: SubmitQuizForm) -> str:
    # A form that received the answers (a refused submit) shows what was sent and its errors.
    received = form if form.answers else None
    questions = [question_input(answer, received) for answer in detail.answers]
    return render_template(
        "quizzes/take.html",
        detail=detail,
        form=form,
        questions=questions,
        question_type=question_type,
    )
