"""Hostile content in Chromium (issue 15): every page type that shows what people wrote, with
the XSS corpus (tests/data/xss-payloads.txt) in every field (tests/e2e/hostile_site.py), plus one
package carrying all of it through the real upload form. On each page: no dialog opens, no
element has an on* attribute, every script is the app's own file, there is no iframe, object,
embed, base or frame, every link and source keeps a safe scheme (http, https, mailto, or a
relative one), and the payloads are there as text (so the page did show them).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from studyguide import create_app
from studyguide.extensions import db
from tests.e2e.conftest import prepare_database, serve, server_env
from tests.e2e.hostile_site import EDITOR, PASSWORD, PAYLOADS, STUDENT, hostile_package, seed
from tests.e2e.hostile_site import zipped as zip_folder

# Runs in the page: returns a list of what should not be there.
INSPECT = """() => {
  const problems = [];
  const safe = ['http:', 'https:', 'mailto:'];
  const urlAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster',
                         'background', 'srcset', 'ping', 'cite'];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) problems.push(`<${el.localName} ${name}>`);
      if (name === 'srcdoc') problems.push(`<${el.localName} srcdoc>`);
      if (name === 'style' && /javascript:|expression\\(|url\\(/i.test(attr.value))
        problems.push(`<${el.localName} style="${attr.value}">`);
      if (urlAttributes.includes(name)) {
        let url = null;
        try { url = new URL(attr.value, document.baseURI); } catch (e) {}
        if (!url || !safe.includes(url.protocol))
          problems.push(`<${el.localName} ${name}="${attr.value}">`);
      }
    }
  }
  for (const script of document.scripts) {
    if (!script.src.startsWith(location.origin + '/static/') || script.text.trim())
      problems.push(`<script src="${script.src}">${script.text.slice(0, 60)}`);
  }
  const foreign = 'iframe, frame, frameset, object, embed, applet, base, portal, ' +
                  'meta[http-equiv="refresh" i][content*="javascript" i], link[rel="import"]';
  for (const el of document.querySelectorAll(foreign)) problems.push(`<${el.localName}>`);
  if (document.baseURI !== location.href.split('#')[0] && document.querySelector('base'))
    problems.push('a <base> changed the base URL');
  return problems;
}"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory) -> Iterator[tuple[str, dict, Path]]:
    """A live server of its own (the shared one must not show these courses) and the ids."""
    workdir = tmp_path_factory.mktemp("hostile")
    env = server_env(workdir)
    prepare_database(env)
    with serve(env) as base_url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"], "SECRET_KEY": "x"})
        with app.app_context():
            ids = seed(workdir)
            db.session.remove()
            db.engine.dispose()
        yield base_url, ids, workdir


def _log_in(page, base: str, email: str) -> None:
    page.goto(base + "/account/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit], form input[type=submit]")
    page.wait_for_load_state()
    assert "/account/login" not in page.url, f"{email} could not log in"


def _check_pages(page, base: str, paths: list[str]) -> list[str]:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    problems: list[str] = []
    for path in paths:
        response = page.goto(base + path, wait_until="load")
        assert response is not None and response.status == 200, (path, response and response.status)
        page.wait_for_timeout(50)  # let autofocus, ontoggle and load handlers fire, if any
        problems += [f"{path}: {found}" for found in page.evaluate(INSPECT)]
        text = page.inner_text("body")
        if "xss-" not in text and "alert(" not in text:
            problems.append(f"{path}: shows none of the payloads, so it tested nothing")
    problems += [f"dialog opened: {message}" for message in dialogs]
    return problems


def test_hostile_content_runs_nowhere(hostile_server, browser):
    base, ids, workdir = hostile_server
    course = "/courses/hostile"
    student_pages = [
        "/lessons",
        f"{course}/lessons/advice",
        f"{course}/transcript",
        f"/lessons/{ids['lesson_id']}/quiz",
        f"/attempts/{ids['attempt_id']}/result",
        "/review/cards",
        f"/review/answers/{ids['log_id']}",
        "/progress",
    ]
    teach = "/teach/courses/hostile"
    cohort = f"/teach/cohorts/{ids['cohort_id']}"
    draft = f"/teach/courses/{ids['draft_slug']}"
    editor_pages = [
        "/teach/",
        teach,
        f"{teach}/curate",
        f"{teach}/questions/payload-choices",
        f"{teach}/lessons/advice",
        f"{teach}/transcript",
        "/teach/cohorts",
        cohort,
        f"{cohort}/manage",
        f"{cohort}/students/{ids['student_id']}",
        f"{cohort}/questions",
        f"{cohort}/questions/{ids['question_id']}",
        f"/teach/jobs/{ids['job_id']}",
        f"{draft}/curate",
        f"{draft}/transcript",
    ]
    problems = []
    for email, paths in ((STUDENT, student_pages), (EDITOR, editor_pages)):
        context = browser.new_context()
        page = context.new_page()
        _log_in(page, base, email)
        problems += _check_pages(page, base, paths)
        if email == EDITOR:
            problems += _upload_through_the_form(page, base, workdir)
        context.close()
    assert not problems, "\n".join(problems)
    assert len(PAYLOADS) >= 40


def _upload_through_the_form(page, base: str, workdir: Path) -> list[str]:
    """The same payloads as a package zip sent through /teach/upload, then its pages."""
    archive = workdir / "hostile-upload.zip"
    archive.write_bytes(zip_folder(hostile_package(workdir / "upload-pkg", "hostile-upload")))
    page.goto(base + "/teach/upload")
    page.set_input_files("input[name=package]", str(archive))
    page.get_by_role("button", name="Upload the package").click()
    page.wait_for_load_state()
    assert page.url.endswith("/teach/courses/hostile-upload"), page.url
    teach = "/teach/courses/hostile-upload"
    return _check_pages(page, base, [teach, f"{teach}/lessons/advice", f"{teach}/curate"])
