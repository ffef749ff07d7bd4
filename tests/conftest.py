"""Fixtures shared by every test: app, client, runner, auth, db.

The database is a real SQLite file per test, or the PostgreSQL server named by
STUDYGUIDE_TEST_DATABASE_URL (CI runs the `db`-marked tests a second time that way).
"""

import os
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from studyguide import create_app
from studyguide.extensions import db as _db
from studyguide.extensions import limiter
from tests.factories import DEFAULT_PASSWORD, make_user

TEST_DATABASE_URL = os.environ.get("STUDYGUIDE_TEST_DATABASE_URL")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Any test that builds the app touches the database: mark it for the PostgreSQL run.
    for item in items:
        if "app" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)


@pytest.fixture
def app_config(tmp_path) -> dict:
    """Settings for the test app; override this fixture to change them for a module."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL or f"sqlite:///{tmp_path / 'test.db'}",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "COURSES_DIR": str(tmp_path / "courses"),
    }


@pytest.fixture
def app(app_config, tmp_path) -> Iterator[Flask]:
    app = create_app(app_config)
    app.instance_path = str(tmp_path / "instance")
    with app.app_context():
        if TEST_DATABASE_URL:
            _db.drop_all()
        _db.create_all()
    limiter.reset()
    yield app
    with app.app_context():
        _db.session.remove()
        if TEST_DATABASE_URL:
            _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    """The database session inside an app context, for service tests."""
    with app.app_context():
        yield _db
        _db.session.rollback()


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app) -> FlaskCliRunner:
    return app.test_cli_runner()


class AuthActions:
    """Log in and out through the real forms, as a browser would."""

    def __init__(self, app: Flask, client: FlaskClient):
        self._app = app
        self._client = client

    def register(self, email="new@example.org", password=DEFAULT_PASSWORD, name="New Student"):
        return self._client.post(
            "/account/register",
            data={"display_name": name, "email": email, "password": password, "confirm": password},
        )

    def login(self, email="student@example.org", password=DEFAULT_PASSWORD, **extra):
        return self._client.post(
            "/account/login", data={"email": email, "password": password, **extra}
        )

    def logout(self):
        return self._client.post("/account/logout")

    def _login_as(self, role: str, email: str):
        with self._app.app_context():
            user = make_user(email=email, role=role)
            user_id = user.id
        response = self.login(email)
        assert response.status_code == 302, "test login failed"
        return user_id

    def login_as_student(self, email="student@example.org") -> int:
        """Create a student, log in as them, and return their id."""
        return self._login_as("student", email)

    def login_as_instructor(self, email="teacher@example.org") -> int:
        """Create an instructor, log in as them, and return their id."""
        return self._login_as("instructor", email)


@pytest.fixture
def auth(app, client) -> AuthActions:
    return AuthActions(app, client)


@pytest.fixture
def runner_plain():
    """A click runner for commands that need no app (pure package checks)."""
    from click.testing import CliRunner

    return CliRunner()
