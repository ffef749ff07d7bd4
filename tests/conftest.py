"""Fixtures shared by every test: app, client, runner, auth, db.

The database is a real SQLite file per test, or the PostgreSQL server named by
STUDYGUIDE_TEST_DATABASE_URL (CI runs the `db`-marked tests a second time that way). Under
pytest-xdist each worker gets a database of its own on that server, created and dropped here.
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from studyguide import create_app
from studyguide.extensions import db as _db
from studyguide.extensions import limiter
from studyguide.models.content_version import insert_the_row
from tests.factories import DEFAULT_PASSWORD, make_user


def _worker_database_url(url: str | None) -> str | None:
    """The PostgreSQL database of this xdist worker (`<name>_gw0`...), or `url` itself."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    parsed = sa.make_url(url)
    return parsed.set(database=f"{parsed.database}_{worker}").render_as_string(hide_password=False)


TEST_DATABASE_URL = _worker_database_url(os.environ.get("STUDYGUIDE_TEST_DATABASE_URL"))


def _on_server(statement: str) -> None:
    """Run `statement` (CREATE/DROP DATABASE) on the test server outside any transaction."""
    server = sa.make_url(TEST_DATABASE_URL).set(database="postgres")
    engine = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(statement)
    finally:
        engine.dispose()


def pytest_configure(config: pytest.Config) -> None:
    if TEST_DATABASE_URL and os.environ.get("PYTEST_XDIST_WORKER"):
        name = sa.make_url(TEST_DATABASE_URL).database
        _on_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _on_server(f'CREATE DATABASE "{name}"')


@pytest.hookimpl(trylast=True)  # after the session's fixtures are torn down
def pytest_sessionfinish(session: pytest.Session) -> None:
    # Here, not in pytest_unconfigure: xdist may end a worker once its session has finished.
    if TEST_DATABASE_URL and os.environ.get("PYTEST_XDIST_WORKER"):
        name = sa.make_url(TEST_DATABASE_URL).database
        _on_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return
    if not _postgres_schema_made:
        return
    # The database was given to us: leave it as empty as we found it.
    engine = sa.create_engine(TEST_DATABASE_URL)
    try:
        _db.metadata.drop_all(engine)
    finally:
        engine.dispose()


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
        # Cheap scrypt, as tests/factories.py uses; test_auth checks production's strong one.
        "PASSWORD_SCRYPT_N": 1024,
    }


@pytest.fixture(scope="session")
def sqlite_schema(tmp_path_factory) -> Path:
    """A SQLite file holding the empty schema, made once: each test's database is a copy."""
    path = tmp_path_factory.mktemp("schema") / "schema.db"
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "schema", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"}
    )
    with app.app_context():
        _db.create_all()
        _db.engine.dispose()  # the last connection out writes the WAL back into the file
    assert not Path(f"{path}-wal").exists(), "the schema file is incomplete without its WAL"
    return path


_postgres_schema_made = False


def _empty_postgres_schema() -> None:
    """Empty every table; build the schema first in a session, or when a test dropped it.

    TRUNCATE is a fraction of the cost of dropping and creating two dozen tables per test.
    """
    global _postgres_schema_made
    existing = set(sa.inspect(_db.engine).get_table_names())
    if not _postgres_schema_made or not set(_db.metadata.tables) <= existing:
        _db.drop_all()
        _db.create_all()
        _postgres_schema_made = True
        return
    tables = ", ".join(f'"{table.name}"' for table in _db.metadata.sorted_tables)
    with _db.engine.begin() as connection:
        connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        # An emptied database is a new one: its content version row comes back as create_all
        # makes it (without it no content change would move the version).
        insert_the_row(connection)


def _start_empty(request: pytest.FixtureRequest) -> None:
    """Give the app's database the empty schema: a copy of `sqlite_schema` for a new file."""
    url = _db.engine.url
    if url.get_backend_name() == "postgresql":
        _empty_postgres_schema()
    elif url.database and url.database != ":memory:" and not Path(url.database).exists():
        shutil.copyfile(request.getfixturevalue("sqlite_schema"), url.database)
    else:
        _db.create_all()


@pytest.fixture
def app(app_config, tmp_path, request) -> Iterator[Flask]:
    app = create_app(app_config)
    app.instance_path = str(tmp_path / "instance")
    with app.app_context():
        _start_empty(request)
    limiter.reset()
    yield app
    with app.app_context():
        _db.session.remove()
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
