"""Web layer: blueprints that parse a request, call one service and respond."""

from flask import Flask, request

from studyguide import sqlite
from studyguide.extensions import db
from studyguide.web import nav

# Methods that never change state here (every state change is a POST with a CSRF token).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def register_blueprints(app: Flask) -> None:
    """Register every blueprint of the site."""
    from studyguide.web.auth import bp as auth_bp
    from studyguide.web.auth.session import configure_login
    from studyguide.web.lessons import bp as lessons_bp
    from studyguide.web.main import bp as main_bp
    from studyguide.web.progress import bp as progress_bp
    from studyguide.web.quizzes import bp as quizzes_bp

    configure_login(app)
    nav.register(app)
    app.before_request(_begin_reads_deferred)
    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp, url_prefix="/account")
    app.register_blueprint(lessons_bp)
    app.register_blueprint(progress_bp)
    app.register_blueprint(quizzes_bp)


def _begin_reads_deferred() -> None:
    # On SQLite a page view then reads beside writers instead of queueing for the write lock.
    if request.method in SAFE_METHODS and request.endpoint != "static":
        if db.engine.dialect.name == "sqlite":
            sqlite.read_only_transaction(db.session())
