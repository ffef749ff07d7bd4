"""The content version: one number that moves on every change to course content.

Courses, lessons, questions and question versions are what students see; any change to them
(an import, a browser edit, publishing, a deletion) bumps this number in the same transaction
(services/content_version.py). Caches of content are keyed by it, so every worker of every
process sees an edit at its next request.
"""

import time

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from studyguide.models.base import Base

# The one row's id.
ROW_ID = 1


def first_version() -> int:
    """Return the number a new database starts from: milliseconds since 1970.

    A shared cache (Redis) may still hold entries of a database that was recreated; starting
    from the clock, not from 1, keeps the new database's versions clear of the old one's.
    """
    return int(time.time() * 1000)


class ContentVersion(Base):
    __tablename__ = "content_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(sa.BigInteger)


def insert_the_row(connection: sa.Connection) -> None:
    """Give an empty `content_version` table its one row (a new or emptied database)."""
    connection.execute(ContentVersion.__table__.insert().values(id=ROW_ID, version=first_version()))


@sa.event.listens_for(ContentVersion.__table__, "after_create")
def _insert_the_row(table: sa.Table, connection: sa.Connection, **kw: object) -> None:
    # A schema made with create_all (tests, `db create`) gets its row as the migration does.
    insert_the_row(connection)
