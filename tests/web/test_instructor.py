"""/teach: access for every route, the course list's figures, publishing, editors, promotion."""

import pytest

from studyguide.extensions import db
from studyguide.models import Course, User
from studyguide.services import teaching
from tests.factories import make_course, make_lesson, make_question, make_read, make_user
from tests.web.pages import without_csrf_token
from tests.web.test_lessons import count_queries

GETS = ("/teach/", "/teach/new", "/teach/upload", "/teach/instructors")
COURSE_GETS = ("/teach/courses/{slug}", "/teach/courses/{slug}/package.zip")
COURSE_POSTS = (
    "/teach/courses/{slug}/publish",
    "/teach/courses/{slug}/unpublish",
    "/teach/courses/{slug}/editors",
)


def _browser_course(app, owner_email: str, **overrides) -> str:
    """A draft course made in the browser by the instructor `owner_email`, with one lesson."""
    with app.app_context():
        owner = db.session.query(User).filter_by(email=owner_email).one_or_none()
        owner = owner or make_user(email=owner_email, role="instructor")
        course = make_course(status="draft", **overrides)
        lesson = make_lesson(course)
        make_question(lesson)
        teaching.make_creator_editor(course, owner)
        db.session.commit()
        return course.slug


def test_anonymous_users_go_to_login(app, client):
    slug = _browser_course(app, "owner@example.org")
    for url in GETS + tuple(u.format(slug=slug) for u in COURSE_GETS):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/account/login" in response.headers["Location"]
    for url in COURSE_POSTS:
        assert client.post(url.format(slug=slug)).status_code == 302


def test_students_get_403_everywhere(app, client, auth):
    slug = _browser_course(app, "owner@example.org")
    auth.login_as_student()
    urls = GETS + tuple(u.format(slug=slug) for u in COURSE_GETS)
    for url in urls:
        assert client.get(url).status_code == 403, url
    for url in COURSE_POSTS:
        assert client.post(url.format(slug=slug)).status_code == 403, url
    assert client.get("/teach/jobs/1").status_code == 403
    assert "Instructor" not in client.get("/lessons").get_data(as_text=True)


def test_someone_elses_course_looks_missing(app, client, auth):
    slug = _browser_course(app, "owner@example.org")
    auth.login_as_instructor("other@example.org")
    client.get("/teach/")  # shows the login's flash message
    for url in COURSE_GETS:
        mine_not = client.get(url.format(slug=slug))
        missing = client.get(url.format(slug="no-such-course"))
        assert mine_not.status_code == missing.status_code == 404
        assert without_csrf_token(mine_not) == without_csrf_token(missing)
    for url in COURSE_POSTS:
        assert client.post(url.format(slug=slug), data={"email": "x@example.org"}).status_code in (
            302,
            404,
        )
    with app.app_context():
        assert db.session.query(Course).filter_by(slug=slug).one().status == "draft"
    assert slug not in client.get("/teach/").get_data(as_text=True)


def test_editor_sees_every_page(app, client, auth):
    slug = _browser_course(app, "owner@example.org")
    auth.login("owner@example.org")
    for url in GETS + tuple(u.format(slug=slug) for u in COURSE_GETS):
        assert client.get(url).status_code == 200, url
    page = client.get("/teach/").get_data(as_text=True)
    assert "Instructor" in page and f"/teach/courses/{slug}" in page


def test_course_list_shows_status_lessons_questions_students(app, client, auth):
    slug = _browser_course(app, "owner@example.org", title="Mentoring abroad")
    with app.app_context():
        course = db.session.query(Course).filter_by(slug=slug).one()
        second = make_lesson(course)
        make_question(second)
        make_question(second)
        for _ in range(2):
            make_read(make_user(), second)
    auth.login("owner@example.org")
    page = client.get("/teach/").get_data(as_text=True)
    row = page[page.index("Mentoring abroad") :]
    row = row[: row.index("</tr>")]
    cells = [cell.split("</td>")[0].strip() for cell in row.split("<td>")[1:]]
    assert "draft" in cells[0]
    assert cells[1:4] == ["2", "3 approved", "2"]


def test_course_list_queries_do_not_grow_with_courses(app, client, auth):
    auth.login_as_instructor()
    counts = []
    for n in (1, 6):
        with app.app_context():
            for _ in range(n):
                make_lesson(make_course())
        with count_queries(app) as statements:
            assert client.get("/teach/").status_code == 200
        counts.append(len(statements))
    # The user with the navigation's number due; the courses with their lessons, questions and
    # students counted in correlated subqueries; the import jobs.
    assert counts == [3, 3]


def test_publish_then_students_see_it_and_unpublish_hides_it(app, client, auth):
    slug = _browser_course(app, "owner@example.org", title="Fresh draft course")
    auth.login("owner@example.org")
    assert client.post(f"/teach/courses/{slug}/publish").status_code == 302
    with app.app_context():
        course = db.session.query(Course).filter_by(slug=slug).one()
        assert course.status == "published" and course.edited_at is not None
    auth.logout()
    auth.login_as_student()
    assert "Fresh draft course" in client.get("/lessons").get_data(as_text=True)
    auth.logout()
    auth.login("owner@example.org")
    client.post(f"/teach/courses/{slug}/unpublish")
    auth.logout()
    auth.login("student@example.org")
    assert "Fresh draft course" not in client.get("/lessons").get_data(as_text=True)


def test_a_course_without_lessons_is_not_published(app, client, auth):
    auth.login_as_instructor()
    with app.app_context():
        slug = make_course(status="draft").slug
    response = client.post(f"/teach/courses/{slug}/publish")
    assert response.status_code == 400
    assert "no lessons" in response.get_data(as_text=True)


def test_add_co_editor_through_the_form(app, client, auth):
    slug = _browser_course(app, "owner@example.org")
    with app.app_context():
        make_user(email="co@example.org", role="instructor")
        make_user(email="pupil@example.org")
    auth.login("owner@example.org")
    refused = client.post(
        f"/teach/courses/{slug}/editors", data={"email": "pupil@example.org"}, follow_redirects=True
    )
    assert "No instructor has that email" in refused.get_data(as_text=True)
    client.post(f"/teach/courses/{slug}/editors", data={"email": "co@example.org"})
    auth.logout()
    auth.login("co@example.org")
    page = client.get(f"/teach/courses/{slug}").get_data(as_text=True)
    assert "added by" in page


@pytest.mark.parametrize(
    ("email", "status", "message"),
    [
        ("pupil@example.org", 302, None),
        ("nobody@example.org", 400, "No account has that email"),
        ("teacher@example.org", 400, "an instructor already"),
        ("not an email", 400, "Invalid email"),
    ],
)
def test_promote_to_instructor(app, client, auth, email, status, message):
    with app.app_context():
        make_user(email="pupil@example.org")
    auth.login_as_instructor()
    response = client.post("/teach/instructors", data={"email": email})
    assert response.status_code == status
    if message:
        assert message in response.get_data(as_text=True)
    with app.app_context():
        promoted = db.session.query(User).filter_by(email="pupil@example.org").one()
        assert promoted.is_instructor == (status == 302)


def test_course_page_queries_do_not_grow_with_lessons_or_editors(app, client, auth):
    slug = _browser_course(app, "owner@example.org")
    auth.login("owner@example.org")
    counts = []
    for _ in range(2):
        with count_queries(app) as statements:
            assert client.get(f"/teach/courses/{slug}").status_code == 200
        counts.append(len(statements))
        with app.app_context():
            course = db.session.query(Course).filter_by(slug=slug).one()
            owner = db.session.query(User).filter_by(email="owner@example.org").one()
            for _ in range(3):
                make_lesson(course)
                co = make_user(role="instructor")
                teaching.add_editor(owner, slug, co.email)
    # The user with the number due (nav), the course with its lessons, the editors, acceptance.
    assert counts == [4, 4]


def test_job_page_queries_are_fixed(app, client, auth):
    from studyguide.models import ImportJob

    user_id = auth.login_as_instructor()
    with app.app_context():
        job = ImportJob(user_id=user_id, title="T", source_name="t.txt", source_text="x")
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    with count_queries(app) as statements:
        assert client.get(f"/teach/jobs/{job_id}").status_code == 200
    # The user with the number due in Review (nav), the job (and its course when done).
    assert len(statements) == 2, "\n".join(statements)
