"""Login throttling that slows a password guesser without locking the real student out.

Failed logins are counted in the database (table `login_failures`), so every worker and every
server sees the same counts with the embedded SQLite default as with PostgreSQL. Three counts:

- per address: after `free_per_address` failures from one client address (any accounts),
  that address waits before its next attempt;
- per account: after `free_per_account` failures against one account (from any address),
  the account is "under attack" and every address that has itself failed against it waits;
- per (account, address): which addresses have failed against the account. An address with
  no failure against it — the student at home while someone guesses elsewhere — still
  signs in at once, so nobody can lock a student out by failing on purpose.

Each wait doubles with every further failure (`backoff_seconds`, 2×, 4×, … up to
`max_backoff_seconds`); a count is forgotten `forget_after_seconds` after its last failure. A
successful login clears its own (account, address) count only: an attacker who owns one
account cannot wipe an address's or another account's record by logging in to it.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from studyguide.errors import Refused
from studyguide.extensions import db
from studyguide.models import LoginFailures, User, utcnow
from studyguide.services import accounts
from studyguide.services._tx import release_database, transaction

# Both dialects spell insert-if-absent ON CONFLICT DO NOTHING.
_INSERTS: dict[str, Any] = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


@dataclass(frozen=True)
class ThrottlePolicy:
    free_per_account: int = 5
    free_per_address: int = 20
    backoff_seconds: int = 15
    max_backoff_seconds: int = 900
    forget_after_seconds: int = 3600

    def delay(self, failures: int, free: int) -> timedelta:
        """Return how long to wait after `failures` failures of which `free` cost nothing."""
        if failures < free:
            return timedelta(0)
        doublings = min(failures - free, 30)
        return timedelta(seconds=min(self.max_backoff_seconds, self.backoff_seconds * 2**doublings))


class LoginThrottled(Refused):
    """Too many failed logins from here or against this account; try again later."""

    status = 429

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(
            f"Too many failed attempts. Please wait {retry_after} seconds and try again."
        )


def _keys(email: str, address: str) -> dict[str, str]:
    email = User.normalize_email(email)
    return {"account": email, "address": address, "pair": f"{email} {address}"}


def _load(keys: dict[str, str], *, for_update: bool = False) -> dict[str, LoginFailures]:
    query = sa.select(LoginFailures).where(
        sa.tuple_(LoginFailures.scope, LoginFailures.key).in_(list(keys.items()))
    )
    if for_update:
        query = query.order_by(LoginFailures.scope).with_for_update()
    return {row.scope: row for row in db.session.scalars(query)}


def seconds_to_wait(
    email: str, address: str, policy: ThrottlePolicy, *, now: datetime | None = None
) -> int:
    """Return how many seconds this address must wait before trying this account (0: none)."""
    now = now or utcnow()
    rows = _load(_keys(email, address))
    forget = timedelta(seconds=policy.forget_after_seconds)

    def blocked_for(scope: str) -> int:
        row = rows.get(scope)
        if row is None or row.blocked_until is None or row.last_failed_at < now - forget:
            return 0
        return max(0, int((row.blocked_until - now).total_seconds() + 0.999))

    wait = blocked_for("address")
    if "pair" in rows and rows["pair"].last_failed_at >= now - forget:
        wait = max(wait, blocked_for("account"))
    return wait


def record_failure(
    email: str, address: str, policy: ThrottlePolicy, *, now: datetime | None = None
) -> None:
    """Count one failed login against the account, the address and the pair, in one commit."""
    now = now or utcnow()
    keys = _keys(email, address)
    free = {"account": policy.free_per_account, "address": policy.free_per_address, "pair": 0}
    forget = timedelta(seconds=policy.forget_after_seconds)
    with transaction():
        # Forgotten counts go, so guesses at made-up emails cannot grow the table for ever.
        db.session.execute(
            sa.delete(LoginFailures).where(LoginFailures.last_failed_at < now - forget)
        )
        _insert_missing(keys, now)
        for scope, row in _load(keys, for_update=True).items():
            if row.last_failed_at < now - forget:
                row.failures = 0
            row.failures += 1
            row.last_failed_at = now
            if scope != "pair":
                row.blocked_until = now + policy.delay(row.failures, free[scope])


def _insert_missing(keys: dict[str, str], now: datetime) -> None:
    # Insert-if-absent, so two servers counting the first failure at once both count.
    rows = [
        {"scope": scope, "key": key, "failures": 0, "last_failed_at": now}
        for scope, key in keys.items()
    ]
    insert = _INSERTS[db.session.get_bind().dialect.name]
    db.session.execute(insert(LoginFailures).values(rows).on_conflict_do_nothing())


def record_success(email: str, address: str) -> None:
    """Forget this address's failures against this account (and only those)."""
    key = _keys(email, address)["pair"]
    with transaction():
        db.session.execute(
            sa.delete(LoginFailures).where(LoginFailures.scope == "pair", LoginFailures.key == key)
        )


def log_in(email: str, password: str, address: str, policy: ThrottlePolicy) -> User | None:
    """Return the account these credentials open, or None; count the failure either way.

    Raises:
        LoginThrottled: this address must wait before trying this account again (the
            password is then not checked at all, so waiting is the only way on).
    """
    wait = seconds_to_wait(email, address, policy)
    if wait:
        release_database()
        raise LoginThrottled(wait)
    user = accounts.authenticate(email, password)
    if user is None:
        record_failure(email, address, policy)
    else:
        record_success(email, address)
    return user
