"""With CSRF protection on, every unsafe request without a valid token is refused (issue 15).

Every rule of `app.url_map` × POST, PUT, PATCH, DELETE × the five roles of the access matrix:
a POST without a token, or with a token of another session, gets the "form expired" page
(400) and changes nothing; the other methods are 405. The same POST with the page's own token
gets what the access matrix says, so it is the token that the refusals are about.
"""

from __future__ import annotations

import pytest

from tests.web.access_client import UNSAFE, Site, csrf_token, matrix_config, outcome
from tests.web.access_world import ROLES
from tests.web.test_access_matrix import REFUSED, TABLE, _fill

EXPIRED = "Your form expired or was sent from elsewhere"


@pytest.fixture
def app_config(app_config, tmp_path):
    return {**matrix_config(app_config, tmp_path), "WTF_CSRF_ENABLED": True}


@pytest.fixture
def site(app, tmp_path) -> Site:
    return Site(app, tmp_path)


def _form_page(role: str) -> str:
    return "/account/login" if role == "anonymous" else "/account/password"


def _unsafe_cells(site: Site):
    for rule in site.app.url_map.iter_rules():
        route = TABLE[rule.endpoint]
        url = site.url(rule, _fill(route.args, site.values))
        for method in UNSAFE:
            if method == "POST" and route.post is not None:
                yield rule.endpoint, method, url, _fill(route.data, site.values), route.post
            elif method != "POST" and method not in rule.methods:
                yield rule.endpoint, method, url, {}, None


def test_unsafe_requests_without_a_valid_token_are_refused(site):
    wrong: list[str] = []
    checked = 0
    stranger = site.client("anonymous")
    foreign_token = csrf_token(stranger)  # a real token, of another session
    for endpoint, method, url, form, _row in _unsafe_cells(site):
        for role in ROLES:
            tokens = (None, foreign_token) if method == "POST" else (None,)
            for token in tokens:
                data = form if token is None else {**form, "csrf_token": token}
                response = site.client(role).open(url, method=method, data=data or None)
                body = response.get_data(as_text=True)
                refused = response.status_code == 400 and EXPIRED in body
                if method == "POST" and not refused:
                    wrong.append(f"{role} POST {url} ({endpoint}) token={bool(token)}: accepted")
                if method != "POST" and response.status_code != 405:
                    wrong.append(f"{role} {method} {url}: {response.status_code}, not 405")
                if site.dump() != site.rows:
                    wrong.append(f"{role} {method} {url} changed the database")
                    site.restore()
                checked += 1
    assert not wrong, "\n".join(wrong)
    posts = sum(1 for route in TABLE.values() if route.post is not None)
    assert checked >= posts * len(ROLES) * 2


def test_the_same_posts_with_their_own_token_get_what_the_matrix_says(site):
    wrong: list[str] = []
    for endpoint, method, url, form, row in _unsafe_cells(site):
        if method != "POST":
            continue
        # The first role the matrix lets through (or, for a route nobody may use, the last).
        allowed = [i for i, want in enumerate(row) if want not in REFUSED] or [len(ROLES) - 1]
        role, want = ROLES[allowed[0]], row[allowed[0]]
        client = site.client(role)
        token = csrf_token(client, _form_page(role))
        response = client.post(url, data={**form, "csrf_token": token})
        if outcome(response) != want or EXPIRED in response.get_data(as_text=True):
            wrong.append(f"{role} POST {url} ({endpoint}): {outcome(response)}, expected {want}")
        site.restore()
    assert not wrong, "\n".join(wrong)
