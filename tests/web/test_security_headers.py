"""Every route answers with the security headers: walked over app.url_map with real ids."""

import pytest

from studyguide.web.headers import CONTENT_SECURITY_POLICY
from tests.web.route_walk import every_route, log_in_owner, seed_world, start_review_session

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


@pytest.fixture
def walked(app, client):
    """Request every route and method as the owner of everything; return the responses."""
    values = seed_world(app)
    log_in_owner(client)
    values["session_id"] = start_review_session(client)
    responses = []
    for route in every_route(app, values):
        if not client.get_cookie("session") or route.rule.endpoint == "auth.login":
            client.delete_cookie("session")
            log_in_owner(client)
        response = client.open(route.url, method=route.method)
        responses.append((route, response))
        response.close()
    return responses


def _failing(walked, check) -> list[str]:
    return [
        f"{route.method} {route.url} -> {response.status_code}"
        for route, response in walked
        if not check(route, response)
    ]


def test_every_route_was_walked_and_none_failed(app, walked):
    walked_rules = {(route.rule.rule, route.rule.endpoint) for route, _ in walked}
    assert walked_rules == {(rule.rule, rule.endpoint) for rule in app.url_map.iter_rules()}
    assert _failing(walked, lambda route, response: response.status_code < 500) == []
    ok = sum(1 for _, response in walked if response.status_code in (200, 302))
    assert ok >= len(walked) * 3 // 4, "the seeded ids should open most pages"


def test_every_route_sends_a_strict_content_security_policy(walked):
    def strict(route, response):
        policy = response.headers.get("Content-Security-Policy", "")
        return policy == CONTENT_SECURITY_POLICY and "unsafe-inline" not in policy

    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "style-src 'self'" in CONTENT_SECURITY_POLICY
    assert _failing(walked, strict) == []


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
    ],
)
def test_every_route_sends(walked, header, value):
    assert _failing(walked, lambda route, response: response.headers.get(header) == value) == []


def test_every_logged_in_page_and_post_response_is_not_stored(walked):
    def not_stored(route, response):
        if route.rule.endpoint == "static":
            return "no-store" not in response.headers.get("Cache-Control", "")
        return response.headers.get("Cache-Control") == "no-store"

    assert _failing(walked, not_stored) == []


def test_anonymous_pages_and_posts_are_not_stored(app):
    client = app.test_client()
    for method, url in [("GET", "/"), ("GET", "/account/login"), ("POST", "/account/login")]:
        response = client.open(url, method=method)
        assert response.headers["Cache-Control"] == "no-store", url


def test_no_hsts_over_plain_http(walked):
    assert (
        _failing(walked, lambda r, response: "Strict-Transport-Security" not in response.headers)
        == []
    )


def test_hsts_over_https(client):
    response = client.get("/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


@pytest.fixture
def behind_a_tls_proxy(app_config):
    return {**app_config, "SESSION_COOKIE_SECURE": True}


def test_hsts_behind_a_tls_proxy_when_cookies_are_secure(behind_a_tls_proxy, tmp_path):
    from studyguide import create_app

    app = create_app(behind_a_tls_proxy)
    response = app.test_client().get("/static/css/site.css")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    response.close()
