"""The content cache never serves stale content: every kind of change to course content moves
the content version, and the student's pages show the change at their next request — in this
app, in another app on the same database (another worker), and through Redis."""

import pytest
import redis
import sqlalchemy as sa

from studyguide import create_app
from studyguide.extensions import db
from studyguide.models import Course, Lesson, Question, User
from studyguide.services import content_cache, content_version, curation, teaching
from studyguide.services.curation_lessons import delete_lesson
from studyguide.services.importer import load_package
from tests.conftest import DEFAULT_PASSWORD
from tests.factories import make_course, make_lesson, make_user
from tests.services.test_importer import Package
from tests.web.curation_helpers import generated_draft, questions
from tests.web.test_lessons import count_queries

pytestmark = pytest.mark.db

LESSON_URL = "/courses/careers/lessons/abroad"
REDIS_URL = "redis://127.0.0.1:6379/13"  # this suite's own Redis database


def _version(app) -> int:
    with app.app_context():
        return content_version.current()


def _student(app, email="learner@example.org"):
    """A second browser, logged in as a student."""
    with app.app_context():
        make_user(email=email)
    browser = app.test_client()
    response = browser.post("/account/login", data={"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return browser


def _page(browser, url=LESSON_URL):
    response = browser.get(url)
    return response.status_code, response.get_data(as_text=True)


@pytest.fixture
def careers(app, tmp_path):
    """The importer tests' package, loaded (published), and the package to change and reload."""
    package = Package(tmp_path / "careers")
    with app.app_context():
        load_package(package.path)
    return package


def test_import_and_reimport_show_at_once(app, careers):
    student = _student(app)
    status, page = _page(student)
    assert status == 200 and "Going abroad" in page
    careers.lesson("abroad")["title"] = "Leaving home"
    before = _version(app)
    with app.app_context():
        load_package(careers.write())
    assert _version(app) > before
    status, page = _page(student)
    assert "Leaving home" in page
    assert "Leaving home" in _page(student, "/lessons")[1]


def test_an_edit_in_the_session_without_a_service_shows_at_once(app, careers):
    student = _student(app)
    assert "Going abroad" in _page(student)[1]
    with app.app_context():
        lesson = db.session.scalar(sa.select(Lesson).where(Lesson.slug == "abroad"))
        lesson.title = "Edited by hand"
        db.session.commit()
    assert "Edited by hand" in _page(student)[1]


def test_factories_move_the_version(app):
    with app.app_context():
        before = content_version.current()
        course = make_course()
        after_course = content_version.current()
        make_lesson(course)
        assert before < after_course < content_version.current()


def test_a_rolled_back_change_leaves_the_version(app, careers):
    before = _version(app)
    with app.app_context():
        db.session.scalar(sa.select(Lesson)).title = "Never saved"
        db.session.flush()
        db.session.rollback()
        assert content_version.current() == before


def test_a_bulk_update_moves_the_version(app, careers):
    before = _version(app)
    with app.app_context():
        db.session.execute(sa.update(Question).values(review_state="rejected"))
        db.session.commit()
    assert _version(app) > before


@pytest.fixture
def published_draft(app, client, auth):
    """A generated course, published by its owner (logged in on `client`)."""
    slug = generated_draft(app)
    with app.app_context():
        owner = db.session.scalar(sa.select(User).where(User.email == "owner@example.org"))
        teaching.set_status(owner, slug, "published")
    auth.login("owner@example.org")
    return slug


def _first_lesson(app, slug) -> Lesson:
    with app.app_context():
        lesson = db.session.scalar(
            sa.select(Lesson)
            .join(Course)
            .where(Course.slug == slug, Lesson.retired_at.is_(None))
            .order_by(Lesson.position)
        )
        db.session.expunge(lesson)
        return lesson


def test_a_curation_edit_over_http_shows_on_the_students_page_at_once(app, client, published_draft):
    slug = published_draft
    lesson = _first_lesson(app, slug)
    url = f"/courses/{slug}/lessons/{lesson.slug}"
    student = _student(app)
    assert lesson.title in _page(student, url)[1]
    from studyguide.services.curation_lessons import lesson_values

    values = lesson_values(lesson)
    data = {
        "row_version": lesson.row_version, "title": "Renamed in the browser",
        "summary": values["summary"], "objectives": "\n".join(values["objectives"]),
        "takeaways": "\n".join(values["takeaways"]), "quotes": "\n".join(values["quotes"]),
        "reflection_prompts": "\n".join(values["reflection_prompts"]),
    }  # fmt: skip
    response = client.post(f"/teach/courses/{slug}/lessons/{lesson.slug}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert "Renamed in the browser" in _page(student, url)[1]
    assert "Renamed in the browser" in _page(student, "/lessons")[1]


def test_approving_a_question_changes_the_quiz_length_at_once(app, published_draft):
    slug = published_draft
    question, _ = questions(app, slug)[0]
    student = _student(app)
    url = f"/lessons/{question.lesson_id}/quiz"
    assert _page(student, url)[0] == 200
    with app.app_context():
        before = content_cache.backend()
        listed = content_version.current(), dict(_counts())
        owner = db.session.scalar(sa.select(User).where(User.email == "owner@example.org"))
        curation.decide(owner, slug, question.key, question.row_version, "approve")
        assert content_cache.backend() is before
        assert content_version.current() > listed[0]
        assert _counts()[question.lesson_id] == listed[1][question.lesson_id] + 1


def _counts() -> dict[int, int]:
    from studyguide.services import content

    return {lesson.id: lesson.question_count for c in content.listing() for lesson in c.lessons}


def test_unpublish_and_publish_show_at_once(app, published_draft):
    slug = published_draft
    lesson = _first_lesson(app, slug)
    url = f"/courses/{slug}/lessons/{lesson.slug}"
    student = _student(app)
    assert _page(student, url)[0] == 200
    with app.app_context():
        owner = db.session.scalar(sa.select(User).where(User.email == "owner@example.org"))
        owner_id = owner.id
        teaching.set_status(owner, slug, "draft")
    assert _page(student, url)[0] == 404
    assert lesson.title not in _page(student, "/lessons")[1]
    with app.app_context():
        teaching.set_status(db.session.get(User, owner_id), slug, "published")
    assert _page(student, url)[0] == 200


def test_deleting_a_lesson_moves_the_version(app, published_draft):
    slug = published_draft
    lesson = _first_lesson(app, slug)
    with app.app_context():
        owner = db.session.scalar(sa.select(User).where(User.email == "owner@example.org"))
        teaching.set_status(owner, slug, "draft")
        before = content_version.current()
        db.session.rollback()
        delete_lesson(owner, slug, lesson.slug, lesson.row_version)
        assert content_version.current() > before
        teaching.set_status(db.session.get(User, owner.id), slug, "published")
    student = _student(app)
    assert _page(student, f"/courses/{slug}/lessons/{lesson.slug}")[0] == 404


def test_another_worker_sees_an_edit_at_its_next_request(app, app_config, careers):
    """Two apps on one database: each keeps its own in-process cache."""
    other = create_app(app_config)
    student, elsewhere = _student(app), _student(other, "other@example.org")
    assert "Going abroad" in _page(student)[1] and "Going abroad" in _page(elsewhere)[1]
    careers.lesson("abroad")["title"] = "Edited through the other worker"
    with other.app_context():
        load_package(careers.write())
        db.engine.dispose()
    assert "Edited through the other worker" in _page(student)[1]


def test_the_memory_cache_is_bounded():
    cache = content_cache.MemoryBackend(max_entries=2)
    for key in "abc":
        cache.fetch(key, lambda key=key: key.upper(), str)
    assert len(cache) == 2
    assert cache.fetch("a", lambda: "built again", str) == "built again"


@pytest.fixture
def redis_db():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    client.flushdb()
    yield client
    client.flushdb()


def test_redis_shares_the_cache_between_workers_and_follows_edits(
    app, app_config, careers, redis_db
):
    first, second = (create_app({**app_config, "CACHE_URL": REDIS_URL}) for _ in range(2))
    with first.app_context():
        assert isinstance(content_cache.backend(), content_cache.RedisBackend)
    student = _student(first)
    assert "Going abroad" in _page(student)[1]
    assert redis_db.keys("studyguide:content:*"), "the page filled the shared cache"
    elsewhere = _student(second, "other@example.org")
    with count_queries(second) as statements:
        assert "Going abroad" in _page(elsewhere)[1]
    assert len(statements) == 2, "\n".join(statements)  # the user, the student's facts
    careers.lesson("abroad")["title"] = "Edited with Redis"
    with app.app_context():
        load_package(careers.write())
    assert "Edited with Redis" in _page(student)[1]
    assert "Edited with Redis" in _page(elsewhere)[1]
    for worker in (first, second):
        with worker.app_context():
            db.engine.dispose()


def test_an_uploaded_package_shows_at_once(app, client, auth, tmp_path):
    from tests.web.test_packages import _folder_zip, _upload

    package = Package(tmp_path / "careers")
    auth.login_as_instructor()
    assert _upload(client, _folder_zip(package.path)).status_code == 302
    student = _student(app)
    assert "Going abroad" in _page(student)[1]
    package.lesson("abroad")["title"] = "Uploaded again"
    assert _upload(client, _folder_zip(package.write())).status_code == 302
    assert "Uploaded again" in _page(student)[1]


def test_an_import_job_moves_the_version(app):
    before = _version(app)
    generated_draft(app)
    assert _version(app) > before
