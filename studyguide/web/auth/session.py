"""Flask-Login wiring: how a login cookie maps to a user, and where `next` may lead.

A login session is bound to the browser that logged in: the session keeps a digest of its
User-Agent, and a session cookie replayed by another browser is logged out (see
`refuse_session_from_another_browser`). Flask-Login's own "strong" session protection cannot do
this here: for a permanent session (every session is, so it lasts STUDYGUIDE_SESSION_DAYS) it
only marks the session "not fresh". The client address is not part of the binding: phones
change address all day, and a student would be logged out mid-quiz.
"""

import hashlib
from urllib.parse import urlsplit

from flask import Flask, request, session
from flask_login import user_loaded_from_cookie

from studyguide.extensions import login_manager
from studyguide.models import User
from studyguide.services.accounts import load_user_from_session_id


def configure_login(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see this page."
    login_manager.login_message_category = "info"
    # Off: it does nothing for permanent sessions; the browser binding below replaces it.
    login_manager.session_protection = None
    # Before any view or hook loads current_user from the session.
    app.before_request(refuse_session_from_another_browser)
    user_loaded_from_cookie.connect(_bind_restored_session, app)


BROWSER_KEY = "_browser"


def browser_digest() -> str:
    """Return a digest of this request's User-Agent (the session stores no raw header)."""
    agent = request.headers.get("User-Agent", "")
    return hashlib.sha256(agent.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def bind_session_to_browser() -> None:
    """Mark the current login session as belonging to this browser (call at login)."""
    session[BROWSER_KEY] = browser_digest()


def refuse_session_from_another_browser() -> None:
    """Log out a login session sent by a browser other than the one that logged in."""
    if "_user_id" in session and session.get(BROWSER_KEY) != browser_digest():
        session.clear()
        # Also drop the remember-me cookie, which would otherwise log the replayer back in.
        session["_remember"] = "clear"


def _bind_restored_session(app: Flask, user: object) -> None:
    # A session rebuilt from the remember-me cookie belongs to the browser that sent it.
    bind_session_to_browser()


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
