"""/teach/courses/<slug>/…: curate a course — lessons, questions, review, acceptance.

Access as in the instructor area: anonymous users go to login, students get 403, and a course
(or question, or lesson) the instructor may not edit is a 404 (services/teaching.py decides).
A stale save renders the conflict page (409) with both versions; a save that fails a
check-course check re-renders its form with the reasons (400).
"""

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from studyguide.coursepack.rendering import render_markdown
from studyguide.errors import Refused
from studyguide.services import (
    acceptance,
    curation,
    curation_lessons,
    curation_overview,
    item_analysis,
)
from studyguide.services.curation import EditConflict, QuestionEdit
from studyguide.services.curation_lessons import LessonEdit
from studyguide.web.curation.forms import (
    LessonActionForm,
    LessonForm,
    NewQuestionForm,
    QuestionForm,
    ReviewForm,
)
from studyguide.web.instructor.routes import instructor_required

bp = Blueprint("curation", __name__, url_prefix="/teach/courses/<slug:slug>")


def _lines(text: str | None) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        abort(400)


def _lesson_choices(page: curation.TranscriptPage) -> list[SelectChoice]:
    return [SelectChoice(lesson.slug, lesson.title) for lesson in page.lessons]


def _conflict(conflict: EditConflict, back: str) -> ResponseReturnValue:
    page = render_template("curation/conflict.html", conflict=conflict, back=back)
    return page, 409


@bp.get("/curate")
@instructor_required
def overview(slug: str) -> ResponseReturnValue:
    """The course's lessons and questions with their review state, and generator acceptance."""
    page = curation_overview.course_questions(current_user, slug)
    return render_template(
        "curation/overview.html", page=page, rows=page.acceptance, form=LessonActionForm()
    )


@bp.get("/acceptance.csv")
@instructor_required
def acceptance_csv(slug: str) -> ResponseReturnValue:
    name, text = acceptance.acceptance_csv(current_user, slug)
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return text, 200, {"Content-Type": "text/csv; charset=utf-8", **headers}


@bp.get("/transcript")
@instructor_required
def transcript(slug: str) -> ResponseReturnValue:
    """The transcript (a passage highlighted by ?start=&end=) and the new-question form."""
    page = curation.transcript_page(
        current_user, slug, request.args.get("start"), request.args.get("end")
    )
    form = NewQuestionForm()
    form.lesson.choices = _lesson_choices(page)
    if page.highlight:
        form.quote.data = page.course.transcript_text[page.highlight[0] : page.highlight[1]]
        form.start_char.data = str(page.highlight[0])
    return render_template("curation/transcript.html", page=page, form=form)


@bp.post("/questions/new")
@instructor_required
def new_question(slug: str) -> ResponseReturnValue:
    """Write a question of any type from a passage (selected with JS, or pasted)."""
    page = curation.transcript_page(current_user, slug, None, None)
    form = NewQuestionForm()
    form.lesson.choices = _lesson_choices(page)
    if form.validate_on_submit():
        try:
            question = curation.new_question(current_user, slug, form.lesson.data, _edit(form))
        except Refused as refused:
            form.form_errors.append(str(refused))
        else:
            flash("Question added and approved.", "success")
            return redirect(url_for(".question", slug=slug, key=question.key))
    return render_template("curation/transcript.html", page=page, form=form), 400


def _edit(form: QuestionForm) -> QuestionEdit:
    start = form.start_char.data
    return QuestionEdit(
        type=form.type.data,
        prompt=form.prompt.data,
        answer=form.answer.data,
        explanation=form.explanation.data,
        quote=form.quote.data.strip("\r\n"),
        start_char=int(start) if (start or "").isdigit() else None,
        choices=_lines(form.choices.data),
        accepted=_lines(form.accepted.data),
        difficulty=form.difficulty.data,
    )


@bp.get("/questions/<slug:key>")
@instructor_required
def question(slug: str, key: str) -> ResponseReturnValue:
    """One question: its content, evidence, the generator's note, and review and edit forms."""
    item = curation.question_item(current_user, slug, key)
    return _question_page(item, QuestionForm(data=curation.form_values(item)))


def _question_page(item: curation.QuestionItem, form: QuestionForm, status: int = 200) -> Any:
    review = ReviewForm(data={"row_version": item.question.row_version})
    stats = item_analysis.curation_stats(item.question, item.version, item.lesson)
    page = render_template(
        "curation/question.html", item=item, form=form, review=review, stats=stats
    )
    return page, status


@bp.post("/questions/<slug:key>")
@instructor_required
def save_question(slug: str, key: str) -> ResponseReturnValue:
    item = curation.question_item(current_user, slug, key)
    form = QuestionForm()
    if form.validate_on_submit():
        seen = _int(form.row_version.data)
        try:
            curation.edit_question(current_user, slug, key, seen, _edit(form))
        except EditConflict as conflict:
            return _conflict(conflict, url_for(".question", slug=slug, key=key))
        except Refused as refused:
            form.form_errors.append(str(refused))
        else:
            flash("Question saved and approved as edited.", "success")
            return redirect(url_for(".question", slug=slug, key=key))
    return _question_page(item, form, 400)


@bp.post("/questions/<slug:key>/review")
@instructor_required
def review(slug: str, key: str) -> ResponseReturnValue:
    """Approve or reject a question (who and when are kept)."""
    form = ReviewForm()
    if not form.validate_on_submit() or not (form.approve.data or form.reject.data):
        abort(400)
    decision = "approve" if form.approve.data else "reject"
    try:
        curation.decide(current_user, slug, key, _int(form.row_version.data), decision)
    except EditConflict as conflict:
        return _conflict(conflict, url_for(".question", slug=slug, key=key))
    flash("Question approved." if decision == "approve" else "Question rejected.", "success")
    return redirect(url_for(".question", slug=slug, key=key))


@bp.route("/lessons/<slug:lesson>", methods=["GET", "POST"])
@instructor_required
def lesson(slug: str, lesson: str) -> ResponseReturnValue:
    """Edit a lesson's text; "Preview summary" renders the Markdown sanitised, saving nothing."""
    row = curation_lessons.lesson_item(current_user, slug, lesson)
    form = LessonForm(data=_lesson_data(row) if request.method == "GET" else None)
    preview = None
    if form.validate_on_submit():
        if form.preview.data:
            preview = render_markdown(form.summary.data or "")
        else:
            try:
                seen = _int(form.row_version.data)
                curation_lessons.edit_lesson(current_user, slug, lesson, seen, _lesson_edit(form))
            except EditConflict as conflict:
                return _conflict(conflict, url_for(".lesson", slug=slug, lesson=lesson))
            except Refused as refused:
                form.form_errors.append(str(refused))
            else:
                flash("Lesson saved.", "success")
                return redirect(url_for(".lesson", slug=slug, lesson=lesson))
    status = 400 if form.is_submitted() and preview is None else 200
    page = render_template("curation/lesson.html", lesson=row, form=form, preview=preview)
    return page, status


def _lesson_data(row: Any) -> dict[str, Any]:
    values = curation_lessons.lesson_values(row)
    return {
        "row_version": row.row_version,
        "title": values["title"],
        "summary": values["summary"],
        **{
            name: "\n".join(values[name])
            for name in ("objectives", "takeaways", "quotes", "reflection_prompts")
        },
    }


def _lesson_edit(form: LessonForm) -> LessonEdit:
    takeaways = []
    for line in _lines(form.takeaways.data):
        text, _, quote = line.partition(" :: ")
        takeaways.append((text.strip(), quote.strip()))
    return LessonEdit(
        title=form.title.data,
        summary_markdown=form.summary.data or "",
        objectives=_lines(form.objectives.data),
        takeaways=tuple(takeaways),
        quotes=_lines(form.quotes.data),
        reflection_prompts=_lines(form.reflection_prompts.data),
    )


# Structural lesson actions (drafts only): each calls its service with the version seen.
_ACTIONS: dict[str, tuple[Callable[..., Any], str]] = {
    "up": (lambda user, slug, lesson, seen, _f: curation_lessons.move_lesson(
        user, slug, lesson, seen, -1), "Lesson moved up."),
    "down": (lambda user, slug, lesson, seen, _f: curation_lessons.move_lesson(
        user, slug, lesson, seen, 1), "Lesson moved down."),
    "merge": (lambda user, slug, lesson, seen, f: curation_lessons.merge_with_next(
        user, slug, lesson, seen, _int(f.next_version.data)), "Lessons merged."),
    "split": (lambda user, slug, lesson, seen, f: curation_lessons.split_lesson(
        user, slug, lesson, seen, f.at.data or 0), "Lesson split in two."),
    "delete": (lambda user, slug, lesson, seen, _f: curation_lessons.delete_lesson(
        user, slug, lesson, seen), "Lesson deleted (kept in the records)."),
}  # fmt: skip


@bp.post("/lessons/<slug:lesson>/<any(up, down, merge, split, delete):action>")
@instructor_required
def structure(slug: str, lesson: str, action: str) -> ResponseReturnValue:
    """Reorder, merge with the next, split at a segment boundary, or delete a draft's lesson."""
    call, done = _ACTIONS[action]
    form = LessonActionForm()
    if not form.validate_on_submit():
        flash("Give a segment number between the lesson's segments.", "warning")
        return redirect(url_for(".overview", slug=slug))
    try:
        call(current_user, slug, lesson, _int(form.row_version.data), form)
    except EditConflict as conflict:
        return _conflict(conflict, url_for(".overview", slug=slug))
    except Refused as refused:
        flash(str(refused), "warning")
    else:
        flash(done, "success")
    return redirect(url_for(".overview", slug=slug))
