"""Accounts: registration, authentication, password changes and session invalidation."""

import secrets
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from studyguide.errors import Refused
from studyguide.extensions import db
from studyguide.models import ReviewSettings, Role, User
from studyguide.services import review_settings
from studyguide.services._tx import transaction

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
def _dummy_hash() -> str:
    return generate_password_hash(secrets.token_hex(8), method="scrypt")


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
    user = User(email=email, display_name=display_name.strip(), role=role.value)
    user.set_password(password)
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
    if user is None:
        # Spend the same time hashing as for a real account, so timing does not reveal emails.
        check_password_hash(_dummy_hash(), password)
        return None
    return user if user.check_password(password) else None


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password and invalidate every other session of this user.

    Raises:
        AccountError: the current password is wrong or the new one is not acceptable.
    """
    if not user.check_password(current):
        raise AccountError("Your current password is not correct.")
    problem = password_problem(new, email=user.email)
    if problem:
        raise AccountError(problem)
    with transaction():
        user.set_password(new)
        user.rotate_session_token()


def end_all_sessions(user: User) -> None:
    """Invalidate every session and remember-me cookie issued to this user."""
    with transaction():
        user.rotate_session_token()


def load_user_from_session_id(session_id: str) -> User | None:
    """Return the user for a login id `"<id>:<token>"`, or None if the token was rotated."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    row = db.session.execute(_user_with_settings(), {"user_id": int(user_id)}).first()
    if row is None or row.User.session_token != token:
        return None
    review_settings.remember(row.User.id, row.ReviewSettings)
    return row.User


@cache
def _user_with_settings() -> sa.Select[User, ReviewSettings]:
    # Every request runs it, so it is built once. The review settings come along: the
    # navigation's due count needs them on every page.
    return (
        sa.select(User, ReviewSettings)
        .outerjoin(ReviewSettings, ReviewSettings.user_id == User.id)
        .where(User.id == sa.bindparam("user_id"))
    )


def create_or_promote_instructor(email: str, password: str, display_name: str) -> User:
    """Create an instructor, or make an existing account an instructor with this password."""
    user = find_by_email(email)
    if user is None:
        return register_user(email, display_name, password, role=Role.INSTRUCTOR)
    problem = password_problem(password, email=user.email)
    if problem:
        raise AccountError(problem)
    with transaction():
        user.role = Role.INSTRUCTOR.value
        user.set_password(password)
        user.rotate_session_token()
    return user
