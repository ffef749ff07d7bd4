"""Invitations: create, share, join (logged in or after signing up), and every way one fails."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from studyguide.extensions import db
from studyguide.models import Cohort, CohortMember, Course, Invitation, User, utcnow
from studyguide.services import cohorts
from tests.cohorts.conftest import add_member, make_invitation
from tests.factories import DEFAULT_PASSWORD, make_course


def _members(cohort_id: int) -> list[int]:
    return list(
        db.session.scalars(
            sa.select(CohortMember.user_id).where(CohortMember.cohort_id == cohort_id)
        )
    )


@pytest.fixture
def invite(app, world):
    """Return a function making an invitation to B's cohort, returning its code."""

    def make(**overrides) -> str:
        with app.app_context():
            cohort = db.session.get(Cohort, world.cohort_b)
            return make_invitation(
                cohort, code=overrides.pop("code", None) or f"c{utcnow().timestamp()}", **overrides
            ).code

    return make


def _join(client, code: str, course_id: int):
    return client.post(f"/join/{code}", data={"course_id": str(course_id)})


def test_mentor_creates_an_invitation_and_a_student_joins_with_it(app, client, auth, world):
    auth.login("b@example.org")
    response = client.post(
        f"/teach/cohorts/{world.cohort_b}/invitations", data={"days": "3", "max_uses": "2"}
    )
    assert response.status_code == 302
    with app.app_context():
        invitation = db.session.scalars(
            sa.select(Invitation).order_by(Invitation.id.desc())
        ).first()
        code = invitation.code
        assert invitation.max_uses == 2 and invitation.use_count == 0
        assert timedelta(days=2, hours=23) < invitation.expires_at - utcnow() <= timedelta(days=3)
    page = client.get(f"/teach/cohorts/{world.cohort_b}/manage").get_data(as_text=True)
    assert f"/join/{code}" in page
    auth.logout()

    student = auth.login_as_student("new@example.org")
    page = client.get(f"/join/{code}")
    assert page.status_code == 200 and "B&#39;s" in page.get_data(as_text=True)
    response = _join(client, code, world.course_id)
    assert response.status_code == 302
    with app.app_context():
        assert student in _members(world.cohort_b)
        assert db.session.get(Invitation, invitation.id).use_count == 1


def test_a_new_student_keeps_the_invitation_through_sign_up(app, client, world, invite):
    code = invite()
    response = client.get(f"/join/{code}")
    assert response.status_code == 302
    login_url = response.headers["Location"]
    assert login_url.startswith("/account/login?next=%2Fjoin%2F")
    login_page = client.get(login_url).get_data(as_text=True)
    # The login page's "Create an account" link carries the invitation on.
    assert f"/account/register?next=/join/{code}" in login_page
    response = client.post(
        f"/account/register?next=/join/{code}",
        data={
            "display_name": "Newcomer",
            "email": "newcomer@example.org",
            "password": DEFAULT_PASSWORD,
            "confirm": DEFAULT_PASSWORD,
            "next": f"/join/{code}",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/join/{code}"
    assert "Join the cohort" in client.get(f"/join/{code}").get_data(as_text=True)
    assert _join(client, code, world.course_id).status_code == 302
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "newcomer@example.org"))
        assert user.id in _members(world.cohort_b)


def test_sign_up_refuses_a_next_that_leaves_the_site(client):
    response = client.post(
        "/account/register?next=//evil.example/",
        data={
            "display_name": "X",
            "email": "x@example.org",
            "password": DEFAULT_PASSWORD,
            "confirm": DEFAULT_PASSWORD,
            "next": "//evil.example/",
        },
    )
    assert response.status_code == 302 and response.headers["Location"] == "/"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"expires_at": utcnow() - timedelta(minutes=1)}, "has expired"),
        ({"revoked_at": utcnow()}, "withdrawn"),
        ({"max_uses": 1, "use_count": 1}, "used as many times"),
    ],
    ids=["expired", "revoked", "used-up"],
)
def test_an_unusable_invitation_says_why_and_admits_nobody(
    app, client, auth, world, invite, overrides, message
):
    code = invite(**overrides)
    student = auth.login_as_student("late@example.org")
    page = client.get(f"/join/{code}").get_data(as_text=True)
    assert message in page and "Join the cohort</" not in page
    response = _join(client, code, world.course_id)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert student not in _members(world.cohort_b)


def test_the_last_use_admits_one_student_only(app, client, auth, world, invite):
    code = invite(max_uses=1)
    first = auth.login_as_student("first@example.org")
    assert _join(client, code, world.course_id).status_code == 302
    auth.logout()
    second = auth.login_as_student("second@example.org")
    assert _join(client, code, world.course_id).status_code == 400
    with app.app_context():
        members = _members(world.cohort_b)
        assert first in members and second not in members


def test_an_existing_member_joins_again_without_using_the_invitation(
    app, client, auth, world, invite
):
    code = invite(max_uses=1)
    auth.login("sb@example.org")  # already in B's cohort
    assert "already in this cohort" in client.get(f"/join/{code}").get_data(as_text=True)
    assert _join(client, code, world.course_id).status_code == 302
    with app.app_context():
        assert _members(world.cohort_b).count(world.student_b) == 1
        assert (
            db.session.scalar(sa.select(Invitation.use_count).where(Invitation.code == code)) == 0
        )


def test_an_invitation_for_another_course_is_refused(app, client, auth, world, invite):
    code = invite()
    with app.app_context():
        other = make_course().id
    student = auth.login_as_student("wrong@example.org")
    response = _join(client, code, other)
    assert response.status_code == 400
    assert "another course" in response.get_data(as_text=True)
    with app.app_context():
        assert student not in _members(world.cohort_b)


def test_an_invitation_to_a_course_no_longer_published_is_refused(app, client, auth, world, invite):
    code = invite()
    with app.app_context():
        db.session.get(Course, world.course_id).status = "draft"
        db.session.commit()
    auth.login_as_student("closed@example.org")
    assert "not open to students" in _join(client, code, world.course_id).get_data(as_text=True)


def test_an_unknown_code_is_a_clear_not_found(client, auth, world):
    auth.login_as_student()
    assert client.get("/join/no-such-code").status_code == 404
    response = client.post("/join", data={"code": "  typed-code "})
    assert response.headers["Location"] == "/join/typed-code"


def test_a_student_can_be_in_several_cohorts_and_be_removed_from_one(app, client, auth, world):
    with app.app_context():
        cohort_a = db.session.get(Cohort, world.cohort_a)
        add_member(cohort_a, db.session.get(User, world.student_b))
    auth.login("b@example.org")
    response = client.post(f"/teach/cohorts/{world.cohort_b}/members/{world.student_b}/remove")
    assert response.status_code == 302
    with app.app_context():
        assert world.student_b not in _members(world.cohort_b)
        assert world.student_b in _members(world.cohort_a)


def test_revoking_stops_the_link(app, client, auth, world, invite):
    code = invite()
    auth.login("b@example.org")
    with app.app_context():
        invitation_id = db.session.scalar(sa.select(Invitation.id).where(Invitation.code == code))
    assert (
        client.post(
            f"/teach/cohorts/{world.cohort_b}/invitations/{invitation_id}/revoke"
        ).status_code
        == 302
    )
    auth.logout()
    auth.login_as_student("after@example.org")
    assert "withdrawn" in client.get(f"/join/{code}").get_data(as_text=True)


def test_invitation_limits_are_checked(app, world):
    with app.app_context():
        for days, uses in ((0, 5), (91, 5), (7, 0), (7, 1001)):
            with pytest.raises(cohorts.Refused):
                cohorts.create_invitation(world.mentor_b, world.cohort_b, days, uses)


def test_instructors_cannot_join_as_students(app, client, auth, world, invite):
    code = invite()
    auth.login_as_instructor("c@example.org")
    assert "Invitations are for students" in client.get(f"/join/{code}").get_data(as_text=True)
    assert _join(client, code, world.course_id).status_code == 400


def test_cohort_creation_form(app, client, auth, world):
    auth.login("a@example.org")
    response = client.post(
        "/teach/cohorts/new",
        data={"course_id": world.course_id, "name": "  Autumn  ", "start_date": "2027-01-04"},
    )
    assert response.status_code == 302
    with app.app_context():
        cohort = db.session.scalars(sa.select(Cohort).order_by(Cohort.id.desc())).first()
        assert cohort.name == "Autumn" and str(cohort.start_date) == "2027-01-04"
    bad = client.post("/teach/cohorts/new", data={"course_id": world.course_id, "name": ""})
    assert bad.status_code == 400 and "This field is required" in bad.get_data(as_text=True)
