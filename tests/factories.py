"""Factories: `make_*(**overrides)` builds a valid object, committed, with sensible defaults."""

import itertools

from studyguide.extensions import db
from studyguide.models import User

DEFAULT_PASSWORD = "a long enough passphrase"
_counter = itertools.count(1)


def make_user(**overrides) -> User:
    n = next(_counter)
    password = overrides.pop("password", DEFAULT_PASSWORD)
    values = {"email": f"user{n}@example.org", "display_name": f"User {n}", "role": "student"}
    values.update(overrides)
    values["email"] = User.normalize_email(values["email"])
    user = User(**values)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user
