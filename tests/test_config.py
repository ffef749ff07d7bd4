"""Configuration from the environment: secret key, database URL, cookie security."""

import stat

import pytest

from studyguide.config import build_config, database_url, load_secret_key


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = load_secret_key(tmp_path / "instance")
    second = load_secret_key(tmp_path / "instance")
    key_file = tmp_path / "instance" / "secret_key"
    assert first == second and len(first) >= 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert load_secret_key(tmp_path / "other") != first  # never a fixed default


def test_secret_key_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-env")
    assert load_secret_key(tmp_path) == "from-env"
    assert not (tmp_path / "secret_key").exists()


def test_a_secret_key_given_to_the_factory_makes_no_key_file(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    settings = build_config(tmp_path, overrides={"SECRET_KEY": "given"})
    assert settings["SECRET_KEY"] == "given"
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (None, "sqlite:///{instance}/studyguide.db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_url(tmp_path, monkeypatch, env, expected):
    if env is None:
        monkeypatch.delenv("DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("DATABASE_URL", env)
    assert database_url(tmp_path) == expected.format(instance=tmp_path)


@pytest.mark.parametrize(("flag", "secure"), [("1", True), ("0", False), (None, False)])
def test_secure_cookies_follow_the_https_setting(tmp_path, monkeypatch, flag, secure):
    if flag is None:
        monkeypatch.delenv("STUDYGUIDE_SECURE_COOKIES", raising=False)
    else:
        monkeypatch.setenv("STUDYGUIDE_SECURE_COOKIES", flag)
    settings = build_config(tmp_path, overrides={"SECRET_KEY": "x"})
    assert settings["SESSION_COOKIE_SECURE"] is secure
    assert settings["REMEMBER_COOKIE_SECURE"] is secure
    assert settings["SESSION_COOKIE_HTTPONLY"] and settings["SESSION_COOKIE_SAMESITE"] == "Lax"
