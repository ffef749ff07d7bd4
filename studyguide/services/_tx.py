"""The one way services end a write: `with transaction(): ...` commits, or rolls back on error.

On SQLite the transaction began with BEGIN IMMEDIATE (see `studyguide.sqlite`), so it holds the
write lock: rolling back at once on any failure, before the error travels up, lets the next
writer in. A failed commit (say a unique constraint that decided a race) is rolled back too,
and its error re-raised for the caller to translate.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from studyguide.extensions import db


@contextmanager
def transaction() -> Iterator[None]:
    """Commit the session when the block ends; roll it back if the block or the commit raises."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def release_database() -> None:
    """End the session's transaction, which has only read, before slow work that needs no data.

    On SQLite a request's transaction may hold the write lock from its first read; ending it
    lets other writers in meanwhile. Loaded objects are expired and reload when next used.
    """
    session = db.session()
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("release_database() would drop unsaved changes")
    if session.in_transaction():
        session.rollback()
