"""Several app servers share login throttling: failed logins in the database, floods in Redis.

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
import sqlalchemy as sa

from studyguide import create_app
from studyguide.extensions import db
from studyguide.models import LoginFailures
from tests.factories import DEFAULT_PASSWORD, make_user

REDIS_URL = "redis://127.0.0.1:6379"
REPO_ROOT = Path(__file__).resolve().parents[2]
SERVER = """
import sys
from studyguide import create_app
app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False})
password, times, address = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for _ in range(times):
    response = app.test_client().post(
        "/account/login",
        data={"email": "victim@example.org", "password": password},
        environ_base={"REMOTE_ADDR": address},
    )
    print(response.status_code)
"""
ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def shared_env(tmp_path):
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.db'}",
        "SECRET_KEY": "shared-test-secret",
        "STUDYGUIDE_LOGIN_LIMIT_IP": "1000 per minute",
        # Longer than any pause between two processes here, however loaded the machine.
        "STUDYGUIDE_LOGIN_BACKOFF_SECONDS": "600",
    }
    setup = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": env["SECRET_KEY"],
            "SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"],
        }
    )
    with setup.app_context():
        db.create_all()
        make_user(email="victim@example.org")
        db.engine.dispose()
    env["app"] = setup
    return env


def _start_server(env, password: str, times: int, address: str) -> subprocess.Popen:
    """Start a server process that tries to log in `times` times from `address`."""
    return subprocess.Popen(
        [sys.executable, "-c", SERVER, password, str(times), address],
        env={**os.environ, **{k: v for k, v in env.items() if isinstance(v, str)}},
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def _statuses(server: subprocess.Popen) -> list[int]:
    out, _ = server.communicate(timeout=120)
    assert server.returncode == 0
    return [int(line) for line in out.split()]


def _login_on_a_server(env, password: str, times: int = 1, address: str = ATTACKER) -> list[int]:
    return _statuses(_start_server(env, password, times, address))


def test_failed_logins_on_two_servers_at_once_all_count(shared_env):
    # Two servers, one SQLite file, failing at the same time: no failure is lost.
    servers = [_start_server(shared_env, "wrong guess", 3, ATTACKER) for _ in range(2)]
    statuses = [status for server in servers for status in _statuses(server)]
    failed = statuses.count(200)
    assert failed >= 5 and failed + statuses.count(429) == 6
    with shared_env["app"].app_context():
        counts = db.session.execute(sa.select(LoginFailures.scope, LoginFailures.failures)).all()
        assert dict(counts) == {"account": failed, "address": failed, "pair": failed}
        db.engine.dispose()
    assert _login_on_a_server(shared_env, DEFAULT_PASSWORD) == [429]


def test_a_wait_earned_on_one_server_holds_on_the_other(shared_env):
    assert _login_on_a_server(shared_env, "wrong guess", times=5) == [200] * 5
    assert _login_on_a_server(shared_env, DEFAULT_PASSWORD) == [429]
    # The owner, from an address that has not failed, is not locked out.
    assert _login_on_a_server(shared_env, DEFAULT_PASSWORD, address=OWNER) == [302]


def test_the_flood_guard_counts_on_every_server_through_redis(shared_env):
    if not _redis_up():
        if os.environ.get("CI"):
            pytest.fail("Redis is not running on 127.0.0.1:6379 in CI")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    env = {
        **shared_env,
        "STUDYGUIDE_RATELIMIT_STORAGE_URI": REDIS_URL,
        "STUDYGUIDE_LOGIN_LIMIT_IP": "3 per minute",
        # A fresh prefix: counts from other runs never leak into this one.
        "STUDYGUIDE_RATELIMIT_KEY_PREFIX": f"studyguide-test-{uuid.uuid4().hex}",
    }
    assert _login_on_a_server(env, DEFAULT_PASSWORD, times=3, address=OWNER) == [302] * 3
    assert _login_on_a_server(env, DEFAULT_PASSWORD, address=OWNER) == [429]
