"""Crash run: a steady-state class studies while the server and the import worker are killed.

Prints figures and checks what must hold; asserts nothing about speed. What it does:

1. Prepares a database as benchmarks/load_quiz.py does, starts gunicorn (2 sync workers) and a
   real queue consumer (`huey_consumer studyguide.jobs.huey`) on an SQLite queue file, makes
   --students students and an instructor directly, and queues --jobs transcript imports
   (synthetic interviews of --job-words words) through the import service: half at the start,
   half just before the whole server goes down.
2. The class studies for --duration seconds (the flow of load_quiz.py). Meanwhile: every
   --kill-every seconds one gunicorn worker is killed with SIGKILL (the master forks another),
   and once, half-way, the whole server (master and workers) and the consumer are killed with
   SIGKILL, left down --down seconds, and started again. Students whose request fails pause
   and go on with their next lesson, as people reload a page.
3. Afterwards, with the consumer running, it waits for every import to finish, then checks:
   every answer the server acknowledged (200 with ok, or a submit's 302 to the result) is
   stored; every acknowledged submit left a submitted attempt with exactly one grade; no open
   attempt has a grade; no import is stuck queued or running (a killed worker's import is run
   again by the restarted consumer); the restarted server serves a logged-in student.
   Exits 1 if any check fails.

    .venv/bin/python benchmarks/crash.py                              # SQLite, 200 students
    .venv/bin/python benchmarks/crash.py --students 20 --duration 15  # a short run
    .venv/bin/python benchmarks/crash.py --database-url postgresql://postgres@127.0.0.1:5432/sg_x

Connection errors during the kills are expected and counted; they are not failures.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.load_quiz import (  # noqa: E402
    MUST_BE_ZERO,
    ClassRun,
    Prepared,
    check_class,
    class_arguments,
    make_class,
    prepare,
    print_checks,
    print_class,
    study_together,
)
from benchmarks.loadkit import (  # noqa: E402
    Browser,
    Consumer,
    GiveUp,
    Recorder,
    Server,
    print_server_log,
)
from benchmarks.synthetic import synthetic_transcript  # noqa: E402

WHOLE = "whole server and consumer killed and restarted"
WARM_UP_LIMIT = 120.0  # seconds the class may take to have a first answer acknowledged


@dataclass
class CrashOptions:
    students: int = 200
    concurrency: int | None = None
    duration: float = 60.0
    think: float = 5.0
    kill_every: float = 3.0
    down: float = 1.0
    jobs: int = 6
    job_words: int = 20_000
    stale_seconds: float = 2.0  # a running import without a heartbeat this long lost its worker
    job_timeout: float = 180.0
    seed: int = 1


class Timeline(list):
    """(seconds since the start, what happened), for reading a run afterwards."""

    def __init__(self) -> None:
        super().__init__()
        self.started = time.monotonic()

    def mark(self, what: str) -> None:
        self.append((time.monotonic() - self.started, what))

    def __str__(self) -> str:
        return "\n".join(f"  {at:7.1f} s  {what}" for at, what in self)


@dataclass
class CrashReport:
    counts: dict[str, int]
    run: ClassRun
    wall: float
    chaos: Counter[str] = field(default_factory=Counter)
    timeline: Timeline = field(default_factory=Timeline)


def submit_imports(prepared: Prepared, instructor_id: int, count: int, words: int, first: int):
    """Queue `count` imports of synthetic interviews through the import service."""
    from studyguide.extensions import db
    from studyguide.models import User
    from studyguide.services.import_jobs import TranscriptUpload, submit_transcript

    with prepared.setup.app.app_context():
        user = db.session.get(User, instructor_id)
        for n in range(first, first + count):
            text = synthetic_transcript(words, seed=n)
            upload = TranscriptUpload(f"Crash import {n}", text.encode(), f"crash-{n}.txt")
            submit_transcript(user, upload)
        db.session.remove()


def job_states(prepared: Prepared, instructor_id: int) -> Counter[str]:
    """How many of the instructor's imports are in each state; "extra tries" sums the reruns."""
    import sqlalchemy as sa

    from studyguide.extensions import db
    from studyguide.models import ImportJob

    with prepared.setup.app.app_context():
        rows = db.session.execute(
            sa.select(ImportJob.state, ImportJob.tries).where(ImportJob.user_id == instructor_id)
        ).all()
        db.session.remove()
    states = Counter(state for state, _ in rows)
    states["extra tries"] = sum(max(0, tries - 1) for _, tries in rows)
    return states


def wait_for_jobs(prepared: Prepared, instructor_id: int, timeout: float) -> Counter[str]:
    deadline = time.monotonic() + timeout
    while True:
        states = job_states(prepared, instructor_id)
        if states["queued"] + states["running"] == 0 or time.monotonic() > deadline:
            return states
        time.sleep(0.5)


def kill_everything(
    server: Server, consumer: Consumer, chaos: Counter[str], down: float, timeline: Timeline
) -> None:
    """kill -9 gunicorn (master and workers) and the consumer; start both again."""
    server.kill_group()
    consumer.kill_group()
    chaos[WHOLE] += 1
    timeline.mark("killed gunicorn (master and workers) and the consumer")
    time.sleep(down)
    consumer.start()
    server.start()
    timeline.mark("both started again, gunicorn answering")


def wreak_havoc(
    opts: CrashOptions, run: ClassRun, server: Server, consumer: Consumer, job_starter,
    until: threading.Thread, timeline: Timeline,
) -> Counter[str]:  # type: ignore[no-untyped-def]  # fmt: skip
    """Once the server has acknowledged a first answer, the class studies --duration seconds
    more: kill a worker every --kill-every seconds, and everything once half-way."""
    rng = random.Random(opts.seed)
    chaos: Counter[str] = Counter()
    while until.is_alive() and not run.ledger.acknowledged_answers:
        until.join(timeout=0.2)
    timeline.mark("first answer acknowledged: chaos begins")
    started = time.monotonic()
    run.deadline = started + opts.duration
    whole_at = started + opts.duration / 2
    while until.is_alive():
        until.join(timeout=opts.kill_every)
        if not until.is_alive():
            break
        if WHOLE not in chaos and time.monotonic() >= whole_at:
            chaos["imports running when the consumer was killed"] += job_starter()
            kill_everything(server, consumer, chaos, opts.down, timeline)
        elif server.kill_one_worker(rng) is not None:
            chaos["workers killed (SIGKILL)"] += 1
    return chaos


def still_serves(base_url: str, cookie: tuple[str, str], within: float = 120) -> bool:
    """A logged-in student opens the lessons and the progress page after it all (the workers
    may first have to work off requests queued by students who gave up waiting)."""
    browser = Browser(base_url, Recorder(), timeout=30)
    browser.set_cookie(*cookie)
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            return all(browser.browse(url).status == 200 for url in ("/lessons", "/progress"))
        except GiveUp:  # a refused or timed-out connection: ask again
            time.sleep(1)
    return False


def crash_run(prepared: Prepared, opts: CrashOptions, log_dir: Path) -> CrashReport:
    env = {**prepared.env, "STUDYGUIDE_IMPORT_STALE_SECONDS": str(opts.stale_seconds)}
    server = Server(env, log_dir / "crash-gunicorn.log")
    consumer = Consumer(env, log_dir / "crash-consumer.log")
    user_ids, run = make_class(prepared, opts.students, opts.think, opts.seed)
    instructor_id = prepared.setup.create_users(
        1, f"crash-{user_ids[0]}.example.org", "instructor"
    )[0]
    later_jobs = opts.jobs - opts.jobs // 2

    def start_later_jobs() -> int:
        submit_imports(prepared, instructor_id, later_jobs, opts.job_words, first=opts.jobs // 2)
        deadline = time.monotonic() + 20  # so that the kill finds an import running, if it can
        while time.monotonic() < deadline and not job_states(prepared, instructor_id)["running"]:
            time.sleep(0.1)
        return job_states(prepared, instructor_id)["running"]

    concurrency = opts.concurrency or opts.students
    timeline = Timeline()
    try:
        server.start()
        consumer.start()
        timeline.mark("gunicorn and consumer started")
        run.base_url = server.base_url
        submit_imports(prepared, instructor_id, opts.jobs // 2, opts.job_words, first=0)
        started = time.perf_counter()
        warm_up = opts.duration + WARM_UP_LIMIT  # cut to --duration after the first answer
        studying = threading.Thread(target=study_together, args=(run, concurrency, warm_up))
        studying.start()
        chaos = wreak_havoc(
            opts, run, server, consumer, start_later_jobs, until=studying, timeline=timeline
        )
        studying.join()
        wall = time.perf_counter() - started
        timeline.mark("class ended")
        states = wait_for_jobs(prepared, instructor_id, opts.job_timeout)
        timeline.mark("imports settled")
        serves = still_serves(server.base_url, run.cookies[0])
    finally:
        run.stop.set()
        server.stop()
        consumer.stop()
    counts = check_class(prepared.setup, run, user_ids)
    counts["imports done"] = states["done"]
    counts["imports failed"] = states["failed"]
    counts["imports stuck (queued or running)"] = states["queued"] + states["running"]
    counts["import reruns after a killed worker"] = states["extra tries"]
    counts["server does not serve after the restarts"] = int(not serves)
    timeline.mark("checked")
    return CrashReport(counts, run, wall, chaos, timeline)


CRASH_MUST_BE_ZERO = (
    "imports stuck (queued or running)",
    "server does not serve after the restarts",
)


def parse_args(argv: list[str] | None) -> tuple[CrashOptions, str | None]:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    class_arguments(parser, duration=60.0)
    parser.add_argument("--kill-every", type=float, default=3.0, help="default %(default)s s")
    parser.add_argument("--down", type=float, default=1.0, help="default %(default)s s")
    parser.add_argument("--jobs", type=int, default=6, help="imports queued (default %(default)s)")
    parser.add_argument("--job-words", type=int, default=20_000, help="default %(default)s")
    args = parser.parse_args(argv)
    options = CrashOptions(
        students=args.students,
        concurrency=args.concurrency,
        duration=args.duration,
        think=args.think,
        kill_every=args.kill_every,
        down=args.down,
        jobs=args.jobs,
        job_words=args.job_words,
        seed=args.seed,
    )
    return options, args.database_url


def main(argv: list[str] | None = None) -> int:
    opts, database_url = parse_args(argv)
    log_dir = Path(tempfile.mkdtemp(prefix="crash-logs-"))
    with tempfile.TemporaryDirectory(prefix="crash-") as tmp:
        prepared = prepare(database_url, Path(tmp))
        where = "PostgreSQL" if "postgres" in prepared.database_url else "SQLite"
        report = crash_run(prepared, opts, log_dir)
        prepared.setup.close()
    args = argparse.Namespace(
        students=opts.students,
        concurrency=opts.concurrency or opts.students,
        think=opts.think,
        duration=opts.duration,
    )
    print_class(report.run, report.wall, where + " (with kills)", args)
    print("\nchaos:")
    for what, count in report.chaos.items():
        print(f"  {count:>6}  {what}")
    print(f"\ntimeline:\n{report.timeline}")
    print_server_log(log_dir / "crash-gunicorn.log")
    counts = report.counts
    good = print_checks(counts, MUST_BE_ZERO + CRASH_MUST_BE_ZERO)
    if WHOLE not in report.chaos:
        good = False
        print("  FAIL  nothing was killed: the class never had an answer acknowledged")
    print(f"\nlogs: {log_dir}")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
