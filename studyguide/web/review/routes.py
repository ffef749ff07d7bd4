from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from studyguide import errors
from studyguide.questiontypes import question_type
from studyguide.services import review, review_queue, review_settings
from studyguide.services.review_schedule import RATING_LABELS, cloze
from studyguide.web.quizzes.forms import field_name, question_input
from studyguide.web.review.forms import (
    ActionForm,
    QuestionCard,
    SettingsForm,
    StartForm,
)

bp = Blueprint("review", __name__, url_prefix="/review")

EXPIRED = "Your form expired; please try again."


def browser_zone() -> str | None:
    """Return the time zone the browser reported (static/js/timezone.js sets the cookie)."""
    name = request.cookies.get("tz", "")
    return name if 0 < len(name) <= 64 else None


@bp.errorhandler(review.AlreadyAnswered)
def already_answered(error: review.AlreadyAnswered) -> ResponseReturnValue:
    flash(str(error), "info")
    session_id = (request.view_args or {}).get("session_id")
    if error.log_id is not None:
        return redirect(url_for(".answer", log_id=error.log_id, session=session_id))
    return redirect(url_for(".session", session_id=session_id))


@bp.get("")
@login_required
def index() -> ResponseReturnValue:
    """Show what is due, the button that starts a session, and the student's settings."""
    settings = review_settings.settings_for(current_user.id)
    queue = review_queue.due_queue(current_user.id, settings=settings, browser_zone=browser_zone())
    return render_template(
        "review/index.html",
        queue=queue,
        settings=settings,
        form=StartForm(),
        settings_form=SettingsForm.of(settings),
    )


@bp.post("/sessions")
@login_required
def start() -> ResponseReturnValue:
    if not StartForm().validate_on_submit():
        flash(EXPIRED, "warning")
        return redirect(url_for(".index"))
    session = review_queue.start_session(current_user.id)
    return redirect(url_for(".session", session_id=session.id))


@bp.get("/sessions/<id:session_id>")
@login_required
def session(session_id: int) -> ResponseReturnValue:
    """Show the session's next card, or how it ended and what is left for later."""
    view = review_queue.session_view(current_user.id, session_id, browser_zone())
    card = field = None
    if view.card is not None and view.version is not None:
        card = QuestionCard(view.card, view.version)
        field = question_input(card)
    return render_template(
        "review/session.html",
        view=view,
        question=card,
        field=field,
        action=ActionForm(),
        question_type=question_type,
        ratings=RATING_LABELS,
        cloze=cloze,
    )


@bp.post("/sessions/<id:session_id>/cards/<id:card_id>/answer")
@login_required
def answer_card(session_id: int, card_id: int) -> ResponseReturnValue:
    rep = request.form.get("rep", type=int)
    if not ActionForm().validate_on_submit() or rep is None:
        flash(EXPIRED, "warning")
        return redirect(url_for(".session", session_id=session_id))
    values = request.form.getlist(field_name(card_id))
    try:
        log = review.answer_question(current_user.id, card_id, session_id, rep, values)
    except review.InvalidResponse as error:
        flash(f"Not answered: {error}", "error")
        return redirect(url_for(".session", session_id=session_id))
    return redirect(url_for(".answer", log_id=log.id, session=session_id))


@bp.post("/sessions/<id:session_id>/cards/<id:card_id>/rate")
@login_required
def rate_card(session_id: int, card_id: int) -> ResponseReturnValue:
    rep = request.form.get("rep", type=int)
    rating = request.form.get("rating", type=int)
    if not ActionForm().validate_on_submit() or rep is None or rating is None:
        flash(EXPIRED if rep is None else "Choose Again, Hard, Good or Easy.", "warning")
        return redirect(url_for(".session", session_id=session_id))
    review.rate_recall(current_user.id, card_id, session_id, rep, rating)
    return redirect(url_for(".session", session_id=session_id))


@bp.get("/answers/<id:log_id>")
@login_required
def answer(log_id: int) -> ResponseReturnValue:
    """Show a graded question card: the same feedback and evidence as the quiz result page."""
    log = review.review_result(current_user.id, log_id)
    version = review.version_of(log)
    return render_template(
        "review/answer.html",
        log=log,
        version=version,
        kind=question_type(version.type) if version else None,
        session_id=request.args.get("session", type=int),
    )


@bp.get("/cards")
@login_required
def cards() -> ResponseReturnValue:
    """List the student's cards, to suspend, resume or remove them."""
    return render_template(
        "review/cards.html", cards=review.student_cards(current_user.id), form=ActionForm()
    )


@bp.post("/cards/<id:card_id>/<any(suspend, resume, remove):action>")
@login_required
def change_card(card_id: int, action: str) -> ResponseReturnValue:
    if not ActionForm().validate_on_submit():
        flash(EXPIRED, "warning")
    elif action == "remove":
        review.remove_card(current_user.id, card_id)
        flash("Card removed from your review. Its past reviews still count.", "success")
    else:
        review.set_suspended(current_user.id, card_id, action == "suspend")
        flash("Card suspended." if action == "suspend" else "Card back in review.", "success")
    return redirect(url_for(".cards"))


@bp.post("/settings")
@login_required
def settings() -> ResponseReturnValue:
    form = SettingsForm()
    if form.validate_on_submit():
        try:
            review_settings.save_settings(
                current_user.id,
                time_zone=(form.time_zone.data or "").strip() or None,
                time_limit_minutes=form.time_limit_minutes.data,
                card_limit=form.card_limit.data,
                new_per_day=form.new_per_day.data,
            )
        except errors.Refused as error:
            form.time_zone.errors = [str(error)]
        else:
            flash("Review settings saved.", "success")
            return redirect(url_for(".index"))
    settings = review_settings.settings_for(current_user.id)
    queue = review_queue.due_queue(current_user.id, settings=settings, browser_zone=browser_zone())
    return render_template(
        "review/index.html", queue=queue, settings=settings, form=StartForm(), settings_form=form
    ), 400


@bp.post("/lessons/<id:lesson_id>/takeaways/<int:index>")
@login_required
def remember(lesson_id: int, index: int) -> ResponseReturnValue:
    """Make a recall card of one takeaway ("Remember this" on the lesson page)."""
    card, created = None, False
    if ActionForm().validate_on_submit():
        card, created = review.remember_takeaway(current_user.id, lesson_id, index)
        flash("Added to your review." if created else "Already in your review.", "success")
    else:
        flash(EXPIRED, "warning")
    lesson = card.lesson if card else review.lesson_for(lesson_id)
    return redirect(
        url_for(
            "lessons.lesson",
            course_slug=lesson.course.slug,
            lesson_slug=lesson.slug,
            _anchor=f"takeaway-{index}",
        )
    )
