"""/teach: the instructor's courses, new courses from transcripts, packages and editors.

Students get 403 and anonymous users the login page; a course someone cannot edit is a 404,
exactly like one that does not exist (services/teaching.py decides).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from studyguide.errors import Refused
from studyguide.services import acceptance, import_jobs, packages, teaching
from studyguide.web import wants_json
from studyguide.web.form import FlaskForm
from studyguide.web.instructor.forms import ActionForm, EmailForm, PackageForm, TranscriptForm

bp = Blueprint("instructor", __name__, url_prefix="/teach")


def instructor_required(view: Callable[..., ResponseReturnValue]) -> Callable[..., Any]:
    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        if not current_user.is_instructor:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


@bp.get("/")
@instructor_required
def index() -> ResponseReturnValue:
    """List the courses the instructor can edit, with their figures, and recent imports."""
    rows = teaching.course_rows(current_user)
    jobs = import_jobs.recent_jobs(current_user, limit=5)
    return render_template("instructor/index.html", rows=rows, jobs=jobs)


def _form_page(
    form: FlaskForm, template: str, act: Callable[[], ResponseReturnValue], **context: Any
) -> ResponseReturnValue:
    """Render `template` with `form`; on a valid submit return `act()`, whose `Refused` (and
    a package's problems) become the form's errors, shown with status 400."""
    if form.validate_on_submit():
        try:
            return act()
        except Refused as refused:
            problems = getattr(refused, "problems", None) or []
            form.form_errors.append("The package has problems:" if problems else str(refused))
            form.form_errors.extend(str(problem) for problem in problems[:20])
    status = 400 if form.is_submitted() else 200
    return render_template(template, form=form, **context), status


@bp.route("/new", methods=["GET", "POST"])
@instructor_required
def new_course() -> ResponseReturnValue:
    """Take a transcript (file or pasted) and queue its draft course."""
    form = TranscriptForm()

    def submit() -> ResponseReturnValue:
        job = import_jobs.submit_transcript(current_user, _upload(form))
        return redirect(url_for(".job", job_id=job.id))

    limit = import_jobs.max_transcript_bytes()
    return _form_page(form, "instructor/new.html", submit, limit=limit)


def _upload(form: TranscriptForm) -> import_jobs.TranscriptUpload:
    file = form.transcript.data
    if file and file.filename:
        data, name = file.read(), file.filename
    else:
        data, name = (form.text.data or "").encode("utf-8"), "pasted.txt"
    guests = tuple(g.strip() for g in (form.guests.data or "").split(",") if g.strip())
    return import_jobs.TranscriptUpload(form.title.data, data, name, form.host.data or "", guests)


@bp.get("/jobs/<id:job_id>")
@instructor_required
def job(job_id: int) -> ResponseReturnValue:
    """Show an import's stage; the page refreshes itself until the job is done or failed."""
    status = import_jobs.job_status(current_user, job_id)
    job = status.job
    course_url = url_for(".course", slug=job.course.slug) if job.course else None
    if wants_json():
        return jsonify(
            ok=True,
            state=status.state,
            stage=job.stage,
            message=status.message,
            course_url=course_url,
        )
    return render_template("instructor/job.html", status=status, job=job, course_url=course_url)


@bp.get("/courses/<slug:slug>")
@instructor_required
def course(slug: str) -> ResponseReturnValue:
    """One course: status, lessons, editors, publishing, the package, curation pages."""
    course, lessons = teaching.workspace(current_user, slug)
    return render_template(
        "instructor/course.html",
        course=course,
        lessons=lessons,
        editors=teaching.course_editors(course),
        form=ActionForm(),
        editor_form=EmailForm(),
        rows=acceptance.acceptance(course),
    )


@bp.post("/courses/<slug:slug>/publish")
@instructor_required
def publish(slug: str) -> ResponseReturnValue:
    return _set_status(slug, "published", "Published: students can see the course now.")


@bp.post("/courses/<slug:slug>/unpublish")
@instructor_required
def unpublish(slug: str) -> ResponseReturnValue:
    return _set_status(slug, "draft", "Unpublished: the course is a draft again.")


def _set_status(slug: str, status: str, message: str) -> ResponseReturnValue:
    if not ActionForm().validate_on_submit():
        abort(400)
    teaching.set_status(current_user, slug, status)
    flash(message, "success")
    return redirect(url_for(".course", slug=slug))


@bp.post("/courses/<slug:slug>/editors")
@instructor_required
def add_editor(slug: str) -> ResponseReturnValue:
    """Add a co-editor (an instructor, by email) to the course."""
    form = EmailForm()
    if not form.validate_on_submit():
        flash("Give the co-editor's email address.", "warning")
    else:
        try:
            editor = teaching.add_editor(current_user, slug, form.email.data)
        except Refused as refused:
            flash(str(refused), "warning")
        else:
            flash(f"{editor.user.display_name} can edit this course now.", "success")
    return redirect(url_for(".course", slug=slug))


@bp.get("/courses/<slug:slug>/package.zip")
@instructor_required
def download(slug: str) -> ResponseReturnValue:
    """The course as a zipped package, in the on-disk format."""
    name, data = packages.course_zip(current_user, slug)
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return data, 200, {"Content-Type": "application/zip", **headers}


@bp.route("/upload", methods=["GET", "POST"])
@instructor_required
def upload() -> ResponseReturnValue:
    """Create or update a course from a zipped package (the rules of load-course)."""
    form = PackageForm()

    def load() -> ResponseReturnValue:
        course, report = packages.upload_zip(current_user, form.package.data.read())
        flash(report.summary(), "success")
        return redirect(url_for(".course", slug=course.slug))

    return _form_page(form, "instructor/upload.html", load)


@bp.route("/instructors", methods=["GET", "POST"])
@instructor_required
def instructors() -> ResponseReturnValue:
    """Promote an account to instructor."""
    form = EmailForm()

    def promote() -> ResponseReturnValue:
        user = teaching.promote_to_instructor(current_user, form.email.data)
        flash(f"{user.email} is an instructor now.", "success")
        return redirect(url_for(".instructors"))

    return _form_page(form, "instructor/instructors.html", promote)
