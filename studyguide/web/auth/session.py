"""Flask-Login wiring: how a login cookie maps to a user, and where `next` may lead."""

from urllib.parse import urlsplit

from flask import Flask, request

from studyguide.extensions import login_manager
from studyguide.models import User
from studyguide.services.accounts import load_user_from_session_id


def configure_login(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see this page."
    login_manager.login_message_category = "info"
    # Flask-Login's "strong" protection drops the session when the IP or browser changes.
    login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    return load_user_from_session_id(session_id)


def safe_next_url(target: str | None) -> str | None:
    """Return `target` if it is a path on this site, else None (no open redirects)."""
    if not target:
        return None
    target = target.strip()
    # Browsers treat backslashes as slashes, so "/\\evil.com" is "//evil.com"; they drop tabs
    # and newlines, which a Location header cannot carry anyway.
    if "\\" in target or not target.startswith("/") or target.startswith("//"):
        return None
    if any(ord(char) < 32 or ord(char) == 127 for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def next_url_from_request() -> str | None:
    return safe_next_url(request.args.get("next") or request.form.get("next"))
