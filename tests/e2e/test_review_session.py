"""Review in the browser: a quiz's missed question and a chosen takeaway come back in a session.

"The next day" is made by moving the student's due dates back in the live server's SQLite file
(the server runs the real clock); everything else goes through the pages.
"""

import re
import sqlite3
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_keyboard import tab_to
from tests.e2e.test_student_journey import LESSON, _answer, _question_for


@pytest.fixture
def live_db(live_server: str, tmp_path_factory) -> Path:
    found = sorted(tmp_path_factory.getbasetemp().glob("live*/e2e.db"))
    assert found, "the live server's database was not found"
    return found[0]


def _a_day_later(db_path: Path, email: str) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "UPDATE review_cards SET due = '2020-01-01 00:00:00.000000', "
            "last_review = '2019-12-31 23:50:00.000000' "
            "WHERE reps > 0 AND user_id = (SELECT id FROM users WHERE email = ?)",
            (email,),
        )


def _register(page: Page, live_server: str, name: str, email: str) -> None:
    page.goto(live_server + "/account/register")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill("a long enough passphrase")
    page.get_by_label("Repeat password").fill("a long enough passphrase")
    page.get_by_role("button", name="Create account").click()


def _lesson_url(live_server: str) -> str:
    return f"{live_server}/courses/madry-research-careers/lessons/{LESSON.slug}"


def test_a_review_session_after_a_quiz(page: Page, live_server: str, live_db: Path, shot, audit):
    _register(page, live_server, "Rosa", "rosa@example.org")
    page.goto(_lesson_url(live_server))
    page.locator("#takeaway-1").get_by_role("button", name=re.compile("Remember this")).click()
    expect(page.get_by_text("Added to your review.")).to_be_visible()
    expect(page.locator("#takeaway-1 .remembered")).to_be_visible()

    # The quiz, every answer wrong: each question becomes a card rated Again.
    page.get_by_role("link", name="Take the quiz").click()
    page.get_by_role("button", name="Start quiz").click()
    fieldsets = page.locator("fieldset.quiz-question")
    count = fieldsets.count()
    for index in range(count):
        _answer(fieldsets.nth(index), _question_for(fieldsets.nth(index)), right=False)
    page.get_by_role("button", name="Submit quiz").click()
    expect(page.locator(".score")).to_contain_text(f"0 of {count} right")

    _a_day_later(live_db, "rosa@example.org")
    page.goto(live_server + "/review")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.locator(".nav-count")).to_contain_text(str(count + 1))
    expect(page.locator(".review-due")).to_contain_text(f"{count + 1} cards")
    shot("review-index")
    audit("review index")

    page.get_by_role("button", name="Start a review session").click()
    fieldset = page.locator("fieldset.quiz-question")
    expect(fieldset).to_be_visible()
    shot("review-question")
    audit("review question")
    _answer(fieldset, _question_for(fieldset), right=True)
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator(".verdict")).to_contain_text("Correct")
    expect(page.get_by_role("link", name="Read it in the transcript")).to_be_visible()
    shot("review-answer")
    audit("review answer")
    page.get_by_role("link", name="Next card").click()

    # The rest of the questions, then the takeaway, self-rated.
    for _ in range(count + 1):
        if page.locator(".recall-answer").count():
            break
        fieldset = page.locator("fieldset.quiz-question")
        _answer(fieldset, _question_for(fieldset), right=False)
        page.get_by_role("button", name="Check answer").click()
        expect(page.locator(".verdict")).to_contain_text("Incorrect")
        page.get_by_role("link", name="Next card").click()
    page.get_by_text("Show the answer").click()
    expect(page.locator(".recall-takeaway")).to_contain_text(LESSON.takeaways[0].text[:30])
    shot("review-recall")
    audit("review recall")
    page.get_by_role("button", name="Good").click()
    expect(page.get_by_role("heading", name=re.compile("All done for now"))).to_be_visible()
    shot("review-done")
    audit("review done")

    page.goto(live_server + "/review/cards")
    expect(page.locator(".review-cards > li")).to_have_count(count + 1)
    page.get_by_role("button", name="Suspend card 1").click()
    expect(page.get_by_text("Card suspended.")).to_be_visible()
    shot("review-cards")
    audit("review cards")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Progress").click()
    expect(page.locator("svg.forecast-chart rect.bar")).to_have_count(14)
    expect(page.locator("#forecast-summary")).to_contain_text("due in the next 14 days")
    shot("review-progress")
    audit("progress with reviews")


def test_keyboard_only_review(page: Page, live_server: str):
    _register(page, live_server, "Kim", "kim@example.org")
    page.goto(_lesson_url(live_server))
    tab_to(page, "Remember this", "el.textContent.includes('Remember this')")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Added to your review.")).to_be_visible()

    tab_to(page, "the Review link", "el.getAttribute('href') === '/review'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Review", exact=True)).to_be_visible()
    tab_to(page, "Start", "el.value === 'Start a review session'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Review session")).to_be_visible()
    tab_to(page, "Show the answer", "el.tagName === 'SUMMARY' && el.closest('.recall-answer')")
    page.keyboard.press("Enter")
    expect(page.locator(".recall-takeaway")).to_be_visible()
    tab_to(page, "Easy", "el.textContent.trim() === 'Easy'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile("All done for now"))).to_be_visible()
