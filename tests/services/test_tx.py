"""`transaction()`: the one way a service ends a write."""

import pytest
import sqlalchemy as sa

from studyguide.models import User
from studyguide.services._tx import transaction
from tests.factories import make_user


def _names(db) -> list[str]:
    # Read on a connection of its own: it sees only what was committed.
    with db.engine.connect() as connection:
        return list(connection.scalars(sa.select(User.display_name).order_by(User.id)))


def test_the_block_is_committed_when_it_ends(db):
    user = make_user(display_name="Before")
    with transaction():
        user.display_name = "After"
    assert not db.session().in_transaction()
    assert _names(db) == ["After"]


def test_an_error_in_the_block_rolls_everything_back_and_travels_on(db):
    user = make_user(display_name="Before")
    with pytest.raises(RuntimeError, match="stop"), transaction():
        user.display_name = "After"
        db.session.flush()
        raise RuntimeError("stop")
    assert not db.session().in_transaction()
    assert _names(db) == ["Before"]


def test_a_failed_commit_is_rolled_back_and_its_error_raised(db):
    taken = make_user().email
    with pytest.raises(sa.exc.IntegrityError), transaction():
        db.session.add(User(email=taken, display_name="Twin", role="student"))
    assert not db.session().in_transaction()
    assert len(_names(db)) == 1
