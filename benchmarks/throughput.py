"""Throughput of every page type, side by side with a bare Flask page, in one run.

Prints measured figures and asserts nothing about speed. What it does:

1. A fresh SQLite file in a temporary folder (or --database-url, e.g. a throwaway PostgreSQL
   database): `flask db upgrade`, `flask load-courses` (the curated course) and
   `flask create-instructor`; then, through the app's services, a student who took one quiz
   (wrong answers, so review cards are due), has another attempt open, and belongs to a cohort
   the instructor runs.
2. Starts two gunicorns with the same settings (--workers sync workers, a free port on
   127.0.0.1 each): the bare Flask app of benchmarks/bare_flask_app.py (one template extending
   a base layout) and studyguide. Logs the student and the instructor in over real HTTP and
   keeps their cookies; checks every page answers 200 with them.
3. Runs Debian's `wrk -t2 -c16` on each page for --duration seconds, the pages interleaved,
   --rounds times, so a burst of load from elsewhere on the machine hits all pages alike.
4. Prints a Markdown table: median req/s over the rounds, median p99 latency, the ratio to the
   bare page, and the non-2xx/socket errors wrk saw (should be 0).

Both servers are stopped by their own PIDs on every exit.

    .venv/bin/python benchmarks/throughput.py             # 3 rounds of 8 s per page (~8 min)
    .venv/bin/python benchmarks/throughput.py --quick     # 3 rounds of 2 s per page
    .venv/bin/python benchmarks/throughput.py --only quiz,lessons --duration 4
    .venv/bin/python benchmarks/throughput.py --quick --compare-tree /path/to/main/checkout

--compare-tree serves another checkout too (its own database, seeded by its own code) and
measures its pages in the same interleaved rounds: before and after side by side, in one run.

The machine's other load moves the absolute figures; the ratios within one run are what count.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

# The checkout whose studyguide is imported: this one, or (for --compare-tree's seeding, run
# in a subprocess) the other one.
ROOT = Path(os.environ.get("THROUGHPUT_TREE") or Path(__file__).resolve().parents[1])
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from loadkit import free_port, prepare_database, server_environment  # noqa: E402

COURSE = "madry-research-careers"
PASSWORD = "throughput bench passphrase"
STUDENT_EMAIL, MENTOR_EMAIL = "bench-student@example.org", "bench-mentor@example.org"
CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# (name, who is logged in: "bare", "student" or "mentor", path with {placeholders})
PAGES = (
    ("bare", "bare", "/page"),
    ("lessons", "student", "/lessons"),
    ("lesson", "student", "/courses/{course}/lessons/{lesson}"),
    ("quiz", "student", "/attempts/{open_attempt}"),
    ("progress", "student", "/progress"),
    ("transcript", "student", "/courses/{course}/transcript"),
    ("review", "student", "/review"),
    ("teach", "mentor", "/teach/"),
    ("workspace", "mentor", "/teach/courses/{course}"),
    ("curate", "mentor", "/teach/courses/{course}/curate"),
    ("curate-lesson", "mentor", "/teach/courses/{course}/lessons/{lesson}"),
    ("curate-question", "mentor", "/teach/courses/{course}/questions/{question}"),
    ("cohorts", "mentor", "/teach/cohorts"),
    ("cohort", "mentor", "/teach/cohorts/{cohort}"),
    ("cohort-items", "mentor", "/teach/cohorts/{cohort}/questions"),
    ("cohort-student", "mentor", "/teach/cohorts/{cohort}/students/{student}"),
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per wrk run")
    parser.add_argument("--quick", action="store_true", help="2 s per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (16)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (2)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        help="wrk's request timeout in seconds (default 10; wrk's own 2 s counts a slow page "
        "on a loaded machine as errors and leaves those requests out of its p99)",
    )
    parser.add_argument("--only", default="", help="comma-separated page names (bare is kept)")
    parser.add_argument(
        "--database-url", help="an existing empty database to use (default: fresh SQLite file)"
    )
    parser.add_argument(
        "--compare-tree",
        action="append",
        default=[],
        metavar="DIR",
        help="also serve the checkout in DIR (e.g. main) and measure its pages in the same "
        "rounds, so before and after are compared in one run; repeatable",
    )
    parser.add_argument("--seed-only", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.duration = 2.0
    if args.compare_tree and args.database_url:
        parser.error("--compare-tree makes one SQLite file per checkout; drop --database-url")
    names = {name for name, _, _ in PAGES}
    args.pages = [p for p in PAGES if not args.only or p[0] in {"bare", *args.only.split(",")}]
    unknown = set(filter(None, args.only.split(","))) - names
    if unknown:
        parser.error(f"unknown pages {sorted(unknown)}; known: {sorted(names)}")
    return args


# --- data ----------------------------------------------------------------------------------


def seed(env: dict[str, str]) -> dict[str, object]:
    """Create the instructor (CLI), the student and their history (services); return URL parts."""
    flask = [sys.executable, "-m", "flask", "--app", "studyguide", "create-instructor"]
    subprocess.run(
        [*flask, MENTOR_EMAIL], cwd=ROOT, check=True, capture_output=True, timeout=120,
        env={**env, "STUDYGUIDE_INSTRUCTOR_PASSWORD": PASSWORD},
    )  # fmt: skip
    os.environ.update(env)
    import sqlalchemy as sa

    from studyguide import create_app
    from studyguide.extensions import db
    from studyguide.models import Course, Question
    from studyguide.services import accounts, attempts, cohorts

    app = create_app()
    with app.app_context():
        student = accounts.register_user(STUDENT_EMAIL, "Bench Student", PASSWORD)
        mentor = accounts.find_by_email(MENTOR_EMAIL)
        course = db.session.scalar(sa.select(Course).where(Course.slug == COURSE))
        assert course is not None and mentor is not None, "the curated course did not load"
        lessons = sorted(course.lessons, key=lambda lesson: lesson.position)
        keys = {
            lesson.id: list(
                db.session.scalars(
                    sa.select(Question.key)
                    .where(Question.lesson_id == lesson.id)
                    .order_by(Question.position)
                )
            )
            for lesson in lessons
        }
        quiz_lesson = max(lessons, key=lambda lesson: len(keys[lesson.id]))
        taken = attempts.start_attempt(student.id, lessons[0].id)
        attempts.submit_attempt(student.id, taken.id, {})  # all unanswered: cards to review
        open_attempt = attempts.start_attempt(student.id, quiz_lesson.id)
        cohort = cohorts.create_cohort(mentor, course.id, "Bench class", None)
        invitation = cohorts.create_invitation(mentor.id, cohort.id, 7, 10)
        cohorts.join_cohort(student, invitation.code, course.id)
        parts = {
            "course": COURSE,
            "lesson": quiz_lesson.slug,
            "open_attempt": open_attempt.id,
            "questions": len(open_attempt.answers),
            "question": keys[quiz_lesson.id][0],
            "cohort": cohort.id,
            "student": student.id,
        }
        db.engine.dispose()
    return parts


# --- servers and clients -------------------------------------------------------------------


def start_gunicorn(app_spec: str, chdir: Path, port: str, args, env, log):
    """Start gunicorn in its own session (a Ctrl-C reaches this script, not the server)."""
    command = [
        sys.executable, "-m", "gunicorn", "--no-control-socket", "--chdir", str(chdir),
        "--workers", str(args.workers), "--worker-class", "sync",
        "--bind", f"127.0.0.1:{port}", app_spec,
    ]  # fmt: skip
    return subprocess.Popen(
        command, cwd=chdir, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def wait_for(url: str, server: subprocess.Popen, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn for {url} exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (OSError, urllib.error.URLError):
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {limit:.0f} s")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def login(base: str, email: str) -> str:
    """Log in through the login form; return the Cookie header a browser would send."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    page = opener.open(base + "/account/login", timeout=30).read().decode()
    match = CSRF_INPUT.search(page)
    assert match, "no CSRF token on the login page"
    form = {"csrf_token": match.group(1), "email": email, "password": PASSWORD}
    try:
        opener.open(base + "/account/login", urllib.parse.urlencode(form).encode(), timeout=30)
    except urllib.error.HTTPError as error:
        assert error.code == 302, f"login as {email} answered {error.code}"
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    opener.addheaders = [("Cookie", cookie)]
    return cookie


def check_page(url: str, cookie: str) -> None:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        raise RuntimeError(f"{url} answered {status}, not 200")


# --- wrk -----------------------------------------------------------------------------------


@dataclass
class Run:
    requests_per_second: float
    p99_ms: float
    errors: int


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def run_wrk(url: str, cookie: str, args: argparse.Namespace) -> Run:
    command = [
        "wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration:g}s",
        f"--timeout={args.timeout:g}s", "--latency",
    ]  # fmt: skip
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=args.duration + 60
    ).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
    if not rate or not p99:
        raise RuntimeError(f"cannot read wrk's output:\n{output}")
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    for kind in re.findall(r"Socket errors: (.*)", output):
        errors += sum(int(n) for n in re.findall(r"\d+", kind))
    return Run(float(rate.group(1)), float(p99.group(1)) * UNITS_MS[p99.group(2)], errors)


def measure(targets: list[tuple[str, str, str]], args) -> dict[str, list[Run]]:
    """Run wrk on every (name, url, cookie), interleaved, `args.rounds` times."""
    runs: dict[str, list[Run]] = {name: [] for name, _, _ in targets}
    for round_number in range(1, args.rounds + 1):
        for name, url, cookie in targets:
            runs[name].append(run_wrk(url, cookie, args))
            last = runs[name][-1]
            print(
                f"  round {round_number} {name:16} {last.requests_per_second:8.0f} req/s",
                file=sys.stderr,
            )
    return runs


def table(runs: dict[str, list[Run]], paths: dict[str, str]) -> str:
    bare = statistics.median(run.requests_per_second for run in runs["bare"])
    lines = [
        "| page | path | req/s (median) | p99 ms (median) | × bare Flask page | errors |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name, page_runs in runs.items():
        rate = statistics.median(run.requests_per_second for run in page_runs)
        p99 = statistics.median(run.p99_ms for run in page_runs)
        errors = sum(run.errors for run in page_runs)
        lines.append(
            f"| {name} | `{paths[name]}` | {rate:,.0f} | {p99:.1f} | {rate / bare:.3f} | {errors} |"
        )
    return "\n".join(lines)


def seeded_app(tree: Path, folder: Path, args) -> tuple[dict[str, str], dict]:
    """Prepare and seed a database for the code in `tree`; return its environment and parts."""
    url = args.database_url or f"sqlite:///{folder / 'studyguide.db'}"
    # The tree's own code, in the seeding subprocess and in its gunicorn.
    env = {**server_environment(url, secrets.token_hex(16)), "PYTHONPATH": str(tree)}
    if tree == ROOT:
        prepare_database(env)
        return env, seed(env)
    # Another checkout: its own CLI and services seed its database (this script, its code).
    for command in (["db", "upgrade"], ["load-courses"]):
        flask = [sys.executable, "-m", "flask", "--app", "studyguide", *command]
        subprocess.run(flask, cwd=tree, env=env, check=True, capture_output=True, timeout=300)
    command = [sys.executable, str(HERE / "throughput.py"), "--seed-only", url]
    done = subprocess.run(
        command, cwd=tree, env={**env, "THROUGHPUT_TREE": str(tree)},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"seeding {tree} failed:\n{done.stdout}{done.stderr}")
    return env, json.loads(done.stdout.strip().splitlines()[-1])


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


def serve_and_measure(trees: list[Path], folder: Path, args, log) -> tuple[dict, dict, dict]:
    """Start the bare app and one studyguide per tree, log in, and run the rounds."""
    servers = []
    try:
        bare = f"http://127.0.0.1:{free_port()}"
        env, parts = seeded_app(trees[0], folder / "0", args)
        servers.append(
            start_gunicorn("bare_flask_app:app", HERE, bare.rsplit(":", 1)[1], args, env, log)
        )
        wait_for(bare + "/page", servers[-1])
        targets, paths = [], {}
        for number, tree in enumerate(trees):
            (folder / str(number)).mkdir(exist_ok=True)
            if number:
                env, parts = seeded_app(tree, folder / str(number), args)
            app = f"http://127.0.0.1:{free_port()}"
            spec = "studyguide:create_app()"
            servers.append(start_gunicorn(spec, tree, app.rsplit(":", 1)[1], args, env, log))
            wait_for(app + "/account/login", servers[-1])
            cookies = {"student": login(app, STUDENT_EMAIL), "mentor": login(app, MENTOR_EMAIL)}
            for name, who, path in args.pages:
                label = name if len(trees) == 1 else f"{name} ({tree.name})"
                if who == "bare":
                    if number == 0:
                        targets.append(("bare", bare + path, ""))
                        paths["bare"] = path
                    continue
                paths[label] = path.format(**parts)
                check_page(app + paths[label], cookies[who])
                targets.append((label, app + paths[label], cookies[who]))
        return measure(targets, args), paths, parts
    finally:
        for server in servers:
            stop_server(server)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.seed_only:  # the database is prepared; seed it with ROOT's code
        env = {**server_environment(args.seed_only, secrets.token_hex(16)), "PYTHONPATH": str(ROOT)}
        print(json.dumps(seed(env)))
        return 0
    trees = [ROOT, *(Path(tree).resolve() for tree in args.compare_tree)]
    with tempfile.TemporaryDirectory(prefix="throughput-") as name:
        folder = Path(name)
        (folder / "0").mkdir()
        log_path = folder / "gunicorn.log"
        with log_path.open("w") as log:
            runs, paths, parts = serve_and_measure(trees, folder, args, log)
        tracebacks = log_path.read_text().count("Traceback")
    print(
        f"\nwrk -t{args.threads} -c{args.connections} --timeout {args.timeout:g}s, "
        f"{args.rounds} interleaved rounds of {args.duration:g} s, gunicorn {args.workers} sync "
        f"workers, {'PostgreSQL' if args.database_url else 'SQLite'}; quiz page: "
        f"{parts['questions']} questions; server tracebacks: {tracebacks}\n"
    )
    print(table(runs, paths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
