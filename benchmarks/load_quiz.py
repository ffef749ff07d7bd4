"""Load benchmark of studying over real HTTP: a sign-up burst, then a steady-state class.

Prints measured figures and asserts nothing about speed. What it does:

1. Prepares a database: a fresh SQLite file in a temporary folder, or the one named by
   --database-url (PostgreSQL), with `flask db upgrade` and `flask load-courses`.
2. Starts gunicorn (2 sync workers) on a free loopback port, its log in a temporary file.
3. **Sign-up burst** (--signups, 0 skips it): that many new students register through the form
   (GET and POST /account/register, scrypt per sign-up), --concurrency at a time. Its own
   latency table: sign-up is CPU-heavy by design and is kept out of the class's figures.
4. **Steady-state class**: --students students made beforehand, directly in the database (one
   shared password hash) and logged in with cookies made by Flask-Login itself, so no scrypt
   runs while the class is measured. --concurrency of them (default: all) study at once for
   --duration seconds, each working through the lessons in turn as in the browser: open the
   lesson, mark it read, open the quiz, start it, save every answer one by one as
   static/js/quiz.js does, submit, read the result, open /progress — with a think time
   between requests (exponential, mean --think seconds, each student arriving at a random moment of
   the first two think times; a class reads and ponders, it does not
   hammer). Prints p50/p95/p99 per request kind, errors, and requests/s.
5. Checks the database: every answer the server acknowledged (200 with ok) is stored as
   sent (or as a later save of the same question), every acknowledged submit left a submitted
   attempt, every submitted attempt has exactly one grade, no open attempt has one. Exits 1 if
   a check fails or a request failed.

    .venv/bin/python benchmarks/load_quiz.py                          # SQLite, 200 students
    .venv/bin/python benchmarks/load_quiz.py --students 50 --duration 20 --signups 0

PostgreSQL: point it at a throwaway database, and drop that afterwards:

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE sg_bench" postgres
    .venv/bin/python benchmarks/load_quiz.py \\
        --database-url postgresql://postgres@127.0.0.1:5432/sg_bench
    psql -h 127.0.0.1 -U postgres -c "DROP DATABASE sg_bench" postgres

The crash run (benchmarks/crash.py) drives this same class while it kills the server.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.loadkit import (  # noqa: E402
    LESSON_LINK,
    QUIZ_LINK,
    Browser,
    GiveUp,
    Page,
    PageParser,
    Question,
    Recorder,
    Server,
    Setup,
    prepare_database,
    print_counter,
    print_latencies,
    print_server_log,
    server_environment,
)

TEXT_ANSWERS = ("research", "a good advisor", "taste", "curiosity", "")


def choose_answer(question: Question, rng: random.Random) -> list[str]:
    """Return the values a student would tick or type for one question."""
    if question.kind == "radio":
        return [rng.choice(question.values)]
    if question.kind == "checkbox":
        return rng.sample(question.values, rng.randint(1, len(question.values)))
    return [rng.choice(TEXT_ANSWERS)]


# --- what the server acknowledged ----------------------------------------------------------


class Ledger:
    """Every answer sent (in order, acknowledged or not) and every submit acknowledged."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.answers: dict[int, list[tuple[list[str], bool]]] = {}
        self.submitted: set[int] = set()  # attempt ids whose submit was acknowledged

    def sent(self, answer_id: int, values: list[str]) -> int:
        with self._lock:
            sends = self.answers.setdefault(answer_id, [])
            sends.append((values, False))
            return len(sends) - 1

    def acknowledged(self, answer_id: int, index: int) -> None:
        with self._lock:
            values, _ = self.answers[answer_id][index]
            self.answers[answer_id][index] = (values, True)

    def submit_acknowledged(self, attempt_id: int) -> None:
        with self._lock:
            self.submitted.add(attempt_id)

    @property
    def acknowledged_answers(self) -> int:
        with self._lock:
            return sum(acked for sends in self.answers.values() for _, acked in sends)


# --- a student of the class ----------------------------------------------------------------


@dataclass
class ClassRun:
    """One steady-state class: where, who, until when, and what came back."""

    base_url: str
    cookies: list[tuple[str, str]]  # one logged-in session cookie per student
    think: float
    deadline: float = 0.0
    seed: int = 1
    recorder: Recorder = field(default_factory=Recorder)
    ledger: Ledger = field(default_factory=Ledger)
    stop: threading.Event = field(default_factory=threading.Event)

    def over(self) -> bool:
        return self.stop.is_set() or time.monotonic() >= self.deadline


class StudyingStudent:
    """A logged-in student working through the lessons, one quiz after another."""

    def __init__(self, number: int, run: ClassRun) -> None:
        self.number = number
        self.run = run
        self.rng = random.Random(run.seed * 100_003 + number)
        self.browser = Browser(run.base_url, run.recorder)
        self.browser.deadline_of = run
        self.browser.set_cookie(*run.cookies[number])
        self.lessons: list[str] = []

    def pause(self) -> None:
        if self.run.think > 0:
            pause = min(self.rng.expovariate(1 / self.run.think), 4 * self.run.think)
            time.sleep(max(0.0, min(pause, self.run.deadline - time.monotonic())))

    def arrive(self) -> None:
        """Come in at a random moment of the first two think times, as a class does.

        A class whose 200 students all press Enter in the same millisecond measures a queue of
        200 requests on 2 workers, not the steady state this run is about.
        """
        if self.run.think > 0:
            time.sleep(self.rng.uniform(0, 2 * self.run.think))

    def live(self) -> None:
        """Study lessons in turn until the run is over; after a failure, pause and go on."""
        self.arrive()
        step = self.number
        while not self.run.over():
            try:
                if not self.lessons:
                    self.lessons = self.list_lessons()
                self.study(self.lessons[step % len(self.lessons)])
                self.run.recorder.outcome("quizzes finished")
                step += 1
            except GiveUp as reason:
                if not self.run.over():
                    self.run.recorder.outcome(f"stopped a quiz: {reason}")
                    time.sleep(0.5)

    def list_lessons(self) -> list[str]:
        page = self.browser.browse("/lessons").parsed()
        self.pause()
        lessons = sorted({link for link in page.links if LESSON_LINK.fullmatch(link)})
        if not lessons:
            raise GiveUp("no lesson listed on /lessons")
        return lessons

    def study(self, lesson_url: str) -> None:
        lesson = self.browser.browse(lesson_url).parsed()
        self.pause()
        read = self.browser.submit_form(lesson_url + "/read", [("csrf_token", lesson.csrf_token)])
        quiz_url = next((u for u in read.parsed().links if QUIZ_LINK.fullmatch(u)), None)
        if quiz_url is None:
            raise GiveUp("lesson page has no quiz link")
        self.pause()
        quiz = self.browser.browse(quiz_url).parsed()
        self.pause()
        attempt_page = self.browser.submit_form(
            quiz_url + "/start", [("csrf_token", quiz.csrf_token)]
        )
        attempt = attempt_page.parsed()
        if not attempt.questions:
            raise GiveUp("attempt page has no questions")
        self.pause()
        pairs = self.answer_all(attempt)
        self.submit(attempt_page, attempt, pairs)
        self.browser.browse("/progress")
        self.pause()

    def answer_all(self, attempt: PageParser) -> list[tuple[str, str]]:
        """Save each answer with its own request; return the pairs the submit sends."""
        pairs: list[tuple[str, str]] = []
        for question in attempt.questions:
            values = choose_answer(question, self.rng)
            index = self.run.ledger.sent(question.answer_id, values)
            saved = self.browser.save_answer(question, values, attempt.csrf_token)
            if saved.status == 200 and json.loads(saved.body).get("ok"):
                self.run.ledger.acknowledged(question.answer_id, index)
            pairs += [(question.field_name, value) for value in values]
            self.pause()
        return pairs

    def submit(self, page: Page, attempt: PageParser, pairs: list[tuple[str, str]]) -> None:
        attempt_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
        sends = []
        for question in attempt.questions:
            values = [value for name, value in pairs if name == question.field_name]
            sends.append((question.answer_id, self.run.ledger.sent(question.answer_id, values)))
        posted = self.browser.post_form(
            f"/attempts/{attempt_id}/submit", [("csrf_token", attempt.csrf_token), *pairs]
        )
        if posted.status != 302 or not posted.location.endswith("/result"):
            raise GiveUp(f"POST submit: HTTP {posted.status} to {posted.location or '-'}")
        self.run.ledger.submit_acknowledged(attempt_id)
        for answer_id, index in sends:
            self.run.ledger.acknowledged(answer_id, index)
        result = self.browser.browse(posted.url, posted)
        if not result.url.endswith("/result"):
            raise GiveUp(f"submitting led to {result.url}, not to the result")
        self.pause()


def study_together(run: ClassRun, concurrency: int, duration: float) -> float:
    """Let `concurrency` students study for `duration` seconds; return the wall time.

    With fewer threads than students, each thread takes its students in turn, one quiz each.
    Another thread may move `run.deadline` meanwhile (crash.py does).
    """
    run.deadline = time.monotonic() + duration
    students = len(run.cookies)

    def thread(t: int) -> None:
        mine = [StudyingStudent(n, run) for n in range(t, students, concurrency)]
        if len(mine) == 1:
            mine[0].live()
            return
        mine[0].arrive()
        turn = 0
        while not run.over():
            student = mine[turn % len(mine)]
            try:
                student.lessons = student.lessons or student.list_lessons()
                student.study(student.lessons[(student.number + turn) % len(student.lessons)])
                run.recorder.outcome("quizzes finished")
            except GiveUp as reason:
                if not run.over():
                    run.recorder.outcome(f"stopped a quiz: {reason}")
            turn += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="student") as pool:
        try:
            for future in [pool.submit(thread, t) for t in range(min(concurrency, students))]:
                future.result()
        except KeyboardInterrupt:
            run.stop.set()
            raise
    return time.perf_counter() - started


# --- the database afterwards ---------------------------------------------------------------


def check_answers(setup: Setup, ledger: Ledger) -> dict[str, int]:
    """Compare every acknowledged answer with what is stored (parsed as the server parses).

    The stored response must be the last acknowledged one or one sent after it (a save can be
    stored and its reply lost when the server is killed mid-request).
    """
    import sqlalchemy as sa
    from sqlalchemy.orm import selectinload

    from studyguide.extensions import db
    from studyguide.models import AttemptAnswer
    from studyguide.questiontypes import InvalidResponse
    from studyguide.web.quizzes.forms import parse_answer

    def canon(answer: AttemptAnswer, values: list[str] | None) -> str:
        try:
            response = answer.response if values is None else parse_answer(answer, values)
        except InvalidResponse:
            return "<invalid>"
        return json.dumps(response, sort_keys=True)

    lost = checked = 0
    with setup.app.app_context():
        ids = list(ledger.answers)
        for start in range(0, len(ids), 500):
            query = (
                sa.select(AttemptAnswer)
                .where(AttemptAnswer.id.in_(ids[start : start + 500]))
                .options(selectinload(AttemptAnswer.question_version))
            )
            for answer in db.session.scalars(query):
                sends = ledger.answers[answer.id]
                acked = [i for i, (_, ok) in enumerate(sends) if ok]
                if not acked:
                    continue
                checked += 1
                allowed = {canon(answer, values) for values, _ in sends[acked[-1] :]}
                lost += canon(answer, None) not in allowed
        db.session.remove()
    return {"answers acknowledged (questions)": checked, "acknowledged answers lost": lost}


def check_attempts(setup: Setup, user_ids: list[int], submitted: set[int]) -> dict[str, int]:
    """Count what the class left: grades per attempt, acknowledged submits not submitted."""
    import sqlalchemy as sa

    from studyguide.extensions import db

    queries = {
        "submitted attempts": """SELECT count(*) FROM attempts a
            WHERE a.user_id IN :users AND a.state = 'submitted'""",
        "grades": """SELECT count(*) FROM attempt_grades g JOIN attempts a ON a.id = g.attempt_id
            WHERE a.user_id IN :users""",
        "submitted attempts without exactly one grade": """SELECT count(*) FROM (
            SELECT a.id FROM attempts a LEFT JOIN attempt_grades g ON g.attempt_id = a.id
            WHERE a.user_id IN :users AND a.state = 'submitted'
            GROUP BY a.id HAVING count(g.id) <> 1) AS bad""",
        "grades of open attempts": """SELECT count(*) FROM attempt_grades g
            JOIN attempts a ON a.id = g.attempt_id
            WHERE a.user_id IN :users AND a.state <> 'submitted'""",
    }
    with setup.app.app_context():
        params = {"users": tuple(user_ids)}
        counts = {
            name: db.session.execute(
                sa.text(sql).bindparams(sa.bindparam("users", expanding=True)), params
            ).scalar_one()
            for name, sql in queries.items()
        }
        states = db.session.execute(
            sa.text("SELECT id, state FROM attempts WHERE id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)
            ),
            {"ids": tuple(submitted) or (0,)},
        ).all()
        db.session.remove()
    counts["acknowledged submits"] = len(submitted)
    counts["acknowledged submits not submitted"] = len(submitted) - sum(
        state == "submitted" for _, state in states
    )
    return counts


def check_class(setup: Setup, run: ClassRun, user_ids: list[int]) -> dict[str, int]:
    return check_answers(setup, run.ledger) | check_attempts(setup, user_ids, run.ledger.submitted)


MUST_BE_ZERO = (
    "acknowledged answers lost",
    "acknowledged submits not submitted",
    "submitted attempts without exactly one grade",
    "grades of open attempts",
)


def print_checks(counts: dict[str, int], must_be_zero: tuple[str, ...] = MUST_BE_ZERO) -> bool:
    """Print the database counts; return True when every count in `must_be_zero` is 0."""
    print("\ndatabase check (this run's students only):")
    good = True
    for name, value in counts.items():
        must = name in must_be_zero
        ok = not must or value == 0
        good &= ok
        print(f"  {'ok  ' if ok else 'FAIL'}  {name}: {value}" + ("  (must be 0)" if must else ""))
    return good


# --- the sign-up burst ---------------------------------------------------------------------


def sign_up(base_url: str, number: int, domain: str, recorder: Recorder) -> None:
    browser = Browser(base_url, recorder)
    form = browser.browse("/account/register").parsed()
    password = "quiz-bench-" + secrets.token_hex(6)
    pairs = [
        ("csrf_token", form.csrf_token),
        ("display_name", f"New student {number}"),
        ("email", f"new{number}@{domain}"),
        ("password", password),
        ("confirm", password),
        ("submit", "Create account"),
    ]
    landed = browser.submit_form("/account/register", pairs)
    if not landed.url.endswith("/lessons"):
        raise GiveUp(f"registering led to {landed.url}, not to /lessons")


def signup_burst(base_url: str, count: int, concurrency: int) -> Recorder:
    """`count` new students sign up, `concurrency` at a time; return their tally."""
    recorder = Recorder()
    domain = f"signup{os.getpid()}-{secrets.token_hex(3)}.example.org"

    def one(number: int) -> None:
        try:
            sign_up(base_url, number, domain, recorder)
            recorder.outcome("signed up")
        except GiveUp as reason:
            recorder.outcome(f"gave up: {reason}")

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, range(count)))
    wall = time.perf_counter() - started
    print(f"\n== sign-up burst: {count} students, {concurrency} at a time ==")
    print(f"requests: {recorder.requests}, wall time: {wall:.2f} s, sign-ups/s: {count / wall:.1f}")
    print_latencies(recorder.latencies)
    print_counter("errors", recorder.http_errors + recorder.exceptions)
    print_counter("outcomes", recorder.outcomes)
    return recorder


# --- command line --------------------------------------------------------------------------


def class_arguments(parser: argparse.ArgumentParser, duration: float) -> None:
    """The options a steady-state class takes (shared with crash.py)."""
    parser.add_argument("--students", type=int, default=200, help="default %(default)s")
    parser.add_argument(
        "--concurrency", type=int, help="students studying at once (default: all of them)"
    )
    parser.add_argument("--duration", type=float, default=duration, help="default %(default)s s")
    parser.add_argument(
        "--think", type=float, default=5.0, help="mean think time, s (default %(default)s)"
    )
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL (or SQLite) database to use, e.g. "
        "postgresql://postgres@127.0.0.1:5432/sg_bench; default: a fresh SQLite file",
    )
    parser.add_argument("--seed", type=int, default=1)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    class_arguments(parser, duration=60.0)
    parser.add_argument(
        "--signups", type=int, default=50, help="sign-up burst size, 0: none (default %(default)s)"
    )
    parser.add_argument("--signup-concurrency", type=int, default=20, help="default %(default)s")
    args = parser.parse_args(argv)
    args.concurrency = args.concurrency or args.students
    if args.students < 1 or args.concurrency < 1:
        parser.error("--students and --concurrency must be at least 1")
    return args


@dataclass
class Prepared:
    """A database with the courses, a secret key, and the app that sets up and checks."""

    database_url: str
    env: dict[str, str]
    setup: Setup
    folder: Path  # temporary: logs, the SQLite file, the queue file


def prepare(database_url: str | None, folder: Path) -> Prepared:
    url = database_url or f"sqlite:///{folder / 'bench.db'}"
    secret = secrets.token_hex(32)
    queue_file = str(folder / "queue.sqlite3")
    env = server_environment(url, secret, queue_file=queue_file)
    print(f"preparing {url.split('@')[-1]} ...", flush=True)
    prepare_database(env)
    return Prepared(url, env, Setup(url, secret, QUEUE_FILE=queue_file), folder)


def make_class(
    prepared: Prepared, students: int, think: float, seed: int
) -> tuple[list[int], ClassRun]:
    """Students made directly and logged in by cookie: (their ids, the class run)."""
    domain = f"class{os.getpid()}-{secrets.token_hex(3)}.example.org"
    user_ids = prepared.setup.create_users(students, domain)
    cookies = [prepared.setup.login_cookie(user_id) for user_id in user_ids]
    return user_ids, ClassRun("", cookies, think=think, seed=seed)


def print_class(run: ClassRun, wall: float, where: str, args: argparse.Namespace) -> None:
    recorder = run.recorder
    print(
        f"\n== steady-state class on {where}: {args.students} students, "
        f"{args.concurrency} at once, think {args.think} s, {args.duration:.0f} s =="
    )
    print(
        f"requests: {recorder.requests}, wall time: {wall:.2f} s, "
        f"requests/s: {recorder.requests / wall:.1f}"
    )
    print_latencies(recorder.latencies)
    print_counter("HTTP errors (status >= 400)", recorder.http_errors)
    print_counter("exceptions", recorder.exceptions)
    print_counter("outcomes", recorder.outcomes)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="load-quiz-") as tmp:
        prepared = prepare(args.database_url, Path(tmp))
        server = Server(prepared.env, Path(tempfile.mkstemp(prefix="load-quiz-", suffix=".log")[1]))
        where = "PostgreSQL" if "postgres" in prepared.database_url else "SQLite"
        user_ids, run = make_class(prepared, args.students, args.think, args.seed)
        try:
            server.start()
            run.base_url = server.base_url
            print(f"gunicorn pid {server.pid} on {server.base_url}", flush=True)
            signups = signup_burst(server.base_url, args.signups, args.signup_concurrency)
            class_cpu = server.cpu_now()
            wall = study_together(run, args.concurrency, args.duration)
            class_cpu = server.cpu_now() - class_cpu
        except KeyboardInterrupt:
            return 130
        finally:
            server.stop()
        print_class(run, wall, where, args)
        per_request = 1000 * class_cpu / max(1, run.recorder.requests)
        print(f"server CPU per class request: {per_request:.1f} ms (of 2 cores in all)")
        own = os.times()
        print(
            f"CPU seconds: server {server.cpu_seconds:.1f} (sign-ups and class), "
            f"load generator {own.user + own.system:.1f} (all of this script)"
        )
        tracebacks = print_server_log(server.log_path)
        good = print_checks(check_class(prepared.setup, run, user_ids))
        prepared.setup.close()
        errors = run.recorder.errors + signups.errors
        return 0 if good and not errors and not tracebacks else 1


if __name__ == "__main__":
    sys.exit(main())
