"""What the load, crash and burst runs share: a real gunicorn and Huey consumer, students made
beforehand, and a timed HTTP client that behaves like a student's browser.

- `Server` / `Consumer`: gunicorn (2 sync workers) on a free loopback port and
  `huey_consumer studyguide.jobs.huey`, each started in its own process group and stopped or
  killed by its own PID (never by name), so a run can kill -9 a worker or everything.
- `Setup`: an app object on the same database and secret key as the server, used to make
  students directly (one scrypt hash shared by all, so setting up 200 students costs no 200
  hashes) and to log them in without a password round trip: `login_cookie` runs Flask-Login's
  own `login_user` in a request that looks like the client's (address, User-Agent), so the
  cookie is bound to the browser (its User-Agent) exactly as a browser's would.
- `Browser`: a cookie jar, every request timed and tallied per kind by a `Recorder`, redirects
  followed by hand (each hop timed on its own), and a parser for the links, forms, CSRF token
  and quiz questions of a page.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
USER_AGENT = "studyguide-load/1"
MAX_REDIRECTS = 5
LESSON_LINK = re.compile(r"/courses/[^/]+/lessons/[^/]+")
QUIZ_LINK = re.compile(r"/lessons/\d+/quiz")
SCORE = re.compile(r"<strong>(\d+) of (\d+)</strong> right")
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


# --- database, server and queue consumer ---------------------------------------------------


def sqlalchemy_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def server_environment(database_url: str, secret_key: str, queue_file: str = "") -> dict[str, str]:
    """The environment of the flask commands, gunicorn and the consumer (rate limits off:
    every simulated student comes from 127.0.0.1)."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY=secret_key,
        STUDYGUIDE_RATELIMIT_ENABLED="0",
        STUDYGUIDE_QUEUE_URL="",
        PYTHONPATH=str(ROOT),
    )
    if queue_file:
        env["STUDYGUIDE_QUEUE_FILE"] = queue_file
    return env


def prepare_database(env: dict[str, str]) -> None:
    """Create the schema and load the courses of data/courses/ (both are idempotent)."""
    flask = [sys.executable, "-m", "flask", "--app", "studyguide"]
    for command in (["db", "upgrade"], ["load-courses"]):
        done = subprocess.run(
            flask + command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        if done.returncode != 0:
            sys.exit(f"flask {' '.join(command)} failed:\n{done.stdout}{done.stderr}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Process:
    """A child started in its own session (process group); stopped and killed by its PID."""

    def __init__(self, command: list[str], env: dict[str, str], log_path: Path) -> None:
        self.command, self.env, self.log_path = command, env, log_path
        self.process: subprocess.Popen | None = None
        self.cpu_seconds = 0.0  # CPU of every instance started so far, added when it ends

    def start(self) -> None:
        log = open(self.log_path, "ab")  # noqa: SIM115 (the child keeps writing to it)
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        log.close()

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill_group(self) -> None:
        """kill -9 this child and every process it started (its own process group)."""
        if self.running():
            self.cpu_seconds += self.cpu_now()
            os.killpg(self.pid, signal.SIGKILL)
        self._reap()

    def stop(self, timeout: float = 15) -> None:
        """TERM (graceful), then KILL of the group if it lingers."""
        if self.running():
            assert self.process is not None
            self.cpu_seconds += self.cpu_now()  # close enough: the shutdown itself is cheap
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.pid, signal.SIGKILL)
        self._reap()

    def _reap(self) -> None:
        if self.process is not None:
            self.process.wait(timeout=30)
            self.process = None

    def cpu_now(self) -> float:
        """CPU seconds of this child, its ended children and its live ones (Linux /proc)."""

        def ticks(pid: int, fields: slice) -> int:
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
            except OSError:
                return 0
            return sum(int(value) for value in stat.rsplit(")", 1)[1].split()[fields])

        # After the ")" of the command name: utime, stime, cutime, cstime are fields 11-14.
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        try:
            live = [int(pid) for pid in children.read_text().split()]
        except OSError:
            live = []
        total = ticks(self.pid, slice(11, 15)) + sum(ticks(pid, slice(11, 13)) for pid in live)
        return total / os.sysconf("SC_CLK_TCK")


class Server(Process):
    """gunicorn with `workers` sync workers on 127.0.0.1:`port`."""

    def __init__(self, env: dict[str, str], log_path: Path, workers: int = 2) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        command = [
            sys.executable, "-m", "gunicorn", "--no-control-socket",
            "--workers", str(workers), "--bind", f"127.0.0.1:{self.port}",
            "--graceful-timeout", "5", "studyguide:create_app()",
        ]  # fmt: skip
        super().__init__(command, env, log_path)

    def start(self, ready_within: float = 60) -> None:
        super().start()
        deadline = time.monotonic() + ready_within
        while time.monotonic() < deadline:
            if not self.running():
                raise RuntimeError(f"gunicorn exited; its log: {self.log_path}")
            try:
                with urllib.request.urlopen(self.base_url + "/account/login", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {ready_within:.0f} s")

    def worker_pids(self) -> list[int]:
        """The master's children, read from /proc (Linux)."""
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def kill_one_worker(self, rng: Any) -> int | None:
        """kill -9 one worker (the master forks a new one); return its PID."""
        pids = self.worker_pids()
        if not pids:
            return None
        pid = rng.choice(pids)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            return None
        return pid


class Consumer(Process):
    """`huey_consumer studyguide.jobs.huey` with thread workers, polling every 0.1 s."""

    def __init__(self, env: dict[str, str], log_path: Path, workers: int = 1) -> None:
        consumer = str(Path(sys.executable).parent / "huey_consumer")
        command = [consumer, "studyguide.jobs.huey", "-w", str(workers), "-k", "thread"]
        super().__init__(command + ["-d", "0.1"], env, log_path)


# --- students, made directly ---------------------------------------------------------------


class Setup:
    """An app on the server's database and secret key, for setting up and checking a run."""

    def __init__(self, database_url: str, secret_key: str, **config: Any) -> None:
        from studyguide import create_app

        self.app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": sqlalchemy_url(database_url),
                "SECRET_KEY": secret_key,
                "RATELIMIT_STORAGE_URI": "memory://",
                "QUEUE_URL": "",
                **config,
            }
        )

    def close(self) -> None:
        from studyguide.extensions import db

        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()

    def create_users(self, count: int, domain: str, role: str = "student") -> list[int]:
        """Make `count` accounts sharing one password hash; return their ids in order."""
        from studyguide.extensions import db
        from studyguide.models import User
        from studyguide.services._tx import transaction

        shared = User(email="", display_name="")
        shared.set_password(secrets.token_hex(12))  # nobody logs in with it: cookies are made
        with self.app.app_context():
            users = [
                User(
                    email=f"{role}{n}@{domain}",
                    display_name=f"{role.title()} {n}",
                    password_hash=shared.password_hash,
                    role=role,
                )
                for n in range(count)
            ]
            with transaction():
                db.session.add_all(users)
            return [user.id for user in users]

    def login_cookie(self, user_id: int) -> tuple[str, str]:
        """(cookie name, value) of a session logged in as `user_id`, as the login form makes it."""
        from flask import session
        from flask_login import login_user

        from studyguide.extensions import db
        from studyguide.models import User
        from studyguide.web.auth.session import bind_session_to_browser

        environ = {"REMOTE_ADDR": "127.0.0.1"}
        headers = {"User-Agent": USER_AGENT}
        with self.app.test_request_context("/", environ_base=environ, headers=headers):
            login_user(db.session.get(User, user_id))
            bind_session_to_browser()  # as the login view does: the cookie belongs to USER_AGENT
            session.permanent = True
            serializer = self.app.session_interface.get_signing_serializer(self.app)
            value = serializer.dumps(dict(session))
        return self.app.config.get("SESSION_COOKIE_NAME", "session"), value


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

    @property
    def requests(self) -> int:
        return sum(len(values) for values in self.latencies.values())

    @property
    def errors(self) -> int:
        return sum(self.http_errors.values()) + sum(self.exceptions.values())


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


def print_server_log(path: Path) -> int:
    """Print the tracebacks and ERROR lines of a server log; return how many tracebacks."""
    tracebacks, exceptions, errors = 0, Counter[str](), Counter[str]()
    in_traceback = False
    for line in path.read_text(errors="replace").splitlines():
        if line.startswith("Traceback (most recent call last)"):
            tracebacks += 1
            in_traceback = True
        elif in_traceback and line and not line[0].isspace():
            if not line.startswith(("During handling", "The above exception")):
                exceptions[line[:200]] += 1
                in_traceback = False
        elif LOG_ERROR.search(line):
            errors[re.sub(r"^(\[[^]]*\] )+", "", line)[:200]] += 1
    print(f"\nserver log: {path}\n  tracebacks: {tracebacks}")
    for text, count in exceptions.most_common(10):
        print(f"  {count:>6}  {text}")
    print(f"  error lines: {sum(errors.values())}")
    for text, count in errors.most_common(10):
        print(f"  {count:>6}  {text}")
    return tracebacks


# --- pages ---------------------------------------------------------------------------------


@dataclass
class Question:
    """One question of an attempt page: its fieldset's save URL and the inputs inside."""

    save_url: str
    field_name: str = ""
    kind: str = ""  # "radio", "checkbox" or "text"
    values: list[str] = field(default_factory=list)

    @property
    def answer_id(self) -> int:
        return int(self.save_url.rstrip("/").rsplit("/", 1)[1])


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


def multipart(pairs: list[tuple[str, str]]) -> tuple[bytes, str]:
    """Encode form pairs as multipart/form-data, as fetch() sends a FormData body."""
    boundary = "----loadkit" + secrets.token_hex(8)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in pairs
    ]
    body = ("".join(parts) + f"--{boundary}--\r\n").encode("utf-8")
    return body, f"multipart/form-data; boundary={boundary}"


# --- the browser ---------------------------------------------------------------------------


class GiveUp(Exception):
    """This step cannot go on (an error page, a refused connection, the time limit)."""


class KeepEveryResponse(urllib.request.HTTPErrorProcessor):
    """Hand back every response as it is: no exception for 4xx/5xx, no automatic redirect."""

    def http_response(self, request, response):  # type: ignore[no-untyped-def]
        return response

    https_response = http_response


@dataclass
class Page:
    status: int
    url: str
    location: str
    body: bytes

    def parsed(self) -> PageParser:
        return parse_page(self.body)


class Browser:
    """One student's browser: a cookie jar; every request timed and recorded by its kind."""

    def __init__(self, base_url: str, recorder: Recorder, timeout: float = 15.0) -> None:
        self.base_url = base_url
        self.recorder = recorder
        self.timeout = timeout
        self.deadline = float("inf")  # time.monotonic() after which requests give up
        self.deadline_of: Any = None  # or an object whose .deadline moves (a class run)
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), KeepEveryResponse()
        )

    def set_cookie(self, name: str, value: str) -> None:
        host = urllib.parse.urlsplit(self.base_url).hostname or "127.0.0.1"
        self.jar.set_cookie(
            http.cookiejar.Cookie(
                0, name, value, None, False, host, False, False, "/", True,
                False, None, False, None, None, {}, False,
            )
        )  # fmt: skip

    def send(self, url: str, data: bytes | None = None, headers: dict | None = None) -> Page:
        """Send one request and time it; record the outcome; raise GiveUp on an exception."""
        url = urllib.parse.urljoin(self.base_url, url)
        kind = request_kind("GET" if data is None else "POST", url)
        deadline = self.deadline_of.deadline if self.deadline_of is not None else self.deadline
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise GiveUp("time limit")
        request = urllib.request.Request(
            url, data=data, headers={"User-Agent": USER_AGENT, **(headers or {})}
        )
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=min(self.timeout, remaining)) as response:
                page = Page(
                    response.status, url, response.headers.get("Location", ""), response.read()
                )
        except Exception as error:  # timeouts, refused or reset connections, bad responses
            if time.monotonic() >= deadline:
                raise GiveUp("time limit") from error  # cut by the deadline, not an error
            self.recorder.exception(kind, error)
            raise GiveUp(f"{kind}: {describe(error)}") from error
        self.recorder.request(kind, time.perf_counter() - started, page.status)
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

    def post_form(self, url: str, pairs: list[tuple[str, str]]) -> Page:
        """POST a form urlencoded, as a browser does; return the response itself."""
        data = urllib.parse.urlencode(pairs).encode("utf-8")
        return self.send(url, data, {"Accept": "text/html"})

    def submit_form(self, url: str, pairs: list[tuple[str, str]]) -> Page:
        """POST a form and return the page it redirects to."""
        posted = self.post_form(url, pairs)
        if posted.status != 302:
            raise GiveUp(f"{request_kind('POST', posted.url)}: HTTP {posted.status}, no redirect")
        return self.browse(posted.url, posted)

    def save_answer(self, question: Question, values: list[str], csrf_token: str) -> Page:
        """Save one answer as static/js/quiz.js does (FormData, X-CSRFToken, JSON back)."""
        body, content_type = multipart([(question.field_name, value) for value in values])
        headers = {
            "Accept": "application/json",
            "Content-Type": content_type,
            "X-CSRFToken": csrf_token,
        }
        return self.send(question.save_url, body, headers)
