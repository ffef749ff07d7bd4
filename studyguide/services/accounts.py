"""Accounts: registration, authentication, password changes and session invalidation.

Passwords are hashed with scrypt (~100 ms of CPU) outside any database transaction: on SQLite
a write transaction holds the database's one write lock (BEGIN IMMEDIATE), so hashing inside
one would stall every other writer — answer saves — for that long. Each function reads what it
needs, ends the transaction (`release_database`), hashes, and then writes in a short
transaction of its own.
"""

import secrets
from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from studyguide.config import PASSWORD_SCRYPT_N
from studyguide.errors import Refused
from studyguide.extensions import db
from studyguide.models import ReviewSettings, Role, User
from studyguide.models.user import new_session_token
from studyguide.services import content_version, review_queue, review_settings
from studyguide.services._tx import release_database, transaction

MIN_PASSWORD_LENGTH = 8
_COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")


class AccountError(Refused):
    """A request about an account that cannot be carried out; the message is for the user."""


@cache
def _common_passwords() -> frozenset[str]:
    lines = _COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash(secrets.token_hex(8), method=method)


def _hash_method() -> str:
    cost = current_app.config.get("PASSWORD_SCRYPT_N", PASSWORD_SCRYPT_N)
    return f"scrypt:{cost}:8:1"


def hash_password(password: str) -> str:
    """Return the stored form of `password` (slow on purpose: call it outside transactions)."""
    return generate_password_hash(password, method=_hash_method())


def _password_matches(stored_hash: str | None, password: str) -> bool:
    """Check `password` against `stored_hash` (None: no such account) with no lock held."""
    release_database()
    if stored_hash is None:
        # Spend the same time hashing as for a real account, so timing does not reveal emails.
        check_password_hash(_dummy_hash(_hash_method()), password)
        return False
    return check_password_hash(stored_hash, password)


def password_problem(password: str, *, email: str = "") -> str | None:
    """Return why `password` is not acceptable, or None when it is."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    lowered = password.lower()
    if lowered in _common_passwords():
        return "This password is too common; choose one that is harder to guess."
    local_part = email.split("@")[0].lower()
    if local_part and len(local_part) >= 4 and local_part in lowered:
        return "Do not use your email address in your password."
    return None


def find_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == User.normalize_email(email)))


def register_user(
    email: str, display_name: str, password: str, *, role: Role = Role.STUDENT
) -> User:
    """Create an account and commit it.

    Raises:
        AccountError: the email is taken or the password is not acceptable.
    """
    email = User.normalize_email(email)
    problem = password_problem(password, email=email)
    if problem:
        raise AccountError(problem)
    if find_by_email(email) is not None:
        raise AccountError("An account with this email already exists.")
    release_database()
    user = User(
        email=email,
        display_name=display_name.strip(),
        role=role.value,
        password_hash=hash_password(password),
    )
    try:
        with transaction():
            db.session.add(user)
    except sa.exc.IntegrityError as error:
        # Two registrations for the same email raced; the unique constraint decided.
        raise AccountError("An account with this email already exists.") from error
    return user


def authenticate(email: str, password: str) -> User | None:
    """Return the user whose credentials these are, or None (never saying which part was wrong)."""
    user = find_by_email(email)
    if not _password_matches(user.password_hash if user else None, password):
        return None
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password and invalidate every other session of this user.

    Raises:
        AccountError: the current password is wrong or the new one is not acceptable.
    """
    stored_hash, email = user.password_hash, user.email
    if not _password_matches(stored_hash, current):
        raise AccountError("Your current password is not correct.")
    problem = password_problem(new, email=email)
    if problem:
        raise AccountError(problem)
    _set_password(user, stored_hash, hash_password(new))


def end_all_sessions(user: User) -> None:
    """Invalidate every session and remember-me cookie issued to this user."""
    with transaction():
        user.rotate_session_token()


def load_user_from_session_id(session_id: str) -> User | None:
    """Return the user for a login id `"<id>:<token>"`, or None if the token was rotated."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    ahead = review_queue.due_count_ahead()
    if ahead is None:
        row = db.session.execute(_user_with_settings(), {"user_id": int(user_id)}).first()
    else:
        values = {"user_id": int(user_id), "at": ahead[0], "since": ahead[1]}
        row = db.session.execute(_user_with_settings_and_due_counts(), values).first()
    if row is None or row.User.session_token != token:
        return None
    review_settings.remember(row.User.id, row.ReviewSettings)
    content_version.remember(row.content_version)
    if ahead is not None:
        review_queue.remember_due_counts(row.User.id, *ahead, row[3:])
    return row.User


@cache
def _user_with_settings() -> sa.Select[User, ReviewSettings, int]:
    # Every request runs it, so it is built once. The review settings come along (the
    # navigation's due count needs them on every page), and the content version (the content
    # cache's key: read on every request, so another worker's edit is seen at once).
    return (
        sa.select(User, ReviewSettings, content_version.version_column().label("content_version"))
        .outerjoin(ReviewSettings, ReviewSettings.user_id == User.id)
        .where(User.id == sa.bindparam("user_id"))
    )


@cache
def _user_with_settings_and_due_counts() -> sa.Select:  # type: ignore[type-arg]
    # A page that shows the navigation's due count reads it with the user: one query, not two.
    return _user_with_settings().add_columns(*review_queue.due_count_columns(User.id))


def create_or_promote_instructor(email: str, password: str, display_name: str) -> User:
    """Create an instructor, or make an existing account an instructor with this password."""
    user = find_by_email(email)
    if user is None:
        return register_user(email, display_name, password, role=Role.INSTRUCTOR)
    problem = password_problem(password, email=user.email)
    if problem:
        raise AccountError(problem)
    stored_hash = user.password_hash
    release_database()
    _set_password(user, stored_hash, hash_password(password), role=Role.INSTRUCTOR)
    return user


def _set_password(user: User, old_hash: str, new_hash: str, *, role: Role | None = None) -> None:
    """Store `new_hash` and end every session, unless the password changed since it was read.

    The hash was computed outside the transaction, so the write compares and sets: of two
    password changes racing from one old password, only the first one wins.
    """
    values: dict[str, str] = {"password_hash": new_hash, "session_token": new_session_token()}
    if role is not None:
        values["role"] = role.value
    with transaction():
        changed: sa.CursorResult[Any] = db.session.execute(  # type: ignore[assignment]
            sa.update(User)
            .where(User.id == user.id, User.password_hash == old_hash)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
    if changed.rowcount != 1:
        raise AccountError("Your password was changed meanwhile; please try again.")
