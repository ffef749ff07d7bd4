"""Every page type passes axe-core in Chromium with no serious or critical violation.

The pages are `tests.site_pages`: every GET route of `app.url_map` (as the first account that may
see it), each form sent empty, and the error pages, over a database seeded for them. They are
served by their own gunicorn (the seeding would change what the journeys' shared server shows)
and opened as a browser would: logged in through the form, forms sent with their CSRF token.
The error pages no request can provoke (400, 429, 500) are rendered by the app's real handlers
in-process and handed to the browser at their URL, with the site's stylesheets. All pages are
checked before the test fails, so one run lists every violation.
"""

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from studyguide import create_app
from studyguide.extensions import db
from tests.e2e.conftest import AXE, FLASK, REPO_ROOT, serious_violations, serve, start_axe
from tests.factories import DEFAULT_PASSWORD
from tests.site_pages import (
    INSTRUCTOR,
    STUDENT,
    RenderedErrors,
    error_app,
    logged_in_clients,
    rendered_errors,
    seed,
    site_pages,
)
from tests.site_pages import (
    Page as SitePage,
)

TABS = 2  # pages audited at once: the CI machine has 2 cores
SEND_FORM = """([to, fields]) => {
  const form = document.createElement('form');
  form.method = 'post';
  form.action = to;
  const token = document.querySelector('input[name="csrf_token"]');
  if (token) fields.push(['csrf_token', token.value]);
  for (const [name, value] of fields) {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.append(input);
  }
  document.body.append(form);
  form.submit();
}"""


@dataclass
class Site:
    base_url: str
    pages: list[SitePage]
    errors: RenderedErrors


@pytest.fixture(scope="module")
def site(live_env, tmp_path_factory) -> Iterator[Site]:
    """A server of its own over a migrated database seeded with what every page shows."""
    workdir = tmp_path_factory.mktemp("a11y")
    database = f"sqlite:///{workdir / 'a11y.db'}"
    env = {**live_env, "DATABASE_URL": database, "STUDYGUIDE_WORKDIR": str(workdir)}
    env["STUDYGUIDE_QUEUE_FILE"] = str(workdir / "queue.sqlite3")
    subprocess.run(
        [*FLASK, "db", "upgrade"], env=env, cwd=REPO_ROOT, check=True, capture_output=True
    )

    config = {
        "TESTING": True,
        "SECRET_KEY": env["SECRET_KEY"],
        "SQLALCHEMY_DATABASE_URI": database,
        "RATELIMIT_STORAGE_URI": "memory://",
        "WTF_CSRF_ENABLED": False,
        "QUEUE_FILE": env["STUDYGUIDE_QUEUE_FILE"],
    }
    app = create_app(config)
    world = seed(app)
    pages = site_pages(app, world, logged_in_clients(app))
    errors = rendered_errors(error_app(config))
    with app.app_context():
        db.engine.dispose()
    with serve(env) as base_url:
        yield Site(base_url, pages, errors)


def _context(browser: Browser, site: Site, email: str | None) -> BrowserContext:
    # bypass_csp: axe is evaluated into each page; the site's CSP must not refuse it.
    context = browser.new_context(bypass_csp=True, base_url=site.base_url)
    context.add_init_script(path=str(AXE))
    if email:
        page = context.new_page()
        page.goto("/account/login")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(lambda url: "/account/login" not in url)
        page.close()
    return context


def _open(tab: Page, site: Site, page: SitePage) -> int:
    """Open the page as a browser would reach it; return the status it answered."""
    if page.raised:
        html, headers = site.errors[page.status]
        tab.route(
            site.base_url + page.path,
            lambda route: route.fulfill(status=page.status, headers=headers, body=html),
        )
    response = tab.goto(page.path)
    if page.post_to:
        with tab.expect_navigation() as navigation:
            tab.evaluate(SEND_FORM, [page.post_to, [list(field) for field in page.data]])
        response = navigation.value
    assert response is not None, page.label
    return response.status


def test_no_page_type_has_a_serious_accessibility_violation(browser: Browser, site: Site):
    contexts = {
        "anonymous": _context(browser, site, None),
        "student": _context(browser, site, STUDENT),
        "instructor": _context(browser, site, INSTRUCTOR),
    }
    # axe runs in TABS tabs at once (Chromium gives each its own process); the pages' order does
    # not matter: no page, not even a form sent empty, changes what another shows.
    tabs = [{role: c.new_page() for role, c in contexts.items()} for _ in range(TABS)]
    found = {}
    for at in range(0, len(site.pages), TABS):
        batch = list(zip(site.pages[at : at + TABS], tabs, strict=False))
        for page, tab in batch:
            status = _open(tab[page.role], site, page)
            assert status == page.status, f"{page.label}: {status} in a browser, not {page.status}"
            start_axe(tab[page.role])
        for page, tab in batch:
            if violations := serious_violations(tab[page.role], started=True):
                found[page.label] = violations
    for context in contexts.values():
        context.close()
    report = "\n".join(f"{label}:\n  " + "\n  ".join(v) for label, v in found.items())
    assert not found, f"axe: serious or critical violations on {len(found)} pages:\n{report}"


def test_the_audit_reports_what_it_should(page: Page):
    # A page with an unlabelled field and an image without text: the audit is not blind.
    page.set_content(
        '<!doctype html><html lang="en"><title>t</title><main><h1>t</h1>'
        '<input type="text"><img src="data:,"></main></html>'
    )
    found = " ".join(serious_violations(page))
    assert "label (critical)" in found and "image-alt (critical)" in found, found
