"""Layout and error pages render in the site's look, without tracebacks."""

import pytest

from studyguide.extensions import db


def test_home_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Learn from real conversations" in response.data
    assert b"Sign up" in response.data


@pytest.mark.parametrize(("url", "code"), [("/no-such-page", 404), ("/account/logout", 405)])
def test_error_pages_use_the_site_template(client, url, code):
    response = client.get(url)
    assert response.status_code == code
    assert b'class="card error-page"' in response.data
    assert b"Traceback" not in response.data


def test_unexpected_error_renders_500_page(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    response = client.get("/boom")
    assert response.status_code == 500
    assert b"Something went wrong" in response.data
    assert b"kaboom" not in response.data


def test_too_large_upload_gets_413_page(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 10
    response = client.post("/account/login", data={"email": "x" * 100})
    assert response.status_code == 413
    assert b"larger than the site accepts" in response.data


def test_no_asset_is_loaded_from_another_host(client, auth):
    auth.login_as_student()
    html = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "http://" not in html and "https://" not in html


def test_navigation_shows_account_menu_when_logged_in(client, auth):
    auth.login_as_student()
    html = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "Change password" in html and "Log out" in html


def test_sqlite_runs_in_wal_with_foreign_keys(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite pragmas: this run uses PostgreSQL, which the SQLite run covers")
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
