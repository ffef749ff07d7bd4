"""Cohorts: create one for a course, invite students, join by invitation, manage members.

Every function that reads or changes a cohort takes the mentor asking and checks it: someone
else's cohort looks exactly like one that does not exist (NotFound). Who may mentor a course is
decided in one place, `can_mentor_course`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import aliased, contains_eager, joinedload, selectinload

from studyguide.errors import Conflict, NotFound, Refused
from studyguide.extensions import db
from studyguide.models import (
    Cohort,
    CohortMember,
    CohortMentor,
    Course,
    Invitation,
    User,
    utcnow,
)
from studyguide.services import teaching
from studyguide.services._tx import transaction

PUBLISHED = "published"
MAX_INVITATION_DAYS = 90
MAX_INVITATION_USES = 1000
NO_SUCH_COHORT = "There is no such cohort."


class InvitationRefused(Refused):
    """The invitation cannot be used (expired, revoked, used up, or for another course)."""


@dataclass(frozen=True)
class CohortAdmin:
    """What the manage page shows: the cohort, its mentors, students and invitations."""

    cohort: Cohort
    mentors: list[CohortMentor]
    members: list[CohortMember]
    invitations: list[Invitation]


@dataclass(frozen=True)
class InvitationView:
    """An invitation as a student opening its link sees it, and whether they may use it."""

    invitation: Invitation
    cohort: Cohort
    course: Course
    problem: str | None  # why it cannot be used, or None
    already_member: bool


def can_mentor_course(user: User, course: Course) -> bool:
    """Return whether `user` may run cohorts of `course`: a published course they may edit."""
    return course.status == PUBLISHED and teaching.can_edit(user, course)


def mentorable_courses(user: User) -> list[Course]:
    """Return the courses `user` may create a cohort for, by title."""
    courses = db.session.scalars(sa.select(Course).order_by(Course.title, Course.id))
    return [course for course in courses if can_mentor_course(user, course)]


def mentored_course(user: User, course_id: int) -> Course:
    """Return the course if `user` may mentor it.

    Raises:
        NotFound: no such course, or not one `user` may mentor.
    """
    course = db.session.get(Course, course_id)
    if course is None or not can_mentor_course(user, course):
        raise NotFound("There is no such course.")
    return course


def create_cohort(user: User, course_id: int, name: str, start_date: date | None) -> Cohort:
    """Create a cohort of the course with `user` as its first mentor.

    Raises:
        NotFound: the course is not one `user` may mentor.
        Refused: the name is empty.
    """
    course = mentored_course(user, course_id)
    name = name.strip()
    if not name:
        raise Refused("Give the cohort a name.")
    with transaction():
        cohort = Cohort(
            course_id=course.id, name=name, start_date=start_date, created_by_id=user.id
        )
        db.session.add(cohort)
        db.session.flush()
        db.session.add(CohortMentor(cohort_id=cohort.id, user_id=user.id))
    return cohort


def mentor_cohort_query(mentor_id: int) -> sa.Select[Cohort]:
    """Return a select of the cohorts `mentor_id` mentors (their course joined: one query)."""
    return (
        sa.select(Cohort)
        .join(CohortMentor, CohortMentor.cohort_id == Cohort.id)
        .where(CohortMentor.user_id == mentor_id)
        .options(joinedload(Cohort.course))
    )


def mentored_cohort(mentor_id: int, cohort_id: int) -> Cohort:
    """Return the cohort if `mentor_id` mentors it.

    Raises:
        NotFound: no such cohort, or someone else's.
    """
    cohort = db.session.scalar(mentor_cohort_query(mentor_id).where(Cohort.id == cohort_id))
    if cohort is None:
        raise NotFound(NO_SUCH_COHORT)
    return cohort


def cohort_admin(mentor_id: int, cohort_id: int) -> CohortAdmin:
    """Return the cohort with its mentors, students and invitations (newest first): three
    queries, the cohort with its course and mentors (a row per mentor) the first."""
    asking = aliased(CohortMentor)  # the mentor check, beside the list of every mentor
    rows = db.session.execute(
        sa.select(Cohort, CohortMentor)
        .join(asking, sa.and_(asking.cohort_id == Cohort.id, asking.user_id == mentor_id))
        .join(CohortMentor, CohortMentor.cohort_id == Cohort.id)
        .where(Cohort.id == cohort_id)
        .options(joinedload(Cohort.course), joinedload(CohortMentor.user))
        .order_by(CohortMentor.id)
    ).all()
    if not rows:
        raise NotFound(NO_SUCH_COHORT)
    cohort, mentors = rows[0][0], [mentor for _, mentor in rows]
    members = db.session.scalars(
        sa.select(CohortMember)
        .join(CohortMember.user)
        .where(CohortMember.cohort_id == cohort.id)
        .options(contains_eager(CohortMember.user))
        .order_by(User.display_name, User.id)
    )
    invitations = db.session.scalars(
        sa.select(Invitation)
        .where(Invitation.cohort_id == cohort.id)
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
    )
    return CohortAdmin(cohort, list(mentors), list(members), list(invitations))


def create_invitation(mentor_id: int, cohort_id: int, days: int, max_uses: int) -> Invitation:
    """Create an invitation to the cohort valid for `days` days and `max_uses` students.

    Raises:
        NotFound: the cohort is someone else's.
        Refused: days or uses out of range.
    """
    cohort = mentored_cohort(mentor_id, cohort_id)
    if not 1 <= days <= MAX_INVITATION_DAYS:
        raise Refused(f"An invitation lasts between 1 and {MAX_INVITATION_DAYS} days.")
    if not 1 <= max_uses <= MAX_INVITATION_USES:
        raise Refused(f"An invitation admits between 1 and {MAX_INVITATION_USES} students.")
    with transaction():
        invitation = Invitation(
            cohort_id=cohort.id,
            code=secrets.token_urlsafe(12),
            created_by_id=mentor_id,
            expires_at=utcnow() + timedelta(days=days),
            max_uses=max_uses,
        )
        db.session.add(invitation)
    return invitation


def revoke_invitation(mentor_id: int, cohort_id: int, invitation_id: int) -> Invitation:
    """Revoke one of the cohort's invitations (again is a no-op).

    Raises:
        NotFound: the cohort is someone else's, or the invitation is not the cohort's.
    """
    cohort = mentored_cohort(mentor_id, cohort_id)
    with transaction():
        invitation = db.session.scalar(
            sa.select(Invitation).where(
                Invitation.id == invitation_id, Invitation.cohort_id == cohort.id
            )
        )
        if invitation is None:
            raise NotFound("There is no such invitation.")
        if invitation.revoked_at is None:
            invitation.revoked_at = utcnow()
    return invitation


def remove_member(mentor_id: int, cohort_id: int, student_id: int) -> User:
    """Remove a student from the cohort; their attempts and reads stay.

    Raises:
        NotFound: the cohort is someone else's, or the student is not in it.
    """
    cohort = mentored_cohort(mentor_id, cohort_id)
    with transaction():
        member = _membership(cohort.id, student_id)
        if member is None:
            raise NotFound("This student is not in the cohort.")
        student = member.user
        db.session.delete(member)
    return student


def add_mentor(mentor_id: int, cohort_id: int, email: str) -> User:
    """Make the instructor with this email a mentor of the cohort too.

    Raises:
        NotFound: the cohort is someone else's.
        Refused: no instructor has this email, or they may not mentor the course.
        Conflict: they already mentor the cohort.
    """
    cohort = mentored_cohort(mentor_id, cohort_id)
    other = db.session.scalar(sa.select(User).where(User.email == User.normalize_email(email)))
    if other is None or not can_mentor_course(other, cohort.course):
        raise Refused("No instructor who may mentor this course has that email.")
    try:
        with transaction():
            if db.session.scalar(
                sa.select(CohortMentor.id).where(
                    CohortMentor.cohort_id == cohort.id, CohortMentor.user_id == other.id
                )
            ):
                raise Conflict(f"{other.display_name} already mentors this cohort.")
            db.session.add(CohortMentor(cohort_id=cohort.id, user_id=other.id))
    except sa.exc.IntegrityError as error:
        raise Conflict(f"{other.display_name} already mentors this cohort.") from error
    return other


def _membership(cohort_id: int, user_id: int) -> CohortMember | None:
    return db.session.scalar(
        sa.select(CohortMember)
        .where(CohortMember.cohort_id == cohort_id, CohortMember.user_id == user_id)
        .options(selectinload(CohortMember.user))
    )


def _invitation_problem(invitation: Invitation, now: datetime) -> str | None:
    if invitation.revoked_at is not None:
        return "This invitation was withdrawn by the mentor. Ask them for a new one."
    if invitation.expires_at <= now:
        return "This invitation has expired. Ask your mentor for a new one."
    if invitation.use_count >= invitation.max_uses:
        return "This invitation has been used as many times as it allows. Ask for a new one."
    if invitation.cohort.course.status != PUBLISHED:
        return "This invitation is for a course that is not open to students."
    return None


def open_invitation(user: User, code: str) -> InvitationView:
    """Return the invitation with this code as `user` would use it.

    Raises:
        NotFound: no invitation has this code.
    """
    invitation = db.session.scalar(
        sa.select(Invitation)
        .where(Invitation.code == code)
        .options(selectinload(Invitation.cohort).selectinload(Cohort.course))
    )
    if invitation is None:
        raise NotFound("There is no such invitation. Check the link or code with your mentor.")
    cohort = invitation.cohort
    problem = _invitation_problem(invitation, utcnow())
    if problem is None and user.is_instructor:
        problem = "Invitations are for students; an instructor joins a cohort as a mentor."
    already = _membership(cohort.id, user.id) is not None
    return InvitationView(invitation, cohort, cohort.course, problem, already)


def join_cohort(user: User, code: str, course_id: int) -> InvitationView:
    """Join the cohort the invitation is for, using one of its uses; a member never joins twice.

    `course_id` is the course the student was shown: a different one means the page was old.

    Raises:
        NotFound: no invitation has this code.
        InvitationRefused: expired, revoked, used up, an unpublished or another course.
    """
    view = open_invitation(user, code)
    if view.course.id != course_id:
        raise InvitationRefused("This invitation is for another course than the one shown.")
    if view.already_member:
        return view
    if view.problem:
        raise InvitationRefused(view.problem)
    try:
        with transaction():
            # The compare-and-set: of two students taking the last use, one matches no row.
            used = cast(
                sa.CursorResult[Any],
                db.session.execute(
                    sa.update(Invitation)
                    .where(
                        Invitation.id == view.invitation.id,
                        Invitation.use_count < Invitation.max_uses,
                        Invitation.revoked_at.is_(None),
                    )
                    .values(use_count=Invitation.use_count + 1)
                    .execution_options(synchronize_session=False)
                ),
            ).rowcount
            if used != 1:
                raise InvitationRefused(
                    "This invitation has been used as many times as it allows. Ask for a new one."
                )
            db.session.add(
                CohortMember(
                    cohort_id=view.cohort.id, user_id=user.id, invitation_id=view.invitation.id
                )
            )
    except sa.exc.IntegrityError:
        # A double click joined first: the membership exists, and that use was rolled back.
        pass
    return InvitationView(view.invitation, view.cohort, view.course, None, True)
