"""`check-deploy` refuses each unsafe production setting, saying why, and passes a safe one."""

import subprocess
import sys
from pathlib import Path

import pytest

from studyguide.cli.deploy import Deployment, deploy_problems

STRONG_KEY = "7f3c9a1e5b2d4f6089a7c3e1b5d2f4a6c8e0b1d3f5a7c9e2"
REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def local_mounts(tmp_path):
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw,relatime 0 0\n"
        "fileserver:/export /srv/shared nfs4 rw,relatime 0 0\n"
        "//nas/share /srv/office\\040files cifs rw 0 0\n"
    )
    return mounts


def _safe_config(tmp_path) -> dict:
    return {
        "DEBUG": False,
        "SECRET_KEY": STRONG_KEY,
        "SESSION_COOKIE_SECURE": True,
        "REMEMBER_COOKIE_SECURE": True,
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "redis://cache.internal:6379",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'studyguide.db'}",
    }


def _problems(tmp_path, mounts, workers=4, **changes) -> list[str]:
    config = {**_safe_config(tmp_path), **changes}
    return deploy_problems(config, Deployment(workers=workers, mounts_file=mounts))


def test_a_safe_configuration_has_no_findings(tmp_path, local_mounts, monkeypatch):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    assert _problems(tmp_path, local_mounts) == []
    postgres = "postgresql+psycopg://studyguide@db.internal/studyguide"
    assert _problems(tmp_path, local_mounts, SQLALCHEMY_DATABASE_URI=postgres) == []


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"DEBUG": True}, "Debug mode is on"),
        ({"SECRET_KEY": ""}, "SECRET_KEY is empty"),
        ({"SECRET_KEY": "dev"}, "SECRET_KEY is weak"),
        ({"SECRET_KEY": "a" * 40}, "SECRET_KEY is weak"),
        ({"SESSION_COOKIE_SECURE": False}, "SESSION_COOKIE_SECURE off behind HTTPS"),
        ({"REMEMBER_COOKIE_SECURE": False}, "REMEMBER_COOKIE_SECURE off behind HTTPS"),
        ({"RATELIMIT_STORAGE_URI": "memory://"}, "counted in memory with 4 workers"),
        ({"RATELIMIT_ENABLED": False}, "Rate limiting is off"),
        ({"SQLALCHEMY_DATABASE_URI": "sqlite:////srv/shared/sg.db"}, "on a network path (nfs4)"),
        (
            {"SQLALCHEMY_DATABASE_URI": "sqlite:////srv/office files/sg.db"},
            "on a network path (cifs)",
        ),
        ({"SQLALCHEMY_DATABASE_URI": "sqlite:////mnt/data/sg.db"}, "on a network path (/mnt)"),
    ],
)
def test_each_unsafe_setting_is_found_with_its_reason(
    tmp_path, local_mounts, monkeypatch, changes, reason
):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    problems = _problems(tmp_path, local_mounts, **changes)
    assert len(problems) == 1 and reason in problems[0], problems


def test_memory_rate_limits_are_fine_with_one_worker(tmp_path, local_mounts):
    assert _problems(tmp_path, local_mounts, workers=1, RATELIMIT_STORAGE_URI="memory://") == []


def test_insecure_cookies_are_fine_on_a_site_served_over_http_only(tmp_path, local_mounts):
    config = {**_safe_config(tmp_path), "SESSION_COOKIE_SECURE": False}
    deployment = Deployment(workers=1, https=False, mounts_file=local_mounts)
    assert deploy_problems(config, deployment) == []
    https_scheme = {**config, "PREFERRED_URL_SCHEME": "https"}
    assert "SESSION_COOKIE_SECURE" in deploy_problems(https_scheme, deployment)[0]


def test_a_key_generated_per_server_is_a_finding(tmp_path, local_mounts):
    deployment = Deployment(secret_from_environment=False, mounts_file=local_mounts)
    problems = deploy_problems(_safe_config(tmp_path), deployment)
    assert len(problems) == 1 and "not set in the environment" in problems[0]


def _run(command: list[str], env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    base = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'sg.db'}",
    }
    return subprocess.run(
        command, env={**base, **env}, cwd=REPO_ROOT, capture_output=True, text=True, timeout=60
    )


SAFE_ENV = {
    "SECRET_KEY": STRONG_KEY,
    "STUDYGUIDE_SECURE_COOKIES": "1",
    "STUDYGUIDE_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
}
FLASK = [sys.executable, "-m", "flask", "--app", "studyguide", "check-deploy"]
STUDYGUIDE = [str(Path(sys.executable).parent / "studyguide"), "check-deploy"]


@pytest.mark.parametrize("command", [FLASK, STUDYGUIDE], ids=["flask", "studyguide"])
def test_the_command_exits_nonzero_and_says_why(command, tmp_path):
    unsafe = _run([*command, "--workers", "2"], {"FLASK_DEBUG": "1"}, tmp_path)
    assert unsafe.returncode == 1
    assert "Debug mode is on" in unsafe.stderr
    assert "SESSION_COOKIE_SECURE" in unsafe.stderr
    assert "counted in memory with 2 workers" in unsafe.stderr
    assert "not set in the environment" in unsafe.stderr
    safe = _run([*command, "--workers", "2"], SAFE_ENV, tmp_path)
    assert safe.returncode == 0, safe.stderr
    assert "OK" in safe.stdout
