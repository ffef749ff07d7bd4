"""Web layer: blueprints that parse a request, call one service and respond."""

from flask import Flask

from studyguide.web import nav


def register_blueprints(app: Flask) -> None:
    """Register every blueprint of the site."""
    from studyguide.web.auth import bp as auth_bp
    from studyguide.web.auth.session import configure_login
    from studyguide.web.main import bp as main_bp

    configure_login(app)
    nav.register(app)
    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp, url_prefix="/account")
