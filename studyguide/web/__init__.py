"""Web layer: blueprints that parse a request, call one service and respond."""

from flask import Flask

from studyguide.web import nav


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
    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp, url_prefix="/account")
    app.register_blueprint(lessons_bp)
    app.register_blueprint(progress_bp)
    app.register_blueprint(quizzes_bp)
