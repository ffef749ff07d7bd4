"""Short crash and deadline-burst runs over real HTTP: nothing acknowledged is lost, nothing is
graded twice, no import is stuck, the server serves after a restart.

They drive benchmarks/crash.py and benchmarks/burst.py (real gunicorn with 2 sync workers, a
real Huey consumer, the test database: SQLite here, PostgreSQL in CI) and assert the data
invariants only, never timings. `app` creates the schema (and marks them `db`); the courses of
data/courses/ are loaded into it.
"""

import secrets

import pytest

from benchmarks.burst import burst_problems, burst_run
from benchmarks.crash import CRASH_MUST_BE_ZERO, WHOLE, CrashOptions, crash_run
from benchmarks.load_quiz import MUST_BE_ZERO, Prepared
from benchmarks.loadkit import ROOT, Server, Setup, server_environment


@pytest.fixture
def prepared(app, tmp_path):
    from studyguide.services.importer import load_all

    with app.app_context():
        load_all(ROOT / "data" / "courses")
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    secret = secrets.token_hex(16)
    queue_file = str(tmp_path / "queue.sqlite3")
    setup = Setup(url, secret, QUEUE_FILE=queue_file)
    yield Prepared(url, server_environment(url, secret, queue_file), setup, tmp_path)
    setup.close()


def test_killed_workers_server_and_consumer_lose_nothing(prepared, tmp_path):
    options = CrashOptions(
        students=20,
        duration=10,
        think=0.3,
        kill_every=4,
        down=0.5,
        jobs=2,
        job_words=3000,
        stale_seconds=2,
        job_timeout=60,
    )
    report = crash_run(prepared, options, tmp_path)
    counts = report.counts
    print(report.timeline)  # shown when the test fails
    assert report.chaos[WHOLE] == 1, report.chaos
    assert report.chaos["workers killed (SIGKILL)"] >= 1, report.chaos
    assert counts["answers acknowledged (questions)"] > 0, counts
    for name in MUST_BE_ZERO + CRASH_MUST_BE_ZERO:
        assert counts[name] == 0, (name, counts)
    assert counts["imports done"] == options.jobs, counts


def test_a_deadline_burst_grades_each_attempt_once(prepared, tmp_path):
    server = Server(prepared.env, tmp_path / "burst-gunicorn.log")
    try:
        server.start()
        report = burst_run(prepared, 30, server)
    finally:
        server.stop()
    assert report.counts["students"] == 30
    assert burst_problems(report.counts) == [], report.counts
