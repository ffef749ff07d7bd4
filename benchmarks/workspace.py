"""Benchmark of the mentor's workspace: upload a transcript → draft course ready, over HTTP.

Prints measured figures and asserts nothing about speed. What it does:

1. A fresh SQLite database in a temporary folder (`flask db upgrade`, `load-courses`), an
   instructor (`create-instructor`), gunicorn (2 workers) and one Huey consumer (the SQLite
   queue in the same folder; pass --queue-url redis://127.0.0.1:6379/0 for Redis).
2. Logs in as the instructor and uploads seeded synthetic transcripts (benchmarks/synthetic.py)
   of 10k and 100k words through the /teach/new form, then polls the job's JSON until it is
   done: "upload → draft ready" is the time from sending the form to the job's "done".
3. Light load on other pages (the instructor's list, a lesson, the lessons list; --clients
   clients, one request each per --interval seconds): once alone as a baseline, then while
   the 100k-word import runs. Prints p50/p95/p99 of both.

Targets (from the issue): 10k words under 5 s; p99 under load not more than doubled.
Run: .venv/bin/python benchmarks/workspace.py
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadkit import Server, prepare_database, server_environment  # noqa: E402
from synthetic import synthetic_transcript  # noqa: E402

from tests.consumer import running_consumer  # noqa: E402

EMAIL, PASSWORD = "bench-mentor@example.org", "a long enough passphrase"
PAGES = ("/teach/", "/lessons", "/courses/madry-research-careers/lessons/going-abroad")


class Client:
    """One browser: a cookie jar and the CSRF token of the last form page."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str, accept: str = "text/html") -> tuple[int, str]:
        request = urllib.request.Request(self.base + path, headers={"Accept": accept})
        with self.opener.open(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8")

    def csrf(self, path: str) -> str:
        match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', self.get(path)[1])
        if not match:
            match = re.search(r'name="csrf_token" value="([^"]+)"', self.get(path)[1])
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def login(self) -> None:
        token = self.csrf("/account/login")
        body = urllib.parse.urlencode({"csrf_token": token, "email": EMAIL, "password": PASSWORD})
        self.opener.open(self.base + "/account/login", body.encode(), timeout=30).read()

    def upload(self, title: str, text: str) -> str:
        """Send the new-course form; return the job page's path."""
        boundary = uuid.uuid4().hex
        fields = {"csrf_token": self.csrf("/teach/new"), "title": title}
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="transcript"; '
            f'filename="talk.txt"\r\nContent-Type: text/plain\r\n\r\n'.encode()
            + text.encode("utf-8")
            + f"\r\n--{boundary}--\r\n".encode()
        )
        request = urllib.request.Request(
            self.base + "/teach/new",
            data=b"".join(parts),
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        with self.opener.open(request, timeout=60) as response:
            return urllib.parse.urlparse(response.url).path


def draft_ready(client: Client, title: str, text: str) -> tuple[float, dict]:
    started = time.perf_counter()
    job_path = client.upload(title, text)
    while True:
        job = json.loads(client.get(job_path, accept="application/json")[1])
        if job["state"] in ("done", "failed"):
            return time.perf_counter() - started, job
        time.sleep(0.05)


class LightLoad:
    """`clients` threads, each logged in, GETting the pages in turn, one per `interval`."""

    def __init__(self, base: str, clients: int, interval: float) -> None:
        self.latencies: list[float] = []
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._run, args=(base, interval)) for _ in range(clients)
        ]
        for thread in self._threads:
            thread.start()

    def _run(self, base: str, interval: float) -> None:
        client = Client(base)
        client.login()
        n = 0
        while not self._stop.is_set():
            t = time.perf_counter()
            client.get(PAGES[n % len(PAGES)])
            self.latencies.append(time.perf_counter() - t)
            n += 1
            self._stop.wait(max(0.0, interval - (time.perf_counter() - t)))

    def stop(self) -> list[float]:
        self._stop.set()
        for thread in self._threads:
            thread.join()
        return self.latencies


def percentiles(values: list[float]) -> str:
    if not values:
        return "no requests"
    ordered = sorted(values)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    return f"n={len(ordered)}  p50={at(0.50):.1f} ms  p95={at(0.95):.1f} ms  p99={at(0.99):.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--interval", type=float, default=0.25, help="seconds between requests")
    parser.add_argument("--baseline-seconds", type=float, default=8.0)
    parser.add_argument("--queue-url", default="")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="studyguide-bench-") as folder:
        work = Path(folder)
        env = server_environment(f"sqlite:///{work / 'bench.db'}", uuid.uuid4().hex)
        env.update(
            STUDYGUIDE_QUEUE_FILE=str(work / "queue.sqlite3"),
            STUDYGUIDE_QUEUE_URL=args.queue_url,
            STUDYGUIDE_QUEUE_NAME=f"bench-{uuid.uuid4().hex[:8]}",
            STUDYGUIDE_INSTRUCTOR_PASSWORD=PASSWORD,
        )
        prepare_database(env)
        subprocess.run(
            [sys.executable, "-m", "flask", "--app", "studyguide", "create-instructor", EMAIL],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )  # fmt: skip
        server = Server(env, work / "gunicorn.log")
        try:
            server.start()
            with running_consumer(env, work / "consumer.log"):
                run_benchmark(server.base_url, args)
        finally:
            server.stop()


def run_benchmark(base: str, args: argparse.Namespace) -> None:
    client = Client(base)
    client.login()
    draft_ready(client, "Warm-up", synthetic_transcript(1_000, seed=1))  # imports, caches
    for words in (10_000, 100_000):
        seconds, job = draft_ready(client, f"Bench {words}", synthetic_transcript(words))
        print(f"upload → draft ready, {words:>7,} words: {seconds:6.2f} s  ({job['message']})")

    load = LightLoad(base, args.clients, args.interval)
    time.sleep(args.baseline_seconds)
    print(f"other pages, alone:                  {percentiles(load.stop())}")

    load = LightLoad(base, args.clients, args.interval)
    seconds, job = draft_ready(client, "Bench under load", synthetic_transcript(100_000, seed=3))
    during = load.stop()
    print(f"other pages, during a 100k import:   {percentiles(during)}")
    print(f"  (that import took {seconds:.2f} s: {job['state']}, {job['message']})")


if __name__ == "__main__":
    main()
