"""Browser tests: Playwright drives Debian's Chromium against a real gunicorn on a free port.

Without Chromium these tests skip with a reason, unless STUDYGUIDE_REQUIRE_BROWSER=1 (set by
.ci/run), where a missing browser is a failure.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session", autouse=True)
def _require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    reason = f"Chromium not found at {CHROMIUM}: run `apt-get install -y chromium`"
    if os.environ.get("STUDYGUIDE_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not start in {timeout} s")


FLASK = [sys.executable, "-m", "flask", "--app", "studyguide"]


def server_env(workdir: Path) -> dict[str, str]:
    """The environment of a live server and its import worker: one database, one queue."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'e2e.db'}",
        "SECRET_KEY": "e2e-secret",
        "STUDYGUIDE_RATELIMIT_STORAGE_URI": "memory://",
        "STUDYGUIDE_QUEUE_FILE": str(workdir / "queue.sqlite3"),
        "STUDYGUIDE_QUEUE_URL": "",
        "STUDYGUIDE_WORKDIR": str(workdir),
    }
    env.pop("STUDYGUIDE_TEST_DATABASE_URL", None)
    return env


@pytest.fixture(scope="session")
def live_env(tmp_path_factory) -> dict[str, str]:
    """The environment of the live server and its import worker: one database, one queue."""
    return server_env(tmp_path_factory.mktemp("live"))


@pytest.fixture(scope="session")
def live_server(live_env) -> Iterator[str]:
    """Serve the app with gunicorn on a fresh SQLite database loaded with the curated courses."""
    with serve(live_env) as base_url:
        yield base_url


@contextmanager
def serve(env: dict[str, str]) -> Iterator[str]:
    """Upgrade the database of `env`, load the courses, run gunicorn; yield its URL."""
    workdir = Path(env["STUDYGUIDE_WORKDIR"])
    flask = FLASK
    subprocess.run(
        [*flask, "db", "upgrade"], env=env, cwd=REPO_ROOT, check=True, capture_output=True
    )
    if _has_command("load-courses"):
        subprocess.run(
            [*flask, "load-courses"], env=env, cwd=REPO_ROOT, check=True, capture_output=True
        )
    port = _free_port()
    log = open(workdir / "gunicorn.log", "wb")  # noqa: SIM115 (closed after the server stops)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--no-control-socket",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "studyguide:create_app()",
        ],
        env=env,
        cwd=REPO_ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url + "/", server)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=15)
        log.close()


def _has_command(name: str) -> bool:
    from studyguide import create_app
    from studyguide.cli import register  # noqa: F401  (import check only)

    return name in create_app({"SECRET_KEY": "probe"}).cli.commands


@pytest.fixture
def shot(page):
    """Screenshot the page at desktop and phone width, failing if it scrolls sideways."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> None:
        for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
            # Readable on a phone: nothing wider than the screen, so no sideways scrolling.
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= size["width"], f"{name} is {width}px wide at {size['width']}px"
        page.set_viewport_size(DESKTOP)

    return take


AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def audit(page):
    """Run axe-core on the current page and fail on any serious or critical violation."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm install` (make test does)")

    def run(label: str) -> None:
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document)")
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(node["target"][0] for node in v["nodes"][:3])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not serious, f"axe on {label}: " + "; ".join(serious)

    return run
