"""Mentor pages under /teach/cohorts (instructors only) and the invitation pages under /join."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from studyguide.errors import Conflict, Refused
from studyguide.models import utcnow
from studyguide.questiontypes import question_type
from studyguide.services import analytics, cohorts, item_analysis
from studyguide.web.cohorts.chart import mastery_chart
from studyguide.web.cohorts.export import class_csv
from studyguide.web.cohorts.forms import (
    CodeForm,
    CohortForm,
    ConfirmForm,
    InvitationForm,
    JoinForm,
    MentorForm,
)

bp = Blueprint("cohorts", __name__)

TEACH = "/teach/cohorts"
PAGE_SIZE = 100


def mentor_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Log in first; then instructors only (403 for students)."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_instructor:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def _first_only() -> bool:
    return request.args.get("attempts", "first") != "all"


@bp.get(TEACH)
@mentor_required
def index() -> ResponseReturnValue:
    summaries = analytics.cohort_summaries(current_user.id)
    return render_template("cohorts/index.html", summaries=summaries)


@bp.route(f"{TEACH}/new", methods=["GET", "POST"])
@mentor_required
def new() -> ResponseReturnValue:
    form = CohortForm()
    courses = cohorts.mentorable_courses(current_user)
    form.course_id.choices = [(c.id, c.title) for c in courses]
    if form.validate_on_submit():
        try:
            cohort = cohorts.create_cohort(
                current_user, form.course_id.data, form.name.data, form.start_date.data
            )
        except Refused as error:
            form.form_errors.append(str(error))
        else:
            flash(f"Cohort “{cohort.name}” created. Invite students below.", "success")
            return redirect(url_for(".manage", cohort_id=cohort.id))
    status = 400 if form.is_submitted() else 200  # a refused form says why, with a 4xx
    return render_template("cohorts/new.html", form=form, courses=courses), status


@bp.get(f"{TEACH}/<id:cohort_id>")
@mentor_required
def cohort(cohort_id: int) -> ResponseReturnValue:
    """The class table: sortable, filterable, paged, with the mastery spread per lesson."""
    report = analytics.class_progress(current_user.id, cohort_id)
    show = request.args.get("show", "all")
    show = show if show in analytics.FILTERS else "all"
    sort = request.args.get("sort", "name")
    sort = sort if sort in analytics.SORTS else "name"
    descending = request.args.get("order") == "desc"
    rows = analytics.sorted_rows(report.rows, show, sort, descending)
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    return render_template(
        "cohorts/cohort.html",
        report=report,
        rows=rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        matching=len(rows),
        show=show,
        sort=sort,
        descending=descending,
        page=page,
        pages=pages,
        chart=mastery_chart(report.summaries, len(report.rows)),
        filters=analytics.FILTERS,
    )


@bp.get(f"{TEACH}/<id:cohort_id>/progress.csv")
@mentor_required
def progress_csv(cohort_id: int) -> ResponseReturnValue:
    report = analytics.class_progress(current_user.id, cohort_id)
    filename = f"cohort-{report.cohort.id}-progress.csv"
    return Response(
        class_csv(report),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get(f"{TEACH}/<id:cohort_id>/students/<id:student_id>")
@mentor_required
def student(cohort_id: int, student_id: int) -> ResponseReturnValue:
    detail = analytics.student_detail(current_user.id, cohort_id, student_id)
    return render_template("cohorts/student.html", detail=detail, question_type=question_type)


@bp.get(f"{TEACH}/<id:cohort_id>/questions")
@mentor_required
def cohort_questions(cohort_id: int) -> ResponseReturnValue:
    report = item_analysis.cohort_items(current_user.id, cohort_id, first_only=_first_only())
    return render_template("cohorts/questions.html", report=report)


@bp.get(f"{TEACH}/<id:cohort_id>/questions/<id:question_id>")
@mentor_required
def cohort_question(cohort_id: int, question_id: int) -> ResponseReturnValue:
    report = item_analysis.cohort_items(
        current_user.id, cohort_id, first_only=_first_only(), question_id=question_id
    )
    return render_template(
        "cohorts/question.html", report=report, item=report.items[0], question_type=question_type
    )


@bp.get(f"{TEACH}/courses/<id:course_id>/questions")
@mentor_required
def course_questions(course_id: int) -> ResponseReturnValue:
    report = item_analysis.course_items(current_user, course_id, first_only=_first_only())
    return render_template("cohorts/questions.html", report=report)


@bp.get(f"{TEACH}/courses/<id:course_id>/questions/<id:question_id>")
@mentor_required
def course_question(course_id: int, question_id: int) -> ResponseReturnValue:
    report = item_analysis.course_items(
        current_user, course_id, first_only=_first_only(), question_id=question_id
    )
    return render_template(
        "cohorts/question.html", report=report, item=report.items[0], question_type=question_type
    )


@bp.get(f"{TEACH}/<id:cohort_id>/manage")
@mentor_required
def manage(cohort_id: int) -> ResponseReturnValue:
    return _render_manage(cohort_id)


def _render_manage(
    cohort_id: int,
    invitation_form: InvitationForm | None = None,
    mentor_form: MentorForm | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    admin = cohorts.cohort_admin(current_user.id, cohort_id)
    page = render_template(
        "cohorts/manage.html",
        admin=admin,
        now=utcnow(),
        invitation_form=invitation_form or InvitationForm(formdata=None),
        mentor_form=mentor_form or MentorForm(formdata=None),
        confirm=ConfirmForm(),
    )
    return page, status


@bp.post(f"{TEACH}/<id:cohort_id>/invitations")
@mentor_required
def create_invitation(cohort_id: int) -> ResponseReturnValue:
    cohorts.mentored_cohort(current_user.id, cohort_id)
    form = InvitationForm()
    if not form.validate_on_submit():
        return _render_manage(cohort_id, invitation_form=form, status=400)
    cohorts.create_invitation(current_user.id, cohort_id, form.days.data, form.max_uses.data)
    flash("Invitation created: share its link or code with your students.", "success")
    return redirect(url_for(".manage", cohort_id=cohort_id, _anchor="invitations"))


@bp.post(f"{TEACH}/<id:cohort_id>/invitations/<id:invitation_id>/revoke")
@mentor_required
def revoke_invitation(cohort_id: int, invitation_id: int) -> ResponseReturnValue:
    _require_form(cohort_id)
    cohorts.revoke_invitation(current_user.id, cohort_id, invitation_id)
    flash("Invitation withdrawn: its link and code no longer work.", "info")
    return redirect(url_for(".manage", cohort_id=cohort_id, _anchor="invitations"))


@bp.post(f"{TEACH}/<id:cohort_id>/members/<id:student_id>/remove")
@mentor_required
def remove_member(cohort_id: int, student_id: int) -> ResponseReturnValue:
    _require_form(cohort_id)
    student = cohorts.remove_member(current_user.id, cohort_id, student_id)
    flash(f"{student.display_name} is no longer in this cohort. Their work is kept.", "info")
    return redirect(url_for(".manage", cohort_id=cohort_id, _anchor="students"))


@bp.post(f"{TEACH}/<id:cohort_id>/mentors")
@mentor_required
def add_mentor(cohort_id: int) -> ResponseReturnValue:
    cohorts.mentored_cohort(current_user.id, cohort_id)
    form = MentorForm()
    if not form.validate_on_submit():
        return _render_manage(cohort_id, mentor_form=form, status=400)
    try:
        other = cohorts.add_mentor(current_user.id, cohort_id, form.email.data)
    except (Refused, Conflict) as error:
        form.email.errors = [str(error)]
        return _render_manage(cohort_id, mentor_form=form, status=400)
    flash(f"{other.display_name} now mentors this cohort too.", "success")
    return redirect(url_for(".manage", cohort_id=cohort_id, _anchor="mentors"))


def _require_form(cohort_id: int) -> None:
    # Someone else's cohort is a 404 before a stale form is a 400: no hint that it exists.
    cohorts.mentored_cohort(current_user.id, cohort_id)
    if not ConfirmForm().validate_on_submit():
        raise Refused("Your form expired. Reload the page and try again.")


@bp.route("/join", methods=["GET", "POST"])
@login_required
def join_code() -> ResponseReturnValue:
    form = CodeForm()
    if form.validate_on_submit():
        return redirect(url_for(".join", code=form.code.data.strip()))
    return render_template("cohorts/join_code.html", form=form)


@bp.get("/join/<string(maxlength=40):code>")
@login_required
def join(code: str) -> ResponseReturnValue:
    view = cohorts.open_invitation(current_user, code)
    form = JoinForm(formdata=None, course_id=view.course.id)
    return render_template("cohorts/join.html", view=view, form=form, code=code)


@bp.post("/join/<string(maxlength=40):code>")
@login_required
def join_post(code: str) -> ResponseReturnValue:
    form = JoinForm()
    if not form.validate_on_submit():
        raise Refused("Your form expired. Open the invitation link again.")
    try:
        course_id = int(form.course_id.data or 0)
    except ValueError:
        course_id = 0
    view = cohorts.join_cohort(current_user, code, course_id)
    flash(f"You are in the cohort “{view.cohort.name}” of {view.course.title}.", "success")
    return redirect(url_for("lessons.index"))
