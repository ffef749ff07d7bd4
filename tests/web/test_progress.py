"""The progress page: a student's own reads, attempts, scores and mastery, and its chart."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from studyguide.extensions import db
from studyguide.models import Course, Lesson, User, utcnow
from studyguide.services.progress import GradeFact, TimelineEntry
from studyguide.web.progress.chart import MAX_POINTS, score_chart
from tests.factories import make_course, make_graded_attempt, make_lesson, make_read, make_user
from tests.web.test_lessons import count_queries


def _setup(app, student_id, *, lessons=1, attempts=1):
    """Give the student a course with `lessons` lessons and `attempts` graded attempts."""
    with app.app_context():
        student = db.session.get(User, student_id)
        course = make_course(title="Research careers")
        made = [make_lesson(course, title=f"Lesson {i + 1}", position=i) for i in range(lessons)]
        for i in range(attempts):
            moment = utcnow() - timedelta(days=attempts - i)
            make_graded_attempt(student, made[i % lessons], 0.5 + (i % 6) / 10, moment)
        for lesson in made[: lessons // 2]:
            make_read(student, lesson)
        return [lesson.id for lesson in made]


def test_progress_requires_login(client):
    response = client.get("/progress")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login?next=")


def test_progress_page_shows_each_lesson_with_scores_and_mastery(app, client, auth):
    student_id = auth.login_as_student()
    with app.app_context():
        student = db.session.get(User, student_id)
        course = make_course(title="Research careers")
        first = make_lesson(course, title="Going abroad", position=1)
        make_lesson(course, title="The PhD", position=2)
        make_read(student, first)
        make_graded_attempt(student, first, 0.9, utcnow() - timedelta(days=2))
        make_graded_attempt(student, first, 0.6, utcnow() - timedelta(days=1))
        make_graded_attempt(student, first, 0.95, utcnow())

    html = client.get("/progress").get_data(as_text=True)

    table = html[html.index('class="progress-table"') :]
    row = table[table.index("Going abroad</a>") :].split("</tr>")[0]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert [re.sub(r"<[^>]+>", "", c).strip() for c in cells] == [
        "Yes",
        "3",
        "95&nbsp;%",
        "95&nbsp;%",
        "Mastered",
    ]
    other = table[table.index("The PhD</a>") :].split("</tr>")[0]
    assert "Not started" in other and "No" in other
    assert "Lessons read</dt><dd>1 of 2" in html
    assert "Lessons mastered</dt><dd>1 of 2" in html
    assert html.count('<circle class="point"') == 3
    assert 'role="img"' in html and "Scores as a table" in html
    assert "3 graded quiz attempts" in html


def test_progress_page_without_attempts(app, client, auth):
    auth.login_as_student()
    with app.app_context():
        make_lesson(make_course(title="Research careers"), title="Going abroad")
    html = client.get("/progress").get_data(as_text=True)
    assert "No graded quiz attempts yet." in html
    assert "<svg" not in html
    assert "Not started" in html


def test_a_student_sees_only_their_own_progress(app, client, auth):
    with app.app_context():
        other = make_user(email="other@example.org")
        lesson = make_lesson(make_course(title="Research careers"), title="Going abroad")
        make_graded_attempt(other, lesson, 0.13)
        make_graded_attempt(other, lesson, 0.17)
        make_read(other, lesson)
    auth.login_as_student()

    html = client.get("/progress").get_data(as_text=True)

    assert "13&nbsp;%" not in html and "17&nbsp;%" not in html
    assert "Quiz attempts</dt><dd>0" in html and "Lessons read</dt><dd>0 of 1" in html
    assert "<svg" not in html


def test_progress_page_loads_nothing_from_another_host(app, client, auth):
    student_id = auth.login_as_student()
    _setup(app, student_id, lessons=2, attempts=3)
    html = client.get("/progress").get_data(as_text=True)
    # The SVG namespace is implied in HTML; no xmlns URL, no external stylesheet or script.
    assert "http://" not in html and "https://" not in html


def test_progress_page_runs_a_fixed_number_of_queries(app, client, auth):
    student_id = auth.login_as_student()
    lesson_ids = _setup(app, student_id, lessons=1, attempts=1)
    assert client.get("/progress").status_code == 200  # fills the content cache
    with count_queries(app) as small:
        assert client.get("/progress").status_code == 200

    with app.app_context():
        student = db.session.get(User, student_id)
        first = db.session.get(Lesson, lesson_ids[0])
        more = [make_lesson(first.course, position=10 + i) for i in range(9)]
        for i in range(29):
            lesson = [first, *more][i % 10]
            make_graded_attempt(student, lesson, (i % 11) / 10, utcnow() - timedelta(hours=i))
        make_read(student, more[0])
    assert client.get("/progress").status_code == 200  # the new lessons fill the cache again
    with count_queries(app) as large:
        html = client.get("/progress").get_data(as_text=True)

    assert html.count('<circle class="point"') == 30
    assert len(small) == len(large), "\n".join(large)
    # The user with their review settings, the nav's number due and the content version; the
    # student's reads, attempts and review tallies (one query; the courses with their lessons
    # come from the content cache); the review section: forecast, history and totals (one).
    assert len(large) == 3, "\n".join(large)


# The chart's geometry


def _entries(*scores, start=datetime(2025, 5, 1, 12, tzinfo=UTC)):
    course = Course(title="C", slug="c")
    lesson = Lesson(title="L", slug="l", course=course)
    return [
        TimelineEntry(course, lesson, GradeFact(score, start + timedelta(days=i), attempt_id=i))
        for i, score in enumerate(scores)
    ]


def test_chart_places_scores_between_top_and_bottom():
    chart = score_chart(_entries(0.0, 0.5, 1.0))
    ys = [p.y for p in chart.points]
    assert ys[0] == chart.bottom and ys[2] == chart.top
    assert chart.top < ys[1] < chart.bottom
    xs = [p.x for p in chart.points]
    assert chart.left < xs[0] < xs[1] < xs[2] < chart.right
    assert chart.points[1].label == "L: 50 % on 2 May 2025"
    assert [label.text for label in chart.x_labels] == ["1 May 2025", "3 May 2025"]
    assert {line.kind for line in chart.gridlines} == {"axis", "pass", "proficient"}
    assert "3 graded quiz attempts from 1 May 2025 to 3 May 2025" in chart.summary


def test_chart_with_one_point_centres_it():
    chart = score_chart(_entries(0.7))
    [point] = chart.points
    assert point.x == pytest.approx((chart.left + chart.right) / 2)
    assert len(chart.x_labels) == 1
    assert chart.summary.startswith("1 graded quiz attempt on 1 May 2025")


def test_chart_shows_the_latest_points_only():
    entries = _entries(*([0.5] * (MAX_POINTS + 5)))
    chart = score_chart(entries)
    assert len(chart.points) == MAX_POINTS
    assert chart.points[-1].label.endswith(f"on {entries[-1].grade.graded_at.day} Jul 2025")
    assert "the table lists all" in chart.summary


def test_empty_chart():
    chart = score_chart([])
    assert chart.points == () and chart.x_labels == ()
    assert chart.summary == "No graded quiz attempts yet."
