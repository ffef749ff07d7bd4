"""One root error for what the app will not do, and the one place errors become responses.

Services raise `NotFound`, `Conflict` or `Refused` (or a subclass) with a message for the user;
`register` maps each to its status, with the site's error page or, for a client that asks for
JSON, `{"ok": false, "message": ...}`. A `StudyguideError` of no kind is a bug: a 500 page.

The classes import nothing, so the pure packages (coursepack, questiontypes, generator) may
raise them too; Flask is imported only by `register`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


class StudyguideError(Exception):
    """Something the app will not do; the message is for the user."""

    status = 500


class NotFound(StudyguideError):
    """The thing asked for does not exist, or belongs to someone else (which looks the same)."""

    status = 404


class Conflict(StudyguideError):
    """The thing asked for changed state in the meantime (say, a quiz already submitted)."""

    status = 409


class Refused(StudyguideError):
    """The request is understood but cannot be carried out as asked (bad input, a rule)."""

    status = 400


_MESSAGES = {
    400: ("Bad request", "The request could not be understood. Please go back and try again."),
    403: ("Forbidden", "You do not have access to this page."),
    404: ("Not found", "There is nothing here. The link may be old or mistyped."),
    405: ("Method not allowed", "This page cannot be used that way."),
    409: ("Conflict", "This changed in the meantime. Reload the page and try again."),
    413: ("Too large", "That upload is larger than the site accepts."),
    415: (
        "Unsupported form",
        "This page only accepts its own form. Go back to the page and send it from there.",
    ),
    429: ("Too many requests", "You have tried too often. Please wait a minute and try again."),
    500: ("Something went wrong", "An unexpected error occurred. Nothing you saved was lost."),
}


def register(app: Flask) -> None:
    """Register the handlers that turn every error into a page in the site's look."""
    from flask import jsonify, render_template
    from flask_wtf.csrf import CSRFError
    from werkzeug.exceptions import HTTPException

    from studyguide.extensions import db
    from studyguide.web import wants_json

    def render_error(code: int, message: str | None = None) -> tuple[str, int]:
        title, default = _MESSAGES.get(code, ("Error", "Something went wrong."))
        page = render_template(
            "errors/error.html", code=code, title=title, message=message or default
        )
        return page, code

    @app.errorhandler(NotFound)
    @app.errorhandler(Conflict)
    @app.errorhandler(Refused)
    def refused(error: StudyguideError):  # type: ignore[no-untyped-def]
        if wants_json():
            return jsonify(ok=False, message=str(error)), error.status
        # Someone else's attempt looks exactly like one that does not exist: no details.
        return render_error(error.status, None if isinstance(error, NotFound) else str(error))

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):  # type: ignore[no-untyped-def]
        return render_error(
            400, "Your form expired or was sent from elsewhere. Reload the page and try again."
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        code = error.code or 500
        if code in _MESSAGES:
            return render_error(code)
        return error

    @app.errorhandler(500)
    def server_error(error: Exception):  # type: ignore[no-untyped-def]
        db.session.rollback()
        return render_error(500)
