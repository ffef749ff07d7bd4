"""Where a page's time goes: cProfile over the Flask test client, in process, per page type.

Prints figures and asserts nothing. Seeds a fresh SQLite file exactly as
benchmarks/throughput.py does (the curated course, a student with a taken and an open quiz,
an instructor running a cohort), logs both in through the login form, then for each page:
warms it once, profiles --requests GETs and prints ms per request, SQL statements per
request, the share of own time by library (templates, WTForms, SQLAlchemy, the driver, …)
and the functions with the most own time.

    .venv/bin/python benchmarks/profile_pages.py                   # every page, 200 requests
    .venv/bin/python benchmarks/profile_pages.py --only quiz,lesson --requests 500
    .venv/bin/python benchmarks/profile_pages.py --students 40 --only cohort-items,cohort-student

`--students N` adds a class of N students who read and took every quiz (seed_class.py). Each
page is also timed without the profiler, after the profiled run, as this process's CPU time
per request (SQLite runs in process), the best of five batches: steadier than wall time on a
shared machine.

Profiling slows Python code several times over, unevenly; the shares, not the milliseconds,
are the point.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import secrets
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadkit import prepare_database, server_environment  # noqa: E402
from throughput import MENTOR_EMAIL, PAGES, PASSWORD, STUDENT_EMAIL, seed  # noqa: E402

# Own time is attributed by the file a function lives in (first match wins).
AREAS = (
    ("WTForms", ("wtforms", "flask_wtf")),
    ("Jinja/MarkupSafe", ("jinja2", "markupsafe", "<template>", "templates/")),
    ("SQLAlchemy", ("sqlalchemy", "flask_sqlalchemy")),
    ("DB driver", ("sqlite3", "psycopg")),
    ("json (JSON columns)", ("json/",)),
    ("string.Formatter (Markup.format)", ("string.py",)),
    ("Flask/Werkzeug", ("flask", "werkzeug", "itsdangerous", "flask_login", "flask_limiter")),
    ("studyguide", ("studyguide",)),
)


def area(filename: str) -> str:
    for name, needles in AREAS:
        if any(needle in filename for needle in needles):
            return name
    return "other"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200, help="profiled GETs per page")
    parser.add_argument("--top", type=int, default=8, help="functions listed per page")
    parser.add_argument("--only", default="", help="comma-separated page names")
    parser.add_argument("--sql", action="store_true", help="print each page's SQL statements")
    parser.add_argument("--students", type=int, default=0, help="students added to the cohort")
    return parser.parse_args(argv)


def login(client, email: str) -> None:
    page = client.get("/account/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post(
        "/account/login", data={"csrf_token": token, "email": email, "password": PASSWORD}
    )
    assert response.status_code == 302, f"login as {email}: {response.status_code}"


def profile_page(client, path: str, requests: int, statements: list[str]):
    assert client.get(path).status_code == 200, path
    statements.clear()
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(requests):
        client.get(path)
    profiler.disable()
    elapsed = time.perf_counter() - started
    sent = statements[: len(statements) // requests]
    # CPU time of this process (SQLite runs in it), the best of five batches: steadier than
    # wall time on a busy machine, where other processes also slow this one's caches.
    batches = []
    for _ in range(5):
        started = time.process_time()
        for _ in range(max(1, requests // 5)):
            client.get(path)
        batches.append((time.process_time() - started) / max(1, requests // 5))
    plain = min(batches)
    return pstats.Stats(profiler), elapsed / requests, sent, plain


def report(name, path, stats: pstats.Stats, seconds: float, queries, plain: float, args):
    own: Counter[str] = Counter()
    functions = []
    for (filename, line, function), (_, calls, tottime, _, _) in stats.stats.items():
        own[area(filename)] += tottime
        functions.append((tottime, calls, f"{Path(filename).name}:{line}({function})"))
    total = sum(own.values()) or 1.0
    timing = f"{seconds * 1000:.1f} ms/request profiled, {plain * 1000:.1f} ms CPU unprofiled"
    print(f"\n### {name} `{path}`: {timing}, {len(queries)} SQL")
    if args.sql:
        print("".join(f"    {' '.join(statement.split())[:150]}\n" for statement in queries))
    shares = ", ".join(f"{a} {t / total:.0%}" for a, t in own.most_common())
    print(f"own time by library: {shares}")
    print("| own time | calls/request | function |\n|---:|---:|---|")
    for tottime, calls, label in sorted(functions, reverse=True)[: args.top]:
        print(f"| {tottime / total:.1%} | {calls / args.requests:g} | `{label}` |")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="profile-") as folder:
        url = f"sqlite:///{Path(folder) / 'studyguide.db'}"
        env = server_environment(url, secrets.token_hex(16))
        prepare_database(env)
        parts = seed(env)
        from sqlalchemy import event

        from studyguide import create_app
        from studyguide.extensions import db

        app = create_app()
        if args.students:
            from seed_class import add_students

            with app.app_context():
                print("class:", add_students(args.students, int(parts["cohort"])))
        statements: list[str] = []
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        clients = {"student": app.test_client(), "mentor": app.test_client()}
        login(clients["student"], STUDENT_EMAIL)
        login(clients["mentor"], MENTOR_EMAIL)
        wanted = set(filter(None, args.only.split(",")))
        for name, who, path in PAGES:
            if who == "bare" or (wanted and name not in wanted):
                continue
            url = path.format(**parts)
            stats, seconds, queries, plain = profile_page(
                clients[who], url, args.requests, statements
            )
            report(name, url, stats, seconds, queries, plain, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
