"""studyguide: turn interview and talk transcripts into grounded mentoring courses.

Importing the package imports nothing heavy: `studyguide.generator` and `studyguide.coursepack`
must stay usable without Flask or SQLAlchemy (tests/test_boundaries.py checks it).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

_PACKAGE_DIR = Path(__file__).resolve().parent


def _resource_dir(name: str) -> str:
    """Return the repo-level folder `name`, or its copy inside an installed wheel."""
    in_repo = _PACKAGE_DIR.parent / name
    return str(in_repo if in_repo.is_dir() else _PACKAGE_DIR / f"_{name}")


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Create the Flask application: config, extensions, blueprints, error pages and CLI."""
    from flask import Flask

    from studyguide import cli, errors, sqlite
    from studyguide.config import build_config
    from studyguide.extensions import csrf, db, limiter, login_manager, migrate
    from studyguide.services import content_cache, content_version
    from studyguide.web import register_blueprints

    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=_resource_dir("templates"),
        static_folder=_resource_dir("static"),
    )
    app.config.from_mapping(build_config(Path(app.instance_path), overrides=config or {}))

    sqlite.install(app.config["SQLITE_BUSY_TIMEOUT_MS"])
    db.init_app(app)
    migrate.init_app(app, db, directory=_resource_dir("migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)

    if app.config["PROXY_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    content_version.install()
    content_cache.init_app(app)
    register_blueprints(app)
    errors.register(app)
    cli.register(app)
    return app
