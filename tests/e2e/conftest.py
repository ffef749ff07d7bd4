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
from functools import cache
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


def prepare_database(env: dict[str, str]) -> None:
    """Upgrade the database of `env` and load the curated courses into it."""
    subprocess.run(
        [*FLASK, "db", "upgrade"], env=env, cwd=REPO_ROOT, check=True, capture_output=True
    )
    if _has_command("load-courses"):
        subprocess.run(
            [*FLASK, "load-courses"], env=env, cwd=REPO_ROOT, check=True, capture_output=True
        )


@pytest.fixture(scope="session")
def live_env(tmp_path_factory) -> dict[str, str]:
    """The environment of the live server and its import worker: one database, one queue."""
    return server_env(tmp_path_factory.mktemp("live"))


@pytest.fixture(scope="session")
def live_server(live_env) -> Iterator[str]:
    """Serve the app with gunicorn on a fresh SQLite database loaded with the curated courses."""
    prepare_database(live_env)
    with serve(live_env) as base_url:
        yield base_url


@contextmanager
def serve(env: dict[str, str], workers: int = 2) -> Iterator[str]:
    """Run gunicorn on a free port with `env` (its log in STUDYGUIDE_WORKDIR); yield its URL."""
    workdir = Path(env["STUDYGUIDE_WORKDIR"])
    port = _free_port()
    log = open(workdir / "gunicorn.log", "wb")  # noqa: SIM115 (closed after the server stops)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--no-control-socket",
            "--workers",
            str(workers),
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
# Started and collected apart, so several tabs can run axe at once (see start_axe).
AXE_START = "() => { window.__axeRun = axe.run(document, {resultTypes: ['violations']}); }"
AXE_RESULT = "async () => await window.__axeRun"


def start_axe(page) -> None:
    """Start axe-core on the page without waiting for it; `serious_violations` collects it.

    axe is evaluated (or added by `context.add_init_script`), not added as a script tag: the
    site's Content-Security-Policy would refuse an injected script.
    """
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm install` (make test does)")
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(_axe_source())
    page.evaluate(AXE_START)


def serious_violations(page, *, started: bool = False) -> list[str]:
    """Run axe-core on the page (or collect the run `start_axe` began) and return its serious
    and critical violations, one line each."""
    if not started:
        start_axe(page)
    result = page.evaluate(AXE_RESULT)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(node["target"][0] for node in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _no_content_security_policy_violations(request):
    """Fail any browser test during which the page reported a CSP violation."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    reports: list[str] = []
    page.on("console", lambda message: reports.append(f"console {message.type}: {message.text}"))
    page.on("pageerror", lambda error: reports.append(f"pageerror: {error}"))
    yield
    violations = [r for r in reports if "content security policy" in r.lower()]
    assert violations == [], "CSP violations: " + "; ".join(violations)


@pytest.fixture
def audit(page):
    """Run axe-core on the current page and fail on any serious or critical violation."""

    def run(label: str) -> None:
        serious = serious_violations(page)
        assert not serious, f"axe on {label}: " + "; ".join(serious)

    return run
