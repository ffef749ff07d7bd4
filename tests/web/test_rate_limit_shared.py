"""Several app servers share login rate-limit counts through Redis (as deployed behind a balancer).

The second server is a separate Python process: in one process every app would share the
extension's storage, which would prove nothing.
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
OTHER_SERVER = f"""
from studyguide import create_app
app = create_app({{"TESTING": True, "WTF_CSRF_ENABLED": False}})
response = app.test_client().post(
    "/account/login", data={{"email": "victim@example.org", "password": "{DEFAULT_PASSWORD}"}}
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


def _other_server_login(env: dict[str, str]) -> int:
    completed = subprocess.run(
        [sys.executable, "-c", OTHER_SERVER],
        env={**os.environ, **env},
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return int(completed.stdout.strip().splitlines()[-1])


def test_failed_logins_on_one_server_count_on_the_other(shared_env, monkeypatch):
    for name, value in shared_env.items():
        monkeypatch.setenv(name, value)
    first = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False})
    with first.app_context():
        db.create_all()
        make_user(email="victim@example.org")
    try:
        assert _other_server_login(shared_env) == 302  # the other server lets the user in
        wrong = {"email": "victim@example.org", "password": "wrong guess"}
        for _ in range(5):
            assert first.test_client().post("/account/login", data=wrong).status_code == 200
        assert _other_server_login(shared_env) == 429
    finally:
        with first.app_context():
            db.engine.dispose()
