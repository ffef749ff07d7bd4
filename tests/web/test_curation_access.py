"""Curation routes: access for every route (anonymous, student, instructor without rights,
editor), and a fixed number of SQL queries per curation page."""

import pytest

from tests.web.curation_helpers import generated_draft, questions
from tests.web.pages import without_csrf_token
from tests.web.test_lessons import count_queries

pytestmark = pytest.mark.db

GETS = (
    "/teach/courses/{slug}/curate",
    "/teach/courses/{slug}/acceptance.csv",
    "/teach/courses/{slug}/transcript",
    "/teach/courses/{slug}/questions/{key}",
    "/teach/courses/{slug}/lessons/{lesson}",
)
POSTS = (
    "/teach/courses/{slug}/questions/new",
    "/teach/courses/{slug}/questions/{key}",
    "/teach/courses/{slug}/questions/{key}/review",
    "/teach/courses/{slug}/lessons/{lesson}",
    "/teach/courses/{slug}/lessons/{lesson}/up",
    "/teach/courses/{slug}/lessons/{lesson}/down",
    "/teach/courses/{slug}/lessons/{lesson}/merge",
    "/teach/courses/{slug}/lessons/{lesson}/split",
    "/teach/courses/{slug}/lessons/{lesson}/delete",
)


@pytest.fixture
def draft(app):
    slug = generated_draft(app)
    question, _version = questions(app, slug)[0]
    from studyguide.extensions import db
    from studyguide.models import Lesson

    with app.app_context():
        lesson = db.session.get_one(Lesson, question.lesson_id).slug
    return {"slug": slug, "key": question.key, "lesson": lesson}


def _urls(templates, names):
    return [url.format(**names) for url in templates]


def test_anonymous_users_go_to_login(client, draft):
    for url in _urls(GETS, draft):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/account/login" in response.headers["Location"]
    for url in _urls(POSTS, draft):
        response = client.post(url)
        assert response.status_code == 302, url
        assert "/account/login" in response.headers["Location"]


def test_students_get_403(client, auth, draft):
    auth.login_as_student()
    for url in _urls(GETS, draft):
        assert client.get(url).status_code == 403, url
    for url in _urls(POSTS, draft):
        assert client.post(url).status_code == 403, url


def test_instructor_without_rights_gets_404_like_a_missing_course(app, client, auth, draft):
    auth.login_as_instructor("other@example.org")
    client.get("/teach/")  # shows the login's flash message
    missing = {**draft, "slug": "no-such-course"}
    for mine_not, absent in zip(_urls(GETS, draft), _urls(GETS, missing), strict=True):
        response = client.get(mine_not)
        assert response.status_code == 404, mine_not
        assert without_csrf_token(response) == without_csrf_token(client.get(absent))
    for url in _urls(POSTS, draft):
        data = {"row_version": "1", "next_version": "1", "approve": "Approve"}
        assert client.post(url, data=data).status_code == 404, url
    states = {q.review_state for q, _v in questions(app, draft["slug"])}
    assert states == {"pending"}  # nothing was decided by the outsider


def test_editor_sees_every_page_and_missing_items_are_404(client, auth, draft):
    auth.login("owner@example.org")
    for url in _urls(GETS, draft):
        assert client.get(url).status_code == 200, url
    slug = draft["slug"]
    assert client.get(f"/teach/courses/{slug}/questions/no-such-question").status_code == 404
    assert client.get(f"/teach/courses/{slug}/lessons/no-such-lesson").status_code == 404
    url = f"/teach/courses/{slug}/lessons/no-such-lesson/delete"
    response = client.post(url, data={"row_version": "1"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url,expected",
    [
        # Each count includes the user with the navigation's number of reviews due (one query).
        ("/teach/courses/{slug}/curate", 3),
        ("/teach/courses/{slug}/questions/{key}", 2),
        ("/teach/courses/{slug}/lessons/{lesson}", 2),
        ("/teach/courses/{slug}/transcript", 3),
    ],
)
def test_curation_pages_send_a_fixed_number_of_queries(app, client, auth, url, expected):
    """The query count does not grow with the course: two drafts of different sizes."""
    counts = []
    for size in (1, 2):
        slug = generated_draft(app)
        if size == 2:
            _merge_first_two(app, client, auth, slug)
        question, _v = questions(app, slug)[0]
        from studyguide.extensions import db
        from studyguide.models import Lesson

        with app.app_context():
            lesson = db.session.get_one(Lesson, question.lesson_id).slug
        auth.login("owner@example.org")
        target = url.format(slug=slug, key=question.key, lesson=lesson)
        client.get(target)  # warm: the login's flash message
        with count_queries(app) as statements:
            assert client.get(target).status_code == 200
        counts.append(len(statements))
        auth.logout()
    # The same for both sizes, and exactly `expected` (transaction control left out).
    assert counts == [expected, expected]


def _merge_first_two(app, client, auth, slug):
    """Make the first lesson bigger (two segments, more questions) through the merge route."""
    from studyguide.services import curation_overview

    auth.login("owner@example.org")
    with app.app_context():
        from studyguide.extensions import db
        from studyguide.models import User

        owner = db.session.query(User).filter_by(email="owner@example.org").one()
        page = curation_overview.course_questions(owner, slug)
        first, second = page.lessons[0], page.lessons[1]
        data = {"row_version": first.row_version, "next_version": second.row_version}
        first_slug = first.slug
    response = client.post(f"/teach/courses/{slug}/lessons/{first_slug}/merge", data=data)
    assert response.status_code == 302
    auth.logout()
