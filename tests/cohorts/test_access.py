"""Mentor pages: anonymous users log in first, students get 403, and instructor A can neither
read nor change anything of instructor B's cohort by changing ids in URLs or forms."""

import pytest
import sqlalchemy as sa

from studyguide.extensions import db
from studyguide.models import Cohort, CohortMember, CohortMentor, Invitation, User
from tests.cohorts.conftest import add_member, make_cohort

JOIN_ENDPOINTS = {"cohorts.join", "cohorts.join_post", "cohorts.join_code"}
# Course-wide pages: a published course its mentor may edit (cohorts.can_mentor_course).
COURSE_ENDPOINTS = {"cohorts.course_questions", "cohorts.course_question"}


def _mentor_rules(app):
    return [
        rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("cohorts.") and rule.endpoint not in JOIN_ENDPOINTS
    ]


def _build(rule, values) -> str:
    path = rule.rule
    for name in rule.arguments:
        path = path.replace(f"<id:{name}>", str(values[name]))
    return path


def _methods(rule):
    return sorted(rule.methods & {"GET", "POST"})


def test_every_mentor_route_is_covered(app):
    endpoints = {rule.endpoint for rule in _mentor_rules(app)}
    assert len(endpoints) >= 14


def test_anonymous_visitors_are_sent_to_log_in(app, client, world):
    for rule in _mentor_rules(app):
        for method in _methods(rule):
            response = client.open(_build(rule, world.ids()), method=method)
            assert response.status_code == 302, (method, rule.rule)
            assert response.headers["Location"].startswith("/account/login?next="), rule.rule


def test_students_are_refused(app, client, auth, world):
    auth.login("sa@example.org")
    for rule in _mentor_rules(app):
        for method in _methods(rule):
            response = client.open(_build(rule, world.ids()), method=method)
            assert response.status_code == 403, (method, rule.rule)


def _snapshot(app):
    with app.app_context():
        return {
            "cohorts": sorted(db.session.execute(sa.select(Cohort.id, Cohort.name)).all()),
            "mentors": sorted(
                db.session.execute(sa.select(CohortMentor.cohort_id, CohortMentor.user_id)).all()
            ),
            "members": sorted(
                db.session.execute(sa.select(CohortMember.cohort_id, CohortMember.user_id)).all()
            ),
            "invitations": sorted(
                db.session.execute(
                    sa.select(Invitation.id, Invitation.cohort_id, Invitation.revoked_at)
                ).all()
            ),
        }


@pytest.mark.parametrize(
    "mix",
    [
        "theirs",  # B's cohort, B's student, B's invitation
        "mine_with_their_ids",  # A's cohort, B's student and invitation
    ],
)
def test_mentor_a_cannot_read_or_change_mentor_b_cohort(app, client, auth, world, mix):
    before = _snapshot(app)
    auth.login("a@example.org")
    ids = world.ids() if mix == "theirs" else world.ids(cohort_id=world.cohort_a)
    form = {"days": "7", "max_uses": "3", "email": "a@example.org", "submit": "1"}
    checked = 0
    for rule in _mentor_rules(app):
        if rule.endpoint in COURSE_ENDPOINTS or "cohort_id" not in rule.arguments:
            continue
        if mix == "mine_with_their_ids" and not ({"student_id", "invitation_id"} & rule.arguments):
            continue
        for method in _methods(rule):
            response = client.open(_build(rule, ids), method=method, data=form)
            body = response.get_data(as_text=True)
            assert response.status_code == 404, (method, rule.rule, response.status_code)
            assert "B&#39;s" not in body and "sb@example.org" not in body
            checked += 1
    assert checked == (10 if mix == "theirs" else 3)
    assert _snapshot(app) == before


@pytest.mark.parametrize(
    "course",
    [{"status": "draft"}, {"origin": "browser"}],  # a draft; a browser course of its editors only
    ids=["draft", "someone else's browser course"],
)
def test_mentor_a_cannot_create_a_cohort_for_a_course_outside_the_rule(
    app, client, auth, world, course
):
    from tests.factories import make_course

    with app.app_context():
        course_id = make_course(**course).id
    before = _snapshot(app)
    auth.login("a@example.org")
    response = client.post("/teach/cohorts/new", data={"course_id": course_id, "name": "Sneaky"})
    assert response.status_code == 400
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert _snapshot(app) == before


def test_a_second_mentor_sees_the_cohort_and_nothing_else(app, client, auth, world):
    with app.app_context():
        cohort = db.session.get(Cohort, world.cohort_b)
        other = make_cohort(cohort.course, db.session.get(User, world.mentor_b), "B's other")
        add_member(other, db.session.get(User, world.student_b))
        other_id = other.id
    auth.login("b@example.org")
    response = client.post(
        f"/teach/cohorts/{world.cohort_b}/mentors", data={"email": "a@example.org"}
    )
    assert response.status_code == 302
    auth.logout()
    auth.login("a@example.org")
    assert client.get(f"/teach/cohorts/{world.cohort_b}").status_code == 200
    assert client.get(f"/teach/cohorts/{other_id}").status_code == 404
    index = client.get("/teach/cohorts").get_data(as_text=True)
    assert "B&#39;s other" not in index and "A&#39;s group" in index


def test_a_question_of_another_course_is_not_found_in_a_cohort(app, client, auth, world):
    from tests.factories import make_question

    with app.app_context():
        other_question = make_question().question_id
    auth.login("a@example.org")
    assert (
        client.get(f"/teach/cohorts/{world.cohort_a}/questions/{other_question}").status_code == 404
    )
    assert (
        client.get(
            f"/teach/cohorts/courses/{world.course_id}/questions/{other_question}"
        ).status_code
        == 404
    )
