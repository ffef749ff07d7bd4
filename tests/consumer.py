"""A real Huey consumer in a subprocess (`huey_consumer studyguide.jobs.huey`), for tests and
benchmarks: it runs tasks against the same database and queue as the app under test."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
HUEY_CONSUMER = Path(sys.executable).parent / "huey_consumer"


def queue_env(database_url: str, queue_file: str, queue_url: str = "", name: str = "") -> dict:
    """The environment a consumer needs to share the app's database and queue."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "consumer-test-secret",
        "STUDYGUIDE_QUEUE_FILE": queue_file,
        "STUDYGUIDE_QUEUE_URL": queue_url,
        "STUDYGUIDE_RATELIMIT_STORAGE_URI": "memory://",
    }
    if name:
        env["STUDYGUIDE_QUEUE_NAME"] = name
    return env


@contextmanager
def running_consumer(env: dict, log_path: Path, workers: int = 1) -> Iterator[subprocess.Popen]:
    """Start a consumer; stop it (SIGTERM, then SIGKILL) when the block ends."""
    with open(log_path, "wb") as log:
        yield from _consume(env, log, workers)


def _consume(env: dict, log, workers: int) -> Iterator[subprocess.Popen]:  # type: ignore[no-untyped-def]
    process = subprocess.Popen(
        [
            str(HUEY_CONSUMER),
            "studyguide.jobs.huey",
            "-w",
            str(workers),
            "-k",
            "thread",
            "-d",
            "0.1",
        ],
        env=env,
        cwd=REPO_ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for(predicate, timeout: float = 60, interval: float = 0.1):  # type: ignore[no-untyped-def]
    """Poll `predicate` until it returns something truthy; return it, or fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"not reached within {timeout} s")
