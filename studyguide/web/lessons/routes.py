from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from studyguide.services import content, progress
from studyguide.web.lessons.forms import MarkReadForm

bp = Blueprint("lessons", __name__)


@bp.get("/lessons")
@login_required
def index() -> ResponseReturnValue:
    """Show every published course with its lessons and the student's standing in each."""
    overview = progress.student_overview(current_user.id)
    return render_template("lessons/index.html", overview=overview)


@bp.get("/courses/<slug:course_slug>/lessons/<slug:lesson_slug>")
@login_required
def lesson(course_slug: str, lesson_slug: str) -> ResponseReturnValue:
    """Show one lesson: objectives, summary, takeaways, quotes, prompts and next steps."""
    page = progress.lesson_page(current_user.id, course_slug, lesson_slug)
    return render_template(
        "lessons/lesson.html", page=page, form=MarkReadForm(), remembered=page.remembered
    )


@bp.post("/courses/<slug:course_slug>/lessons/<slug:lesson_slug>/read")
@login_required
def mark_read(course_slug: str, lesson_slug: str) -> ResponseReturnValue:
    """Record that the student read the lesson; sending it again changes nothing."""
    if not MarkReadForm().validate_on_submit():
        flash("Your form expired; please try again.", "warning")
    else:
        progress.mark_read(current_user.id, course_slug, lesson_slug)
        flash("Marked as read.", "success")
    return redirect(url_for(".lesson", course_slug=course_slug, lesson_slug=lesson_slug))


@bp.get("/courses/<slug:course_slug>/transcript")
@login_required
def transcript(course_slug: str) -> ResponseReturnValue:
    """Show the course's transcript, the passage named by ?start=&end= highlighted."""
    page = content.transcript_page(course_slug, request.args.get("start"), request.args.get("end"))
    return render_template("lessons/transcript.html", page=page)
