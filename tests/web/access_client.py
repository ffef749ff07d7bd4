"""Requests for the access matrix: one logged-in cookie per role, URLs from the url_map, and a
database put back as it was after every request that may have changed it."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from studyguide.extensions import db
from tests.factories import DEFAULT_PASSWORD
from tests.web.access_world import EMAILS, ROLES, seed

LOGIN = "login"  # a 302 to the login page, as opposed to any other redirect
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
METHODS = ("GET", *UNSAFE)
_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def matrix_config(base: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    """The test app's settings for the matrix: its own SQLite file even in the PostgreSQL run
    (see tests/web/test_access_matrix.py), and login limits above its hundreds of requests."""
    return {
        **base,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'matrix.db'}",
        "LOGIN_RATE_LIMIT_IP": "10000 per minute",
        "LOGIN_RATE_LIMIT_ACCOUNT": "10000 per minute",
    }


def csrf_token(client: FlaskClient, url: str = "/account/login") -> str:
    match = _TOKEN.search(client.get(url).get_data(as_text=True))
    assert match, f"no CSRF token on {url}"
    return match.group(1)


class Site:
    """The seeded app, a cookie per role, and the database's saved state."""

    def __init__(self, app: Flask, tmp_path: Path) -> None:
        self.app = app
        self.live = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
        self.saved = tmp_path / "saved.db"
        with app.app_context():
            self.values = seed()
        self.cookies = {role: self._log_in(role) for role in ROLES}
        self._copy(self.live, self.saved)
        self.rows = self.dump()

    def _log_in(self, role: str) -> str | None:
        if role == "anonymous":
            return None
        client = self.app.test_client()
        data = {"email": EMAILS[role], "password": DEFAULT_PASSWORD}
        if self.app.config["WTF_CSRF_ENABLED"]:
            data["csrf_token"] = csrf_token(client)
        response = client.post("/account/login", data=data)
        assert response.status_code == 302, f"{role} could not log in"
        cookie = client.get_cookie("session")
        assert cookie is not None
        return cookie.value

    def client(self, role: str) -> FlaskClient:
        client = self.app.test_client()
        cookie = self.cookies[role]
        if cookie is not None:
            client.set_cookie("session", cookie)
        return client

    def url(self, rule: Rule, args: dict[str, Any]) -> str:
        values = {**self.values, **args}
        built = rule.build({name: values[name] for name in rule.arguments})
        assert built is not None, rule.rule
        return built[1]

    def _copy(self, source: Path, target: Path) -> None:
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()
        src, dst = sqlite3.connect(source), sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()

    def restore(self) -> None:
        """Put the database back as it was after seeding and logging in."""
        self._copy(self.saved, self.live)

    def dump(self) -> dict[str, list[str]]:
        """Every row of every table, as sorted strings."""
        with self.app.app_context():
            return {
                table.name: sorted(map(repr, db.session.execute(sa.select(table))))
                for table in db.metadata.sorted_tables
            }


def outcome(response: Any) -> int | str:
    """The response as the matrix names it: its status, or LOGIN for a redirect to log in."""
    location = response.headers.get("Location", "")
    if response.status_code == 302 and location.startswith("/account/login"):
        return LOGIN
    return response.status_code
