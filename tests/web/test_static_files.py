"""Static files: pages link them by content hash, and that exact version is cached for a year."""

import re
from pathlib import Path

from studyguide.web.static_files import ONE_YEAR, fingerprints


def _stylesheet(client) -> str:
    html = client.get("/account/login").get_data(as_text=True)
    return re.search(r'href="(/static/css/site\.css[^"]*)"', html).group(1)


def test_pages_link_static_files_by_their_content_hash(app, client):
    url = _stylesheet(client)
    digest = fingerprints(Path(app.static_folder))["css/site.css"]
    assert url == f"/static/css/site.css?v={digest}"


def test_the_fingerprinted_version_is_cached_for_a_year(client):
    with client.get(_stylesheet(client)) as response:
        assert response.status_code == 200
        assert response.cache_control.max_age == ONE_YEAR
        assert response.cache_control.public and response.cache_control.immutable


def test_a_url_without_the_current_hash_still_serves_the_file_but_revalidates(client):
    for url in ("/static/css/site.css", "/static/css/site.css?v=0123456789ab"):
        with client.get(url) as response:
            assert response.status_code == 200 and b"{" in response.data
            assert response.cache_control.max_age != ONE_YEAR
            assert not response.cache_control.immutable


def test_a_changed_file_gets_a_new_fingerprint(tmp_path):
    (tmp_path / "a.css").write_text("a {}")
    before = fingerprints(tmp_path)["a.css"]
    (tmp_path / "a.css").write_text("a { color: red }")
    assert fingerprints(tmp_path)["a.css"] != before
