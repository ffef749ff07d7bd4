"""The review pages: a missed question is due the next day, a session, ownership, query counts."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from studyguide.extensions import db
from studyguide.models import ReviewCard, ReviewLog, User
from studyguide.services import review, review_queue, review_settings, review_stats
from studyguide.web.review.chart import forecast_chart
from tests.review.helpers import START, Clock, cards_of, quizzed_student
from tests.web.test_lessons import count_queries


@pytest.fixture
def clock(app) -> Clock:
    clock = Clock()
    app.config["REVIEW_CLOCK"] = clock
    return clock


def _quiz(app, user_id: int, **kwargs):
    with app.app_context():
        return quizzed_student(user=db.session.get(User, user_id), **kwargs)


def _start(client) -> str:
    response = client.post("/review/sessions")
    assert response.status_code == 302
    return response.headers["Location"]


def test_missed_questions_are_due_the_next_day_and_a_session_works_through_them(
    app, client, auth, clock
):
    student_id = auth.login_as_student()
    quiz = _quiz(app, student_id, right=1, wrong=1, takeaways=1)
    clock.advance(days=1)
    page = client.get("/review").get_data(as_text=True)
    assert "2 cards</strong> to review" in page
    assert re.search(r'nav-count">2<span class="visually-hidden"> due', page)

    session_url = _start(client)
    html = client.get(session_url).get_data(as_text=True)
    card_id = int(re.search(r"/cards/(\d+)/answer", html).group(1))
    with app.app_context():
        missed = cards_of(student_id)[1]
    assert card_id == missed.id  # the missed one first: most overdue for its interval
    assert "Choose one answer." in html  # the quiz's own partial for the type
    response = client.post(
        f"{session_url}/cards/{card_id}/answer", data={"rep": "1", f"answer_{card_id}": "Right"}
    )
    result = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Correct" in result and "Read it in the transcript" in result
    assert "Why:</strong> Because the transcript says so." in result

    # A second send of the same answer counts nothing and shows the stored one.
    again = client.post(
        f"{session_url}/cards/{card_id}/answer", data={"rep": "1", f"answer_{card_id}": "Wrong"}
    )
    assert "/review/answers/" in again.headers["Location"]
    with app.app_context():
        assert (
            db.session.scalar(
                db.select(db.func.count(ReviewLog.id)).where(ReviewLog.card_id == card_id)
            )
            == 2
        )

    # Remember a takeaway from the lesson page, then rate it as a recall card.
    with app.app_context():
        lesson = review.lesson_for(quiz.lesson_id)
        lesson_url = f"/courses/{lesson.course.slug}/lessons/{lesson.slug}"
    assert "Remember this" in client.get(lesson_url).get_data(as_text=True)
    client.post(f"/review/lessons/{quiz.lesson_id}/takeaways/1")
    assert "In your review" in client.get(lesson_url).get_data(as_text=True)
    for _ in range(3):
        html = client.get(session_url).get_data(as_text=True)
        if "takeaway to recall" in html:
            break
        cid = int(re.search(r"/cards/(\d+)/answer", html).group(1))
        client.post(
            f"{session_url}/cards/{cid}/answer", data={"rep": "1", f"answer_{cid}": "Right"}
        )
    assert "Fill the gap" in html and "How well did you remember it?" in html
    recall_id = int(re.search(r"/cards/(\d+)/rate", html).group(1))
    client.post(f"{session_url}/cards/{recall_id}/rate", data={"rep": "0", "rating": "4"})
    done = client.get(session_url).get_data(as_text=True)
    assert "All done for now" in done

    progress = client.get("/progress").get_data(as_text=True)
    assert 'class="forecast-chart"' in progress and "Forecast and history as a table" in progress
    assert "Retention</dt><dd>" in progress


def test_another_students_card_session_and_answer_are_not_found(app, client, auth, clock):
    with app.app_context():
        theirs = quizzed_student()
        their_card = cards_of(theirs.user_id)[0].id
        their_log = db.session.scalar(db.select(ReviewLog.id))
    auth.login_as_student()
    session_url = _start(client)
    assert (
        client.post(
            f"{session_url}/cards/{their_card}/answer",
            data={"rep": "1", f"answer_{their_card}": "a"},
        ).status_code
        == 404
    )
    assert client.post(f"/review/cards/{their_card}/suspend").status_code == 404
    assert client.post(f"/review/cards/{their_card}/remove").status_code == 404
    assert client.get(f"/review/answers/{their_log}").status_code == 404
    with app.app_context():
        from studyguide.services import review_queue

        their_session = review_queue.start_session(theirs.user_id).id
    assert client.get(f"/review/sessions/{their_session}").status_code == 404


def test_bad_inputs_get_a_message_not_a_crash(app, client, auth, clock):
    student_id = auth.login_as_student()
    _quiz(app, student_id, right=0, wrong=1)
    clock.advance(days=1)
    session_url = _start(client)
    card_id = _quiz_card(app, student_id)
    no_rep = client.post(f"{session_url}/cards/{card_id}/answer", data={})
    assert no_rep.status_code == 302
    bad = client.post(
        f"{session_url}/cards/{card_id}/answer",
        data={"rep": "1", f"answer_{card_id}": ["Right", "Wrong"]},
        follow_redirects=True,
    )
    assert "Not answered:" in bad.get_data(as_text=True)
    wrong_kind = client.post(
        f"{session_url}/cards/{card_id}/rate", data={"rep": "1", "rating": "3"}
    )
    assert wrong_kind.status_code == 404
    settings = client.post(
        "/review/settings",
        data={"time_zone": "Nowhere/Else", "time_limit_minutes": "10", "card_limit": "40",
              "new_per_day": "10"},
    )  # fmt: skip
    assert settings.status_code == 400
    assert "not a time zone" in settings.get_data(as_text=True)
    assert client.post("/review/lessons/999999/takeaways/1").status_code == 404


def _quiz_card(app, user_id: int) -> int:
    with app.app_context():
        return cards_of(user_id)[0].id


# Both include the user with review settings and the navigation's number due (one query);
# /review also
# counts today's new cards, the due queue and the new-card queue.
def _nav_due(client, url: str = "/lessons") -> int:
    page = client.get(url).get_data(as_text=True)
    shown = re.search(r'nav-count">(\d+)<span class="visually-hidden"> due', page)
    return int(shown.group(1)) if shown else 0  # none due: no count shown


def test_the_nav_count_read_with_the_user_follows_the_students_own_time_zone(
    app, client, auth, clock
):
    # The user loader counts for the browser's day (UTC here, no tz cookie); a student with
    # a zone of their own has their new cards counted for their day.
    student_id = auth.login_as_student()
    quiz = _quiz(app, student_id, right=0, wrong=0, takeaways=5)
    with app.app_context():
        for n in range(1, 6):
            review.remember_takeaway(student_id, quiz.lesson_id, n)
        # 09:00 UTC is 22:00 in Auckland: the local day ends before the UTC one.
        review_settings.save_settings(
            student_id, time_zone="Pacific/Auckland", new_per_day=2, card_limit=40,
            time_limit_minutes=10,
        )  # fmt: skip
        session = review_queue.start_session(student_id)
        for _ in range(2):
            view = review_queue.session_view(student_id, session.id)
            review.rate_recall(student_id, view.card.id, session.id, view.card.reps, 3)
    assert _nav_due(client) == 0  # today's two new cards are done, in both days
    clock.advance(hours=3)  # past Auckland midnight, still the same UTC day
    with app.app_context():
        expected = len(review_queue.due_queue(student_id))
    assert expected >= 2
    assert _nav_due(client) == expected
    with app.app_context():
        review_settings.save_settings(
            student_id, time_zone=None, new_per_day=2, card_limit=40, time_limit_minutes=10
        )
    assert _nav_due(client) == expected - 2  # the browser's (UTC) day: none new left


# The user with their settings, the nav's number due and the content version (one query), and:
# /review, the queue (due and new cards with today's introductions, one query); /review/cards,
# the cards.
@pytest.mark.parametrize(("url", "expected"), [("/review", 2), ("/review/cards", 3)])
def test_review_pages_run_a_fixed_number_of_queries(app, client, auth, clock, url, expected):
    student_id = auth.login_as_student()
    _quiz(app, student_id, right=0, wrong=1)
    clock.advance(days=1)
    with count_queries(app) as small:
        assert client.get(url).status_code == 200
    for _ in range(4):
        _quiz(app, student_id, right=5, wrong=5)
    clock.advance(days=1)
    with count_queries(app) as large:
        assert client.get(url).status_code == 200
    assert len(small) == len(large), "\n".join(large)
    assert len(large) == expected, "\n".join(large)


def test_the_session_page_runs_a_fixed_number_of_queries(app, client, auth, clock):
    student_id = auth.login_as_student()
    _quiz(app, student_id, right=0, wrong=1)
    clock.advance(days=1)
    session_url = _start(client)
    with count_queries(app) as small:
        assert client.get(session_url).status_code == 200
    for _ in range(4):
        _quiz(app, student_id, right=5, wrong=5, takeaways=0)
    with count_queries(app) as large:
        assert client.get(session_url).status_code == 200
    assert len(small) == len(large), "\n".join(large)
    # The user (with settings, due count, content version); the session with its cards done;
    # the queue with its first card, that card's lesson, course and question version.
    assert len(large) == 3, "\n".join(large)


def test_forecast_counts_each_local_day_against_a_fixture(app, db, clock):
    with app.app_context():
        quiz = quizzed_student(right=6, wrong=0)
        cards = cards_of(quiz.user_id)
        # Fixture: due overdue, today later, tomorrow, in 13 days, in 14 days (beyond), suspended.
        offsets = [-72, 7, 24, 13 * 24, 14 * 24, 48]  # hours from START
        dues = [START + timedelta(hours=h) for h in offsets]
        for card, due in zip(cards, dues, strict=True):
            card.due = due
        cards[-1].suspended_at = START
        db.session.commit()
        days = review_stats.forecast(quiz.user_id)
        assert [d.count for d in days] == [2, 1] + [0] * 11 + [1]
        assert days[0].day == START.date() and len(days) == 14
        # In Tokyo (UTC+9) 16:00 UTC (START + 7 h) is already tomorrow, 01:00.
        tokyo = review_stats.forecast(quiz.user_id, "Asia/Tokyo")
        assert [d.count for d in tokyo][:2] == [1, 2]
        chart = forecast_chart(days)
        assert len(chart.bars) == 14
        assert chart.bars[0].height > chart.bars[1].height > chart.bars[2].height == 0
        assert chart.summary.startswith("4 reviews due in the next 14 days: 2 today")


def test_review_summary_counts_reviews_and_retention_per_student(app, db, clock):
    from studyguide.services import review_queue

    with app.app_context():
        a = quizzed_student(right=0, wrong=2)
        b = quizzed_student(right=0, wrong=1)
        course_id = db.session.get(ReviewCard, cards_of(a.user_id)[0].id).course_id
        clock.advance(days=1)
        session = review_queue.start_session(a.user_id)
        for answer in (["Right"], ["Wrong"]):
            view = review_queue.session_view(a.user_id, session.id)
            review.answer_question(a.user_id, view.card.id, session.id, view.card.reps, answer)
        summary = review_stats.review_summary([a.user_id, b.user_id], course_id)
        assert (summary[a.user_id].reviews, summary[a.user_id].recalled) == (2, 1)
        assert summary[a.user_id].retention == 0.5
        assert summary[a.user_id].last_review_at == clock.at
        assert summary[b.user_id].reviews == 0  # other course: none here, quiz not counted
        assert isinstance(summary[a.user_id].last_review_at, datetime)
        assert summary[a.user_id].last_review_at.tzinfo == UTC
