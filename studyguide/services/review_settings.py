"""A student's review settings: time zone (for "today") and the session's limits."""

from __future__ import annotations

from studyguide import errors
from studyguide.extensions import db
from studyguide.models import ReviewSettings
from studyguide.services._tx import transaction
from studyguide.services.review_schedule import is_zone

LIMITS = {"time_limit_minutes": (1, 120), "card_limit": (1, 500), "new_per_day": (0, 100)}
# Key of db.session.info: the settings already read in this session (one request), by user.
# The navigation's due count needs them on every page; the user loader reads them with the
# user, so no page spends a query on them (and none twice).
_KNOWN = "studyguide.review_settings"


def _defaults(user_id: int) -> ReviewSettings:
    return ReviewSettings(
        user_id=user_id, time_zone=None, time_limit_minutes=10, card_limit=40, new_per_day=10
    )


def remember(user_id: int, settings: ReviewSettings | None) -> None:
    """Note the student's settings row (None: they have none), read along with something else."""
    db.session.info.setdefault(_KNOWN, {})[user_id] = settings or _defaults(user_id)


def settings_for(user_id: int) -> ReviewSettings:
    """Return the student's settings, or the defaults (unsaved) when they chose none."""
    known = db.session.info.setdefault(_KNOWN, {})
    if user_id not in known:
        known[user_id] = db.session.get(ReviewSettings, user_id) or _defaults(user_id)
    return known[user_id]


def save_settings(user_id: int, *, time_zone: str | None, **limits: int) -> ReviewSettings:
    """Store the student's time zone (None: the browser's) and session limits.

    Raises:
        Refused: an unknown time zone or a limit outside its range.
    """
    if time_zone and not is_zone(time_zone):
        raise errors.Refused(f"{time_zone!r} is not a time zone this site knows.")
    for name, value in limits.items():
        low, high = LIMITS[name]
        if not low <= value <= high:
            raise errors.Refused(f"Choose a {name.replace('_', ' ')} from {low} to {high}.")
    with transaction():
        settings = db.session.get(ReviewSettings, user_id)
        if settings is None:
            settings = ReviewSettings(user_id=user_id)
            db.session.add(settings)
        settings.time_zone = time_zone or None
        for name, value in limits.items():
            setattr(settings, name, value)
    remember(user_id, settings)
    return settings
