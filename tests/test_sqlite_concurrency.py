"""Concurrent read-then-write transactions on one SQLite file never fail with "database is locked".

With pysqlite's default deferred BEGIN, two connections that both read and then write deadlock
and one fails at once, whatever the busy timeout. BEGIN IMMEDIATE (studyguide/sqlite.py) makes
the second writer wait its turn instead.
"""

import threading

import pytest
import sqlalchemy as sa

from studyguide.extensions import db
from studyguide.models import User
from tests.factories import make_user

THREADS = 8
ROUNDS = 15


def test_read_then_write_from_many_threads(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite locking behaviour; PostgreSQL has row locks")
        user_id = make_user(display_name="0").id
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def work() -> None:
        with app.app_context():
            start.wait()
            for _ in range(ROUNDS):
                try:
                    user = db.session.get(User, user_id)  # read first: takes a SHARED lock
                    user.display_name = str(int(user.display_name) + 1)
                    db.session.commit()
                except BaseException as error:  # noqa: BLE001 (collected and asserted below)
                    db.session.rollback()
                    errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    with app.app_context():
        # Every increment survived: no lost updates either.
        assert db.session.scalar(sa.select(User.display_name)) == str(THREADS * ROUNDS)


def _begins(app, client, method: str, url: str, **kwargs) -> list[str]:
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("BEGIN"):
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        client.open(url, method=method, **kwargs)
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    return statements


def test_page_views_read_deferred_and_posts_take_the_write_lock(app, client, auth):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite transaction modes")
    auth.login_as_student()
    assert _begins(app, client, "GET", "/account/password") == ["BEGIN"]
    posted = _begins(
        app,
        client,
        "POST",
        "/account/password",
        data={"current": "wrong", "new": "x" * 12, "confirm": "x" * 12},
    )
    assert posted and set(posted) == {"BEGIN IMMEDIATE"}
