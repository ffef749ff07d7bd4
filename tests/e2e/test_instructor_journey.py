"""An instructor turns a transcript into a course in the browser; a student then sees it."""

import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.consumer import running_consumer

REPO_ROOT = Path(__file__).resolve().parents[2]
TRANSCRIPT = REPO_ROOT / "tests" / "data" / "workspace-interview.txt"
PASSWORD = "a long enough passphrase"


@pytest.fixture
def worker(live_env):
    workdir = Path(live_env["STUDYGUIDE_WORKDIR"])
    with running_consumer(live_env, workdir / "consumer.log") as process:
        yield process


@pytest.fixture
def instructor(live_env, live_server) -> str:
    email = "mentor@example.org"
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "studyguide", "create-instructor", email,
         "--name", "Mentor"],
        env={**live_env, "STUDYGUIDE_INSTRUCTOR_PASSWORD": PASSWORD},
        cwd=REPO_ROOT, check=True, capture_output=True,
    )  # fmt: skip
    return email


def _login(page: Page, base: str, email: str) -> None:
    page.goto(base + "/account/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".flash")).to_contain_text("Logged in")


def test_transcript_to_published_course(page: Page, live_server, instructor, worker, shot, audit):
    _login(page, live_server, instructor)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Instructor").click()
    expect(page.get_by_role("heading", name="Your courses")).to_be_visible()
    shot("teach-index")
    audit("instructor course list")

    page.get_by_role("navigation", name="Instructor").get_by_role(
        "link", name="New course from a transcript"
    ).click()
    page.get_by_role("button", name="Make a draft course").click()
    expect(page.locator(".form-errors, .error").first).to_be_visible()
    shot("teach-new-errors")
    audit("new course form with errors")

    page.get_by_label("Course title").fill("Keeping bees calmly")
    page.get_by_label("Transcript file").set_input_files(str(TRANSCRIPT))
    page.get_by_label("Host (optional)").fill("Maya")
    page.get_by_label("Guests (optional)").fill("Tomas Lindqvist")
    shot("teach-new")
    audit("new course form")
    page.get_by_role("button", name="Make a draft course").click()
    expect(page.get_by_role("heading", name="Import: Keeping bees calmly")).to_be_visible()
    audit("job page")
    # The page refreshes itself (no script needed) until the draft is there.
    expect(page.get_by_role("heading", name="Your draft is ready")).to_be_visible(timeout=60_000)
    shot("teach-job-done")
    audit("job page, done")

    page.get_by_role("link", name="Open the draft course").click()
    expect(page.get_by_role("heading", name="Keeping bees calmly")).to_be_visible()
    expect(page.locator(".status").first).to_have_text("draft")
    shot("teach-course-draft")
    audit("course page, draft")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".flash")).to_contain_text("Published")
    expect(page.get_by_role("button", name="Unpublish")).to_be_visible()
    audit("course page, published")

    teach_nav = page.get_by_role("navigation", name="Instructor")
    teach_nav.get_by_role("link", name="Upload a package").click()
    expect(page.get_by_role("heading", name="Upload a course package")).to_be_visible()
    shot("teach-upload")
    audit("package upload")
    teach_nav.get_by_role("link", name="Instructors").click()
    shot("teach-instructors")
    audit("instructors")

    page.locator(".account-menu summary").click()
    page.get_by_role("button", name="Log out").click()

    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Your name").fill("Sam")
    page.get_by_label("Email").fill("sam@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("link", name="Instructor")).to_have_count(0)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Lessons").click()
    expect(page.get_by_text("Keeping bees calmly").first).to_be_visible()
    response = page.goto(live_server + "/teach/")
    assert response is not None and response.status == 403
