"""Benchmark of the mentor's pages on a large class; prints figures, asserts nothing.

1. Seeds a fresh SQLite file (or --database-url) with one course of --lessons lessons and
   --questions questions in all, one cohort of --students students, each of whom took every
   lesson's quiz --attempts times (default 1,000 × 60 questions × 5 attempts: 30,000 attempts,
   300,000 answers), with bulk inserts.
2. In-process: times each page through Flask's test client (--repeat runs, after one warm-up),
   and counts its SQL statements: the class progress page, the CSV, one student, the cohort's
   item analysis, one question, the course-wide item analysis, and the cohorts index.
3. Over HTTP (unless --no-http): starts gunicorn (--workers) on a free port, logs in through the
   real form, and times the same pages one request at a time.

    .venv/bin/python benchmarks/class_analytics.py
    .venv/bin/python benchmarks/class_analytics.py --students 200 --repeat 10
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from studyguide import create_app  # noqa: E402
from studyguide.extensions import db  # noqa: E402
from studyguide.models import (  # noqa: E402
    Attempt,
    AttemptAnswer,
    AttemptGrade,
    Cohort,
    CohortMember,
    CohortMentor,
    Course,
    Lesson,
    LessonRead,
    Question,
    QuestionVersion,
    User,
)

PASSWORD = "a long enough passphrase"
MENTOR = "mentor@example.org"
CHOICES = ["Right", "Wrong", "Also wrong", "Not this"]


def seed(args: argparse.Namespace) -> dict[str, int]:
    """Insert the course, the class and every attempt; return the ids the pages need."""
    rng = random.Random(7)
    now = datetime.now(UTC)
    mentor = User(email=MENTOR, display_name="Mentor", role="instructor")
    mentor.set_password(PASSWORD)
    course = Course(
        slug="bench",
        title="Benchmark course",
        transcript_file="t.txt",
        transcript_title="T",
        transcript_text="text",
        transcript_meta={},
    )
    db.session.add_all([mentor, course])
    db.session.flush()
    per_lesson = args.questions // args.lessons
    lessons, versions = [], {}
    for n in range(args.lessons):
        lesson = Lesson(course_id=course.id, slug=f"l{n}", position=n, title=f"Lesson {n + 1}")
        db.session.add(lesson)
        db.session.flush()
        lessons.append(lesson.id)
        versions[lesson.id] = []
        for k in range(per_lesson):
            q = Question(course_id=course.id, lesson_id=lesson.id, key=f"q{n}-{k}", position=k)
            db.session.add(q)
            db.session.flush()
            v = QuestionVersion(
                question_id=q.id,
                version=1,
                type="multiple_choice",
                prompt=f"Question {n}.{k}?",
                choices=CHOICES,
                answer="Right",
                evidence={},
                content_hash=f"h{q.id}",
            )
            db.session.add(v)
            db.session.flush()
            versions[lesson.id].append(v.id)
    cohort = Cohort(course_id=course.id, name="Big class", created_by_id=mentor.id)
    db.session.add(cohort)
    db.session.flush()
    db.session.add(CohortMentor(cohort_id=cohort.id, user_id=mentor.id))
    db.session.commit()

    users = [
        {
            "email": f"s{i}@example.org",
            "display_name": f"Student {i:04d}",
            "password_hash": "x",
            "role": "student",
            "session_token": f"t{i}",
            "created_at": now,
        }
        for i in range(args.students)
    ]
    db.session.execute(sa.insert(User), users)
    ids = list(db.session.scalars(sa.select(User.id).where(User.role == "student")))
    db.session.execute(
        sa.insert(CohortMember),
        [
            {"cohort_id": cohort.id, "user_id": u, "joined_at": now - timedelta(days=30)}
            for u in ids
        ],
    )
    db.session.execute(
        sa.insert(LessonRead),
        [
            {"user_id": u, "lesson_id": lesson, "read_at": now - timedelta(days=20)}
            for u in ids
            for lesson in lessons
        ],
    )
    _seed_attempts(args, rng, now, ids, lessons, versions)
    db.session.commit()
    first_question = db.session.scalar(sa.select(Question.id).order_by(Question.id))
    return {"cohort": cohort.id, "course": course.id, "student": ids[0], "question": first_question}


def _seed_attempts(args, rng, now, ids, lessons, versions) -> None:
    attempt_id = 0
    attempts, answers, grades = [], [], []
    for u in ids:
        skill = rng.random()
        for lesson in lessons:
            for k in range(args.attempts):
                attempt_id += 1
                started = now - timedelta(days=10 - k, minutes=rng.randrange(600))
                right = 0
                for pos, v in enumerate(versions[lesson]):
                    ok = rng.random() < 0.3 + 0.6 * skill
                    right += ok
                    answers.append(
                        {
                            "attempt_id": attempt_id,
                            "question_version_id": v,
                            "position": pos,
                            "response": "Right" if ok else rng.choice(CHOICES[1:]),
                            "saved_at": started + timedelta(seconds=20 * (pos + 1)),
                            "is_correct": ok,
                            "feedback": "",
                        }
                    )
                submitted = started + timedelta(minutes=10)
                attempts.append(
                    {
                        "id": attempt_id,
                        "user_id": u,
                        "lesson_id": lesson,
                        "state": "submitted",
                        "started_at": started,
                        "submitted_at": submitted,
                    }
                )
                total = len(versions[lesson])
                grades.append(
                    {
                        "attempt_id": attempt_id,
                        "user_id": u,
                        "lesson_id": lesson,
                        "correct": right,
                        "total": total,
                        "score": right / total,
                        "graded_at": submitted,
                    }
                )
        if len(answers) > 50_000:
            _flush(attempts, answers, grades)
    _flush(attempts, answers, grades)


def _flush(attempts: list, answers: list, grades: list) -> None:
    for model, rows in ((Attempt, attempts), (AttemptAnswer, answers), (AttemptGrade, grades)):
        if rows:
            db.session.execute(sa.insert(model), rows)
        rows.clear()


def pages(ids: dict[str, int]) -> dict[str, str]:
    c, s, q, k = ids["cohort"], ids["student"], ids["question"], ids["course"]
    return {
        "class progress": f"/teach/cohorts/{c}",
        "class CSV": f"/teach/cohorts/{c}/progress.csv",
        "one student": f"/teach/cohorts/{c}/students/{s}",
        "item analysis (cohort)": f"/teach/cohorts/{c}/questions",
        "one question": f"/teach/cohorts/{c}/questions/{q}",
        "item analysis (course)": f"/teach/cohorts/courses/{k}/questions",
        "cohorts index": "/teach/cohorts",
    }


@contextmanager
def counting(engine):
    statements: list[str] = []

    def record(*_args) -> None:
        statements.append("x")

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def _figures(times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    return (
        f"median {statistics.median(ms):7.1f} ms   min {ms[0]:7.1f}   max {ms[-1]:7.1f}"
        f"   (n={len(ms)})"
    )


def in_process(app, urls: dict[str, str], repeat: int) -> None:
    client = app.test_client()
    client.post("/account/login", data={"email": MENTOR, "password": PASSWORD})
    print("\nIn-process (Flask test client), per page:")
    for name, url in urls.items():
        assert client.get(url).status_code == 200, url  # warm-up
        with app.app_context():
            engine = db.engine
        times, size = [], 0
        with counting(engine) as statements:
            response = client.get(url)
            size = len(response.data)
        queries = len(statements)
        for _ in range(repeat):
            start = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - start)
        print(f"  {name:24} {_figures(times)}   {queries:2d} queries   {size / 1024:7.0f} KiB")


def over_http(database_url: str, urls: dict[str, str], repeat: int, workers: int) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench",
        "STUDYGUIDE_RATELIMIT_ENABLED": "0",
    }
    log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--no-control-socket", "--workers", str(workers)]
        + ["--bind", f"127.0.0.1:{port}", "studyguide:create_app()"],
        env=env,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        for _ in range(100):
            try:
                page = opener.open(base + "/account/login", timeout=5).read().decode()
                break
            except OSError:
                time.sleep(0.2)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        token = token or re.search(r'name="csrf_token" value="([^"]+)"', page)
        data = {
            "email": MENTOR,
            "password": PASSWORD,
            "csrf_token": token.group(1) if token else "",
        }
        opener.open(base + "/account/login", urllib.parse.urlencode(data).encode(), timeout=30)
        print(f"\nOver HTTP (gunicorn, {workers} workers, one request at a time), per page:")
        for name, url in urls.items():
            opener.open(base + url, timeout=60).read()  # warm-up, both workers eventually
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                with opener.open(base + url, timeout=60) as response:
                    response.read()
                    assert response.status == 200, (url, response.status)
                times.append(time.perf_counter() - start)
            print(f"  {name:24} {_figures(times)}")
    finally:
        server.terminate()
        server.wait(timeout=15)
        print(f"  (gunicorn log: {log.name})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=60)
    parser.add_argument("--lessons", type=int, default=6)
    parser.add_argument("--attempts", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--no-http", action="store_true")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="class-bench-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        db.create_all()
        start = time.perf_counter()
        ids = seed(args)
        seeded = time.perf_counter() - start
        answers = db.session.scalar(sa.select(sa.func.count()).select_from(AttemptAnswer))
        attempts = db.session.scalar(sa.select(sa.func.count()).select_from(Attempt))
    print(
        f"Seeded {args.students} students × {args.questions} questions ({args.lessons} lessons)"
        f" × {args.attempts} attempts: {attempts} attempts, {answers} answers in {seeded:.1f} s"
        f" ({url})"
    )
    urls = pages(ids)
    in_process(app, urls, args.repeat)
    if not args.no_http:
        over_http(url, urls, args.repeat, args.workers)


if __name__ == "__main__":
    main()
