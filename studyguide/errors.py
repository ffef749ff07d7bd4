"""Error pages in the site's look, never a traceback."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from studyguide.extensions import db

_MESSAGES = {
    400: ("Bad request", "The request could not be understood. Please go back and try again."),
    403: ("Forbidden", "You do not have access to this page."),
    404: ("Not found", "There is nothing here. The link may be old or mistyped."),
    405: ("Method not allowed", "This page cannot be used that way."),
    413: ("Too large", "That upload is larger than the site accepts."),
    415: (
        "Unsupported form",
        "This page only accepts its own form. Go back to the page and send it from there.",
    ),
    429: ("Too many requests", "You have tried too often. Please wait a minute and try again."),
    500: ("Something went wrong", "An unexpected error occurred. Nothing you saved was lost."),
}


def render_error(code: int, message: str | None = None) -> tuple[str, int]:
    title, default = _MESSAGES.get(code, ("Error", "Something went wrong."))
    return render_template(
        "errors/error.html", code=code, title=title, message=message or default
    ), code


def register(app: Flask) -> None:
    """Register handlers that render every HTTP error with the site's error template."""

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
