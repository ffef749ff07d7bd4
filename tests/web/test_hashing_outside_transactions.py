"""No database lock is held while a password is hashed (scrypt takes ~100 ms of CPU).

The hasher is hooked: each time it runs, the request's session must have no transaction open,
and on SQLite a second, real connection must be able to take the write lock at once.
"""

import sqlite3

import pytest
from werkzeug import security

from studyguide.extensions import db
from studyguide.services import accounts
from tests.factories import DEFAULT_PASSWORD, make_user

NEW_PASSWORD = "an even longer passphrase"


@pytest.fixture
def hash_calls(app, monkeypatch):
    """Record, for every hash computed, whether a database lock was held at that moment."""
    calls: list[str] = []
    url = app.config["SQLALCHEMY_DATABASE_URI"]

    def locks_held() -> str:
        if db.session().in_transaction():
            return "session in a transaction"
        if url.startswith("sqlite:///"):
            other = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0)
            try:
                other.execute("BEGIN IMMEDIATE")
                other.rollback()
            except sqlite3.OperationalError as error:
                return f"write lock held: {error}"
            finally:
                other.close()
        return "free"

    def hooked(real):
        def hasher(*args, **kwargs):
            calls.append(locks_held())
            return real(*args, **kwargs)

        return hasher

    monkeypatch.setattr(accounts, "generate_password_hash", hooked(security.generate_password_hash))
    monkeypatch.setattr(accounts, "check_password_hash", hooked(security.check_password_hash))
    return calls


def _student(app):
    with app.app_context():
        make_user(email="student@example.org")


def test_login_hashes_with_no_lock_held(app, auth, hash_calls):
    _student(app)
    assert auth.login(password="wrong password").status_code == 200
    assert auth.login().status_code == 302
    assert hash_calls == ["free", "free"]


def test_login_to_an_unknown_account_hashes_with_no_lock_held(app, auth, hash_calls):
    assert auth.login(email="nobody@example.org").status_code == 200
    assert hash_calls and set(hash_calls) == {"free"}


def test_registration_hashes_with_no_lock_held(app, auth, hash_calls):
    assert auth.register().status_code == 302
    assert hash_calls == ["free"]


def test_password_change_hashes_with_no_lock_held(app, client, auth, hash_calls):
    auth.login_as_student()
    hash_calls.clear()
    response = client.post(
        "/account/password",
        data={"current": DEFAULT_PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert hash_calls == ["free", "free"]
    assert auth.logout().status_code == 302
    assert auth.login(password=NEW_PASSWORD).status_code == 302


def test_promoting_an_instructor_hashes_with_no_lock_held(app, hash_calls):
    _student(app)
    with app.app_context():
        user = accounts.create_or_promote_instructor("student@example.org", NEW_PASSWORD, "T")
        assert user.is_instructor and user.check_password(NEW_PASSWORD)
    assert hash_calls[:1] == ["free"]


def test_a_password_changed_meanwhile_is_not_overwritten(app, db):
    user = make_user(email="student@example.org")
    stale_hash = user.password_hash
    accounts.change_password(user, DEFAULT_PASSWORD, NEW_PASSWORD)
    with pytest.raises(accounts.AccountError, match="changed meanwhile"):
        accounts._set_password(user, stale_hash, accounts.hash_password("a third passphrase"))
    assert db.session.get(type(user), user.id).check_password(NEW_PASSWORD)
