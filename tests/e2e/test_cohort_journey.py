"""A mentor creates a cohort and an invitation; a new student signs up through the link, joins
and takes a quiz; the mentor sees the student's row change and the quiz's item analysis."""

import re
import subprocess

from playwright.sync_api import Page, expect

from tests.e2e.conftest import FLASK, REPO_ROOT
from tests.e2e.test_student_journey import LESSON, _answer, _question_for

PASSWORD = "a long enough passphrase"
MENTOR = "mentor@example.org"


def _log_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/account/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _log_out(page: Page) -> None:
    page.locator(".account-menu summary").click()
    page.get_by_role("button", name="Log out").click()


def _take_quiz(page: Page) -> int:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Lessons").click()
    page.locator("a.lesson-title", has_text=LESSON.title).click()
    page.get_by_role("link", name="Take the quiz").click()
    page.get_by_role("button", name="Start quiz").click()
    fieldsets = page.locator("fieldset.quiz-question")
    count = fieldsets.count()
    for index in range(count):
        fieldset = fieldsets.nth(index)
        _answer(fieldset, _question_for(fieldset), right=index != 0)
    page.get_by_role("button", name="Submit quiz").click()
    expect(page.locator(".score")).to_contain_text(f"{count - 1} of {count} right")
    return count


def test_mentor_invites_student_joins_and_mentor_sees_it(
    page: Page, live_server: str, live_env: dict, shot, audit
):
    subprocess.run(
        [*FLASK, "create-instructor", MENTOR, "--name", "Mentor Maria"],
        env={**live_env, "STUDYGUIDE_INSTRUCTOR_PASSWORD": PASSWORD},
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
    )
    _log_in(page, live_server, MENTOR)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cohorts").click()
    expect(page.get_by_role("heading", name="Your cohorts")).to_be_visible()
    audit("cohorts index, empty")
    page.get_by_role("link", name="New cohort").click()
    audit("new cohort")
    page.get_by_label("Cohort name").fill("Spring group")
    page.get_by_label("Start date").fill("2027-03-01")
    page.get_by_role("button", name="Create cohort").click()
    expect(page.get_by_text("Cohort “Spring group” created")).to_be_visible()
    page.get_by_role("button", name="Create invitation").click()
    link = page.locator(".invite-link").first.inner_text()
    assert "/join/" in link
    shot("cohort-manage")
    audit("students and invitations")
    page.get_by_role("link", name="Class progress").click()
    expect(page.get_by_text("No students yet")).to_be_visible()
    class_url = page.url
    _log_out(page)

    # A new student opens the link, signs up, and lands back on the invitation.
    page.goto(link)
    expect(page).to_have_url(re.compile(r"/account/login\?next="))
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Your name").fill("Stefan Student")
    page.get_by_label("Email").fill("stefan@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Join “Spring group”")).to_be_visible()
    shot("cohort-join")
    audit("join")
    page.get_by_role("button", name="Join the cohort").click()
    expect(page.get_by_text("You are in the cohort “Spring group”")).to_be_visible()
    count = _take_quiz(page)
    _log_out(page)

    # The mentor sees the row change and the item analysis of that quiz.
    _log_in(page, live_server, MENTOR)
    page.goto(class_url)
    row = page.get_by_role("row").filter(has_text="Stefan Student")
    expect(row.get_by_role("cell").nth(2)).to_have_text("1")  # attempts
    best = (100 * (count - 1)) // count
    expect(row).to_contain_text(f"best {best}")
    shot("cohort-class")
    audit("class progress")
    page.get_by_text("Mastery per lesson as a table").click()
    audit("class progress with the chart table open")

    row.get_by_role("link", name="Stefan Student").click()
    expect(page.get_by_role("heading", name="Stefan Student")).to_be_visible()
    expect(page.locator("details.attempt")).to_have_count(1)
    shot("cohort-student")
    audit("one student")

    page.goto(class_url)
    page.get_by_role("navigation", name="This cohort").get_by_role(
        "link", name="Item analysis"
    ).click()
    expect(page.get_by_text("first attempt", exact=False).first).to_be_visible()
    table = page.get_by_role("region", name="Item statistics of every question")
    expect(table.get_by_role("row").filter(has_text=LESSON.title).first).to_contain_text("1")
    shot("cohort-items")
    audit("item analysis")
    table.get_by_role("row").filter(has_text=LESSON.title).first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Item analysis")).to_be_visible()
    shot("cohort-item")
    audit("one question")
    page.get_by_role("link", name=re.compile("Item analysis of")).click()
    page.get_by_role("link", name=re.compile("over all students")).click()
    audit("course item analysis")
    page.goto(live_server + "/teach/cohorts")
    expect(page.get_by_role("row").filter(has_text="Spring group")).to_contain_text("1")
    shot("cohort-index")
    audit("cohorts index")
    page.goto(live_server + "/join")
    audit("join by code")
