"""Load benchmark of the quiz flow: N simulated students each take a quiz over real HTTP.

Prints measured figures and asserts nothing about speed. What it does:

1. Prepares a database: a fresh SQLite file in a temporary folder, or the one named by
   --database-url (PostgreSQL), with `flask db upgrade` and `flask load-courses`.
2. Starts gunicorn (2 workers by default) on a free loopback port, its log in a temporary file.
3. Runs --students students, --concurrency at a time, each a thread with its own cookie jar.
   Each does what a student does in the browser: register, list the lessons, open a lesson,
   mark it read, open its quiz, start it, save every answer one by one as static/js/quiz.js
   does (POST /attempts/<id>/answers/<answer_id>, X-CSRFToken, Accept: application/json),
   submit the quiz, read the result and open /progress. Redirects are followed by hand, so each
   request is timed on its own.
4. Prints requests, wall time, requests/s, p50/p95/p99 latency per kind of request and overall,
   HTTP errors (status >= 400) and exceptions by kind, and the server log's tracebacks.
5. Checks the database afterwards: one submitted attempt per student, exactly one grade per
   submitted attempt, no attempt left open. Exits 1 if that check fails or a student gave up.

Reading the figures: the server is CPU-bound. POST register hashes a password with scrypt
(about 0.2 s of CPU on these machines), roughly half the server's CPU in a default run; the
other requests cost some 10-20 ms each, so with 20 students queued on 2 workers most latency
is waiting in line. "CPU seconds" shows the load generator's own share of the 2 cores.

Every request has a timeout (--timeout) and the student phase stops at --time-limit, so the run
ends by itself; gunicorn is stopped by its PID on every exit, Ctrl-C included.

    .venv/bin/python benchmarks/load_quiz.py                      # SQLite, 100 students
    .venv/bin/python benchmarks/load_quiz.py --students 300 --concurrency 40

PostgreSQL: point it at a throwaway database, and drop that afterwards:

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE sg_bench_$$"
    .venv/bin/python benchmarks/load_quiz.py \\
        --database-url postgresql://postgres@127.0.0.1:5432/sg_bench_$$
    psql -h 127.0.0.1 -U postgres -c "DROP DATABASE sg_bench_$$"

The login rate limit is switched off (STUDYGUIDE_RATELIMIT_ENABLED=0): otherwise it would
refuse the students, who all come from 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "quiz-bench-" + secrets.token_hex(6)
TEXT_ANSWERS = ("research", "a good advisor", "taste", "curiosity", "")
MAX_REDIRECTS = 5
LESSON_LINK = re.compile(r"/courses/[^/]+/lessons/[^/]+")
QUIZ_LINK = re.compile(r"/lessons/\d+/quiz")
# gunicorn's "[ERROR]" lines, Flask's "ERROR in app: Exception on /path [POST]", and the like.
LOG_ERROR = re.compile(r"\[(ERROR|CRITICAL)\]|\b(ERROR|CRITICAL) in |database is locked")
# Each request is reported under the kind its method and path match, in the flow's order.
REQUEST_KINDS = [
    ("GET", r"/account/register", "GET register"),
    ("POST", r"/account/register", "POST register"),
    ("GET", r"/", "GET /"),
    ("GET", r"/lessons", "GET /lessons"),
    ("GET", LESSON_LINK.pattern, "GET lesson"),
    ("POST", LESSON_LINK.pattern + r"/read", "POST read"),
    ("GET", QUIZ_LINK.pattern, "GET quiz"),
    ("POST", r"/lessons/\d+/quiz/start", "POST start"),
    ("GET", r"/attempts/\d+", "GET attempt"),
    ("POST", r"/attempts/\d+/answers/\d+", "POST answer"),
    ("POST", r"/attempts/\d+/submit", "POST submit"),
    ("GET", r"/attempts/\d+/result", "GET result"),
    ("GET", r"/progress", "GET /progress"),
]


# --- command line --------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--students", type=int, default=100, help="students simulated in all (default %(default)s)"
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=20,
        help="students active at once, one thread each (default %(default)s)",
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn worker processes (default %(default)s)"
    )
    parser.add_argument(
        "--database-url",
        help="an existing database to use (e.g. postgresql://postgres@127.0.0.1/sg_bench); "
        "default: a fresh SQLite file in a temporary folder",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=15.0,
        help="seconds allowed per request (default %(default)s)",
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=75.0,
        help="seconds after which the students stop, finished or not (default %(default)s)",
    )
    parser.add_argument(
        "--seed", type=int, default=1, help="seed for the students' answers (default %(default)s)"
    )
    parser.add_argument(
        "--server-log",
        type=Path,
        help="where to write gunicorn's log (default: a new /tmp/load-quiz-*.log, kept)",
    )
    args = parser.parse_args(argv)
    if args.students < 1 or args.concurrency < 1 or args.workers < 1:
        parser.error("--students, --concurrency and --workers must be at least 1")
    return args


# --- database and server -------------------------------------------------------------------


def server_environment(database_url: str) -> dict[str, str]:
    """Return the environment for the flask commands and gunicorn."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_hex(32),
        STUDYGUIDE_RATELIMIT_ENABLED="0",
    )
    return env


def prepare_database(env: dict[str, str]) -> None:
    """Create the schema and load the courses of data/courses/ (both are idempotent)."""
    flask = [sys.executable, "-m", "flask", "--app", "studyguide"]
    for command in (["db", "upgrade"], ["load-courses"]):
        done = subprocess.run(
            flask + command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        if done.returncode != 0:
            sys.exit(f"flask {' '.join(command)} failed:\n{done.stdout}{done.stderr}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, workers: int, env: dict[str, str], log) -> subprocess.Popen:
    """Start gunicorn in its own session, so a Ctrl-C reaches this script and not the server."""
    command = [
        sys.executable, "-m", "gunicorn", "--no-control-socket",
        "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
        "studyguide:create_app()",
    ]  # fmt: skip
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def wait_until_ready(base_url: str, server: subprocess.Popen, limit: float = 30.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(base_url + "/account/register", timeout=2) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {limit:.0f} s")


def stop_server(server: subprocess.Popen) -> None:
    """Stop gunicorn by its own PID: TERM (graceful), then KILL if it lingers."""
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=5)


# --- recording -----------------------------------------------------------------------------


class Recorder:
    """Thread-safe tally of every request: latency per kind, HTTP errors, exceptions."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.http_errors: Counter[str] = Counter()
        self.exceptions: Counter[str] = Counter()
        self.outcomes: Counter[str] = Counter()

    def request(self, kind: str, seconds: float, status: int) -> None:
        with self._lock:
            self.latencies[kind].append(seconds)
            if status >= 400:
                self.http_errors[f"{kind} -> {status}"] += 1

    def exception(self, kind: str, error: BaseException) -> None:
        with self._lock:
            self.exceptions[f"{kind}: {describe(error)}"] += 1

    def outcome(self, what: str) -> None:
        with self._lock:
            self.outcomes[what] += 1


def describe(error: BaseException) -> str:
    reason = getattr(error, "reason", None)
    if isinstance(error, urllib.error.URLError) and isinstance(reason, BaseException):
        error = reason
    return type(error).__name__ + (f" ({error})" if str(error) else "")


def request_kind(method: str, url: str) -> str:
    path = urllib.parse.urlsplit(url).path
    for kind_method, pattern, kind in REQUEST_KINDS:
        if kind_method == method and re.fullmatch(pattern, path):
            return kind
    return f"{method} {path}"


# --- pages ---------------------------------------------------------------------------------


@dataclass
class Question:
    """One question of an attempt page: its fieldset's save URL and the inputs inside."""

    save_url: str
    field_name: str = ""
    kind: str = ""  # "radio", "checkbox" or "text"
    values: list[str] = field(default_factory=list)


class PageParser(HTMLParser):
    """Pull out what a student's browser uses: links, form actions, CSRF token, questions."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.form_actions: list[str] = []
        self.csrf_token = ""
        self.questions: list[Question] = []
        self._question: Question | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self.form_actions.append(a.get("action", ""))
        elif tag == "fieldset" and a.get("id", "").startswith("q-") and "data-save-url" in a:
            self._question = Question(save_url=a["data-save-url"])
            self.questions.append(self._question)
        elif tag == "input":
            if a.get("name") == "csrf_token":
                self.csrf_token = a.get("value", "")
            elif self._question is not None and a.get("name", "").startswith("answer_"):
                self._question.field_name = a["name"]
                self._question.kind = a.get("type", "text")
                if self._question.kind in ("radio", "checkbox"):
                    self._question.values.append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "fieldset":
            self._question = None


def parse_page(body: bytes) -> PageParser:
    parser = PageParser()
    parser.feed(body.decode("utf-8", "replace"))
    parser.close()
    return parser


def choose_answer(question: Question, rng: random.Random) -> list[str]:
    """Return the values a student would tick or type for one question."""
    if question.kind == "radio":
        return [rng.choice(question.values)]
    if question.kind == "checkbox":
        return rng.sample(question.values, rng.randint(1, len(question.values)))
    return [rng.choice(TEXT_ANSWERS)]


def multipart(pairs: list[tuple[str, str]]) -> tuple[bytes, str]:
    """Encode form pairs as multipart/form-data, as fetch() sends a FormData body."""
    boundary = "----quizbench" + secrets.token_hex(8)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in pairs
    ]
    body = ("".join(parts) + f"--{boundary}--\r\n").encode("utf-8")
    return body, f"multipart/form-data; boundary={boundary}"


# --- one student ---------------------------------------------------------------------------


class GiveUp(Exception):
    """The student cannot go on (an error page, a timeout, the time limit)."""


class KeepEveryResponse(urllib.request.HTTPErrorProcessor):
    """Hand back every response as it is: no exception for 4xx/5xx, no automatic redirect."""

    def http_response(self, request, response):
        return response

    https_response = http_response


@dataclass
class Page:
    status: int
    url: str
    location: str
    body: bytes


class Student:
    """One student with a cookie jar, doing the quiz flow request by request."""

    def __init__(self, number: int, run: Run) -> None:
        self.number = number
        self.run = run
        self.rng = random.Random(run.seed * 100_003 + number)
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), KeepEveryResponse()
        )

    # -- HTTP helpers

    def send(self, url: str, data: bytes | None = None, headers=None) -> Page:
        """Send one request and time it; record the outcome; raise GiveUp on an exception."""
        url = urllib.parse.urljoin(self.run.base_url, url)
        kind = request_kind("GET" if data is None else "POST", url)
        remaining = self.run.deadline - time.monotonic()
        if remaining <= 0 or self.run.stop.is_set():
            raise GiveUp("time limit")
        request = urllib.request.Request(url, data=data, headers=headers or {})
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=min(self.run.timeout, remaining)) as response:
                body = response.read()
                page = Page(response.status, url, response.headers.get("Location", ""), body)
        except Exception as error:  # timeouts, refused or reset connections, bad responses
            if time.monotonic() >= self.run.deadline:
                raise GiveUp("time limit") from error  # cut by --time-limit, not an error
            self.run.recorder.exception(kind, error)
            raise GiveUp(f"{kind}: {describe(error)}") from error
        self.run.recorder.request(kind, time.perf_counter() - started, page.status)
        return page

    def browse(self, url: str, page: Page | None = None) -> Page:
        """GET a page as a browser does, following redirects one timed request at a time."""
        for _ in range(MAX_REDIRECTS):
            if page is not None:
                if page.status not in (301, 302, 303, 307, 308):
                    break
                url = urllib.parse.urljoin(page.url, page.location)
            page = self.send(url, headers={"Accept": "text/html"})
        if page is None or page.status != 200:
            status = page.status if page else "none"
            raise GiveUp(f"{request_kind('GET', url)}: HTTP {status}")
        return page

    def submit_form(self, url: str, pairs: list[tuple[str, str]]) -> Page:
        """POST a form (urlencoded, as a browser does) and return the page it redirects to."""
        data = urllib.parse.urlencode(pairs).encode("utf-8")
        posted = self.send(url, data, {"Accept": "text/html"})
        if posted.status != 302:
            raise GiveUp(f"{request_kind('POST', posted.url)}: HTTP {posted.status}, no redirect")
        return self.browse(posted.url, posted)

    # -- the flow

    def take_quiz(self) -> None:
        lessons = parse_page(self.register().body)
        lesson_url = self.pick_lesson(lessons.links)
        quiz_url = self.read_lesson(lesson_url)
        quiz = parse_page(self.browse(quiz_url).body)
        start_url = next((a for a in quiz.form_actions if a.endswith("/quiz/start")), None)
        if start_url is None:
            raise GiveUp("quiz page has no start form")
        attempt = parse_page(self.submit_form(start_url, [("csrf_token", quiz.csrf_token)]).body)
        if not attempt.questions:
            raise GiveUp("attempt page has no questions")
        answers = self.save_answers(attempt)
        submit_url = next((a for a in attempt.form_actions if a.endswith("/submit")), None)
        if submit_url is None:
            raise GiveUp("attempt page has no submit form")
        pairs = [("csrf_token", attempt.csrf_token), *answers, ("submit", "Submit quiz")]
        result = self.submit_form(submit_url, pairs)
        if not result.url.endswith("/result"):
            raise GiveUp(f"submitting led to {result.url}, not to the result")
        self.browse("/progress")

    def register(self) -> Page:
        """Sign up; the site then sends the new student on to / and from there to /lessons."""
        form = parse_page(self.browse("/account/register").body)
        pairs = [
            ("csrf_token", form.csrf_token),
            ("display_name", f"Student {self.number}"),
            ("email", f"student{self.number}@{self.run.email_domain}"),
            ("password", PASSWORD),
            ("confirm", PASSWORD),
            ("submit", "Create account"),
        ]
        landed = self.submit_form("/account/register", pairs)
        if not landed.url.endswith("/lessons"):
            raise GiveUp(f"registering led to {landed.url}, not to /lessons")
        return landed

    def pick_lesson(self, links: list[str]) -> str:
        """Spread the class over the lessons: student n takes lesson n mod (number of lessons)."""
        lessons = sorted({link for link in links if LESSON_LINK.fullmatch(link)})
        if not lessons:
            raise GiveUp("no lesson listed on /lessons")
        return lessons[self.number % len(lessons)]

    def read_lesson(self, lesson_url: str) -> str:
        """Open the lesson and mark it read (which shows it again); return its quiz URL."""
        lesson = parse_page(self.browse(lesson_url).body)
        read_url = lesson_url + "/read"
        if read_url not in lesson.form_actions:
            raise GiveUp("lesson page has no mark-as-read form")
        pairs = [("csrf_token", lesson.csrf_token), ("submit", "Mark as read")]
        again = parse_page(self.submit_form(read_url, pairs).body)
        quiz_url = next((u for u in again.links if QUIZ_LINK.fullmatch(u)), None)
        if quiz_url is None:
            raise GiveUp("lesson page has no quiz link")
        return quiz_url

    def save_answers(self, attempt: PageParser) -> list[tuple[str, str]]:
        """Save each answer with its own request, as quiz.js does; return all the pairs."""
        every_pair: list[tuple[str, str]] = []
        for question in attempt.questions:
            pairs = [(question.field_name, value) for value in choose_answer(question, self.rng)]
            every_pair += pairs
            body, content_type = multipart(pairs)
            headers = {
                "Accept": "application/json",
                "Content-Type": content_type,
                "X-CSRFToken": attempt.csrf_token,
            }
            saved = self.send(question.save_url, body, headers)
            if saved.status == 200 and not json.loads(saved.body).get("ok"):
                self.run.recorder.outcome("answer not saved (200 without ok)")
        return every_pair


# --- the run -------------------------------------------------------------------------------


@dataclass
class Run:
    base_url: str
    timeout: float
    deadline: float
    seed: int
    email_domain: str
    recorder: Recorder = field(default_factory=Recorder)
    stop: threading.Event = field(default_factory=threading.Event)
    wall: float = 0.0  # seconds from the first student's start to the last one's end
    client_cpu: float = 0.0  # CPU seconds of this script (the simulated students)
    server_cpu: float = 0.0  # CPU seconds of gunicorn, master and workers, start to stop


def simulate_student(number: int, run: Run) -> None:
    try:
        Student(number, run).take_quiz()
    except GiveUp as reason:
        run.recorder.outcome(f"gave up: {reason}")
    except Exception as error:  # a bug in this script or a page it cannot read
        run.recorder.outcome(f"crashed: {describe(error)}")
    else:
        run.recorder.outcome("finished")


def simulate_class(run: Run, students: int, concurrency: int) -> float:
    """Run every student, `concurrency` at a time; return the wall time in seconds."""
    started = time.perf_counter()
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="student")
    try:
        futures = [pool.submit(simulate_student, n, run) for n in range(students)]
        for future in futures:
            future.result()
    except KeyboardInterrupt:
        run.stop.set()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return time.perf_counter() - started


# --- after the run -------------------------------------------------------------------------


def sqlalchemy_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def check_database(database_url: str, email_domain: str) -> dict[str, int]:
    """Count, for this run's students only, what the quiz flow left in the database."""
    import sqlalchemy as sa

    queries = {
        "students": "SELECT count(*) FROM users u WHERE u.email LIKE :emails",
        "submitted attempts": """SELECT count(*) FROM attempts a JOIN users u ON u.id = a.user_id
            WHERE u.email LIKE :emails AND a.state = 'submitted'""",
        "open attempts": """SELECT count(*) FROM attempts a JOIN users u ON u.id = a.user_id
            WHERE u.email LIKE :emails AND a.state <> 'submitted'""",
        "submitted attempts without exactly one grade": """SELECT count(*) FROM (
            SELECT a.id FROM attempts a JOIN users u ON u.id = a.user_id
            LEFT JOIN attempt_grades g ON g.attempt_id = a.id
            WHERE u.email LIKE :emails AND a.state = 'submitted'
            GROUP BY a.id HAVING count(g.id) <> 1) AS bad""",
        "grades of open attempts": """SELECT count(*) FROM attempt_grades g
            JOIN attempts a ON a.id = g.attempt_id JOIN users u ON u.id = a.user_id
            WHERE u.email LIKE :emails AND a.state <> 'submitted'""",
    }
    engine = sa.create_engine(sqlalchemy_url(database_url))
    try:
        with engine.connect() as connection:
            emails = {"emails": f"%@{email_domain}"}
            return {
                name: connection.execute(sa.text(sql), emails).scalar_one()
                for name, sql in queries.items()
            }
    finally:
        engine.dispose()


def scan_server_log(path: Path) -> tuple[int, Counter[str], Counter[str]]:
    """Return the number of tracebacks, their exception lines, and other ERROR lines."""
    lines = path.read_text(errors="replace").splitlines()
    tracebacks = 0
    exceptions: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    in_traceback = False
    for line in lines:
        if line.startswith("Traceback (most recent call last)"):
            tracebacks += 1
            in_traceback = True
        elif in_traceback and line and not line[0].isspace():
            if not line.startswith(("During handling", "The above exception")):
                exceptions[line[:200]] += 1
                in_traceback = False
        elif LOG_ERROR.search(line):
            errors[re.sub(r"^(\[[^]]*\] )+", "", line)[:200]] += 1
    return tracebacks, exceptions, errors


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    rank = max(1, round(fraction * len(sorted_values) + 0.4999))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def print_latencies(latencies: dict[str, list[float]]) -> None:
    order = [kind for _, _, kind in REQUEST_KINDS]
    kinds = [k for k in order if k in latencies] + sorted(set(latencies) - set(order))
    everything = [s for k in kinds for s in latencies[k]]
    print(f"\n{'request':<16}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for kind, values in [(k, latencies[k]) for k in kinds] + [("all", everything)]:
        values = sorted(values)
        if not values:
            continue
        cells = [percentile(values, p) * 1000 for p in (0.50, 0.95, 0.99)] + [values[-1] * 1000]
        print(f"{kind:<16}{len(values):>7}" + "".join(f"{c:>9.1f}" for c in cells))


def print_counter(title: str, counter: Counter[str]) -> None:
    print(f"\n{title}: {sum(counter.values()) or 'none'}")
    for text, count in counter.most_common():
        print(f"  {count:>6}  {text}")


def print_report(args, run: Run, database_url: str, log_path: Path) -> bool:
    """Print the figures; return True if every student finished and the database checks out."""
    recorder = run.recorder
    total = sum(len(v) for v in recorder.latencies.values())
    shown = database_url.split("@")[-1] if args.database_url else "SQLite (fresh file)"
    print(f"\ndatabase: {shown}; gunicorn workers: {args.workers}")
    print(f"students: {args.students}, concurrency: {args.concurrency}")
    print(f"requests: {total}, wall time: {run.wall:.2f} s, requests/s: {total / run.wall:.1f}")
    print(f"CPU seconds: server {run.server_cpu:.1f}, load generator {run.client_cpu:.1f}")
    print_latencies(recorder.latencies)
    print_counter("HTTP errors (status >= 400)", recorder.http_errors)
    print_counter("exceptions", recorder.exceptions)
    print_counter("students", recorder.outcomes)

    tracebacks, log_exceptions, log_errors = scan_server_log(log_path)
    print(f"\nserver log: {log_path}")
    print(f"  tracebacks: {tracebacks}, ending in:" if tracebacks else "  tracebacks: 0")
    for text, count in log_exceptions.most_common(10):
        print(f"  {count:>6}  {text}")
    print(f"  error lines: {sum(log_errors.values())}")
    for text, count in log_errors.most_common(10):
        print(f"  {count:>6}  {text}")

    counts = check_database(database_url, run.email_domain)
    expected = {
        "students": args.students,
        "submitted attempts": args.students,
        "open attempts": 0,
        "submitted attempts without exactly one grade": 0,
        "grades of open attempts": 0,
    }
    print("\ndatabase check (this run's students only):")
    if recorder.outcomes["finished"] != args.students:
        print("  (not every student finished: those who gave up leave the counts short)")
    good = True
    for name, want in expected.items():
        ok = counts[name] == want
        good &= ok
        print(f"  {'ok  ' if ok else 'FAIL'}  {name}: {counts[name]} (expected {want})")
    return good and recorder.outcomes["finished"] == args.students


def new_log_path() -> Path:
    descriptor, name = tempfile.mkstemp(prefix="load-quiz-", suffix=".log")
    os.close(descriptor)
    return Path(name)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="load-quiz-") as tmp:
        database_url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        env = server_environment(database_url)
        print(f"preparing {database_url.split('@')[-1]} ...", flush=True)
        prepare_database(env)
        log_path = args.server_log or new_log_path()
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        run = Run(
            base_url=base_url,
            timeout=args.timeout,
            deadline=0.0,
            seed=args.seed,
            email_domain=f"run{os.getpid()}-{secrets.token_hex(3)}.example.org",
        )
        before = os.times()
        with open(log_path, "w") as log:
            server = start_server(port, args.workers, env, log)
            try:
                wait_until_ready(base_url, server)
                print(f"gunicorn pid {server.pid} on {base_url}; {args.students} students ...")
                run.deadline = time.monotonic() + args.time_limit
                run.wall = simulate_class(run, args.students, args.concurrency)
            except KeyboardInterrupt:
                print(f"interrupted; server log: {log_path}", file=sys.stderr)
                return 130
            except RuntimeError as error:
                print(f"{error}; server log: {log_path}", file=sys.stderr)
                return 2
            finally:
                stop_server(server)
        after = os.times()
        run.client_cpu = after.user + after.system - before.user - before.system
        run.server_cpu = (
            after.children_user + after.children_system
            - before.children_user - before.children_system
        )  # fmt: skip
        return 0 if print_report(args, run, database_url, log_path) else 1


if __name__ == "__main__":
    sys.exit(main())
