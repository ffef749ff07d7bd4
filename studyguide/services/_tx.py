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
