"""Every account path, including the bad inputs and the security behaviours."""

import pytest
import sqlalchemy as sa
from werkzeug.security import check_password_hash

from studyguide import create_app
from studyguide.extensions import db
from studyguide.models import User
from studyguide.web.auth.routes import LOGIN_FAILED
from tests.factories import DEFAULT_PASSWORD, make_user


def _users(app):
    with app.app_context():
        return db.session.scalars(sa.select(User)).all()


def test_register_creates_student_and_logs_in(app, client, auth):
    response = auth.register(email="Ada@Example.org", name="Ada")
    assert response.status_code == 302
    [user] = _users(app)
    assert (user.email, user.role, user.display_name) == ("ada@example.org", "student", "Ada")
    assert user.password_hash.startswith("scrypt:")
    assert b"<summary>Ada</summary>" in client.get("/", follow_redirects=True).data


def test_production_hashes_passwords_with_full_strength_scrypt():
    # The tests' app_config lowers the cost; an app configured as in production must not.
    from studyguide.services.accounts import hash_password

    with create_app({"SECRET_KEY": "production-like"}).app_context():
        stored = hash_password(DEFAULT_PASSWORD)
    assert stored.startswith("scrypt:32768:8:1$"), stored
    assert check_password_hash(stored, DEFAULT_PASSWORD)


@pytest.mark.parametrize(
    ("email", "password", "confirm", "message"),
    [
        ("not-an-email", DEFAULT_PASSWORD, DEFAULT_PASSWORD, b"Invalid email address."),
        ("a@example.org", "short", "short", b"at least 8 characters"),
        ("a@example.org", "password123", "password123", b"too common"),
        ("a@example.org", DEFAULT_PASSWORD, "something else", b"The passwords do not match."),
        ("", DEFAULT_PASSWORD, DEFAULT_PASSWORD, b"This field is required."),
    ],
)
def test_register_rejects_bad_input(app, client, email, password, confirm, message):
    response = client.post(
        "/account/register",
        data={"display_name": "A", "email": email, "password": password, "confirm": confirm},
    )
    assert response.status_code == 200
    assert message in response.data
    assert _users(app) == []


def test_register_rejects_duplicate_email_case_insensitively(app, auth):
    auth.register(email="dup@example.org")
    auth.logout()
    response = auth.register(email="DUP@example.ORG")
    assert response.status_code == 200
    assert b"An account with this email already exists." in response.data
    assert len(_users(app)) == 1


def test_login_and_logout(app, client, auth):
    with app.app_context():
        make_user(email="student@example.org", display_name="Stu")
    response = auth.login("Student@Example.org")
    assert response.status_code == 302
    assert b"Log out" in client.get("/", follow_redirects=True).data
    assert auth.logout().status_code == 302
    assert b"Log out" not in client.get("/", follow_redirects=True).data


def test_wrong_password_and_unknown_email_get_the_same_message(app, auth):
    with app.app_context():
        make_user(email="student@example.org")
    wrong_password = auth.login(password="not the password")
    unknown_email = auth.login(email="nobody@example.org")
    assert wrong_password.status_code == unknown_email.status_code == 200
    assert LOGIN_FAILED.encode() in wrong_password.data
    assert LOGIN_FAILED.encode() in unknown_email.data


def test_logout_is_post_only(auth, client):
    auth.login_as_student()
    assert client.get("/account/logout").status_code == 405


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/account/password", "/account/password"),
        ("https://evil.example/", "/"),
        ("//evil.example/path", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_login_next_accepts_only_local_paths(app, client, next_url, expected):
    with app.app_context():
        make_user(email="student@example.org")
    response = client.post(
        f"/account/login?next={next_url}",
        data={"email": "student@example.org", "password": DEFAULT_PASSWORD, "next": next_url},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_login_required_pages_redirect_to_login_with_next(client):
    response = client.get("/account/password")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login?next=")


def test_session_is_cleared_at_login(app, client, auth):
    with app.app_context():
        make_user(email="student@example.org")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    auth.login()
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"]


def test_cookie_captured_before_logout_no_longer_works(app, client, auth):
    auth.login_as_student()
    stolen = client.get_cookie("session").value
    auth.logout()
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    response = replay.get("/account/password")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login")


def test_password_change_logs_out_other_sessions_but_not_this_one(app, client, auth):
    auth.login_as_student()
    other_device = app.test_client()
    other_device.post(
        "/account/login", data={"email": "student@example.org", "password": DEFAULT_PASSWORD}
    )
    assert other_device.get("/account/password").status_code == 200
    response = client.post(
        "/account/password",
        data={
            "current": DEFAULT_PASSWORD,
            "new": "an even longer passphrase",
            "confirm": "an even longer passphrase",
        },
    )
    assert response.status_code == 302
    assert client.get("/account/password").status_code == 200
    assert other_device.get("/account/password").status_code == 302
    assert auth.login(password="an even longer passphrase").status_code == 302


@pytest.mark.parametrize(
    ("current", "new", "message"),
    [
        ("wrong current password", "an even longer passphrase", b"current password is not correct"),
        (DEFAULT_PASSWORD, "qwerty123", b"too common"),
        (DEFAULT_PASSWORD, "short", b"at least 8 characters"),
    ],
)
def test_password_change_rejects_bad_input(app, client, auth, current, new, message):
    auth.login_as_student()
    response = client.post(
        "/account/password", data={"current": current, "new": new, "confirm": new}
    )
    assert response.status_code == 200
    assert message in response.data
    assert auth.logout().status_code == 302
    assert auth.login().status_code == 302  # the old password still works


def test_remember_cookie_is_hardened(app, client):
    with app.app_context():
        make_user(email="student@example.org")
    response = client.post(
        "/account/login",
        data={"email": "student@example.org", "password": DEFAULT_PASSWORD, "remember": "y"},
    )
    cookies = {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}
    assert "HttpOnly" in cookies["remember_token"]
    assert "SameSite=Lax" in cookies["remember_token"]
    assert "HttpOnly" in cookies["session"] and "SameSite=Lax" in cookies["session"]
    assert app.config["REMEMBER_COOKIE_DURATION"].days <= 30
    assert app.config["PERMANENT_SESSION_LIFETIME"].days <= 14


def test_create_instructor_command(app, runner, monkeypatch):
    monkeypatch.setenv("STUDYGUIDE_INSTRUCTOR_PASSWORD", "instructor passphrase")
    result = runner.invoke(args=["create-instructor", "Teach@Example.org", "--name", "Dr T"])
    assert result.exit_code == 0, result.output
    [user] = _users(app)
    assert (user.email, user.role) == ("teach@example.org", "instructor")
    assert user.check_password("instructor passphrase")


def test_create_instructor_refuses_weak_password(app, runner, monkeypatch):
    monkeypatch.setenv("STUDYGUIDE_INSTRUCTOR_PASSWORD", "short")
    result = runner.invoke(args=["create-instructor", "teach@example.org"])
    assert result.exit_code != 0
    assert "at least 8 characters" in result.output
    assert _users(app) == []
