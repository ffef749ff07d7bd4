"""Web layer: blueprints that parse a request, call one service and respond."""

from flask import Flask, abort, request
from werkzeug.routing import BaseConverter, IntegerConverter, Map

from studyguide import sqlite
from studyguide.extensions import db
from studyguide.web import nav, static_files

# Methods that never change state here (every state change is a POST with a CSRF token).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Every POST here is a form a page sent; any other body would read as an empty form.
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
# Ids are INTEGER columns, 32-bit on PostgreSQL: a larger id in a URL names nothing.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<id:...>`: a database id, so a positive integer that fits the id columns."""

    def __init__(self, map: Map) -> None:
        super().__init__(map, min=1, max=MAX_ID)


class SlugConverter(BaseConverter):
    """`<slug:...>`: a course or lesson slug as packages allow them (no NUL, no Unicode)."""

    regex = r"[a-z0-9-]{1,100}"


def wants_json() -> bool:
    """Return whether the client asked for JSON (quiz.js does; a browser's form post does not)."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def register_blueprints(app: Flask) -> None:
    """Register every blueprint of the site."""
    from studyguide.web import headers
    from studyguide.web.auth.routes import bp as auth_bp
    from studyguide.web.auth.session import configure_login
    from studyguide.web.cohorts.routes import bp as cohorts_bp
    from studyguide.web.curation.routes import bp as curation_bp
    from studyguide.web.instructor.routes import bp as instructor_bp
    from studyguide.web.lessons.routes import bp as lessons_bp
    from studyguide.web.main.routes import bp as main_bp
    from studyguide.web.progress.routes import bp as progress_bp
    from studyguide.web.quizzes.routes import bp as quizzes_bp
    from studyguide.web.review.routes import bp as review_bp

    # Before any blueprint: its rules are bound to the converters when registered.
    app.url_map.converters["id"] = IdConverter
    app.url_map.converters["slug"] = SlugConverter
    configure_login(app)
    nav.register(app)
    headers.register(app)
    static_files.register(app)
    app.before_request(_begin_reads_deferred)
    app.before_request(_refuse_non_form_bodies)
    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp, url_prefix="/account")
    app.register_blueprint(lessons_bp)
    app.register_blueprint(progress_bp)
    app.register_blueprint(quizzes_bp)
    app.register_blueprint(review_bp)
    app.register_blueprint(instructor_bp)
    app.register_blueprint(curation_bp)
    app.register_blueprint(cohorts_bp)


def _begin_reads_deferred() -> None:
    # On SQLite a page view then reads beside writers instead of queueing for the write lock.
    if request.method in SAFE_METHODS and request.endpoint != "static":
        if db.engine.dialect.name == "sqlite":
            sqlite.read_only_transaction(db.session())


def _refuse_non_form_bodies() -> None:
    # A JSON (or any other) body reads as an empty form: a submit would hand in blank answers.
    if request.method == "POST" and request.mimetype not in FORM_TYPES:
        if request.mimetype or request.content_length:
            abort(415)
