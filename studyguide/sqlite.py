"""SQLite done right: WAL, a busy timeout, foreign keys, and BEGIN IMMEDIATE for transactions.

pysqlite's default deferred BEGIN takes the write lock only at the first write; two workers that
both read first then deadlock and one fails with "database is locked" however long the busy
timeout. Starting every transaction with BEGIN IMMEDIATE queues writers on the timeout instead.
This is SQLAlchemy's documented recipe for pysqlite transaction control.

A request that only reads (GET) need not queue behind writers: in WAL mode readers never block
and are never blocked, so its transaction begins deferred (see `read_only_transaction`).
"""

import sqlite3

import sqlalchemy as sa
import sqlalchemy.orm
from sqlalchemy import event

_busy_timeout_ms = 10000


def install(busy_timeout_ms: int) -> None:
    """Register the listeners once for every SQLite engine this process creates."""
    global _busy_timeout_ms
    _busy_timeout_ms = busy_timeout_ms
    if not event.contains(sa.engine.Engine, "connect", _on_connect):
        event.listen(sa.engine.Engine, "connect", _on_connect)
        event.listen(sa.engine.Engine, "begin", _on_begin)


def _on_connect(dbapi_connection: object, connection_record: object) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy's "begin" event emit BEGIN itself instead of pysqlite's implicit one.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {int(_busy_timeout_ms)}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


# Execution option that marks a connection whose transaction will only read.
READ_ONLY = "studyguide_read_only"


def read_only_transaction(session: sa.orm.Session) -> None:
    """Begin the session's transaction as a reader (deferred), if it has not begun yet.

    Only for work that never writes: a deferred transaction that later writes can fail with
    "database is locked" when another writer got there first.
    """
    if not session.in_transaction():
        session.connection(execution_options={READ_ONLY: True})


def _on_begin(connection: sa.Connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
