"""`check-deploy`: refuse a production configuration that is not safe, saying why.

Run it on each app server with the environment the server will have:
`studyguide check-deploy --workers 4`. It exits 1 and lists every finding, else prints OK.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

# File systems on which SQLite's locking is unreliable: the database can be corrupted.
NETWORK_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p", "afs", "glusterfs", "ceph"}
)
MIN_SECRET_LENGTH = 32
WEAK_SECRETS = frozenset(
    {"dev", "development", "secret", "changeme", "change-me", "test", "password", "key"}
)


@dataclass(frozen=True)
class Deployment:
    """What the configuration cannot tell: how the site will be served."""

    workers: int = 1
    https: bool = True
    secret_from_environment: bool = True
    mounts_file: Path = Path("/proc/mounts")


def deploy_problems(config: Mapping[str, Any], deployment: Deployment) -> list[str]:
    """Return why this configuration is unsafe in production, one sentence each (none: safe)."""
    problems = [
        *_debug(config),
        *_secret_key(config, deployment),
        *_cookies(config, deployment),
        *_rate_limits(config, deployment),
        *_database(config, deployment),
    ]
    return problems


def _debug(config: Mapping[str, Any]) -> list[str]:
    if config.get("DEBUG") or os.environ.get("FLASK_DEBUG", "").lower() in {"1", "true"}:
        return [
            "Debug mode is on (FLASK_DEBUG): the debugger runs code for anyone who can raise "
            "an error. Unset FLASK_DEBUG."
        ]
    return []


def _secret_key(config: Mapping[str, Any], deployment: Deployment) -> list[str]:
    key = str(config.get("SECRET_KEY") or "")
    if not key:
        return ["SECRET_KEY is empty: sessions cannot be signed."]
    if len(key) < MIN_SECRET_LENGTH or key.lower() in WEAK_SECRETS or len(set(key)) < 8:
        return [
            f"SECRET_KEY is weak (under {MIN_SECRET_LENGTH} characters or guessable): anyone "
            "who guesses it can forge a login. Use `python -c 'import secrets; "
            "print(secrets.token_hex(32))'`."
        ]
    if not deployment.secret_from_environment:
        return [
            "SECRET_KEY is not set in the environment: each server generates its own key in "
            "instance/secret_key, so a login made on one server is refused by the others. "
            "Set the same SECRET_KEY on every server."
        ]
    return []


def _cookies(config: Mapping[str, Any], deployment: Deployment) -> list[str]:
    https = deployment.https or config.get("PREFERRED_URL_SCHEME") == "https"
    insecure = [
        name for name in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE") if not config.get(name)
    ]
    if https and insecure:
        return [
            f"{' and '.join(insecure)} off behind HTTPS: the browser would also send the login "
            "cookie over plain HTTP, where anyone on the network can read it. Set "
            "STUDYGUIDE_SECURE_COOKIES=1 (or pass --http if the site really is HTTP only)."
        ]
    return []


def _rate_limits(config: Mapping[str, Any], deployment: Deployment) -> list[str]:
    if not config.get("RATELIMIT_ENABLED", True):
        return ["Rate limiting is off (STUDYGUIDE_RATELIMIT_ENABLED=0): logins are not guarded."]
    storage = str(config.get("RATELIMIT_STORAGE_URI", "memory://"))
    if storage.startswith("memory://") and deployment.workers > 1:
        return [
            f"Rate limits are counted in memory with {deployment.workers} workers: each worker "
            "counts alone, so a client gets that many times the limit. Set "
            "STUDYGUIDE_RATELIMIT_STORAGE_URI=redis://... (failed logins are counted in the "
            "database either way)."
        ]
    return []


def _database(config: Mapping[str, Any], deployment: Deployment) -> list[str]:
    url = make_url(str(config.get("SQLALCHEMY_DATABASE_URI", "")))
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return []
    path = Path(url.database).resolve()
    fstype = _filesystem_of(path, deployment.mounts_file)
    # /mnt is where network shares are usually mounted, whatever /proc/mounts says today.
    where = fstype if fstype in NETWORK_FILESYSTEMS else "/mnt"
    if fstype in NETWORK_FILESYSTEMS or path.is_relative_to("/mnt"):
        return [
            f"The SQLite database {path} is on a network path ({where}): SQLite's "
            "locks do not hold there and the database can be corrupted. Keep it on a local "
            "disk, or use PostgreSQL (DATABASE_URL=postgresql://...)."
        ]
    return []


def _filesystem_of(path: Path, mounts_file: Path) -> str | None:
    """Return the type of the file system `path` is on, from a /proc/mounts-style file."""
    try:
        lines = mounts_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    best: tuple[int, str] | None = None
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = fields[1].replace("\\040", " ")
        if path.is_relative_to(mount_point) and (best is None or len(mount_point) > best[0]):
            best = (len(mount_point), fields[2])
    return best[1] if best else None


@click.command("check-deploy")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=lambda: int(os.environ.get("WEB_CONCURRENCY", 1)),
    help="How many gunicorn workers each server runs (default: $WEB_CONCURRENCY or 1).",
)
@click.option(
    "--https/--http",
    default=True,
    help="Whether the site is served over HTTPS (default: it is, as it should be).",
)
@with_appcontext
def check_deploy_command(workers: int, https: bool) -> None:
    """Check this configuration for production; exit 1 with the reasons if it is unsafe."""
    deployment = Deployment(
        workers=workers,
        https=https,
        secret_from_environment=bool(os.environ.get("SECRET_KEY")),
    )
    problems = deploy_problems(current_app.config, deployment)
    for problem in problems:
        click.echo(f"UNSAFE: {problem}", err=True)
    if problems:
        raise SystemExit(1)
    click.echo("OK: nothing unsafe found in this configuration.")
