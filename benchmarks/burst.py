"""Deadline burst: --students students submit the same quiz within one second, each twice.

Prints figures and checks what must hold; asserts nothing about speed. What it does:

1. Prepares a database as benchmarks/load_quiz.py does and starts gunicorn (2 sync workers).
2. Makes the students directly, opens each one's attempt at the same quiz (the first lesson
   with questions) through the attempt service, and has each open their attempt page over
   HTTP (CSRF token and questions), choosing answers.
3. At one instant (a barrier), every student sends the submit twice at once — a double click
   at the deadline — so 2 × --students POST /attempts/<id>/submit arrive together.
4. Checks: exactly one grade per student (--students in all), every submit answered with a
   redirect to the result, and the result page each submit leads to (the second one's
   included) shows the stored grade. Prints how spread out the sends were, the submits'
   p50/p95/p99, and exits 1 if a check fails.

    .venv/bin/python benchmarks/burst.py                                  # SQLite, 100 students
    .venv/bin/python benchmarks/burst.py --database-url postgresql://postgres@127.0.0.1:5432/sg_x
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.load_quiz import Prepared, choose_answer, prepare, print_checks  # noqa: E402
from benchmarks.loadkit import (  # noqa: E402
    SCORE,
    Browser,
    GiveUp,
    Page,
    Recorder,
    Server,
    print_counter,
    print_latencies,
    print_server_log,
)


@dataclass
class BurstReport:
    counts: dict[str, int]
    recorder: Recorder
    send_spread: float  # seconds between the first and the last submit sent
    outcomes: Counter[str] = field(default_factory=Counter)


def open_attempts(prepared: Prepared, user_ids: list[int]) -> list[int]:
    """Start every student's attempt at the first lesson that has a quiz; their ids."""
    import sqlalchemy as sa

    from studyguide.extensions import db
    from studyguide.models import Lesson
    from studyguide.services import attempts

    with prepared.setup.app.app_context():
        for lesson_id in db.session.scalars(sa.select(Lesson.id).order_by(Lesson.id)):
            try:
                attempts.start_attempt(user_ids[0], lesson_id)
            except attempts.NoQuestions:
                continue
            ids = [attempts.start_attempt(user_id, lesson_id).id for user_id in user_ids]
            db.session.remove()
            return ids
    raise RuntimeError("no lesson has a quiz")


@dataclass
class Submitter:
    """One student ready to submit: their browser, attempt and the form they will send."""

    browser: Browser
    attempt_id: int
    pairs: list[tuple[str, str]]
    replies: list[Page] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def submit(self, barrier: threading.Barrier, sent_at: list[float]) -> None:
        barrier.wait()
        sent_at.append(time.monotonic())
        reply = self.browser.post_form(f"/attempts/{self.attempt_id}/submit", self.pairs)
        with self.lock:
            self.replies.append(reply)  # in the order the answers came back


def ready(base_url: str, cookie: tuple[str, str], attempt_id: int, rng, recorder) -> Submitter:  # type: ignore[no-untyped-def]
    browser = Browser(base_url, recorder, timeout=60)
    browser.set_cookie(*cookie)
    page = browser.browse(f"/attempts/{attempt_id}").parsed()
    pairs = [("csrf_token", page.csrf_token)]
    for question in page.questions:
        pairs += [(question.field_name, value) for value in choose_answer(question, rng)]
    return Submitter(browser, attempt_id, pairs)


def stored_grades(prepared: Prepared, attempt_ids: list[int]) -> dict[int, list[tuple[int, int]]]:
    """attempt id -> its stored grades as (correct, total): one each, if all is well."""
    import sqlalchemy as sa

    from studyguide.extensions import db
    from studyguide.models import AttemptGrade

    grades: dict[int, list[tuple[int, int]]] = {attempt_id: [] for attempt_id in attempt_ids}
    with prepared.setup.app.app_context():
        query = sa.select(AttemptGrade.attempt_id, AttemptGrade.correct, AttemptGrade.total)
        for attempt_id, correct, total in db.session.execute(
            query.where(AttemptGrade.attempt_id.in_(attempt_ids))
        ):
            grades[attempt_id].append((correct, total))
        db.session.remove()
    return grades


def shows_stored_grade(submitter: Submitter, reply: Page, grade: tuple[int, int] | None) -> bool:
    """Follow one submit's redirect: does the result page show the stored grade?"""
    if reply.status != 302 or not reply.location.endswith(
        f"/attempts/{submitter.attempt_id}/result"
    ):
        return False
    try:
        result = submitter.browser.browse(reply.url, reply)
    except GiveUp:
        return False
    match = SCORE.search(result.body.decode("utf-8", "replace"))
    return grade is not None and match is not None and (int(match[1]), int(match[2])) == grade


def burst_run(prepared: Prepared, students: int, server: Server, seed: int = 1) -> BurstReport:
    domain = f"burst{os.getpid()}-{secrets.token_hex(3)}.example.org"
    user_ids = prepared.setup.create_users(students, domain)
    attempt_ids = open_attempts(prepared, user_ids)
    setup_recorder, recorder = Recorder(), Recorder()
    cookies = [prepared.setup.login_cookie(user_id) for user_id in user_ids]
    with ThreadPoolExecutor(max_workers=8) as pool:  # opening the attempt pages is not measured
        submitters = list(
            pool.map(
                lambda pair: ready(
                    server.base_url, *pair, random.Random(seed + pair[1]), setup_recorder
                ),
                zip(cookies, attempt_ids, strict=True),
            )
        )
    for submitter in submitters:
        submitter.browser.recorder = recorder
    barrier = threading.Barrier(2 * students)
    sent_at: list[float] = []
    outcomes: Counter[str] = Counter()

    def both(submitter: Submitter) -> None:
        try:
            submitter.submit(barrier, sent_at)
        except GiveUp as reason:
            outcomes[f"submit failed: {reason}"] += 1

    threads = [threading.Thread(target=both, args=(s,)) for s in submitters for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    grades = stored_grades(prepared, attempt_ids)
    counts = {
        "students": students,
        "grades": sum(len(g) for g in grades.values()),
        "attempts without exactly one grade": sum(len(g) != 1 for g in grades.values()),
        "submits answered": sum(len(s.replies) for s in submitters),
        "submits not led to the stored result": 0,
        "second submits led to the stored result": 0,
    }

    def shown(s: Submitter) -> list[bool]:
        grade = grades[s.attempt_id][0] if len(grades[s.attempt_id]) == 1 else None
        return [shows_stored_grade(s, reply, grade) for reply in s.replies]

    with ThreadPoolExecutor(max_workers=8) as pool:
        for results in pool.map(shown, submitters):
            counts["submits not led to the stored result"] += 2 - sum(results)
            counts["second submits led to the stored result"] += len(results) == 2 and results[1]
    spread = max(sent_at) - min(sent_at) if sent_at else 0.0
    return BurstReport(counts, recorder, spread, outcomes)


BURST_MUST_BE_ZERO = ("attempts without exactly one grade", "submits not led to the stored result")


def burst_problems(counts: dict[str, int]) -> list[str]:
    """What is wrong with a burst's counts (empty when everything holds)."""
    students = counts["students"]
    problems = [f"{name}: {counts[name]}" for name in BURST_MUST_BE_ZERO if counts[name]]
    for name, want in (
        ("grades", students),
        ("submits answered", 2 * students),
        ("second submits led to the stored result", students),
    ):
        if counts[name] != want:
            problems.append(f"{name}: {counts[name]}, expected {want}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--students", type=int, default=100, help="default %(default)s")
    parser.add_argument("--database-url", help="PostgreSQL database; default: fresh SQLite")
    args = parser.parse_args(argv)
    log_dir = Path(tempfile.mkdtemp(prefix="burst-logs-"))
    with tempfile.TemporaryDirectory(prefix="burst-") as tmp:
        prepared = prepare(args.database_url, Path(tmp))
        where = "PostgreSQL" if "postgres" in prepared.database_url else "SQLite"
        server = Server(prepared.env, log_dir / "burst-gunicorn.log")
        try:
            server.start()
            report = burst_run(prepared, args.students, server)
        finally:
            server.stop()
        prepared.setup.close()
    print(f"\n== deadline burst on {where}: {args.students} students, each submitting twice ==")
    print(f"all {2 * args.students} submits sent within {report.send_spread * 1000:.0f} ms")
    print_latencies(report.recorder.latencies)
    print_counter("HTTP errors", report.recorder.http_errors)
    print_counter("failures", report.outcomes)
    print_server_log(log_dir / "burst-gunicorn.log")
    print_checks(report.counts, BURST_MUST_BE_ZERO)
    problems = burst_problems(report.counts)
    for problem in problems:
        print(f"  FAIL  {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
