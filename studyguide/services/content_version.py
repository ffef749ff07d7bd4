"""Keep the content version moving: every change to course content bumps it in its transaction.

What students see of a course lives in four models (Course, Lesson, Question, QuestionVersion).
Rather than trusting every service (and every test factory) to remember a bump, the session
bumps the version itself whenever it flushes a change to one of them, or runs a bulk UPDATE,
DELETE or INSERT on one: the bump commits or rolls back with the change. One bump a
transaction is enough.

Readers get the version for free: the user loader selects `version_column()` along with the
user (`remember`); `current()` costs one query only when nothing read it yet.
"""

from __future__ import annotations

from typing import Any, cast

import sqlalchemy as sa
from flask_sqlalchemy.session import Session
from sqlalchemy import event, orm

from studyguide.extensions import db
from studyguide.models import ContentVersion, Course, Lesson, Question, QuestionVersion
from studyguide.models.content_version import ROW_ID

CONTENT_MODELS = (Course, Lesson, Question, QuestionVersion)
# Keys of session.info, valid for one transaction: the version read, and that it was bumped.
_READ = "studyguide.content_version"
_BUMPED = "studyguide.content_bumped"
_table = cast(sa.Table, ContentVersion.__table__)


def version_column() -> sa.ScalarSelect[int]:
    """The content version as a scalar subquery, to select along with something else."""
    return sa.select(ContentVersion.version).where(ContentVersion.id == ROW_ID).scalar_subquery()


def remember(version: int | None) -> None:
    """Note the version read along with something else in this transaction."""
    db.session.info[_READ] = int(version or 0)


def current() -> int:
    """Return the content version this transaction sees (no query if already read)."""
    if _READ not in db.session.info:
        remember(db.session.scalar(sa.select(version_column())))
    return int(db.session.info[_READ])


def _bump(session: orm.Session) -> None:
    if session.info.get(_BUMPED):
        return
    # On the session's own connection: no autoflush, and it commits with the change.
    session.connection().execute(
        sa.update(_table).where(_table.c.id == ROW_ID).values(version=_table.c.version + 1)
    )
    session.info[_BUMPED] = True
    session.info.pop(_READ, None)


def _changes_content(session: orm.Session) -> bool:
    if any(isinstance(obj, CONTENT_MODELS) for obj in (*session.new, *session.deleted)):
        return True
    return any(
        isinstance(obj, CONTENT_MODELS) and session.is_modified(obj, include_collections=False)
        for obj in session.dirty
    )


def _before_flush(session: orm.Session, flush_context: Any, instances: Any) -> None:
    if not session.info.get(_BUMPED) and _changes_content(session):
        _bump(session)


def _on_execute(state: orm.ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    if any(mapper.class_ in CONTENT_MODELS for mapper in state.all_mappers):
        _bump(state.session)


def _transaction_ended(session: orm.Session, *args: Any) -> None:
    # The next transaction reads the version afresh: another worker may have moved it.
    session.info.pop(_BUMPED, None)
    session.info.pop(_READ, None)


def install() -> None:
    """Listen on Flask-SQLAlchemy's sessions (once per process; safe to call again)."""
    listeners = (
        ("before_flush", _before_flush),
        ("do_orm_execute", _on_execute),
        ("after_commit", _transaction_ended),
        ("after_rollback", _transaction_ended),
        ("after_soft_rollback", _transaction_ended),
    )
    for name, listener in listeners:
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
