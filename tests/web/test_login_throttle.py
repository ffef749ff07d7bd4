"""Failed logins are throttled per account and per address, and the owner is never locked out."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from studyguide.models import LoginFailures, utcnow
from studyguide.services import login_throttle
from studyguide.services.login_throttle import ThrottlePolicy
from tests.factories import DEFAULT_PASSWORD, make_user

ATTACKER = {"REMOTE_ADDR": "203.0.113.66"}
OWNER_AT_HOME = {"REMOTE_ADDR": "198.51.100.7"}


@pytest.fixture
def app_config(app_config):
    # The limiter's flood guard counts every POST; lift it so these tests see the throttle.
    return {**app_config, "LOGIN_RATE_LIMIT_IP": "1000 per minute"}


def _login(client, email, password, address):
    return client.post(
        "/account/login", data={"email": email, "password": password}, environ_base=address
    )


def test_failures_against_an_account_make_the_failing_address_wait(app, client):
    with app.app_context():
        make_user(email="victim@example.org")
    for _ in range(5):
        assert _login(client, "victim@example.org", "wrong guess", ATTACKER).status_code == 200
    blocked = _login(client, "victim@example.org", DEFAULT_PASSWORD, ATTACKER)
    assert blocked.status_code == 429
    wait = re.search(rb"Too many failed attempts. Please wait (\d+) seconds", blocked.data)
    assert wait and 1 <= int(wait.group(1)) <= 15  # the first backoff step
    assert int(blocked.headers["Retry-After"]) >= int(wait.group(1))


def test_the_owner_signs_in_from_an_address_that_has_not_failed(app, client):
    with app.app_context():
        make_user(email="victim@example.org")
    for _ in range(8):
        _login(client, "victim@example.org", "wrong guess", ATTACKER)
    assert _login(client, "victim@example.org", DEFAULT_PASSWORD, ATTACKER).status_code == 429
    owner = app.test_client()
    assert _login(owner, "victim@example.org", DEFAULT_PASSWORD, OWNER_AT_HOME).status_code == 302


def test_an_attacking_address_is_not_a_lock_on_other_accounts(app, client):
    with app.app_context():
        make_user(email="victim@example.org")
        make_user(email="other@example.org")
    for _ in range(6):
        _login(client, "victim@example.org", "wrong guess", ATTACKER)
    assert _login(client, "other@example.org", DEFAULT_PASSWORD, ATTACKER).status_code == 302


def test_failures_from_one_address_over_many_accounts_make_it_wait(app, client):
    for n in range(20):
        assert _login(client, f"guess{n}@example.org", "wrong", ATTACKER).status_code == 200
    assert _login(client, "guess-last@example.org", "wrong", ATTACKER).status_code == 429
    with app.app_context():
        make_user(email="student@example.org")
    other = app.test_client()
    assert _login(other, "student@example.org", DEFAULT_PASSWORD, OWNER_AT_HOME).status_code == 302


def test_a_throttled_attempt_does_not_check_the_password(app, client, monkeypatch):
    with app.app_context():
        make_user(email="victim@example.org")
    for _ in range(5):
        _login(client, "victim@example.org", "wrong guess", ATTACKER)
    checked = []
    monkeypatch.setattr(login_throttle.accounts, "authenticate", lambda *args: checked.append(args))
    assert _login(client, "victim@example.org", DEFAULT_PASSWORD, ATTACKER).status_code == 429
    assert checked == []


POLICY = ThrottlePolicy(
    free_per_account=3,
    free_per_address=100,
    backoff_seconds=10,
    max_backoff_seconds=60,
    forget_after_seconds=600,
)


def _waits_after_each_failure(count: int) -> list[int]:
    start = utcnow()
    waits = []
    for n in range(count):
        now = start + timedelta(seconds=n)
        login_throttle.record_failure("a@example.org", "192.0.2.1", POLICY, now=now)
        waits.append(login_throttle.seconds_to_wait("a@example.org", "192.0.2.1", POLICY, now=now))
    return waits


def test_the_wait_doubles_with_every_further_failure_up_to_the_cap(db):
    assert _waits_after_each_failure(7) == [0, 0, 10, 20, 40, 60, 60]


def test_failures_are_forgotten_after_a_quiet_while(db):
    start = utcnow()
    for _ in range(5):
        login_throttle.record_failure("a@example.org", "192.0.2.1", POLICY, now=start)
    later = start + timedelta(seconds=601)
    assert login_throttle.seconds_to_wait("a@example.org", "192.0.2.1", POLICY, now=later) == 0
    login_throttle.record_failure("a@example.org", "192.0.2.1", POLICY, now=later)
    assert login_throttle.seconds_to_wait("a@example.org", "192.0.2.1", POLICY, now=later) == 0


def test_a_successful_login_clears_only_its_own_address(db):
    start = utcnow()
    for _ in range(4):
        login_throttle.record_failure("a@example.org", "192.0.2.1", POLICY, now=start)
        login_throttle.record_failure("a@example.org", "192.0.2.2", POLICY, now=start)
    login_throttle.record_success("a@example.org", "192.0.2.1")
    assert login_throttle.seconds_to_wait("a@example.org", "192.0.2.1", POLICY, now=start) == 0
    assert login_throttle.seconds_to_wait("a@example.org", "192.0.2.2", POLICY, now=start) > 0


@pytest.fixture
def behind_a_proxy(app_config):
    return {**app_config, "PROXY_HOPS": 1}


def test_behind_a_proxy_the_forwarded_address_is_the_one_counted(behind_a_proxy):
    from studyguide import create_app
    from studyguide.extensions import db

    app = create_app(behind_a_proxy)
    with app.app_context():
        db.create_all()
        make_user(email="victim@example.org")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    client = app.test_client()

    def via_proxy(client, password, forwarded_for):
        return client.post(
            "/account/login",
            data={"email": "victim@example.org", "password": password},
            headers={"X-Forwarded-For": forwarded_for},
            environ_base=proxy,
        )

    for _ in range(5):
        assert via_proxy(client, "wrong guess", "203.0.113.66").status_code == 200
    assert via_proxy(client, DEFAULT_PASSWORD, "203.0.113.66").status_code == 429
    assert via_proxy(app.test_client(), DEFAULT_PASSWORD, "198.51.100.7").status_code == 302
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def test_forgotten_failures_are_deleted(db):
    start = utcnow()
    login_throttle.record_failure("old@example.org", "192.0.2.1", POLICY, now=start)
    later = start + timedelta(seconds=601)
    login_throttle.record_failure("new@example.org", "192.0.2.9", POLICY, now=later)
    keys = set(db.session.scalars(sa.select(LoginFailures.key)))
    assert keys == {"new@example.org", "192.0.2.9", "new@example.org 192.0.2.9"}
