"""Accounts: students and instructors."""

import secrets
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from studyguide.models.base import Base, UTCDateTime, utcnow


class Role(StrEnum):
    STUDENT = "student"
    INSTRUCTOR = "instructor"


def new_session_token() -> str:
    return secrets.token_urlsafe(16)


class User(UserMixin, Base):
    __tablename__ = "users"
    __table_args__ = (sa.CheckConstraint("role IN ('student', 'instructor')", name="role_valid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased, so the unique constraint is case-insensitive on every database.
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(80))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(20), default=Role.STUDENT.value)
    # Part of the login cookie: rotating it on logout or password change invalidates every
    # session and remember-me cookie issued before.
    session_token: Mapped[str] = mapped_column(sa.String(64), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @staticmethod
    def normalize_email(email: str) -> str:
        return email.strip().lower()

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def rotate_session_token(self) -> None:
        self.session_token = new_session_token()

    @property
    def is_instructor(self) -> bool:
        return self.role == Role.INSTRUCTOR.value

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"


class LoginFailures(Base):
    """Failed logins counted per account, per address and per (account, address) pair.

    Kept in the database so every worker and server counts the same failures, with or without
    Redis. `blocked_until` is when the next attempt from this scope may be checked again.
    """

    __tablename__ = "login_failures"
    __table_args__ = (
        sa.CheckConstraint("scope IN ('account', 'address', 'pair')", name="scope_valid"),
    )

    scope: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(400), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    # Indexed: forgotten rows are deleted by it (login_throttle.record_failure).
    last_failed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
