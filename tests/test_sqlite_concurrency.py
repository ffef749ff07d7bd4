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
