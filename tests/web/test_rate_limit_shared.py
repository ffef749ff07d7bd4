"""Several app servers share login rate-limit counts through Redis (as deployed behind a balancer).

Each server is a separate Python process: in one process every app shares the extension's
storage (the first app's storage, whatever later apps configure), which would prove nothing.
"""

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from studyguide import create_app
from studyguide.extensions import db
from tests.factories import DEFAULT_PASSWORD, make_user

REDIS_URL = "redis://127.0.0.1:6379"
REPO_ROOT = Path(__file__).resolve().parents[2]
SERVER = """
import sys
from studyguide import create_app
app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False})
password, times = sys.argv[1], int(sys.argv[2])
for _ in range(times):
    response = app.test_client().post(
        "/account/login", data={"email": "victim@example.org", "password": password}
    )
    print(response.status_code)
"""


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def shared_env(tmp_path):
    if not _redis_up():
        if os.environ.get("CI"):
            pytest.fail("Redis is not running on 127.0.0.1:6379 in CI")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    return {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.db'}",
        "SECRET_KEY": "shared-test-secret",
        "STUDYGUIDE_RATELIMIT_STORAGE_URI": REDIS_URL,
        # A fresh prefix: counts from other runs never leak into this one.
        "STUDYGUIDE_RATELIMIT_KEY_PREFIX": f"studyguide-test-{uuid.uuid4().hex}",
    }


def _login_on_a_server(env: dict[str, str], password: str, times: int = 1) -> list[int]:
    """Start a server process, try to log in `times` times, and return the status codes."""
    completed = subprocess.run(
        [sys.executable, "-c", SERVER, password, str(times)],
        env={**os.environ, **env},
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return [int(line) for line in completed.stdout.split()]


def test_failed_logins_on_one_server_count_on_the_other(shared_env):
    setup = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": shared_env["SECRET_KEY"],
            "SQLALCHEMY_DATABASE_URI": shared_env["DATABASE_URL"],
        }
    )
    with setup.app_context():
        db.create_all()
        make_user(email="victim@example.org")
        db.engine.dispose()

    assert _login_on_a_server(shared_env, DEFAULT_PASSWORD) == [302]  # not locked out yet
    assert _login_on_a_server(shared_env, "wrong guess", times=5) == [200] * 5
    assert _login_on_a_server(shared_env, DEFAULT_PASSWORD) == [429]
