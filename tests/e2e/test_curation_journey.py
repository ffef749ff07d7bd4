"""An instructor curates a generated draft in the browser; a student sees only what was approved.

The draft comes from the real upload page and import worker. The instructor edits one question
(into a true/false one: every type shares one form), rejects one, writes one from a passage
selected in the transcript, meets a conflict page, publishes; the student's quiz then holds
exactly the two approved questions of that lesson.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_instructor_journey import PASSWORD, _login, worker  # noqa: F401 (a fixture)

REPO_ROOT = Path(__file__).resolve().parents[2]
TRANSCRIPT = REPO_ROOT / "tests" / "data" / "curation-talk.txt"
SELECT = """(passage) => {
  for (const p of document.querySelectorAll('#transcript-text p[data-start]')) {
    const node = p.firstChild;
    const at = node ? node.textContent.indexOf(passage) : -1;
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + passage.length);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return true;
  }
  return false;
}"""


@pytest.fixture
def curator(live_env, live_server) -> str:
    email = "curator@example.org"
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "studyguide", "create-instructor", email,
         "--name", "Curator"],
        env={**live_env, "STUDYGUIDE_INSTRUCTOR_PASSWORD": PASSWORD},
        cwd=REPO_ROOT, check=True, capture_output=True,
    )  # fmt: skip
    return email


def _draft(page: Page, base: str) -> None:
    page.goto(base + "/teach/new")
    page.get_by_label("Course title").fill("Restoring wooden boats")
    page.get_by_label("Transcript file").set_input_files(str(TRANSCRIPT))
    page.get_by_label("Host (optional)").fill("Host")
    page.get_by_label("Guests (optional)").fill("Ingrid")
    page.get_by_role("button", name="Make a draft course").click()
    expect(page.get_by_role("heading", name="Your draft is ready")).to_be_visible(timeout=60_000)
    page.get_by_role("link", name="Open the draft course").click()
    expect(page.get_by_role("heading", name="Restoring wooden boats")).to_be_visible()


def test_curate_a_generated_draft(page: Page, live_server, curator, worker, shot, audit):  # noqa: F811
    _login(page, live_server, curator)
    _draft(page, live_server)
    course_url = page.url
    page.get_by_role("link", name=re.compile("^Lessons and questions")).click()
    expect(page.get_by_role("heading", name=re.compile("^Curate"))).to_be_visible()
    shot("curate-overview")
    audit("curation overview")
    first = page.locator("section.lesson-curate").first
    lesson_title = first.locator("h2 a").inner_text()
    links = first.locator(".question-list a")
    assert links.count() >= 2
    expect(first.locator(".review").first).to_have_text("pending")
    edit_url = links.nth(0).get_attribute("href")
    reject_url = links.nth(1).get_attribute("href")

    # Edit one question: into a true/false one, with a pasted passage located by the server.
    page.goto(live_server + edit_url)
    expect(page.get_by_text("Generator score")).to_be_visible()
    shot("curate-question")
    audit("question page")
    stale = page.context.new_page()  # a second instructor's tab, opened before the save
    stale.goto(live_server + edit_url)
    page.get_by_label("Question type").select_option("true_false")
    page.get_by_label("Prompt").fill("Ingrid started restoring boats at nineteen.")
    page.get_by_label("Choices").fill("")
    page.get_by_label("Answer", exact=True).fill("true")
    page.get_by_label("Explanation").fill("She says she started when she was nineteen.")
    page.get_by_role("textbox", name=re.compile("^Evidence")).fill("I started when I was nineteen.")
    page.get_by_role("button", name="Save question").click()
    expect(page.locator(".flash")).to_contain_text("saved")
    expect(page.locator(".review").first).to_have_text("approved")

    # The other tab saves its older version: a conflict page, nothing overwritten.
    stale.get_by_label("Explanation").fill("An explanation from the stale tab.")
    stale.get_by_role("button", name="Save question").click()
    expect(stale.get_by_role("heading", name="Someone else saved this first")).to_be_visible()
    expect(stale.get_by_text("An explanation from the stale tab.")).to_be_visible()
    audit_page(stale, audit, "conflict page")
    stale.close()

    # Reject one.
    page.goto(live_server + reject_url)
    page.get_by_role("button", name="Reject").click()
    expect(page.locator(".flash")).to_contain_text("rejected")
    expect(page.locator(".review").first).to_have_text("rejected")

    # Write one from a passage selected in the transcript.
    page.get_by_role("link", name="See it highlighted in the transcript").click()
    expect(page.locator("mark#hl")).to_be_visible()
    shot("curate-transcript")
    audit("curation transcript")
    page.goto(page.url.split("?")[0])  # the whole transcript, nothing highlighted
    assert page.evaluate(SELECT, "Steel rusts in salt water")
    expect(page.locator("#selection-status")).to_contain_text("Evidence set")
    expect(page.get_by_role("textbox", name=re.compile("^Evidence"))).to_have_value(
        "Steel rusts in salt water"
    )
    page.get_by_label("Lesson").select_option(label=lesson_title)
    page.get_by_label("Question type").select_option("true_false")
    page.get_by_label("Prompt").fill("Steel rusts in salt water.")
    page.get_by_label("Answer", exact=True).fill("true")
    page.get_by_label("Explanation").fill("Ingrid says steel rusts in salt water.")
    page.get_by_role("button", name="Add question").click()
    expect(page.locator(".flash")).to_contain_text("added")
    expect(page.locator("blockquote.evidence")).to_have_text("Steel rusts in salt water")

    # The lesson editor, then publish.
    page.goto(course_url + "/curate")
    page.locator("section.lesson-curate").first.locator("h2 a").click()
    page.get_by_role("button", name="Preview summary").click()
    expect(page.get_by_role("heading", name=re.compile("Summary preview"))).to_be_visible()
    shot("curate-lesson")
    audit("lesson editor")
    page.goto(course_url)
    expect(page.get_by_role("heading", name="Generator acceptance")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".flash")).to_contain_text("Published")
    page.locator(".account-menu summary").click()
    page.get_by_role("button", name="Log out").click()

    _student_takes_the_quiz(page, live_server, lesson_title, shot)


def audit_page(other: Page, audit, label: str) -> None:
    """Run the axe check of the `audit` fixture on another tab."""
    from tests.e2e.conftest import serious_violations

    serious = serious_violations(other)
    assert not serious, f"axe on {label}: " + "; ".join(serious)


def _student_takes_the_quiz(page: Page, base: str, lesson_title: str, shot) -> None:
    page.goto(base + "/account/register")
    page.get_by_label("Your name").fill("Noor")
    page.get_by_label("Email").fill("noor@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.goto(base + "/lessons")
    page.locator("a.lesson-title", has_text=lesson_title).first.click()
    page.get_by_role("link", name="Take the quiz").click()
    page.get_by_role("button", name="Start quiz").click()
    fieldsets = page.locator("fieldset.quiz-question")
    expect(fieldsets).to_have_count(2)  # the edited one and the written one; no pending ones
    expect(page.get_by_text("Ingrid started restoring boats at nineteen.")).to_be_visible()
    expect(page.get_by_text("Steel rusts in salt water.")).to_be_visible()
    for index in range(2):
        fieldset = fieldsets.nth(index)
        fieldset.get_by_label("True", exact=True).check()
        expect(fieldset.locator("[data-save-status]")).to_have_text(re.compile("Saved"))
    page.get_by_role("button", name="Submit quiz").click()
    expect(page.locator(".score")).to_contain_text("2 of 2 right")
    shot("curated-quiz-result")
