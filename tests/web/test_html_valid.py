"""Every page type is valid HTML: the Nu HTML checker (vnu-jar from npm) finds 0 errors.

The pages come from `tests.site_pages` (every GET route of `app.url_map`, each form sent empty,
the error pages), fetched with the test client over a seeded database and checked in one run of
the checker (its JVM takes seconds to start). Java is needed: without it the test skips, unless
STUDYGUIDE_REQUIRE_BROWSER=1 (CI), where that is a failure.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.site_pages import (
    REPO_ROOT,
    error_app,
    html_of,
    logged_in_clients,
    rendered_errors,
    seed,
    site_pages,
)

VNU = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _java() -> str:
    java = shutil.which("java")
    if java:
        return java
    reason = "java not found: the Nu HTML checker needs Java 11+ (apt-get install default-jre)"
    if os.environ.get("STUDYGUIDE_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def _vnu_errors(java: str, files: list) -> list[dict]:
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    messages = json.loads(result.stdout)["messages"]
    return [m for m in messages if m["type"] in ("error", "non-document-error")]


@pytest.fixture
def app_config(app_config: dict) -> dict:
    # The pages as served: with their CSRF token fields (each form has one).
    return {**app_config, "WTF_CSRF_ENABLED": True}


def test_every_page_type_is_valid_html(app, app_config, tmp_path):
    java = _java()
    assert VNU.exists(), f"{VNU} is missing: run `npm install` (make test does)"
    world = seed(app)
    clients = logged_in_clients(app)
    pages = site_pages(app, world, clients)
    errors = rendered_errors(error_app(app_config))
    files = {}
    for page in pages:
        path = tmp_path / page.file_name
        path.write_text(html_of(page, clients, errors), encoding="utf-8")
        files[path.name] = page.label
    assert len(files) == len(pages), "two pages share a file name"

    found = _vnu_errors(java, [tmp_path / page.file_name for page in pages])

    assert not found, f"{len(found)} HTML errors:\n" + _grouped(found, files)


def _grouped(messages: list[dict], labels: dict[str, str]) -> str:
    """One line per distinct error: how often, on which pages, an example."""
    groups: dict[str, list[dict]] = {}
    for message in messages:
        # Values in quotes (a time, an id) vary; the kind of error is the rest.
        groups.setdefault(re.sub("“[^”]*”", "“…”", message["message"]), []).append(message)
    lines = []
    for text, group in groups.items():
        pages = sorted({labels.get(Path(m.get("url", "?")).name, m.get("url", "?")) for m in group})
        example = group[0].get("extract", "").strip()
        lines.append(f"{len(group)}x {text}\n    on {', '.join(pages)}\n    e.g. {example!r}")
    return "\n".join(lines)
