"""A login session belongs to the browser that logged in, and is not re-sent for nothing."""

from tests.factories import DEFAULT_PASSWORD, make_user

FIREFOX = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"}
CURL = {"User-Agent": "curl/8.5.0"}


def _log_in(client, headers, **extra):
    response = client.post(
        "/account/login",
        data={"email": "student@example.org", "password": DEFAULT_PASSWORD, **extra},
        headers=headers,
    )
    assert response.status_code == 302


def test_a_session_cookie_replayed_with_another_user_agent_is_logged_out(app, client):
    with app.app_context():
        make_user(email="student@example.org")
    _log_in(client, FIREFOX)
    assert client.get("/account/password", headers=FIREFOX).status_code == 200
    stolen = client.get_cookie("session").value

    replay = app.test_client()
    replay.set_cookie("session", stolen)
    refused = replay.get("/account/password", headers=CURL)
    assert refused.status_code == 302
    assert refused.headers["Location"].startswith("/account/login")
    # The refusal cleared the replayed session: it does not work with the right agent either.
    assert replay.get("/account/password", headers=FIREFOX).status_code == 302
    # The owner's own browser is still logged in.
    assert client.get("/account/password", headers=FIREFOX).status_code == 200


def test_a_replayed_session_does_not_fall_back_to_the_remember_cookie(app, client):
    with app.app_context():
        make_user(email="student@example.org")
    _log_in(client, FIREFOX, remember="y")
    replay = app.test_client()
    for name in ("session", "remember_token"):
        replay.set_cookie(name, client.get_cookie(name).value)
    assert replay.get("/account/password", headers=CURL).status_code == 302


def test_a_session_restored_from_the_remember_cookie_is_bound_to_its_browser(app, client):
    with app.app_context():
        make_user(email="student@example.org")
    _log_in(client, FIREFOX, remember="y")
    client.delete_cookie("session")  # the browser was closed
    assert client.get("/account/password", headers=FIREFOX).status_code == 200
    assert client.get("/account/password", headers=FIREFOX).status_code == 200


def test_a_plain_get_by_a_logged_in_student_sets_no_cookie(app, client, auth):
    auth.login_as_student()
    client.get("/lessons")  # the first page after login may still store a CSRF token
    response = client.get("/lessons")
    assert response.status_code == 200
    assert response.headers.getlist("Set-Cookie") == []
