"""The lesson list, lesson pages and the transcript, as a logged-in student uses them."""

import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from studyguide.extensions import db
from studyguide.models import Course, Lesson, LessonRead, User, utcnow
from tests.factories import make_course, make_graded_attempt, make_lesson, make_read

TRANSCRIPT = (
    "Page header\n\n"
    "Why did you go abroad? I went abroad because my mentor supported it. "
    "It was not a plan. I just tried it.\n\n"
    "Is a PhD worth it? A PhD teaches you to do research independently."
)
QUOTE = "my mentor supported it"


TRANSACTION_CONTROL = frozenset({"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"})


@contextmanager
def count_queries(app):
    """Collect the SQL statements sent to the database inside the block.

    Transaction control (BEGIN, COMMIT, SAVEPOINT, ...) is left out: SQLite's driver sends a
    BEGIN where PostgreSQL's begins implicitly, and the counts must be the same on both.
    """
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.split(None, 1)[0].upper() not in TRANSACTION_CONTROL:
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _course(app, **overrides):
    """Create a course with two lessons and return (course slug, [lesson slugs], [lesson ids])."""
    with app.app_context():
        course = make_course(
            slug="abroad",
            title="Going abroad",
            transcript_text=TRANSCRIPT,
            transcript_meta={"skip": [{"start_char": 0, "end_char": 13, "reason": "header"}]},
            **overrides,
        )
        start = TRANSCRIPT.index(QUOTE)
        first = make_lesson(
            course,
            slug="why-go",
            position=1,
            title="Why go <abroad>",
            objectives=["Explain why a mentor matters."],
            summary_html="<p>The <em>summary</em>.</p>",
            takeaways=[
                {
                    "text": "Mentors open doors.",
                    "evidence": {"quote": QUOTE, "start_char": start, "end_char": start + 22},
                }
            ],
            quotes=[{"text": QUOTE, "start_char": start, "end_char": start + len(QUOTE)}],
            reflection_prompts=["Who supports you?"],
            segments=[{"start_char": 13, "end_char": 115, "title": "Going abroad"}],
        )
        second = make_lesson(course, slug="phd", position=2, title="The PhD")
        return course.slug, [first.slug, second.slug], [first.id, second.id]


def _user_id(app, email="student@example.org"):
    with app.app_context():
        return db.session.scalar(sa.select(User.id).where(User.email == email))


# Access


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/lessons"),
        ("get", "/courses/abroad/lessons/why-go"),
        ("post", "/courses/abroad/lessons/why-go/read"),
        ("get", "/courses/abroad/transcript"),
        ("get", "/courses/abroad/transcript?start=1&end=5"),
    ],
)
def test_every_page_requires_login(app, client, method, url):
    _course(app)
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login?next=")


def test_home_page_sends_a_logged_in_student_to_the_lessons(client, auth):
    auth.login_as_student()
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"] == "/lessons"


@pytest.mark.parametrize(
    "url",
    [
        "/courses/nope/lessons/why-go",
        "/courses/abroad/lessons/nope",
        "/courses/abroad/lessons/retired",
        "/courses/draft/lessons/draft-lesson",
        "/courses/nope/transcript",
        "/courses/draft/transcript",
    ],
)
def test_unknown_retired_or_unpublished_is_a_404_page(app, client, auth, url):
    _course(app)
    with app.app_context():
        make_lesson(make_course(slug="draft", status="draft"), slug="draft-lesson")
        abroad = db.session.scalar(sa.text("SELECT id FROM courses WHERE slug = 'abroad'"))
        make_lesson(
            db.session.get(Course, abroad),
            slug="retired",
            retired_at=utcnow(),
        )
    auth.login_as_student()
    response = client.get(url)
    assert response.status_code == 404
    assert b'class="card error-page"' in response.data


# The lesson list


def test_lesson_list_shows_courses_lessons_and_status(app, client, auth):
    course_slug, slugs, ids = _course(app)
    with app.app_context():
        make_lesson(
            db.session.get(Lesson, ids[0]).course,
            slug="gone",
            title="Gone lesson",
            retired_at=utcnow(),
        )
        make_lesson(make_course(title="Hidden draft", status="draft"), title="Draft lesson")
    student_id = auth.login_as_student()
    with app.app_context():
        student = db.session.get(User, student_id)
        lesson = db.session.get(Lesson, ids[0])
        make_graded_attempt(student, lesson, 0.8)

    html = client.get("/lessons").get_data(as_text=True)

    assert "Going abroad" in html
    assert html.index("Why go &lt;abroad&gt;") < html.index("The PhD")  # by position, escaped
    assert "Gone lesson" not in html and "Hidden draft" not in html and "Draft lesson" not in html
    assert "Quiz passed" in html and "Not started" in html
    assert re.search(r'<progress max="100" value="\d+"', html)
    assert "Continue where you left off" in html
    continue_section = html[html.index("Continue where") :]
    assert f"/courses/{course_slug}/lessons/{slugs[0]}" in continue_section.split("</section>")[0]


def test_lesson_list_without_courses(client, auth):
    auth.login_as_student()
    html = client.get("/lessons").get_data(as_text=True)
    assert "No course is published yet." in html
    assert "Continue where" not in html


def test_navigation_links_lessons_and_progress(client, auth):
    auth.login_as_student()
    html = client.get("/lessons").get_data(as_text=True)
    assert 'href="/lessons" aria-current="page"' in html
    assert 'href="/progress"' in html


# The lesson page


def test_lesson_page_shows_the_lesson(app, client, auth):
    course_slug, slugs, ids = _course(app)
    auth.login_as_student()

    html = client.get(f"/courses/{course_slug}/lessons/{slugs[0]}").get_data(as_text=True)

    assert "<h1>Why go &lt;abroad&gt;</h1>" in html
    assert "Explain why a mentor matters." in html
    assert "<p>The <em>summary</em>.</p>" in html  # the sanitised summary, not escaped
    assert "Mentors open doors." in html and "Who supports you?" in html
    start = TRANSCRIPT.index(QUOTE)
    assert f'href="/courses/{course_slug}/transcript?start={start}&amp;end={start + 22}#hl"' in html
    assert f"<blockquote><p>{QUOTE}</p></blockquote>" in html
    assert f'action="/courses/{course_slug}/lessons/{slugs[0]}/read"' in html
    assert f'href="/lessons/{ids[0]}/quiz"' in html and "Take the quiz" in html
    assert f'href="/courses/{course_slug}/lessons/{slugs[1]}"' in html  # next lesson


def test_lesson_content_is_escaped(app, client, auth):
    with app.app_context():
        lesson = make_lesson(
            objectives=["<script>alert(1)</script>"],
            quotes=[{"text": "<img src=x onerror=alert(1)>", "start_char": 0, "end_char": 3}],
        )
        url = f"/courses/{lesson.course.slug}/lessons/{lesson.slug}"
    auth.login_as_student()
    html = client.get(url).get_data(as_text=True)
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_mark_as_read_is_post_only(app, client, auth):
    course_slug, slugs, _ = _course(app)
    auth.login_as_student()
    response = client.get(f"/courses/{course_slug}/lessons/{slugs[0]}/read")
    assert response.status_code == 405


def test_mark_as_read_is_idempotent(app, client, auth):
    course_slug, slugs, ids = _course(app)
    student_id = auth.login_as_student()
    url = f"/courses/{course_slug}/lessons/{slugs[0]}"

    first = client.post(url + "/read")
    second = client.post(url + "/read")

    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == url
    with app.app_context():
        reads = db.session.scalars(sa.select(LessonRead)).all()
        assert [(r.user_id, r.lesson_id) for r in reads] == [(student_id, ids[0])]
    html = client.get(url).get_data(as_text=True)
    assert "You marked this lesson as read" in html
    assert f'action="{url}/read"' not in html


def test_mark_as_read_of_a_missing_lesson_is_404(app, client, auth):
    course_slug, _, _ = _course(app)
    auth.login_as_student()
    assert client.post(f"/courses/{course_slug}/lessons/nope/read").status_code == 404
    with app.app_context():
        assert db.session.scalars(sa.select(LessonRead)).all() == []


class TestWithCsrf:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "WTF_CSRF_ENABLED": True}

    def _login(self, app, client):
        with app.app_context():
            from tests.factories import DEFAULT_PASSWORD, make_user

            make_user(email="csrf@example.org")
        html = client.get("/account/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
        client.post(
            "/account/login",
            data={"email": "csrf@example.org", "password": DEFAULT_PASSWORD, "csrf_token": token},
        )

    def test_mark_as_read_needs_the_token(self, app, client):
        course_slug, slugs, _ = _course(app)
        self._login(app, client)
        url = f"/courses/{course_slug}/lessons/{slugs[0]}"

        refused = client.post(url + "/read")
        assert refused.status_code == 400
        with app.app_context():
            assert db.session.scalars(sa.select(LessonRead)).all() == []

        html = client.get(url).get_data(as_text=True)
        form = html[html.index(f'action="{url}/read"') :]
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
        assert client.post(url + "/read", data={"csrf_token": token}).status_code == 302
        with app.app_context():
            assert len(db.session.scalars(sa.select(LessonRead)).all()) == 1


# The transcript page


def test_transcript_page_shows_paragraphs_without_skipped_text(app, client, auth):
    course_slug, _, _ = _course(app)
    auth.login_as_student()
    html = client.get(f"/courses/{course_slug}/transcript").get_data(as_text=True)
    assert "Page header" not in html
    assert 'id="p-1"' in html and 'id="p-2"' in html
    assert "I went abroad because my mentor supported it." in html
    assert "<mark" not in html and 'class="notice"' not in html


def test_transcript_highlights_the_quoted_range(app, client, auth):
    course_slug, _, _ = _course(app)
    auth.login_as_student()
    start = TRANSCRIPT.index(QUOTE)
    html = client.get(
        f"/courses/{course_slug}/transcript?start={start}&end={start + len(QUOTE)}"
    ).get_data(as_text=True)
    assert f'<mark id="hl" tabindex="-1">{QUOTE}</mark>' in html
    assert html.count("<mark") == 1


def test_transcript_highlight_spanning_paragraphs_marks_each_piece(app, client, auth):
    course_slug, _, _ = _course(app)
    auth.login_as_student()
    start, end = TRANSCRIPT.index("I just tried"), TRANSCRIPT.index("Is a PhD") + 8
    html = client.get(f"/courses/{course_slug}/transcript?start={start}&end={end}").get_data(
        as_text=True
    )
    marks = re.findall(r"<mark([^>]*)>(.*?)</mark>", html, re.S)
    assert len(marks) == 2
    assert [attrs for attrs, _ in marks] == [' id="hl" tabindex="-1"', ""]
    assert "".join(text for _, text in marks) == TRANSCRIPT[start:end]


@pytest.mark.parametrize(
    "query",
    [
        "start=abc&end=5",
        "start=5",
        "end=9",
        "start=-3&end=5",
        "start=50&end=10",
        "start=0&end=99999",
        "start=" + "9" * 400 + "&end=1",
        "start=%00&end=%FF",
    ],
)
def test_transcript_with_a_bad_range_shows_a_notice(app, client, auth, query):
    course_slug, _, _ = _course(app)
    auth.login_as_student()
    response = client.get(f"/courses/{course_slug}/transcript?{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'class="notice"' in html and "<mark" not in html
    assert "I went abroad" in html


def test_transcript_range_inside_a_skip_shows_a_notice(app, client, auth):
    course_slug, _, _ = _course(app)
    auth.login_as_student()
    html = client.get(f"/courses/{course_slug}/transcript?start=0&end=4").get_data(as_text=True)
    assert "not part of the interview text" in html and "<mark" not in html


# Constant query counts


def _add_lessons_and_attempts(app, student_id, lesson_ids, lessons=9, attempts=29):
    with app.app_context():
        student = db.session.get(User, student_id)
        first = db.session.get(Lesson, lesson_ids[0])
        added = [make_lesson(first.course, position=10 + i) for i in range(lessons)]
        targets = [first, *added]
        for i in range(attempts):
            lesson = targets[i % len(targets)] if i % 3 else first
            make_graded_attempt(student, lesson, (i % 11) / 10, utcnow() - timedelta(days=i))
        for lesson in added[:4]:
            make_read(student, lesson)


# The user with their review settings, the navigation's number due and the content version
# (one query) are in every count.
# list: the student's reads, attempts and review tallies (one query); the courses with their
#   lessons come from the content cache.
# lesson: the student's facts about the lesson with the takeaways kept as cards (one query);
#   the lesson, its course and neighbours come from the content cache.
# transcript: the course.
STUDENT_PAGE_QUERIES = {"list": 2, "lesson": 2, "transcript": 2}
# The first request after a change to content fills the cache: courses with lessons and the
# question counts (list), and the lesson's content too (lesson).
FILLING_THE_CACHE = {"list": 2, "lesson": 3, "transcript": 0}


def cold_and_warm(app, client, url):
    """Return the statements of a request that fills the content cache, then of one that uses it."""
    with count_queries(app) as cold:
        assert client.get(url).status_code == 200
    with count_queries(app) as warm:
        assert client.get(url).status_code == 200
    return cold, warm


@pytest.mark.parametrize("page", ["list", "lesson", "transcript"])
def test_pages_run_a_fixed_number_of_queries(app, client, auth, page):
    course_slug, slugs, ids = _course(app)
    with app.app_context():
        # The fixture course has two lessons; start from exactly one lesson and one attempt.
        db.session.get(Lesson, ids[1]).retired_at = utcnow()
        db.session.commit()
    student_id = auth.login_as_student()
    with app.app_context():
        make_graded_attempt(db.session.get(User, student_id), db.session.get(Lesson, ids[0]), 0.5)
    url = {
        "list": "/lessons",
        "lesson": f"/courses/{course_slug}/lessons/{slugs[0]}",
        "transcript": f"/courses/{course_slug}/transcript?start=20&end=60",
    }[page]

    small_cold, small = cold_and_warm(app, client, url)
    _add_lessons_and_attempts(app, student_id, ids)
    large_cold, large = cold_and_warm(app, client, url)

    assert len(small) == len(large), "\n".join(large)
    assert len(large) == STUDENT_PAGE_QUERIES[page], "\n".join(large)
    assert len(small_cold) == len(large_cold), "\n".join(large_cold)
    assert len(large_cold) == STUDENT_PAGE_QUERIES[page] + FILLING_THE_CACHE[page]
