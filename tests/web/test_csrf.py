"""With CSRF protection on (as in production), a state-changing POST without a token is refused."""

import re
import time

import pytest

from tests.factories import DEFAULT_PASSWORD, make_user


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


def _token(client, url):
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_login_without_token_is_refused(app, client):
    with app.app_context():
        make_user(email="student@example.org")
    response = client.post(
        "/account/login", data={"email": "student@example.org", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 400
    assert b"form expired" in response.data


def test_login_with_token_works(app, client):
    with app.app_context():
        make_user(email="student@example.org")
    token = _token(client, "/account/login")
    response = client.post(
        "/account/login",
        data={"email": "student@example.org", "password": DEFAULT_PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302


def test_logout_without_token_keeps_the_session(app, client):
    with app.app_context():
        make_user(email="student@example.org")
    token = _token(client, "/account/login")
    client.post(
        "/account/login",
        data={"email": "student@example.org", "password": DEFAULT_PASSWORD, "csrf_token": token},
    )
    response = client.post("/account/logout")
    assert response.status_code == 400
    assert client.get("/account/password").status_code == 200


def test_a_form_left_open_for_hours_still_submits(app, client, monkeypatch):
    with app.app_context():
        make_user(email="student@example.org")
    token = _token(client, "/account/login")
    later = time.time() + 6 * 3600
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    response = client.post(
        "/account/login",
        data={"email": "student@example.org", "password": DEFAULT_PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
