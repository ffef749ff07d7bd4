"""Configuration: defaults here, overrides from STUDYGUIDE_*, DATABASE_URL and SECRET_KEY."""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
# scrypt's cost n for passwords (with r=8, p=1: werkzeug's default, ~100 ms and 32 MB a hash).
# Not in build_config, and no setting from the environment: only the tests lower it (config
# PASSWORD_SCRYPT_N), for accounts nobody attacks.
PASSWORD_SCRYPT_N = 2**15


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def load_secret_key(instance_path: Path) -> str:
    """Return SECRET_KEY from the environment, or one generated once into the instance folder.

    Never a fixed default: a key known to the world lets anyone forge session cookies.
    """
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Create with owner-only permissions; O_EXCL keeps two workers from writing different keys.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def database_url(instance_path: Path) -> str:
    """Return DATABASE_URL, normalised for psycopg 3, or the embedded SQLite file."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{instance_path / 'studyguide.db'}"
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def build_config(instance_path: Path, overrides: dict[str, Any]) -> dict[str, Any]:
    """Return the settings for an app whose instance folder is `instance_path`.

    `overrides` win over the environment; a SECRET_KEY among them means no key file is made.
    """
    secure_cookies = _env_bool("STUDYGUIDE_SECURE_COOKIES", False)
    settings = {
        "SECRET_KEY": overrides.get("SECRET_KEY") or load_secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "COURSES_DIR": os.environ.get(
            "STUDYGUIDE_COURSES_DIR", str(REPO_ROOT / "data" / "courses")
        ),
        "MAX_CONTENT_LENGTH": int(os.environ.get("STUDYGUIDE_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)),
        # The task queue (studyguide/jobs.py): Redis when a URL is given, else a SQLite file
        # in the instance folder. A running import whose worker has not reported for
        # IMPORT_STALE_SECONDS lost its worker: it is queued again (services/import_jobs.py).
        "QUEUE_URL": os.environ.get("STUDYGUIDE_QUEUE_URL", ""),
        "QUEUE_FILE": os.environ.get("STUDYGUIDE_QUEUE_FILE", ""),
        "QUEUE_NAME": os.environ.get("STUDYGUIDE_QUEUE_NAME", "studyguide"),
        "IMPORT_STALE_SECONDS": float(os.environ.get("STUDYGUIDE_IMPORT_STALE_SECONDS", 300)),
        # Cookies: HttpOnly always, SameSite=Lax, Secure when served over HTTPS.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure_cookies,
        "PERMANENT_SESSION_LIFETIME": timedelta(
            days=int(os.environ.get("STUDYGUIDE_SESSION_DAYS", 7))
        ),
        # Send the session cookie only when the session changed: re-signing it on every response
        # costs each request a Set-Cookie and makes responses uncacheable for nothing.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "REMEMBER_COOKIE_DURATION": timedelta(days=14),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        # A quiz may stay open for hours: the CSRF token lives as long as the session instead
        # of Flask-WTF's one-hour default, so a slow student's submit is never refused.
        "WTF_CSRF_TIME_LIMIT": None,
        "RATELIMIT_STORAGE_URI": os.environ.get("STUDYGUIDE_RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_KEY_PREFIX": os.environ.get("STUDYGUIDE_RATELIMIT_KEY_PREFIX", "studyguide"),
        "RATELIMIT_ENABLED": _env_bool("STUDYGUIDE_RATELIMIT_ENABLED", True),
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_RATE_LIMIT_IP": os.environ.get("STUDYGUIDE_LOGIN_LIMIT_IP", "20 per minute"),
        # Failed logins, counted in the database (studyguide/services/login_throttle.py).
        "LOGIN_THROTTLE": {
            "free_per_account": _env_int("STUDYGUIDE_LOGIN_FREE_FAILURES_ACCOUNT", 5),
            "free_per_address": _env_int("STUDYGUIDE_LOGIN_FREE_FAILURES_ADDRESS", 20),
            "backoff_seconds": _env_int("STUDYGUIDE_LOGIN_BACKOFF_SECONDS", 15),
            "max_backoff_seconds": _env_int("STUDYGUIDE_LOGIN_MAX_BACKOFF_SECONDS", 900),
            "forget_after_seconds": _env_int("STUDYGUIDE_LOGIN_FORGET_SECONDS", 3600),
        },
        # How many reverse proxies (load balancer, TLS terminator) stand before the app: their
        # X-Forwarded-For/-Proto then name the client's address (which login throttling
        # counts) and scheme. 0 trusts no such header: a client could forge it.
        "PROXY_HOPS": _env_int("STUDYGUIDE_PROXY_HOPS", 0),
        "SQLITE_BUSY_TIMEOUT_MS": int(os.environ.get("STUDYGUIDE_SQLITE_BUSY_TIMEOUT_MS", 10000)),
    }
    settings.update(_cache_settings())
    settings.update(overrides)
    return settings


def _cache_settings() -> dict[str, Any]:
    # Course content cached by content version (services/content_cache.py): a redis:// URL
    # shares one cache between workers; empty keeps a bounded cache in each process.
    return {
        "CACHE_URL": os.environ.get("STUDYGUIDE_CACHE_URL", ""),
        "CACHE_MAX_ENTRIES": _env_int("STUDYGUIDE_CACHE_MAX_ENTRIES", 1024),
        "CACHE_TTL_SECONDS": _env_int("STUDYGUIDE_CACHE_TTL_SECONDS", 86400),
        "CACHE_PREFIX": os.environ.get("STUDYGUIDE_CACHE_PREFIX", "studyguide"),
    }
