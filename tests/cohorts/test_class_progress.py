"""The class table, the cohort index and the CSV against a hand-built class whose figures are
worked out below by the mastery rules of services/progress.py."""

import csv
import io
from datetime import timedelta

import pytest

from studyguide.extensions import db
from studyguide.models import utcnow
from studyguide.services import analytics
from tests.cohorts.conftest import add_member, make_cohort
from tests.factories import make_course, make_graded_attempt, make_lesson, make_read, make_user


@pytest.fixture
def klass(app):
    """Ann failed L1 twice; Ben mastered both lessons; Cat never started (joined 20 days ago);
    Dan passed L1 20 days ago and went quiet. Eve is not in the cohort."""
    now = utcnow()
    day = timedelta(days=1)
    with app.app_context():
        course = make_course(title="Going abroad")
        l1 = make_lesson(course, title="Why go", position=1)
        l2 = make_lesson(course, title="Coming back", position=2)
        mentor = make_user(email="m@example.org", role="instructor")
        cohort = make_cohort(course, mentor, "Class")
        ann = make_user(email="ann@example.org", display_name="Ann")
        ben = make_user(email="ben@example.org", display_name="Ben")
        cat = make_user(email="cat@example.org", display_name="Cat")
        dan = make_user(email="dan@example.org", display_name="Dan")
        eve = make_user(email="eve@example.org", display_name="Eve")
        for student, joined in ((ann, 12), (ben, 12), (cat, 20), (dan, 30)):
            add_member(cohort, student, joined_at=now - joined * day)
        make_read(ann, l1, read_at=now - 10 * day)
        make_graded_attempt(ann, l1, 0.5, now - 3 * day)
        make_graded_attempt(ann, l1, 0.6, now - 2 * day)
        make_read(ben, l1, read_at=now - 6 * day)
        make_graded_attempt(ben, l1, 0.95, now - 3 * day)
        make_graded_attempt(ben, l1, 0.9, now - 1 * day)
        make_graded_attempt(ben, l2, 1.0, now - 5 * day)
        make_graded_attempt(ben, l2, 0.92, now - 2 * day)
        make_graded_attempt(dan, l1, 0.8, now - 20 * day)
        make_graded_attempt(eve, l1, 0.1, now - 1 * day)
        make_graded_attempt(ann, make_lesson(), 1.0, now)  # another course: not counted
        return {"cohort": cohort.id, "mentor": mentor.id, "now": now, "day": day}


def test_class_figures(app, klass):
    with app.app_context():
        report = analytics.class_progress(klass["mentor"], klass["cohort"])
        rows = {row.name: row for row in report.rows}
        assert [row.name for row in report.rows] == ["Ann", "Ben", "Cat", "Dan"]
        # Lesson percents: in progress 35, passed 60, mastered 100, not started 0.
        assert {n: r.course.percent for n, r in rows.items()} == {
            "Ann": 18,  # (35 + 0) / 2 = 17.5
            "Ben": 100,
            "Cat": 0,
            "Dan": 30,  # (60 + 0) / 2
        }
        assert report.course_average == 37  # (18 + 100 + 0 + 30) / 4 = 37
        assert {n: r.attempts for n, r in rows.items()} == {"Ann": 2, "Ben": 4, "Cat": 0, "Dan": 1}
        assert [lp.mastery.value for lp in rows["Ann"].course.lessons] == [
            "attempted",
            "not_started",
        ]
        assert [lp.best_percent for lp in rows["Ben"].course.lessons] == [95, 100]
        assert rows["Ann"].last_activity == klass["now"] - 2 * klass["day"]
        assert rows["Cat"].last_activity is None
        assert {n for n, r in rows.items() if r.stuck} == {"Ann", "Cat", "Dan"}
        assert [r.name for r in analytics.sorted_rows(report.rows, "not_started")] == ["Cat"]
        assert [r.name for r in analytics.sorted_rows(report.rows, "struggling")] == [
            "Ann",
            "Cat",
            "Dan",
        ]
        assert [r.name for r in analytics.sorted_rows(report.rows, "mastered")] == ["Ben"]
        by_progress = analytics.sorted_rows(report.rows, sort="progress", descending=True)
        assert [r.name for r in by_progress] == ["Ben", "Dan", "Ann", "Cat"]
        l1, l2 = report.summaries
        assert (l1.read, l1.attempts, l2.read, l2.attempts) == (2, 5, 0, 2)
        assert l1.mean_best == pytest.approx((0.6 + 0.95 + 0.8) / 3)
        assert {level.value: n for level, n in l1.levels.items()} == {
            "attempted": 1,
            "mastered": 1,
            "not_started": 1,
            "familiar": 1,
        }
        assert {level.value: n for level, n in l2.levels.items()} == {
            "mastered": 1,
            "not_started": 3,
        }


def test_index_counts_active_and_stuck(app, client, auth, klass):
    with app.app_context():
        (summary,) = analytics.cohort_summaries(klass["mentor"])
    assert (summary.students, summary.active_this_week, summary.stuck) == (4, 2, 3)
    auth.login("m@example.org")
    page = client.get("/teach/cohorts").get_data(as_text=True)
    assert '<td data-label="Active this week">2</td>' in page
    assert "show=struggling" in page


def test_class_page_filters_and_sorts(app, client, auth, klass):
    auth.login("m@example.org")
    url = f"/teach/cohorts/{klass['cohort']}"
    page = client.get(url).get_data(as_text=True)
    assert page.index(">Ann</a>") < page.index(">Ben</a>") < page.index(">Dan</a>")
    assert "Course average</dt><dd>37&nbsp;%" in page
    assert '<svg class="mastery-chart"' in page and "Mastery per lesson as a table" in page
    page = client.get(url + "?show=mastered").get_data(as_text=True)
    assert ">Ben</a>" in page and ">Ann</a>" not in page
    page = client.get(url + "?sort=progress&order=desc").get_data(as_text=True)
    assert page.index(">Ben</a>") < page.index(">Dan</a>") < page.index(">Ann</a>")
    assert 'aria-sort="descending"' in page
    # Nonsense parameters fall back to the defaults rather than failing.
    assert client.get(url + "?show=x&sort=y&page=-4").status_code == 200


def test_csv_download(app, client, auth, klass):
    auth.login("m@example.org")
    response = client.get(f"/teach/cohorts/{klass['cohort']}/progress.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 8  # 4 students × 2 lessons
    ann = rows[0]
    read_at = (klass["now"] - 10 * klass["day"]).isoformat(timespec="seconds")
    last = (klass["now"] - 2 * klass["day"]).isoformat(timespec="seconds")
    assert ann == {
        "student": "Ann",
        "email": "ann@example.org",
        "lesson_position": "1",
        "lesson": "Why go",
        "read_at": read_at,
        "attempts": "2",
        "best_percent": "60",
        "latest_percent": "60",
        "mastery": "attempted",
        "last_activity": last,
        "stuck": "yes",
    }
    assert rows[3]["student"] == "Ben" and rows[3]["mastery"] == "mastered"
    assert [r["student"] for r in rows].count("Eve") == 0


def test_csv_cells_never_start_a_formula(app, client, auth, klass):
    from studyguide.models import Cohort, User

    with app.app_context():
        evil = make_user(email="evil@example.org", display_name="=HYPERLINK(1)")
        add_member(db.session.get(Cohort, klass["cohort"]), db.session.get(User, evil.id))
    auth.login("m@example.org")
    text = client.get(f"/teach/cohorts/{klass['cohort']}/progress.csv").get_data(as_text=True)
    assert "'=HYPERLINK(1)" in text and "\n=HYPERLINK" not in text


def test_one_student_in_depth(app, client, auth, klass):
    from studyguide.models import User

    with app.app_context():
        ann = db.session.scalar(db.select(User).where(User.email == "ann@example.org"))
        ann_id = ann.id
    auth.login("m@example.org")
    page = client.get(f"/teach/cohorts/{klass['cohort']}/students/{ann_id}").get_data(as_text=True)
    assert page.count('<details class="attempt"') == 2
    assert "No spaced review of this course’s cards yet" in page
    class_page = client.get(f"/teach/cohorts/{klass['cohort']}").get_data(as_text=True)
    assert f"/teach/cohorts/{klass['cohort']}/students/{ann_id}" in class_page
